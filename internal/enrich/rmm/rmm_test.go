package rmm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func loadShared(tb testing.TB) *Catalogue {
	tb.Helper()
	p := shareddata.Path(tb, "rmm/rmm_tools.json")
	c, err := Load(filepath.Dir(filepath.Dir(p)))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

type procCase struct {
	name, path string
	want       string // tool name; "" = no match
	by         string
}

var procCases = []procCase{
	{"AnyDesk.exe", "", "AnyDesk", ByProcess},
	{"ANYDESK.EXE", "", "AnyDesk", ByProcess},
	{"TeamViewer.exe", "", "TeamViewer", ByProcess},
	{"", `C:\Program Files (x86)\Google\Chrome Remote Desktop\130.0\remoting_host.exe`, "Chrome Remote Desktop", ByProcess},
	{"rustdesk.exe", "", "RustDesk", ByProcess},
	{"notepad.exe", "", "", ""},
	{"setup.exe", "", "", ""},
}

func TestMatchProcessShared(t *testing.T) {
	c := loadShared(t)
	if n := len(c.Tools()); n < 300 {
		t.Errorf("%d tools, want ≥ 300", n)
	}
	cases := append(procCases,
		procCase{"rustdesk-1.3.2-x86_64.exe", "", "RustDesk", ByProcess},
		procCase{"foo.exe", `C:\Program Files (x86)\AnyDesk\foo.exe`, "AnyDesk", ByPath},
		procCase{"kitty.exe", "", "KiTTY", ByProcess},
	)
	for _, tt := range cases {
		got, ok := c.MatchProcess(tt.name, tt.path)
		if ok != (tt.want != "") || got.Name != tt.want || got.By != tt.by {
			t.Errorf("MatchProcess(%q, %q) = %+v, %v; want %q by %q", tt.name, tt.path, got, ok, tt.want, tt.by)
		}
		if ok && got.Source != SourceLOLRMM {
			t.Errorf("%s: source %q", tt.name, got.Source)
		}
	}
}

func TestMatchDomainShared(t *testing.T) {
	c := loadShared(t)
	tests := []struct{ host, want string }{
		{"relay-1a2b3c4d.net.anydesk.com", "AnyDesk"},
		{"boot.net.anydesk.com", "AnyDesk"},
		{"router15.TeamViewer.com.", "TeamViewer"},
		{"remotedesktop-pa.googleapis.com", "Chrome Remote Desktop"},
		{"rs-ny.rustdesk.com", "RustDesk"},
		{"plus2.site24x7.com", "Site24x7"},
		{"teamviewer.com.example.net", ""},
		{"example.com", ""},
	}
	for _, tt := range tests {
		got, ok := c.MatchDomain(tt.host)
		if ok != (tt.want != "") || (ok && !strings.HasPrefix(got.Name, tt.want)) {
			t.Errorf("MatchDomain(%q) = %+v, %v; want %q", tt.host, got, ok, tt.want)
		}
	}
}

func TestEmbeddedInLOLRMM(t *testing.T) {
	c := loadShared(t)
	for _, e := range embedded {
		for _, x := range e.exes {
			if got, ok := c.MatchProcess(x, ""); !ok || got.Source != SourceLOLRMM {
				t.Errorf("embedded %s executable %s not in LOLRMM (%+v)", e.name, x, got)
			}
		}
		for _, d := range e.domains {
			h := strings.Replace(d, "*", "x1", 1)
			if got, ok := c.MatchDomain(h); !ok || got.Source != SourceLOLRMM {
				t.Errorf("embedded %s domain %s not in LOLRMM (%+v)", e.name, d, got)
			}
		}
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	if n := len(c.Tools()); n != len(embedded) {
		t.Errorf("%d tools", n)
	}
	for _, tt := range procCases {
		got, ok := c.MatchProcess(tt.name, tt.path)
		if ok != (tt.want != "") || got.Name != tt.want || (ok && got.Source != SourceEmbedded) {
			t.Errorf("Default MatchProcess(%q, %q) = %+v, %v; want %q", tt.name, tt.path, got, ok, tt.want)
		}
	}
	pk := []struct{ pkg, want string }{
		{"AnyDesk", "AnyDesk"},
		{"TeamViewer 15", "TeamViewer"},
		{"Chrome Remote Desktop Host", "Chrome Remote Desktop"},
		{"rustdesk-1.2.3", "RustDesk"},
		{"Zoho Assist", "Zoho Assist"},
		{"Zoho Mail", ""},
		{"AnyDeskHelper", ""},
		{"Microsoft Teams", ""},
	}
	for _, tt := range pk {
		got, ok := c.MatchPackage(tt.pkg)
		if ok != (tt.want != "") || got.Name != tt.want || (ok && got.By != ByPackage) {
			t.Errorf("MatchPackage(%q) = %+v, %v; want %q", tt.pkg, got, ok, tt.want)
		}
	}
	if got, ok := c.MatchDomain("xyz.anydesk.com"); !ok || got.Name != "AnyDesk" {
		t.Errorf("MatchDomain = %+v %v", got, ok)
	}
}

func TestAllow(t *testing.T) {
	c := Default()
	if unknown := c.Allow("teamviewer", "NoSuchTool"); len(unknown) != 1 || unknown[0] != "NoSuchTool" {
		t.Errorf("unknown = %q", unknown)
	}
	if got, _ := c.MatchProcess("TeamViewer.exe", ""); !got.Allowed {
		t.Errorf("TeamViewer not allowed: %+v", got)
	}
	if got, _ := c.MatchProcess("AnyDesk.exe", ""); got.Allowed {
		t.Errorf("AnyDesk allowed: %+v", got)
	}
}

func TestNoAlloc(t *testing.T) {
	c := Default()
	n := testing.AllocsPerRun(100, func() {
		c.MatchProcess("AnyDesk.exe", "")
		c.MatchProcess("", `C:\Tools\Unknown.EXE`)
		c.MatchDomain("relay-1.net.AnyDesk.com")
		c.MatchPackage("TeamViewer 15")
	})
	if n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}

func TestParseFixture(t *testing.T) {
	f, err := os.Open("testdata/tools.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Parse(f, "tools.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want, by string
	}{
		{"ExampleRemote.exe", "", "Example Remote", ByProcess},
		{"exrsvc.exe", "", "Example Remote", ByProcess},
		{"agent.exe", `C:\Program Files\Example Remote\agent.exe`, "Example Remote", ByPath},
		{"agent.exe", `/opt/exrd/bin/agent.exe`, "Example RAT", ByPath},
		{"exrat-2.exe", "", "Example RAT", ByProcess},
	}
	for _, tt := range tests {
		got, ok := c.MatchProcess(tt.name, tt.path)
		if !ok || got.Name != tt.want || got.By != tt.by {
			t.Errorf("MatchProcess(%q,%q) = %+v %v, want %s by %s", tt.name, tt.path, got, ok, tt.want, tt.by)
		}
	}
	if got, ok := c.MatchDomain("relay-0badf00d.example.net"); !ok || got.Name != "Example Remote" || got.Category != "RMM" {
		t.Errorf("MatchDomain = %+v %v", got, ok)
	}
	if got, ok := c.MatchDomain("c2.example.org"); !ok || got.Name != "Example RAT" || got.Category != "RAT" {
		t.Errorf("MatchDomain = %+v %v", got, ok)
	}
	if _, ok := c.MatchDomain("user_managed"); ok {
		t.Error("placeholder domain matched")
	}
}

func TestParseBad(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"Name":"x"}`, `bad.json: want a JSON array`},
		{`[{"Name":"A"},{"Name":""}]`, `bad.json record [1] field "Name": tool has no name`},
		{`[{"Name":"A","Details":{"PEMetadata":"x.exe"}}]`, `bad.json record [0] field "Details.PEMetadata"`},
		{`[{"Name":"A","Details":{"InstallationPaths":7}}]`, `bad.json record [0]: bad tool record`},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in), "bad.json")
		var ie *bonafide.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) err = %v, want %q", tt.in, err, tt.want)
		}
	}
	if _, err := Load(t.TempDir()); bonafide.KindOf(err) != bonafide.NotFound || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(empty) err = %v", err)
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{`c:\*\kitty.exe`, `C:\Users\bob\KiTTY.exe`, true},
		{`c:\*\kitty.exe`, `C:/Users/bob/kitty.exe`, true},
		{`c:\*\kitty.exe`, `D:\kitty.exe`, false},
		{`rustdesk*.exe`, `rustdesk.exe`, true},
		{`a?c`, `abc`, true},
		{`a?c`, `ac`, false},
		{`*`, ``, true},
		{`**x`, `yyx`, true},
	}
	for _, tt := range tests {
		if got := match(tt.pat, tt.s); got != tt.want {
			t.Errorf("match(%q, %q) = %v", tt.pat, tt.s, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	b, _ := os.ReadFile("testdata/tools.json")
	f.Add(string(b))
	f.Add(`[{"Name":"A","Details":{"PEMetadata":[{"Filename":"A*.EXE"}],"InstallationPaths":["C:\\x\\"]},"Artifacts":{"Network":[{"Domains":["*.a.com","b[0-9]{2}.c.com:1"]}]}}]`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(strings.NewReader(s), "f.json")
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "f.json" {
				t.Fatalf("error %v is not an InputError", err)
			}
			return
		}
		c.MatchProcess("A.exe", `C:\x\A.exe`)
		c.MatchDomain("x.a.com")
		c.MatchPackage("A 1")
	})
}

func BenchmarkMatchProcess(b *testing.B) {
	c := loadShared(b)
	names := []string{"AnyDesk.exe", "chrome.exe", "svchost.exe", "TeamViewer.exe", "Code.exe"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.MatchProcess(names[i%len(names)], "")
	}
}
