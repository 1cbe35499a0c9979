package detect

import (
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
)

var start = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// roster: fictional employees. E1 claims Chicago, E2 Berlin, E3/E4/E5 Austin.
func roster() []hr.Employee {
	return []hr.Employee{
		{ID: "E1", Name: "Alex Park", Accounts: []string{"alex.park@example.com"}, Hosts: []string{"LT-0001"}, Country: "US", TimeZone: "America/Chicago", StartDate: start.AddDate(0, -6, 0), ShipCountry: "US", Locale: "en-US"},
		{ID: "E2", Name: "Jana Roth", Accounts: []string{"jana.roth@example.com", `corp\jroth`}, Hosts: []string{"LT-0002"}, Country: "DE", TimeZone: "Europe/Berlin", StartDate: start.AddDate(0, -6, 0), ShipCountry: "DE", Locale: "de-DE"},
		{ID: "E3", Name: "Sam Lee", Accounts: []string{"sam.lee@example.com"}, Hosts: []string{"LT-0003"}, Country: "US", TimeZone: "America/Chicago", StartDate: start, ShipCountry: "US", Locale: "en-US"},
		{ID: "E4", Name: "Kim Doe", Accounts: []string{"kim.doe@example.com"}, Hosts: []string{"LT-0004"}, Country: "US", TimeZone: "America/Chicago", StartDate: start.AddDate(0, -6, 0), ShipCountry: "US", Locale: "en-US"},
		{ID: "E5", Name: "Ray Fox", Accounts: []string{"ray.fox@example.com"}, Hosts: []string{"LT-0005"}, Country: "US", TimeZone: "America/Chicago", StartDate: start.AddDate(0, -6, 0), ShipCountry: "US", Locale: "en-US"},
	}
}

func testConfig(t testing.TB) Config {
	t.Helper()
	db, _, err := ipinfo.Open("")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddRanges(ipinfo.KindVPN, "Astrill", []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRanges(ipinfo.KindCorporate, "HQ egress", []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}); err != nil {
		t.Fatal(err)
	}
	rules, err := sigma.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return Config{IP: db, RMM: rmm.Default(), USB: usbid.Default(), Rules: rules, HR: hr.NewDirectory(roster())}
}

var yes, no = true, false

func signin(user string, ts time.Time, ip, country string) *bonafide.Event {
	return &bonafide.Event{Timestamp: ts, Source: "entra", Dataset: "entra.signinlogs", Category: bonafide.CategoryAuthentication,
		Outcome: "success", UserName: user, SourceIP: netip.MustParseAddr(ip), SourceCountry: country, HostManaged: &yes}
}

func proc(host string, ts time.Time, name, path string) *bonafide.Event {
	return &bonafide.Event{Timestamp: ts, Source: "osquery", Dataset: "osquery.processes", Category: bonafide.CategoryProcess,
		Outcome: "unknown", HostName: host, ProcessName: name, ProcessPath: path}
}

func at(day, hour, min int) time.Time {
	return start.AddDate(0, 0, day).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
}

func run(t *testing.T, cfg Config, evs []*bonafide.Event) []bonafide.Finding {
	t.Helper()
	e := New(cfg)
	for _, ev := range evs {
		e.Process(ev)
	}
	return e.Findings()
}

// got summarises findings as "PERSON SIGNAL KEY" lines, TEL-EARLY excluded unless asked.
func got(fs []bonafide.Finding, early bool) []string {
	var out []string
	for _, f := range fs {
		if f.SignalID == "TEL-EARLY" && !early {
			continue
		}
		out = append(out, f.PersonID+" "+f.SignalID+" "+f.Key)
	}
	return out
}

func evidence(f bonafide.Finding, field string) string {
	for _, ev := range f.Evidence {
		if ev.Field == field {
			return ev.Value
		}
	}
	return ""
}

func find(t *testing.T, fs []bonafide.Finding, sig string) bonafide.Finding {
	t.Helper()
	for _, f := range fs {
		if f.SignalID == sig {
			return f
		}
	}
	t.Fatalf("no %s finding in %v", sig, got(fs, true))
	return bonafide.Finding{}
}

// dailySignins signs user in from ip/country at 15:00 UTC on days [from, to).
func dailySignins(user string, from, to int, ip, country string) []*bonafide.Event {
	var evs []*bonafide.Event
	for d := from; d < to; d++ {
		evs = append(evs, signin(user, at(d, 15, 0), ip, country))
	}
	return evs
}

func TestDetections(t *testing.T) {
	cfg := testConfig(t)
	unmanaged := func(ev *bonafide.Event) *bonafide.Event { ev.HostManaged = &no; return ev }
	withHost := func(ev *bonafide.Event, h string) *bonafide.Event { ev.HostName = h; return ev }
	cat := func(parts ...[]*bonafide.Event) []*bonafide.Event {
		var out []*bonafide.Event
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name string
		evs  []*bonafide.Event
		want []string
	}{
		{"VPN exit: Astrill, one finding for three sign-ins", cat(dailySignins("alex.park@example.com", 0, 3, "198.51.100.7", "US")),
			[]string{"E1 TEL-VPN-EXIT Astrill"}},
		{"benign: corporate VPN egress, even from abroad", cat(dailySignins("alex.park@example.com", 0, 12, "203.0.113.9", "NL")), nil},
		{"geo mismatch: 10 days from China", cat(dailySignins("alex.park@example.com", 0, 10, "192.0.2.10", "CN")),
			[]string{"E1 TEL-GEO-MISMATCH CN"}},
		{"benign: 3-day trip to France", cat(dailySignins("jana.roth@example.com", 0, 10, "192.0.2.20", "DE"),
			dailySignins("jana.roth@example.com", 10, 13, "192.0.2.21", "FR"), dailySignins("jana.roth@example.com", 13, 20, "192.0.2.20", "DE")), nil},
		{"geo mismatch, mixed: home and Russia alternating", cat(dailySignins("jana.roth@example.com", 0, 4, "192.0.2.20", "DE"),
			dailySignins("jana.roth@example.com", 4, 6, "192.0.2.30", "RU"), dailySignins("jana.roth@example.com", 6, 8, "192.0.2.20", "DE"),
			dailySignins("jana.roth@example.com", 8, 9, "192.0.2.30", "RU"), dailySignins("jana.roth@example.com", 9, 11, "192.0.2.20", "DE"),
			dailySignins("jana.roth@example.com", 11, 12, "192.0.2.30", "RU")), []string{"E2 TEL-GEO-MISMATCH RU"}},
		{"benign: a week's trip early in a short history", cat(dailySignins("jana.roth@example.com", 0, 5, "192.0.2.20", "DE"),
			dailySignins("jana.roth@example.com", 5, 12, "192.0.2.30", "US"), dailySignins("jana.roth@example.com", 12, 14, "192.0.2.20", "DE")), nil},
		{"benign: 9 days from China", cat(dailySignins("alex.park@example.com", 0, 9, "192.0.2.10", "CN")), nil},
		{"impossible travel: US then South Korea 1 h later", []*bonafide.Event{
			signin("alex.park@example.com", at(0, 14, 0), "192.0.2.10", "US"), signin("alex.park@example.com", at(0, 15, 0), "192.0.2.11", "KR")},
			[]string{"E1 TEL-IMPOSSIBLE-TRAVEL US>KR"}},
		{"benign: Germany then France 10 h later", []*bonafide.Event{
			signin("jana.roth@example.com", at(0, 6, 0), "192.0.2.20", "DE"), signin("jana.roth@example.com", at(0, 16, 0), "192.0.2.21", "FR")}, nil},
		{"shared egress: three employees on one address", []*bonafide.Event{
			signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.50", "US"), signin("kim.doe@example.com", at(2, 15, 0), "192.0.2.50", "US"),
			signin("ray.fox@example.com", at(5, 15, 0), "192.0.2.50", "US")},
			[]string{"E3 TEL-SHARED-EGRESS 192.0.2.50", "E4 TEL-SHARED-EGRESS 192.0.2.50", "E5 TEL-SHARED-EGRESS 192.0.2.50"}},
		{"benign: two flatmates share one address", []*bonafide.Event{
			signin("kim.doe@example.com", at(0, 15, 0), "192.0.2.60", "US"), signin("ray.fox@example.com", at(0, 16, 0), "192.0.2.60", "US")}, nil},
		{"benign: three people on one address weeks apart", []*bonafide.Event{
			signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.70", "US"), signin("kim.doe@example.com", at(9, 15, 0), "192.0.2.70", "US"),
			signin("ray.fox@example.com", at(18, 15, 0), "192.0.2.70", "US")}, nil},
		{"benign: shared egress on the corporate range", []*bonafide.Event{
			signin("sam.lee@example.com", at(0, 15, 0), "203.0.113.5", "US"), signin("kim.doe@example.com", at(0, 15, 0), "203.0.113.5", "US"),
			signin("ray.fox@example.com", at(0, 15, 0), "203.0.113.5", "US")}, nil},
		{"first login: unmanaged device through a VPN", []*bonafide.Event{unmanaged(signin("sam.lee@example.com", at(0, 15, 0), "198.51.100.8", "US"))},
			[]string{"E3 ONB-FIRST-LOGIN first-login", "E3 TEL-VPN-EXIT Astrill"}},
		{"benign: first login from a managed device at home", []*bonafide.Event{signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.80", "US")}, nil},
		{"activation geo: new hire's laptop first seen in China", []*bonafide.Event{withHost(signin("sam.lee@example.com", at(0, 2, 0), "192.0.2.90", "CN"), "LT-0003")},
			[]string{"E3 ONB-ACTIVATION-GEO LT-0003", "E3 ONB-FIRST-LOGIN first-login"}},
		{"first login: managed laptop, from abroad", []*bonafide.Event{signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.91", "CN")},
			[]string{"E3 ONB-FIRST-LOGIN first-login"}},
		{"first login: unmanaged device at home", []*bonafide.Event{unmanaged(signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.80", "US"))},
			[]string{"E3 ONB-FIRST-LOGIN first-login"}},
		{"benign: long-serving employee's laptop first seen in the window abroad", []*bonafide.Event{withHost(signin("kim.doe@example.com", at(0, 2, 0), "192.0.2.90", "CN"), "LT-0004")}, nil},
		{"benign: long-serving employee's first sign-in in the window, unmanaged, VPN", []*bonafide.Event{unmanaged(signin("kim.doe@example.com", at(0, 15, 0), "198.51.100.8", "US"))},
			[]string{"E4 TEL-VPN-EXIT Astrill"}},
		{"rmm: AnyDesk started", []*bonafide.Event{proc("LT-0004", at(0, 3, 0), "AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`)},
			[]string{"E4 TEL-RMM anydesk"}}, // the Sigma rule matches the same event: no second card
		{"rmm multi: AnyDesk and TeamViewer on one host", []*bonafide.Event{
			proc("LT-0004", at(0, 3, 0), "AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`),
			proc("LT-0004", at(0, 4, 0), "TeamViewer.exe", `C:\Program Files\TeamViewer\TeamViewer.exe`)},
			[]string{"E4 TEL-RMM anydesk", "E4 TEL-RMM teamviewer", "E4 TEL-RMM-MULTI LT-0004"}},
		{"ipkvm: PiKVM gadget", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryDevice, HostName: "LT-0005",
			DeviceVendorID: "1d6b", DeviceProductID: "0104", DeviceVendor: "PiKVM", DeviceModel: "PiKVM Composite Device", DeviceSerial: "CAFEBABE"}},
			[]string{"E5 TEL-IPKVM LT-0005"}},
		{"benign: plain Linux gadget IDs only", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryDevice, HostName: "LT-0005",
			DeviceVendorID: "1d6b", DeviceProductID: "0104"}}, nil},
		{"jiggler: USB mouse jiggler", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryDevice, HostName: "LT-0005",
			DeviceVendorID: "0e6a", DeviceProductID: "030b", DeviceVendor: "Generic", DeviceModel: "Mouse Jiggler"}},
			[]string{"E5 TEL-JIGGLER LT-0005"}},
		{"ipkvm: sign-in from a device named pikvm (Sigma rule)", []*bonafide.Event{withHost(signin("alex.park@example.com", at(0, 3, 0), "192.0.2.10", "US"), "pikvm-lab")},
			[]string{"E1 TEL-IPKVM pikvm-lab"}},
		{"jiggler: MouseJiggler.exe (Sigma rule)", []*bonafide.Event{proc("LT-0005", at(0, 3, 0), "MouseJiggler.exe", `C:\Tools\MouseJiggler.exe`)},
			[]string{"E5 TEL-JIGGLER LT-0005"}},
		{"locale: Korean keyboard layout, German HR locale", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryConfiguration,
			HostName: "LT-0002", HostLocale: "00000412"}}, []string{"E2 TEL-LOCALE ko"}},
		{"benign: US English layout on a German employee's laptop", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryConfiguration,
			HostName: "LT-0002", HostLocale: "00000409"}}, nil},
		{"benign: de-AT locale for a de-DE employee", []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryConfiguration,
			HostName: "LT-0002", HostLocale: "de-AT"}}, nil},
		{"shared MFA: one authenticator for two employees", []*bonafide.Event{
			{Timestamp: at(0, 1, 0), Category: bonafide.CategoryConfiguration, UserName: "kim.doe@example.com", AuthMethod: "Microsoft Authenticator", AuthDeviceID: "3f2a9c1e-phone"},
			{Timestamp: at(0, 2, 0), Category: bonafide.CategoryConfiguration, UserName: "ray.fox@example.com", AuthMethod: "Microsoft Authenticator", AuthDeviceID: "3f2a9c1e-phone"}},
			[]string{"E4 TEL-SHARED-MFA 3f2a9c1e-phone", "E5 TEL-SHARED-MFA 3f2a9c1e-phone"}},
		{"unknown account: no finding", cat(dailySignins("someone@elsewhere.example", 0, 10, "198.51.100.7", "US")), nil},
		{"windows DOMAIN\\user and its short form", []*bonafide.Event{{Timestamp: at(0, 3, 0), Category: bonafide.CategoryConfiguration, UserName: `jroth`, HostLocale: "ru-RU"}},
			[]string{"E2 TEL-LOCALE ru"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := got(run(t, cfg, tc.evs), false)
			if !reflect.DeepEqual(g, tc.want) {
				t.Errorf("findings\n got %q\nwant %q", g, tc.want)
			}
		})
	}
}

func TestEvidenceValues(t *testing.T) {
	cfg := testConfig(t)
	fs := run(t, cfg, dailySignins("alex.park@example.com", 0, 3, "198.51.100.7", "US"))
	f := find(t, fs, "TEL-VPN-EXIT")
	if f.Weight != 20 || f.Severity != bonafide.SeverityMedium || strings.Join(f.Sources, ",") != "MAND24,LB25" {
		t.Errorf("catalogue values: %+v", f)
	}
	for field, want := range map[string]string{"first_seen": "2025-03-03T15:00:00Z", "last_seen": "2025-03-05T15:00:00Z", "count": "3", "source.ip": "198.51.100.7", "vpn.provider": "Astrill"} {
		if g := evidence(f, field); g != want {
			t.Errorf("evidence %s = %q, want %q", field, g, want)
		}
	}
	fs = run(t, cfg, []*bonafide.Event{
		signin("sam.lee@example.com", at(0, 15, 0), "192.0.2.50", "US"), signin("kim.doe@example.com", at(2, 15, 0), "192.0.2.50", "US"),
		signin("ray.fox@example.com", at(5, 15, 0), "192.0.2.50", "US")})
	eg := find(t, fs, "TEL-SHARED-EGRESS")
	if eg.PersonID != "E3" || !reflect.DeepEqual(eg.Related, []string{"E4", "E5"}) || eg.Weight != 45 {
		t.Errorf("shared egress: %+v", eg)
	}
	// E3 started on day 0: the egress finding is within 30 days, so TEL-EARLY is raised too.
	early := find(t, fs, "TEL-EARLY")
	if early.PersonID != "E3" || early.Key != "TEL-SHARED-EGRESS:192.0.2.50" || early.Severity != bonafide.SeverityLow || early.Weight != 5 {
		t.Errorf("early: %+v", early)
	}
	if n := len(got(fs, true)); n != 4 {
		t.Errorf("want 3 egress + 1 early, got %v", got(fs, true))
	}
}

func TestAllowedRMM(t *testing.T) {
	cfg := testConfig(t)
	c := rmm.Default()
	if unknown := c.Allow("AnyDesk"); len(unknown) != 0 {
		t.Fatal(unknown)
	}
	cfg.RMM = c
	fs := run(t, cfg, []*bonafide.Event{proc("LT-0004", at(0, 3, 0), "AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`)})
	if len(fs) != 0 {
		t.Errorf("approved AnyDesk raised %v", got(fs, true))
	}
}

// hoursEvents: user active on `days` weekdays, one sign-in every 30 minutes over local
// hours [from, to) of loc (to may exceed 24 for a shift past midnight).
func hoursEvents(user string, loc *time.Location, days, from, to int) []*bonafide.Event {
	var evs []*bonafide.Event
	for d := 0; len(evs) == 0 || d < days*7/5+1; d++ {
		day := time.Date(2025, 3, 3, 0, 0, 0, 0, loc).AddDate(0, 0, d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		for m := from * 60; m < to*60; m += 30 {
			ts := day.Add(time.Duration(m) * time.Minute).UTC()
			evs = append(evs, signin(user, ts, "192.0.2.10", "US"))
		}
	}
	return evs
}

func TestWorkHours(t *testing.T) {
	cfg := testConfig(t)
	seoul, _ := time.LoadLocation("Asia/Seoul")
	chicago, _ := time.LoadLocation("America/Chicago")
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	tests := []struct {
		name string
		evs  []*bonafide.Event
		want bool
	}{
		{"Chicago claim, Seoul office hours", hoursEvents("alex.park@example.com", seoul, 14, 9, 18), true},
		{"benign: Chicago office hours across the DST change", hoursEvents("alex.park@example.com", chicago, 14, 9, 18), false},
		{"benign: night shift 19:00-07:00 Chicago (12 h, no good 9-hour fit)", hoursEvents("alex.park@example.com", chicago, 14, 19, 31), false},
		{"benign: night shift 22:00-06:00 in western Europe (fits only UTC-12)", hoursEvents("jana.roth@example.com", lisbon, 14, 22, 30), false},
		{"too few days", hoursEvents("alex.park@example.com", seoul, 5, 9, 18), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := run(t, cfg, tc.evs)
			var wh *bonafide.Finding
			for i := range fs {
				if fs[i].SignalID == "TEL-WORK-HOURS" {
					wh = &fs[i]
				}
			}
			if (wh != nil) != tc.want {
				t.Fatalf("fired=%v want %v: %v", wh != nil, tc.want, got(fs, true))
			}
			if wh == nil {
				return
			}
			if g := evidence(*wh, "activity.best_utc_offset"); g != "+9" {
				t.Errorf("best offset %q, want +9", g)
			}
			hist := strings.Split(evidence(*wh, "activity.hour_histogram_utc"), ",")
			if len(hist) != 24 || hist[0] == "0" || hist[12] != "0" {
				t.Errorf("histogram %v: want activity at 00 UTC (09 KST), none at 12 UTC", hist)
			}
		})
	}
}

func TestContinuous(t *testing.T) {
	cfg := testConfig(t)
	var evs []*bonafide.Event
	for h := 0; h < 22; h++ {
		evs = append(evs, signin("alex.park@example.com", at(1, h, 10), "192.0.2.10", "US"))
	}
	f := find(t, run(t, cfg, evs), "TEL-CONTINUOUS")
	if f.Key != "around-the-clock" || evidence(f, "count") != "1" || evidence(f, "activity.date") != "2025-03-04" {
		t.Errorf("continuous: %+v", f)
	}
	// A second such day updates the one finding: two days counted, the latest shown.
	var two []*bonafide.Event
	two = append(two, evs...)
	for h := 0; h < 22; h++ {
		two = append(two, signin("alex.park@example.com", at(2, h, 10), "192.0.2.10", "US"))
	}
	fs := run(t, cfg, two)
	if n := len(got(fs, true)); n != 1 {
		t.Errorf("two days gave %d findings", n)
	}
	if f := find(t, fs, "TEL-CONTINUOUS"); evidence(f, "count") != "2" || evidence(f, "activity.date") != "2025-03-05" {
		t.Errorf("two days: %+v", f)
	}
	if fs := run(t, cfg, evs[:19]); len(fs) != 0 {
		t.Errorf("19 hours fired %v", got(fs, true))
	}
}

func TestStats(t *testing.T) {
	cfg := testConfig(t)
	e := New(cfg)
	for _, ev := range dailySignins("Someone@Elsewhere.example", 0, 4, "192.0.2.1", "US") {
		e.Process(ev)
	}
	e.Process(signin("alex.park@example.com", at(0, 1, 0), "192.0.2.1", "US"))
	s := e.Stats()
	if s.Events != 5 || s.Unattributed != 4 || s.UnknownNames["someone@elsewhere.example"] != 4 {
		t.Errorf("stats %+v", s)
	}
}

// mixed makes a deterministic stream exercising every stateful detection.
func mixed(n int) []*bonafide.Event {
	users := []string{"alex.park@example.com", "jana.roth@example.com", "sam.lee@example.com", "kim.doe@example.com", "ray.fox@example.com"}
	ips := []string{"192.0.2.10", "192.0.2.11", "198.51.100.3", "203.0.113.4", "192.0.2.50"}
	ccs := []string{"US", "DE", "CN", "KR", "US"}
	var evs []*bonafide.Event
	for i := 0; i < n; i++ {
		ts := start.Add(time.Duration(i) * 37 * time.Minute)
		u := users[i%len(users)]
		j := (i / 7) % len(ips)
		ev := signin(u, ts, ips[j], ccs[(i/11)%len(ccs)])
		if i%13 == 0 {
			ev.AuthDeviceID = fmt.Sprintf("dev-%d", i%3)
		}
		evs = append(evs, ev)
		if i%17 == 0 {
			evs = append(evs, proc(fmt.Sprintf("LT-000%d", i%5+1), ts, "AnyDesk.exe", `C:\AnyDesk\AnyDesk.exe`))
		}
		if i%29 == 0 {
			evs = append(evs, proc(fmt.Sprintf("LT-000%d", i%5+1), ts, "TeamViewer.exe", `C:\TeamViewer\TeamViewer.exe`))
		}
	}
	return evs
}

func TestSnapshotRestore(t *testing.T) {
	cfg := testConfig(t)
	evs := mixed(3000)
	all := run(t, cfg, evs)
	if len(all) < 10 {
		t.Fatalf("stream too quiet: %v", got(all, true))
	}
	a := New(cfg)
	half := len(evs) / 2
	for _, ev := range evs[:half] {
		a.Process(ev)
	}
	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	b := New(cfg)
	if err := b.Restore(snap); err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs[half:] {
		b.Process(ev)
	}
	if g := b.Findings(); !reflect.DeepEqual(g, all) {
		t.Errorf("restored run differs:\n got %v\nwant %v", got(g, true), got(all, true))
	}
	if err := b.Restore([]byte("{not json")); err == nil || bonafide.KindOf(err) != bonafide.Invalid {
		t.Errorf("bad snapshot: %v", err)
	}
}

func TestProcessAllocs(t *testing.T) {
	cfg := testConfig(t)
	e := New(cfg)
	ev := signin("alex.park@example.com", at(0, 15, 0), "192.0.2.10", "US")
	e.Process(ev)
	allocs := testing.AllocsPerRun(1000, func() { e.Process(ev) })
	t.Logf("%.1f allocs per plain sign-in", allocs)
	if allocs > 2 {
		t.Errorf("Process allocates %.1f times per plain sign-in, want ≤ 2", allocs)
	}
}

func BenchmarkProcess(b *testing.B) {
	cfg := testConfig(b)
	evs := mixed(100000)
	e := New(cfg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Process(evs[i%len(evs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// FuzzRestore: any snapshot bytes either fail with an InputError or restore a state that
// processes further events without panicking.
func FuzzRestore(f *testing.F) {
	cfg := testConfig(f)
	e := New(cfg)
	for _, ev := range mixed(200) {
		e.Process(ev)
	}
	snap, err := e.Snapshot()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(snap)
	f.Add([]byte(`{"People":{"E1":null},"Hosts":{"lt-0001":null},"Egress":{"192.0.2.10":null},"MFA":{"x":null},"Recs":{"k":null}}`))
	f.Add([]byte(`{"People":{"E1":{"Countries":{"CN":null},"OffN":-1,"Day":99999999}}}`))
	evs := mixed(60)
	f.Fuzz(func(t *testing.T, b []byte) {
		e := New(cfg)
		if err := e.Restore(b); err != nil {
			if bonafide.KindOf(err) != bonafide.Invalid {
				t.Fatalf("error kind %v: %v", bonafide.KindOf(err), err)
			}
			return
		}
		for _, ev := range evs {
			c := *ev
			e.Process(&c)
		}
		_ = e.Findings()
		if _, err := e.Snapshot(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestLocaleLang(t *testing.T) {
	for in, want := range map[string]string{"de-DE": "de", "ko_KR.UTF-8": "ko", "00000412": "ko", "0409": "en", "EN": "en", "": "", "x": "", "00001234": "", "zh-Hans-CN": "zh"} {
		if g := localeLang(in); g != want {
			t.Errorf("localeLang(%q) = %q, want %q", in, g, want)
		}
	}
}

func TestZeroConfig(t *testing.T) {
	e := New(Config{})
	for _, ev := range mixed(50) {
		e.Process(ev)
	}
	if fs := e.Findings(); len(fs) != 0 {
		t.Errorf("no HR directory, yet findings %v", got(fs, true))
	}
	if s := e.Stats(); s.Events != int64(len(mixed(50))) || s.Unattributed != s.Events {
		t.Errorf("stats %+v", s)
	}
}

func TestSnapshotStable(t *testing.T) {
	cfg := testConfig(t)
	e := New(cfg)
	for _, ev := range mixed(500) {
		e.Process(ev)
	}
	a, err := e.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r := New(cfg)
	if err := r.Restore(a); err != nil {
		t.Fatal(err)
	}
	b, err := r.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("snapshot of a restored engine differs (%d vs %d bytes)", len(a), len(b))
	}
}

// TestOneDeviceEventCountsOnce: a PiKVM seen once is one observation, though both the USB
// classification and a Sigma rule recognise it.
func TestOneDeviceEventCountsOnce(t *testing.T) {
	cfg := testConfig(t)
	fs := run(t, cfg, []*bonafide.Event{{Timestamp: at(0, 3, 0), Source: "osquery", Category: bonafide.CategoryDevice, HostName: "LT-0005",
		DeviceVendorID: "1d6b", DeviceProductID: "0104", DeviceVendor: "PiKVM", DeviceModel: "PiKVM Composite Device", DeviceSerial: "CAFEBABE"}})
	if f := find(t, fs, "TEL-IPKVM"); evidence(f, "count") != "1" {
		t.Errorf("one PiKVM event counted %s times", evidence(f, "count"))
	}
}

// TestFlushCountsTheLastDay: ten days of UTC+8 office hours from a Berlin employee fire
// TEL-WORK-HOURS only once the tenth day is complete; Flush (the end of a batch) completes it.
func TestFlushCountsTheLastDay(t *testing.T) {
	cfg := testConfig(t)
	var evs []*bonafide.Event
	for d := 0; d < 10; d++ {
		for h := 1; h <= 9; h++ { // 09:00–17:00 at UTC+8
			evs = append(evs, signin("jana.roth@example.com", at(d, h, 5), "192.0.2.20", "DE"))
		}
	}
	e := New(cfg)
	for _, ev := range evs {
		e.Process(ev)
	}
	if fs := e.Findings(); len(got(fs, true)) != 0 {
		t.Fatalf("fired before the tenth day was complete: %v", got(fs, true))
	}
	e.Flush()
	f := find(t, e.Findings(), "TEL-WORK-HOURS")
	if evidence(f, "activity.best_utc_offset") != "+8" {
		t.Errorf("after Flush: %+v", f)
	}
}
