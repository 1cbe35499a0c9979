package osquery

import (
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// TestRegistryKeyboardLayout: a scheduled query over the Windows registry's keyboard-layout
// preload list gives the layout (KLID) as host.locale; other registry rows keep their columns.
func TestRegistryKeyboardLayout(t *testing.T) {
	in := `{"name":"pack_hr_keyboard_layouts","hostIdentifier":"5c1e7d2a-host","calendarTime":"Mon Mar 10 09:00:00 2025 UTC","unixTime":1741597200,"epoch":0,"counter":3,"numerics":false,"decorations":{"hostname":"ACME-LT-0007"},"columns":{"key":"HKEY_USERS\\S-1-5-21-1\\Keyboard Layout\\Preload","path":"HKEY_USERS\\S-1-5-21-1\\Keyboard Layout\\Preload\\1","name":"1","type":"REG_SZ","data":"00000412","mtime":"1741500000"},"action":"added"}
{"name":"pack_it_run_keys","hostIdentifier":"5c1e7d2a-host","calendarTime":"Mon Mar 10 09:00:00 2025 UTC","unixTime":1741597200,"epoch":0,"counter":4,"numerics":false,"decorations":{"hostname":"ACME-LT-0007"},"columns":{"key":"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run","path":"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\AnyDesk","name":"AnyDesk","type":"REG_SZ","data":"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe --tray","mtime":"1741500000"},"action":"added"}
`
	var evs []*bonafide.Event
	if err := Parse(strings.NewReader(in), "registry.log", func(e *bonafide.Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	k := evs[0]
	if k.Dataset != "osquery.registry" || k.Category != bonafide.CategoryConfiguration || k.HostLocale != "00000412" || k.HostName != "ACME-LT-0007" {
		t.Errorf("keyboard layout row: %+v", k)
	}
	r := evs[1]
	if r.Dataset != "osquery.registry" || r.HostLocale != "" || !strings.Contains(r.Extra["columns.data"], "AnyDesk.exe") {
		t.Errorf("run-key row: locale %q, extra %v", r.HostLocale, r.Extra)
	}
}
