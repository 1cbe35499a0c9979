package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestPayCountry(t *testing.T) {
	iban := func(v string, attrs ...string) bonafide.Identifier {
		return id(bonafide.KindIBAN, bonafide.PurposePayout, v, attrs...)
	}
	withC := func(c string, ids ...bonafide.Identifier) *bonafide.Person {
		p := person("A-1", "Ann Lee", ids...)
		p.Country = c
		return p
	}
	tests := []struct {
		name string
		p    *bonafide.Person
		want []string
	}{
		{"foreign IBAN", withC("DE", iban("PT50000201231234567890154")), []string{"A-1 iban:PT50000201231234567890154 15"}},
		{"domestic IBAN", withC("PT", iban("PT50000201231234567890154")), nil},
		{"Country field wins", withC("DE", func() bonafide.Identifier { x := iban("PT50000201231234567890154"); x.Country = "DE"; return x }()), nil},
		{"via Wise", withC("DE", iban("BE68539007547034", "provider", "Wise")), []string{"A-1 iban:BE68539007547034 15"}},
		{"no claimed country", withC("", iban("PT50000201231234567890154")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "PAY-COUNTRY", run(detectPayCountry, []*bonafide.Person{tt.p}, Env{}), tt.want)
		})
	}
	fs := run(detectPayCountry, []*bonafide.Person{withC("DE", iban("BE68539007547034", "provider", "Wise"))}, Env{})
	if want := "Payout IBAN BE68539007547034 (via Wise) is a BE account but the claimed residence is DE."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}
