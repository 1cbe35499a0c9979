package link

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// resolveRef maps a Person.ReferredBy value to a person ID: an ID present in ids, else the one
// person whose NameKey equals the name's (ambiguous or unknown names give "").
func resolveRef(ref string, ids map[string]*bonafide.Person, names map[string]string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if _, ok := ids[ref]; ok {
		return ref
	}
	if nk := NameKey(ref); nk != "" {
		return names[nk] // "" when ambiguous
	}
	return ""
}

// nameIndex maps NameKey → the one person ID with that name key, or "" when several share it.
func nameIndex(people []*bonafide.Person) map[string]string {
	names := map[string]string{}
	for _, p := range people {
		if p == nil || p.ID == "" {
			continue
		}
		nk := NameKey(p.Name)
		if nk == "" {
			continue
		}
		if prev, ok := names[nk]; ok && prev != p.ID {
			names[nk] = ""
			continue
		}
		names[nk] = p.ID
	}
	return names
}

// ReferralLinks turns Person.ReferredBy into links of kind "referral" (weight 0.3, signal
// NET-REFERRAL; SEAL): one link per person whose referrer is found among people, by ID or else
// by a name whose NameKey only one of them carries. Value says who referred whom
// ("A-1 referred A-2"). A referral is normal hiring practice, so it never joins two people
// alone; it adds to other evidence, and Findings reports referrals into persona networks.
func ReferralLinks(people []*bonafide.Person) []bonafide.Link {
	ids := map[string]*bonafide.Person{}
	for _, p := range people {
		if p != nil && p.ID != "" {
			ids[p.ID] = p
		}
	}
	var names map[string]string
	var out []bonafide.Link
	for _, p := range people {
		if p == nil || p.ID == "" || strings.TrimSpace(p.ReferredBy) == "" {
			continue
		}
		if _, ok := ids[strings.TrimSpace(p.ReferredBy)]; !ok && names == nil {
			names = nameIndex(people)
		}
		q := resolveRef(p.ReferredBy, ids, names)
		if q == "" || q == p.ID {
			continue
		}
		a, b := q, p.ID
		if a > b {
			a, b = b, a
		}
		out = append(out, bonafide.Link{A: a, B: b, Kind: KindReferral, Value: q + " referred " + p.ID, Weight: kindWeights[KindReferral], Signal: signalOf[KindReferral]})
	}
	sortLinks(out)
	return dedupLinks(out)
}

// ReferenceLinks turns shared referee contacts into links of kind "reference" (weight 0.6):
// two applicants who list a referee with the same canonical e-mail or phone
// (REF-SHARED-ACROSS; GTIG25: fabricated references), or one who lists as referee the
// e-mail or phone another applicant gives as their own (REF-IS-PERSONA). A contact listed or
// held by more than DefaultMaxBlock people (a company's HR mailbox) links nobody. The
// Resolver already indexes referee contacts in Add: these links are for callers without one.
func ReferenceLinks(people []*bonafide.Person) []bonafide.Link {
	type holder struct {
		id      string
		referee bool
	}
	type ckey struct {
		kind  bonafide.IdentifierKind
		value string
	}
	idx := map[ckey][]holder{}
	hold := func(k ckey, id string, referee bool) {
		hs := idx[k]
		for i := range hs {
			if hs[i].id == id {
				hs[i].referee = hs[i].referee && referee // own beats referee
				return
			}
		}
		idx[k] = append(hs, holder{id, referee})
	}
	for _, p := range people {
		if p == nil || p.ID == "" {
			continue
		}
		for _, r := range p.References {
			for _, id := range r.Identifiers {
				if id.Value != "" && (id.Kind == bonafide.KindEmail || id.Kind == bonafide.KindPhone) {
					hold(ckey{id.Kind, id.Value}, p.ID, true)
				}
			}
		}
	}
	if len(idx) == 0 {
		return nil
	}
	for _, p := range people {
		if p == nil || p.ID == "" {
			continue
		}
		for _, id := range p.Identifiers {
			k := ckey{id.Kind, id.Value}
			if _, ok := idx[k]; ok && id.Value != "" {
				hold(k, p.ID, false)
			}
		}
	}
	var out []bonafide.Link
	for k, hs := range idx {
		if len(hs) < 2 || len(hs) > DefaultMaxBlock {
			continue
		}
		for i := range hs {
			for j := i + 1; j < len(hs); j++ {
				if !hs[i].referee && !hs[j].referee {
					continue // two people's own contact: that is APP-SHARED-IDENT, not a reference
				}
				sig := "REF-SHARED-ACROSS"
				if !hs[i].referee || !hs[j].referee {
					sig = "REF-IS-PERSONA"
				}
				a, b := hs[i].id, hs[j].id
				if a > b {
					a, b = b, a
				}
				out = append(out, bonafide.Link{A: a, B: b, Kind: KindReference, Value: k.value, Weight: kindWeights[KindReference], Signal: sig})
			}
		}
	}
	sortLinks(out)
	return out
}

// dedupLinks removes adjacent exact duplicates from sorted links.
func dedupLinks(ls []bonafide.Link) []bonafide.Link {
	out := ls[:0]
	for i, l := range ls {
		if i > 0 && l == ls[i-1] {
			continue
		}
		out = append(out, l)
	}
	return out
}
