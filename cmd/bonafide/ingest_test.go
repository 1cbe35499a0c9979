package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/store"
)

// ingestHR is a small roster: Jana claims Germany, Min-jun claims the US.
const ingestHR = `employee_id,name,accounts,hosts,country,time_zone,start_date,ship_country,locale
E001,Jana Roth,jana.roth@contoso.example,CONTOSO-LT-0042,DE,Europe/Berlin,2025-03-03,DE,de-DE
E002,Min-jun Lee,minjun.lee@contoso.example,CONTOSO-LT-0043,US,America/Chicago,2025-03-03,US,en-US
`

// ingestSignins are Graph signIn records (JSON lines): Jana signs in from Berlin on her
// managed laptop, then an hour later from the US (impossible travel); Min-jun's first
// sign-in is from Seoul on an unmanaged device (first login abroad); an account that is not
// on the roster signs in too.
const ingestSignins = `{"id":"5b1c0001-0000-4000-8000-000000000001","createdDateTime":"2025-03-03T08:02:11Z","userPrincipalName":"Jana.Roth@contoso.example","userId":"11111111-0000-4000-8000-000000000001","appDisplayName":"Microsoft Teams","ipAddress":"192.0.2.10","clientAppUsed":"Browser","status":{"errorCode":0},"deviceDetail":{"deviceId":"9a1c07d2-0000-4000-8000-000000000042","displayName":"CONTOSO-LT-0042","operatingSystem":"Windows10","isCompliant":true,"isManaged":true},"location":{"city":"Berlin","countryOrRegion":"DE"}}
{"id":"5b1c0001-0000-4000-8000-000000000002","createdDateTime":"2025-03-03T09:05:40Z","userPrincipalName":"Jana.Roth@contoso.example","userId":"11111111-0000-4000-8000-000000000001","appDisplayName":"Office 365 Exchange Online","ipAddress":"198.51.100.23","clientAppUsed":"Browser","status":{"errorCode":0},"deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows10","isCompliant":false,"isManaged":false},"location":{"city":"Dallas","countryOrRegion":"US"}}
{"id":"5b1c0001-0000-4000-8000-000000000003","createdDateTime":"2025-03-03T14:30:02Z","userPrincipalName":"minjun.lee@contoso.example","userId":"11111111-0000-4000-8000-000000000002","appDisplayName":"Microsoft Teams","ipAddress":"203.0.113.77","clientAppUsed":"Browser","status":{"errorCode":0},"deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows10","isCompliant":false,"isManaged":false},"location":{"city":"Seoul","countryOrRegion":"KR"}}
{"id":"5b1c0001-0000-4000-8000-000000000004","createdDateTime":"2025-03-03T15:00:00Z","userPrincipalName":"contractor@fabrikam.example","ipAddress":"203.0.113.5","status":{"errorCode":50126,"failureReason":"Invalid username or password."},"location":{"countryOrRegion":"US"}}
`

func writeIngestFixture(t *testing.T) (dir, hrPath, logPath string) {
	t.Helper()
	dir = t.TempDir()
	hrPath = filepath.Join(dir, "employees.csv")
	logPath = filepath.Join(dir, "signins.jsonl")
	if err := os.WriteFile(hrPath, []byte(ingestHR), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(logPath, []byte(ingestSignins), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, hrPath, logPath
}

func TestIngestEntraFile(t *testing.T) {
	dir, hrPath, logPath := writeIngestFixture(t)
	db := filepath.Join(dir, "b.db")
	env := map[string]string{"HOME": dir}
	r := runCmd(t, env, "ingest", "--source", "entra", "--hr", hrPath, "--db", db, logPath)
	if r.err != nil {
		t.Fatalf("ingest: %v\n%s", r.err, r.stderr)
	}
	for _, want := range []string{
		"E001  ", "TEL-IMPOSSIBLE-TRAVEL", "Sign-ins from DE then US",
		"E002", "ONB-FIRST-LOGIN", "First sign-in was from an unmanaged device, from KR, not the HR country US",
		"were added from the roster",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "4 events (1 not attributed to an employee)") {
		t.Errorf("stderr: %s", r.stderr)
	}

	// Stored: the findings, and the two employees as minimal person records.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := st.Findings(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range fs {
		got[f.PersonID+" "+f.SignalID] = true
	}
	if !got["E001 TEL-IMPOSSIBLE-TRAVEL"] || !got["E002 ONB-FIRST-LOGIN"] {
		t.Errorf("stored findings %v", got)
	}
	p, err := st.Person(context.Background(), "E002")
	if err != nil || p.Name != "Min-jun Lee" || p.Role != bonafide.RoleEmployee || p.Country != "US" {
		t.Errorf("stored person %+v, %v", p, err)
	}
	st.Close()

	// Ingesting the same file again writes nothing new and duplicates nothing.
	r = runCmd(t, env, "ingest", "--source", "entra", "--hr", hrPath, "--db", db, "--json", logPath)
	if r.err != nil {
		t.Fatalf("second ingest: %v", r.err)
	}
	var out struct {
		Events   int64              `json:"events"`
		Findings []bonafide.Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, r.stdout)
	}
	if out.Events != 4 || len(out.Findings) != len(fs) {
		t.Errorf("JSON: %d events, %d findings; want 4 and %d", out.Events, len(out.Findings), len(fs))
	}
	st, _ = store.Open(context.Background(), db)
	defer st.Close()
	fs2, _ := st.Findings(context.Background(), "")
	if len(fs2) != len(fs) {
		t.Errorf("after re-ingest %d stored findings, want %d", len(fs2), len(fs))
	}
}

func TestIngestBadRecordStoresNothing(t *testing.T) {
	dir, hrPath, _ := writeIngestFixture(t)
	bad := strings.Replace(ingestSignins, `"ipAddress":"203.0.113.77"`, `"ipAddress":"203.0.113.777"`, 1)
	logPath := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(logPath, []byte(bad), 0o600)
	db := filepath.Join(dir, "b.db")
	r := runCmd(t, map[string]string{"HOME": dir}, "ingest", "--source", "entra", "--hr", hrPath, "--db", db, logPath)
	if bonafide.KindOf(r.err) != bonafide.Invalid {
		t.Fatalf("err = %v, want Invalid", r.err)
	}
	for _, want := range []string{"bad.jsonl", "3", "ipAddress"} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("error %q lacks %q", r.err, want)
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if fs, _ := st.Findings(context.Background(), ""); len(fs) != 0 {
		t.Errorf("%d findings stored from a failed batch", len(fs))
	}
}

func TestIngestUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"ingest", "x.jsonl"},
		{"ingest", "--source", "splunk", "x.jsonl"},
		{"ingest", "--source", "entra"},
		{"ingest", "--source", "entra", "--stream", "--publish", "x"},
	} {
		r := runCmd(t, map[string]string{"HOME": dir}, args...)
		if _, ok := r.err.(usageError); !ok {
			t.Errorf("%v: err = %v, want a usage error", args, r.err)
		}
	}
}

// TestIngestPublishThenStream publishes the fixture into the embedded server's storage, then
// consumes it with --stream until interrupted, and finds the same as the batch ingest.
func TestIngestPublishThenStream(t *testing.T) {
	dir, hrPath, logPath := writeIngestFixture(t)
	env := map[string]string{"HOME": dir}
	sd := filepath.Join(dir, "stream")
	r := runCmd(t, env, "ingest", "--publish", "--source", "entra", "--store-dir", sd, logPath)
	if r.err != nil || !strings.Contains(r.stderr, "published 4 records") {
		t.Fatalf("publish: %v\n%s", r.err, r.stderr)
	}
	// The consumer runs until its context ends. While it runs, its findings reach the store at
	// each checkpoint: the test waits (bounded) for them, then interrupts it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	db := filepath.Join(dir, "s.db")
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"ingest", "--stream", "--source", "entra", "--hr", hrPath, "--store-dir", sd,
			"--checkpoint-interval", "50ms", "--db", db}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	}()
	stored := 0
	for deadline := time.Now().Add(20 * time.Second); stored == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(db); err != nil {
			continue
		}
		st, err := store.Open(context.Background(), db)
		if err != nil {
			continue
		}
		fs, _ := st.Findings(context.Background(), "")
		st.Close()
		stored = len(fs)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("stream: %v\n%s", err, errb.String())
	}
	if stored == 0 {
		t.Error("no finding reached the store while the consumer ran")
	}
	for _, want := range []string{"TEL-IMPOSSIBLE-TRAVEL", "ONB-FIRST-LOGIN"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stream output lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(sd, "checkpoints", "entra.ckpt")); err != nil {
		t.Errorf("no checkpoint: %v", err)
	}
}

// TestIngestExampleHTML: the README's telemetry example — sign-ins and osquery results of the
// sample company in one run, the customer's lists given — finds the planted cases and writes
// an HTML report.
func TestIngestExampleHTML(t *testing.T) {
	ex := "../../examples/telemetry/"
	dir := t.TempDir()
	html := filepath.Join(dir, "t.html")
	r := runCmd(t, nil, "ingest", "--db", filepath.Join(dir, "b.db"), "--hr", ex+"employees.csv",
		"--corporate", ex+"corporate-egress.txt", "--rmm-allow", ex+"rmm-allow.txt", "--html", html, "--quiet",
		"entra:"+ex+"entra-signins.jsonl", "osquery:"+ex+"osquery-results.log")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	for _, want := range []string{"TEL-SHARED-EGRESS", "TEL-RMM-MULTI", "TEL-IPKVM", "TEL-SHARED-MFA", "ONB-ACTIVATION-GEO", "TEL-CONTINUOUS"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %s in:\n%s", want, r.stdout)
		}
	}
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), "TEL-RMM-MULTI") {
		t.Errorf("HTML report missing or without findings: %v", err)
	}
	if r := runCmd(t, nil, "ingest", "--db", filepath.Join(dir, "b.db"), "--rmm-allow", "No Such Tool", "--hr", ex+"employees.csv", "entra:"+ex+"entra-signins.jsonl"); r.err == nil || !strings.Contains(r.err.Error(), "No Such Tool") {
		t.Errorf("an unknown allow-list tool must be an error naming it: %v", r.err)
	}
}

// TestIngestStoredRoster: the HR roster is stored by `bonafide hr import` (or --hr) and later
// runs use it; without any roster ingest refuses with a clear message.
func TestIngestStoredRoster(t *testing.T) {
	ex := "../../examples/telemetry/"
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if r := runCmd(t, nil, "ingest", "--db", db, "entra:"+ex+"entra-signins.jsonl"); r.err == nil || !strings.Contains(r.err.Error(), "no HR roster") {
		t.Fatalf("ingest without a roster: %v", r.err)
	}
	// A failed run with --hr stores nothing, not even the roster.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"x","createdDateTime":"2025-03-03T09:00:00Z","ipAddress":"not-an-ip"}`+"\n"), 0o644)
	if r := runCmd(t, nil, "ingest", "--db", db, "--hr", ex+"employees.csv", "entra:"+bad); r.err == nil {
		t.Fatal("bad record accepted")
	}
	if r := runCmd(t, nil, "hr", "list", "--db", db); !strings.Contains(r.stdout, "0 employees") {
		t.Errorf("a failed ingest stored the roster:\n%s", r.stdout)
	}
	if r := runCmd(t, nil, "hr", "import", "--db", db, ex+"employees.csv"); r.err != nil || !strings.Contains(r.stderr, "20 employees") {
		t.Fatalf("hr import: %v %s", r.err, r.stderr)
	}
	if r := runCmd(t, nil, "hr", "list", "--db", db); !strings.Contains(r.stdout, "20 employees") {
		t.Errorf("hr list:\n%s", r.stdout)
	}
	r := runCmd(t, nil, "ingest", "--db", db, "--quiet", "osquery:"+ex+"osquery-results.log")
	if r.err != nil || !strings.Contains(r.stdout, "TEL-IPKVM") {
		t.Errorf("ingest with the stored roster: %v\n%s", r.err, r.stdout)
	}
}
