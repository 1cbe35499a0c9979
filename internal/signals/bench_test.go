package signals

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// genPopulation makes n applicants with about eight identifiers each, a reference for one in
// four and two employment claims each. Most identifiers are unique; 10% of application IPs come
// from a pool of ~250 (offices, NAT: groups of ~40), 1% reuse a phone from a small pool, one "agency" phone is
// given by 2% of everyone (a hub), and names are drawn from 300×300 combinations so that
// same-name records occur.
func genPopulation(n int, seed uint64) []*bonafide.Person {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	countries := []string{"DE", "PT", "GB", "US", "PL", "NL"}
	// Technologies in use by 2014, so only the planted 1% are anachronisms.
	techs := []string{"React, TypeScript, Node.js", "Go, Docker, webpack", "WordPress, PHP", "Python, Django", "Java, Spring", "Swift, iOS"}
	ps := make([]*bonafide.Person, n)
	for i := range n {
		c := countries[r.IntN(len(countries))]
		p := &bonafide.Person{
			ID:      fmt.Sprintf("A-%07d", i),
			Role:    bonafide.RoleApplicant,
			Name:    fmt.Sprintf("First%03d Last%03d", r.IntN(300), r.IntN(300)),
			Country: c,
		}
		ph := fmt.Sprintf("+49151%08d", i)
		switch x := r.IntN(1000); {
		case x < 20:
			ph = "+442000000000" // the agency hub, 2%
		case x < 30:
			ph = fmt.Sprintf("+4930%07d", r.IntN(500)) // 1% share a phone in pairs or triples
		}
		ip := fmt.Sprintf("%d.%d.%d.%d", 100+r.IntN(100), r.IntN(250), r.IntN(250), r.IntN(250))
		if r.IntN(10) == 0 {
			ip = fmt.Sprintf("203.0.113.%d", r.IntN(250)) // 10% behind ~250 shared office/NAT addresses
		}
		phoneCountry := c
		if r.IntN(20) == 0 {
			phoneCountry = countries[r.IntN(len(countries))] // expats and mismatches
		}
		ship := fmt.Sprintf("%s|%05d|street %d", c, i%90000, i)
		switch x := r.IntN(1000); {
		case x < 5:
			ship = fmt.Sprintf("US|10001|farm %d", r.IntN(20)) // 0.5% ship to one of 20 laptop farms
		case x < 20:
			ship = fmt.Sprintf("%s|%05d|other street %d", c, i%90000, i) // 1.5% ship elsewhere
		}
		lt := "mobile"
		if r.IntN(20) == 0 {
			lt = "voip"
		}
		p.Identifiers = []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Value: fmt.Sprintf("user%d@mail%d.example", i, i%1000), Attrs: map[string]string{"domain": fmt.Sprintf("mail%d.example", i%1000)}},
			{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Value: ph, Country: phoneCountry, Attrs: map[string]string{"line_type": lt}},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeHome, Value: fmt.Sprintf("%s|%05d|street %d", c, i%90000, i), Country: c},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Value: ship, Country: c},
			{Kind: bonafide.KindIBAN, Purpose: bonafide.PurposePayout, Value: fmt.Sprintf("%s%020d", c, i), Country: c},
			{Kind: bonafide.KindURL, Purpose: bonafide.PurposeProfile, Value: fmt.Sprintf("github:user%d", i)},
			{Kind: bonafide.KindDevice, Purpose: bonafide.PurposeApplication, Value: fmt.Sprintf("fp-%x", i)},
			{Kind: bonafide.KindIP, Purpose: bonafide.PurposeApplication, Value: ip},
		}
		if i%4 == 0 {
			p.References = []bonafide.Reference{{Name: "Ref Person", Company: "Nordwind GmbH", Identifiers: []bonafide.Identifier{
				refEmail(r, n),
			}}}
		}
		y := 2014 + r.IntN(9)
		text1 := techs[r.IntN(len(techs))]
		if r.IntN(100) == 0 {
			y, text1 = 2008+r.IntN(4), "Solidity, Hardhat, Foundry" // 1% claim technologies before they existed
		}
		p.Claims = []bonafide.Claim{
			{Kind: bonafide.ClaimEmployment, Org: "Acme", Title: "Developer", Text: text1, Start: ym(y, 1), End: ym(y+2, 6), FullTime: true},
			{Kind: bonafide.ClaimEmployment, Org: "Beta", Title: "Engineer", Text: techs[r.IntN(len(techs))], Start: ym(y+2, 7), Current: true, FullTime: true},
		}
		ps[i] = p
	}
	return ps
}

func refEmail(r *rand.Rand, n int) bonafide.Identifier {
	if r.IntN(20) == 0 {
		return bonafide.Identifier{Kind: bonafide.KindEmail, Value: fmt.Sprintf("ref%d@gmail.com", r.IntN(n)), Attrs: map[string]string{"domain": "gmail.com"}}
	}
	return bonafide.Identifier{Kind: bonafide.KindEmail, Value: fmt.Sprintf("ref%d@nordwind.example", r.IntN(n)), Attrs: map[string]string{"domain": "nordwind.example"}}
}

func BenchmarkDetect100k(b *testing.B) {
	people := genPopulation(100_000, 42)
	env := Env{Domains: testDomains, Watchlist: testWatchlist, Now: testNow}
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for b.Loop() {
		fs, err := Detect(context.Background(), people, env)
		if err != nil {
			b.Fatal(err)
		}
		n = len(fs)
	}
	b.ReportMetric(float64(n), "findings")
}

// TestGeneratedPopulation keeps the benchmark honest: hubs are capped and findings appear.
func TestGeneratedPopulation(t *testing.T) {
	people := genPopulation(5000, 7)
	fs, err := Detect(context.Background(), people, Env{Domains: testDomains, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	bySig := map[string]int{}
	for _, f := range fs {
		bySig[f.SignalID]++
		if len(f.Related) > MaxRelated {
			t.Fatalf("%s %s: %d related", f.PersonID, f.SignalID, len(f.Related))
		}
	}
	for _, sig := range []string{"APP-SHARED-IDENT", "APP-PHONE-VOIP", "APP-TECH-ANACHRONISM", "REF-FREEMAIL-CORPORATE", "SHIP-ADDR-DIFFERS", "SHIP-ADDR-REUSED"} {
		if bySig[sig] == 0 {
			t.Errorf("no %s findings in the generated population", sig)
		}
	}
}
