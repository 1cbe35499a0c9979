package detect

import (
	"bufio"
	"fmt"
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
	var missed, extra []string
	for tr := range planted {
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

// TestQualityMonth is issue 5's quality bar: a generated month of telemetry for 500 employees
// (Entra sign-ins and osquery results, with planted laptop farms, VPN users, RMM, IP-KVM, a
// jiggler, shared MFA, an account active around the clock, onboarding cases, and benign
// look-alikes: travelling staff, the corporate egress, an approved RMM, a night-shift worker,
// flatmates, a USB gadget, ordinary new hires), run through the engine as a customer would
// configure it. Per detection, precision and recall over (signal, person) must be ≥ 0.9.
// TEL-EARLY is a severity modifier of the others and not scored here. TEL-LOCALE is planted as
// a Korean keyboard layout in the registry; its look-alike is a US English layout beside the HR
// locale's.
func TestQualityMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	// Three generated months: seed 5 holds a business trip early in the period, seed 2026 a
	// red-eye from the US east coast to Paris — look-alikes that once fired.
	for _, seed := range []int64{42, 5, 2026} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { qualityMonth(t, seed) })
	}
}

func qualityMonth(t *testing.T, seed int64) {
	dir := t.TempDir()
	opt := synth.Options{Employees: 500, Days: 30, Seed: seed}
	man, err := synth.Generate(opt, dir)
	if err != nil {
		t.Fatal(err)
	}
	e := New(synthConfig(t, dir))
	if err := synth.Stream(opt, func(ev *bonafide.Event) error { e.Process(ev); return nil }); err != nil {
		t.Fatal(err)
	}
	planted := map[string]map[string]bool{}
	for _, tr := range man.Truth {
		if strings.HasPrefix(tr.Signal, "BENIGN:") {
			continue
		}
		if planted[tr.Signal] == nil {
			planted[tr.Signal] = map[string]bool{}
		}
		planted[tr.Signal][tr.PersonID] = true
	}
	found := map[string]map[string]bool{}
	for _, f := range e.Findings() {
		if f.SignalID == "TEL-EARLY" {
			continue
		}
		if found[f.SignalID] == nil {
			found[f.SignalID] = map[string]bool{}
		}
		found[f.SignalID][f.PersonID] = true
	}
	sigs := map[string]bool{}
	for s := range planted {
		sigs[s] = true
	}
	for s := range found {
		sigs[s] = true
	}
	var names []string
	for s := range sigs {
		names = append(names, s)
	}
	sort.Strings(names)
	st := e.Stats()
	t.Logf("500 employees × 30 days: %d events (%d sign-ins, %d osquery rows), %d unattributed", st.Events, man.SignIns, man.OsqueryRows, st.Unattributed)
	for _, s := range names {
		tp, fp, fn := 0, 0, 0
		for p := range found[s] {
			if planted[s][p] {
				tp++
			} else {
				fp++
			}
		}
		for p := range planted[s] {
			if !found[s][p] {
				fn++
			}
		}
		prec, rec := 1.0, 1.0
		if tp+fp > 0 {
			prec = float64(tp) / float64(tp+fp)
		}
		if tp+fn > 0 {
			rec = float64(tp) / float64(tp+fn)
		}
		t.Logf("%-22s planted %2d  found %2d  tp %2d fp %2d fn %2d  precision %.2f recall %.2f", s, len(planted[s]), len(found[s]), tp, fp, fn, prec, rec)
		if prec < 0.9 || rec < 0.9 {
			t.Errorf("%s: precision %.2f recall %.2f, want ≥ 0.9 each", s, prec, rec)
		}
	}
	for _, s := range []string{"TEL-VPN-EXIT", "TEL-SHARED-EGRESS", "TEL-RMM", "TEL-IPKVM", "TEL-WORK-HOURS", "TEL-LOCALE"} {
		if len(planted[s]) == 0 {
			t.Errorf("the generated month plants no %s case", s)
		}
	}
}
