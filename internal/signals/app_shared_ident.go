package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// sharedIdentWeight is APP-SHARED-IDENT's weight per identifier kind (weights decided by the
// lead): strong for contact channels and devices, weak for IPs (NAT, offices) and home
// addresses (flatmates, families).
var sharedIdentWeight = map[bonafide.IdentifierKind]float64{
	bonafide.KindEmail:   50,
	bonafide.KindPhone:   45,
	bonafide.KindURL:     50,
	bonafide.KindDevice:  45,
	bonafide.KindIP:      20,
	bonafide.KindAddress: 10, // home addresses only
}

// detectSharedIdent is APP-SHARED-IDENT (FBI22, Sardine): an e-mail, phone, profile URL, device,
// application IP or home address of the person is also given by another person whose name key
// differs. Records with the same name key are the same person applying twice and are not
// linked. Home addresses are compared with other home addresses only (shipping addresses are
// SHIP-ADDR-REUSED); IBANs and wallets are PAY-ACCOUNT-SHARED.
//
// One finding per identifier, keyed "<kind>:<canonical>", weighted by kind, with the other
// people in Related (at most MaxRelated; the evidence gives the full count).
func detectSharedIdent(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	gs := e.groups()
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		g := gs[i]
		w, ok := sharedIdentWeight[id.Kind]
		if g < 0 || !ok {
			continue
		}
		mask := purposeAny
		if id.Kind == bonafide.KindAddress {
			if id.Purpose != bonafide.PurposeHome {
				continue
			}
			mask = purposeHome
		}
		r := e.related(false, g, mask)
		if r.total == 0 {
			continue
		}
		emit(e.finding("APP-SHARED-IDENT", p, idKeyString(id), w,
			kindLabel(id)+" "+display(id)+" is also given by "+e.othersPhrase(r)+".",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value, Note: countNote(r, "Also given by")}},
			e.personIDs(r.people)))
	}
}
