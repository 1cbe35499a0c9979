package ofac

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Feature type names, exactly as OFAC's FeatureTypeValues spell them.
const (
	FeatureEmail   = "Email Address"
	FeatureWebsite = "Website"
	FeaturePhone   = "Phone Number"
	// FeatureWalletPrefix starts every digital-currency feature type name; the chain's ticker
	// follows ("Digital Currency Address - ETH", "… - XBT", "… - USDT", "… - TRX", …).
	FeatureWalletPrefix = "Digital Currency Address - "

	// featureSecondaryRisk is the feature type whose detail cites the regulation under which
	// dealing with the party carries secondary sanctions risk.
	featureSecondaryRisk = "Secondary sanctions risk:"
)

// Feature is one digital/contact feature of a listed party.
type Feature struct {
	// Type is the OFAC feature type name as in the file, e.g. "Email Address", "Website",
	// "Phone Number", "Digital Currency Address - ETH".
	Type string
	// Kind is KindEmail, KindURL, KindPhone or KindWallet.
	Kind bonafide.IdentifierKind
	// Raw is the value as listed, with surrounding white space removed (not normalised: an
	// ETH address keeps its mixed-case checksum spelling, a website may or may not have a
	// scheme, a phone number may lack its country code).
	Raw string
}

// Chain returns the digital-currency ticker of a wallet feature ("ETH", "XBT", "USDT", …),
// or "" when f is not a wallet.
func (f Feature) Chain() string {
	if c, ok := strings.CutPrefix(f.Type, FeatureWalletPrefix); ok {
		return strings.TrimSpace(c)
	}
	return ""
}

// FeatureKind maps an OFAC feature type name to the identifier kind it holds: "Email Address"
// → KindEmail, "Website" → KindURL, "Phone Number" → KindPhone, "Digital Currency Address - *"
// → KindWallet. ok is false for every other feature type (birth dates, vessel flags, …).
func FeatureKind(typeName string) (kind bonafide.IdentifierKind, ok bool) {
	switch {
	case typeName == FeatureEmail:
		return bonafide.KindEmail, true
	case typeName == FeatureWebsite:
		return bonafide.KindURL, true
	case typeName == FeaturePhone:
		return bonafide.KindPhone, true
	case strings.HasPrefix(typeName, FeatureWalletPrefix):
		return bonafide.KindWallet, true
	}
	return "", false
}

// Entry is one listed party (DistinctParty) with what screening needs.
type Entry struct {
	// ID is the FixedRef of the DistinctParty, e.g. "43379" (the same number as the legacy
	// SDN CSV's ent_num and OFAC's web search "id").
	ID string
	// Name is the primary name: the NamePartValue parts of the primary alias' "Primary Latin"
	// documented name (or its first documented name) joined by single spaces in document
	// order. For individuals that order is usually last name first ("Malyshev Sergey
	// Gennadevich").
	Name string
	// Aliases are the party's other names, each once, in document order: the A.K.A., F.K.A.
	// and N.K.A. aliases (including those OFAC marks low quality) and the primary name in
	// other scripts.
	Aliases []string
	// Type is "Individual", "Entity", "Vessel" or "Aircraft" (the PartySubType, or its
	// PartyType when the subtype is "Unknown").
	Type string
	// Programs are the sanctions program codes of the party's SanctionsEntry measures, each
	// once, in file order, e.g. ["DPRK3", "DPRK4"]. They include programs from the party's
	// entries on other lists than the SDN List (see Lists).
	Programs []string
	// Lists names the lists the party's SanctionsEntries are on, each once, in file order,
	// e.g. ["SDN List"] or ["SDN List", "Sectoral Sanctions Identifications List"].
	Lists []string
	// RawOffset and RawLength locate the party's raw record, its <DistinctParty> element, in
	// the uncompressed XML (bytes); RawRecord reads it back for audit and reports.
	RawOffset, RawLength int64
	// BirthDates are the party's dates of birth as datePeriod formats them: "1948-12-10",
	// "1970", or a "from/to" range such as "1970-01-01/1972-12-31" (circa dates), each once.
	BirthDates []string
	// Features are the party's digital/contact features only (see FeatureKind), in file order.
	Features []Feature
	// SecondarySanctionsRisks are the regulations cited by the party's "Secondary sanctions
	// risk:" features, each once, e.g. "North Korea Sanctions Regulations, sections 510.201
	// and 510.210" or "See Section 11 of Executive Order 14024.".
	SecondarySanctionsRisks []string
}

// FeaturesOf returns the entry's features of kind k.
func (e *Entry) FeaturesOf(k bonafide.IdentifierKind) []Feature {
	var out []Feature
	for _, f := range e.Features {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// List is a parsed issue of the list.
type List struct {
	// Version is the publication date from the file's DateOfIssue, YYYY-MM-DD.
	Version string
	// SHA256 is the lower-case hex SHA-256 of the XML bytes read (after decompression). For a
	// complete file it equals the checksum OFAC publishes (sdn_advanced_checksum.txt,
	// "SHA256(sdn_advanced.xml) = …").
	SHA256 string
	// Entries are the parties kept, in file order.
	Entries []Entry
}

// IsDPRKProgram reports whether code is one of OFAC's North Korea programs. In the program
// list of the advanced XML (SanctionsProgramValues) these are exactly the codes starting
// "DPRK": DPRK (EO 13551), DPRK2 (EO 13687), DPRK3 (EO 13722), DPRK4 (EO 13810) and
// DPRK-NKSPEA (North Korea Sanctions and Policy Enhancement Act), as the entries' legal bases
// in the 2025-11-19 issue show. No other
// code in the list is DPRK-specific: NPWMD (non-proliferation) and CYBER2/3/4 also cover
// many DPRK parties (Lazarus Group and its fronts are often CYBER2 and DPRK3 together) but
// are multi-country programs, so they do not count here.
func IsDPRKProgram(code string) bool {
	return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(code)), "DPRK")
}

// IsDPRK reports whether any of the entry's programs is a DPRK program (see IsDPRKProgram).
// In the 2025-11-19 issue 538 of 18,367 parties are.
func IsDPRK(e *Entry) bool {
	for _, p := range e.Programs {
		if IsDPRKProgram(p) {
			return true
		}
	}
	return false
}

// HasDPRKNexus reports whether the entry is under a DPRK program (IsDPRK) or OFAC flags
// secondary sanctions risk under the North Korea Sanctions Regulations for it. The second
// test adds parties designated under the non-proliferation program NPWMD for North Korean
// weapons financing, among them DPRK IT-worker fronts and facilitators such as Korea
// Sobaeksu Trading Corporation (FixedRef 54764) and Sim Hyon Sop (42498): in the 2025-11-19
// issue 668 parties, 538 of them IsDPRK and 130 NPWMD-only.
func HasDPRKNexus(e *Entry) bool {
	if IsDPRK(e) {
		return true
	}
	for _, r := range e.SecondarySanctionsRisks {
		if strings.Contains(r, "North Korea") {
			return true
		}
	}
	return false
}
