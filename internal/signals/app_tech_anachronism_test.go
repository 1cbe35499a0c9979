package signals

import (
	"slices"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func role(org, title, text string, start, end time.Time) bonafide.Claim {
	return bonafide.Claim{Kind: bonafide.ClaimEmployment, Org: org, Title: title, Text: text, Start: start, End: end}
}

func TestTechAnachronism(t *testing.T) {
	tests := []struct {
		name  string
		claim bonafide.Claim
		want  []string
	}{
		{"Solidity in a role that ended 2013", role("Acme", "Developer", "Smart contracts in Solidity", ym(2011, 1), ym(2013, 6)),
			[]string{"A-1 tech:Solidity:claims[0] 25"}},
		{"Solidity after release", role("Acme", "Developer", "Smart contracts in Solidity", ym(2016, 1), ym(2018, 6)), nil},
		{"mostly before release, under 6 months after", role("Acme", "Frontend developer", "Built apps with Next.js", ym(2014, 1), ym(2017, 2)),
			[]string{"A-1 tech:Next.js:claims[0] 25"}},
		{"started a year before, 6 months after is fine", role("Acme", "Frontend developer", "Built apps with Next.js", ym(2014, 1), ym(2017, 4)), nil},
		{"started 11 months before release", role("Acme", "Frontend developer", "Next.js", ym(2015, 11), ym(2017, 1)), nil},
		{"unknown start, ended before", role("Acme", "Developer", "Foundry and Solidity tests", time.Time{}, ym(2021, 6)),
			[]string{"A-1 tech:Foundry:claims[0] 25"}},
		{"two technologies", role("Acme", "Blockchain engineer", "Hardhat, Solidity, Solana programs", ym(2013, 1), ym(2014, 3)),
			[]string{"A-1 tech:Hardhat:claims[0] 25", "A-1 tech:Solana:claims[0] 25", "A-1 tech:Solidity:claims[0] 25"}},
		{"Go as an English word", role("Acme", "Consultant", "Led the Go live of the WordPress site", ym(2005, 1), ym(2008, 1)), nil},
		{"Go in a list", role("Acme", "Backend developer", "Stack: Python, Go, PostgreSQL", ym(2005, 1), ym(2008, 1)),
			[]string{"A-1 tech:Go:claims[0] 25"}},
		{"Golang", role("Acme", "Backend developer", "golang services", ym(2005, 1), ym(2008, 1)),
			[]string{"A-1 tech:Go:claims[0] 25"}},
		{"Palantir Foundry is not the Ethereum toolkit", role("Acme", "Data engineer", "Pipelines in Palantir Foundry", ym(2017, 1), ym(2019, 1)), nil},
		{"SWIFT payments are not Swift", role("Bank", "Payments engineer", "SWIFT messaging and swift delivery", ym(2008, 1), ym(2012, 1)), nil},
		{"Swift with iOS context", role("Acme", "iOS developer", "Swift, Objective-C", ym(2011, 1), ym(2013, 12)),
			[]string{"A-1 tech:Swift:claims[0] 25"}},
		{"maker's own staff are exempt", role("Paradigm", "Engineer", "Built Foundry with Solidity", ym(2021, 1), ym(2021, 11)), nil},
		{"maker by alias", role("Solana Labs", "Engineer", "Solana validator", ym(2018, 1), ym(2019, 1)), nil},
		{"current role uses Now", bonafide.Claim{Kind: bonafide.ClaimEmployment, Org: "Acme", Text: "ChatGPT bots", Start: ym(2020, 1), Current: true}, nil},
		{"unknown end skipped", role("Acme", "Developer", "Solidity", ym(2010, 1), time.Time{}), nil},
		{"title counts too", role("Acme", "Senior Solidity Developer", "", ym(2010, 1), ym(2012, 1)),
			[]string{"A-1 tech:Solidity:claims[0] 25"}},
		{"Rust-proofing is not Rust", role("Garage", "Mechanic", "Rust-proofing and rust repair", ym(2005, 1), ym(2008, 1)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := person("A-1", "Ann Lee")
			p.Claims = []bonafide.Claim{tt.claim}
			checkBrief(t, "APP-TECH-ANACHRONISM", run(detectTechAnachronism, []*bonafide.Person{p}, Env{}), tt.want)
		})
	}
	p := person("A-1", "Ann Lee")
	p.Claims = []bonafide.Claim{role("Acme", "Developer", "Smart contracts in Solidity", ym(2011, 1), ym(2013, 6))}
	fs := run(detectTechAnachronism, []*bonafide.Person{p}, Env{})
	if want := "Claims Solidity in the role at Acme (2011-01 to 2013-06), which ended before Solidity's first public release (2014-08)."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}

func TestFindTechs(t *testing.T) {
	tb := loadTechTable()
	tests := []struct {
		text string
		want []string
	}{
		{"Next.js, React and TypeScript.", []string{"Next.js", "React", "TypeScript"}},
		{"node.js/nodejs", []string{"Node.js"}},
		{"GPT-4 and ChatGPT bots on Telegram bots", []string{"GPT-4", "ChatGPT", "Telegram Bot API"}},
		{"react to incidents quickly", nil},
		{"React to incidents", nil},
		{"(Go)", []string{"Go"}},
		{"Go-to person", nil},
		{"k8s, Docker", []string{"Kubernetes", "Docker"}},
		{"React Native apps", []string{"React Native"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range tb.findTechs(tt.text) {
			got = append(got, tb.techs[m.tech].Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("findTechs(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestWordsOf(t *testing.T) {
	var got []string
	for _, w := range wordsOf("Built with Next.js. C++, C#, GPT-4; Go-live — naïve") {
		got = append(got, w.text)
	}
	want := []string{"Built", "with", "Next.js", "C++", "C#", "GPT-4", "Go-live", "naïve"}
	if !slices.Equal(got, want) {
		t.Errorf("wordsOf = %q, want %q", got, want)
	}
}

func FuzzFindTechs(f *testing.F) {
	f.Add("Stack: Go, Rust, Solidity (Hardhat, Foundry)")
	f.Add("ünïcode…Next.js.")
	f.Add("C++#-_.")
	tb := loadTechTable()
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[int]bool{}
		for _, m := range tb.findTechs(s) {
			if seen[m.tech] {
				t.Fatalf("technology %d reported twice", m.tech)
			}
			seen[m.tech] = true
			if m.as == "" {
				t.Fatal("empty match")
			}
		}
	})
}
