package signals

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// scenario is a small persona network plus a benign couple and an honest applicant.
func scenario() []*bonafide.Person {
	agencyPhone := phone("+445601234567", "GB", "line_type", "voip")
	farm := "US|10001|1 main st"
	wallet := id(bonafide.KindWallet, bonafide.PurposePayout, "ETH:0xdead", "chain", "ETH")

	a := person("A-1", "Ann Lee", email("ann@mailinator.com"), agencyPhone, shipping(farm), wallet,
		id(bonafide.KindIBAN, bonafide.PurposePayout, "PT50000201231234567890154"))
	a.Country = "DE"
	a.References = []bonafide.Reference{ref("Jan Kowalski", "Nordwind GmbH", email("jan.k@gmail.com"), phone("+48123456789", "PL"))}
	a.Claims = []bonafide.Claim{
		role("Acme", "Senior Solidity Developer", "DeFi", ym(2012, 1), ym(2013, 12)),
		{Kind: bonafide.ClaimEmployment, Org: "Beta", Start: ym(2013, 1), End: ym(2015, 1), FullTime: true},
		{Kind: bonafide.ClaimEmployment, Org: "Gamma", Start: ym(2014, 1), End: ym(2016, 1), FullTime: true},
	}
	b := person("A-2", "Bo Chen", agencyPhone, shipping(farm), email("jobs@silverstar.example"))
	b.References = []bonafide.Reference{ref("Jan Kowalski", "Nordwind GmbH", email("jan.k@gmail.com"))}
	c := person("A-3", "Piotr Nowak", phone("+48123456789", "PL"), wallet)
	// A couple sharing a home: only the light home-address link.
	d := person("A-4", "Dan Moss", home("GB|SW1A 1AA|10 high st"), shipping("GB|SW1A 1AA|10 high st"))
	e := person("A-5", "Eve Moss", home("GB|SW1A 1AA|10 high st"), shipping("GB|SW1A 1AA|10 high st"))
	// An honest applicant.
	f := person("A-6", "Fay Ortiz", email("fay@ortiz.example"), phone("+351912345678", "PT", "line_type", "mobile"))
	f.Country = "PT"
	return []*bonafide.Person{a, b, c, d, e, f}
}

func scenarioEnv() Env {
	return Env{Domains: testDomains, Watchlist: testWatchlist, Now: testNow}
}

func TestDetectScenario(t *testing.T) {
	fs, err := Detect(context.Background(), scenario(), scenarioEnv())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.PersonID+" "+f.SignalID+" "+f.Key)
	}
	want := []string{
		"A-1 APP-EMAIL-DISPOSABLE email:ann@mailinator.com",
		"A-1 APP-PHONE-COUNTRY phone:+445601234567",
		"A-1 APP-PHONE-VOIP phone:+445601234567",
		"A-1 APP-SHARED-IDENT phone:+445601234567",
		"A-1 APP-TECH-ANACHRONISM tech:Solidity:claims[0]",
		"A-1 APP-TIMELINE overlap:1:2",
		"A-1 PAY-ACCOUNT-SHARED wallet:ETH:0xdead",
		"A-1 PAY-COUNTRY iban:PT50000201231234567890154",
		"A-1 PAY-WALLET-SANCTIONED watchlist:OFAC-SDN:1:wallet:ETH:0xdead",
		"A-1 PAY-WALLET-SANCTIONED watchlist:UN:KPi.1:wallet:ETH:0xdead",
		"A-1 REF-FREEMAIL-CORPORATE ref:email:jan.k@gmail.com",
		"A-1 REF-IS-PERSONA ref:phone:+48123456789",
		"A-1 REF-SHARED-ACROSS ref:email:jan.k@gmail.com",
		"A-1 SHIP-ADDR-DIFFERS address:US|10001|1 main st",
		"A-1 SHIP-ADDR-REUSED address:US|10001|1 main st",
		"A-2 APP-PHONE-VOIP phone:+445601234567",
		"A-2 APP-SHARED-IDENT phone:+445601234567",
		"A-2 APP-WATCHLIST watchlist:OFAC-SDN:36446:email:jobs@silverstar.example",
		"A-2 REF-FREEMAIL-CORPORATE ref:email:jan.k@gmail.com",
		"A-2 REF-SHARED-ACROSS ref:email:jan.k@gmail.com",
		"A-2 SHIP-ADDR-REUSED address:US|10001|1 main st",
		"A-3 PAY-ACCOUNT-SHARED wallet:ETH:0xdead",
		"A-3 PAY-WALLET-SANCTIONED watchlist:OFAC-SDN:1:wallet:ETH:0xdead",
		"A-3 PAY-WALLET-SANCTIONED watchlist:UN:KPi.1:wallet:ETH:0xdead",
		"A-4 APP-SHARED-IDENT address:GB|SW1A 1AA|10 high st",
		"A-5 APP-SHARED-IDENT address:GB|SW1A 1AA|10 high st",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got  %q\n want %q", got, want)
	}
	for _, f := range fs {
		if f.Severity != wantSeverity(f) || f.Weight <= 0 || f.Summary == "" || len(f.Sources) == 0 {
			t.Errorf("incomplete finding %+v", f)
		}
		if f.SignalID == "APP-SHARED-IDENT" && f.Key == "address:GB|SW1A 1AA|10 high st" && f.Weight != 10 {
			t.Errorf("home-address link weight %g, want 10", f.Weight)
		}
	}
}

// TestDetectDeterministic: input order does not change the output.
func TestDetectDeterministic(t *testing.T) {
	base, err := Detect(context.Background(), scenario(), scenarioEnv())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		ps := scenario()
		r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		ps = append(ps, nil) // nil entries are ignored
		got, err := Detect(context.Background(), ps, scenarioEnv())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, base) {
			t.Fatal("output depends on input order")
		}
	}
}

func TestDetectCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Detect(ctx, scenario(), scenarioEnv()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDetectEmpty(t *testing.T) {
	fs, err := Detect(context.Background(), nil, Env{})
	if err != nil || len(fs) != 0 {
		t.Errorf("Detect(nil) = %v, %v", fs, err)
	}
}
