package signals

import (
	"fmt"
	"math"
	"slices"
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

// maxNameHits is the most name hits reported per person: the best ones that no analyst
// dismissed (a common name resembles many listed parties; the first few say enough).
const maxNameHits = 3

// detectWatchlistName is APP-WATCHLIST-NAME and APP-WATCHLIST-NAME-DOB (OFSI24, OFAC): the
// person's name, adjusted by their stated date of birth and country, resembles a listed
// party's (Env.Names, best first; hits an analyst dismissed are skipped, then at most
// maxNameHits). One finding per hit, keyed "watchlist:<list>:<entry>:name".
func detectWatchlistName(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	if e.Names == nil {
		return
	}
	n := 0
	for _, h := range e.Names.ScreenPerson(p) {
		if n == maxNameHits {
			break
		}
		if e.dismissed(p, h) {
			continue
		}
		emit(nameHitFinding(e, p, h))
		n++
	}
}

// A name hit whose date of birth agrees with the listed one (date or year) is
// APP-WATCHLIST-NAME-DOB (60 × score, high on its own); a name-only hit — no date of birth on
// either side, or only the country agreeing — is APP-WATCHLIST-NAME (20 × score, capped at 20
// per person): namesakes are common (3.2 % of benign common names at the scan's threshold,
// docs/watchlists.md) and must not outrank real evidence.

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
	sig := "APP-WATCHLIST-NAME"
	if slices.Contains(h.Confirmed, "birth date") || slices.Contains(h.Confirmed, "birth year") {
		sig = "APP-WATCHLIST-NAME-DOB"
	}
	s, _ := Lookup(sig)
	w := math.Round(s.Weight*h.Score*10) / 10
	how := "name only"
	if len(h.Confirmed) > 0 {
		how = "name and " + strings.Join(h.Confirmed, ", ")
	}
	return e.finding(sig, p, "watchlist:"+h.List+":"+h.EntryID+":name", w,
		fmt.Sprintf("Name %q resembles %s entry %s (%s), score %.2f (%s).", p.Name, h.List, h.EntryID, h.EntryName, h.Score, how),
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

// detectNone stands for a signal raised by another signal's detector (one screen serves both
// APP-WATCHLIST-NAME and APP-WATCHLIST-NAME-DOB).
func detectNone(*env, *bonafide.Person, func(bonafide.Finding)) {}
