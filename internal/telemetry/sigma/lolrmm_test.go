package sigma

import (
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// TestRMMRulesFromLOLRMM checks that the TEL-RMM rules' Windows executable names and DNS
// domains come from the LOLRMM catalogue in the shared reference data.
func TestRMMRulesFromLOLRMM(t *testing.T) {
	tools, err := os.ReadFile(shareddata.Path(t, "rmm/rmm_tools.json"))
	if err != nil {
		t.Fatal(err)
	}
	domains, err := os.ReadFile(shareddata.Path(t, "rmm/rmm_domains.csv"))
	if err != nil {
		t.Fatal(err)
	}
	toolText := strings.ToLower(string(tools))
	domainText := strings.ToLower(string(domains))
	rules, err := BuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range rules {
		var corpus string
		switch r.File {
		case "rules/tel_rmm_process_windows.yml":
			corpus = toolText
		case "rules/tel_rmm_dns.yml":
			corpus = domainText
		default:
			continue
		}
		for _, name := range r.Detection.Names {
			for _, fm := range r.Detection.Selections[name].Alternatives[0] {
				for _, v := range fm.Values {
					s := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(*v, `\`), "."))
					if fm.ECS == "process.executable" || fm.ECS == "process.name" || fm.ECS == "destination.domain" {
						checked++
						if !strings.Contains(corpus, s) {
							t.Errorf("%s: %q is not in the LOLRMM catalogue", r.File, *v)
						}
					}
				}
			}
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d values", checked)
	}
}
