package photo

import (
	"flag"
	"image"
	"os"
	"path/filepath"
	"testing"
)

var examplePhotosOut = flag.String("photos.out", "", "write the proposed example-batch photos into this folder")

// examplePhotos are photos proposed for the example batch (examples/eu-remote-devs): the P1
// persona network shows one face re-encoded, resized and cropped; the same person applying
// twice (A-3030, A-3031) reuses one file, which is not a finding; a benign applicant has a
// face of their own. Write them with
//
//	go test ./internal/link/photo -run TestExamplePhotos -photos.out=DIR
var examplePhotos = []struct {
	file string
	seed uint64
	make func(testing.TB, image.Image) []byte
}{
	{"a-3007.jpg", 301, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, o, 85) }},
	{"a-3019.jpg", 301, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, resized(o, 0.5), 70) }},
	{"a-3033.jpg", 301, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, cropped(o, .02, .02, 0, 0), 80) }},
	{"a-3101.jpg", 301, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, brightened(resized(o, 1.25), 1.05), 75) }},
	{"a-3030.jpg", 302, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, o, 85) }},
	{"a-3002.jpg", 303, func(t testing.TB, o image.Image) []byte { return encodeJPEG(t, o, 85) }},
}

// TestExamplePhotos checks the proposed example photos (same seed: within the radius; other
// seeds: apart) and writes them when -photos.out is given.
func TestExamplePhotos(t *testing.T) {
	hashes := make([]uint64, len(examplePhotos))
	total := 0
	for i, e := range examplePhotos {
		b := e.make(t, portrait(e.seed, 160, 200))
		total += len(b)
		hashes[i] = hashOf(t, b)
		if *examplePhotosOut != "" {
			if err := os.MkdirAll(*examplePhotosOut, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*examplePhotosOut, e.file), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range examplePhotos {
		for j := i + 1; j < len(examplePhotos); j++ {
			d := Distance(hashes[i], hashes[j])
			same := examplePhotos[i].seed == examplePhotos[j].seed
			if same != (d <= DefaultRadius) {
				t.Errorf("%s and %s: distance %d (same picture: %v)", examplePhotos[i].file, examplePhotos[j].file, d, same)
			}
		}
	}
	if total > 50<<10 {
		t.Errorf("example photos take %d bytes; keep them under 50 KB", total)
	}
	t.Logf("%d photos, %d bytes", len(examplePhotos), total)
}
