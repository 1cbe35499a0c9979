package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectRefSharedWithCandidate is REF-SHARED-WITH-CANDIDATE (Crosschq): a reference's canonical
// e-mail or phone equals one of the candidate's own identifiers, so the candidate is likely
// answering as their own referee. Keyed "ref:<kind>:<canonical>".
func detectRefSharedWithCandidate(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for _, rc := range e.refContacts(p) {
		if rc.personGroup < 0 || !ownsAs(e, rc.personGroup, purposeAny) {
			continue
		}
		r := &p.References[rc.ref]
		id := &r.Identifiers[rc.ident]
		emit(e.finding("REF-SHARED-WITH-CANDIDATE", p, refKeyString(id), 0,
			refLabel(r, id)+" is also the candidate's own.",
			[]bonafide.Evidence{
				{Field: refField(rc.ref, id), Value: id.Value, Note: "The reference " + r.Name + " gives this contact."},
				{Field: string(id.Kind), Value: id.Value, Note: "The candidate gives the same contact as their own."},
			}, nil))
	}
}
