package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

const examples = "../../examples/eu-remote-devs"

type runResult struct {
	stdout, stderr string
	err            error
}

func runCmd(t *testing.T, env map[string]string, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return runResult{out.String(), errb.String(), err}
}

func TestScanExamplesEmbeddedDefaults(t *testing.T) {
	dir := t.TempDir()
	db, html := filepath.Join(dir, "b.db"), filepath.Join(dir, "r.html")
	r := runCmd(t, nil, "scan", "--db", db, "--html", html, examples)
	if r.err != nil {
		t.Fatalf("scan: %v\n%s", r.err, r.stderr)
	}
	// The embedded defaults are named, and the missing full lists are said to be missing.
	for _, want := range []string{"embedded default", "MISSING", "OFAC SDN"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, want := range []string{"high", "HTML report: " + html, "a person decides"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<svg")) || !bytes.Contains(page, []byte("APP-SHARED-IDENT")) {
		t.Error("HTML report lacks the link drawing or the findings")
	}
	// The second run over the same input stores nothing new.
	r2 := runCmd(t, nil, "scan", "--db", db, "--html", "", examples)
	if r2.err != nil {
		t.Fatal(r2.err)
	}
	if !strings.Contains(r2.stdout, "stored: 0 new, 0 updated") {
		t.Errorf("re-scan stored something:\n%s", r2.stdout)
	}
}

func TestScanJSON(t *testing.T) {
	dir := t.TempDir()
	r := runCmd(t, nil, "scan", "--db", filepath.Join(dir, "b.db"), "--html", "", "--json", examples)
	if r.err != nil {
		t.Fatal(r.err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%.300s", err, r.stdout)
	}
	as, ok := doc["assessments"].([]any)
	if !ok || len(as) < 60 {
		t.Fatalf("assessments: %T len %d", doc["assessments"], len(as))
	}
}

// TestScanWithSharedData loads the real OFAC SDN advanced XML and the full e-mail domain lists
// and checks the counts the scan prints.
func TestScanWithSharedData(t *testing.T) {
	shareddata.Path(t, "sanctions/ofac/sdn_advanced.xml.bz2")
	shareddata.Path(t, "email/disposable_email_blocklist.conf")
	data := shareddata.Dir()
	dir := t.TempDir()
	r := runCmd(t, nil, "scan", "--db", filepath.Join(dir, "b.db"), "--html", "", "--data", data, examples)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	for _, want := range wantSharedDataLines {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, l := range strings.Split(r.stderr, "\n") {
		// The shared data holds no EU or UK list (their formats are tested on fixtures).
		if strings.Contains(l, "MISSING") && !strings.Contains(l, "Sanctions lists not in") {
			t.Errorf("a list is missing with --data: %s", l)
		}
	}
	if !strings.Contains(r.stdout, "APP-WATCHLIST") && !strings.Contains(r.stdout, "PAY-WALLET-SANCTIONED") {
		t.Errorf("no sanctions finding in the table:\n%s", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"nope"}, exitUsage},
		{[]string{"scan"}, exitUsage},
		{[]string{"scan", "--db", ":memory:", "/does/not/exist"}, exitNotFound},
	} {
		r := runCmd(t, nil, c.args...)
		if got := exitCode(r.err, &bytes.Buffer{}); got != c.code {
			t.Errorf("%v: exit %d (%v), want %d", c.args, got, r.err, c.code)
		}
	}
}

// wantSharedDataLines are what a scan with --data ../shared/data prints about its lists: the full
// e-mail domain lists (the free-mail count includes the embedded floor) and every DPRK-programme
// feature of the OFAC SDN issue of 2025-11-19.
var wantSharedDataLines = []string{
	"Disposable e-mail domains disposable_email_blocklist.conf",
	"DPRK programmes: 16 parties, 27 e-mails, 3 phones, 14 websites, 115 wallets",
	"OFAC SDN (advanced XML) 2025-11-19",
	"OFAC-SDN (names) 2025-11-19: 18367 parties, 538 under DPRK programmes",
	"OFAC-CONS (names): 442 parties, 0 under DPRK programmes",
	"UN (names): 1003 parties, 155 under DPRK programmes",
}

// TestGraphAfterScan: `bonafide graph` exports the persona networks found among the stored
// examples as cytoscape.js elements: the planted four-persona network and the laptop farm are
// there, every edge joins two exported nodes and carries its evidence.
func TestGraphAfterScan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if r := runCmd(t, nil, "scan", "--db", db, "--html", "", "--quiet", examples); r.err != nil {
		t.Fatal(r.err)
	}
	r := runCmd(t, nil, "graph", "--db", db)
	if r.err != nil {
		t.Fatal(r.err)
	}
	var doc struct {
		Elements struct {
			Nodes []struct {
				Data struct{ ID, Cluster, Band string } `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data struct {
					Source, Target, Kind string
					Weight               float64
				} `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	clusters := map[string]int{}
	nodes := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		clusters[n.Data.Cluster]++
		nodes[n.Data.ID] = true
	}
	// P1 (A-3007, A-3019, A-3033, A-3101) and P2 (hires A-3012, A-3045, A-3102 with host A-3026).
	for _, id := range []string{"A-3007", "A-3019", "A-3033", "A-3101", "A-3012", "A-3045", "A-3102", "A-3026"} {
		if !nodes[id] {
			t.Errorf("persona %s missing from the graph", id)
		}
	}
	if len(doc.Elements.Edges) == 0 {
		t.Fatal("no edges")
	}
	for _, e := range doc.Elements.Edges {
		if !nodes[e.Data.Source] || !nodes[e.Data.Target] || e.Data.Kind == "" || e.Data.Weight < 0 {
			t.Errorf("edge %+v", e.Data)
		}
	}
	if r := runCmd(t, nil, "graph", "--db", db, "--format", "dot"); exitCode(r.err, &bytes.Buffer{}) != exitUsage {
		t.Errorf("unknown format: %v", r.err)
	}
}

// TestScreen screens names against the real OFAC SDN and UN lists: a listed DPRK name is found
// on both lists with the entry that matched; an ordinary name finds nothing; without lists the
// command says what it needs.
func TestScreen(t *testing.T) {
	shareddata.Path(t, "sanctions/un/UN_consolidated.xml")
	shareddata.Path(t, "sanctions/ofac/sdn_advanced.xml.bz2")
	r := runCmd(t, nil, "screen", "--data", shareddata.Dir(), "--json", "Jang Bom-su", "Emma Clarke")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	var res []struct {
		Name string
		Hits []struct {
			List    string  `json:"list"`
			EntryID string  `json:"entry_id"`
			Score   float64 `json:"score"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	lists := map[string]bool{}
	for _, h := range res[0].Hits {
		if h.Score == 1 {
			lists[h.List] = true
		}
	}
	if len(res) != 2 || !lists["UN"] || !lists["OFAC-SDN"] {
		t.Fatalf("Jang Bom-su: %+v", res)
	}
	if len(res[1].Hits) != 0 {
		t.Fatalf("Emma Clarke hit %+v", res[1].Hits)
	}
	if r := runCmd(t, nil, "screen", "Jang Bom Su"); r.err == nil || !strings.Contains(r.err.Error(), "--data") {
		t.Fatalf("without lists: %v", r.err)
	}
}
