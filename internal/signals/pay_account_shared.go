package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectPayAccountShared is PAY-ACCOUNT-SHARED (FBI22): a payout IBAN or wallet of the person is
// also given by a differently named person (any purpose). Same-name records are the same person
// and are not linked. One finding per account, keyed "iban:<IBAN>" or "wallet:<chain>:<addr>".
func detectPayAccountShared(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	gs := e.groups()
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if gs[i] < 0 || (id.Kind != bonafide.KindIBAN && id.Kind != bonafide.KindWallet) {
			continue
		}
		r := e.related(false, gs[i], purposeAny)
		if r.total == 0 {
			continue
		}
		emit(e.finding("PAY-ACCOUNT-SHARED", p, idKeyString(id), 0,
			"Payout "+kindLabel(id)+" "+display(id)+" is also given by "+e.othersPhrase(r)+".",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value, Note: countNote(r, "Also given by")}},
			e.personIDs(r.people)))
	}
}
