package minhash

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// Signal and finding constants for APP-RESUME-NEARDUP (SIGNALS.md; source FBI22).
const (
	SignalID = "APP-RESUME-NEARDUP"
	// FindingWeight is the points one finding adds; the catalogue caps the signal at 40.
	FindingWeight = 25
)

// DocumentKinds are the Person.Documents keys Links compares, each only with the same kind.
var DocumentKinds = []string{"resume", "cover_letter"}

// LinkWeight maps an estimated Jaccard similarity to a bonafide.Link weight: 0.6 at 0.5 (the
// default threshold), rising linearly to 0.85 at 0.95 and above (a copy with little more than
// the name swapped); 0.1 less per 0.1 below 0.5, never under 0.2. At or above the threshold a
// shared résumé alone joins two people (the resolver's threshold is 0.6): after boilerplate
// removal, unrelated résumés of one trade measure 0.01–0.05, while a persona's edited copy of
// its operator's template measures 0.5–0.7 (internal/scan's noisy quality test). It stays
// below a shared payout account or device. Weights are rounded to 3 decimals.
func LinkWeight(jaccard float64) float64 {
	var w float64
	if jaccard < 0.5 {
		w = 0.6 - (0.5 - jaccard)
	} else {
		w = 0.6 + (jaccard-0.5)*0.25/0.45
	}
	return math.Round(min(0.85, max(0.2, w))*1000) / 1000
}

// docLabel names a document kind in a sentence ("résumé") and at its start ("Résumé").
func docLabel(kind string) (lower, title string) {
	switch kind {
	case "resume":
		return "résumé", "Résumé"
	case "cover_letter":
		return "cover letter", "Cover letter"
	}
	s := strings.ReplaceAll(kind, "_", " ")
	if s == "" {
		return "document", "Document"
	}
	return s, strings.ToUpper(s[:1]) + s[1:]
}

// Links finds near-duplicate résumés and cover letters among people (APP-RESUME-NEARDUP,
// source FBI22: persona networks reuse one template with names and employers swapped).
//
// For each kind in DocumentKinds, the Documents of that kind are compared with each other
// (never a résumé with a cover letter): documents of fewer than MinTokens tokens are skipped;
// shingles occurring in more than MaxDocFreq of them, or in opt.Boilerplate or opt.Stop, are
// removed before signing (see FrequentShingles); the rest are signed on all cores and put
// through an Index in person-ID order. Each pair whose estimated Jaccard similarity is at
// least Threshold gives:
//
//   - one bonafide.Link{Kind: "resume" or "cover_letter", Value: "Jaccard 0.91", Weight:
//     LinkWeight(J), Signal: "APP-RESUME-NEARDUP"}, A < B;
//   - one Finding on each of the two people: Severity medium, Weight 25, Sources [FBI22],
//     Key "<kind>:<other ID>", Related [other ID], a summary such as "Résumé is 91 % the same
//     as Maria Santos's (A-1031)", and evidence giving the estimate and up to 3 shared phrases.
//
// Links and findings are sorted (links by kind, A, B; findings by person, key). Nil people
// and empty documents are ignored. The result does not depend on the order of people.
func Links(people []*bonafide.Person, opt Options) ([]bonafide.Link, []bonafide.Finding) {
	opt = opt.withDefaults()
	byID := make(map[string]*bonafide.Person, len(people))
	for _, p := range people {
		if p != nil {
			if _, dup := byID[p.ID]; !dup {
				byID[p.ID] = p
			}
		}
	}
	var links []bonafide.Link
	var findings []bonafide.Finding
	for _, kind := range DocumentKinds {
		type doc struct{ id, text string }
		var docs []doc
		for _, p := range people {
			if p == nil {
				continue
			}
			if t := p.Documents[kind]; strings.TrimSpace(t) != "" {
				docs = append(docs, doc{p.ID, maskOwn(p, t)})
			}
		}
		if len(docs) < 2 {
			continue
		}
		slices.SortStableFunc(docs, func(x, y doc) int { return cmp.Compare(x.id, y.id) })
		ids := make([]string, len(docs))
		texts := make([]string, len(docs))
		for i, d := range docs {
			ids[i], texts[i] = d.id, d.text
		}
		o := opt
		if freq := FrequentShingles(texts, opt); len(freq) > 0 {
			o.Stop = append(slices.Clip(opt.Stop), freq...)
		}
		matches := NewIndex(o).AddAll(ids, texts)

		// A pair can come twice only when an ID repeats; keep the strongest.
		best := make(map[[2]string]Match, len(matches))
		for _, m := range matches {
			a, b := m.A, m.B
			if b < a {
				a, b = b, a
			}
			if old, ok := best[[2]string{a, b}]; !ok || m.Jaccard > old.Jaccard {
				best[[2]string{a, b}] = m
			}
		}
		lower, title := docLabel(kind)
		for pair, m := range best {
			j := strconv.FormatFloat(m.Jaccard, 'f', 2, 64)
			links = append(links, bonafide.Link{
				A: pair[0], B: pair[1], Kind: kind, Value: "Jaccard " + j,
				Weight: LinkWeight(m.Jaccard), Signal: SignalID,
			})
			if sameName(byID[pair[0]], byID[pair[1]]) {
				// One person applying twice with their own résumé: the link stays (the network
				// view shows the duplicate) but it is no finding, as for every other signal.
				continue
			}
			for _, side := range [2][2]string{{pair[0], pair[1]}, {pair[1], pair[0]}} {
				findings = append(findings, finding(kind, lower, title, side[0], side[1], byID[side[1]], m, j, o))
			}
		}
	}
	slices.SortFunc(links, func(x, y bonafide.Link) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	slices.SortFunc(findings, func(x, y bonafide.Finding) int {
		return cmp.Or(cmp.Compare(x.PersonID, y.PersonID), cmp.Compare(x.Key, y.Key))
	})
	return links, findings
}

// finding builds the APP-RESUME-NEARDUP finding on person self about other.
func finding(kind, lower, title, self, other string, op *bonafide.Person, m Match, j string, opt Options) bonafide.Finding {
	who := other + "'s"
	if op != nil && strings.TrimSpace(op.Name) != "" {
		who = fmt.Sprintf("%s's (%s)", strings.TrimSpace(op.Name), other)
	}
	pct := int(math.Round(m.Jaccard * 100))
	field := "documents." + kind
	ev := []bonafide.Evidence{{
		Field: field,
		Value: j,
		Note: fmt.Sprintf("Estimated Jaccard similarity %s between the %d-word phrases of this %s and %s %s (MinHash, %d hashes; reported from %.2f).",
			j, opt.Shingle, lower, who, lower, opt.Hashes, opt.Threshold),
	}}
	for _, s := range m.Shared {
		ev = append(ev, bonafide.Evidence{Field: field, Value: s, Note: fmt.Sprintf("Phrase found in both %ss.", lower)})
	}
	return bonafide.Finding{
		PersonID: self,
		SignalID: SignalID,
		Severity: bonafide.SeverityMedium,
		Weight:   FindingWeight,
		Summary:  fmt.Sprintf("%s is %d %% the same as %s", title, pct, who),
		Evidence: ev,
		Sources:  []string{"FBI22"},
		Related:  []string{other},
		Key:      kind + ":" + other,
	}
}

// sameName reports whether two records carry the same non-empty name key (normalize.NameKey).
func sameName(a, b *bonafide.Person) bool {
	if a == nil || b == nil {
		return false
	}
	ka := normalize.NameKey(a.Name)
	return ka != "" && ka == normalize.NameKey(b.Name)
}

// maskOwn replaces the holder's own name and the employers they claim with placeholders before
// shingling: a template passed between personas changes exactly these, so masking them
// compares what the operator did not bother to change. Names are matched as whole words,
// case-insensitively, each token of two or more letters.
func maskOwn(p *bonafide.Person, text string) string {
	var words []string
	for _, tok := range strings.Fields(p.Name) {
		if len([]rune(tok)) >= 2 {
			words = append(words, tok)
		}
	}
	for _, c := range p.Claims {
		if c.Org != "" {
			words = append(words, c.Org)
		}
	}
	if len(words) == 0 {
		return text
	}
	lower := strings.ToLower(text)
	var b strings.Builder
	for i := 0; i < len(text); {
		hit := 0
		for _, w := range words {
			lw := strings.ToLower(w)
			if strings.HasPrefix(lower[i:], lw) && boundary(lower, i-1) && boundary(lower, i+len(lw)) {
				hit = len(lw)
				break
			}
		}
		if hit > 0 {
			b.WriteString(" ownname ")
			i += hit
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String()
}

// boundary reports whether byte i of s is outside s or not a letter or digit (ASCII test;
// multi-byte letters count as word characters).
func boundary(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80)
}
