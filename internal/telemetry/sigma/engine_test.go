package sigma

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func mustRule(t testing.TB, body string) *Rule {
	t.Helper()
	r, err := Parse([]byte("title: t\nid: 11111111-2222-4333-8444-555555555555\n"+body), "t.yml")
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, body)
	}
	return r
}

func matches(t testing.TB, r *Rule, ev *bonafide.Event) bool {
	t.Helper()
	eng, err := Compile(r)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	var got bool
	eng.Match(ev, func(*Rule) { got = true })
	if n := naiveMatch(r, ev); n != got {
		t.Fatalf("compiled %v, naive %v", got, n)
	}
	return got
}

func proc(name, path, cmd string) *bonafide.Event {
	return &bonafide.Event{Category: bonafide.CategoryProcess, Source: "sysmon", ProcessName: name, ProcessPath: path, ProcessCommandLine: cmd}
}

func TestMatchSemantics(t *testing.T) {
	const pc = "logsource:\n    category: process_creation\n    product: windows\n"
	anydesk := proc("AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`, `"AnyDesk.exe" --remote -connect 123`)
	chrome := proc("chrome.exe", `C:\Program Files\Google\Chrome\Application\chrome.exe`, "chrome.exe --type=renderer")
	child := proc("cmd.exe", `C:\Windows\System32\cmd.exe`, "cmd /c whoami")
	child.ParentName = "AnyDesk.exe"
	auth := &bonafide.Event{Category: bonafide.CategoryAuthentication, Source: "entra", SourceIP: netip.MustParseAddr("203.0.113.7"), SourcePort: 443, Outcome: "success"}
	auth6 := &bonafide.Event{Category: bonafide.CategoryAuthentication, Source: "okta", SourceIP: netip.MustParseAddr("2001:db8::5")}
	tests := []struct {
		name string
		body string
		ev   *bonafide.Event
		want bool
	}{
		{"equal is case-insensitive", pc + "detection:\n    s:\n        process.name: anydesk.EXE\n    condition: s", anydesk, true},
		{"equal is exact", pc + "detection:\n    s:\n        process.name: anydesk\n    condition: s", anydesk, false},
		{"endswith", pc + "detection:\n    s:\n        Image|endswith: '\\anydesk.exe'\n    condition: s", anydesk, true},
		{"endswith miss", pc + "detection:\n    s:\n        Image|endswith: '\\anydesk.ex'\n    condition: s", anydesk, false},
		{"startswith", pc + "detection:\n    s:\n        Image|startswith: 'c:\\program files (x86)\\'\n    condition: s", anydesk, true},
		{"contains", pc + "detection:\n    s:\n        CommandLine|contains: ' -CONNECT '\n    condition: s", anydesk, true},
		{"contains list is OR", pc + "detection:\n    s:\n        CommandLine|contains: ['nope', '--remote']\n    condition: s", anydesk, true},
		{"contains all", pc + "detection:\n    s:\n        CommandLine|contains|all: ['nope', '--remote']\n    condition: s", anydesk, false},
		{"contains all hit", pc + "detection:\n    s:\n        CommandLine|contains|all: ['-connect', '--remote']\n    condition: s", anydesk, true},
		{"wildcard star", pc + "detection:\n    s:\n        Image: 'C:\\Program Files*\\AnyDesk\\\\*.exe'\n    condition: s", anydesk, true},
		{"wildcard question", pc + "detection:\n    s:\n        process.name: 'AnyDes?.exe'\n    condition: s", anydesk, true},
		{"escaped star is literal", pc + "detection:\n    s:\n        process.name: 'AnyDesk\\*'\n    condition: s", anydesk, false},
		{"re is case-sensitive", pc + "detection:\n    s:\n        CommandLine|re: 'anydesk\\.exe'\n    condition: s", anydesk, false},
		{"re|i", pc + "detection:\n    s:\n        CommandLine|re|i: 'anydesk\\.exe\"\\s+--remote'\n    condition: s", anydesk, true},
		{"re|i prefilter keeps long s", pc + "detection:\n    s:\n        CommandLine|re|i: 'uses'\n    condition: s", proc("x", "", "it uſes"), true},
		{"re prefilter rejects", pc + "detection:\n    s:\n        CommandLine|re: 'AnyDesk\\.exe.+--remote'\n    condition: s", proc("x", "", "anydesk.exe --remote"), false},
		{"Hashes SHA256= prefix", pc + "detection:\n    s:\n        Hashes|contains: 'SHA256=4A3F'\n    condition: s", &bonafide.Event{Category: "process", ProcessHash: "4a3f09"}, true},
		{"map is AND", pc + "detection:\n    s:\n        process.name: AnyDesk.exe\n        CommandLine|contains: nope\n    condition: s", anydesk, false},
		{"list of maps is OR", pc + "detection:\n    s:\n        - process.name: x.exe\n        - CommandLine|contains: connect\n    condition: s", anydesk, true},
		{"and not", pc + "detection:\n    s:\n        process.name: AnyDesk.exe\n    f:\n        CommandLine|contains: '--remote'\n    condition: s and not f", anydesk, false},
		{"or with parens", pc + "detection:\n    a:\n        process.name: x\n    b:\n        process.name: y\n    c:\n        process.name: AnyDesk.exe\n    condition: (a or b) or c", anydesk, true},
		{"precedence: not binds tighter than and, and than or", pc + "detection:\n    a:\n        process.name: x\n    b:\n        process.name: AnyDesk.exe\n    c:\n        process.name: y\n    condition: a and not c or b", anydesk, true},
		{"1 of sel*", pc + "detection:\n    sel_a:\n        process.name: x\n    sel_b:\n        process.name: AnyDesk.exe\n    condition: 1 of sel_*", anydesk, true},
		{"all of sel*", pc + "detection:\n    sel_a:\n        process.name: x\n    sel_b:\n        process.name: AnyDesk.exe\n    condition: all of sel_*", anydesk, false},
		{"1 of them skips _names", pc + "detection:\n    _a:\n        process.name: AnyDesk.exe\n    b:\n        process.name: x\n    condition: 1 of them", anydesk, false},
		{"all of them", pc + "detection:\n    a:\n        process.name: AnyDesk.exe\n    b:\n        Image|contains: AnyDesk\n    condition: all of them", anydesk, true},
		{"condition list is OR", pc + "detection:\n    a:\n        process.name: x\n    b:\n        process.name: AnyDesk.exe\n    condition:\n        - a\n        - b", anydesk, true},
		{"null means empty", pc + "detection:\n    s:\n        process.hash.sha256: null\n        process.name: AnyDesk.exe\n    condition: s", anydesk, true},
		{"empty string", pc + "detection:\n    s:\n        process.parent.name: ''\n    condition: s", anydesk, true},
		{"ParentImage path reduced to name", pc + "detection:\n    s:\n        ParentImage|endswith: '\\AnyDesk.exe'\n    condition: s", child, true},
		{"ParentImage full path", pc + "detection:\n    s:\n        ParentImage: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe'\n    condition: s", child, true},
		{"ParentImage endswith no path", pc + "detection:\n    s:\n        ParentImage|endswith: 'Desk.exe'\n    condition: s", child, true},
		{"logsource filters category", pc + "detection:\n    s:\n        source.ip|cidr: 203.0.113.0/24\n    condition: s", auth, false},
		{"cidr v4", "logsource:\n    product: azure\n    service: signinlogs\ndetection:\n    s:\n        source.ip|cidr: 203.0.113.0/24\n    condition: s", auth, true},
		{"cidr service filters source", "logsource:\n    product: azure\n    service: signinlogs\ndetection:\n    s:\n        source.ip|cidr: 2001:db8::/32\n    condition: s", auth6, false},
		{"cidr v6", "logsource:\n    category: authentication\ndetection:\n    s:\n        src_ip|cidr: ['198.51.100.0/24', '2001:db8::/32']\n    condition: s", auth6, true},
		{"ip equality", "logsource:\n    category: authentication\ndetection:\n    s:\n        SourceIp: 203.0.113.7\n    condition: s", auth, true},
		{"port number", "logsource:\n    category: authentication\ndetection:\n    s:\n        source.port: 443\n    condition: s", auth, true},
		{"port other", "logsource:\n    category: authentication\ndetection:\n    s:\n        source.port: 80\n    condition: s", auth, false},
		{"extra field", "logsource:\n    category: authentication\ndetection:\n    s:\n        extra.appDisplayName: 'Azure Portal'\n    condition: s", &bonafide.Event{Category: "authentication", Extra: map[string]string{"appDisplayName": "azure portal"}}, true},
		{"no category runs on all", "logsource:\n    product: windows\ndetection:\n    s:\n        user.name: jdoe\n    condition: s", &bonafide.Event{Category: bonafide.CategorySession, UserName: "JDOE"}, true},
		{"unicode lower-casing", pc + "detection:\n    s:\n        process.name|startswith: 'straße'\n    condition: s", proc("STRAßE.exe", "", ""), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := matches(t, mustRule(t, tc.body), tc.ev); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	_ = chrome
}

func TestParseAttributes(t *testing.T) {
	rules, err := BuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	var r *Rule
	for _, x := range rules {
		if x.ID == "b7d8b934-e93a-4d36-860c-d999dce3694d" {
			r = x
		}
	}
	if r == nil {
		t.Fatal("windows RMM rule not found")
	}
	checks := []struct{ got, want string }{
		{r.File, "rules/tel_rmm_process_windows.yml"},
		{r.Title, "Remote Access Tool Started (Windows)"},
		{r.Status, "experimental"},
		{r.Level, "high"},
		{r.Signal, "TEL-RMM"},
		{r.Custom["bonafide_sources"], "MAND24, LOLRMM, FBI24"},
		{r.Logsource.Category, "process_creation"},
		{r.Logsource.Product, "windows"},
		{r.References[1], "https://lolrmm.io/"},
		{r.Tags[1], "attack.t1219"},
		{r.Fields[0], "Image"},
		{strings.Join(r.Detection.Names, ","), "selection_image,selection_name"},
		{r.Detection.Conditions[0], "1 of selection_*"},
		{r.Detection.Selections["selection_image"].Alternatives[0][0].ECS, "process.executable"},
		{strings.Join(r.Detection.Selections["selection_image"].Alternatives[0][0].Modifiers, ","), "endswith"},
		{*r.Detection.Selections["selection_image"].Alternatives[0][0].Values[0], `\AnyDesk.exe`},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	const pc = "logsource:\n    category: process_creation\n"
	tests := []struct {
		name, body string
		want       []string // substrings of the error
	}{
		{"aggregation", pc + "detection:\n    s:\n        Image: x\n    condition: s | count() > 5", []string{"t.yml", `field "detection.condition"`, "aggregation"}},
		{"near", pc + "detection:\n    s:\n        Image: x\n    condition: s near s", []string{"t.yml", "near"}},
		{"timeframe", pc + "detection:\n    s:\n        Image: x\n    timeframe: 5m\n    condition: s", []string{"t.yml:7", "timeframe"}},
		{"base64 modifier", pc + "detection:\n    s:\n        CommandLine|base64offset|contains: x\n    condition: s", []string{"t.yml:6", `detection.s.CommandLine|base64offset|contains`, `modifier "base64offset"`}},
		{"windash", pc + "detection:\n    s:\n        CommandLine|windash|contains: x\n    condition: s", []string{"t.yml:6", `modifier "windash"`}},
		{"keywords", pc + "detection:\n    keywords:\n        - evil\n    condition: keywords", []string{"t.yml:6", "keyword"}},
		{"unknown field", pc + "detection:\n    s:\n        EventID: 1\n    condition: s", []string{"t.yml:6", `"EventID"`, "no ECS mapping"}},
		{"unknown selection", pc + "detection:\n    s:\n        Image: x\n    condition: s and t", []string{"unknown selection", `"t"`}},
		{"x of", pc + "detection:\n    s:\n        Image: x\n    condition: 2 of s*", []string{`"2" of`}},
		{"bad regex", pc + "detection:\n    s:\n        CommandLine|re: '(?<=a)b'\n    condition: s", []string{"t.yml:6", "bad regular expression"}},
		{"cidr on text", pc + "detection:\n    s:\n        Image|cidr: 10.0.0.0/8\n    condition: s", []string{"|cidr on non-address"}},
		{"contains on ip", pc + "detection:\n    s:\n        source.ip|contains: '10.'\n    condition: s", []string{"address field"}},
		{"bad cidr", pc + "detection:\n    s:\n        source.ip|cidr: 10.0.0.0/99\n    condition: s", []string{"not a CIDR"}},
		{"missing condition", pc + "detection:\n    s:\n        Image: x", []string{"missing condition"}},
		{"timestamp", pc + "detection:\n    s:\n        '@timestamp': x\n    condition: s", []string{"@timestamp"}},
		{"md5 hash", pc + "detection:\n    s:\n        Hashes|contains: 'MD5=0AB1'\n    condition: s", []string{"only SHA256"}},
		{"two match modifiers", pc + "detection:\n    s:\n        Image|contains|endswith: x\n    condition: s", []string{"together"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte("title: t\n"+tc.body), "t.yml")
			if err == nil {
				t.Fatal("no error")
			}
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %T %v", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	// compile-time errors: logsource
	for _, ls := range []string{"category: registry_set", "product: aws", "service: security"} {
		r, err := Parse([]byte("title: t\nlogsource:\n    "+ls+"\ndetection:\n    s:\n        Image: x\n    condition: s\n"), "ls.yml")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Compile(r)
		if err == nil || !strings.Contains(err.Error(), "ls.yml") || !strings.Contains(err.Error(), "logsource") {
			t.Errorf("%s: error %v", ls, err)
		}
	}
	// duplicate ids
	a := mustRule(t, "logsource:\n    category: process\ndetection:\n    s:\n        Image: x\n    condition: s\n")
	if _, err := Compile(a, a); err == nil || !strings.Contains(err.Error(), "duplicate rule id") {
		t.Errorf("duplicate id: %v", err)
	}
}

// TestBuiltin compiles every builtin rule and checks each fires on its fixture and not on
// benign look-alikes.
func TestBuiltin(t *testing.T) {
	eng, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.Rules()) < 10 {
		t.Fatalf("only %d builtin rules", len(eng.Rules()))
	}
	type fx struct {
		ev   *bonafide.Event
		want string // rule file that must fire; "" = none may fire
	}
	dns := func(d string) *bonafide.Event {
		return &bonafide.Event{Category: bonafide.CategoryNetwork, Source: "sysmon", DestinationDomain: d}
	}
	pkg := func(n string) *bonafide.Event {
		return &bonafide.Event{Category: bonafide.CategoryPackage, Source: "osquery", PackageName: n}
	}
	usb := func(vid, pid, vendor, model, serial string) *bonafide.Event {
		return &bonafide.Event{Category: bonafide.CategoryDevice, Source: "osquery", DeviceVendorID: vid, DeviceProductID: pid, DeviceVendor: vendor, DeviceModel: model, DeviceSerial: serial}
	}
	fixtures := []fx{
		{proc("AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`, ""), "rules/tel_rmm_process_windows.yml"},
		{proc("remoting_host.exe", `C:\Program Files (x86)\Google\Chrome Remote Desktop\128.0.6613.25\remoting_host.exe`, ""), "rules/tel_rmm_process_windows.yml"},
		{proc("", `C:\Users\jdoe\Downloads\rustdesk.exe`, ""), "rules/tel_rmm_process_windows.yml"},
		{proc("AnyDesk", "/Applications/AnyDesk.app/Contents/MacOS/AnyDesk", ""), "rules/tel_rmm_process_macos.yml"},
		{proc("teamviewerd", "/opt/teamviewer/tv_bin/teamviewerd", ""), "rules/tel_rmm_process_linux.yml"},
		{dns("relay-3f2a9c1b.net.anydesk.com"), "rules/tel_rmm_dns.yml"},
		{dns("remotedesktop.google.com"), "rules/tel_rmm_dns.yml"},
		{pkg("Chrome Remote Desktop Host"), "rules/tel_rmm_software.yml"},
		{usb("1d6b", "0104", "PiKVM", "PiKVM Composite Device", "CAFEBABE"), "rules/tel_ipkvm_usb.yml"},
		{usb("1d6b", "0104", "tinypilot", "Multifunction USB Device", "6b2f"), "rules/tel_ipkvm_usb.yml"},
		{usb("1d6b", "0104", "Acme", "Composite", "CAFEBABE"), "rules/tel_ipkvm_usb.yml"},
		{dns("pikvm.local"), "rules/tel_ipkvm_network.yml"},
		{&bonafide.Event{Category: bonafide.CategoryAuthentication, Source: "entra", HostName: "pikvm"}, "rules/tel_ipkvm_signin.yml"},
		{proc("MouseJiggle.exe", `C:\Users\jdoe\Desktop\MouseJiggle.exe`, ""), "rules/tel_jiggler_process.yml"},
		{proc("Move Mouse.exe", `C:\Program Files\WindowsApps\Move Mouse.exe`, ""), "rules/tel_jiggler_process.yml"},
		{usb("0b05", "1234", "Generic", "Mouse Jiggler MJ-3", ""), "rules/tel_jiggler_device.yml"},
		{pkg("Caffeine 1.1.3"), "rules/tel_jiggler_software.yml"},
		{pkg("Move Mouse"), "rules/tel_jiggler_software.yml"},
		// benign look-alikes
		{proc("caffeinate", "/usr/bin/caffeinate", "caffeinate -d"), ""},
		{proc("AnyDeskHelper.exe", `C:\Tools\AnyDeskHelper.exe`, ""), ""},
		{proc("chrome.exe", `C:\Program Files\Google\Chrome\Application\chrome.exe`, "--remote-debugging-port=9222"), ""},
		{dns("notanydesk.com"), ""},
		{dns("anydesk.com.example.net"), ""},
		{dns("pikvm-docs.example.org"), ""},
		{pkg("Google Chrome"), ""},
		{pkg("Caffeine Tracker Pro"), "rules/tel_jiggler_software.yml"}, // documented: "Caffeine *" matches
		{usb("1d6b", "0104", "Linux Foundation", "Multifunction Composite Gadget", "0123"), ""},
		{usb("046d", "c52b", "Logitech", "USB Receiver", ""), ""},
		{&bonafide.Event{Category: bonafide.CategoryAuthentication, Source: "entra", HostName: "LAPTOP-PIKVMX"}, ""},
	}
	fired := map[string]bool{}
	for i, f := range fixtures {
		var got []string
		eng.Match(f.ev, func(r *Rule) { got = append(got, r.File) })
		for _, r := range eng.Rules() {
			if naiveMatch(r, f.ev) != contains(got, r.File) {
				t.Errorf("fixture %d: naive and compiled disagree on %s", i, r.File)
			}
		}
		if f.want == "" {
			if len(got) != 0 {
				t.Errorf("fixture %d (benign): fired %v", i, got)
			}
			continue
		}
		if !contains(got, f.want) {
			t.Errorf("fixture %d: got %v, want %s", i, got, f.want)
		}
		fired[f.want] = true
	}
	for _, r := range eng.Rules() {
		if !fired[r.File] {
			t.Errorf("builtin rule %s has no firing fixture", r.File)
		}
		if r.Signal == "" || r.ID == "" || len(r.ID) != 36 || r.Level == "" || r.Custom["bonafide_sources"] == "" {
			t.Errorf("builtin rule %s lacks id, level, bonafide_signal or bonafide_sources", r.File)
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestDifferential runs random events through all benchmark rules, compiled and naive.
func TestDifferential(t *testing.T) {
	rules := benchRules(t, 100)
	eng, err := Compile(rules...)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for i, ev := range genEvents(3000, 1) {
		got := map[*Rule]bool{}
		eng.Match(ev, func(r *Rule) { got[r] = true })
		for _, r := range rules {
			if n := naiveMatch(r, ev); n != got[r] {
				t.Fatalf("event %d %+v rule %s: compiled %v, naive %v", i, ev, r.File, got[r], n)
			}
		}
		hits += len(got)
	}
	if hits < 100 {
		t.Errorf("only %d hits: the random stream does not exercise the rules", hits)
	}
}

func TestMatchNoAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	eng, err := Compile(benchRules(t, 100)...)
	if err != nil {
		t.Fatal(err)
	}
	events := genEvents(2000, 2)
	n := 0
	fn := func(*Rule) { n++ }
	allocs := testing.AllocsPerRun(20, func() {
		for _, ev := range events {
			eng.Match(ev, fn)
		}
	})
	if allocs != 0 {
		t.Errorf("Match allocates: %v allocations per 2000 events", allocs)
	}
	if n == 0 {
		t.Error("no matches")
	}
}

func TestFoldHelpers(t *testing.T) {
	tests := []struct {
		h, n                    string
		eq, prefix, suffix, has bool
	}{
		{"AnyDesk.EXE", "anydesk.exe", true, true, true, true},
		{"C:\\x\\AnyDesk.exe", "anydesk.exe", false, false, true, true},
		{"\u212aEY", "key", true, true, true, true}, // Kelvin sign lowers to k
		{"STRASSE", "straße", false, false, false, false},
		{"a\xffb", "\ufffdb", false, false, true, true},
		{"", "", true, true, true, true},
		{"abc", "", false, true, true, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q/%q", tc.h, tc.n), func(t *testing.T) {
			_, p := prefixFold(tc.h, tc.n)
			got := []bool{equalFold(tc.h, tc.n), p, suffixFold(tc.h, tc.n, len([]rune(tc.n))), containsFold(tc.h, tc.n)}
			want := []bool{tc.eq, tc.prefix, tc.suffix, tc.has}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("op %d: got %v, want %v", i, got[i], want[i])
				}
			}
		})
	}
}
