package synth

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/telemetry/entra"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/osquery"
)

// month is one generated 500 × 30 data set shared by the tests that read it.
var month struct {
	once sync.Once
	dir  string
	m    *Manifest
	err  error
	emps []hr.Employee
	sign []*bonafide.Event
	osq  []*bonafide.Event
}

func loadMonth(t *testing.T) {
	t.Helper()
	month.once.Do(func() {
		month.dir, month.err = os.MkdirTemp("", "synth-month-")
		if month.err != nil {
			return
		}
		if month.m, month.err = Generate(Options{Seed: 42}, month.dir); month.err != nil {
			return
		}
		month.emps, month.err = readHR(filepath.Join(month.dir, EmployeesFile))
		if month.err != nil {
			return
		}
		month.sign, month.err = parseFile(filepath.Join(month.dir, EntraFile), entra.Parse)
		if month.err != nil {
			return
		}
		month.osq, month.err = parseFile(filepath.Join(month.dir, OsqueryFile), osquery.Parse)
	})
	if month.err != nil {
		t.Fatal(month.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if month.dir != "" {
		os.RemoveAll(month.dir)
	}
	os.Exit(code)
}

func readHR(path string) ([]hr.Employee, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return hr.ReadCSV(f, filepath.Base(path))
}

func parseFile(path string, parse func(r io.Reader, name string, fn func(*bonafide.Event) error) error) ([]*bonafide.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var evs []*bonafide.Event
	err = parse(f, filepath.Base(path), func(e *bonafide.Event) error { evs = append(evs, e); return nil })
	return evs, err
}

func TestPlantedCounts(t *testing.T) {
	loadMonth(t)
	m := month.m
	farm := m.Counts["TEL-SHARED-EGRESS"]
	if farm < 12 || farm > 18 || m.Counts["TEL-WORK-HOURS"] != farm {
		t.Errorf("farm workers: SHARED-EGRESS %d, WORK-HOURS %d; want 12-18 each (3 farms of 4-6)", farm, m.Counts["TEL-WORK-HOURS"])
	}
	want := map[string]int{
		"TEL-VPN-EXIT": 3, "TEL-GEO-MISMATCH": 2, "TEL-IMPOSSIBLE-TRAVEL": 1, "TEL-SHARED-MFA": 3,
		"TEL-CONTINUOUS": 1, "ONB-FIRST-LOGIN": 2, "ONB-ACTIVATION-GEO": 1, "TEL-RMM": 2, "TEL-RMM-MULTI": 1,
		"TEL-IPKVM": 1, "TEL-JIGGLER": 1, "BENIGN:travel": 3, "BENIGN:night-shift": 1, "BENIGN:flatmates": 2,
		"BENIGN:usb-gadget": 1, "BENIGN:new-hire": 2, "TEL-LOCALE": 1, "BENIGN:english-layout": 1,
	}
	for sig, n := range want {
		if m.Counts[sig] != n {
			t.Errorf("%s: %d persons, want %d", sig, m.Counts[sig], n)
		}
	}
	if len(m.Counts) != len(want)+2 {
		t.Errorf("signals planted: %v", m.Counts)
	}
	if m.Employees != 500 || len(month.emps) != 500 {
		t.Errorf("employees: manifest %d, employees.csv %d; want 500", m.Employees, len(month.emps))
	}
	// truth.csv: header, one row per (signal, person), same as the manifest.
	b, err := os.ReadFile(filepath.Join(month.dir, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], []string{"signal", "person_id", "note"}) || len(rows)-1 != len(m.Truth) {
		t.Fatalf("truth.csv header %v, %d rows; manifest %d", rows[0], len(rows)-1, len(m.Truth))
	}
	seen := map[Truth]bool{}
	for i, r := range rows[1:] {
		tr := Truth{r[0], r[1]}
		if tr != m.Truth[i] || r[2] != m.Notes[tr] || r[2] == "" {
			t.Errorf("truth.csv row %d = %v, manifest %v %q", i+2, r, m.Truth[i], m.Notes[tr])
		}
		if seen[tr] {
			t.Errorf("duplicate truth row %v", tr)
		}
		seen[tr] = true
	}
	// Host-only and sign-in-only plans use distinct people at this size.
	persons := map[string][]string{}
	for _, tr := range m.Truth {
		persons[tr.PersonID] = append(persons[tr.PersonID], tr.Signal)
	}
	for id, sigs := range persons {
		sort.Strings(sigs)
		s := strings.Join(sigs, "+")
		switch s {
		case "TEL-SHARED-EGRESS+TEL-WORK-HOURS", "TEL-RMM+TEL-RMM-MULTI", "ONB-FIRST-LOGIN+TEL-VPN-EXIT", "ONB-ACTIVATION-GEO+ONB-FIRST-LOGIN":
		default:
			if len(sigs) != 1 {
				t.Errorf("%s planted as %s", id, s)
			}
		}
	}
}

func TestFilesParseAndAgree(t *testing.T) {
	loadMonth(t)
	m := month.m
	if len(month.sign) != m.SignIns || len(month.osq) != m.OsqueryRows {
		t.Fatalf("parsed %d sign-ins, %d osquery events; manifest %d, %d", len(month.sign), len(month.osq), m.SignIns, m.OsqueryRows)
	}
	if m.SignIns < 50000 || m.OsqueryRows < 100000 {
		t.Errorf("a month of 500 is %d sign-ins and %d osquery events, want ≥ 50k and ≥ 100k", m.SignIns, m.OsqueryRows)
	}
	dir := hr.NewDirectory(month.emps)
	start, end := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)
	var prev time.Time
	outcomes := map[string]int{}
	for i, e := range month.sign {
		if _, ok := dir.ByAccount(e.UserName); !ok {
			t.Fatalf("sign-in %d: user %q not in employees.csv", i+1, e.UserName)
		}
		if e.Timestamp.Before(prev) || e.Timestamp.Before(start) || !e.Timestamp.Before(end) {
			t.Fatalf("sign-in %d at %v: out of order or window", i+1, e.Timestamp)
		}
		prev = e.Timestamp
		if !e.SourceIP.IsValid() || e.SourceCountry == "" || e.HostManaged == nil {
			t.Fatalf("sign-in %d lacks IP, country or device: %+v", i+1, e)
		}
		if *e.HostManaged {
			if emp, ok := dir.ByHost(e.HostID); !ok || emp.ID != mustEmp(t, dir, e.UserName).ID {
				t.Fatalf("sign-in %d: device %s not %s's", i+1, e.HostID, e.UserName)
			}
		}
		outcomes[e.Outcome]++
	}
	if outcomes["success"] == 0 || outcomes["failure"] == 0 || outcomes["failure"]*10 > outcomes["success"] || len(outcomes) != 2 {
		t.Errorf("outcomes %v", outcomes)
	}
	datasets := map[string]int{}
	prev = time.Time{}
	for i, e := range month.osq {
		if _, ok := dir.ByHost(e.HostID); !ok {
			t.Fatalf("osquery event %d: host %q not in employees.csv", i+1, e.HostID)
		}
		if _, ok := dir.ByHost(e.HostName); !ok {
			t.Fatalf("osquery event %d: host name %q not in employees.csv", i+1, e.HostName)
		}
		if e.Timestamp.Before(prev) {
			t.Fatalf("osquery event %d out of order", i+1)
		}
		prev = e.Timestamp
		datasets[e.Dataset]++
	}
	for _, ds := range []string{"osquery.processes", "osquery.programs", "osquery.usb_devices", "osquery.logged_in_users"} {
		if datasets[ds] == 0 {
			t.Errorf("no %s events (%v)", ds, datasets)
		}
	}
}

func mustEmp(t *testing.T, d *hr.Directory, user string) *hr.Employee {
	e, ok := d.ByAccount(user)
	if !ok {
		t.Fatalf("no employee for %q", user)
	}
	return e
}

func inCorp(a netip.Addr) bool {
	return corpEU.prefix.Contains(a) || corpUS.prefix.Contains(a) || corpV6.Contains(a)
}

// TestPlantedEvidence checks, from the parsed files alone, that each planted case carries the
// evidence its signal needs and that look-alikes stay look-alikes.
func TestPlantedEvidence(t *testing.T) {
	loadMonth(t)
	dir := hr.NewDirectory(month.emps)
	by := map[string][]string{}
	for _, tr := range month.m.Truth {
		by[tr.Signal] = append(by[tr.Signal], tr.PersonID)
	}
	id := func(e *bonafide.Event) string { return mustEmp(t, dir, e.UserName).ID }
	// Residential IPs shared by several people: exactly the farms and the flatmates.
	ipUsers := map[netip.Addr]map[string]bool{}
	phones := map[string]map[string]bool{}
	perUser := map[string][]*bonafide.Event{}
	for _, e := range month.sign {
		u := id(e)
		perUser[u] = append(perUser[u], e)
		if e.AuthDeviceID != "" {
			if phones[e.AuthDeviceID] == nil {
				phones[e.AuthDeviceID] = map[string]bool{}
			}
			phones[e.AuthDeviceID][u] = true
		}
		if inCorp(e.SourceIP) || e.SourceASN == 39351 {
			continue
		}
		if ipUsers[e.SourceIP] == nil {
			ipUsers[e.SourceIP] = map[string]bool{}
		}
		ipUsers[e.SourceIP][u] = true
	}
	var shared []string
	for _, us := range ipUsers {
		if len(us) > 1 {
			for u := range us {
				shared = append(shared, u)
			}
		}
	}
	wantShared := append(slices.Clone(by["TEL-SHARED-EGRESS"]), by["BENIGN:flatmates"]...)
	slices.Sort(shared)
	slices.Sort(wantShared)
	if !slices.Equal(shared, wantShared) {
		t.Errorf("people on shared residential IPs %v, want farms+flatmates %v", shared, wantShared)
	}
	var mfaShared []string
	for ph, us := range phones {
		if len(us) > 1 {
			if ph != "+X XXXXXXXX47" {
				t.Errorf("phone %s shared by %v", ph, us)
			}
			for u := range us {
				mfaShared = append(mfaShared, u)
			}
		}
	}
	slices.Sort(mfaShared)
	if w := slices.Sorted(slices.Values(by["TEL-SHARED-MFA"])); !slices.Equal(mfaShared, w) {
		t.Errorf("shared MFA %v, want %v", mfaShared, w)
	}
	// Farm workers: ≥ 90% of sign-ins between 00:30 and 11:30 UTC (09:00–18:00 UTC+8 ± jitter).
	for _, u := range by["TEL-WORK-HOURS"] {
		in := 0
		for _, e := range perUser[u] {
			if m := e.Timestamp.Hour()*60 + e.Timestamp.Minute(); m >= 30 && m < 11*60+30 {
				in++
			}
		}
		if n := len(perUser[u]); n == 0 || in*10 < n*9 {
			t.Errorf("farm worker %s: %d of %d sign-ins in UTC+8 office hours", u, in, n)
		}
	}
	// Geo mismatch: every sign-in abroad; travellers abroad only 3–5 days.
	for _, u := range by["TEL-GEO-MISMATCH"] {
		emp, _ := dir.ByID(u)
		for _, e := range perUser[u] {
			if e.SourceCountry == emp.Country || (e.SourceCountry != "CN" && e.SourceCountry != "RU") {
				t.Errorf("%s signs in from %s (HR %s)", u, e.SourceCountry, emp.Country)
				break
			}
		}
	}
	for _, u := range by["BENIGN:travel"] {
		emp, _ := dir.ByID(u)
		days := map[string]bool{}
		for _, e := range perUser[u] {
			if e.SourceCountry != emp.Country && !inCorp(e.SourceIP) {
				days[e.Timestamp.Format(time.DateOnly)] = true
			}
		}
		if len(days) < 2 || len(days) > 5 {
			t.Errorf("traveller %s abroad on %d days", u, len(days))
		}
	}
	// Continuous: no gap of an hour or more over the whole month.
	for _, u := range by["TEL-CONTINUOUS"] {
		evs := perUser[u]
		for i := 1; i < len(evs); i++ {
			if evs[i].Timestamp.Sub(evs[i-1].Timestamp) >= time.Hour {
				t.Errorf("continuous %s: gap %v at %v", u, evs[i].Timestamp.Sub(evs[i-1].Timestamp), evs[i].Timestamp)
				break
			}
		}
	}
	// Impossible travel: a KR sign-in within an hour of one from the home country.
	for _, u := range by["TEL-IMPOSSIBLE-TRAVEL"] {
		found := false
		evs := perUser[u]
		for i := 1; i < len(evs); i++ {
			if evs[i].SourceCountry == "KR" && evs[i-1].SourceCountry != "KR" && evs[i].Timestamp.Sub(evs[i-1].Timestamp) <= time.Hour {
				found = true
			}
		}
		if !found {
			t.Errorf("no impossible travel for %s", u)
		}
	}
	// Onboarding: first sign-in unmanaged via Mullvad / managed from CN.
	first := func(u string) *bonafide.Event { return perUser[u][0] }
	for _, u := range by["ONB-ACTIVATION-GEO"] {
		e := first(u)
		emp, _ := dir.ByID(u)
		if e.SourceCountry != "CN" || !*e.HostManaged || emp.ShipCountry != "US" || !e.Timestamp.After(emp.StartDate) {
			t.Errorf("activation %s: first sign-in %s managed %v ship %s", u, e.SourceCountry, *e.HostManaged, emp.ShipCountry)
		}
	}
	for _, u := range by["ONB-FIRST-LOGIN"] {
		if slices.Contains(by["ONB-ACTIVATION-GEO"], u) {
			continue
		}
		if e := first(u); *e.HostManaged || e.SourceASN != 39351 {
			t.Errorf("first login %s: managed %v ASN %d", u, *e.HostManaged, e.SourceASN)
		}
	}
	// Night shift: all weekday sign-ins 21:30–06:30 Lisbon.
	lis, _ := time.LoadLocation("Europe/Lisbon")
	for _, u := range by["BENIGN:night-shift"] {
		for _, e := range perUser[u] {
			h := e.Timestamp.In(lis).Hour()
			if wd := e.Timestamp.In(lis).Weekday(); wd != time.Saturday && wd != time.Sunday && h >= 7 && h < 21 {
				t.Errorf("night worker %s signs in at %v Lisbon", u, e.Timestamp.In(lis))
				break
			}
		}
	}
}

func TestEndpointCases(t *testing.T) {
	loadMonth(t)
	dir := hr.NewDirectory(month.emps)
	by := map[string]map[string]bool{}
	for _, tr := range month.m.Truth {
		if by[tr.Signal] == nil {
			by[tr.Signal] = map[string]bool{}
		}
		by[tr.Signal][tr.PersonID] = true
	}
	for _, name := range []string{"embedded", "LOLRMM"} {
		t.Run(name, func(t *testing.T) {
			cat := rmm.Default()
			if name == "LOLRMM" {
				shareddata.Path(t, "rmm/rmm_tools.json")
				var err error
				if cat, err = rmm.Load(shareddata.Dir()); err != nil {
					t.Fatal(err)
				}
			}
			endpointCases(t, dir, by, cat)
		})
	}
}

func endpointCases(t *testing.T, dir *hr.Directory, by map[string]map[string]bool, cat *rmm.Catalogue) {
	if unknown := cat.Allow(ApprovedRMM); len(unknown) != 0 {
		t.Fatalf("approved tool unknown to rmm: %v", unknown)
	}
	tools := map[string]map[string]bool{} // person → unapproved tools
	kinds := map[string]map[string]bool{} // Kind/Strong → persons
	zoho := 0
	type match struct {
		tool rmm.Tool
		ok   bool
	}
	memo := map[[2]string]match{} // the full LOLRMM catalogue is slow to match; names repeat
	for _, e := range month.osq {
		emp, _ := dir.ByHost(e.HostID)
		switch e.Dataset {
		case "osquery.processes":
			k := [2]string{e.ProcessName, e.ProcessPath}
			m, seen := memo[k]
			if !seen {
				m.tool, m.ok = cat.MatchProcess(e.ProcessName, e.ProcessPath)
				memo[k] = m
			}
			if tl, ok := m.tool, m.ok; ok {
				if tl.Allowed {
					zoho++
					continue
				}
				if tools[emp.ID] == nil {
					tools[emp.ID] = map[string]bool{}
				}
				tools[emp.ID][tl.Name] = true
			}
		case "osquery.usb_devices":
			c := usbid.Classify(e.DeviceVendorID, e.DeviceProductID, e.DeviceVendor, e.DeviceModel, e.DeviceSerial)
			if c.Kind != "" {
				k := c.Kind
				if c.Strong {
					k += "/strong"
				}
				if kinds[k] == nil {
					kinds[k] = map[string]bool{}
				}
				kinds[k][emp.ID] = true
			}
		}
	}
	if zoho == 0 {
		t.Error("no approved Zoho Assist process seen")
	}
	var rmmPeople []string
	for u, ts := range tools {
		rmmPeople = append(rmmPeople, u)
		want := 1
		if by["TEL-RMM-MULTI"][u] {
			want = 2
		}
		if len(ts) != want {
			t.Errorf("%s runs %v", u, ts)
		}
	}
	if len(rmmPeople) != len(by["TEL-RMM"]) {
		t.Errorf("unapproved RMM on %v, want %v", rmmPeople, by["TEL-RMM"])
	}
	for u := range by["TEL-RMM"] {
		if tools[u] == nil {
			t.Errorf("%s: planted RMM not recognised", u)
		}
	}
	check := func(kind string, want map[string]bool) {
		if !reflect.DeepEqual(kinds[kind], want) {
			t.Errorf("%s devices on %v, want %v", kind, kinds[kind], want)
		}
	}
	check("ipkvm/strong", by["TEL-IPKVM"])
	check("jiggler/strong", by["TEL-JIGGLER"])
	check("ipkvm", by["BENIGN:usb-gadget"])
}

// TestAddressesAgainstIPData checks every address the month uses against the project's IP
// databases: residential addresses in their pool's country and ASN with no VPN or hosting
// flag, Mullvad exits as VPN, corporate egress recognised from corporate-egress.txt.
func TestAddressesAgainstIPData(t *testing.T) {
	shareddata.Path(t, "network/x4bnet/output/vpn/ipv4.txt")
	shareddata.Path(t, "ip")
	db, st, err := ipinfo.Open(shareddata.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if st.ASN == "none" || st.Country == "none" {
		t.Fatalf("IP data incomplete: %+v", st)
	}
	loadMonth(t)
	if err := db.LoadList(filepath.Join(month.dir, EgressFile), ipinfo.KindCorporate); err != nil {
		t.Fatal(err)
	}
	seen := map[netip.Addr]bool{}
	for _, e := range month.sign {
		if seen[e.SourceIP] {
			continue
		}
		seen[e.SourceIP] = true
		in := db.Lookup(e.SourceIP)
		switch {
		case inCorp(e.SourceIP):
			if !in.Corporate {
				t.Errorf("%s: corporate egress not recognised: %+v", e.SourceIP, in)
			}
		case e.SourceASN == 39351:
			if !in.VPN || in.VPNProvider == "" {
				t.Errorf("%s: Mullvad exit not a named VPN: %+v", e.SourceIP, in)
			}
		default:
			if in.VPN || in.Hosting || in.Country != e.SourceCountry || in.ASN != e.SourceASN {
				t.Errorf("%s (%s, AS%d per Entra): ipinfo says %+v", e.SourceIP, e.SourceCountry, e.SourceASN, in)
			}
		}
	}
	if len(seen) < 500 {
		t.Errorf("only %d distinct addresses", len(seen))
	}
}

func TestDeterministic(t *testing.T) {
	opt := Options{Employees: 60, Days: 10, Seed: 7}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := Generate(opt, d); err != nil {
			t.Fatal(err)
		}
	}
	opt.Seed = 8
	if _, err := Generate(opt, c); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{EmployeesFile, EntraFile, OsqueryFile, TruthFile, EgressFile, RMMAllowFile} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		z, _ := os.ReadFile(filepath.Join(c, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs with the same seed (%d, %d bytes)", f, len(x), len(y))
		}
		if f != EgressFile && f != RMMAllowFile && bytes.Equal(x, z) {
			t.Errorf("%s identical for seeds 7 and 8", f)
		}
	}
}

func TestStreamMatchesFiles(t *testing.T) {
	opt := Options{Employees: 40, Days: 9, Seed: 3, Start: time.Date(2025, 10, 20, 13, 0, 0, 0, time.UTC)} // crosses the EU DST change
	d := t.TempDir()
	m, err := Generate(opt, d)
	if err != nil {
		t.Fatal(err)
	}
	sign, err := parseFile(filepath.Join(d, EntraFile), entra.Parse)
	if err != nil {
		t.Fatal(err)
	}
	osq, err := parseFile(filepath.Join(d, OsqueryFile), osquery.Parse)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*bonafide.Event{}
	for _, e := range append(sign, osq...) {
		want[e.Source+"|"+e.ID] = e
	}
	if len(want) != m.SignIns+m.OsqueryRows {
		t.Fatalf("event IDs not unique: %d of %d", len(want), m.SignIns+m.OsqueryRows)
	}
	n := 0
	var prev time.Time
	err = Stream(opt, func(e *bonafide.Event) error {
		n++
		if e.Timestamp.Before(prev) {
			t.Fatalf("stream event %d before its predecessor", n)
		}
		prev = e.Timestamp
		w, ok := want[e.Source+"|"+e.ID]
		if !ok {
			t.Fatalf("stream event %s %s not in the files", e.Source, e.ID)
		}
		if !reflect.DeepEqual(e, w) {
			t.Fatalf("stream event differs from file event:\n%+v\n%+v", e, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("stream gave %d events, files %d", n, len(want))
	}
}

// TestStreamBoundedMemory: the live heap after many days is no larger than after a few
// (generous bound), i.e. the stream does not hold past days.
func TestStreamBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var n int
	var early, late uint64
	sample := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := sample() // other tests' data may be live; measure growth above it
	err := Stream(Options{Employees: 100, Days: 120, Seed: 1}, func(e *bonafide.Event) error {
		n++
		switch n {
		case 50_000:
			early = sample()
		case 200_000:
			late = sample()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if late == 0 {
		t.Fatalf("only %d events", n)
	}
	early, late = max(early, base)-base, max(late, base)-base
	t.Logf("%d events; stream heap %d MB after 50k, %d MB after 200k", n, early>>20, late>>20)
	if late > early+32<<20 || late > 256<<20 {
		t.Errorf("stream heap grew from %d to %d bytes", early, late)
	}
}

// TestExample keeps examples/telemetry (20 employees × 7 days, seed 7) equal to what the
// generator writes; SYNTH_UPDATE=1 rewrites it.
func TestExample(t *testing.T) {
	ex := filepath.Join(shareddata.ModuleRoot(), "examples", "telemetry")
	opt := Options{Employees: 20, Days: 14, Seed: 7}
	if os.Getenv("SYNTH_UPDATE") == "1" {
		if _, err := Generate(opt, ex); err != nil {
			t.Fatal(err)
		}
	}
	d := t.TempDir()
	m, err := Generate(opt, d)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range m.Files {
		x, _ := os.ReadFile(filepath.Join(d, f))
		y, err := os.ReadFile(filepath.Join(ex, f))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("examples/telemetry/%s is stale (run SYNTH_UPDATE=1 go test -run TestExample): %v", f, err)
		}
		total += len(x)
	}
	// Two weeks (the slow detectors need ten days) of 20 employees: about 3.7 MiB.
	if total > 4<<20 {
		t.Errorf("example is %d bytes, want ≤ 4 MiB", total)
	}
	pos, ben := map[string]bool{}, map[string]bool{}
	for _, tr := range m.Truth {
		if strings.HasPrefix(tr.Signal, "BENIGN:") {
			ben[tr.PersonID] = true
		} else {
			pos[tr.PersonID] = true
		}
	}
	for id := range ben {
		if pos[id] {
			t.Errorf("%s is both a look-alike and a planted case", id)
		}
	}
	for _, sig := range []string{"TEL-SHARED-EGRESS", "TEL-WORK-HOURS", "TEL-VPN-EXIT", "TEL-GEO-MISMATCH", "TEL-IMPOSSIBLE-TRAVEL",
		"TEL-RMM", "TEL-RMM-MULTI", "TEL-IPKVM", "TEL-JIGGLER", "TEL-SHARED-MFA", "TEL-CONTINUOUS", "ONB-FIRST-LOGIN", "ONB-ACTIVATION-GEO",
		"BENIGN:night-shift", "BENIGN:flatmates", "BENIGN:usb-gadget"} {
		if m.Counts[sig] == 0 {
			t.Errorf("example lacks %s", sig)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, o := range []Options{{Employees: -1}, {Days: -2}} {
		if _, err := Generate(o, t.TempDir()); err == nil {
			t.Errorf("Generate(%+v): no error", o)
		}
		if err := Stream(o, func(*bonafide.Event) error { return nil }); err == nil {
			t.Errorf("Stream(%+v): no error", o)
		}
	}
	// One employee, one day: no plan fits except a farm of one; still valid files.
	d := t.TempDir()
	m, err := Generate(Options{Employees: 1, Days: 1, Seed: 1}, d)
	if err != nil || m.Employees != 1 {
		t.Fatalf("tiny: %v %+v", err, m)
	}
	if _, err := parseFile(filepath.Join(d, EntraFile), entra.Parse); err != nil {
		t.Fatal(err)
	}
	stop := errStop{}
	if err := Stream(Options{Employees: 5, Days: 2}, func(*bonafide.Event) error { return stop }); err != stop {
		t.Errorf("Stream did not return fn's error: %v", err)
	}
}

type errStop struct{}

func (errStop) Error() string { return "stop" }

func BenchmarkStream(b *testing.B) {
	n := 0
	for b.Loop() {
		if err := Stream(Options{Employees: 200, Days: 10, Seed: 1}, func(*bonafide.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkGenerate(b *testing.B) {
	d := b.TempDir()
	for b.Loop() {
		if _, err := Generate(Options{Employees: 500, Days: 30, Seed: 1}, d); err != nil {
			b.Fatal(err)
		}
	}
}
