package update

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ListStatus is what the managed folder holds for one list.
type ListStatus struct {
	Name      string
	Title     string
	Path      string    // the first file's relative path as stored (or its default path when missing)
	Present   bool      // every file of the list is in the folder
	Version   string    // from the manifest; "" when unknown
	Date      time.Time // modification time of the first file (Last-Modified of the download, or the imported file's date); zero when missing
	Entries   int       // from the manifest; 0 when unknown
	SHA256    string    // first 12 hex digits of the first file's SHA-256, from the manifest
	FetchedAt time.Time // from the manifest; zero when the list was never updated by bonafide
}

// Status reports every source in sources (nil: Sources()) as found in dir. It does not parse
// the lists: version, entries and checksum come from the manifest. A file present but not in
// the manifest (copied by hand) shows Present with no version.
func Status(dir string, sources []Source) ([]ListStatus, error) {
	if sources == nil {
		sources = Sources()
	}
	man, err := LoadManifest(dir)
	if err != nil {
		return nil, err
	}
	var out []ListStatus
	for _, src := range sources {
		st := ListStatus{Name: src.Name, Title: src.Title, Path: src.Files[0].Path, Present: true}
		for i, f := range src.Files {
			found := ""
			for _, cand := range append([]string{f.Path}, f.Alt...) {
				if strings.ContainsAny(cand, "*?[") {
					// A versioned name an import kept: the newest, which sorts last.
					m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(cand)))
					if len(m) == 0 {
						continue
					}
					sort.Strings(m)
					r, err := filepath.Rel(dir, m[len(m)-1])
					if err != nil {
						continue
					}
					cand = filepath.ToSlash(r)
				}
				if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(cand))); err == nil && fi.Mode().IsRegular() {
					found = cand
					if i == 0 {
						st.Path, st.Date = cand, fi.ModTime()
					}
					break
				}
			}
			if found == "" {
				st.Present = false
			}
		}
		if rec, ok := man.Lists[src.Name]; ok && st.Present {
			st.Version, st.Entries, st.FetchedAt = rec.Version, rec.Entries, rec.FetchedAt
			if len(rec.Files) > 0 && len(rec.Files[0].SHA256) >= 12 {
				st.SHA256 = rec.Files[0].SHA256[:12]
			}
		}
		if !st.Present {
			st.Date = time.Time{}
		}
		out = append(out, st)
	}
	return out, nil
}
