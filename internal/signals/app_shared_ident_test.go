package signals

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestSharedIdent(t *testing.T) {
	ph := phone("+445601234567", "GB")
	dev := id(bonafide.KindDevice, bonafide.PurposeApplication, "fp-9c1e")
	ip := id(bonafide.KindIP, bonafide.PurposeApplication, "203.0.113.7")
	gh := id(bonafide.KindURL, bonafide.PurposeProfile, "github:maria-dev")
	iban := id(bonafide.KindIBAN, bonafide.PurposePayout, "DE89370400440532013000")
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"phone shared by two names", []*bonafide.Person{
			person("A-1", "Ann Lee", ph), person("A-2", "Maria Santos", ph)},
			[]string{"A-1 phone:+445601234567 45 [A-2]", "A-2 phone:+445601234567 45 [A-1]"}},
		{"same normalised name is one person", []*bonafide.Person{
			person("A-1", "María Santos", ph), person("A-2", "santos, maria", ph)}, nil},
		{"weights by kind", []*bonafide.Person{
			person("A-1", "Ann Lee", email("x@gmail.com"), dev, ip, gh, home("PT|1100-053|rua augusta 120")),
			person("A-2", "Bo Chen", email("x@gmail.com"), dev, ip, gh, home("PT|1100-053|rua augusta 120"))},
			[]string{
				"A-1 address:PT|1100-053|rua augusta 120 10 [A-2]", "A-1 device:fp-9c1e 45 [A-2]",
				"A-1 email:x@gmail.com 50 [A-2]", "A-1 ip:203.0.113.7 20 [A-2]", "A-1 url:github:maria-dev 50 [A-2]",
				"A-2 address:PT|1100-053|rua augusta 120 10 [A-1]", "A-2 device:fp-9c1e 45 [A-1]",
				"A-2 email:x@gmail.com 50 [A-1]", "A-2 ip:203.0.113.7 20 [A-1]", "A-2 url:github:maria-dev 50 [A-1]"}},
		{"home vs someone's shipping address is not this signal", []*bonafide.Person{
			person("A-1", "Ann Lee", home("US|10001|1 main st")), person("A-2", "Bo Chen", shipping("US|10001|1 main st"))}, nil},
		{"payout accounts are PAY-ACCOUNT-SHARED", []*bonafide.Person{
			person("A-1", "Ann Lee", iban), person("A-2", "Bo Chen", iban)}, nil},
		{"three holders, one same-name duplicate", []*bonafide.Person{
			person("A-1", "Ann Lee", ph), person("A-2", "Ann Lee", ph), person("A-3", "Bo Chen", ph)},
			[]string{"A-1 phone:+445601234567 45 [A-3]", "A-2 phone:+445601234567 45 [A-3]", "A-3 phone:+445601234567 45 [A-1 A-2]"}},
		{"unknown names are never the same person", []*bonafide.Person{
			person("A-1", "", ph), person("A-2", "", ph)},
			[]string{"A-1 phone:+445601234567 45 [A-2]", "A-2 phone:+445601234567 45 [A-1]"}},
		{"listed twice by one person", []*bonafide.Person{
			person("A-1", "Ann Lee", ph, ph)}, nil},
		{"unnormalised values never match", []*bonafide.Person{
			person("A-1", "Ann Lee", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "n/a"}),
			person("A-2", "Bo Chen", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "n/a"})}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "APP-SHARED-IDENT", run(detectSharedIdent, tt.people, Env{}), tt.want)
		})
	}
}

func TestSharedIdentSummary(t *testing.T) {
	ph := phone("+44 56 0123 4567", "GB")
	ph.Value = "+445601234567"
	fs := run(detectSharedIdent, []*bonafide.Person{person("A-1000", "Ann Lee", ph), person("A-1031", "Maria Santos", ph)}, Env{})
	if want := "Phone +44 56 0123 4567 is also given by Maria Santos (A-1031)."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
	if fs[0].Evidence[0].Value != "+445601234567" || fs[0].Evidence[0].Field != "phone" {
		t.Errorf("evidence %+v", fs[0].Evidence[0])
	}
}

// TestSharedIdentHub: an identifier held by hundreds of people (an agency's phone) still yields
// findings, with Related capped at MaxRelated and the full count in the evidence, and the
// same-name rule still applies inside the hub.
func TestSharedIdentHub(t *testing.T) {
	ph := phone("+442000000000", "GB")
	var people []*bonafide.Person
	for i := range 300 {
		name := fmt.Sprintf("Person %03d", i)
		if i < 5 {
			name = "Same Name" // five records of one person
		}
		people = append(people, person(fmt.Sprintf("A-%04d", i), name, ph))
	}
	fs := run(detectSharedIdent, people, Env{})
	if len(fs) != 300 {
		t.Fatalf("%d findings, want 300", len(fs))
	}
	for _, f := range fs {
		if len(f.Related) != MaxRelated {
			t.Fatalf("%s: %d related, want %d", f.PersonID, len(f.Related), MaxRelated)
		}
		for _, r := range f.Related {
			if r == f.PersonID {
				t.Fatalf("%s relates to itself", f.PersonID)
			}
		}
	}
	// A-0000 is "Same Name": the other four records with that name are not related.
	first := fs[0]
	if first.PersonID != "A-0000" || first.Related[0] != "A-0005" {
		t.Errorf("A-0000 related starts %v, want A-0005 first", first.Related[:2])
	}
	if !strings.Contains(first.Evidence[0].Note, "295 differently named people") {
		t.Errorf("A-0000 note %q, want 295 people", first.Evidence[0].Note)
	}
	if !strings.Contains(first.Summary, "and 294 others") {
		t.Errorf("summary %q", first.Summary)
	}
	// A-0100 relates to A-0000… A-0004 too (different name), 299 in all.
	var mid bonafide.Finding
	for _, f := range fs {
		if f.PersonID == "A-0100" {
			mid = f
		}
	}
	if mid.Related[0] != "A-0000" || !strings.Contains(mid.Evidence[0].Note, "299 differently named people") {
		t.Errorf("A-0100: related %v, note %q", mid.Related[:2], mid.Evidence[0].Note)
	}
}
