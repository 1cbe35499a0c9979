package sigma

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestTestdataRules(t *testing.T) {
	rules, err := ParseFS(os.DirFS("testdata"), "good")
	if err != nil {
		t.Fatal(err)
	}
	eng, err := Compile(rules...)
	if err != nil {
		t.Fatal(err)
	}
	ev := func(name, path, parent, cmd string) *bonafide.Event {
		return &bonafide.Event{Category: bonafide.CategoryProcess, Source: "sysmon", ProcessName: name, ProcessPath: path,
			ParentName: parent, ProcessCommandLine: cmd, SourceIP: netip.MustParseAddr("192.0.2.10")}
	}
	tests := []struct {
		ev   *bonafide.Event
		want int
	}{
		{ev("cmd.exe", `C:\Windows\System32\cmd.exe`, "AnyDesk.exe", "cmd.exe /c whoami"), 1},
		{ev("pwsh.exe", `C:\Program Files\PowerShell\7\pwsh.exe`, "AnyDesk.exe", "pwsh"), 0},
		{ev("powershell.exe", "", "anydesk.exe", "powershell -nop"), 1},
		{ev("cmd.exe", `C:\Windows\System32\cmd.exe`, "AnyDesk.exe", "cmd /?"), 0},
		{ev("cmd.exe", `C:\Windows\System32\cmd.exe`, "explorer.exe", "cmd.exe"), 0},
	}
	for i, tc := range tests {
		n := 0
		eng.Match(tc.ev, func(r *Rule) {
			n++
			if r.Title != "Shell Spawned by AnyDesk" || r.Level != "medium" {
				t.Errorf("rule %+v", r)
			}
		})
		if n != tc.want {
			t.Errorf("event %d: %d matches, want %d", i, n, tc.want)
		}
	}
	_, err = ParseFS(os.DirFS("testdata"), "bad")
	if err == nil || !strings.Contains(err.Error(), "bad/count.yml:") || !strings.Contains(err.Error(), "aggregation") {
		t.Errorf("bad rule error: %v", err)
	}
}
