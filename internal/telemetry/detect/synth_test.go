package detect

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
	"github.com/bonafide-oss/bonafide/internal/telemetry/synth"
)

// synthConfig builds the engine configuration a customer would: the real IP data, the
// generated roster, corporate egress list and RMM allow-list.
func synthConfig(t *testing.T, dir string) Config { return synthConfigTB(t, dir) }

func synthConfigTB(t testing.TB, dir string) Config {
	t.Helper()
	ipDir := filepath.Dir(filepath.Dir(shareddata.Path(t, "ip/ip-location-db-asn-2.3.2026061719.tgz")))
	shareddata.Path(t, "network/x4bnet/input/vpn/ASN.txt")
	db, _, err := ipinfo.Open(ipDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.LoadList(filepath.Join(dir, "corporate-egress.txt"), ipinfo.KindCorporate); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, synth.EmployeesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	emps, err := hr.ReadCSV(f, synth.EmployeesFile)
	if err != nil {
		t.Fatal(err)
	}
	cat := rmm.Default()
	allow, err := os.Open(filepath.Join(dir, "rmm-allow.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer allow.Close()
	sc := bufio.NewScanner(allow)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			cat.Allow(s)
		}
	}
	rules, err := sigma.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return Config{IP: db, RMM: cat, USB: usbid.Default(), Rules: rules, HR: hr.NewDirectory(emps)}
}

// TestSynthTruth runs the engine over the generator's month and compares (signal, person)
// pairs with the planted truth: every planted case found, nothing on the benign look-alikes.
func TestSynthTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	opt := synth.Options{Employees: 120, Days: 30, Seed: 7}
	man, err := synth.Generate(opt, dir)
	if err != nil {
		t.Fatal(err)
	}
	e := New(synthConfig(t, dir))
	if err := synth.Stream(opt, func(ev *bonafide.Event) error { e.Process(ev); return nil }); err != nil {
		t.Fatal(err)
	}
	found := map[synth.Truth]bool{}
	for _, f := range e.Findings() {
		if f.SignalID != "TEL-EARLY" {
			found[synth.Truth{Signal: f.SignalID, PersonID: f.PersonID}] = true
		}
	}
	planted := map[synth.Truth]bool{}
	benign := map[string]string{}
	for _, tr := range man.Truth {
		if strings.HasPrefix(tr.Signal, "BENIGN:") {
			benign[tr.PersonID] = tr.Signal
			continue
		}
		planted[tr] = true
	}
	// Known differences between the generator's plan and this engine's documented rules.
	// ONB-FIRST-LOGIN here requires an unmanaged device AND (VPN exit or a foreign country),
	// as specified for this engine; the generator also plants a first sign-in from abroad on
	// the company laptop (SIGNALS.md reads the three conditions as alternatives). That case
	// still raises ONB-ACTIVATION-GEO.
	knownMiss := func(tr synth.Truth) bool {
		return tr.Signal == "ONB-FIRST-LOGIN" && strings.Contains(man.Notes[tr], "company laptop") &&
			found[synth.Truth{Signal: "ONB-ACTIVATION-GEO", PersonID: tr.PersonID}]
	}
	var missed, extra []string
	for tr := range planted {
		if !found[tr] && knownMiss(tr) {
			t.Logf("known difference: %s %s (%s)", tr.Signal, tr.PersonID, man.Notes[tr])
			continue
		}
		if !found[tr] {
			missed = append(missed, tr.Signal+" "+tr.PersonID+" ("+man.Notes[tr]+")")
		}
	}
	for tr := range found {
		if !planted[tr] {
			extra = append(extra, tr.Signal+" "+tr.PersonID+" "+benign[tr.PersonID])
		}
	}
	sort.Strings(missed)
	sort.Strings(extra)
	t.Logf("planted %d, found %d, missed %d, unplanted %d; stats %d events, %d unattributed", len(planted), len(found), len(missed), len(extra), e.Stats().Events, e.Stats().Unattributed)
	for _, m := range missed {
		t.Errorf("missed %s", m)
	}
	for _, x := range extra {
		t.Errorf("not planted: %s", x)
	}
}

// TestSynthSnapshotRestore: on the generated month, snapshot at the half-way event, restore
// into a new engine and finish there; the findings equal those of one uninterrupted run.
func TestSynthSnapshotRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	opt := synth.Options{Employees: 60, Days: 20, Seed: 11}
	man, err := synth.Generate(opt, dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := synthConfig(t, dir)
	all, a := New(cfg), New(cfg)
	var b *Engine
	half := (man.SignIns + man.OsqueryRows) / 2
	n := 0
	err = synth.Stream(opt, func(ev *bonafide.Event) error {
		all.Process(ev)
		n++
		switch {
		case n < half:
			a.Process(ev)
		case n == half:
			a.Process(ev)
			snap, err := a.Snapshot()
			if err != nil {
				return err
			}
			t.Logf("snapshot after %d events: %d bytes", n, len(snap))
			b = New(cfg)
			if err := b.Restore(snap); err != nil {
				return err
			}
		default:
			b.Process(ev)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b == nil {
		t.Fatalf("stream had only %d events", n)
	}
	want, got := all.Findings(), b.Findings()
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("restored run: %d findings, uninterrupted: %d", len(got), len(want))
	}
}

// BenchmarkSynth measures Process on the generator's events (parsed once, outside the timer).
func BenchmarkSynth(b *testing.B) {
	dir := b.TempDir()
	opt := synth.Options{Employees: 200, Days: 10, Seed: 3}
	if _, err := synth.Generate(opt, dir); err != nil {
		b.Fatal(err)
	}
	var evs []*bonafide.Event
	if err := synth.Stream(opt, func(ev *bonafide.Event) error { evs = append(evs, ev); return nil }); err != nil {
		b.Fatal(err)
	}
	cfg := synthConfigTB(b, dir)
	b.ReportAllocs()
	b.ResetTimer()
	var e *Engine
	for i := 0; i < b.N; i++ {
		if i%len(evs) == 0 {
			e = New(cfg)
		}
		e.Process(evs[i%len(evs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
