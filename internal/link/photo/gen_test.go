package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// portrait draws a synthetic head-and-shoulders "photo" of w×h pixels, the same for the same
// seed: a gradient background with a few soft shapes, a body, a head with hair and eyes, and
// pixel noise. Different seeds vary colours, positions, sizes and background.
func portrait(seed uint64, w, h int) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	randColor := func(lo, hi int) [3]float64 {
		return [3]float64{float64(lo + rng.IntN(hi-lo)), float64(lo + rng.IntN(hi-lo)), float64(lo + rng.IntN(hi-lo))}
	}
	// Background: linear gradient at a random angle.
	c0, c1 := randColor(0, 256), randColor(0, 256)
	ang := rng.Float64() * 2 * math.Pi
	dx, dy := math.Cos(ang), math.Sin(ang)
	buf := make([][3]float64, w*h)
	for y := range h {
		for x := range w {
			t := (float64(x)/float64(w)-0.5)*dx + (float64(y)/float64(h)-0.5)*dy + 0.5
			t = min(max(t, 0), 1)
			for k := range 3 {
				buf[y*w+x][k] = c0[k]*(1-t) + c1[k]*t
			}
		}
	}
	ellipse := func(cx, cy, rx, ry float64, c [3]float64, alpha float64) {
		for y := max(0, int(cy-ry)-1); y < min(h, int(cy+ry)+2); y++ {
			for x := max(0, int(cx-rx)-1); x < min(w, int(cx+rx)+2); x++ {
				u, v := (float64(x)-cx)/rx, (float64(y)-cy)/ry
				d := u*u + v*v
				if d > 1 {
					continue
				}
				a := alpha * min(1, (1-d)*8) // soft edge
				for k := range 3 {
					buf[y*w+x][k] = buf[y*w+x][k]*(1-a) + c[k]*a
				}
			}
		}
	}
	rect := func(x0, y0, x1, y1 float64, c [3]float64, alpha float64) {
		for y := max(0, int(y0)); y < min(h, int(y1)); y++ {
			for x := max(0, int(x0)); x < min(w, int(x1)); x++ {
				for k := range 3 {
					buf[y*w+x][k] = buf[y*w+x][k]*(1-alpha) + c[k]*alpha
				}
			}
		}
	}
	fw, fh := float64(w), float64(h)
	// Background objects: windows, shelves, plants.
	for range 2 + rng.IntN(4) {
		x0, y0 := rng.Float64()*fw, rng.Float64()*fh*0.7
		if rng.IntN(2) == 0 {
			rect(x0, y0, x0+fw*(0.1+0.4*rng.Float64()), y0+fh*(0.1+0.4*rng.Float64()), randColor(0, 256), 0.4+0.5*rng.Float64())
		} else {
			ellipse(x0, y0, fw*(0.05+0.2*rng.Float64()), fh*(0.05+0.2*rng.Float64()), randColor(0, 256), 0.4+0.5*rng.Float64())
		}
	}
	// Body, head, hair, eyes, mouth.
	cx := fw * (0.4 + 0.2*rng.Float64())
	headY := fh * (0.3 + 0.15*rng.Float64())
	headRX := fw * (0.12 + 0.1*rng.Float64())
	headRY := headRX * (1.2 + 0.2*rng.Float64())
	ellipse(cx+fw*0.1*(rng.Float64()-0.5), fh*(0.95+0.1*rng.Float64()), fw*(0.3+0.2*rng.Float64()), fh*(0.3+0.1*rng.Float64()), randColor(0, 200), 1)
	skin := [3]float64{float64(90 + rng.IntN(150)), float64(60 + rng.IntN(120)), float64(40 + rng.IntN(100))}
	ellipse(cx, headY+headRY*0.9, headRX*0.45, headRY*0.5, skin, 1) // neck
	hair := randColor(0, 120)
	ellipse(cx, headY-headRY*(0.15+0.2*rng.Float64()), headRX*(1.05+0.2*rng.Float64()), headRY*(0.8+0.3*rng.Float64()), hair, 1)
	ellipse(cx, headY, headRX, headRY, skin, 1)
	eyeDX, eyeY := headRX*(0.35+0.15*rng.Float64()), headY-headRY*(0.1+0.1*rng.Float64())
	for _, s := range []float64{-1, 1} {
		ellipse(cx+s*eyeDX, eyeY, headRX*0.14, headRY*0.07, [3]float64{240, 240, 240}, 1)
		ellipse(cx+s*eyeDX, eyeY, headRX*0.07, headRY*0.06, randColor(0, 100), 1)
	}
	ellipse(cx, headY+headRY*0.5, headRX*0.35, headRY*0.06, [3]float64{150, 60, 60}, 1)
	// Sensor noise.
	for i := range buf {
		n := rng.NormFloat64() * 6
		o := img.Pix[i*4 : i*4+4]
		for k := range 3 {
			o[k] = uint8(min(max(buf[i][k]+n, 0), 255))
		}
		o[3] = 255
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// resized scales img by f with Catmull-Rom (as image editors and upload pipelines do).
func resized(img image.Image, f float64) image.Image {
	r := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, int(float64(r.Dx())*f+0.5), int(float64(r.Dy())*f+0.5)))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, r, xdraw.Src, nil)
	return dst
}

// cropped cuts the fractions left, top, right and bottom off img's sides.
func cropped(img image.Image, left, top, right, bottom float64) image.Image {
	r := img.Bounds()
	w, h := float64(r.Dx()), float64(r.Dy())
	c := image.Rect(r.Min.X+int(w*left), r.Min.Y+int(h*top), r.Max.X-int(w*right), r.Max.Y-int(h*bottom))
	dst := image.NewRGBA(image.Rect(0, 0, c.Dx(), c.Dy()))
	xdraw.Copy(dst, image.Point{}, img, c, xdraw.Src, nil)
	return dst
}

// brightened multiplies every channel by f.
func brightened(img image.Image, f float64) image.Image {
	r := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			scale := func(v uint32) uint8 { return uint8(min(max(float64(v>>8)*f, 0), 255)) }
			dst.SetRGBA(x-r.Min.X, y-r.Min.Y, color.RGBA{scale(cr), scale(cg), scale(cb), 255})
		}
	}
	return dst
}

// variant is a derived copy of an original picture, as encoded bytes.
type variant struct {
	name string
	make func(t testing.TB, orig image.Image) []byte
	// within is the least share of copies that must stay within DefaultRadius of their
	// original: 1 for re-encodes, resizes, brightness changes and crops of up to 2 % of the
	// width or height; larger crops (and 2 % crops compounded by resizing) shift the lowest
	// DCT frequencies enough to leave the radius at times.
	within float64
}

func pngOf(f func(image.Image) image.Image) func(testing.TB, image.Image) []byte {
	return func(t testing.TB, o image.Image) []byte { return encodePNG(t, f(o)) }
}

func crop(l, t, r, b float64) func(testing.TB, image.Image) []byte {
	return pngOf(func(o image.Image) image.Image { return cropped(o, l, t, r, b) })
}

// variants are the copies a persona network makes of one photo: re-encodes, resizes, slight
// crops, brightness changes and chains of them.
var variants = []variant{
	{"png", pngOf(func(o image.Image) image.Image { return o }), 1},
	{"jpeg q95", func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, o, 95) }, 1},
	{"jpeg q60", func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, o, 60) }, 1},
	{"jpeg q60 → png", func(t testing.TB, o image.Image) []byte { return encodePNG(t, decode(t, encodeJPEG(t, o, 60))) }, 1},
	{"resize 50%", pngOf(func(o image.Image) image.Image { return resized(o, 0.5) }), 1},
	{"resize 150%", pngOf(func(o image.Image) image.Image { return resized(o, 1.5) }), 1},
	{"brighter 8%", pngOf(func(o image.Image) image.Image { return brightened(o, 1.08) }), 1},
	{"darker 8%", pngOf(func(o image.Image) image.Image { return brightened(o, 0.92) }), 1},
	{"crop 1% each side", crop(.01, .01, .01, .01), 1},
	{"crop 2% right", crop(0, 0, .02, 0), 1},
	{"crop 2% top", crop(0, .02, 0, 0), 1},
	{"crop 2% right+bottom", crop(0, 0, .02, .02), 1},
	{"crop 2% left+top + 50% + jpeg q75", func(t testing.TB, o image.Image) []byte {
		return encodeJPEG(t, resized(cropped(o, .02, .02, 0, 0), 0.5), 75)
	}, 0.9},
	{"crop 2% each side", crop(.02, .02, .02, .02), 0.9},
	{"crop 2% each side + 50% + jpeg q75", func(t testing.TB, o image.Image) []byte {
		return encodeJPEG(t, resized(cropped(o, .02, .02, .02, .02), 0.5), 75)
	}, 0.9},
	{"150% + brighter 5% + jpeg q85", func(t testing.TB, o image.Image) []byte {
		return encodeJPEG(t, brightened(resized(o, 1.5), 1.05), 85)
	}, 1},
	{"crop 3% right+bottom", crop(0, 0, .03, .03), 0.75},
	{"crop 3% each side", crop(.03, .03, .03, .03), 0.75},
	{"crop 5% right", crop(0, 0, .05, 0), 0.5},
	{"crop 5% top", crop(0, .05, 0, 0), 0.4},
	{"crop 5% each side", crop(.05, .05, .05, .05), 0.25},
}
