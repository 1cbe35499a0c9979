package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectRefIsPersona is REF-IS-PERSONA (GTIG25, SEAL): a reference's e-mail or phone is an
// identifier of another applicant or employee, so the referee is itself one of the screened
// personas. Not raised for:
//   - records with the candidate's own name key (the candidate's duplicate record: that is
//     REF-SHARED-WITH-CANDIDATE territory);
//   - an employee whose name key equals the reference's name (a colleague acting as referee
//     under their own name is ordinary).
//
// For hubs (more than MaxRelated matches) the employee exception is applied to the listed
// people only, so the count in the evidence may include a few such colleagues. Keyed
// "ref:<kind>:<canonical>".
func detectRefIsPersona(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for _, rc := range e.refContacts(p) {
		if rc.personGroup < 0 {
			continue
		}
		r := &p.References[rc.ref]
		id := &r.Identifiers[rc.ident]
		rel := e.related(false, rc.personGroup, purposeAny)
		if rel.total == 0 {
			continue
		}
		refKey := e.keyFn(r.Name)
		kept := rel
		kept.people = nil
		for _, q := range rel.people {
			if refKey != "" && e.people[q].Role == bonafide.RoleEmployee && e.nameKey[q] == refKey {
				kept.total--
				continue
			}
			kept.people = append(kept.people, q)
		}
		if len(kept.people) == 0 {
			continue
		}
		emit(e.finding("REF-IS-PERSONA", p, refKeyString(id), 0,
			refLabel(r, id)+" belongs to "+e.othersPhrase(kept)+", who is screened as well.",
			[]bonafide.Evidence{{Field: refField(rc.ref, id), Value: id.Value,
				Note: countNote(kept, "The same contact is given as their own by")}},
			e.personIDs(kept.people)))
	}
}
