package csvintake

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrOutside is matched (errors.Is) by a Folder.Open error for a path that leaves the folder:
// an absolute path, a ".." step out of it, or a symbolic link leading out.
var ErrOutside = errors.New("path outside the folder")

// PathError is a Folder.Open error: Reason says why rel could not be opened ("the path leaves
// the CSV's folder", "no such file or directory", "path escapes from parent"); it matches
// ErrOutside when the path leaves the folder.
type PathError struct {
	Rel    string // the path as given to Open
	Reason string
	Err    error // ErrOutside, or the underlying error
}

func (e *PathError) Error() string { return e.Rel + ": " + e.Reason }
func (e *PathError) Unwrap() error { return e.Err }

// Folder opens files named by paths relative to one folder, and nowhere else: an absolute
// path, a ".." step out of the folder or a symbolic link leading out is refused (ErrOutside),
// checked lexically first and then by an os.Root, which also stops symbolic links. It is how
// @path documents and photo paths of an applicants CSV, and basics.image paths of a JSON
// Resume, are read. Close it when done.
type Folder struct {
	dir   string
	label string // how errors name the folder: "the CSV's folder"
	root  *os.Root
}

// NewFolder returns a Folder reading inside dir; label names the folder in errors, e.g. "the
// CSV's folder". An empty dir gives nil (nothing can be read).
func NewFolder(dir, label string) *Folder {
	if dir == "" {
		return nil
	}
	return &Folder{dir: dir, label: label}
}

// Open opens rel (slash- or OS-separated, relative to the folder) for reading and returns the
// file and its path (the folder joined with rel, cleaned). Errors are *PathError.
func (f *Folder) Open(rel string) (*os.File, string, error) {
	slash := filepath.ToSlash(rel)
	if path.IsAbs(slash) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return nil, "", &PathError{rel, "the path must be relative to " + f.label, ErrOutside}
	}
	clean := path.Clean(slash)
	if !fs.ValidPath(clean) || strings.HasPrefix(clean, "../") || clean == ".." {
		return nil, "", &PathError{rel, "the path leaves " + f.label, ErrOutside}
	}
	if f.root == nil {
		root, err := os.OpenRoot(f.dir)
		if err != nil {
			return nil, "", &PathError{rel, unwrapPath(err).Error(), err}
		}
		f.root = root
	}
	file, err := f.root.Open(filepath.FromSlash(clean))
	if err != nil {
		err = unwrapPath(err)
		if err.Error() == "path escapes from parent" { // os.Root's unexported errPathEscapes
			return nil, "", &PathError{rel, err.Error(), fmt.Errorf("%w: %w", ErrOutside, err)}
		}
		return nil, "", &PathError{rel, err.Error(), err}
	}
	return file, filepath.Join(f.dir, filepath.FromSlash(clean)), nil
}

// Close releases the folder; a nil Folder is fine.
func (f *Folder) Close() error {
	if f == nil || f.root == nil {
		return nil
	}
	return f.root.Close()
}
