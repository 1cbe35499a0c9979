package csvintake

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/link/photo"
)

// testFace draws a small synthetic portrait (gradient, head, body, noise), the same for a seed.
func testFace(seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 7))
	const w, h = 96, 120
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg0, bg1 := float64(rng.IntN(256)), float64(rng.IntN(256))
	hx, hy, hr := 30+rng.Float64()*36, 35+rng.Float64()*15, 14+rng.Float64()*8
	for y := range h {
		for x := range w {
			v := bg0 + (bg1-bg0)*float64(y)/h
			c := color.RGBA{uint8(v), uint8(255 - v), 128, 255}
			if dx, dy := float64(x)-hx, float64(y)-hy; dx*dx+dy*dy*0.7 < hr*hr {
				c = color.RGBA{220, 170, 130, 255}
			} else if dx, dy := float64(x)-hx, float64(y)-h; dx*dx*0.5+dy*dy < 40*40 {
				c = color.RGBA{40, 60, 120, 255}
			}
			n := uint8(rng.IntN(8))
			c.R, c.G, c.B = c.R|n, c.G|n, c.B|n
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func pngBytes(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T, img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// photoDir lays out a folder with photos/a.png, photos/a.jpg (the same face re-encoded),
// photos/b.png (another face), notes.txt (not an image), and link.png, a symbolic link to an
// image outside the folder. It returns the folder, the one outside, and a.png's hash.
func photoDir(t *testing.T) (dir, outside string, hashA uint64) {
	dir, outside = t.TempDir(), t.TempDir()
	a := pngBytes(t, testFace(1))
	writeFile(t, filepath.Join(dir, "photos", "a.png"), a)
	writeFile(t, filepath.Join(dir, "photos", "a.jpg"), jpegBytes(t, testFace(1), 70))
	writeFile(t, filepath.Join(dir, "photos", "b.png"), pngBytes(t, testFace(4)))
	writeFile(t, filepath.Join(dir, "notes.txt"), []byte("not a picture"))
	writeFile(t, filepath.Join(outside, "secret.png"), a)
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "link.png")); err != nil {
		t.Fatal(err)
	}
	h, err := photo.Hash(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	return dir, outside, h
}

func TestPhotoColumn(t *testing.T) {
	dir, outside, hashA := photoDir(t)
	tests := []struct {
		value   string
		near    bool   // PHash within photo.DefaultRadius of a.png's
		far     bool   // PHash set but not near
		errText string // Photo.Error
		fatal   string // parse error
	}{
		{value: "photos/a.png", near: true},
		{value: "./photos/../photos/a.png", near: true},
		{value: "photos/a.jpg", near: true},
		{value: "photos/b.png", far: true},
		{value: "https://example.com/me.jpg", errText: "not fetched: URLs are not downloaded"},
		{value: "HTTP://example.com/me.jpg", errText: "not fetched: URLs are not downloaded"},
		{value: "photos/missing.png", errText: "cannot open: no such file or directory"},
		{value: "notes.txt", errText: "not an image: want JPEG, PNG, GIF or WebP"},
		{value: "photos", errText: "cannot open: not a regular file"},
		{value: "../secret.png", fatal: `field "photo": ../secret.png: the path leaves the CSV's folder`},
		{value: "photos/../../secret.png", fatal: "the path leaves the CSV's folder"},
		{value: filepath.Join(outside, "secret.png"), fatal: "the path must be relative to the CSV's folder"},
		{value: "link.png", fatal: "link.png: path escapes from parent"},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			in := "id,name,photo\nA-1,Ann Lee," + tc.value + "\n"
			name := filepath.Join(dir, "applicants.csv")
			f, err := Parse(name, strings.NewReader(in))
			if tc.fatal != "" {
				var ie *bonafide.InputError
				if !errors.As(err, &ie) || ie.Field != "photo" || ie.Line != 2 || ie.Record != "A-1" || !strings.Contains(err.Error(), tc.fatal) {
					t.Fatalf("got %v; want an InputError on line 2, photo, containing %q", err, tc.fatal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ps := f.People[0].Photos
			if len(ps) != 1 || ps[0].Source != tc.value || ps[0].Kind != "profile" || ps[0].Error != tc.errText {
				t.Fatalf("photos = %+v; want source %q, error %q", ps, tc.value, tc.errText)
			}
			d := photo.Distance(ps[0].PHash, hashA)
			switch {
			case tc.near && (ps[0].PHash == 0 || d > photo.DefaultRadius):
				t.Errorf("hash %#x is %d bits from a.png's", ps[0].PHash, d)
			case tc.far && (ps[0].PHash == 0 || d <= photo.DefaultRadius):
				t.Errorf("another face's hash %#x is %d bits from a.png's", ps[0].PHash, d)
			case !tc.near && !tc.far && ps[0].PHash != 0:
				t.Errorf("hash %#x for an unread photo", ps[0].PHash)
			}
		})
	}
}

// TestPhotoColumnBatch: photos read once per file (two rows naming one file get the same
// hash), listed in Documents, empty values give no photo, and without a folder photos by path
// are recorded as not read.
func TestPhotoColumnBatch(t *testing.T) {
	dir, _, hashA := photoDir(t)
	in := "id,name,photo\nA-1,Ann Lee,photos/a.png\nA-2,Bo Kim,photos/a.png\nA-3,Cy Dunn,\nA-4,Di Eze,notes.txt\n"
	f, err := Parse(filepath.Join(dir, "applicants.csv"), strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.People[0].Photos[0].PHash; got != hashA || f.People[1].Photos[0].PHash != hashA {
		t.Errorf("hashes %#x, %#x; want %#x", got, f.People[1].Photos[0].PHash, hashA)
	}
	if f.People[2].Photos != nil {
		t.Errorf("empty photo gives %+v", f.People[2].Photos)
	}
	want := []string{filepath.Join(dir, "photos", "a.png"), filepath.Join(dir, "notes.txt")}
	if strings.Join(f.Documents, "|") != strings.Join(want, "|") {
		t.Errorf("Documents = %q, want %q", f.Documents, want)
	}

	f, err = ParseOptions("stdin", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := f.People[0].Photos[0]; p.PHash != 0 || p.Error != "not read: the CSV was not read from a folder" {
		t.Errorf("without a folder: %+v", p)
	}
	in = "id,name,photo\nA-1,Ann Lee,https://example.com/a.jpg\n"
	if f, err = ParseOptions("stdin", strings.NewReader(in), Options{}); err != nil || f.People[0].Photos[0].Error != NotFetched {
		t.Errorf("URL without a folder: %+v, %v", f, err)
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct{ value, want, err string }{
		{"1990-04-12", "1990-04-12", ""},
		{"1990", "1990", ""},
		{"2000-02-29", "2000-02-29", ""},
		{"", "", ""},
		{"1990-02-30", "", `"1990-02-30" is not a date of birth; want YYYY-MM-DD or YYYY`},
		{"12/04/1990", "", "not a date of birth"},
		{"90", "", "not a date of birth"},
		{"1990-4-12", "", "not a date of birth"},
		{"199O", "", "not a date of birth"},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			f, err := Parse("applicants.csv", strings.NewReader("id,name,birth_date\nA-1,Ann,"+tc.value+"\n"))
			if tc.err != "" {
				var ie *bonafide.InputError
				if !errors.As(err, &ie) || ie.Field != "birth_date" || ie.Line != 2 || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v; want an InputError on line 2, birth_date, containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.People[0].BirthDate; got != tc.want {
				t.Errorf("BirthDate = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFolder(t *testing.T) {
	dir, _, _ := photoDir(t)
	var nilFolder *Folder
	if NewFolder("", "x") != nil || nilFolder.Close() != nil {
		t.Fatal("empty dir must give a nil Folder, whose Close is fine")
	}
	f := NewFolder(dir, "the test folder")
	defer f.Close()
	file, path, err := f.Open("photos/../photos/a.png")
	if err != nil {
		t.Fatal(err)
	}
	file.Close()
	if path != filepath.Join(dir, "photos", "a.png") {
		t.Errorf("path = %q", path)
	}
	for _, tc := range []struct {
		rel, msg string
		outside  bool
	}{
		{"..", "..: the path leaves the test folder", true},
		{"/etc/passwd", "/etc/passwd: the path must be relative to the test folder", true},
		{"link.png", "link.png: path escapes from parent", true},
		{"nope.png", "nope.png: no such file or directory", false},
	} {
		_, _, err := f.Open(tc.rel)
		var pe *PathError
		if !errors.As(err, &pe) || err.Error() != tc.msg || errors.Is(err, ErrOutside) != tc.outside {
			t.Errorf("Open(%q) = %v; want %q, outside %v", tc.rel, err, tc.msg, tc.outside)
		}
	}
}
