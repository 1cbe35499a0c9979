package signals

import (
	"bytes"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSignalsDocUpToDate fails when docs/signals.md differs from what the catalogue generates.
// Regenerate with: go run ./internal/signals/gen
func TestSignalsDocUpToDate(t *testing.T) {
	dir := shareddata.ModuleRoot()
	got, err := os.ReadFile(filepath.Join(dir, "docs", "signals.md"))
	if err != nil {
		t.Fatalf("docs/signals.md: %v (generate it: go run ./internal/signals/gen)", err)
	}
	if !bytes.Equal(got, Markdown()) {
		t.Fatal("docs/signals.md is stale: run `go run ./internal/signals/gen` from the repository root")
	}
}

func TestMarkdownContent(t *testing.T) {
	md := string(Markdown())
	for _, want := range []string{
		"| APP-SHARED-IDENT | application |",
		"| 50 / 100 | FBI22, Sardine | yes |",
		"| ID-NATIONALITY-COMBO | onboarding |",
		"| FBI22 | US Department of State",
		"<https://www.ic3.gov/PSA/2025/PSA250123>",
		"| Solidity | 2014-08 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| APP-") && strings.Count(line, " | ") != 7 {
			t.Errorf("row with a stray column separator: %s", line)
		}
	}
}
