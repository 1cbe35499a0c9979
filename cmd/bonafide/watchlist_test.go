package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRescreenAndDispose: people scanned before an indicator was shared surface when the
// stored population is re-screened; an analyst's false-positive disposition stops the hit
// alerting again for that person, and reopening it brings it back.
func TestRescreenAndDispose(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if r := runCmd(t, nil, "scan", "--db", db, "--html", "", "--quiet", examples); r.err != nil {
		t.Fatalf("scan: %v\n%s", r.err, r.stderr)
	}
	// A peer organisation shares an indicator list naming an applicant's e-mail (in another
	// spelling: canonicalisation must meet it).
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(filepath.Join(data, "indicators"), 0o755); err != nil {
		t.Fatal(err)
	}
	csv := "type,value,name,programs,source,tlp\nemail,Andrei.Popescu.Dev@MAILINATOR.com,Andrei P.,DPRK3,peer-share-2026-11,amber\n"
	if err := os.WriteFile(filepath.Join(data, "indicators", "peer.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BONAFIDE_DATA": data, "USER": "alice"}
	r := runCmd(t, env, "rescreen", "--db", db)
	if r.err != nil {
		t.Fatalf("rescreen: %v\n%s", r.err, r.stderr)
	}
	if !strings.Contains(r.stdout, "1 new watchlist findings") || !strings.Contains(r.stdout, "NEW A-3057 APP-WATCHLIST") {
		t.Fatalf("rescreen did not surface the past applicant:\n%s", r.stdout)
	}
	// Re-screening again finds nothing new: the finding is stored, not duplicated.
	if r := runCmd(t, env, "rescreen", "--db", db); !strings.Contains(r.stdout, "0 new watchlist findings") {
		t.Fatalf("second rescreen:\n%s%v", r.stdout, r.err)
	}
	list := "INDICATORS:peer"
	r = runCmd(t, env, "dispose", "--db", db, "--reason", "mailinator address reused by a real applicant; ID verified", "A-3057", list, firstEntryID(t, db, "A-3057"))
	if r.err != nil {
		t.Fatalf("dispose: %v\n%s", r.err, r.stderr)
	}
	scanOut := runCmd(t, env, "scan", "--db", db, "--html", "", "--quiet", "--json", "--limit", "0", examples)
	if scanOut.err != nil {
		t.Fatal(scanOut.err)
	}
	if strings.Contains(scanOut.stdout, "watchlist:"+list) {
		t.Error("a dismissed hit alerted again in the next scan")
	}
	if r := runCmd(t, env, "dispose", "--db", db, "--decision", "reopened", "--reason", "second look", "A-3057", list, firstEntryID(t, db, "")); r.err != nil {
		t.Fatal(r.err)
	}
	if r := runCmd(t, env, "rescreen", "--db", db); !strings.Contains(r.stdout, "1 new watchlist findings") {
		t.Errorf("reopened hit did not come back:\n%s", r.stdout)
	}
	for _, bad := range [][]string{
		{"dispose", "--db", db, "A-3057", list},                                              // no entry
		{"dispose", "--db", db, "A-3057", list, "x"},                                         // no reason
		{"dispose", "--db", db, "--decision", "maybe", "--reason", "r", "A-3057", list, "x"}, // bad decision
		{"dispose", "--db", db, "--reason", "r", "A-3057", "OFAC-SDN", "99999999"},           // no such hit
		{"dispose", "--db", db, "--reason", "r", "A-3006", list, "x"},                        // person without hits
	} {
		if r := runCmd(t, env, bad...); r.err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// entryIDs remembers the indicator entry ID seen in the first rescreen.
var entryIDs = map[string]string{}

// firstEntryID returns the entry ID of person's indicator finding in db (remembered across calls
// with person "").
func firstEntryID(t *testing.T, db, person string) string {
	t.Helper()
	if person == "" {
		return entryIDs["last"]
	}
	st, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := st.Findings(t.Context(), person)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if rest, ok := strings.CutPrefix(f.Key, "watchlist:INDICATORS:peer:"); ok {
			id, _, _ := strings.Cut(rest, ":")
			entryIDs["last"] = id
			return id
		}
	}
	t.Fatalf("no indicator finding on %s", person)
	return ""
}

// TestRulesExportAndCheck: the built-in Sigma rules export as files that check back clean, and a
// rule outside the supported subset is refused naming its file.
func TestRulesExportAndCheck(t *testing.T) {
	dir := t.TempDir()
	r := runCmd(t, nil, "rules", "--export", dir)
	if r.err != nil || !strings.Contains(r.stdout, "wrote 11 Sigma rules") {
		t.Fatalf("export: %v %s", r.err, r.stdout)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	r = runCmd(t, nil, append([]string{"rules", "--check"}, files...)...)
	if r.err != nil || !strings.Contains(r.stdout, "11 rules compile") {
		t.Fatalf("check: %v %s", r.err, r.stdout)
	}
	bad := filepath.Join(dir, "count.yml")
	os.WriteFile(bad, []byte("title: too many logons\nid: 7b0c3e7e-0d5e-4d7a-9a43-5f1f2c8e8f10\nlogsource: {category: authentication}\ndetection:\n  sel: {event.outcome: failure}\n  condition: sel | count() > 5\nlevel: low\n"), 0o644)
	if r := runCmd(t, nil, "rules", "--check", bad); r.err == nil || !strings.Contains(r.err.Error(), "count.yml") {
		t.Errorf("aggregation rule accepted or error unnamed: %v", r.err)
	}
}

// TestScanWithoutListsKeepsWatchlistFindings: a scan (or rescreen) without any list must not
// erase what an earlier screened scan found.
func TestScanWithoutListsKeepsWatchlistFindings(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	ind := filepath.Join(dir, "peer.csv")
	os.WriteFile(ind, []byte("type,value,name\nemail,andrei.popescu.dev@mailinator.com,Andrei P.\n"), 0o644)
	count := func() int {
		st, err := openStore(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fs, _ := st.Findings(t.Context(), "A-3057")
		n := 0
		for _, f := range fs {
			if f.SignalID == "APP-WATCHLIST" {
				n++
			}
		}
		return n
	}
	if r := runCmd(t, nil, "scan", "--db", db, "--html", "", "--indicators", ind, examples); r.err != nil {
		t.Fatal(r.err)
	}
	if count() != 1 {
		t.Fatalf("screened scan: %d watchlist findings on A-3057, want 1", count())
	}
	r := runCmd(t, nil, "scan", "--db", db, "--html", "", examples)
	if r.err != nil || !strings.Contains(r.stderr, "1 watchlist findings of lists not screened in this run kept") {
		t.Errorf("unscreened scan: %v\n%s", r.err, r.stderr)
	}
	if count() != 1 {
		t.Errorf("unscreened scan erased the watchlist finding")
	}
	if r := runCmd(t, nil, "rescreen", "--db", db); r.err == nil || !strings.Contains(r.err.Error(), "no sanctions or indicator list") {
		t.Errorf("rescreen without lists: %v", r.err)
	}
	if count() != 1 {
		t.Errorf("rescreen without lists erased the watchlist finding")
	}
}

// TestRescreenKeepsOtherListsHits: hits of an indicator list given to an earlier scan survive a
// rescreen against other lists; they are replaced only when that list is screened again.
func TestRescreenKeepsOtherListsHits(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	peer := filepath.Join(dir, "peer.csv")
	os.WriteFile(peer, []byte("type,value,name\nemail,andrei.popescu.dev@mailinator.com,Andrei P.\n"), 0o644)
	data := filepath.Join(dir, "data")
	os.MkdirAll(filepath.Join(data, "indicators"), 0o755)
	os.WriteFile(filepath.Join(data, "indicators", "other.csv"), []byte("type,value,name\nemail,nobody@nowhere.example,Nobody\n"), 0o644)
	if r := runCmd(t, nil, "scan", "--db", db, "--html", "", "--quiet", "--indicators", peer, examples); r.err != nil {
		t.Fatal(r.err)
	}
	hits := func() int {
		st, _ := openStore(t.Context(), db)
		defer st.Close()
		fs, _ := st.Findings(t.Context(), "A-3057")
		n := 0
		for _, f := range fs {
			if strings.HasPrefix(f.Key, "watchlist:INDICATORS:peer:") {
				n++
			}
		}
		return n
	}
	if hits() != 1 {
		t.Fatalf("scan with --indicators: %d hits", hits())
	}
	if r := runCmd(t, map[string]string{"BONAFIDE_DATA": data}, "rescreen", "--db", db); r.err != nil {
		t.Fatal(r.err)
	}
	if hits() != 1 {
		t.Error("a rescreen against another list erased the peer list's hit")
	}
	// Screening the peer list again, now without the value, replaces its hit.
	os.WriteFile(peer, []byte("type,value,name\nemail,someone.else@mailinator.com,Someone\n"), 0o644)
	if r := runCmd(t, map[string]string{"BONAFIDE_DATA": data}, "rescreen", "--db", db, "--indicators", peer); r.err != nil {
		t.Fatal(r.err)
	}
	if hits() != 0 {
		t.Error("a rescreen against the peer list kept a hit the list no longer has")
	}
}
