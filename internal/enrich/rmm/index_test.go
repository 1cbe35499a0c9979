package rmm

import (
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// TestPathIndexAgreesWithScan: for a path made from every LOLRMM install-path glob (wildcards
// filled in), the indexed MatchProcess matches exactly when a linear scan over all globs does.
func TestPathIndexAgreesWithScan(t *testing.T) {
	shareddata.Path(t, "rmm/rmm_tools.json")
	c, err := Load(shareddata.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.pathGlobs) < 100 {
		t.Fatalf("only %d path globs", len(c.pathGlobs))
	}
	linear := func(path string) bool {
		for _, g := range c.pathGlobs {
			if match(g.pat, path) {
				return true
			}
		}
		return false
	}
	fill := strings.NewReplacer("*", "Data", "?", "x")
	paths := []string{`C:\Windows\System32\notepad.exe`, `/usr/bin/bash`, `C:\Users\jo\AppData\Local\Programs\Microsoft VS Code\Code.exe`}
	for _, g := range c.pathGlobs {
		p := fill.Replace(g.pat)
		paths = append(paths, p, strings.ToUpper(p), strings.ReplaceAll(p, `\`, "/"))
	}
	hits := 0
	for _, p := range paths {
		_, got := c.MatchProcess("", p)
		if want := linear(strings.ToLower(p)) || linear(p); got != want {
			t.Errorf("%q: indexed %v, linear %v", p, got, want)
		}
		if got {
			hits++
		}
	}
	t.Logf("%d path globs (%d indexed by segment, %d unindexed); %d of %d sample paths match", len(c.pathGlobs), len(c.pathGlobs)-len(c.pathRest), len(c.pathRest), hits, len(paths))
}

func BenchmarkMatchProcessPath(b *testing.B) {
	shareddata.Path(b, "rmm/rmm_tools.json")
	c, err := Load(shareddata.Dir())
	if err != nil {
		b.Fatal(err)
	}
	paths := []string{`C:\Program Files\Google\Chrome\Application\chrome.exe`, `C:\Users\jo\AppData\Local\Microsoft\Teams\current\Teams.exe`, `/Applications/Slack.app/Contents/MacOS/Slack`}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.MatchProcess("", paths[i%len(paths)])
	}
}
