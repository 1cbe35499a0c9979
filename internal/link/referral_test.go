package link

import (
	"slices"
	"strconv"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestReferralLinks(t *testing.T) {
	a := person("A", "Ann Lee")
	b := person("B", "Bo Chen")
	b.ReferredBy = "A"
	c := person("C", "Cy Diaz")
	c.ReferredBy = "LEE, Ann" // by name
	d := person("D", "Di Evans")
	d.ReferredBy = "Sam Smith" // two Sam Smiths: ambiguous
	s1, s2 := person("S-1", "Sam Smith"), person("S-2", "sam smith")
	e := person("E", "Ed Fox")
	e.ReferredBy = "E" // self
	f := person("F", "Flo Gray")
	f.ReferredBy = "nobody known"
	got := brief(ReferralLinks([]*bonafide.Person{a, b, c, d, s1, s2, e, f, nil}))
	want := []string{"A-B referral=0.30 A referred B", "A-C referral=0.30 A referred C"}
	if !slices.Equal(got, want) {
		t.Errorf("ReferralLinks = %q, want %q", got, want)
	}
}

func TestReferenceLinks(t *testing.T) {
	people := []*bonafide.Person{
		withReferee(person("A", "Ann Lee"), "cto@gmail.com"),
		withReferee(person("B", "Bo Chen"), "cto@gmail.com"),
		withReferee(person("C", "Cy Diaz"), "dee@gmail.com"),
		person("D", "Dee Evans", email("dee@gmail.com")),
		person("E", "Ed Fox", email("shared@gmail.com")),
		person("F", "Flo Gray", email("shared@gmail.com")), // own contacts: not a reference link
	}
	for i := 0; i < DefaultMaxBlock+1; i++ { // a company HR mailbox many list: a hub
		people = append(people, withReferee(person("H-"+strconv.Itoa(i), "Hire "+strconv.Itoa(i)), "hr@corp.example"))
	}
	got := ReferenceLinks(people)
	want := []string{"A-B reference=0.60 cto@gmail.com", "C-D reference=0.60 dee@gmail.com"}
	if !slices.Equal(brief(got), want) {
		t.Fatalf("ReferenceLinks = %q, want %q", brief(got), want)
	}
	if got[0].Signal != "REF-SHARED-ACROSS" || got[1].Signal != "REF-IS-PERSONA" {
		t.Errorf("signals %s, %s", got[0].Signal, got[1].Signal)
	}
	// The resolver finds the same evidence itself.
	r := NewResolver(Options{})
	links := r.Add(people)
	var refs []bonafide.Link
	for _, l := range links {
		if l.Kind == KindReference {
			refs = append(refs, l)
		}
	}
	if !slices.Equal(brief(refs), want) {
		t.Errorf("resolver reference links = %q, want %q", brief(refs), want)
	}
	if ReferenceLinks(nil) != nil {
		t.Error("no people, no links")
	}
}
