package normalize

import (
	"strings"
	"testing"
)

func TestAddress(t *testing.T) {
	tests := []struct {
		raw, country string
		want         PostalAddress
	}{
		// Germany: the brief's three spellings of one address.
		{"Hauptstraße 5, 10115 Berlin, Germany", "", PostalAddress{Canonical: "DE|10115|haupt strasse 5", Country: "DE", Postcode: "10115"}},
		{"Hauptstr. 5, 10115 Berlin", "DE", PostalAddress{Canonical: "DE|10115|haupt strasse 5", Country: "DE", Postcode: "10115"}},
		{"HAUPTSTRASSE 5 10115 BERLIN DE", "", PostalAddress{Canonical: "DE|10115|haupt strasse 5", Country: "DE", Postcode: "10115"}},
		{"Haupt-Straße 5\n10115 Berlin\nDeutschland", "PT", PostalAddress{Canonical: "DE|10115|haupt strasse 5", Country: "DE", Postcode: "10115"}},
		{"Hauptstraße 5, D-10115 Berlin", "DE", PostalAddress{Canonical: "DE|10115|haupt strasse 5", Country: "DE", Postcode: "10115"}},
		// Umlaut spellings fold together in German-speaking countries.
		{"Müllerstraße 12a, 80331 München", "DE", PostalAddress{Canonical: "DE|80331|muller strasse 12a", Country: "DE", Postcode: "80331"}},
		{"Muellerstr. 12 a, 80331 Muenchen", "DE", PostalAddress{Canonical: "DE|80331|muller strasse 12a", Country: "DE", Postcode: "80331"}},
		{"Mullerstrasse 12A 80331 Munich Deutschland", "", PostalAddress{Canonical: "DE|80331|muller strasse 12a", Country: "DE", Postcode: "80331"}},
		{"Straße des 17. Juni 135, 10623 Berlin", "DE", PostalAddress{Canonical: "DE|10623|strasse 17 juni 135", Country: "DE", Postcode: "10623"}},
		{"Karl-Marx-Allee 1, Wohnung 12, 10178 Berlin", "DE", PostalAddress{Canonical: "DE|10178|karl marx allee 1 unit 12", Country: "DE", Postcode: "10178"}},
		{"Bahnhofstrasse 10, 8001 Zürich, Switzerland", "", PostalAddress{Canonical: "CH|8001|bahnhof strasse 10", Country: "CH", Postcode: "8001"}},
		{"Mariahilfer Straße 1, 1060 Wien, Österreich", "", PostalAddress{Canonical: "AT|1060|mariahilfer strasse 1", Country: "AT", Postcode: "1060"}},
		// Portugal: abbreviations, nº, floor and side.
		{"Rua Augusta 120, 2º Esq, 1100-053 Lisboa, Portugal", "", PostalAddress{Canonical: "PT|1100-053|rua augusta 120 2 esq", Country: "PT", Postcode: "1100-053"}},
		{"R. Augusta, nº 120, 2.º Esquerdo, 1100-053 Lisboa", "PT", PostalAddress{Canonical: "PT|1100-053|rua augusta 120 2 esq", Country: "PT", Postcode: "1100-053"}},
		{"RUA AUGUSTA N.º 120 2º ESQ. 1100 053 LISBOA", "PT", PostalAddress{Canonical: "PT|1100-053|rua augusta 120 2 esq", Country: "PT", Postcode: "1100-053"}},
		{"Av. da Liberdade 110, 1250-146 Lisboa", "", PostalAddress{Canonical: "PT|1250-146|avenue liberdade 110", Country: "PT", Postcode: "1250-146"}},
		{"Avenida Liberdade, 110, 1250-146 Lisbon, Portugal", "", PostalAddress{Canonical: "PT|1250-146|avenue liberdade 110", Country: "PT", Postcode: "1250-146"}},
		{"Trav. do Carmo 3, r/c Dto, 1200-095 Lisboa", "PT", PostalAddress{Canonical: "PT|1200-095|travessa carmo 3 rc dto", Country: "PT", Postcode: "1200-095"}},
		{"Lg. do Chiado 8, 1200-108 Lisboa", "PT", PostalAddress{Canonical: "PT|1200-108|largo chiado 8", Country: "PT", Postcode: "1200-108"}},
		{"Rua d'Ouro 5, 1100-060 Lisboa", "PT", PostalAddress{Canonical: "PT|1100-060|rua ouro 5", Country: "PT", Postcode: "1100-060"}},
		{"Rua do Ouro 5, 1100-060 Lisboa", "PT", PostalAddress{Canonical: "PT|1100-060|rua ouro 5", Country: "PT", Postcode: "1100-060"}},
		// United Kingdom: flats kept, town dropped, postcode with one space.
		{"Flat 2, 10 Downing Street, London SW1A 2AA, United Kingdom", "", PostalAddress{Canonical: "GB|SW1A 2AA|downing street 10 unit 2", Country: "GB", Postcode: "SW1A 2AA"}},
		{"10 Downing St, Flat 2, London, SW1A 2AA", "GB", PostalAddress{Canonical: "GB|SW1A 2AA|downing street 10 unit 2", Country: "GB", Postcode: "SW1A 2AA"}},
		{"10 downing street london sw1a2aa uk", "", PostalAddress{Canonical: "GB|SW1A 2AA|downing street 10", Country: "GB", Postcode: "SW1A 2AA"}},
		{"221B Baker Street, London NW1 6XE", "", PostalAddress{Canonical: "GB|NW1 6XE|baker street 221b", Country: "GB", Postcode: "NW1 6XE"}},
		{"St John's Rd 5, Cambridge CB1 1AA", "GB", PostalAddress{Canonical: "GB|CB1 1AA|saint johns road 5", Country: "GB", Postcode: "CB1 1AA"}},
		{"12 High St, St Albans, AL1 3AW", "GB", PostalAddress{Canonical: "GB|AL1 3AW|high street 12", Country: "GB", Postcode: "AL1 3AW"}},
		// United States: ZIP5, state and city dropped, directionals expanded.
		{"1600 Pennsylvania Ave NW, Washington, DC 20500, USA", "", PostalAddress{Canonical: "US|20500|pennsylvania avenue northwest 1600", Country: "US", Postcode: "20500"}},
		{"1600 Pennsylvania Avenue Northwest Washington DC 20500-0003", "US", PostalAddress{Canonical: "US|20500|pennsylvania avenue northwest 1600", Country: "US", Postcode: "20500"}},
		{"5 Main St Apt 4B, New York, NY 10001", "US", PostalAddress{Canonical: "US|10001|main street 5 unit 4b", Country: "US", Postcode: "10001"}},
		{"5 Main Street #4B New York NY 10001", "US", PostalAddress{Canonical: "US|10001|main street 5 unit 4b", Country: "US", Postcode: "10001"}},
		{"100 N Main St, Dover, DE 19901", "US", PostalAddress{Canonical: "US|19901|north main street 100", Country: "US", Postcode: "19901"}},
		// Netherlands, Canada, Ireland.
		{"Damrak 1, 1012 LG Amsterdam, Netherlands", "", PostalAddress{Canonical: "NL|1012 LG|damrak 1", Country: "NL", Postcode: "1012 LG"}},
		{"Damrak 1 1012LG Amsterdam", "NL", PostalAddress{Canonical: "NL|1012 LG|damrak 1", Country: "NL", Postcode: "1012 LG"}},
		{"24 Sussex Dr, Ottawa ON K1M 1M4, Canada", "", PostalAddress{Canonical: "CA|K1M 1M4|sussex drive 24", Country: "CA", Postcode: "K1M 1M4"}},
		{"1 Grafton Street, Dublin 2, D02 X285, Ireland", "", PostalAddress{Canonical: "IE|D02 X285|grafton street 1", Country: "IE", Postcode: "D02 X285"}},
		// Unknown country, no postcode: everything kept.
		{"Main Street 5, Springfield", "", PostalAddress{Canonical: "||main street 5 springfield"}},
	}
	for _, tt := range tests {
		got, err := Address(tt.raw, tt.country)
		if err != nil || got != tt.want {
			t.Errorf("Address(%q, %q) = %+v, %v; want %+v", tt.raw, tt.country, got, err, tt.want)
		}
	}
}

func TestAddressFlags(t *testing.T) {
	tests := []struct {
		raw, country, canonical string
		poBox, forwarder        bool
	}{
		{"PO Box 1234, Springfield, IL 62701", "US", "US|62701|pobox 1234", true, false},
		{"P.O. Box 1234 Springfield IL 62701", "US", "US|62701|pobox 1234", true, false},
		{"Post Office Box 1234, Springfield IL 62701", "US", "US|62701|pobox 1234", true, false},
		{"Postfach 10 20 30, 10115 Berlin", "DE", "DE|10115|pobox 102030", true, false},
		{"Postfach 102030, 10115 Berlin", "DE", "DE|10115|pobox 102030", true, false},
		{"Packstation 123, 10115 Berlin", "DE", "DE|10115|packstation 123", true, false},
		{"Apartado 123, 1100-053 Lisboa", "PT", "PT|1100-053|pobox 123", true, false},
		{"Caixa Postal 45, 01000-000 São Paulo", "BR", "BR|01000-000|pobox 45", true, false},
		{"Poste restante, 1100-053 Lisboa", "PT", "PT|1100-053|posterestante", true, false},
		{"c/o John Smith, 12 Oak Road, Leeds LS1 1AA", "GB", "GB|LS1 1AA|oak road 12", false, true},
		{"C/O Jane Roe 12 Oak Rd Leeds LS1 1AA", "GB", "GB|LS1 1AA|oak road 12", false, true},
		{"Care of Anna Schmidt, Hauptstr. 5, 10115 Berlin", "DE", "DE|10115|haupt strasse 5", false, true},
		{"123 Main St PMB 456, Dover, DE 19901", "US", "US|19901|main street 123 pmb 456", false, true},
		{"The UPS Store, 123 Main St Ste 100, Dover DE 19901", "US", "US|19901|main street 123 unit 100", false, true},
		{"Shipito, 1125 W 190th St Ste B, Gardena CA 90248", "US", "US|90248|west 190th street 1125 unit b", false, true},
		// A suite alone is an office, not a forwarder.
		{"500 Market St Suite 300, San Francisco, CA 94105", "US", "US|94105|market street 500 unit 300", false, false},
		{"12 Oak Road, Leeds LS1 1AA", "GB", "GB|LS1 1AA|oak road 12", false, false},
	}
	for _, tt := range tests {
		got, err := Address(tt.raw, tt.country)
		if err != nil || got.Canonical != tt.canonical || got.POBox != tt.poBox || got.MailForwarder != tt.forwarder {
			t.Errorf("Address(%q, %q) = %+v, %v; want %q po_box=%v forwarder=%v", tt.raw, tt.country, got, err, tt.canonical, tt.poBox, tt.forwarder)
		}
	}
}

// TestAddressSameAndDifferent checks pairs that must (or must not) canonicalise equally.
func TestAddressSameAndDifferent(t *testing.T) {
	type side struct{ raw, country string }
	tests := []struct {
		name string
		a, b side
		same bool
	}{
		{"couple sharing a flat", side{"Rua Augusta 120, 2º Esq, 1100-053 Lisboa", "PT"}, side{"R. Augusta nº120 2.º Esq.º 1100-053 LISBOA PORTUGAL", ""}, true},
		{"couple, one writes the city in English", side{"Rua Augusta 120, 2 Esq, 1100-053 Lisboa", "PT"}, side{"Rua Augusta 120, 2 Esq, 1100-053 Lisbon, Portugal", "GB"}, true},
		{"neighbours on another floor", side{"Rua Augusta 120, 2º Esq, 1100-053 Lisboa", "PT"}, side{"Rua Augusta 120, 3º Esq, 1100-053 Lisboa", "PT"}, false},
		{"neighbours across the landing", side{"Rua Augusta 120, 2º Esq, 1100-053 Lisboa", "PT"}, side{"Rua Augusta 120, 2º Dto, 1100-053 Lisboa", "PT"}, false},
		{"two flats in one building", side{"Flat 1, 10 Downing Street, London SW1A 2AA", "GB"}, side{"Flat 2, 10 Downing Street, London SW1A 2AA", "GB"}, false},
		{"flat number vs house number", side{"Flat 10, 2 Baker Street, London NW1 6XE", "GB"}, side{"Flat 2, 10 Baker Street, London NW1 6XE", "GB"}, false},
		{"flat before or after the street", side{"Flat 2, 10 Downing Street, London SW1A 2AA", "GB"}, side{"10 Downing St Flat 2 London SW1A 2AA", "GB"}, true},
		{"apartment, apt, #", side{"5 Main St Apt 4B, New York, NY 10001", "US"}, side{"5 Main Street Apartment 4 B New York NY 10001-1234", "US"}, true},
		{"house 5 vs 5a", side{"Hauptstraße 5, 10115 Berlin", "DE"}, side{"Hauptstraße 5a, 10115 Berlin", "DE"}, false},
		{"same street, other postcode", side{"Hauptstraße 5, 10115 Berlin", "DE"}, side{"Hauptstraße 5, 80331 München", "DE"}, false},
		{"Strasse written apart", side{"Haupt Straße 5, 10115 Berlin", "DE"}, side{"Hauptstr.5, 10115 Berlin", "DE"}, true},
		{"laptop-farm address with and without c/o", side{"c/o Mike Brown, 42 Elm Street, Springfield, IL 62704", "US"}, side{"42 Elm St, Springfield IL 62704", "US"}, true},
	}
	for _, tt := range tests {
		a, errA := Address(tt.a.raw, tt.a.country)
		b, errB := Address(tt.b.raw, tt.b.country)
		if errA != nil || errB != nil {
			t.Errorf("%s: errors %v, %v", tt.name, errA, errB)
			continue
		}
		if (a.Canonical == b.Canonical) != tt.same {
			t.Errorf("%s: %q vs %q; want same=%v", tt.name, a.Canonical, b.Canonical, tt.same)
		}
	}
}

func TestAddressErrors(t *testing.T) {
	tests := []struct{ raw, country, why string }{
		{"", "DE", "empty"},
		{"  ", "DE", "empty"},
		{", ; -", "DE", "no letters or digits"},
		{"10115 Berlin", "DE", "no street"},
		{"London SW1A 2AA", "GB", "no street"},
		{"Germany", "", "no street"},
		{strings.Repeat("a ", 1001), "", "longer than 2000"},
		{"Rua \xff 5", "PT", "UTF-8"},
	}
	for _, tt := range tests {
		got, err := Address(tt.raw, tt.country)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("Address(%q, %q) = %+v, %v; want an error containing %q", tt.raw, tt.country, got, err, tt.why)
		}
	}
}

// TestAddressCanonicalRoundTrip: Address accepts its own output unchanged.
func TestAddressCanonicalRoundTrip(t *testing.T) {
	for _, raw := range []string{"Hauptstraße 5, 10115 Berlin, Germany", "Flat 2, 10 Downing Street, London SW1A 2AA", "PO Box 1234, Springfield, IL 62701, USA", "Main Street 5, Springfield"} {
		a, err := Address(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := Address(a.Canonical, "PT")
		if err != nil || b != a {
			t.Errorf("Address(%q) = %+v; round trip = %+v, %v", raw, a, b, err)
		}
	}
}
