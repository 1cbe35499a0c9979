package csvintake

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/link/photo"
)

// NotFetched is the Photo.Error of a photo given as an http(s) URL: bonafide does not fetch
// from the network during a scan.
const NotFetched = "not fetched: URLs are not downloaded"

// IsURL reports whether a photo value is an http:// or https:// URL (any case).
func IsURL(v string) bool {
	l := strings.ToLower(v)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// ReadPhoto reads the profile photo at rel inside folder and returns it with its perceptual
// hash (photo.Hash), and the file's path (folder joined with rel; "" when it could not be
// opened). A path leaving the folder is an error (*PathError matching ErrOutside); anything
// else that stops the hash — a missing file, a file that is not an image, one too large — is
// not: the photo comes back with PHash 0 and Error saying why ("cannot open: no such file or
// directory", "not an image: want JPEG, PNG, GIF or WebP").
func ReadPhoto(folder *Folder, rel string) (bonafide.Photo, string, error) {
	ph := bonafide.Photo{Source: rel, Kind: "profile"}
	f, fpath, err := folder.Open(rel)
	if err != nil {
		if errors.Is(err, ErrOutside) {
			return bonafide.Photo{}, "", err
		}
		ph.Error = "cannot open: " + err.(*PathError).Reason
		return ph, "", nil
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		ph.Error = "cannot open: not a regular file"
		return ph, "", nil
	}
	h, err := photo.Hash(f)
	if err != nil {
		ph.Error = err.Error()
		return ph, fpath, nil
	}
	ph.PHash = h
	return ph, fpath, nil
}

// ParseBirthDate checks a date of birth, "YYYY-MM-DD" (a real calendar date) or "YYYY", and
// returns it as given.
func ParseBirthDate(s string) (string, error) {
	if len(s) == 4 && strings.Trim(s, "0123456789") == "" {
		return s, nil
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, nil
	}
	return "", fmt.Errorf("%q is not a date of birth; want YYYY-MM-DD or YYYY", s)
}
