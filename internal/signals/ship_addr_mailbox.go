package signals

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// detectShipAddrMailbox is SHIP-ADDR-MAILBOX (RF26: never ship to an anonymised post box or to
// anyone other than the named person): the shipping address is a PO box or a mail forwarder
// (Attrs "po_box" / "mail_forwarder" set by internal/normalize), or is addressed care of someone
// else ("c/o" in the address as given). Keyed "address:<canonical>".
func detectShipAddrMailbox(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindAddress || id.Purpose != bonafide.PurposeShipping || id.Value == "" {
			continue
		}
		var what, note string
		switch {
		case truthy(id.Attr("po_box")):
			what, note = "a PO box", "The address normaliser recognised a post-office box."
		case truthy(id.Attr("mail_forwarder")):
			what, note = "a mail-forwarding address", "The address is a known mail-forwarding or parcel-reshipping service."
		case careOf(id.Raw):
			what, note = "care of someone else", "The address as given is \"c/o\" another person or company."
		default:
			continue
		}
		emit(e.finding("SHIP-ADDR-MAILBOX", p, idKeyString(id), 0,
			"Shipping address "+display(id)+" is "+what+".",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value, Note: note}}, nil))
	}
}

// careOf reports whether a raw address is "c/o" someone: the token "c/o" or "c.o." or the words
// "care of", case-insensitively.
func careOf(raw string) bool {
	s := " " + strings.ToLower(raw) + " "
	for _, pat := range []string{" c/o ", " c/o:", ",c/o ", " c.o. ", " care of "} {
		if strings.Contains(s, pat) {
			return true
		}
	}
	return strings.HasPrefix(strings.TrimSpace(strings.ToLower(raw)), "c/o")
}
