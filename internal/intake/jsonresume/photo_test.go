package jsonresume

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/link/photo"
)

// face draws a small test picture: a diagonal gradient with a disc whose place depends on seed.
func face(seed int) []byte {
	const w, h = 80, 100
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy := 20+seed*13%40, 30+seed*7%30
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 3), uint8(y * 2), uint8((x + y) % 256), 255}
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy < 15*15 {
				c = color.RGBA{230, 180, 140, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func TestBasicsImage(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		filepath.Join(dir, "img", "ann.png"): face(1),
		filepath.Join(dir, "notes.txt"):      []byte("hello"),
		filepath.Join(outside, "x.png"):      face(1),
	} {
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "x.png"), filepath.Join(dir, "link.png")); err != nil {
		t.Fatal(err)
	}
	want, err := photo.Hash(bytes.NewReader(face(1)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		image   string
		hash    uint64
		errText string // Photo.Error
		fatal   string // Parse error
	}{
		{image: "img/ann.png", hash: want},
		{image: "./img/ann.png", hash: want},
		{image: "https://example.com/ann.jpg", errText: "not fetched: URLs are not downloaded"},
		{image: "img/missing.png", errText: "cannot open: no such file or directory"},
		{image: "notes.txt", errText: "not an image: want JPEG, PNG, GIF or WebP"},
		{image: "../x.png", fatal: `record 1 field "basics.image": ../x.png: the path leaves the JSON file's folder`},
		{image: filepath.Join(outside, "x.png"), fatal: "the path must be relative to the JSON file's folder"},
		{image: "link.png", fatal: "link.png: path escapes from parent"},
	}
	for _, tc := range tests {
		t.Run(tc.image, func(t *testing.T) {
			in := `{"basics":{"name":"Ann Lee","image":"` + tc.image + `"}}`
			people, err := Parse(filepath.Join(dir, "ann.json"), strings.NewReader(in))
			if tc.fatal != "" {
				var ie *bonafide.InputError
				if !errors.As(err, &ie) || ie.Field != "basics.image" || ie.Record != "1" || !strings.Contains(err.Error(), tc.fatal) {
					t.Fatalf("got %v; want an InputError in basics.image containing %q", err, tc.fatal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantPhotos := []bonafide.Photo{{Source: tc.image, Kind: "profile", PHash: tc.hash, Error: tc.errText}}
			if got := people[0].Photos; len(got) != 1 || got[0] != wantPhotos[0] {
				t.Errorf("photos = %+v, want %+v", got, wantPhotos)
			}
		})
	}

	// Without a folder (standard input), paths are not read; URLs are kept the same way.
	people, err := ParseOptions("stdin", strings.NewReader(`{"basics":{"name":"A","image":"img/ann.png"}}
{"basics":{"name":"B","image":""}}
{"basics":{"name":"C","image":"https://example.com/c.jpg"}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := people[0].Photos; len(p) != 1 || p[0].PHash != 0 || p[0].Error != "not read: the résumé was not read from a folder" {
		t.Errorf("without a folder: %+v", p)
	}
	if people[1].Photos != nil || people[2].Photos[0].Error != "not fetched: URLs are not downloaded" {
		t.Errorf("empty image: %+v; URL: %+v", people[1].Photos, people[2].Photos)
	}
	if _, err := Parse("x.json", strings.NewReader(`{"basics":{"name":"A","image":3}}`)); err == nil ||
		!strings.Contains(err.Error(), `field "basics.image": want a string, got a number`) {
		t.Errorf("image of the wrong type: %v", err)
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct{ value, want, err string }{
		{`"1990-04-12"`, "1990-04-12", ""},
		{`"1990"`, "1990", ""},
		{`null`, "", ""},
		{`"1990-13-01"`, "", `field "bonafide.birthDate": "1990-13-01" is not a date of birth; want YYYY-MM-DD or YYYY`},
		{`"April 1990"`, "", "is not a date of birth"},
		{`1990`, "", `field "bonafide.birthDate": want a string, got a number`},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			people, err := Parse("x.json", strings.NewReader(`{"basics":{"name":"Ann"},"bonafide":{"birthDate":`+tc.value+`}}`))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := people[0].BirthDate; got != tc.want {
				t.Errorf("BirthDate = %q, want %q", got, tc.want)
			}
		})
	}
}
