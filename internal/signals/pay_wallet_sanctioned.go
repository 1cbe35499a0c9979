package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectWalletSanctioned is PAY-WALLET-SANCTIONED (OFAC): a wallet the person gives (payout
// wallets in practice) is on a sanctions list, e.g. an OFAC SDN "Digital Currency Address"
// feature. One finding per hit, keyed "watchlist:<list>:<entry>:wallet:<chain>:<address>".
// Skipped when Env.Watchlist is nil.
func detectWalletSanctioned(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	if e.Watchlist == nil {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindWallet || id.Value == "" {
			continue
		}
		for _, h := range e.Watchlist.Match(id.Kind, id.Value) {
			if e.dismissed(p, h) {
				continue
			}
			emit(watchlistFinding(e, "PAY-WALLET-SANCTIONED", p, id, h))
		}
	}
}
