package normalize

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestIdentifier(t *testing.T) {
	tests := []struct {
		name    string
		in      bonafide.Identifier
		country string
		want    bonafide.Identifier
	}{
		{"email", bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "J.Doe+jobs@googlemail.com"}, "DE",
			bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "J.Doe+jobs@googlemail.com", Value: "jdoe@gmail.com", Attrs: map[string]string{"domain": "gmail.com"}}},
		{"national phone in the owner's country", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "0151 12345678"}, "DE",
			bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "0151 12345678", Value: "+4915112345678", Country: "DE", Attrs: map[string]string{"line_type": "mobile", "region": "DE"}}},
		{"foreign VoIP phone", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "+44 56 0123 4567"}, "PT",
			bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "+44 56 0123 4567", Value: "+445601234567", Country: "GB", Attrs: map[string]string{"line_type": "voip", "region": "GB"}}},
		{"address", bonafide.Identifier{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Raw: "Hauptstr. 5, 10115 Berlin"}, "DE",
			bonafide.Identifier{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Raw: "Hauptstr. 5, 10115 Berlin", Value: "DE|10115|haupt strasse 5", Country: "DE"}},
		{"PO box address", bonafide.Identifier{Kind: bonafide.KindAddress, Raw: "Postfach 102030, 10115 Berlin"}, "DE",
			bonafide.Identifier{Kind: bonafide.KindAddress, Raw: "Postfach 102030, 10115 Berlin", Value: "DE|10115|pobox 102030", Country: "DE", Attrs: map[string]string{"po_box": "true"}}},
		{"c/o address", bonafide.Identifier{Kind: bonafide.KindAddress, Raw: "c/o J. Smith, 12 Oak Rd, Leeds LS1 1AA"}, "GB",
			bonafide.Identifier{Kind: bonafide.KindAddress, Raw: "c/o J. Smith, 12 Oak Rd, Leeds LS1 1AA", Value: "GB|LS1 1AA|oak road 12", Country: "GB", Attrs: map[string]string{"mail_forwarder": "true"}}},
		{"iban", bonafide.Identifier{Kind: bonafide.KindIBAN, Raw: "pt50 0002 0123 1234 5678 9015 4"}, "DE",
			bonafide.Identifier{Kind: bonafide.KindIBAN, Raw: "pt50 0002 0123 1234 5678 9015 4", Value: "PT50000201231234567890154", Country: "PT"}},
		{"wallet", bonafide.Identifier{Kind: bonafide.KindWallet, Raw: "XBT:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}, "",
			bonafide.Identifier{Kind: bonafide.KindWallet, Raw: "XBT:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Value: "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Attrs: map[string]string{"chain": "BTC"}}},
		{"profile url", bonafide.Identifier{Kind: bonafide.KindURL, Raw: "https://github.com/Octocat"}, "",
			bonafide.Identifier{Kind: bonafide.KindURL, Raw: "https://github.com/Octocat", Value: "github:octocat"}},
		{"bare handle with network attr", bonafide.Identifier{Kind: bonafide.KindURL, Raw: "Jane-Doe", Attrs: map[string]string{"network": "linkedin"}}, "",
			bonafide.Identifier{Kind: bonafide.KindURL, Raw: "Jane-Doe", Value: "linkedin:jane-doe", Attrs: map[string]string{"network": "linkedin"}}},
		{"device", bonafide.Identifier{Kind: bonafide.KindDevice, Raw: "  FP-9C1E-AB  "}, "",
			bonafide.Identifier{Kind: bonafide.KindDevice, Raw: "  FP-9C1E-AB  ", Value: "fp-9c1e-ab"}},
		{"ipv4", bonafide.Identifier{Kind: bonafide.KindIP, Raw: "203.0.113.7"}, "",
			bonafide.Identifier{Kind: bonafide.KindIP, Raw: "203.0.113.7", Value: "203.0.113.7"}},
		{"ipv4-mapped ipv6", bonafide.Identifier{Kind: bonafide.KindIP, Raw: "::ffff:203.0.113.7"}, "",
			bonafide.Identifier{Kind: bonafide.KindIP, Raw: "::ffff:203.0.113.7", Value: "203.0.113.7"}},
		{"ipv6", bonafide.Identifier{Kind: bonafide.KindIP, Raw: "2001:0DB8:0000:0000:0000:0000:0000:0001"}, "",
			bonafide.Identifier{Kind: bonafide.KindIP, Raw: "2001:0DB8:0000:0000:0000:0000:0000:0001", Value: "2001:db8::1"}},
		// Errors: Value and Country empty, Error says why, stale values cleared.
		{"bad email", bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "not-an-email", Value: "stale", Country: "XX"}, "",
			bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "not-an-email", Error: `invalid e-mail address: no @ in "not-an-email"`}},
		{"empty raw", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "  "}, "DE",
			bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "  ", Error: "empty"}},
		{"unknown kind", bonafide.Identifier{Kind: "fax", Raw: "123"}, "",
			bonafide.Identifier{Kind: "fax", Raw: "123", Error: `unknown identifier kind "fax"`}},
	}
	for _, tt := range tests {
		id := tt.in
		Identifier(&id, tt.country)
		if !reflect.DeepEqual(id, tt.want) {
			t.Errorf("%s: Identifier = %+v; want %+v", tt.name, id, tt.want)
		}
	}
}

func TestIdentifierErrors(t *testing.T) {
	for _, id := range []bonafide.Identifier{
		{Kind: bonafide.KindPhone, Raw: "+44 20 79"}, // too short to be any UK number
		{Kind: bonafide.KindAddress, Raw: "10115 Berlin"},
		{Kind: bonafide.KindIBAN, Raw: "DE89370400440532013001"},
		{Kind: bonafide.KindWallet, Raw: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"},
		{Kind: bonafide.KindURL, Raw: "octocat"},
		{Kind: bonafide.KindIP, Raw: "300.1.2.3"},
	} {
		Identifier(&id, "DE")
		if id.Value != "" || id.Country != "" || id.Error == "" {
			t.Errorf("Identifier(%s %q) = %+v; want an error and no value", id.Kind, id.Raw, id)
		}
	}
}

// TestIdentifierUnassignedPhone: a number of possible length in no assigned range (Ofcom's
// drama range) keeps its E.164 value for linking, marked unassigned, with no region.
func TestIdentifierUnassignedPhone(t *testing.T) {
	id := bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "07700 900123"}
	Identifier(&id, "GB")
	if id.Value != "+447700900123" || id.Attr(AttrLineType) != LineUnassigned || id.Country != "" || id.Error != "" {
		t.Fatalf("got %+v", id)
	}
}

func TestIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{" 203.0.113.7 ", "203.0.113.7"},
		{"203.0.113.7:443", "203.0.113.7"},
		{"::ffff:198.51.100.1", "198.51.100.1"},
		{"2001:DB8::0:1", "2001:db8::1"},
		{"[2001:db8::1]:8080", "2001:db8::1"},
		{"fe80::1%eth0", "fe80::1"},
	}
	for _, tt := range tests {
		if got, err := IP(tt.in); err != nil || got != tt.want {
			t.Errorf("IP(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "300.1.2.3", "example.com", "1.2.3"} {
		if got, err := IP(in); err == nil {
			t.Errorf("IP(%q) = %q; want an error", in, got)
		}
	}
}

func TestPerson(t *testing.T) {
	p := bonafide.Person{
		ID: "A-1", Name: "Jürgen Müller", Country: "Deutschland",
		Claims: []bonafide.Claim{{Kind: bonafide.ClaimEmployment, Org: "Nordwind GmbH", Country: "Portugal"}},
		Identifiers: []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: "jürgen@müller.de"},
			{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: "030 1234567"},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeHome, Raw: "Hauptstraße 5, 10115 Berlin"},
		},
		References: []bonafide.Reference{{Name: "Jan Kowalski", Identifiers: []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Raw: "Jan@Nordwind.de"},
			{Kind: bonafide.KindPhone, Raw: "0151 12345678"}, // national: read in the applicant's country
		}}},
	}
	Person(&p)
	if p.Country != "DE" || p.Claims[0].Country != "PT" {
		t.Errorf("countries = %q, %q; want DE, PT", p.Country, p.Claims[0].Country)
	}
	want := []string{"jürgen@xn--mller-kva.de", "+49301234567", "DE|10115|haupt strasse 5"}
	for i, w := range want {
		if got := p.Identifiers[i].Value; got != w {
			t.Errorf("identifier %d = %q (%s); want %q", i, got, p.Identifiers[i].Error, w)
		}
	}
	ref := p.References[0].Identifiers
	if ref[0].Value != "jan@nordwind.de" || ref[1].Value != "+4915112345678" || ref[1].Attr("line_type") != "mobile" {
		t.Errorf("reference identifiers = %+v", ref)
	}

	unknown := bonafide.Person{Country: "Atlantis"}
	Person(&unknown)
	if unknown.Country != "Atlantis" {
		t.Errorf("unrecognised country changed to %q", unknown.Country)
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2023-04", time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)},
		{"2023-04-17", time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)},
		{" 2019 ", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-02-29", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"1999-12", time.Date(1999, 12, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got, err := Month(tt.in); err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("Month(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "present", "2023-13", "2023-00", "2023/04", "23-04", "2023-4", "2023-02-30", "0999", "2023-04-1x", "２０２３"} {
		if got, err := Month(in); err == nil || !strings.Contains(err.Error(), "invalid month") {
			t.Errorf("Month(%q) = %v, %v; want an error", in, got, err)
		}
	}
}

// benchPerson is a realistic applicant: contact data, two addresses, payout, profiles,
// application device and IP, and two references.
func benchPerson() bonafide.Person {
	return bonafide.Person{
		ID: "A-1042", Name: "João Silva", Country: "Portugal",
		Identifiers: []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: "Joao.Silva+jobs@gmail.com"},
			{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: "912 345 678"},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeHome, Raw: "R. Augusta, nº 120, 2.º Esq., 1100-053 Lisboa"},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Raw: "Flat 2, 10 Downing Street, London SW1A 2AA, United Kingdom"},
			{Kind: bonafide.KindIBAN, Purpose: bonafide.PurposePayout, Raw: "PT50 0002 0123 1234 5678 9015 4"},
			{Kind: bonafide.KindWallet, Purpose: bonafide.PurposePayout, Raw: "ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
			{Kind: bonafide.KindURL, Purpose: bonafide.PurposeProfile, Raw: "https://github.com/joaosilva"},
			{Kind: bonafide.KindURL, Purpose: bonafide.PurposeProfile, Raw: "https://www.linkedin.com/in/joao-silva-123/"},
			{Kind: bonafide.KindIP, Purpose: bonafide.PurposeApplication, Raw: "203.0.113.7"},
			{Kind: bonafide.KindDevice, Purpose: bonafide.PurposeApplication, Raw: "FP-9C1E-77AB"},
		},
		References: []bonafide.Reference{
			{Name: "Jan Kowalski", Identifiers: []bonafide.Identifier{
				{Kind: bonafide.KindEmail, Raw: "jan@nordwind.de"}, {Kind: bonafide.KindPhone, Raw: "+49 30 1234567"}}},
			{Name: "Maria Costa", Identifiers: []bonafide.Identifier{
				{Kind: bonafide.KindEmail, Raw: "maria.costa@outlook.pt"}, {Kind: bonafide.KindPhone, Raw: "+351 213 460 600"}}},
		},
	}
}

func BenchmarkPerson(b *testing.B) {
	tmpl := benchPerson()
	Person(&tmpl) // build lazy tables outside the loop
	b.ReportAllocs()
	for b.Loop() {
		p := benchPerson()
		Person(&p)
	}
}

// TestPersonConcurrent runs Person from several goroutines (run with -race): the lazily built
// tables and libphonenumber's caches must be safe for concurrent use.
func TestPersonConcurrent(t *testing.T) {
	done := make(chan bonafide.Person)
	for range 8 {
		go func() {
			p := benchPerson()
			Person(&p)
			done <- p
		}()
	}
	for range 8 {
		p := <-done
		for _, id := range p.Identifiers {
			if id.Error != "" {
				t.Errorf("%s %q: %s", id.Kind, id.Raw, id.Error)
			}
		}
	}
}
