package signals

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// detectPayCountry is PAY-COUNTRY (GTIG25): a payout IBAN's country differs from the claimed
// country of residence. The IBAN's country is Identifier.Country, else its first two letters.
// A provider named in Attrs["provider"] (Wise, Payoneer, …) is shown in the evidence: such
// e-money accounts often carry a foreign IBAN for legitimate customers, which is why the weight
// is low (15). Keyed "iban:<IBAN>".
func detectPayCountry(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	home := strings.ToUpper(p.Country)
	if !isCountry(home) {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindIBAN || id.Value == "" {
			continue
		}
		if id.Purpose != "" && id.Purpose != bonafide.PurposePayout {
			continue
		}
		c := strings.ToUpper(id.Country)
		if c == "" && len(id.Value) >= 2 {
			c = strings.ToUpper(id.Value[:2])
		}
		if !isCountry(c) || c == home {
			continue
		}
		ev := []bonafide.Evidence{
			{Field: fieldName(id), Value: id.Value, Note: "The payout account is held in " + c + "."},
			{Field: "country", Value: home, Note: "The claimed country of residence is " + home + "."},
		}
		via := ""
		if prov := strings.TrimSpace(id.Attr("provider")); prov != "" {
			via = " (via " + prov + ")"
			ev = append(ev, bonafide.Evidence{Field: "payout_provider", Value: prov,
				Note: "Paid through " + prov + "; e-money providers often issue foreign IBANs, so check the account holder's name."})
		}
		emit(e.finding("PAY-COUNTRY", p, idKeyString(id), 0,
			"Payout IBAN "+display(id)+via+" is a "+c+" account but the claimed residence is "+home+".", ev, nil))
	}
}
