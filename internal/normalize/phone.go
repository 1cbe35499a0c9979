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
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return PhoneNumber{}, fmt.Errorf("%w: %q: %v", errPhone, raw, err)
	}
	// GetNumberType is UNKNOWN exactly when IsValidNumber is false (both match the national
	// number against the region's patterns); calling only it halves the regexp work.
	typ := phonenumbers.GetNumberType(num)
	if typ == phonenumbers.UNKNOWN {
		return PhoneNumber{}, fmt.Errorf("%w: %s is not a valid number for its country", errPhone, phonenumbers.Format(num, phonenumbers.E164))
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
