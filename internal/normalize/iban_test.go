package normalize

import (
	"strings"
	"testing"
)

func TestIBAN(t *testing.T) {
	tests := []struct{ raw, want, cc string }{
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE"},
		{"de89370400440532013000", "DE89370400440532013000", "DE"},
		{"IBAN DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE"},
		{"IBAN: DE89-3704-0044-0532-0130-00", "DE89370400440532013000", "DE"},
		{"GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819", "GB"},
		{"PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154", "PT"},
		{"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "NL"},
		{"FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606", "FR"},
		{"BE68 5390 0754 7034", "BE68539007547034", "BE"},
		{"NO93 8601 1117 947", "NO9386011117947", "NO"},
		{"CH93 0076 2011 6238 5295 7", "CH9300762011623852957", "CH"},
		{"AT61 1904 3002 3457 3201", "AT611904300234573201", "AT"},
		{"ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332", "ES"},
		{"IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456", "IT"},
		{"IE29 AIBK 9311 5212 3456 78", "IE29AIBK93115212345678", "IE"},
		{"PL61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874", "PL"},
		{"SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466", "SE"},
		{"MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S", "MT"},
		{"\tGB29NWBK60161331926819 ", "GB29NWBK60161331926819", "GB"},
	}
	for _, tt := range tests {
		got, cc, err := IBAN(tt.raw)
		if err != nil || got != tt.want || cc != tt.cc {
			t.Errorf("IBAN(%q) = %q, %q, %v; want %q, %q", tt.raw, got, cc, err, tt.want, tt.cc)
		}
	}
}

func TestIBANErrors(t *testing.T) {
	tests := []struct{ raw, why string }{
		{"", "empty"},
		{"DE8", "too short"},
		{"DE89370400440532013001", "checksum"},
		{"DE8937040044053201300", "22 characters"},
		{"US12345678901234567890", "not a country in the IBAN registry"},
		{"DEAB370400440532013000", "not digits"},
		{"DE00370400440532013000", "never issued"},
		{"DE89 3704 0044 0532 0130 0!", "not allowed"},
		{"GB29 NWBK 6016 1331 9268 18", "checksum"},
	}
	for _, tt := range tests {
		_, _, err := IBAN(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("IBAN(%q) error = %v; want one containing %q", tt.raw, err, tt.why)
		}
	}
}

// TestIBANLengthsCoverSEPA checks the registry table covers every SEPA country.
func TestIBANLengthsCoverSEPA(t *testing.T) {
	sepa := "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA AL MD ME MK"
	for _, cc := range strings.Fields(sepa) {
		if ibanLengths[cc] == 0 {
			t.Errorf("no IBAN length for SEPA country %s", cc)
		}
	}
}
