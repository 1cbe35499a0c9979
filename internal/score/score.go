// Package score turns findings into explainable assessments: a score that is a plain sum of
// finding weights, a triage band and the top reasons.
//
// The rule, documented in docs/scoring.md:
//
//	score(person) = Σ over signals s of min(cap(s), Σ weight(f) for the person's findings f of s)
//
// Weights and caps come from the signal catalogue (internal/signals/catalogue.json); a
// finding's own Weight overrides the signal's default where a detector grades its evidence (for
// example APP-SHARED-IDENT weighs a shared payout account above a shared home address). Bands:
// high ≥ 60, medium ≥ 25, low otherwise. A band is a triage hint for a person to act on; nothing
// here rejects anyone (GDPR Art. 22).
package score

import (
	"fmt"
	"sort"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Band thresholds, in points.
const (
	HighAt   = 60.0
	MediumAt = 25.0
)

// TopReasons is how many reasons an assessment lists.
const TopReasons = 3

// CapLookup returns the cap for a signal ID; ok is false for unknown signals, which are then
// uncapped.
type CapLookup func(signalID string) (cap float64, ok bool)

// BandOf returns the band of a score.
func BandOf(score float64) bonafide.Band {
	switch {
	case score >= HighAt:
		return bonafide.BandHigh
	case score >= MediumAt:
		return bonafide.BandMedium
	default:
		return bonafide.BandLow
	}
}

// Assess scores one person from their findings (which must all carry p's ID). The returned
// assessment keeps every finding, highest weight first, and lists up to TopReasons reasons, one
// per signal, as "SIGNAL-ID (+points): summary" where points is the signal's capped
// contribution.
func Assess(p *bonafide.Person, findings []bonafide.Finding, caps CapLookup) bonafide.Assessment {
	a := bonafide.Assessment{PersonID: p.ID, Name: p.Name, Findings: findings}
	if len(findings) == 0 {
		a.Band = bonafide.BandLow
		return a
	}
	type contrib struct {
		signal  string
		points  float64
		summary string
		best    float64
		n       int // findings of the signal
	}
	bySignal := map[string]*contrib{}
	var order []string
	for _, f := range findings {
		c := bySignal[f.SignalID]
		if c == nil {
			c = &contrib{signal: f.SignalID}
			bySignal[f.SignalID] = c
			order = append(order, f.SignalID)
		}
		c.points += f.Weight
		c.n++
		if f.Weight > c.best || c.summary == "" {
			c.best, c.summary = f.Weight, f.Summary
		}
	}
	contribs := make([]*contrib, 0, len(order))
	for _, id := range order {
		c := bySignal[id]
		if caps != nil {
			if max, ok := caps(id); ok && c.points > max {
				c.points = max
			}
		}
		a.Score += c.points
		contribs = append(contribs, c)
	}
	sort.SliceStable(contribs, func(i, j int) bool {
		if contribs[i].points != contribs[j].points {
			return contribs[i].points > contribs[j].points
		}
		return contribs[i].signal < contribs[j].signal
	})
	for i, c := range contribs {
		if i == TopReasons {
			break
		}
		// The points are the signal's (capped) total; the text is its strongest finding's, so
		// say when other findings add to it.
		head := fmt.Sprintf("%s (+%g)", c.signal, c.points)
		if c.n > 1 {
			head = fmt.Sprintf("%s (+%g from %d findings)", c.signal, c.points, c.n)
		}
		a.Reasons = append(a.Reasons, head+": "+c.summary)
	}
	a.Band = BandOf(a.Score)
	a.Findings = append([]bonafide.Finding(nil), findings...)
	sort.SliceStable(a.Findings, func(i, j int) bool {
		if a.Findings[i].Weight != a.Findings[j].Weight {
			return a.Findings[i].Weight > a.Findings[j].Weight
		}
		if a.Findings[i].SignalID != a.Findings[j].SignalID {
			return a.Findings[i].SignalID < a.Findings[j].SignalID
		}
		return a.Findings[i].Key < a.Findings[j].Key
	})
	return a
}

// Rank assesses every person and returns the assessments ordered by score (highest first),
// then by person ID. findings may be in any order.
func Rank(people []*bonafide.Person, findings []bonafide.Finding, caps CapLookup) []bonafide.Assessment {
	byPerson := make(map[string][]bonafide.Finding)
	for _, f := range findings {
		byPerson[f.PersonID] = append(byPerson[f.PersonID], f)
	}
	out := make([]bonafide.Assessment, len(people))
	for i, p := range people {
		out[i] = Assess(p, byPerson[p.ID], caps)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].PersonID < out[j].PersonID
	})
	return out
}
