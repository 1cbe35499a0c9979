package signals

import (
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func job(org string, start, end time.Time, fullTime bool) bonafide.Claim {
	return bonafide.Claim{Kind: bonafide.ClaimEmployment, Org: org, Start: start, End: end, FullTime: fullTime}
}

func current(org string, start time.Time) bonafide.Claim {
	return bonafide.Claim{Kind: bonafide.ClaimEmployment, Org: org, Start: start, Current: true, FullTime: true}
}

func TestTimeline(t *testing.T) {
	tests := []struct {
		name   string
		claims []bonafide.Claim
		want   []string
	}{
		{"overlap of 4 months", []bonafide.Claim{job("Acme", ym(2020, 1), ym(2021, 4), true), job("Beta", ym(2021, 1), ym(2022, 6), true)},
			[]string{"A-1 overlap:0:1 20"}},
		{"overlap of 3 months is a handover", []bonafide.Claim{job("Acme", ym(2020, 1), ym(2021, 3), true), job("Beta", ym(2021, 1), ym(2022, 6), true)}, nil},
		{"part-time side job", []bonafide.Claim{job("Acme", ym(2020, 1), ym(2022, 1), true), job("Beta", ym(2020, 6), ym(2021, 6), false)}, nil},
		{"same employer (promotion)", []bonafide.Claim{job("Acme GmbH", ym(2020, 1), ym(2022, 1), true), job("acme  gmbh", ym(2021, 1), ym(2023, 1), true)}, nil},
		{"current role overlaps", []bonafide.Claim{current("Acme", ym(2025, 1)), job("Beta", ym(2024, 1), ym(2026, 6), true)},
			[]string{"A-1 overlap:0:1 20"}},
		{"three at once", []bonafide.Claim{
			job("A", ym(2020, 1), ym(2020, 12), true), job("B", ym(2020, 1), ym(2020, 12), true), job("C", ym(2020, 1), ym(2020, 12), true)},
			[]string{"A-1 overlap:0:1 20", "A-1 overlap:0:2 20", "A-1 overlap:1:2 20"}},
		{"ends before it starts", []bonafide.Claim{job("Acme", ym(2022, 5), ym(2021, 1), true)}, []string{"A-1 dates:0 20"}},
		{"unknown dates are skipped", []bonafide.Claim{job("Acme", time.Time{}, ym(2021, 1), true), job("Beta", ym(2020, 1), time.Time{}, true)}, nil},
		{"education is not employment", []bonafide.Claim{
			{Kind: bonafide.ClaimEducation, Org: "Uni", Start: ym(2018, 1), End: ym(2022, 1), FullTime: true},
			job("Acme", ym(2019, 1), ym(2022, 1), true)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := person("A-1", "Ann Lee")
			p.Claims = tt.claims
			checkBrief(t, "APP-TIMELINE", run(detectTimeline, []*bonafide.Person{p}, Env{}), tt.want)
		})
	}
	p := person("A-1", "Ann Lee")
	p.Claims = []bonafide.Claim{job("Acme", ym(2020, 1), ym(2021, 4), true), job("Beta", ym(2021, 1), ym(2022, 6), true)}
	fs := run(detectTimeline, []*bonafide.Person{p}, Env{})
	if want := "Full-time roles at Acme (2020-01 to 2021-04) and Beta (2021-01 to 2022-06) overlap by 4 months."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}
