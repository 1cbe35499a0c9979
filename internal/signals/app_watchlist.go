package signals

import (
	"fmt"
	"math"
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
	if e.Names != nil {
		for _, h := range e.Names.ScreenPerson(p) {
			if e.dismissed(p, h) {
				continue
			}
			emit(nameHitFinding(e, p, h))
		}
	}
	if e.Watchlist == nil {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Value == "" || !watchlistKinds[id.Kind] {
			continue
		}
		for _, h := range e.Watchlist.Match(id.Kind, id.Value) {
			if e.dismissed(p, h) {
				continue
			}
			emit(watchlistFinding(e, "APP-WATCHLIST", p, id, h))
		}
	}
}

// dismissed reports whether an analyst dismissed the hit's entry for the person.
func (e *env) dismissed(p *bonafide.Person, h bonafide.WatchlistHit) bool {
	return e.Dismissed != nil && e.Dismissed(p.ID, h.List, h.EntryID)
}

// nameHitWeight is the weight of a name hit with score 1 (see the catalogue notes).
const nameHitWeight = 55

// nameHitFinding explains one name hit, keyed "watchlist:<list>:<entry>:name".
func nameHitFinding(e *env, p *bonafide.Person, h bonafide.WatchlistHit) bonafide.Finding {
	note := h.List + " entry " + h.EntryID + " (" + h.EntryName + ")"
	if h.Version != "" {
		note += ", list version " + h.Version
	}
	if len(h.Programs) > 0 {
		note += ", programs " + strings.Join(h.Programs, ", ")
	}
	note += fmt.Sprintf(", %s %q; score %.3f (%s). A lead to verify against the listed date of birth and documents, not a decision.", strings.ToLower(h.Field), h.Value, h.Score, h.Detail)
	w := math.Round(nameHitWeight*h.Score*10) / 10
	return e.finding("APP-WATCHLIST", p, "watchlist:"+h.List+":"+h.EntryID+":name", w,
		fmt.Sprintf("Name %q resembles %s entry %s (%s), score %.2f.", p.Name, h.List, h.EntryID, h.EntryName, h.Score),
		[]bonafide.Evidence{{Field: "name", Value: p.Name, Note: note}}, nil)
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
