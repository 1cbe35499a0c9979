package link

import (
	"cmp"
	"slices"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Link kinds the resolver itself produces (bonafide.Link.Kind). Other packages add their own
// ("resume", "photo", "github_follow", "github_commit", "github_email") through AddLinks.
const (
	KindIBAN         = "iban"          // shared payout IBAN
	KindWallet       = "wallet"        // shared payout wallet
	KindDevice       = "device"        // shared device fingerprint
	KindEmail        = "email"         // shared canonical e-mail of both people
	KindPhone        = "phone"         // shared E.164 phone of both people
	KindURL          = "url"           // shared profile (github:…, linkedin:…, web:…)
	KindShipping     = "shipping"      // an address one of them ships to that is not their own home
	KindReference    = "reference"     // a referee contact one lists that the other lists too (or owns)
	KindAddress      = "address"       // shared home address (households: weak)
	KindIP           = "ip"            // shared application IP (NAT, offices: weak)
	KindNameDOB      = "name_dob"      // phonetic name key and full birth date
	KindNamePostcode = "name_postcode" // phonetic name key and home postcode
	KindReferral     = "referral"      // one referred the other (Person.ReferredBy)
	// KindSameName flags a pair whose names are the same after folding and transliteration:
	// one person applying twice rather than two personas. Weight 0: it is a note on the pair,
	// never evidence.
	KindSameName = "same_name"
)

// kindWeights is the evidence model: how strongly one piece of evidence of each kind says
// "same operator", 0..1. See the package documentation.
var kindWeights = map[string]float64{
	KindIBAN:         0.95,
	KindWallet:       0.95,
	KindDevice:       0.9,
	KindEmail:        0.9,
	KindURL:          0.9,
	KindPhone:        0.85,
	KindNameDOB:      0.8,
	KindShipping:     0.7,
	KindReference:    0.6,
	KindIP:           0.3,
	KindNamePostcode: 0.3,
	KindReferral:     0.3,
	KindAddress:      0.25,
	KindSameName:     0,
}

// Weight returns the evidence weight (0..1) of a link kind the resolver produces, and 0 for
// kinds it does not know (external links carry their own weight).
func Weight(kind string) float64 { return kindWeights[kind] }

// signalOf is the signal a link kind supports (bonafide.Link.Signal).
var signalOf = map[string]string{
	KindIBAN:         "PAY-ACCOUNT-SHARED",
	KindWallet:       "PAY-ACCOUNT-SHARED",
	KindDevice:       "APP-SHARED-IDENT",
	KindEmail:        "APP-SHARED-IDENT",
	KindPhone:        "APP-SHARED-IDENT",
	KindURL:          "APP-SHARED-IDENT",
	KindIP:           "APP-SHARED-IDENT",
	KindAddress:      "APP-SHARED-IDENT",
	KindShipping:     "SHIP-ADDR-REUSED",
	KindReference:    "REF-SHARED-ACROSS",
	KindNameDOB:      "NET-CLUSTER",
	KindNamePostcode: "NET-CLUSTER",
	KindSameName:     "NET-CLUSTER",
	KindReferral:     "NET-REFERRAL",
}

// Combine returns the combined evidence (0..1) of links between one pair of people: the
// noisy-OR 1 − Π(1 − w) over distinct kinds, taking the strongest weight of each kind, so two
// shared e-mail addresses count once and a shared IBAN (0.95) plus a shared IP (0.3) give
// 0.965. Weights outside 0..1 are clamped. No links give 0.
func Combine(links []bonafide.Link) float64 {
	var best [16]struct {
		kind string
		w    float64
	}
	n := 0
	var extra map[string]float64
	for _, l := range links {
		w := clamp01(l.Weight)
		found := false
		for i := 0; i < n; i++ {
			if best[i].kind == l.Kind {
				if w > best[i].w {
					best[i].w = w
				}
				found = true
				break
			}
		}
		if found {
			continue
		}
		if n < len(best) {
			best[n].kind, best[n].w = l.Kind, w
			n++
			continue
		}
		if extra == nil {
			extra = map[string]float64{}
		}
		if w > extra[l.Kind] {
			extra[l.Kind] = w
		}
	}
	miss := 1.0
	for i := 0; i < n; i++ {
		miss *= 1 - best[i].w
	}
	for _, w := range extra {
		miss *= 1 - w
	}
	return 1 - miss
}

func clamp01(w float64) float64 {
	switch {
	case w < 0 || w != w: // NaN counts as no evidence
		return 0
	case w > 1:
		return 1
	}
	return w
}

// sortLinks orders links for display and comparison: strongest first, then kind, A, B, value
// and signal.
func sortLinks(ls []bonafide.Link) {
	slices.SortFunc(ls, compareLinks)
}

func compareLinks(a, b bonafide.Link) int {
	if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.A, b.A); c != 0 {
		return c
	}
	if c := cmp.Compare(a.B, b.B); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	return cmp.Compare(a.Signal, b.Signal)
}
