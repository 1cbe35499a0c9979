package update

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// DefaultDir returns the managed data folder: $BONAFIDE_DATA when set, else
// $XDG_DATA_HOME/bonafide/data, else $HOME/.local/share/bonafide/data, else "bonafide-data"
// (relative) when neither is set.
func DefaultDir(getenv func(string) string) string {
	if v := getenv("BONAFIDE_DATA"); v != "" {
		return v
	}
	if x := getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "bonafide", "data")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "bonafide", "data")
	}
	return "bonafide-data"
}

// Options configure Update.
type Options struct {
	Dir      string       // the managed data folder; created when missing
	Sources  []Source     // the lists to update; nil means Sources()
	Client   *http.Client // nil means a client with a 10-minute timeout
	From     string       // when set, import from this folder (same layout) instead of downloading
	Progress io.Writer    // one line per list as it starts and ends; nil for none
	Now      func() time.Time
}

// Statuses of a Result.
const (
	StatusUpdated   = "updated"   // downloaded, validated and swapped in
	StatusUnchanged = "unchanged" // the publisher answered 304, or the import is byte-identical
	StatusFailed    = "failed"    // see Err; the previous files are untouched
	StatusImported  = "imported"  // copied from Options.From, validated and swapped in
	StatusSkipped   = "skipped"   // --from folder does not hold the list
)

// Result is the outcome for one list.
type Result struct {
	Name    string
	Status  string // one of the Status constants
	Version string // the list's version after the update (the previous one when failed)
	Entries int
	SHA256  string // of the list's first file, lower-case hex
	Err     error  // when Status is failed: a *bonafide.Error naming the list, URL and failure
}

// Update brings every source in opts up to date, one after the other, and returns one Result
// per source in order. It returns an error only when the folder or its manifest is unusable;
// per-list failures are in the Results. The manifest is rewritten (atomically) after each list
// that changed.
func Update(ctx context.Context, opts Options) ([]Result, error) {
	if opts.Sources == nil {
		opts.Sources = Sources()
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Minute}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: "lists update", Msg: "data folder", Err: err}
	}
	man, err := LoadManifest(opts.Dir)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, src := range opts.Sources {
		u := &updater{opts: opts, src: src, prev: man.Lists[src.Name]}
		var r Result
		if opts.From != "" {
			r = u.importFrom()
		} else {
			fmt.Fprintf(opts.Progress, "%s: checking %s\n", src.Name, src.Files[0].URL)
			r = u.download(ctx)
		}
		fmt.Fprintf(opts.Progress, "%s: %s\n", src.Name, r.Status)
		if u.rec != nil {
			man.Lists[src.Name] = *u.rec
			if err := man.save(opts.Dir); err != nil {
				return out, &bonafide.Error{Kind: bonafide.Internal, Op: "lists update", Msg: "writing " + ManifestFile, Err: err}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

type updater struct {
	opts Options
	src  Source
	prev ListRecord
	rec  *ListRecord // the new manifest record, when it changed
}

func (u *updater) final(rel string) string { return filepath.Join(u.opts.Dir, filepath.FromSlash(rel)) }

func (u *updater) fail(url, what string, err error) Result {
	msg := u.src.Name
	if url != "" {
		msg += " (" + url + ")"
	}
	msg += ": " + what
	return Result{Name: u.src.Name, Status: StatusFailed, Version: u.prev.Version, Entries: u.prev.Entries,
		Err: &bonafide.Error{Kind: bonafide.Invalid, Op: "lists update", Msg: msg, Err: err}}
}

func (u *updater) prevFile(path string) (FileRecord, bool) {
	for _, f := range u.prev.Files {
		if f.Path == path {
			return f, true
		}
	}
	return FileRecord{}, false
}

// staged is one file in the staging folder.
type staged struct {
	rel     string // relative path as it will be stored
	path    string // in the staging folder
	changed bool   // false: a copy of the current file, not swapped
	rec     FileRecord
}

func (u *updater) download(ctx context.Context) (res Result) {
	stage, err := os.MkdirTemp(u.opts.Dir, ".update-"+u.src.Name+"-")
	if err != nil {
		return u.fail("", "creating staging folder", err)
	}
	defer os.RemoveAll(stage)
	var files []staged
	anyChanged := false
	for _, f := range u.src.Files {
		s, err := u.fetch(ctx, stage, f)
		if err != nil {
			return u.fail(f.URL, err.Error(), errors.Unwrap(err))
		}
		anyChanged = anyChanged || s.changed
		files = append(files, s)
	}
	now := u.opts.Now().UTC()
	if !anyChanged {
		rec := u.prev
		rec.CheckedAt = now
		u.rec = &rec
		return Result{Name: u.src.Name, Status: StatusUnchanged, Version: rec.Version, Entries: rec.Entries, SHA256: files[0].rec.SHA256}
	}
	return u.commit(files, StatusUpdated, "", now)
}

// fetchError is a failure described for Result.Err.
type fetchError struct {
	what string
	err  error
}

func (e *fetchError) Error() string { return e.what }
func (e *fetchError) Unwrap() error { return e.err }

// fetch downloads f into the staging folder, conditionally when the manifest has validators
// and the current file exists.
func (u *updater) fetch(ctx context.Context, stage string, f File) (staged, error) {
	s := staged{rel: f.Path, path: filepath.Join(stage, filepath.FromSlash(f.Path))}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return s, &fetchError{"staging", err}
	}
	integrity := ""
	if f.NPM {
		tarball, integ, err := u.npmLatest(ctx, f.URL)
		if err != nil {
			return s, err
		}
		f.URL, integrity = tarball, integ
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return s, &fetchError{"bad URL", err}
	}
	prev, havePrev := u.prevFile(f.Path)
	if _, err := os.Stat(u.final(f.Path)); err != nil || prev.URL != f.URL {
		havePrev = false
	}
	if havePrev {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := u.opts.Client.Do(req)
	if err != nil {
		return s, &fetchError{"download failed", err}
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && havePrev {
		s.rec = prev
		return s, copyFile(u.final(f.Path), s.path)
	}
	if resp.StatusCode != http.StatusOK {
		return s, &fetchError{"HTTP " + resp.Status, nil}
	}
	sum, size, err := writeHashed(s.path, resp.Body)
	if err != nil {
		return s, &fetchError{"download interrupted", err}
	}
	if f.ChecksumURL != "" {
		if err := u.verify(ctx, f, sum); err != nil {
			return s, err
		}
	}
	if integrity != "" {
		if err := verifyIntegrity(s.path, integrity); err != nil {
			return s, err
		}
	}
	if t, err := http.ParseTime(resp.Header.Get("Last-Modified")); err == nil {
		os.Chtimes(s.path, t, t) // the file's date is the publisher's; best effort
	}
	s.changed = true
	s.rec = FileRecord{Path: f.Path, URL: f.URL, ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"), SHA256: sum, Size: size}
	if havePrev && prev.SHA256 == sum {
		s.changed = false // a server without validators sent the same bytes
		s.rec.Path = prev.Path
	}
	return s, nil
}

var reHex64 = regexp.MustCompile(`(?i)\b[0-9a-f]{64}\b`)

// verify fetches f.ChecksumURL and checks that sum is the digest it gives for f. When the
// checksum file lists several digests, the one on a line naming f's file name is used.
func (u *updater) verify(ctx context.Context, f File, sum string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.ChecksumURL, nil)
	if err != nil {
		return &fetchError{"bad checksum URL " + f.ChecksumURL, err}
	}
	resp, err := u.opts.Client.Do(req)
	if err != nil {
		return &fetchError{"checksum download from " + f.ChecksumURL + " failed", err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &fetchError{"checksum download from " + f.ChecksumURL + ": HTTP " + resp.Status, nil}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return &fetchError{"checksum download from " + f.ChecksumURL + " failed", err}
	}
	want := ""
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path)))
	for _, line := range strings.Split(string(b), "\n") {
		h := reHex64.FindString(line)
		if h == "" {
			continue
		}
		if want == "" || strings.Contains(strings.ToLower(line), base) {
			want = strings.ToLower(h)
		}
	}
	if want == "" {
		return &fetchError{"no SHA-256 digest in " + f.ChecksumURL, nil}
	}
	if want != sum {
		return &fetchError{fmt.Sprintf("checksum mismatch: downloaded file has SHA-256 %s, %s says %s", sum, f.ChecksumURL, want), nil}
	}
	return nil
}

// importFrom copies the source's files from opts.From.
func (u *updater) importFrom() Result {
	var found []string
	missing := ""
	for _, f := range u.src.Files {
		rel := ""
		for _, cand := range append([]string{f.Path}, f.Alt...) {
			if strings.ContainsAny(cand, "*?[") {
				// A versioned name ("ip-location-db-asn-*.tgz"): the newest, which sorts last.
				m, _ := filepath.Glob(filepath.Join(u.opts.From, filepath.FromSlash(cand)))
				if len(m) == 0 {
					continue
				}
				sort.Strings(m)
				r, err := filepath.Rel(u.opts.From, m[len(m)-1])
				if err != nil {
					continue
				}
				cand = filepath.ToSlash(r)
			}
			if fi, err := os.Stat(filepath.Join(u.opts.From, filepath.FromSlash(cand))); err == nil && fi.Mode().IsRegular() {
				rel = cand
				break
			}
		}
		if rel == "" && missing == "" {
			missing = f.Path
		}
		found = append(found, rel)
	}
	if missing != "" {
		for _, r := range found {
			if r != "" {
				return u.fail(u.opts.From, "incomplete: "+missing+" is missing", nil)
			}
		}
		return Result{Name: u.src.Name, Status: StatusSkipped, Version: u.prev.Version, Entries: u.prev.Entries}
	}
	stage, err := os.MkdirTemp(u.opts.Dir, ".import-"+u.src.Name+"-")
	if err != nil {
		return u.fail("", "creating staging folder", err)
	}
	defer os.RemoveAll(stage)
	var files []staged
	same := true
	for _, rel := range found {
		s := staged{rel: rel, path: filepath.Join(stage, filepath.FromSlash(rel)), changed: true}
		from := filepath.Join(u.opts.From, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
			return u.fail(from, "staging", err)
		}
		in, err := os.Open(from)
		if err != nil {
			return u.fail(from, "reading", err)
		}
		sum, size, err := writeHashed(s.path, in)
		in.Close()
		if err != nil {
			return u.fail(from, "copying", err)
		}
		if fi, err := os.Stat(from); err == nil {
			os.Chtimes(s.path, fi.ModTime(), fi.ModTime()) // keep the source's date; best effort
		}
		if cf := u.src.Files[len(files)].ChecksumFile; cf != "" {
			if err := checkPublishedDigest(filepath.Join(u.opts.From, filepath.FromSlash(cf)), s.path); err != nil {
				return u.fail(from, "checksum", err)
			}
		}
		s.rec = FileRecord{Path: rel, SHA256: sum, Size: size}
		if p, ok := u.prevFile(rel); !ok || p.SHA256 != sum || !exists(u.final(rel)) {
			same = false
		}
		files = append(files, s)
	}
	now := u.opts.Now().UTC()
	if same && len(u.prev.Files) == len(files) {
		rec := u.prev
		rec.CheckedAt = now
		u.rec = &rec
		return Result{Name: u.src.Name, Status: StatusUnchanged, Version: rec.Version, Entries: rec.Entries, SHA256: files[0].rec.SHA256}
	}
	return u.commit(files, StatusImported, u.opts.From, now)
}

// commit validates the staged files and renames the changed ones over the current files.
func (u *updater) commit(files []staged, status, from string, now time.Time) Result {
	paths := make([]string, len(files))
	for i, s := range files {
		paths[i] = s.path
	}
	fmt.Fprintf(u.opts.Progress, "%s: validating\n", u.src.Name)
	version, n, err := u.src.Validate(paths)
	if err != nil {
		where := u.src.Files[0].URL
		if from != "" {
			where = from
		}
		return u.fail(where, "validation failed; previous file kept", err)
	}
	rec := ListRecord{Version: version, Entries: n, FetchedAt: now, CheckedAt: now, From: from}
	for i, s := range files {
		if s.changed {
			dst := u.final(s.rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return u.fail("", "creating "+filepath.Dir(dst), err)
			}
			if err := os.Rename(s.path, dst); err != nil {
				return u.fail("", "replacing "+dst, err)
			}
			// Remove other names of the same file so readers do not pick a stale copy.
			f := u.src.Files[i]
			for _, alt := range append([]string{f.Path}, f.Alt...) {
				olds := []string{u.final(alt)}
				if strings.ContainsAny(alt, "*?[") {
					olds, _ = filepath.Glob(u.final(alt))
				}
				for _, old := range olds {
					if old != dst {
						os.Remove(old)
					}
				}
			}
		}
		rec.Files = append(rec.Files, s.rec)
	}
	u.rec = &rec
	return Result{Name: u.src.Name, Status: status, Version: version, Entries: n, SHA256: files[0].rec.SHA256}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// writeHashed copies r to a new file at path and returns its SHA-256 and size. On error the
// file is removed.
func writeHashed(path string, r io.Reader) (string, int64, error) {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &fetchError{"304 but the current file is missing", err}
		}
		return &fetchError{"reading current file", err}
	}
	defer in.Close()
	_, _, err = writeHashed(to, in)
	if err != nil {
		return &fetchError{"copying current file", err}
	}
	return nil
}

// npmLatest reads an npm registry metadata document (".../<package>/latest") and returns the
// tarball address and its integrity string ("sha512-<base64>").
func (u *updater) npmLatest(ctx context.Context, metaURL string) (tarball, integrity string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metaURL, nil)
	if err != nil {
		return "", "", &fetchError{"bad URL " + metaURL, err}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := u.opts.Client.Do(req)
	if err != nil {
		return "", "", &fetchError{"npm metadata download from " + metaURL + " failed", err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", &fetchError{"npm metadata " + metaURL + ": HTTP " + resp.Status, nil}
	}
	var meta struct {
		Version string `json:"version"`
		Dist    struct {
			Tarball   string `json:"tarball"`
			Integrity string `json:"integrity"`
		} `json:"dist"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&meta); err != nil {
		return "", "", &fetchError{"npm metadata " + metaURL + ": not the registry's JSON", err}
	}
	if meta.Dist.Tarball == "" {
		return "", "", &fetchError{"npm metadata " + metaURL + ": no dist.tarball", nil}
	}
	return meta.Dist.Tarball, meta.Dist.Integrity, nil
}

// verifyIntegrity checks a downloaded file against an npm integrity string (Subresource
// Integrity: "sha512-<base64 digest>"; other algorithms are not checked).
func verifyIntegrity(path, integrity string) error {
	algo, want, ok := strings.Cut(integrity, "-")
	if !ok || algo != "sha512" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return &fetchError{"reading the download", err}
	}
	defer f.Close()
	h := sha512.New()
	if _, err := io.Copy(h, f); err != nil {
		return &fetchError{"reading the download", err}
	}
	if got := base64.StdEncoding.EncodeToString(h.Sum(nil)); got != want {
		return &fetchError{fmt.Sprintf("integrity mismatch: the tarball's sha512 is %s, the registry says %s", got, want), nil}
	}
	return nil
}

// checkPublishedDigest compares the SHA-256 of path's content (decompressed when it is bzip2
// or gzip) with the digest in the publisher's checksum file; a missing checksum file is no
// error (nothing to check against).
func checkPublishedDigest(checksumFile, path string) error {
	b, err := os.ReadFile(checksumFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	want := strings.ToLower(reHex64.FindString(string(b)))
	if want == "" {
		return fmt.Errorf("no SHA-256 digest in %s", checksumFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if magic, _ := br.Peek(3); string(magic) == "BZh" {
		r = bzip2.NewReader(br)
	} else if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		r = zr
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("content SHA-256 %s differs from the published %s in %s", got, want, checksumFile)
	}
	return nil
}
