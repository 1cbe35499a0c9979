package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// TestListsUpdateAndStatus: `lists update --only EU,UK-OFSI --url …` downloads both lists from
// a loopback server into the managed folder; a failing list (HTTP 500) exits non-zero after the
// others are done and keeps its previous file; `lists status` shows present and missing lists.
func TestListsUpdateAndStatus(t *testing.T) {
	eu, err := os.ReadFile("../../internal/watchlist/eu/testdata/eu_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	ofsi, err := os.ReadFile("../../internal/watchlist/uk/testdata/ConList_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	failEU := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/eu.xml" && failEU:
			http.Error(w, "down", http.StatusInternalServerError)
		case r.URL.Path == "/eu.xml":
			w.Write(eu)
		case r.URL.Path == "/ConList.csv":
			w.Write(ofsi)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := map[string]string{"BONAFIDE_DATA": dir, "BONAFIDE_DB": filepath.Join(dir, "none.db")}
	args := []string{"lists", "update", "--only", "EU,UK-OFSI", "--url", "EU=" + srv.URL + "/eu.xml", "--url", "uk-ofsi=" + srv.URL + "/ConList.csv"}

	r := runCmd(t, env, args...)
	if r.err != nil {
		t.Fatalf("update: %v\n%s", r.err, r.stderr)
	}
	for _, want := range []string{"EU       updated  2026-01-15  4", "UK-OFSI  updated  15/01/2026  4"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("update output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "EU: updated") {
		t.Errorf("stderr lacks progress line \"EU: updated\":\n%s", r.stderr)
	}

	failEU = true
	r = runCmd(t, env, args...)
	if got := exitCode(r.err, &bytes.Buffer{}); got != exitInvalid {
		t.Errorf("failed update: exit %d (%v), want %d", got, r.err, exitInvalid)
	}
	if bonafide.KindOf(r.err) != bonafide.Invalid || !strings.Contains(r.err.Error(), "HTTP 500") || !strings.Contains(r.err.Error(), "EU (") {
		t.Errorf("error %v: want kind invalid naming EU and HTTP 500", r.err)
	}
	if !strings.Contains(r.stdout, "EU       failed") || !strings.Contains(r.stdout, "UK-OFSI  unchanged") {
		t.Errorf("update output:\n%s", r.stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sanctions/eu/eu_fsf.xml")); !bytes.Equal(b, eu) {
		t.Error("EU file changed after a failed update")
	}

	r = runCmd(t, env, "lists", "status")
	if r.err != nil {
		t.Fatalf("status: %v", r.err)
	}
	for _, want := range []string{"EU            present  2026-01-15", "UK-OFSI       present  15/01/2026", "UN            missing", "no database at"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestListsUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"lists"}, exitUsage},
		{[]string{"lists", "nope"}, exitUsage},
		{[]string{"lists", "update", "--only", "NOPE"}, exitUsage},
		{[]string{"lists", "update", "--url", "EU"}, exitUsage},
		{[]string{"lists", "update", "--url", "NOPE=http://x"}, exitUsage},
		{[]string{"lists", "update", "--from", "/does/not/exist"}, exitInvalid},
	} {
		r := runCmd(t, map[string]string{"BONAFIDE_DATA": t.TempDir()}, c.args...)
		if got := exitCode(r.err, &bytes.Buffer{}); got != c.code {
			t.Errorf("%v: exit %d (%v), want %d", c.args, got, r.err, c.code)
		}
	}
}
