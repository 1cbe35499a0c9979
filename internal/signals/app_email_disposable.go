package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectEmailDisposable is APP-EMAIL-DISPOSABLE (Sardine, FBI22): an e-mail of the person on a
// disposable-mailbox domain, or a subdomain of one, as Env.Domains classifies it. One finding
// per e-mail, keyed "email:<canonical>". Skipped when Env.Domains is nil.
func detectEmailDisposable(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	if e.Domains == nil {
		return
	}
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindEmail || id.Value == "" {
			continue
		}
		d := emailDomain(id)
		if d == "" || e.Domains.Class(d) != "disposable" {
			continue
		}
		emit(e.finding("APP-EMAIL-DISPOSABLE", p, idKeyString(id), 0,
			"E-mail "+display(id)+" is on a disposable-mailbox domain ("+d+").",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value,
				Note: "The domain " + d + " is on the disposable-mailbox list."}}, nil))
	}
}
