package normalize

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestPhone(t *testing.T) {
	tests := []struct {
		raw, region string
		want        PhoneNumber
	}{
		// Germany
		{"+49 151 12345678", "", PhoneNumber{"+4915112345678", "DE", LineMobile}},
		{"0151 12345678", "DE", PhoneNumber{"+4915112345678", "DE", LineMobile}},
		{"0049 (0)151-1234 5678", "", PhoneNumber{"+4915112345678", "DE", LineMobile}},
		{"030 1234567", "DE", PhoneNumber{"+49301234567", "DE", LineFixed}},
		{"+49 30 901820", "", PhoneNumber{"+4930901820", "DE", LineFixed}},
		{"+49 800 1234567", "", PhoneNumber{"+498001234567", "DE", LineTollFree}},
		{"+49 900 1234567", "", PhoneNumber{"+499001234567", "DE", LinePremiumRate}},
		// German 032 national subscriber number: fixed_line in libphonenumber, voip here.
		{"+49 32 21 1234567", "", PhoneNumber{"+4932211234567", "DE", LineVoIP}},
		{"032 123456789", "DE", PhoneNumber{"+4932123456789", "DE", LineVoIP}},
		// United Kingdom
		{"+44 20 7946 0958", "", PhoneNumber{"+442079460958", "GB", LineFixed}},
		{"020 7946 0958", "GB", PhoneNumber{"+442079460958", "GB", LineFixed}},
		{"+44 (0)20 7946 0958 ext. 123", "", PhoneNumber{"+442079460958", "GB", LineFixed}},
		{"07400 123456", "GB", PhoneNumber{"+447400123456", "GB", LineMobile}},
		{"07400 123456", "uk", PhoneNumber{"+447400123456", "GB", LineMobile}},
		{"056 0123 4567", "GB", PhoneNumber{"+445601234567", "GB", LineVoIP}}, // UK 056 VoIP range
		{"+44 56 0123 4567", "", PhoneNumber{"+445601234567", "GB", LineVoIP}},
		{"+44 70 1234 5678", "", PhoneNumber{"+447012345678", "GB", LinePersonalNumber}},
		{"+44 808 157 0000", "", PhoneNumber{"+448081570000", "GB", LineTollFree}},
		{"+44 300 123 4567", "", PhoneNumber{"+443001234567", "GB", LineUAN}},
		{"+44 7911 123456", "", PhoneNumber{"+447911123456", "GG", LineMobile}}, // a Guernsey mobile range
		// Portugal
		{"+351 912 345 678", "", PhoneNumber{"+351912345678", "PT", LineMobile}},
		{"912 345 678", "PT", PhoneNumber{"+351912345678", "PT", LineMobile}},
		{"912345678", "Portugal", PhoneNumber{"+351912345678", "PT", LineMobile}},
		{"+351 213 460 600", "", PhoneNumber{"+351213460600", "PT", LineFixed}},
		{"+351 30 123 4567", "", PhoneNumber{"+351301234567", "PT", LineVoIP}},
		{"+351 707 123 456", "", PhoneNumber{"+351707123456", "PT", LineUAN}},
		// United States
		{"(202) 555-0143", "US", PhoneNumber{"+12025550143", "US", LineFixedOrMobile}},
		{"+1 650 253 0000", "", PhoneNumber{"+16502530000", "US", LineFixedOrMobile}},
		{"tel:+1-202-555-0143", "", PhoneNumber{"+12025550143", "US", LineFixedOrMobile}},
		{"1-800-555-0199", "US", PhoneNumber{"+18005550199", "US", LineTollFree}},
		{"011 49 30 1234567", "US", PhoneNumber{"+49301234567", "DE", LineFixed}}, // US international prefix
		// Non-geographic
		{"+800 1234 5678", "", PhoneNumber{"+80012345678", "", LineTollFree}},
	}
	for _, tt := range tests {
		got, err := Phone(tt.raw, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("Phone(%q, %q) = %+v, %v; want %+v", tt.raw, tt.region, got, err, tt.want)
		}
	}
}

// TestPhoneGerman032Library records what libphonenumber itself says about 032 numbers, so a
// metadata update that changes it is noticed.
func TestPhoneGerman032Library(t *testing.T) {
	n, err := phonenumbers.Parse("+4932211234567", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := phonenumbers.GetNumberType(n); got != phonenumbers.FIXED_LINE {
		t.Errorf("libphonenumber type of +49 32… = %v; the override in Phone assumes FIXED_LINE", got)
	}
}

func TestPhoneErrors(t *testing.T) {
	tests := []struct{ raw, region, why string }{
		{"", "DE", "empty"},
		{"abc", "DE", "not a number"},
		{"030 1234567", "", "invalid country code"},
		{"+44 7700 900123", "", "not a valid number"}, // Ofcom drama range
		{"+49 32 1234 5678", "", "not a valid number"},
		{"+1 555 0100", "", "not a valid number"},
		{strings.Repeat("1", 101), "", "longer than 100"},
	}
	for _, tt := range tests {
		_, err := Phone(tt.raw, tt.region)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), tt.why) {
			t.Errorf("Phone(%q, %q) error = %v; want one containing %q", tt.raw, tt.region, err, tt.why)
		}
	}
}

// TestParseInternationalAgrees checks the international-form shortcut against libphonenumber's
// parser on every calling code it covers, with random national numbers of every length, in
// several spellings: same E.164, region and line type, and the same numbers rejected.
func TestParseInternationalAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for cc := range fastCountryCodes {
		for i := 0; i < 3000; i++ {
			length := 6 + r.IntN(9)
			var b strings.Builder
			first := 1 + r.IntN(9)
			if cc == 1 && first == 1 {
				first = 2 // NANP: a leading 1 is the trunk prefix, left to the parser
			}
			b.WriteByte(byte('0' + first))
			for j := 1; j < length; j++ {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
			nat := b.String()
			for _, raw := range []string{
				fmt.Sprintf("+%d%s", cc, nat),
				fmt.Sprintf("+%d %s %s", cc, nat[:3], nat[3:]),
				fmt.Sprintf("+%d-%s-%s", cc, nat[:2], nat[2:]),
			} {
				num, ok := parseInternational(raw)
				if !ok {
					t.Fatalf("shortcut refused %q", raw)
				}
				ref, err := phonenumbers.Parse(raw, unknownPhoneRegion)
				if err != nil {
					continue // the slow path would reject it too: Phone falls through to the same error
				}
				if phonenumbers.Format(num, phonenumbers.E164) != phonenumbers.Format(ref, phonenumbers.E164) ||
					phonenumbers.GetNumberType(num) != phonenumbers.GetNumberType(ref) ||
					phonenumbers.GetRegionCodeForNumber(num) != phonenumbers.GetRegionCodeForNumber(ref) {
					t.Fatalf("%q: shortcut %v/%v/%v, parser %v/%v/%v", raw,
						phonenumbers.Format(num, phonenumbers.E164), phonenumbers.GetNumberType(num), phonenumbers.GetRegionCodeForNumber(num),
						phonenumbers.Format(ref, phonenumbers.E164), phonenumbers.GetNumberType(ref), phonenumbers.GetRegionCodeForNumber(ref))
				}
				checked++
			}
		}
	}
	for _, raw := range []string{"+49 (0)30 1234567", "+44 020 7946 0018", "+1 212 555 0100 ext 5", "+7 912 345 67 89", "+49", "0151 23456789"} {
		if _, ok := parseInternational(raw); ok {
			t.Errorf("shortcut accepted %q, which needs the full parser", raw)
		}
	}
	t.Logf("%d numbers agreed", checked)
}
