package signals

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// FuzzDetect builds a small population from fuzzed strings and checks Detect's invariants: no
// panic, sorted unique findings, catalogue fields set, bounded Related, no self-relations.
func FuzzDetect(f *testing.F) {
	f.Add("Ann Lee", "Bo Chen", "+445601234567", "x@mailinator.com", "US|10001|1 main st", "Solidity, Go", int64(2012), int64(30))
	f.Add("", "", "", "", "", "", int64(0), int64(0))
	f.Add("Same", "same", "p", "e@gmail.com", "a", "(Go)", int64(-5), int64(-40))
	f.Fuzz(func(t *testing.T, n1, n2, ph, em, addr, text string, year, months int64) {
		start := time.Date(int(1990+year%60), time.Month(1+months%12+12)%12+1, 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, int(months%200), 0)
		mk := func(pid, name string) *bonafide.Person {
			p := person(pid, name,
				id(bonafide.KindPhone, bonafide.PurposeContact, ph, "line_type", "voip"),
				id(bonafide.KindEmail, bonafide.PurposeContact, em),
				id(bonafide.KindAddress, bonafide.PurposeShipping, addr, "po_box", text),
				id(bonafide.KindAddress, bonafide.PurposeHome, addr+text),
				id(bonafide.KindIBAN, bonafide.PurposePayout, text),
			)
			p.Country = strings.ToUpper(text)
			p.References = []bonafide.Reference{ref(n2, text, id(bonafide.KindEmail, "", em), id(bonafide.KindPhone, "", ph))}
			p.Claims = []bonafide.Claim{
				{Kind: bonafide.ClaimEmployment, Org: n1, Title: text, Text: text, Start: start, End: end, FullTime: true},
				{Kind: bonafide.ClaimEmployment, Org: n2, Text: text, Start: start, Current: true, FullTime: true},
			}
			return p
		}
		people := []*bonafide.Person{mk("A-1", n1), mk("A-2", n2), mk("A-3", n1+n2)}
		fs, err := Detect(context.Background(), people, Env{Domains: testDomains, Watchlist: testWatchlist, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range fs {
			if i > 0 {
				p := fs[i-1]
				if p.PersonID > f.PersonID || (p.PersonID == f.PersonID && (p.SignalID > f.SignalID ||
					(p.SignalID == f.SignalID && p.Key >= f.Key))) {
					t.Fatalf("findings not sorted/unique at %d: %v / %v", i, p, f)
				}
			}
			s, ok := Lookup(f.SignalID)
			if !ok || !s.Implemented || f.Severity != wantSeverity(f) || f.Weight <= 0 || f.Summary == "" || f.Key == "" {
				t.Fatalf("bad finding %+v", f)
			}
			if len(f.Related) > MaxRelated {
				t.Fatalf("too many related: %v", f.Related)
			}
			for _, r := range f.Related {
				if r == f.PersonID {
					t.Fatalf("self-relation in %+v", f)
				}
			}
		}
	})
}
