package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// PhoneNumber is a parsed phone number, as Phone returns it. (The brief's type name Phone
// collides with the function Phone in Go.)
type PhoneNumber struct {
	E164 string // "+4915112345678"
	// Region is the ISO 3166-1 alpha-2 region the number belongs to ("DE"; "GG" for a
	// Guernsey mobile); "" for non-geographic numbers such as +800.
	Region string
	// LineType is one of mobile, fixed_line, fixed_line_or_mobile, voip, toll_free,
	// premium_rate, shared_cost, personal_number, pager, uan, voicemail, unknown
	// (libphonenumber's classification, with the German 032 override described on Phone).
	LineType string
}

// Line types.
const (
	LineMobile           = "mobile"
	LineFixed            = "fixed_line"
	LineFixedOrMobile    = "fixed_line_or_mobile"
	LineVoIP             = "voip"
	LineTollFree         = "toll_free"
	LinePremiumRate      = "premium_rate"
	LineSharedCost       = "shared_cost"
	LinePersonalNumber   = "personal_number"
	LinePager            = "pager"
	LineUAN              = "uan"
	LineVoicemail        = "voicemail"
	LineUnknown          = "unknown"
	nonGeographicRegion  = "001"
	unknownPhoneRegion   = "ZZ"
	germanNationalPrefix = "32"
)

var lineTypes = map[phonenumbers.PhoneNumberType]string{
	phonenumbers.MOBILE:               LineMobile,
	phonenumbers.FIXED_LINE:           LineFixed,
	phonenumbers.FIXED_LINE_OR_MOBILE: LineFixedOrMobile,
	phonenumbers.VOIP:                 LineVoIP,
	phonenumbers.TOLL_FREE:            LineTollFree,
	phonenumbers.PREMIUM_RATE:         LinePremiumRate,
	phonenumbers.SHARED_COST:          LineSharedCost,
	phonenumbers.PERSONAL_NUMBER:      LinePersonalNumber,
	phonenumbers.PAGER:                LinePager,
	phonenumbers.UAN:                  LineUAN,
	phonenumbers.VOICEMAIL:            LineVoicemail,
	phonenumbers.UNKNOWN:              LineUnknown,
}

// errPhone wraps every Phone error.
var errPhone = errors.New("invalid phone number")

// ErrPhoneUnassigned marks a number of possible length for its country that lies in no assigned
// range (the Ofcom drama range 07700 900xxx, a made-up number). Phone returns it wrapped, with
// the E.164 form filled in and LineType LineUnassigned: such a number cannot be called, but two
// people giving the same one are still linked by it.
var ErrPhoneUnassigned = errors.New("not a valid number for its country")

// LineUnassigned is the line type of a number in no assigned range (ErrPhoneUnassigned).
const LineUnassigned = "unassigned"

// Phone parses raw with libphonenumber (github.com/nyaruka/phonenumbers) and returns its
// E.164 form, region and line type. defaultRegion (ISO2 or a name Country accepts; may be "")
// is used for numbers in national format ("030 1234567"); without it a number must start with
// "+" or the international prefix "00". Extensions are dropped. The error says why a number
// was rejected: not a number, no country code, or not valid for its country (wrong length or
// unassigned range, e.g. the Ofcom drama range 07700 900xxx).
//
// LineType follows libphonenumber, with one override: German 032 numbers ("nationale
// Teilnehmerrufnummern", Bundesnetzagentur numbering plan) are location-independent numbers
// sold mostly as internet telephony; libphonenumber lists them under fixed_line, Phone reports
// voip (APP-PHONE-VOIP, MAND24). UK 056 numbers are voip in libphonenumber itself.
func Phone(raw, defaultRegion string) (PhoneNumber, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return PhoneNumber{}, fmt.Errorf("%w: empty", errPhone)
	}
	if len(s) > 100 {
		return PhoneNumber{}, fmt.Errorf("%w: longer than 100 bytes", errPhone)
	}
	region := countryDefault(strings.ToUpper(strings.TrimSpace(defaultRegion)))
	if region == "" {
		region = unknownPhoneRegion
		if strings.HasPrefix(s, "00") {
			s = "+" + s[2:]
		}
	}
	num, ok := parseInternational(s)
	if !ok {
		var err error
		if num, err = phonenumbers.Parse(s, region); err != nil {
			return PhoneNumber{}, fmt.Errorf("%w: %q: %v", errPhone, raw, err)
		}
	}
	// GetNumberType is UNKNOWN exactly when IsValidNumber is false (both match the national
	// number against the region's patterns); calling only it halves the regexp work.
	typ := phonenumbers.GetNumberType(num)
	if typ == phonenumbers.UNKNOWN {
		e164 := phonenumbers.Format(num, phonenumbers.E164)
		if phonenumbers.IsPossibleNumberWithReason(num) == phonenumbers.IS_POSSIBLE {
			return PhoneNumber{E164: e164, LineType: LineUnassigned}, fmt.Errorf("%w: %s is %w", errPhone, e164, ErrPhoneUnassigned)
		}
		return PhoneNumber{}, fmt.Errorf("%w: %s is not a valid number for its country", errPhone, e164)
	}
	p := PhoneNumber{E164: phonenumbers.Format(num, phonenumbers.E164)}
	if r := phonenumbers.GetRegionCodeForNumber(num); r != nonGeographicRegion && r != unknownPhoneRegion {
		p.Region = r
	}
	p.LineType = lineTypes[typ]
	if p.LineType == "" {
		p.LineType = LineUnknown
	}
	if num.GetCountryCode() == 49 && strings.HasPrefix(phonenumbers.GetNationalSignificantNumber(num), germanNationalPrefix) {
		p.LineType = LineVoIP
	}
	return p, nil
}

// fastCountryCodes are the calling codes whose numbers parseInternational may build without
// libphonenumber's parser: codes whose national prefix for parsing is a plain "0" (or "1" for
// NANP), so that an international number not starting with it is its national significant
// number as written. TestParseInternationalAgrees checks the shortcut against Parse.
var fastCountryCodes = map[int32]bool{
	1: true, 31: true, 32: true, 33: true, 34: true, 41: true, 43: true, 44: true, 45: true,
	46: true, 47: true, 48: true, 49: true, 351: true, 353: true, 358: true,
}

// parseInternational is the shortcut for the common case of a number written in international
// form ("+49 151 23456789", "+351-912-345-678"): '+' then digits with spaces, dots or hyphens.
// It builds the number directly, skipping libphonenumber's regexp-heavy parser (about half the
// cost of Phone); anything else (parentheses, extensions, a trunk "0" after the country code,
// other countries) reports false and goes through phonenumbers.Parse.
func parseInternational(s string) (*phonenumbers.PhoneNumber, bool) {
	if len(s) < 2 || s[0] != '+' {
		return nil, false
	}
	var digits [20]byte
	n := 0
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return nil, false
			}
			digits[n] = c
			n++
		case c == ' ' || c == '-' || c == '.':
		default:
			return nil, false
		}
	}
	for ccLen := 1; ccLen <= 3 && ccLen < n; ccLen++ {
		var cc int32
		for _, d := range digits[:ccLen] {
			cc = cc*10 + int32(d-'0')
		}
		if !fastCountryCodes[cc] {
			continue
		}
		national := digits[ccLen:n]
		if len(national) < 6 || len(national) > 15 || national[0] == '0' || (cc == 1 && national[0] == '1') {
			return nil, false
		}
		var nn uint64
		for _, d := range national {
			nn = nn*10 + uint64(d-'0')
		}
		return &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nn}, true
	}
	return nil, false
}
