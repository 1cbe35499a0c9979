package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectRefSharedAcross is REF-SHARED-ACROSS (GTIG25: fabricated references reused across
// personas): the same reference contact (canonical e-mail or phone) is also given by another,
// differently named candidate. Keyed "ref:<kind>:<canonical>", with the other candidates in
// Related.
func detectRefSharedAcross(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for _, rc := range e.refContacts(p) {
		rel := e.related(true, rc.group, purposeAny)
		if rel.total == 0 {
			continue
		}
		r := &p.References[rc.ref]
		id := &r.Identifiers[rc.ident]
		emit(e.finding("REF-SHARED-ACROSS", p, refKeyString(id), 0,
			refLabel(r, id)+" is also given as a reference by "+e.othersPhrase(rel)+".",
			[]bonafide.Evidence{{Field: refField(rc.ref, id), Value: id.Value,
				Note: countNote(rel, "The same reference contact is given by")}},
			e.personIDs(rel.people)))
	}
}
