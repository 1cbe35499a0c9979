package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestPhoneCountry(t *testing.T) {
	withCountry := func(c string, ids ...bonafide.Identifier) *bonafide.Person {
		p := person("A-1", "Ann", ids...)
		p.Country = c
		return p
	}
	tests := []struct {
		name string
		p    *bonafide.Person
		want []string
	}{
		{"mismatch", withCountry("PT", phone("+4915112345678", "DE")), []string{"A-1 phone:+4915112345678 10"}},
		{"lower-case claimed country", withCountry("pt", phone("+4915112345678", "DE")), []string{"A-1 phone:+4915112345678 10"}},
		{"match", withCountry("DE", phone("+4915112345678", "DE")), nil},
		{"no claimed country", withCountry("", phone("+4915112345678", "DE")), nil},
		{"non-geographic", withCountry("DE", phone("+80012345678", "001")), nil},
		{"reference phone is not the candidate's", func() *bonafide.Person {
			p := withCountry("DE")
			p.References = []bonafide.Reference{ref("Jan", "X", phone("+48123456789", "PL"))}
			return p
		}(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "APP-PHONE-COUNTRY", run(detectPhoneCountry, []*bonafide.Person{tt.p}, Env{}), tt.want)
		})
	}
}
