package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

func hashOf(t testing.TB, b []byte) uint64 {
	t.Helper()
	h, err := Hash(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// histogram renders distances as "distance×count" pairs.
func histogram(ds []int) string {
	count := map[int]int{}
	for _, d := range ds {
		count[d]++
	}
	keys := make([]int, 0, len(count))
	for d := range count {
		keys = append(keys, d)
	}
	sort.Ints(keys)
	var parts []string
	for _, d := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", d, count[d]))
	}
	return strings.Join(parts, " ")
}

// TestDistances measures pHash distances between synthetic portraits and their derived copies,
// and between different portraits, and checks them against DefaultRadius. Run with -v for the
// distributions (doc.go and DefaultRadius quote them).
func TestDistances(t *testing.T) {
	const originals = 24
	origs := make([]image.Image, originals)
	hashes := make([]uint64, originals)
	for s := range origs {
		origs[s] = portrait(uint64(s), 200, 250)
		hashes[s] = hashOf(t, encodePNG(t, origs[s]))
	}
	var all []int
	for _, v := range variants {
		var ds []int
		in := 0
		for s, o := range origs {
			d := Distance(hashes[s], hashOf(t, v.make(t, o)))
			ds = append(ds, d)
			if d <= DefaultRadius {
				in++
			} else if v.within == 1 {
				t.Errorf("portrait %d, %s: distance %d > radius %d", s, v.name, d, DefaultRadius)
			}
		}
		if share := float64(in) / originals; share < v.within {
			t.Errorf("%s: %d of %d copies within radius %d, want at least %.0f%%", v.name, in, originals, DefaultRadius, 100*v.within)
		}
		if v.within == 1 {
			all = append(all, ds...)
		}
		t.Logf("copy %-30s %2d/%d within, max %2d: %s", v.name, in, originals, slices.Max(ds), histogram(ds))
	}
	t.Logf("copies that must match (%d): max %d: %s", len(all), slices.Max(all), histogram(all))

	// Different pictures: 64 through Hash (PNG-encoded) must all be apart; 400 more hashed
	// directly show the tail.
	const others = 64
	diff := pairwise(t, others, 1000, func(img image.Image) uint64 { return hashOf(t, encodePNG(t, img)) })
	if diff[0] <= DefaultRadius {
		t.Errorf("two different portraits within %d bits of each other (radius %d)", diff[0], DefaultRadius)
	}
	t.Logf("different pictures, %d pairs: min %d, 1st percentile %d, median %d, max %d; %s",
		len(diff), diff[0], diff[len(diff)/100], diff[len(diff)/2], diff[len(diff)-1], histogram(diff))

	if testing.Short() {
		return
	}
	diff = pairwise(t, 400, 5000, func(img image.Image) uint64 {
		h, err := hashImage(img)
		if err != nil {
			t.Fatal(err)
		}
		return h
	})
	within := sort.SearchInts(diff, DefaultRadius+1)
	t.Logf("different pictures, %d pairs: %d within radius %d (%.4f%%), min %d, 0.1th percentile %d, median %d; %s",
		len(diff), within, DefaultRadius, 100*float64(within)/float64(len(diff)), diff[0], diff[len(diff)/1000], diff[len(diff)/2], histogram(diff))
	// Same-layout portraits share their lowest frequencies: a few in 10,000 pairs come within
	// the radius (8 of 79,800 when measured). More than 3 in 10,000 would mean a regression.
	if within*10000 > 3*len(diff) {
		t.Errorf("%d of %d pairs of different portraits within radius %d; want at most 0.03%%", within, len(diff), DefaultRadius)
	}
}

// pairwise hashes n portraits from seed base on and returns all pairwise distances, sorted.
func pairwise(t *testing.T, n int, base uint64, hash func(image.Image) uint64) []int {
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = hash(portrait(base+uint64(i), 160, 200))
	}
	var ds []int
	for i := range hs {
		for j := i + 1; j < n; j++ {
			ds = append(ds, Distance(hs[i], hs[j]))
		}
	}
	slices.Sort(ds)
	return ds
}

// withPNGSize rewrites the IHDR width and height of a PNG (fixing its CRC).
func withPNGSize(b []byte, w, h uint32) []byte {
	b = slices.Clone(b)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// withJPEGSize rewrites the frame size in a JPEG's SOF0 segment.
func withJPEGSize(b []byte, w, h uint16) []byte {
	b = slices.Clone(b)
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

// webpHeader is a lossless WebP (VP8L) header claiming w×h pixels, with no image data.
func webpHeader(w, h int) []byte {
	var b []byte
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, 4+8+5)
	b = append(b, "WEBPVP8L"...)
	b = binary.LittleEndian.AppendUint32(b, 5)
	bits := uint32(w-1) | uint32(h-1)<<14
	b = append(b, 0x2f)
	b = binary.LittleEndian.AppendUint32(b, bits)
	return b
}

func gifOf(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, img, &gif.Options{NumColors: 256}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHash(t *testing.T) {
	orig := portrait(7, 120, 150)
	want := hashOf(t, encodePNG(t, orig))
	small := encodePNG(t, portrait(8, 40, 50))
	jpg := encodeJPEG(t, portrait(8, 40, 50), 80)
	flat := image.NewUniform(color.RGBA{90, 120, 200, 255})
	flatImg := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range flatImg.Pix {
		flatImg.Pix[i] = []uint8{90, 120, 200, 255}[i%4]
	}
	_ = flat
	black := image.NewGray(image.Rect(0, 0, 32, 32))
	paletted := image.NewPaletted(image.Rect(0, 0, 8, 8), palette.Plan9)

	tests := []struct {
		name    string
		in      []byte
		wantErr error
		msg     string // substring of the error
		near    bool   // hash within DefaultRadius of want
	}{
		{"png", encodePNG(t, orig), nil, "", true},
		{"jpeg", encodeJPEG(t, orig, 85), nil, "", true},
		{"gif", gifOf(t, orig), nil, "", true},
		{"text", []byte("name,email\nAnn,ann@example.com\n"), ErrNotImage, "not an image: want JPEG, PNG, GIF or WebP", false},
		{"empty", nil, ErrNotImage, "not an image: empty file", false},
		{"truncated png", small[:len(small)/2], ErrNotImage, "not an image: corrupt png", false},
		{"truncated jpeg header", jpg[:20], ErrNotImage, "not an image: unreadable header", false},
		{"png bomb header", withPNGSize(small, 100000, 100000), ErrTooLarge, "image too large: 100000×100000 pixels; at most 8000 on a side", false},
		{"png wide", withPNGSize(small, 8001, 10), ErrTooLarge, "8001×10 pixels", false},
		{"png zero width", withPNGSize(small, 0, 10), ErrNotImage, "not an image", false},
		{"jpeg bomb header", withJPEGSize(jpg, 65000, 65000), ErrTooLarge, "65000×65000 pixels", false},
		{"webp bomb header", webpHeader(16384, 16384), ErrTooLarge, "16384×16384 pixels", false},
		{"webp truncated", webpHeader(64, 64), ErrNotImage, "corrupt webp", false},
		{"flat colour", encodePNG(t, flatImg), ErrBlank, "image is blank: one flat colour", false},
		{"black", encodePNG(t, black), ErrBlank, "image is blank", false},
		{"one-colour gif", gifOf(t, paletted), ErrBlank, "image is blank", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Hash(bytes.NewReader(tt.in))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("Hash = %#x, %v; want %v containing %q", h, err, tt.wantErr, tt.msg)
				}
				if h != 0 {
					t.Errorf("hash %#x with an error", h)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h == 0 {
				t.Fatal("hash 0")
			}
			if d := Distance(h, want); tt.near && d > DefaultRadius {
				t.Errorf("distance to the PNG original %d > %d", d, DefaultRadius)
			}
		})
	}
}

func TestHashSameBytesSameHash(t *testing.T) {
	b := encodeJPEG(t, portrait(3, 100, 120), 90)
	if a, c := hashOf(t, b), hashOf(t, b); a != c {
		t.Fatalf("%#x != %#x", a, c)
	}
}

// TestHashTooManyBytes: a file over MaxBytes is refused after reading MaxBytes+1 bytes.
func TestHashTooManyBytes(t *testing.T) {
	r := &countingReader{r: io.LimitReader(zeros{}, 3*MaxBytes)}
	_, err := Hash(r)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 20971520 bytes") {
		t.Fatalf("err = %v", err)
	}
	if r.n > MaxBytes+1 {
		t.Errorf("read %d bytes, want at most %d", r.n, MaxBytes+1)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestHashReadError(t *testing.T) {
	if _, err := Hash(failingReader{}); err == nil || err.Error() != "read failed: disk on fire" {
		t.Fatalf("err = %v", err)
	}
}

func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "face.jpg")
	if err := os.WriteFile(img, encodeJPEG(t, portrait(5, 100, 120), 90), 0o644); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := HashFile(img)
	if err != nil || h == 0 {
		t.Fatalf("HashFile = %#x, %v", h, err)
	}
	for _, tt := range []struct {
		path, msg string
		is        error
	}{
		{notes, notes + ": not an image: want JPEG, PNG, GIF or WebP", ErrNotImage},
		{filepath.Join(dir, "missing.png"), filepath.Join(dir, "missing.png"), os.ErrNotExist},
	} {
		_, err := HashFile(tt.path)
		if !errors.Is(err, tt.is) || !strings.HasPrefix(err.Error(), tt.msg) {
			t.Errorf("HashFile(%s) err = %v; want %v starting %q", tt.path, err, tt.is, tt.msg)
		}
	}
}

func FuzzHash(f *testing.F) {
	small := encodePNG(f, portrait(8, 24, 30))
	jpg := encodeJPEG(f, portrait(8, 24, 30), 70)
	f.Add(small)
	f.Add(jpg)
	f.Add(withPNGSize(small, 9000, 9000))
	f.Add(withJPEGSize(jpg, 9000, 9000))
	f.Add(webpHeader(64, 64))
	f.Add([]byte("GIF89a\x10\x00\x10\x00\x80\x00\x00"))
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := Hash(bytes.NewReader(b))
		if err != nil && h != 0 {
			t.Fatalf("hash %#x with error %v", h, err)
		}
		if err == nil && h == 0 {
			t.Fatal("hash 0 without error")
		}
		if err != nil && !errors.Is(err, ErrNotImage) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrBlank) {
			t.Fatalf("error %v wraps none of the sentinels", err)
		}
	})
}

// BenchmarkHash: reading and hashing a 640×800 JPEG profile photo.
func BenchmarkHash(b *testing.B) {
	jpg := encodeJPEG(b, portrait(1, 640, 800), 85)
	b.SetBytes(int64(len(jpg)))
	for b.Loop() {
		if _, err := Hash(bytes.NewReader(jpg)); err != nil {
			b.Fatal(err)
		}
	}
}
