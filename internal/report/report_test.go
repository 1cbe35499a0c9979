package report_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
	"github.com/bonafide-oss/bonafide/internal/report/reporttest"
)

func TestLinks(t *testing.T) {
	r := reporttest.Six(t)
	want := []report.Edge{
		{A: "p1", B: "p2", Signals: []string{"APP-SHARED-IDENT", "PAY-ACCOUNT-SHARED"},
			Label: "iban DE8937040044053…; phone +4915112345678", Weight: 65},
		{A: "p1", B: "p3", Signals: []string{"APP-SHARED-IDENT"}, Label: "phone +4915112345678", Weight: 30},
		{A: "p2", B: "p3", Signals: []string{"APP-SHARED-IDENT"}, Label: "phone +4915112345678", Weight: 30},
		{A: "p3", B: "p4", Signals: []string{"REF-SHARED-ACROSS"}, Label: "email m.becker@proton…", Weight: 25},
		{A: "p5", B: "p6", Signals: []string{"SHIP-ADDR-REUSED"}, Label: "address DE|10115|invali…", Weight: 20},
	}
	got := r.Links()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Links() =\n%#v\nwant\n%#v", got, want)
	}
}

func TestLinksEdgeCases(t *testing.T) {
	f := func(pid, sig, key string, w float64, rel ...string) bonafide.Finding {
		return bonafide.Finding{PersonID: pid, SignalID: sig, Key: key, Weight: w, Related: rel,
			Evidence: []bonafide.Evidence{{Field: "email", Value: key}}}
	}
	tests := []struct {
		name string
		as   []bonafide.Assessment
		want []report.Edge
	}{
		{"no related", []bonafide.Assessment{{PersonID: "a", Findings: []bonafide.Finding{f("a", "S", "k", 1)}}}, []report.Edge{}},
		{"self and empty ignored", []bonafide.Assessment{{PersonID: "a", Findings: []bonafide.Finding{f("a", "S", "k", 1, "a", "")}}}, []report.Edge{}},
		{"one side only, unassessed peer", []bonafide.Assessment{{PersonID: "b", Findings: []bonafide.Finding{f("b", "S", "x@y", 4, "a")}}},
			[]report.Edge{{A: "a", B: "b", Signals: []string{"S"}, Label: "email x@y", Weight: 4}}},
		{"same fact both sides counts once, max weight", []bonafide.Assessment{
			{PersonID: "a", Findings: []bonafide.Finding{f("a", "S", "x@y", 4, "b")}},
			{PersonID: "b", Findings: []bonafide.Finding{f("b", "S", "x@y", 6, "a")}},
		}, []report.Edge{{A: "a", B: "b", Signals: []string{"S"}, Label: "email x@y", Weight: 6}}},
		{"owner from assessment when finding has none", []bonafide.Assessment{{PersonID: "z", Findings: []bonafide.Finding{f("", "S", "k", 1, "y")}}},
			[]report.Edge{{A: "y", B: "z", Signals: []string{"S"}, Label: "email k", Weight: 1}}},
		{"more than three facts", []bonafide.Assessment{{PersonID: "a", Findings: []bonafide.Finding{
			f("a", "S", "k1", 5, "b"), f("a", "S", "k2", 4, "b"), f("a", "T", "k3", 3, "b"), f("a", "T", "k4", 2, "b"), f("a", "T", "k5", 1, "b"),
		}}}, []report.Edge{{A: "a", B: "b", Signals: []string{"S", "T"}, Label: "email k1; email k2; email k3 (+2 more)", Weight: 15}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &report.Report{Assessments: tc.as}
			got := r.Links()
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestClusters(t *testing.T) {
	r := reporttest.Six(t)
	want := [][]string{{"p1", "p2", "p3", "p4"}, {"p5", "p6"}}
	if got := r.Clusters(); !reflect.DeepEqual(got, want) {
		t.Errorf("Clusters() = %v, want %v", got, want)
	}
	// Unassessed people come after assessed ones, by ID; equal sizes keep rank order.
	r2 := &report.Report{Assessments: []bonafide.Assessment{
		{PersonID: "m", Findings: []bonafide.Finding{{SignalID: "S", Key: "1", Related: []string{"zz", "aa"}}}},
		{PersonID: "b", Findings: []bonafide.Finding{{SignalID: "S", Key: "2", Related: []string{"c"}}}},
		{PersonID: "c"},
		{PersonID: "x", Findings: []bonafide.Finding{{SignalID: "S", Key: "3", Related: []string{"y"}}}},
	}}
	want2 := [][]string{{"m", "aa", "zz"}, {"b", "c"}, {"x", "y"}}
	if got := r2.Clusters(); !reflect.DeepEqual(got, want2) {
		t.Errorf("Clusters() = %v, want %v", got, want2)
	}
	if got := (&report.Report{}).Clusters(); got != nil {
		t.Errorf("empty report: Clusters() = %v, want nil", got)
	}
}

func TestStatsOf(t *testing.T) {
	r := reporttest.Six(t)
	r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: "p7", Band: bonafide.BandLow})
	got := report.StatsOf(r.Assessments)
	want := report.Stats{People: 7, Findings: 11, High: 3, Medium: 2, Low: 1}
	if got != want {
		t.Errorf("StatsOf = %+v, want %+v", got, want)
	}
}

func TestShortenAndFieldKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"}, {"abcd", 3, "ab…"}, {"äöüß", 2, "ä…"}, {"", 3, ""}, {"abc", 0, "…"},
	} {
		if got := report.Shorten(tc.in, tc.n); got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
	for in, want := range map[string]string{
		"references[1].email": "email", "phone": "phone", "identifiers[2]": "identifiers", "": "",
	} {
		if got := report.FieldKind(in); got != want {
			t.Errorf("FieldKind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameOf(t *testing.T) {
	r := reporttest.Six(t)
	r.People["q"] = &bonafide.Person{ID: "q", Name: "Quinn Ref"}
	for id, want := range map[string]string{"p2": "Jonas Richter", "q": "Quinn Ref", "nobody": "nobody"} {
		if got := r.NameOf(id); got != want {
			t.Errorf("NameOf(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestLinksFromNetworks: a resolver link with no finding of its own still joins two people,
// a link repeating a finding's fact is not counted twice, and NET-CLUSTER findings add no edges.
func TestLinksFromNetworks(t *testing.T) {
	r := &report.Report{
		Assessments: []bonafide.Assessment{
			{PersonID: "A", Findings: []bonafide.Finding{
				{PersonID: "A", SignalID: "APP-SHARED-IDENT", Key: "phone:+445601234567", Weight: 45, Related: []string{"B"},
					Evidence: []bonafide.Evidence{{Field: "phone", Value: "+445601234567"}}},
				{PersonID: "A", SignalID: "NET-CLUSTER", Key: "C-A", Weight: 30, Related: []string{"B", "C"}},
			}},
		},
		Networks: []bonafide.Cluster{{ID: "C-A", Members: []string{"A", "B", "C"}, Links: []bonafide.Link{
			{A: "B", B: "C", Kind: "name_dob", Value: "dmitrij ivanov 1990-04-02", Weight: 0.8, Signal: "NET-CLUSTER"},
		}}},
	}
	edges := r.Links()
	if len(edges) != 2 {
		t.Fatalf("edges %+v, want A–B (finding) and B–C (resolver)", edges)
	}
	if edges[0].A != "A" || edges[0].B != "B" || edges[0].Weight != 45 {
		t.Errorf("A–B edge %+v", edges[0])
	}
	if edges[1].A != "B" || edges[1].B != "C" || edges[1].Weight != 0.8*report.LinkPoints || !strings.HasPrefix(edges[1].Label, "name_dob ") {
		t.Errorf("B–C edge %+v", edges[1])
	}
	if cl := r.Clusters(); len(cl) != 1 || len(cl[0]) != 3 {
		t.Errorf("clusters %v, want one of three", cl)
	}
}
