package link

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func peopleMap(ps ...*bonafide.Person) map[string]*bonafide.Person {
	m := map[string]*bonafide.Person{}
	for _, p := range ps {
		m[p.ID] = p
	}
	return m
}

func TestFindingsCluster(t *testing.T) {
	ps := []*bonafide.Person{
		person("A-1", "Ann Lee", iban("DE02120300000000202051")),
		person("A-2", "Bo Chen", iban("DE02120300000000202051"), phone("+447700900123")),
		person("A-3", "Cy Diaz", phone("+447700900123")),
		person("A-4", "Di Evans"),
	}
	r := NewResolver(Options{})
	r.Add(ps)
	cs := r.Clusters(2)
	fs := Findings(cs, peopleMap(ps...))
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s %s %.1f %v", f.PersonID, f.SignalID, f.Severity, f.Key, f.Weight, f.Related))
	}
	want := []string{
		"A-1 NET-CLUSTER high N-A-1 38.0 [A-2 A-3]",
		"A-2 NET-CLUSTER high N-A-1 38.0 [A-1 A-3]",
		"A-3 NET-CLUSTER high N-A-1 38.0 [A-1 A-2]",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	f := fs[2] // its own link comes first in the evidence
	if want := "One of 3 people (3 names) in persona network N-A-1, confidence 0.85; strongest evidence: A-2 and A-3 give the same phone +447700900123 (weight 0.85)."; f.Summary != want {
		t.Errorf("summary %q\nwant    %q", f.Summary, want)
	}
	wantEv := []bonafide.Evidence{
		{Field: "phone", Value: "+447700900123", Note: "A-2 and A-3 give the same phone +447700900123 (weight 0.85)."},
		{Field: "iban", Value: "DE02120300000000202051", Note: "A-1 and A-2 share the payout IBAN DE02120300000000202051 (weight 0.95)."},
	}
	if !slices.Equal(f.Evidence, wantEv) {
		t.Errorf("evidence %+v\nwant %+v", f.Evidence, wantEv)
	}
	if !slices.Equal(f.Sources, []string{"FBI22", "GTIG25"}) {
		t.Errorf("sources %v", f.Sources)
	}
}

func TestFindingsDuplicateApplication(t *testing.T) {
	ps := []*bonafide.Person{
		withDOB(person("D-1", "Дмитрий Иванов", phone("+79161234567")), "1990-04-02"),
		withDOB(person("D-2", "Dmitrii Ivanov", phone("+79161234567")), "1990-04-02"),
	}
	r := NewResolver(Options{})
	r.Add(ps)
	fs := Findings(r.Clusters(2), peopleMap(ps...))
	if len(fs) != 2 {
		t.Fatalf("%d findings", len(fs))
	}
	for _, f := range fs {
		if f.Severity != bonafide.SeverityInfo || f.Weight != 0 || !strings.HasPrefix(f.Summary, "Applied 2 times under the same name") {
			t.Errorf("%s: %s %v %q", f.PersonID, f.Severity, f.Weight, f.Summary)
		}
	}
}

func TestFindingsCaps(t *testing.T) {
	var ps []*bonafide.Person
	for i := 0; i < 30; i++ { // a chain: every persona shares a device with the next
		ids := []bonafide.Identifier{device(fmt.Sprintf("fp-%d", i))}
		if i > 0 {
			ids = append(ids, device(fmt.Sprintf("fp-%d", i-1)))
		}
		ps = append(ps, person(fmt.Sprintf("P-%02d", i), fmt.Sprintf("Persona %c%c", 'a'+i%26, 'a'+i/26), ids...))
	}
	r := NewResolver(Options{})
	r.Add(ps)
	cs := r.Clusters(2)
	if len(cs) != 1 || len(cs[0].Members) != 30 || len(cs[0].Path) != 29 {
		t.Fatalf("clusters %v", members(cs))
	}
	fs := Findings(cs, peopleMap(ps...))
	f := fs[15]
	if len(f.Related) != MaxRelated {
		t.Errorf("related %d, want %d", len(f.Related), MaxRelated)
	}
	if len(f.Evidence) != MaxEvidence+2 {
		t.Fatalf("evidence %d, want %d links and 2 notes", len(f.Evidence), MaxEvidence)
	}
	if !strings.Contains(f.Evidence[0].Note, f.PersonID) || !strings.Contains(f.Evidence[1].Note, f.PersonID) {
		t.Errorf("the member's own links come first: %q, %q", f.Evidence[0].Note, f.Evidence[1].Note)
	}
	if got := f.Evidence[MaxEvidence].Note; got != "9 more links on the evidence path are not listed." {
		t.Errorf("cap note %q", got)
	}
	if got := f.Evidence[MaxEvidence+1].Note; got != "Related lists 20 of the 29 other members." {
		t.Errorf("related note %q", got)
	}
}

func TestFindingsReferral(t *testing.T) {
	ring1 := person("R-1", "Ann Lee", iban("DE02120300000000202051"))
	ring2 := person("R-2", "Bo Chen", iban("DE02120300000000202051"))
	referred := person("N-1", "Cy Diaz")
	referred.ReferredBy = "R-1"
	recruiter := person("N-2", "Di Evans")
	ring2.ReferredBy = "di evans" // by name
	outsider := person("N-3", "Ed Fox")
	outsider.ReferredBy = "N-2" // referred by someone outside any network: nothing
	ps := []*bonafide.Person{ring1, ring2, referred, recruiter, outsider}
	r := NewResolver(Options{})
	r.Add(ps)
	r.AddLinks(ReferralLinks(ps))
	fs := Findings(r.Clusters(2), peopleMap(ps...))
	var got []string
	for _, f := range fs {
		if f.SignalID == "NET-REFERRAL" {
			got = append(got, fmt.Sprintf("%s %s %v %.0f %s", f.PersonID, f.Key, f.Related, f.Weight, f.Summary))
		}
	}
	want := []string{
		"N-1 referred_by:R-1 [R-1] 20 Referred by R-1, a member of persona network N-R-1 (2 people, confidence 0.95).",
		"N-2 referred:R-2 [R-2] 20 Referred R-2, a member of persona network N-R-1 (2 people, confidence 0.95).",
	}
	if !slices.Equal(got, want) {
		t.Errorf("referral findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if Findings(nil, nil) != nil {
		t.Error("no clusters, no findings")
	}
}
