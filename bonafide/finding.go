package bonafide

import "sort"

// Strength is how much a signal says on its own, as SIGNALS.md grades it.
type Strength string

// Strengths.
const (
	StrengthHigh   Strength = "H" // strong alone
	StrengthMedium Strength = "M" // strong in combination
	StrengthLow    Strength = "L" // context only
)

// Severity ranks a finding for display.
type Severity string

// Severities.
const (
	SeverityInfo   Severity = "info"
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

// Source is a published reference a signal rests on.
type Source struct {
	Key   string `json:"key"`   // short key, e.g. "FBI22"
	Title string `json:"title"` // e.g. "Guidance on the Democratic People's Republic of Korea Information Technology Workers"
	URL   string `json:"url,omitempty"`
}

// Signal is one entry of the signal catalogue: a checkable condition with a weight and the
// advisories it comes from. The catalogue (internal/signals) is the authority for IDs.
type Signal struct {
	ID          string   `json:"id"`    // e.g. "APP-PHONE-VOIP"
	Phase       string   `json:"phase"` // application, onboarding, references, interview, telemetry, payments, network
	Title       string   `json:"title"`
	Condition   string   `json:"condition"`
	Strength    Strength `json:"strength"`
	Weight      float64  `json:"weight"` // points a typical finding adds to a score
	Cap         float64  `json:"cap"`    // most points all findings of this signal may add to one person
	Severity    Severity `json:"severity"`
	Sources     []string `json:"sources"` // Source keys
	Implemented bool     `json:"implemented"`
	Notes       string   `json:"notes,omitempty"`
}

// Evidence is one fact behind a finding, in words and as data.
type Evidence struct {
	Field string `json:"field,omitempty"` // which field of the person, e.g. "phone", "references[1].email"
	Value string `json:"value,omitempty"` // the value seen (canonical where possible)
	Note  string `json:"note"`            // one sentence an analyst can read
}

// Finding is one signal observed on one person, with its evidence.
//
// Weight is the points it adds to the person's score (see internal/score); Related lists the
// IDs of other people the finding connects them to (for shared identifiers and references).
type Finding struct {
	PersonID string     `json:"person_id"`
	SignalID string     `json:"signal_id"`
	Severity Severity   `json:"severity"`
	Weight   float64    `json:"weight"`
	Summary  string     `json:"summary"`
	Evidence []Evidence `json:"evidence"`
	Sources  []string   `json:"sources"` // Source keys, from the catalogue
	Related  []string   `json:"related,omitempty"`
	// Key distinguishes findings of the same signal on the same person (e.g. the shared value),
	// so that re-running a scan replaces rather than duplicates.
	Key string `json:"key"`
}

// Band is the coarse triage class of a score.
type Band string

// Bands. None means "no finding needs a look", not "cleared".
const (
	BandLow    Band = "low"
	BandMedium Band = "medium"
	BandHigh   Band = "high"
)

// Assessment is a person's explained score: the sum of their findings' weights (each signal
// capped), its band and the findings that contribute most.
type Assessment struct {
	PersonID string    `json:"person_id"`
	Name     string    `json:"name"`
	Score    float64   `json:"score"`
	Band     Band      `json:"band"`
	Findings []Finding `json:"findings"`
	// Reasons are the top contributions, highest first, as "SIGNAL-ID (+points): summary".
	Reasons []string `json:"reasons"`
}

// SortFindings orders findings by person ID, signal ID and key: the order every detector
// returns and the store reads, so outputs are stable.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.PersonID != b.PersonID {
			return a.PersonID < b.PersonID
		}
		if a.SignalID != b.SignalID {
			return a.SignalID < b.SignalID
		}
		return a.Key < b.Key
	})
}
