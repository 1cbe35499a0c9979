package score

import (
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func caps(m map[string]float64) CapLookup {
	return func(id string) (float64, bool) { c, ok := m[id]; return c, ok }
}

func TestAssess(t *testing.T) {
	p := &bonafide.Person{ID: "A-1", Name: "Ana"}
	f := func(sig string, w float64, key string) bonafide.Finding {
		return bonafide.Finding{PersonID: "A-1", SignalID: sig, Weight: w, Key: key, Summary: sig + " " + key}
	}
	c := caps(map[string]float64{"APP-SHARED-IDENT": 100, "REF-FREEMAIL-CORPORATE": 20, "APP-PHONE-VOIP": 20})
	tests := []struct {
		name     string
		findings []bonafide.Finding
		score    float64
		band     bonafide.Band
		first    string
	}{
		{"none", nil, 0, bonafide.BandLow, ""},
		{"single weak", []bonafide.Finding{f("APP-PHONE-VOIP", 20, "")}, 20, bonafide.BandLow, "APP-PHONE-VOIP (+20)"},
		{"at medium", []bonafide.Finding{f("APP-PHONE-VOIP", 20, ""), f("REF-FREEMAIL-CORPORATE", 5, "r1")}, 25, bonafide.BandMedium, "APP-PHONE-VOIP (+20)"},
		{"cap applies", []bonafide.Finding{f("REF-FREEMAIL-CORPORATE", 10, "r1"), f("REF-FREEMAIL-CORPORATE", 10, "r2"), f("REF-FREEMAIL-CORPORATE", 10, "r3")}, 20, bonafide.BandLow, "REF-FREEMAIL-CORPORATE (+20 from 3 findings)"},
		{"sum to high", []bonafide.Finding{f("APP-SHARED-IDENT", 45, "phone"), f("APP-PHONE-VOIP", 20, "")}, 65, bonafide.BandHigh, "APP-SHARED-IDENT (+45)"},
		{"shared ident capped at 100", []bonafide.Finding{f("APP-SHARED-IDENT", 50, "e"), f("APP-SHARED-IDENT", 45, "p"), f("APP-SHARED-IDENT", 50, "u")}, 100, bonafide.BandHigh, "APP-SHARED-IDENT (+100 from 3 findings)"},
		{"unknown signal uncapped", []bonafide.Finding{f("X-NEW", 70, "")}, 70, bonafide.BandHigh, "X-NEW (+70)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assess(p, tt.findings, c)
			if a.Score != tt.score || a.Band != tt.band {
				t.Fatalf("score %v band %v, want %v %v", a.Score, a.Band, tt.score, tt.band)
			}
			if tt.first == "" {
				if len(a.Reasons) != 0 {
					t.Fatalf("reasons %v, want none", a.Reasons)
				}
				return
			}
			if len(a.Reasons) == 0 || !strings.HasPrefix(a.Reasons[0], tt.first) {
				t.Fatalf("first reason %q, want prefix %q", a.Reasons, tt.first)
			}
			if len(a.Findings) != len(tt.findings) {
				t.Fatalf("kept %d findings, want %d", len(a.Findings), len(tt.findings))
			}
		})
	}
}

func TestRankOrder(t *testing.T) {
	people := []*bonafide.Person{{ID: "b"}, {ID: "a"}, {ID: "c"}}
	fs := []bonafide.Finding{
		{PersonID: "c", SignalID: "S", Weight: 30},
		{PersonID: "b", SignalID: "S", Weight: 30},
		{PersonID: "a", SignalID: "S", Weight: 10},
	}
	got := Rank(people, fs, nil)
	var ids []string
	for _, a := range got {
		ids = append(ids, a.PersonID)
	}
	if strings.Join(ids, ",") != "b,c,a" {
		t.Fatalf("order %v, want b,c,a (score desc, then ID)", ids)
	}
	if got[0].Band != bonafide.BandMedium || got[2].Band != bonafide.BandLow {
		t.Fatalf("bands %v %v", got[0].Band, got[2].Band)
	}
}

func TestBandBoundaries(t *testing.T) {
	for _, c := range []struct {
		s float64
		b bonafide.Band
	}{{0, "low"}, {24.9, "low"}, {25, "medium"}, {59.9, "medium"}, {60, "high"}, {300, "high"}} {
		if got := BandOf(c.s); got != c.b {
			t.Errorf("BandOf(%v) = %v, want %v", c.s, got, c.b)
		}
	}
}
