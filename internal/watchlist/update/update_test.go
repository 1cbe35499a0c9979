package update

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// server serves fixture files with strong ETags and honours If-None-Match; it records the
// request headers it saw and can be told to answer a path with a status or other bytes.
type server struct {
	mu      sync.Mutex
	files   map[string][]byte
	status  map[string]int
	inm     map[string][]string // path → If-None-Match values seen
	hits    map[string]int
	started chan struct{} // closed when /slow has sent its first bytes
	*httptest.Server
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string][]byte{}, status: map[string]int{}, inm: map[string][]string{},
		hits: map[string]int{}, started: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func etag(b []byte) string {
	h := sha256.Sum256(b)
	return `"` + hex.EncodeToString(h[:8]) + `"`
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/slow" {
		w.Write(bytes.Repeat([]byte("<x>"), 10000))
		w.(http.Flusher).Flush()
		close(s.started)
		<-r.Context().Done()
		return
	}
	s.mu.Lock()
	s.hits[r.URL.Path]++
	if v := r.Header.Get("If-None-Match"); v != "" {
		s.inm[r.URL.Path] = append(s.inm[r.URL.Path], v)
	}
	b, ok := s.files[r.URL.Path]
	code := s.status[r.URL.Path]
	s.mu.Unlock()
	if code != 0 {
		http.Error(w, "boom", code)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("If-None-Match") == etag(b) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag(b))
	w.Write(b)
}

func (s *server) set(path string, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = b
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pick returns the named default sources, with the first file's URL pointed at base+"/"+name.
func pick(base string, names ...string) []Source {
	var out []Source
	for _, src := range Sources() {
		for _, n := range names {
			if src.Name == n {
				src.Files[0].URL = base + "/" + n
				out = append(out, src)
			}
		}
	}
	return out
}

func fixedNow() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }

// leftovers lists staging and temp entries left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

var (
	euFixture = filepath.Join("..", "eu", "testdata", "eu_sample.xml")
	ukFixture = filepath.Join("..", "uk", "testdata", "ConList_sample.csv")
)

func TestUpdateThenNotModified(t *testing.T) {
	s := newServer(t)
	un := read(t, shareddata.Path(t, "sanctions/un/UN_consolidated.xml"))
	s.set("/UN", un)
	s.set("/EU", read(t, euFixture))
	s.set("/UK-OFSI", read(t, ukFixture))
	dir := t.TempDir()
	var progress bytes.Buffer
	opts := Options{Dir: dir, Sources: pick(s.URL, "UN", "EU", "UK-OFSI"), Client: s.Client(), Progress: &progress, Now: fixedNow}

	res, err := Update(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(un)
	want := []Result{
		{Name: "UN", Status: StatusUpdated, Version: "2026-02-27", Entries: 1003, SHA256: hex.EncodeToString(sum[:])},
		{Name: "EU", Status: StatusUpdated, Version: "2026-01-15", Entries: 4},
		{Name: "UK-OFSI", Status: StatusUpdated, Version: "15/01/2026", Entries: 4},
	}
	for i, w := range want {
		g := res[i]
		if g.Err != nil || g.Name != w.Name || g.Status != w.Status || g.Version != w.Version || (w.SHA256 != "" && g.SHA256 != w.SHA256) {
			t.Errorf("first update %s: got %+v, want %+v", w.Name, g, w)
		}
		if w.Name == "UN" && g.Entries != w.Entries {
			t.Errorf("UN entries = %d, want %d", g.Entries, w.Entries)
		}
	}
	if !bytes.Equal(read(t, filepath.Join(dir, "sanctions/un/UN_consolidated.xml")), un) {
		t.Error("UN file differs from the download")
	}
	if !strings.Contains(progress.String(), "UN: updated") {
		t.Errorf("progress = %q, want a line \"UN: updated\"", progress.String())
	}

	res, err = Update(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != StatusUnchanged || r.Err != nil {
			t.Errorf("second update %s: status %q err %v, want unchanged", r.Name, r.Status, r.Err)
		}
	}
	if res[0].Version != "2026-02-27" || res[0].Entries != 1003 {
		t.Errorf("unchanged UN result = %+v, want version and entries from the manifest", res[0])
	}
	for _, p := range []string{"/UN", "/EU", "/UK-OFSI"} {
		if got := s.inm[p]; len(got) != 1 || got[0] != etag(s.files[p]) {
			t.Errorf("%s: If-None-Match seen %q, want [%s]", p, got, etag(s.files[p]))
		}
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left in data folder: %v", l)
	}

	st, err := Status(dir, pick(s.URL, "UN", "EU", "USB-IDS"))
	if err != nil {
		t.Fatal(err)
	}
	wantSt := []struct {
		name, version string
		present       bool
		entries       int
	}{{"UN", "2026-02-27", true, 1003}, {"EU", "2026-01-15", true, 4}, {"USB-IDS", "", false, 0}}
	for i, w := range wantSt {
		g := st[i]
		if g.Name != w.name || g.Version != w.version || g.Present != w.present || g.Entries != w.entries {
			t.Errorf("status %d = %+v, want %+v", i, g, w)
		}
	}
	if st[0].SHA256 != hex.EncodeToString(sum[:])[:12] || !st[0].FetchedAt.Equal(fixedNow()) {
		t.Errorf("UN status sha/fetched = %q %v", st[0].SHA256, st[0].FetchedAt)
	}
}

func TestUpdateFailureKeepsPreviousFile(t *testing.T) {
	good := read(t, euFixture)
	goodSum := sha256.Sum256(good)
	tests := []struct {
		name     string
		body     []byte
		status   int
		checksum string // served at /EU.sha256 when the source has a checksum URL
		wantMsg  string
	}{
		{name: "truncated XML", body: good[:len(good)/2], wantMsg: "validation failed"},
		{name: "HTTP 500", status: 500, wantMsg: "HTTP 500"},
		{name: "checksum mismatch", body: append(bytes.Clone(good), []byte("<!-- changed -->\n")...),
			checksum: "SHA256(eu_fsf.xml) = " + hex.EncodeToString(goodSum[:]), wantMsg: "checksum mismatch"},
		{name: "not found", status: 404, wantMsg: "HTTP 404"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			s.set("/EU", good)
			s.set("/EU.sha256", []byte("SHA256(eu_fsf.xml) = "+hex.EncodeToString(goodSum[:])+"\n"))
			dir := t.TempDir()
			srcs := pick(s.URL, "EU")
			srcs[0].Files[0].ChecksumURL = s.URL + "/EU.sha256"
			opts := Options{Dir: dir, Sources: srcs, Client: s.Client(), Now: fixedNow}
			res, err := Update(context.Background(), opts)
			if err != nil || res[0].Status != StatusUpdated {
				t.Fatalf("first update: %+v, %v", res, err)
			}
			path := filepath.Join(dir, "sanctions/eu/eu_fsf.xml")
			manBefore := read(t, filepath.Join(dir, ManifestFile))

			if tc.body != nil {
				s.set("/EU", tc.body)
			}
			if tc.status != 0 {
				s.status["/EU"] = tc.status
			}
			switch {
			case tc.checksum != "":
				s.set("/EU.sha256", []byte(tc.checksum))
			case tc.body != nil: // the publisher's checksum matches its (bad) file
				sum := sha256.Sum256(tc.body)
				s.set("/EU.sha256", []byte(hex.EncodeToString(sum[:])+"  eu_fsf.xml\n"))
			}
			res, err = Update(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Status != StatusFailed || r.Err == nil {
				t.Fatalf("got %+v, want failed", r)
			}
			msg := r.Err.Error()
			for _, w := range []string{"EU", s.URL + "/EU", tc.wantMsg} {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if bonafide.KindOf(r.Err) != bonafide.Invalid {
				t.Errorf("kind = %s, want invalid", bonafide.KindOf(r.Err))
			}
			if r.Version != "2026-01-15" || r.Entries != 4 {
				t.Errorf("failed result keeps version/entries %q/%d, want 2026-01-15/4", r.Version, r.Entries)
			}
			if !bytes.Equal(read(t, path), good) {
				t.Error("previous file changed")
			}
			if !bytes.Equal(read(t, filepath.Join(dir, ManifestFile)), manBefore) {
				t.Error("manifest changed after a failed update")
			}
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("left in data folder: %v", l)
			}
		})
	}
}

func TestOneFailureDoesNotStopOthers(t *testing.T) {
	s := newServer(t)
	s.status["/EU"] = 500
	s.set("/UK-OFSI", read(t, ukFixture))
	dir := t.TempDir()
	res, err := Update(context.Background(), Options{Dir: dir, Sources: pick(s.URL, "EU", "UK-OFSI"), Client: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != StatusFailed || res[1].Status != StatusUpdated {
		t.Errorf("statuses %q %q, want failed updated", res[0].Status, res[1].Status)
	}
	if _, err := os.Stat(filepath.Join(dir, "sanctions/eu/eu_fsf.xml")); err == nil {
		t.Error("failed list left a file")
	}
}

func TestCancelMidDownload(t *testing.T) {
	s := newServer(t)
	dir := t.TempDir()
	srcs := pick(s.URL, "EU")
	srcs[0].Files[0].URL = s.URL + "/slow"
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.started
		cancel()
	}()
	res, err := Update(ctx, Options{Dir: dir, Sources: srcs, Client: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != StatusFailed || !strings.Contains(res[0].Err.Error(), "/slow") {
		t.Errorf("got %+v, want failed naming the URL", res[0])
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("data folder holds %v after a cancelled download, want nothing", names)
	}
}

func TestImportFrom(t *testing.T) {
	shareddata.Path(t, "usb/usb.ids")
	from := shareddata.Dir()
	names := []string{"OFAC-SDN-CSV", "OFAC-CONS", "UN", "EU", "DISPOSABLE", "FREEMAIL", "LOLRMM", "USB-IDS"}
	dir := t.TempDir()
	opts := Options{Dir: dir, Sources: pick("http://unused.invalid", names...), From: from, Now: fixedNow}
	res, err := Update(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Result{
		"OFAC-SDN-CSV": {Status: StatusImported, Entries: 8976},
		"OFAC-CONS":    {Status: StatusImported, Entries: 442},
		"UN":           {Status: StatusImported, Version: "2026-02-27", Entries: 1003},
		"EU":           {Status: StatusSkipped},
		"DISPOSABLE":   {Status: StatusImported, Entries: 8335},
		"FREEMAIL":     {Status: StatusImported, Entries: 4466},
		"LOLRMM":       {Status: StatusImported, Version: "2026-08-18", Entries: 319},
		"USB-IDS":      {Status: StatusImported, Version: "2026.06.10", Entries: 3427},
	}
	for _, r := range res {
		w := want[r.Name]
		if r.Status != w.Status || r.Err != nil {
			t.Errorf("%s: status %q err %v, want %q", r.Name, r.Status, r.Err, w.Status)
		}
		if w.Version != "" && r.Version != w.Version {
			t.Errorf("%s: version %q, want %q", r.Name, r.Version, w.Version)
		}
		if w.Entries != 0 && r.Entries != w.Entries {
			t.Errorf("%s: entries %d, want %d", r.Name, r.Entries, w.Entries)
		}
		if w.Status == StatusImported && r.Entries == 0 {
			t.Errorf("%s: no entries", r.Name)
		}
	}
	for _, rel := range []string{"sanctions/ofac-legacy/sdn_comments.csv", "sanctions/ofac-legacy/consolidated/cons_add.csv", "usb/usb.ids"} {
		if !bytes.Equal(read(t, filepath.Join(dir, rel)), read(t, filepath.Join(from, rel))) {
			t.Errorf("%s differs from the source", rel)
		}
	}
	res, err = Update(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if w := want[r.Name].Status; w == StatusImported && r.Status != StatusUnchanged {
			t.Errorf("second import %s: %q, want unchanged", r.Name, r.Status)
		}
	}
}

func TestImportIncompleteSet(t *testing.T) {
	from := t.TempDir()
	os.MkdirAll(filepath.Join(from, "sanctions/ofac-legacy"), 0o755)
	os.WriteFile(filepath.Join(from, "sanctions/ofac-legacy/sdn.csv"), []byte("x"), 0o644)
	res, err := Update(context.Background(), Options{Dir: t.TempDir(), Sources: pick("", "OFAC-SDN-CSV"), From: from})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != StatusFailed || !strings.Contains(res[0].Err.Error(), "alt.csv is missing") {
		t.Errorf("got %+v, want failed naming alt.csv", res[0])
	}
}

func TestValidators(t *testing.T) {
	byName := map[string]Source{}
	for _, s := range Sources() {
		byName[s.Name] = s
	}
	tests := []struct {
		source, file string
		version      string
		entries      int
	}{
		{"OFAC-SDN", "../ofac/testdata/sdn_advanced_small.xml", "", 0},
		{"EU", euFixture, "2026-01-15", 4},
		{"UK-SL", "../uk/testdata/UKSL_sample.csv", "15-Jan-2026", 0},
		{"UK-OFSI", ukFixture, "15/01/2026", 4},
	}
	for _, tc := range tests {
		t.Run(tc.source, func(t *testing.T) {
			v, n, err := byName[tc.source].Validate([]string{tc.file})
			if err != nil {
				t.Fatal(err)
			}
			if tc.version != "" && v != tc.version {
				t.Errorf("version %q, want %q", v, tc.version)
			}
			if n == 0 || (tc.entries != 0 && n != tc.entries) {
				t.Errorf("entries %d, want %d", n, tc.entries)
			}
		})
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("<html>404: not found</html>\n"), 0o644)
	for _, name := range []string{"OFAC-SDN", "UN", "EU", "UK-OFSI", "DISPOSABLE", "LOLRMM", "USB-IDS"} {
		if _, _, err := byName[name].Validate([]string{bad}); err == nil {
			t.Errorf("%s accepted an error page", name)
		}
	}
}

func TestDefaultDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"BONAFIDE_DATA": "/d", "XDG_DATA_HOME": "/x", "HOME": "/h"}, "/d"},
		{map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/h"}, filepath.Join("/x", "bonafide", "data")},
		{map[string]string{"HOME": "/h"}, filepath.Join("/h", ".local", "share", "bonafide", "data")},
		{map[string]string{}, "bonafide-data"},
	}
	for _, tc := range tests {
		if got := DefaultDir(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("DefaultDir(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestReadManifest(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
		lists   int
	}{
		{`{"lists":{"UN":{"version":"2026-02-27","entries":3,"files":[{"path":"sanctions/un/UN_consolidated.xml","sha256":"ab"}]}}}`, "", 1},
		{`{}`, "", 0},
		{`[`, "not a list manifest", 0},
		{`{"lists":{"X":{"files":[{"path":"../etc/passwd"}]}}}`, `lists.X.files[0] field "path"`, 0},
		{`{"lists":{"X":{"files":[{"path":""}]}}}`, "not inside the data folder", 0},
	}
	for _, tc := range tests {
		m, err := ReadManifest(strings.NewReader(tc.in), "lists.json")
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(m.Lists) != tc.lists {
			t.Errorf("%s: %v, %v", tc.in, m, err)
		}
	}
}

func FuzzReadManifest(f *testing.F) {
	f.Add([]byte(`{"lists":{"UN":{"version":"v","entries":3,"files":[{"path":"a/b","sha256":"ab","size":3}]}}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"lists":{"X":{"files":[{"path":"/abs"}]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadManifest(bytes.NewReader(b), "lists.json")
		if err != nil {
			if bonafide.KindOf(err) != bonafide.Invalid {
				t.Fatalf("error of kind %s: %v", bonafide.KindOf(err), err)
			}
			return
		}
		for k, l := range m.Lists {
			for _, fr := range l.Files {
				if !filepath.IsLocal(filepath.FromSlash(fr.Path)) {
					t.Fatalf("list %s: path %q accepted", k, fr.Path)
				}
			}
		}
		_ = fmt.Sprint(m)
	})
}

// TestMultiFilePartialChange: when one file of a multi-file list changes and the others answer
// 304, the set is validated with the current copies of the unchanged files and only the changed
// file is replaced.
func TestMultiFilePartialChange(t *testing.T) {
	base := filepath.Dir(shareddata.Path(t, "sanctions/ofac-legacy/consolidated/cons_prim.csv"))
	s := newServer(t)
	srcs := pick(s.URL, "OFAC-CONS")
	for i, f := range srcs[0].Files {
		name := filepath.Base(f.Path)
		srcs[0].Files[i].URL = s.URL + "/" + name
		s.set("/"+name, read(t, filepath.Join(base, name)))
	}
	dir := t.TempDir()
	opts := Options{Dir: dir, Sources: srcs, Client: s.Client()}
	if res, err := Update(context.Background(), opts); err != nil || res[0].Status != StatusUpdated || res[0].Entries != 442 {
		t.Fatalf("first update: %+v %v", res, err)
	}
	alt := s.files["/cons_alt.csv"]
	shorter := alt[bytes.IndexByte(alt, '\n')+1:] // drop the first alias row
	s.set("/cons_alt.csv", shorter)
	res, err := Update(context.Background(), opts)
	if err != nil || res[0].Status != StatusUpdated || res[0].Entries != 442 {
		t.Fatalf("second update: %+v %v", res, err)
	}
	if !bytes.Equal(read(t, filepath.Join(dir, "sanctions/ofac-legacy/consolidated/cons_alt.csv")), shorter) {
		t.Error("cons_alt.csv not replaced")
	}
	if !bytes.Equal(read(t, filepath.Join(dir, "sanctions/ofac-legacy/consolidated/cons_prim.csv")), s.files["/cons_prim.csv"]) {
		t.Error("cons_prim.csv changed")
	}
	if got := s.inm["/cons_prim.csv"]; len(got) != 1 {
		t.Errorf("cons_prim.csv If-None-Match seen %q, want one conditional request", got)
	}
	m, err := LoadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := m.Lists["OFAC-CONS"].Files
	if len(files) != 3 || files[0].ETag != etag(s.files["/cons_prim.csv"]) || files[1].ETag != etag(shorter) {
		t.Errorf("manifest files = %+v", files)
	}
}

// TestDownloadReplacesAltName: a download writes the source's Path and removes a copy imported
// under another name (sdn_advanced.xml.bz2), so readers do not pick the stale file.
func TestDownloadReplacesAltName(t *testing.T) {
	small, err := os.ReadFile("../ofac/testdata/sdn_advanced_small.xml")
	if err != nil {
		t.Fatal(err)
	}
	from := t.TempDir()
	os.MkdirAll(filepath.Join(from, "sanctions/ofac"), 0o755)
	bz, err := os.ReadFile("../ofac/testdata/sdn_advanced_small.xml.bz2")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(from, "sanctions/ofac/sdn_advanced.xml.bz2"), bz, 0o644)
	dir := t.TempDir()
	s := newServer(t)
	s.set("/OFAC-SDN", small)
	srcs := pick(s.URL, "OFAC-SDN")
	res, err := Update(context.Background(), Options{Dir: dir, Sources: srcs, From: from})
	if err != nil || res[0].Status != StatusImported {
		t.Fatalf("import: %+v %v", res, err)
	}
	res, err = Update(context.Background(), Options{Dir: dir, Sources: srcs, Client: s.Client()})
	if err != nil || res[0].Status != StatusUpdated || res[0].Err != nil {
		t.Fatalf("download: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sanctions/ofac/sdn_advanced.xml.bz2")); err == nil {
		t.Error("stale sdn_advanced.xml.bz2 left beside the download")
	}
	st, err := Status(dir, srcs)
	if err != nil || st[0].Path != "sanctions/ofac/sdn_advanced.xml" || !st[0].Present {
		t.Errorf("status %+v %v", st, err)
	}
}
