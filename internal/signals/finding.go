package signals

import (
	"slices"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// finding builds a finding of signal sig on p with the catalogue's severity and sources. Weight
// 0 means the catalogue weight.
func (e *env) finding(sig string, p *bonafide.Person, key string, weight float64, summary string, ev []bonafide.Evidence, related []string) bonafide.Finding {
	c := loadCatalogue()
	s := c.signals[c.byID[sig]]
	sev := s.Severity
	if weight == 0 {
		weight = s.Weight
	} else if weight != s.Weight {
		sev = severityOf(weight) // graded evidence: a shared IP is not as severe as a shared phone
	}
	return bonafide.Finding{
		PersonID: p.ID,
		SignalID: sig,
		Severity: sev,
		Weight:   weight,
		Summary:  summary,
		Evidence: ev,
		Sources:  slices.Clone(s.Sources),
		Related:  related,
		Key:      key,
	}
}

// kindLabel names an identifier kind in a sentence ("Phone", "E-mail").
func kindLabel(id *bonafide.Identifier) string {
	switch id.Kind {
	case bonafide.KindEmail:
		return "E-mail"
	case bonafide.KindPhone:
		return "Phone"
	case bonafide.KindAddress:
		switch id.Purpose {
		case bonafide.PurposeHome:
			return "Home address"
		case bonafide.PurposeShipping:
			return "Shipping address"
		}
		return "Address"
	case bonafide.KindIBAN:
		return "IBAN"
	case bonafide.KindWallet:
		return "Wallet"
	case bonafide.KindURL:
		return "Profile"
	case bonafide.KindDevice:
		return "Device"
	case bonafide.KindIP:
		return "IP address"
	}
	return string(id.Kind)
}

// fieldName names the person field an identifier came from ("phone", "shipping_address").
func fieldName(id *bonafide.Identifier) string {
	switch id.Kind {
	case bonafide.KindAddress:
		if id.Purpose == bonafide.PurposeHome || id.Purpose == bonafide.PurposeShipping {
			return string(id.Purpose) + "_address"
		}
		return "address"
	case bonafide.KindURL:
		return "profile"
	}
	return string(id.Kind)
}

// display is how an identifier is shown to an analyst: as presented, else canonical.
func display(id *bonafide.Identifier) string {
	if s := strings.TrimSpace(id.Raw); s != "" {
		return s
	}
	return id.Value
}

// idKeyString is a finding key for an identifier: "<kind>:<canonical value>".
func idKeyString(id *bonafide.Identifier) string {
	return string(id.Kind) + ":" + id.Value
}

// emailDomain is the domain of a canonical e-mail: Attrs["domain"], else the part after the last
// "@".
func emailDomain(id *bonafide.Identifier) string {
	if d := id.Attr("domain"); d != "" {
		return d
	}
	if i := strings.LastIndexByte(id.Value, '@'); i >= 0 {
		return id.Value[i+1:]
	}
	return ""
}

// truthy reads a boolean attribute as normalisers write it ("true", "1", "yes").
func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y":
		return true
	}
	return false
}

// isCountry reports whether s looks like an ISO 3166-1 alpha-2 code (two ASCII capitals);
// libphonenumber's non-geographic region "001" and empty values are not countries.
func isCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// severityOf grades a finding by its points, the rule the catalogue's severities follow:
// 45 or more is high, 15 or more medium, less low.
func severityOf(weight float64) bonafide.Severity {
	switch {
	case weight >= 45:
		return bonafide.SeverityHigh
	case weight >= 15:
		return bonafide.SeverityMedium
	default:
		return bonafide.SeverityLow
	}
}
