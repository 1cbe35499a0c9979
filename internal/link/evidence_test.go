package link

import (
	"math"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestCombine(t *testing.T) {
	l := func(kind string, w float64) bonafide.Link { return bonafide.Link{Kind: kind, Weight: w} }
	many := make([]bonafide.Link, 0, 25)
	for i := 0; i < 25; i++ {
		many = append(many, l(string(rune('a'+i)), 0.1))
	}
	tests := []struct {
		name  string
		links []bonafide.Link
		want  float64
	}{
		{"no evidence", nil, 0},
		{"payout IBAN alone", []bonafide.Link{l(KindIBAN, 0.95)}, 0.95},
		{"IBAN and IP", []bonafide.Link{l(KindIBAN, 0.95), l(KindIP, 0.3)}, 0.965},
		{"household: home address and IP stay below 0.6", []bonafide.Link{l(KindAddress, 0.25), l(KindIP, 0.3)}, 0.475},
		{"two e-mails are one kind", []bonafide.Link{l(KindEmail, 0.9), l(KindEmail, 0.9)}, 0.9},
		{"strongest of a kind counts", []bonafide.Link{l("photo", 0.4), l("photo", 0.7)}, 0.7},
		{"name, postcode, address and IP reach the threshold", []bonafide.Link{l(KindNamePostcode, 0.3), l(KindAddress, 0.25), l(KindIP, 0.3)}, 0.6325},
		{"same-name note adds nothing", []bonafide.Link{l(KindPhone, 0.85), l(KindSameName, 0)}, 0.85},
		{"weights clamp to 0..1", []bonafide.Link{l("x", 1.7), l("y", -2)}, 1},
		{"negative only", []bonafide.Link{l("y", -0.5)}, 0},
		{"NaN is no evidence", []bonafide.Link{l("y", math.NaN()), l(KindIP, 0.3)}, 0.3},
		{"more than 16 kinds", many, 1 - math.Pow(0.9, 25)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Combine(tt.links); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Combine = %v, want %v", got, tt.want)
			}
			var c combiner
			for _, l := range tt.links {
				c.add(l.Kind, l.Weight)
			}
			if got := c.value(); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("combiner = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWeight(t *testing.T) {
	tests := []struct {
		kind string
		want float64
	}{
		{KindIBAN, 0.95}, {KindWallet, 0.95}, {KindDevice, 0.9}, {KindEmail, 0.9}, {KindURL, 0.9},
		{KindPhone, 0.85}, {KindNameDOB, 0.8}, {KindShipping, 0.7}, {KindReference, 0.6},
		{KindIP, 0.3}, {KindNamePostcode, 0.3}, {KindReferral, 0.3}, {KindAddress, 0.25},
		{KindSameName, 0}, {"city", 0}, {"photo", 0},
	}
	for _, tt := range tests {
		if got := Weight(tt.kind); got != tt.want {
			t.Errorf("Weight(%q) = %v, want %v", tt.kind, got, tt.want)
		}
		if tt.want > 0 && signalOf[tt.kind] == "" {
			t.Errorf("kind %q has no signal", tt.kind)
		}
	}
}

func TestLinkKind(t *testing.T) {
	tests := []struct {
		k          keyKind
		ra, rb     role
		kind, sign string
	}{
		{kkEmail, roleOwn, roleOwn, KindEmail, "APP-SHARED-IDENT"},
		{kkPhone, roleOwn, roleOwn, KindPhone, "APP-SHARED-IDENT"},
		{kkEmail, roleReferee, roleReferee, KindReference, "REF-SHARED-ACROSS"},
		{kkPhone, roleOwn, roleReferee, KindReference, "REF-IS-PERSONA"},
		{kkAddress, roleHome, roleHome, KindAddress, "APP-SHARED-IDENT"},
		{kkAddress, roleHome, roleShipping, KindShipping, "SHIP-ADDR-REUSED"},
		{kkAddress, roleShipping, roleShipping, KindShipping, "SHIP-ADDR-REUSED"},
		{kkIBAN, roleOwn, roleOwn, KindIBAN, "PAY-ACCOUNT-SHARED"},
		{kkWallet, roleOwn, roleOwn, KindWallet, "PAY-ACCOUNT-SHARED"},
		{kkNameDOB, roleOwn, roleOwn, KindNameDOB, "NET-CLUSTER"},
	}
	for _, tt := range tests {
		kind, sig := linkKind(tt.k, tt.ra, tt.rb)
		if kind != tt.kind || sig != tt.sign {
			t.Errorf("linkKind(%d, %d, %d) = %s, %s; want %s, %s", tt.k, tt.ra, tt.rb, kind, sig, tt.kind, tt.sign)
		}
	}
}
