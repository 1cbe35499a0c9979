package signals

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// watchlistKinds are the identifier kinds APP-WATCHLIST screens: contact e-mail, phone, and
// profile or website URLs (OFAC SDN features for DPRK IT-worker fronts include e-mail
// addresses, websites and phone numbers).
var watchlistKinds = map[bonafide.IdentifierKind]bool{
	bonafide.KindEmail: true,
	bonafide.KindPhone: true,
	bonafide.KindURL:   true,
}

// detectWatchlist is APP-WATCHLIST (OFSI24, OFAC): an e-mail, phone or profile/website URL of
// the person exactly matches a watchlist entry (Env.Watchlist.Match on the canonical value; for
// websites the matcher compares host-level "web:" values). One finding per hit, keyed
// "watchlist:<list>:<entry>:<kind>:<canonical>". Skipped when Env.Watchlist is nil. Wallets are
// PAY-WALLET-SANCTIONED; names are matched by the watchlist package itself.
func detectWatchlist(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	if e.Watchlist == nil {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Value == "" || !watchlistKinds[id.Kind] {
			continue
		}
		for _, h := range e.Watchlist.Match(id.Kind, id.Value) {
			emit(watchlistFinding(e, "APP-WATCHLIST", p, id, h))
		}
	}
}

// watchlistFinding explains one watchlist hit.
func watchlistFinding(e *env, sig string, p *bonafide.Person, id *bonafide.Identifier, h bonafide.WatchlistHit) bonafide.Finding {
	entry := h.EntryName
	if entry == "" {
		entry = "entry " + h.EntryID
	}
	note := h.List + " entry " + h.EntryID + " (" + h.EntryName + ")"
	if h.Version != "" {
		note += ", list version " + h.Version
	}
	if len(h.Programs) > 0 {
		note += ", programs " + strings.Join(h.Programs, ", ")
	}
	if h.Field != "" {
		note += ", lists this value as " + h.Field
	}
	note += "."
	return e.finding(sig, p, "watchlist:"+h.List+":"+h.EntryID+":"+idKeyString(id), 0,
		kindLabel(id)+" "+display(id)+" matches "+h.List+" entry "+entry+".",
		[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value, Note: note}}, nil)
}
