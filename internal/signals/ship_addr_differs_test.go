package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestShipAddrDiffers(t *testing.T) {
	lisbon := home("PT|1100-053|rua augusta 120")
	withC := func(c string, ids ...bonafide.Identifier) *bonafide.Person {
		p := person("A-1", "Ann Lee", ids...)
		p.Country = c
		return p
	}
	tests := []struct {
		name    string
		p       *bonafide.Person
		want    []string
		summary string
	}{
		{"same as home", withC("PT", lisbon, shipping("PT|1100-053|rua augusta 120")), nil, ""},
		{"differs from home", withC("PT", lisbon, shipping("PT|4000-001|rua do ouro 5")),
			[]string{"A-1 address:PT|4000-001|rua do ouro 5 30"},
			"Shipping address PT|4000-001|rua do ouro 5 differs from the home address PT|1100-053|rua augusta 120."},
		{"other country, no home address", withC("PT", shipping("US|10001|1 main st")),
			[]string{"A-1 address:US|10001|1 main st 30"},
			"Shipping address US|10001|1 main st is in US while the claimed residence is PT."},
		{"both reasons", withC("PT", lisbon, shipping("US|10001|1 main st")),
			[]string{"A-1 address:US|10001|1 main st 30"},
			"Shipping address US|10001|1 main st differs from the home address PT|1100-053|rua augusta 120 and is in US while the claimed residence is PT."},
		{"no home, same country", withC("PT", shipping("PT|4000-001|rua do ouro 5")), nil, ""},
		{"no shipping address", withC("PT", lisbon), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectShipAddrDiffers, []*bonafide.Person{tt.p}, Env{})
			checkBrief(t, "SHIP-ADDR-DIFFERS", fs, tt.want)
			if tt.summary != "" && len(fs) == 1 && fs[0].Summary != tt.summary {
				t.Errorf("summary %q, want %q", fs[0].Summary, tt.summary)
			}
		})
	}
}
