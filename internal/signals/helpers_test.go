package signals

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

var testNow = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)

// id builds an already-normalised identifier; attrs are key, value pairs.
func id(kind bonafide.IdentifierKind, purpose bonafide.Purpose, value string, attrs ...string) bonafide.Identifier {
	x := bonafide.Identifier{Kind: kind, Purpose: purpose, Raw: value, Value: value}
	for i := 0; i+1 < len(attrs); i += 2 {
		if x.Attrs == nil {
			x.Attrs = map[string]string{}
		}
		x.Attrs[attrs[i]] = attrs[i+1]
	}
	return x
}

func email(v string) bonafide.Identifier {
	return id(bonafide.KindEmail, bonafide.PurposeContact, v, "domain", v[strings.LastIndexByte(v, '@')+1:])
}
func phone(v, country string, attrs ...string) bonafide.Identifier {
	x := id(bonafide.KindPhone, bonafide.PurposeContact, v, attrs...)
	x.Country = country
	return x
}
func home(v string) bonafide.Identifier {
	x := id(bonafide.KindAddress, bonafide.PurposeHome, v)
	x.Country = v[:2]
	return x
}
func shipping(v string, attrs ...string) bonafide.Identifier {
	x := id(bonafide.KindAddress, bonafide.PurposeShipping, v, attrs...)
	x.Country = v[:2]
	return x
}

func person(pid, name string, ids ...bonafide.Identifier) *bonafide.Person {
	return &bonafide.Person{ID: pid, Name: name, Role: bonafide.RoleApplicant, Identifiers: ids}
}

func ref(name, company string, ids ...bonafide.Identifier) bonafide.Reference {
	return bonafide.Reference{Name: name, Company: company, Identifiers: ids}
}

func ym(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

// fakeDomains classifies listed domains and their subdomains.
type fakeDomains map[string]string

func (f fakeDomains) Class(d string) string {
	for {
		if c, ok := f[d]; ok {
			return c
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			return ""
		}
		d = d[i+1:]
	}
}

var testDomains = fakeDomains{"mailinator.com": "disposable", "gmail.com": "freemail", "proton.me": "freemail"}

// fakeWatchlist returns hits keyed by "kind|value".
type fakeWatchlist map[string][]bonafide.WatchlistHit

func (f fakeWatchlist) Match(kind bonafide.IdentifierKind, value string) []bonafide.WatchlistHit {
	return f[string(kind)+"|"+value]
}

// run runs one detector over the population as Detect does.
func run(det detector, people []*bonafide.Person, cfg Env) []bonafide.Finding {
	if cfg.Now.IsZero() {
		cfg.Now = testNow
	}
	e := newEnv(people, cfg)
	var out []bonafide.Finding
	for i, p := range e.people {
		e.cur = int32(i)
		det(e, p, func(f bonafide.Finding) { out = append(out, f) })
	}
	return sortFindings(out)
}

// brief renders findings as "person key weight [related]" lines for table tests.
func brief(fs []bonafide.Finding) []string {
	var out []string
	for _, f := range fs {
		s := fmt.Sprintf("%s %s %g", f.PersonID, f.Key, f.Weight)
		if len(f.Related) > 0 {
			s += " [" + strings.Join(f.Related, " ") + "]"
		}
		out = append(out, s)
	}
	return out
}

// checkBrief compares brief(fs) with want and checks catalogue fields on every finding.
func checkBrief(t *testing.T, sig string, fs []bonafide.Finding, want []string) {
	t.Helper()
	got := brief(fs)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got  %q\n want %q", got, want)
	}
	s, _ := Lookup(sig)
	for _, f := range fs {
		if f.SignalID != sig || f.Severity != wantSeverity(f) || !slices.Equal(f.Sources, s.Sources) {
			t.Errorf("finding %+v: want signal %s, severity %s, sources %v", f, sig, wantSeverity(f), s.Sources)
		}
		if f.Summary == "" || len(f.Evidence) == 0 {
			t.Errorf("finding %s/%s lacks summary or evidence", f.PersonID, f.Key)
		}
		for _, ev := range f.Evidence {
			if ev.Note == "" {
				t.Errorf("finding %s/%s: evidence %q without note", f.PersonID, f.Key, ev.Field)
			}
		}
	}
}

// wantSeverity is the severity a finding must carry: the catalogue's, or for graded evidence
// (a weight other than the signal's) the grade of its points.
func wantSeverity(f bonafide.Finding) bonafide.Severity {
	s, _ := Lookup(f.SignalID)
	if f.Weight != s.Weight {
		return severityOf(f.Weight)
	}
	return s.Severity
}
