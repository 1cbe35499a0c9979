package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestPayAccountShared(t *testing.T) {
	iban := id(bonafide.KindIBAN, bonafide.PurposePayout, "PT50000201231234567890154")
	wallet := id(bonafide.KindWallet, bonafide.PurposePayout, "ETH:0x5c411cb174c2e163f6465252ae895f3e3e5a8792", "chain", "ETH")
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"iban", []*bonafide.Person{person("A-1", "Ann Lee", iban), person("A-2", "Bo Chen", iban)},
			[]string{"A-1 iban:PT50000201231234567890154 60 [A-2]", "A-2 iban:PT50000201231234567890154 60 [A-1]"}},
		{"wallet, three people", []*bonafide.Person{person("A-1", "Ann Lee", wallet), person("A-2", "Bo Chen", wallet), person("A-3", "Cy Diaz", wallet)},
			[]string{
				"A-1 wallet:ETH:0x5c411cb174c2e163f6465252ae895f3e3e5a8792 60 [A-2 A-3]",
				"A-2 wallet:ETH:0x5c411cb174c2e163f6465252ae895f3e3e5a8792 60 [A-1 A-3]",
				"A-3 wallet:ETH:0x5c411cb174c2e163f6465252ae895f3e3e5a8792 60 [A-1 A-2]"}},
		{"same person twice", []*bonafide.Person{person("A-1", "Ann Lee", iban), person("A-2", "Ann  LEE", iban)}, nil},
		{"not shared", []*bonafide.Person{person("A-1", "Ann Lee", iban), person("A-2", "Bo Chen")}, nil},
		{"phones are not payout accounts", []*bonafide.Person{
			person("A-1", "Ann Lee", phone("+4915112345678", "DE")), person("A-2", "Bo Chen", phone("+4915112345678", "DE"))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "PAY-ACCOUNT-SHARED", run(detectPayAccountShared, tt.people, Env{}), tt.want)
		})
	}
}
