package signals

import (
	"cmp"
	"slices"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// detectShipAddrReused is SHIP-ADDR-REUSED (FBI24, laptop farms): the person's shipping address
// equals another, differently named person's shipping or home address. It is not raised when
// the shipping address is also the person's own home address: people who live together share
// an address, which APP-SHARED-IDENT already weighs (lightly). Keyed "address:<canonical>".
func detectShipAddrReused(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	gs := e.groups()
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if gs[i] < 0 || id.Kind != bonafide.KindAddress || id.Purpose != bonafide.PurposeShipping {
			continue
		}
		if ownsAs(e, gs[i], purposeHome) {
			continue
		}
		r := e.related(false, gs[i], purposeShipping|purposeHome)
		if r.total == 0 {
			continue
		}
		emit(e.finding("SHIP-ADDR-REUSED", p, idKeyString(id), 0,
			"Shipping address "+display(id)+" is also the address of "+e.othersPhrase(r)+".",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value,
				Note: countNote(r, "Given as shipping or home address by")}},
			e.personIDs(r.people)))
	}
}

// ownsAs reports whether the current person holds group g with a purpose in mask.
func ownsAs(e *env, g int32, mask uint16) bool {
	hs := e.ids.group(g)
	i, ok := slices.BinarySearchFunc(hs, e.cur, func(h holder, p int32) int { return cmp.Compare(h.person, p) })
	return ok && hs[i].purposes&mask != 0
}
