package signals

import (
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// reviewOnly are signals that must never add points: ID-NATIONALITY-COMBO is a prompt for a
// human reviewer, because bonafide never uses nationality as a signal (DESIGN.md).
var reviewOnly = map[string]bool{"ID-NATIONALITY-COMBO": true}

func TestCatalogueIntegrity(t *testing.T) {
	sigs := Catalogue()
	// The 56 rows of SIGNALS.md plus bonafide's own: APP-WATCHLIST-NAME and
	// APP-WATCHLIST-NAME-DOB (name matches, split from APP-WATCHLIST so that they carry their
	// own weights and caps).
	if len(sigs) != 56+2 {
		t.Errorf("%d signals, want the 56 rows of SIGNALS.md + 2", len(sigs))
	}
	keys := map[string]bool{}
	for _, s := range Sources() {
		if keys[s.Key] {
			t.Errorf("source %s listed twice", s.Key)
		}
		keys[s.Key] = true
		if s.Title == "" {
			t.Errorf("source %s has no title", s.Key)
		}
		if s.URL != "" {
			u, err := url.Parse(s.URL)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				t.Errorf("source %s: bad URL %q", s.Key, s.URL)
			}
		}
	}
	idRe := regexp.MustCompile(`^[A-Z]+(-[A-Z0-9]+)+$`)
	phases := map[string]bool{"application": true, "onboarding": true, "references": true, "interview": true,
		"telemetry": true, "payments": true, "network": true}
	severities := map[bonafide.Severity]bool{bonafide.SeverityInfo: true, bonafide.SeverityLow: true,
		bonafide.SeverityMedium: true, bonafide.SeverityHigh: true}
	seen := map[string]bool{}
	usedKeys := map[string]bool{}
	for _, s := range sigs {
		if seen[s.ID] {
			t.Errorf("duplicate signal %s", s.ID)
		}
		seen[s.ID] = true
		if !idRe.MatchString(s.ID) {
			t.Errorf("%s: malformed ID", s.ID)
		}
		if !phases[s.Phase] {
			t.Errorf("%s: unknown phase %q", s.ID, s.Phase)
		}
		if s.Title == "" || s.Condition == "" {
			t.Errorf("%s: title and condition are required", s.ID)
		}
		switch s.Strength {
		case bonafide.StrengthHigh, bonafide.StrengthMedium, bonafide.StrengthLow:
		default:
			t.Errorf("%s: strength %q", s.ID, s.Strength)
		}
		if !severities[s.Severity] {
			t.Errorf("%s: severity %q", s.ID, s.Severity)
		}
		if reviewOnly[s.ID] {
			if s.Weight != 0 || s.Cap != 0 || s.Implemented {
				t.Errorf("%s is review-only: weight and cap must be 0 and it must not be implemented", s.ID)
			}
		} else if s.Weight <= 0 || s.Cap < s.Weight {
			t.Errorf("%s: weight %g, cap %g; want 0 < weight <= cap", s.ID, s.Weight, s.Cap)
		}
		if len(s.Sources) == 0 {
			t.Errorf("%s: no sources", s.ID)
		}
		for _, k := range s.Sources {
			usedKeys[k] = true
			if !keys[k] {
				t.Errorf("%s: source %q is not in sources.json", s.ID, k)
			}
		}
		_, here := detectors[s.ID]
		_, elsewhere := ImplementedElsewhere[s.ID]
		if here && elsewhere {
			t.Errorf("%s: detector both here and in %s", s.ID, ImplementedElsewhere[s.ID])
		}
		if ok := here || elsewhere; ok != s.Implemented {
			t.Errorf("%s: implemented=%v but detector present=%v", s.ID, s.Implemented, ok)
		}
		got, ok := Lookup(s.ID)
		if !ok || got.ID != s.ID || !slices.Equal(got.Sources, s.Sources) {
			t.Errorf("Lookup(%s) = %+v, %v", s.ID, got, ok)
		}
	}
	for id := range detectors {
		if !seen[id] {
			t.Errorf("detector %s has no catalogue entry", id)
		}
	}
	for k := range keys {
		if !usedKeys[k] {
			t.Errorf("source %s is cited by no signal", k)
		}
	}
	if _, ok := Lookup("NO-SUCH-SIGNAL"); ok {
		t.Error("Lookup of an unknown ID succeeded")
	}
}

// TestWeightsDecided pins the weights the lead decided (weights.md) for implemented signals.
func TestWeightsDecided(t *testing.T) {
	want := map[string][2]float64{
		"APP-WATCHLIST": {100, 100}, "PAY-WALLET-SANCTIONED": {100, 100}, "APP-SHARED-IDENT": {50, 100},
		"PAY-ACCOUNT-SHARED": {60, 60}, "SHIP-ADDR-DIFFERS": {30, 30}, "SHIP-ADDR-REUSED": {45, 45},
		"SHIP-ADDR-MAILBOX": {40, 40}, "REF-SHARED-WITH-CANDIDATE": {50, 50}, "REF-SHARED-ACROSS": {35, 35},
		"REF-IS-PERSONA": {50, 50}, "REF-FREEMAIL-CORPORATE": {10, 20}, "APP-EMAIL-DISPOSABLE": {25, 25},
		"APP-PHONE-VOIP": {20, 20}, "APP-PHONE-COUNTRY": {10, 10}, "APP-TIMELINE": {20, 30},
		"APP-TECH-ANACHRONISM": {25, 40}, "PAY-COUNTRY": {15, 15},
	}
	for id, wc := range want {
		s, ok := Lookup(id)
		if !ok || s.Weight != wc[0] || s.Cap != wc[1] {
			t.Errorf("%s: weight/cap %g/%g, want %g/%g", id, s.Weight, s.Cap, wc[0], wc[1])
		}
	}
	kinds := map[bonafide.IdentifierKind]float64{bonafide.KindEmail: 50, bonafide.KindPhone: 45, bonafide.KindURL: 50,
		bonafide.KindDevice: 45, bonafide.KindIP: 20, bonafide.KindAddress: 10}
	for k, w := range kinds {
		if sharedIdentWeight[k] != w {
			t.Errorf("APP-SHARED-IDENT weight for %s = %g, want %g", k, sharedIdentWeight[k], w)
		}
	}
}

func TestCatalogueIsACopy(t *testing.T) {
	a := Catalogue()
	a[0].Sources[0] = "CHANGED"
	a[0].Weight = -1
	b, _ := Lookup(a[0].ID)
	if b.Sources[0] == "CHANGED" || b.Weight == -1 {
		t.Error("Catalogue returned shared data")
	}
}

func TestTechTable(t *testing.T) {
	techs := TechReleases()
	if len(techs) < 30 {
		t.Errorf("%d technologies, want at least 30", len(techs))
	}
	names := map[string]bool{}
	for _, tc := range techs {
		if names[tc.Name] {
			t.Errorf("technology %s listed twice", tc.Name)
		}
		names[tc.Name] = true
		u, err := url.Parse(tc.Source)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: source %q is not an https URL", tc.Name, tc.Source)
		}
		if tc.release < month(1990*12) || tc.release > monthOf(testNow) {
			t.Errorf("%s: release %s out of range", tc.Name, tc.Released)
		}
		for _, a := range tc.Aliases {
			if a.Context && len(tc.Context) == 0 {
				t.Errorf("%s: alias %q needs context but the technology has no context terms", tc.Name, a.Text)
			}
		}
	}
	for _, must := range []string{"Next.js", "Solidity", "Hardhat", "Foundry", "Solana", "Rust", "Go"} {
		if !names[must] {
			t.Errorf("technology %s missing", must)
		}
	}
	if _, err := parseTechTable([]byte(`{"technologies":[{"name":"X","released":"2020-13","aliases":[{"text":"x"}]}]}`)); err == nil {
		t.Error("bad release month accepted")
	}
	if _, err := parseTechTable([]byte(`{"technologies":[{"name":"X","released":"2020-01"}]}`)); err == nil {
		t.Error("technology without aliases accepted")
	}
}
