package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register GIF
	_ "image/jpeg" // register JPEG
	_ "image/png"  // register PNG
	"io"
	"io/fs"
	"os"

	"github.com/corona10/goimagehash"
	_ "golang.org/x/image/webp" // register WebP
)

// Limits on what Hash reads. They resist decompression bombs: the header is checked with
// image.DecodeConfig before any pixel is decoded, so a small file claiming a huge canvas is
// refused without allocating it.
const (
	MaxBytes = 20 << 20 // largest image file read, in bytes (20 MiB)
	MaxSide  = 8000     // largest width or height, in pixels
)

// Errors Hash and HashFile return, matched with errors.Is. The error text says more (the
// format seen, the size found).
var (
	// ErrNotImage: the bytes are not a JPEG, PNG, GIF or WebP image, or are corrupt.
	ErrNotImage = errors.New("not an image")
	// ErrTooLarge: the file is over MaxBytes or the image over MaxSide pixels on a side.
	ErrTooLarge = errors.New("image too large")
	// ErrBlank: the image is one flat colour, so its hash would match every other blank image.
	ErrBlank = errors.New("image is blank")
)

// Hash reads one image (JPEG, PNG, GIF — the first frame — or WebP) and returns its 64-bit DCT
// perceptual hash, goimagehash.PerceptionHash: the image is scaled to 64×64 grey, transformed by
// a 2-D DCT, and each of the 8×8 lowest-frequency coefficients gives one bit (set when above
// their median). Re-encoding, resizing, slight crops and brightness changes move few bits; a
// different picture differs in about half of them (see Index for measured distances).
//
// Errors wrap ErrNotImage, ErrTooLarge or ErrBlank and say why, e.g. "image too large: 9000×600
// pixels; at most 8000 on a side"; a read error is returned wrapped as is. Hash never panics on
// malformed input: a decoder panic is returned as ErrNotImage. The hash of a successfully read
// image is never 0 (0 means "no hash" in bonafide.Photo).
func Hash(r io.Reader) (uint64, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return 0, fmt.Errorf("read failed: %w", err)
	}
	if len(b) > MaxBytes {
		return 0, fmt.Errorf("%w: file larger than %d bytes (20 MiB)", ErrTooLarge, MaxBytes)
	}
	return hashBytes(b)
}

// HashFile is Hash of the file at path; errors start with the path, e.g.
// "photos/a.jpg: not an image: want JPEG, PNG, GIF or WebP" or "photos/b.png: no such file or
// directory" (which matches fs.ErrNotExist).
func HashFile(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	h, err := Hash(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

func hashBytes(b []byte) (h uint64, err error) {
	if len(b) == 0 {
		return 0, fmt.Errorf("%w: empty file", ErrNotImage)
	}
	defer func() {
		if r := recover(); r != nil {
			h, err = 0, fmt.Errorf("%w: decoder failed (%v)", ErrNotImage, r)
		}
	}()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return 0, fmt.Errorf("%w: want JPEG, PNG, GIF or WebP", ErrNotImage)
		}
		return 0, fmt.Errorf("%w: unreadable header (%v)", ErrNotImage, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, fmt.Errorf("%w: %s of %d×%d pixels", ErrNotImage, format, cfg.Width, cfg.Height)
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide {
		return 0, fmt.Errorf("%w: %d×%d pixels; at most %d on a side", ErrTooLarge, cfg.Width, cfg.Height, MaxSide)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, fmt.Errorf("%w: corrupt %s (%v)", ErrNotImage, format, err)
	}
	if r := img.Bounds(); r.Dx() <= 0 || r.Dy() <= 0 || r.Dx() > MaxSide || r.Dy() > MaxSide {
		return 0, fmt.Errorf("%w: %s of %d×%d pixels", ErrNotImage, format, r.Dx(), r.Dy())
	}
	return hashImage(img)
}

// hashImage is the pHash of a decoded image, refusing blank ones.
func hashImage(img image.Image) (uint64, error) {
	if blank(img) {
		return 0, fmt.Errorf("%w: one flat colour, nothing to compare", ErrBlank)
	}
	ph, err := goimagehash.PerceptionHash(img)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	if ph.GetHash() == 0 {
		return 0, fmt.Errorf("%w: no contrast at low frequencies, nothing to compare", ErrBlank)
	}
	return ph.GetHash(), nil
}

// blank reports whether the image is one flat colour: the luma of a grid of up to 64×64
// sample points varies by at most 2 of 255. Such images (empty placeholders) all hash alike.
func blank(img image.Image) bool {
	r := img.Bounds()
	const grid = 64
	lo, hi := uint32(0xffff), uint32(0)
	for gy := range min(grid, r.Dy()) {
		y := r.Min.Y + gy*r.Dy()/min(grid, r.Dy())
		for gx := range min(grid, r.Dx()) {
			x := r.Min.X + gx*r.Dx()/min(grid, r.Dx())
			cr, cg, cb, _ := img.At(x, y).RGBA()
			l := (19595*cr + 38470*cg + 7471*cb + 1<<15) >> 16
			lo, hi = min(lo, l), max(hi, l)
		}
	}
	return hi-lo <= 2*0x101
}
