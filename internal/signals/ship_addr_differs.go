package signals

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// detectShipAddrDiffers is SHIP-ADDR-DIFFERS (FBI22, Nisos): a laptop shipping address is given
// and differs from every home address on file, or its country differs from the claimed country
// of residence. Without a home address only the country test applies. One finding per shipping
// address, keyed "address:<canonical>".
func detectShipAddrDiffers(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	var homes []*bonafide.Identifier
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind == bonafide.KindAddress && id.Purpose == bonafide.PurposeHome && id.Value != "" {
			homes = append(homes, id)
		}
	}
	claimed := strings.ToUpper(p.Country)
	for i := range p.Identifiers {
		ship := &p.Identifiers[i]
		if ship.Kind != bonafide.KindAddress || ship.Purpose != bonafide.PurposeShipping || ship.Value == "" {
			continue
		}
		same := false
		for _, h := range homes {
			if h.Value == ship.Value {
				same = true
			}
		}
		if same {
			continue
		}
		var ev []bonafide.Evidence
		var why []string
		if len(homes) > 0 {
			ev = append(ev, bonafide.Evidence{Field: fieldName(ship), Value: ship.Value, Note: "The laptop is to be shipped here."},
				bonafide.Evidence{Field: fieldName(homes[0]), Value: homes[0].Value, Note: "The home address on file is different."})
			why = append(why, "differs from the home address "+display(homes[0]))
		}
		sc := strings.ToUpper(ship.Country)
		if isCountry(sc) && isCountry(claimed) && sc != claimed {
			if len(ev) == 0 {
				ev = append(ev, bonafide.Evidence{Field: fieldName(ship), Value: ship.Value, Note: "The laptop is to be shipped here."})
			}
			ev = append(ev, bonafide.Evidence{Field: "country", Value: claimed,
				Note: "The shipping country " + sc + " differs from the claimed residence " + claimed + "."})
			why = append(why, "is in "+sc+" while the claimed residence is "+claimed)
		}
		if len(why) == 0 {
			continue
		}
		emit(e.finding("SHIP-ADDR-DIFFERS", p, idKeyString(ship), 0,
			"Shipping address "+display(ship)+" "+strings.Join(why, " and ")+".", ev, nil))
	}
}
