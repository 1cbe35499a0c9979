package normalize

import (
	"errors"
	"fmt"
	"strings"
)

// ibanLengths is the IBAN length per country code, from the SWIFT IBAN Registry (ISO 13616
// registration authority, https://www.swift.com/standards/data-standards/iban, release 103 of
// September 2026): all SEPA countries plus every other registered country. French, British and
// other dependent territories that use their parent's code (FR, GB, …) are covered by it.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
	"BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
	"DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
	"GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
	"IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
	"LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
	"MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// errIBAN wraps every IBAN error.
var errIBAN = errors.New("invalid IBAN")

// IBAN canonicalises an International Bank Account Number (ISO 13616): it removes an "IBAN"
// prefix, spaces, tabs and dashes, upper-cases, and checks the country code against the
// registry table above, the length registered for that country, that the BBAN is
// alphanumeric, the check digits (02–98) and the ISO 7064 mod-97-10 checksum. It returns the
// electronic form ("DE89370400440532013000") and the country code ("DE"). The error says
// which check failed.
func IBAN(raw string) (iban, country string, err error) {
	s := strings.TrimSpace(raw)
	if len(s) > 64 {
		return "", "", fmt.Errorf("%w: longer than 64 bytes", errIBAN)
	}
	if len(s) >= 4 && strings.EqualFold(s[:4], "IBAN") {
		s = strings.TrimLeft(s[4:], ": ")
	}
	b := make([]byte, 0, 34)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '\t':
		case '0' <= c && c <= '9', 'A' <= c && c <= 'Z':
			b = append(b, c)
		case 'a' <= c && c <= 'z':
			b = append(b, c-'a'+'A')
		default:
			return "", "", fmt.Errorf("%w: character %q not allowed", errIBAN, rune(c))
		}
	}
	if len(b) == 0 {
		return "", "", fmt.Errorf("%w: empty", errIBAN)
	}
	if len(b) < 4 {
		return "", "", fmt.Errorf("%w: too short", errIBAN)
	}
	cc := string(b[:2])
	want, ok := ibanLengths[cc]
	if !ok {
		return "", "", fmt.Errorf("%w: %q is not a country in the IBAN registry", errIBAN, cc)
	}
	if len(b) != want {
		return "", "", fmt.Errorf("%w: %s IBANs have %d characters, this has %d", errIBAN, cc, want, len(b))
	}
	if b[2] < '0' || b[2] > '9' || b[3] < '0' || b[3] > '9' {
		return "", "", fmt.Errorf("%w: check digits %q are not digits", errIBAN, b[2:4])
	}
	if cd := string(b[2:4]); cd == "00" || cd == "01" || cd == "99" {
		return "", "", fmt.Errorf("%w: check digits %s are never issued", errIBAN, cd)
	}
	if mod97(b) != 1 {
		return "", "", fmt.Errorf("%w: checksum (mod 97) does not match", errIBAN)
	}
	return string(b), cc, nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of an IBAN: the first four characters
// moved to the end, letters replaced by 10–35.
func mod97(b []byte) int {
	r := 0
	add := func(c byte) {
		if c >= 'A' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	for _, c := range b[4:] {
		add(c)
	}
	for _, c := range b[:4] {
		add(c)
	}
	return r
}
