package signals

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// detectPhoneCountry is APP-PHONE-COUNTRY (FBI22): a contact phone whose region differs from the
// claimed country of residence. Weak alone (expats keep their home numbers), hence weight 10.
// Needs both countries; non-geographic numbers (region "001") are skipped. Keyed
// "phone:<E.164>".
func detectPhoneCountry(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	home := strings.ToUpper(p.Country)
	if !isCountry(home) {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindPhone || id.Value == "" {
			continue
		}
		if id.Purpose != "" && id.Purpose != bonafide.PurposeContact {
			continue
		}
		region := strings.ToUpper(id.Country)
		if !isCountry(region) || region == home {
			continue
		}
		emit(e.finding("APP-PHONE-COUNTRY", p, idKeyString(id), 0,
			"Phone "+display(id)+" is a "+region+" number but the claimed residence is "+home+".",
			[]bonafide.Evidence{
				{Field: fieldName(id), Value: id.Value, Note: "The number's region is " + region + "."},
				{Field: "country", Value: home, Note: "The claimed country of residence is " + home + "."},
			}, nil))
	}
}
