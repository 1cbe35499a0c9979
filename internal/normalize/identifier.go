package normalize

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Attribute keys Identifier sets in bonafide.Identifier.Attrs.
const (
	AttrDomain        = "domain"         // email: canonical domain
	AttrLineType      = "line_type"      // phone: PhoneNumber.LineType
	AttrRegion        = "region"         // phone: PhoneNumber.Region
	AttrChain         = "chain"          // wallet: BTC, ETH, TRX
	AttrPOBox         = "po_box"         // address: "true" for PO boxes and parcel lockers
	AttrMailForwarder = "mail_forwarder" // address: "true" for c/o, PMB, forwarders
	// AttrNetwork is read, not written: a url identifier's network hint for a bare handle
	// ("github", "linkedin", "gitlab", "x", "website"), set by intake from the column it read.
	AttrNetwork = "network"
)

// Identifier normalises id in place according to id.Kind: it sets Value (canonical), Country
// (the country the identifier points to: phone region, IBAN country, address country), Attrs
// (see the Attr constants) and Error (why Raw could not be normalised; Value is then ""). It
// clears the Value, Country and Error of an earlier run and keeps Attrs set by others.
// defaultCountry (ISO2) is the owner's claimed country, used for national phone numbers and
// addresses. Devices are trimmed and lower-cased; IPs are parsed with net/netip and printed
// canonically (IPv4-mapped IPv6 unmapped, zone and port dropped).
func Identifier(id *bonafide.Identifier, defaultCountry string) {
	id.Value, id.Country, id.Error = "", "", ""
	raw := strings.TrimSpace(id.Raw)
	if raw == "" {
		id.Error = "empty"
		return
	}
	var err error
	switch id.Kind {
	case bonafide.KindEmail:
		var v, dom string
		if v, dom, err = Email(raw); err == nil {
			id.Value = v
			setAttr(id, AttrDomain, dom)
		}
	case bonafide.KindPhone:
		var p PhoneNumber
		p, err = Phone(raw, defaultCountry)
		if errors.Is(err, ErrPhoneUnassigned) {
			// Kept for linking: the same made-up number on two applications is evidence.
			id.Value = p.E164
			setAttr(id, AttrLineType, p.LineType)
			err = nil
		} else if err == nil {
			id.Value, id.Country = p.E164, p.Region
			setAttr(id, AttrLineType, p.LineType)
			setAttr(id, AttrRegion, p.Region)
		}
	case bonafide.KindAddress:
		var a PostalAddress
		if a, err = Address(raw, defaultCountry); err == nil {
			id.Value, id.Country = a.Canonical, a.Country
			setFlag(id, AttrPOBox, a.POBox)
			setFlag(id, AttrMailForwarder, a.MailForwarder)
		}
	case bonafide.KindIBAN:
		id.Value, id.Country, err = IBAN(raw)
	case bonafide.KindWallet:
		var chain, v string
		if chain, v, err = Wallet(raw); err == nil {
			id.Value = v
			setAttr(id, AttrChain, chain)
		}
	case bonafide.KindURL:
		id.Value, err = Profile(raw, id.Attr(AttrNetwork))
	case bonafide.KindDevice:
		id.Value = strings.ToLower(raw)
	case bonafide.KindIP:
		id.Value, err = IP(raw)
	default:
		err = fmt.Errorf("unknown identifier kind %q", id.Kind)
	}
	if err != nil {
		id.Value, id.Country = "", ""
		id.Error = err.Error()
	}
}

func setAttr(id *bonafide.Identifier, k, v string) {
	if v == "" {
		if id.Attrs != nil {
			delete(id.Attrs, k)
		}
		return
	}
	if id.Attrs == nil {
		id.Attrs = make(map[string]string, 2)
	}
	id.Attrs[k] = v
}

func setFlag(id *bonafide.Identifier, k string, on bool) {
	if on {
		setAttr(id, k, "true")
	} else {
		setAttr(id, k, "")
	}
}

// errIP wraps every IP error.
var errIP = errors.New("invalid IP address")

// IP parses an IPv4 or IPv6 address (optionally with a port, "[v6]:port", or a zone) and
// returns its canonical text: IPv4 dotted quad, IPv6 RFC 5952 form, IPv4-mapped IPv6 as IPv4.
func IP(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			return "", fmt.Errorf("%w: %q", errIP, s)
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone("").String(), nil
}

// Person normalises a person in place: p.Country through Country (left unchanged when not
// recognised), each claim's Country likewise, every identifier of p with p.Country as default
// country, and every identifier of each reference, also with p.Country (a referee's national
// phone number is read in the applicant's country).
func Person(p *bonafide.Person) {
	if c, ok := Country(p.Country); ok {
		p.Country = c
	}
	for i := range p.Claims {
		if c, ok := Country(p.Claims[i].Country); ok {
			p.Claims[i].Country = c
		}
	}
	for i := range p.Identifiers {
		Identifier(&p.Identifiers[i], p.Country)
	}
	for r := range p.References {
		ids := p.References[r].Identifiers
		for i := range ids {
			Identifier(&ids[i], p.Country)
		}
	}
}

// Month parses "YYYY-MM", "YYYY-MM-DD" or "YYYY" (surrounding space ignored) into the first
// day of that month (of January for "YYYY") at 00:00 UTC, the month precision of
// bonafide.Claim. Years 1000–9999; the error names the input.
func Month(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("invalid month %q: want YYYY-MM, YYYY-MM-DD or YYYY", s)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad()
	}
	num := func(x string) (int, bool) {
		if !allDigits(x) {
			return 0, false
		}
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	y, ok := num(s[:4])
	if !ok || y < 1000 {
		return bad()
	}
	m := 1
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad()
		}
		if m, ok = num(s[5:7]); !ok || m < 1 || m > 12 {
			return bad()
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return bad()
		}
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), nil
}
