package update

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// ManifestFile is the manifest's name inside the data folder.
const ManifestFile = "lists.json"

// Manifest records what each list's last successful update or import fetched. It is JSON:
// {"lists": {"UN": {...ListRecord}}}.
type Manifest struct {
	Lists map[string]ListRecord `json:"lists"`
}

// ListRecord is one list's entry in the manifest.
type ListRecord struct {
	Version   string       `json:"version,omitempty"` // as Source.Validate returned it
	Entries   int          `json:"entries"`           // parties, domains, tools or vendors
	FetchedAt time.Time    `json:"fetched_at"`        // when the files last changed (download or import)
	CheckedAt time.Time    `json:"checked_at"`        // when the publisher was last asked (304 included)
	From      string       `json:"from,omitempty"`    // folder imported from, for --from
	Files     []FileRecord `json:"files"`
}

// FileRecord is one file of a list as fetched.
type FileRecord struct {
	Path         string `json:"path"` // relative to the data folder, slash-separated, as stored
	URL          string `json:"url,omitempty"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"` // the Last-Modified header, verbatim
	SHA256       string `json:"sha256"`                  // lower-case hex of the stored bytes
	Size         int64  `json:"size"`                    // bytes
}

// ReadManifest parses a manifest. name is used in errors, which are *bonafide.InputError
// (not JSON, or a list record with no files or an empty or absolute path).
func ReadManifest(r io.Reader, name string) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(r)
	if err := dec.Decode(&m); err != nil {
		return nil, &bonafide.InputError{File: name, Msg: "not a list manifest", Err: err}
	}
	if m.Lists == nil {
		m.Lists = map[string]ListRecord{}
	}
	for k, l := range m.Lists {
		for i, f := range l.Files {
			if f.Path == "" || filepath.IsAbs(f.Path) || !filepath.IsLocal(filepath.FromSlash(f.Path)) {
				return nil, &bonafide.InputError{File: name, Record: fmt.Sprintf("lists.%s.files[%d]", k, i), Field: "path",
					Msg: fmt.Sprintf("path %q is not inside the data folder", f.Path)}
			}
		}
	}
	return &m, nil
}

// LoadManifest reads dir/lists.json; a missing manifest is an empty one.
func LoadManifest(dir string) (*Manifest, error) {
	p := filepath.Join(dir, ManifestFile)
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{Lists: map[string]ListRecord{}}, nil
	}
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: "update.LoadManifest", Err: err}
	}
	defer f.Close()
	return ReadManifest(f, p)
}

// save writes the manifest atomically (temp file in dir, then rename).
func (m *Manifest) save(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	return writeAtomic(dir, ManifestFile, bytes.NewReader(b))
}

// writeAtomic copies r to a temp file in dir and renames it to dir/name.
func writeAtomic(dir, name string, r io.Reader) error {
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}
