package watchlist

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/watchlist/match"
)

// Party is one listed party as name screening sees it: its names, programmes, dates of birth
// and countries.
type Party struct {
	List       string   // e.g. "OFAC-SDN", "UN"
	Version    string   // issue date of the list
	ID         string   // the list's own ID (OFAC FixedRef, UN reference number)
	Name       string   // primary name
	Aliases    []string // other names
	Programs   []string // sanctions programmes
	Type       string   // "Individual", "Entity", … as the list gives it ("" unknown)
	BirthDates []string // "YYYY-MM-DD", "YYYY-MM", "YYYY" or "from/to" ranges of those (ofac.Entry.BirthDates)
	Countries  []string // countries the list gives (nationality, address, birth place): names or ISO codes
}

// Query is one person to screen by name: the name, and what can confirm or rule out a hit.
// Nationality is never part of a query (bonafide never treats nationality as a signal); Country
// is where the person says they live.
type Query struct {
	Name      string
	BirthDate string // "YYYY-MM-DD" or "YYYY"; "" unknown
	Country   string // ISO 3166-1 alpha-2 country of residence as the person states it; "" unknown
}

// Birth-date and country adjustments to a name score (the issue's "date of birth and country
// as boosts or penalties"). A listed date of birth that agrees is strong confirmation; one that
// disagrees by more than dobTolerance years is strong evidence of a namesake (OFAC's FAQ 5 on
// name matches: compare the date of birth before treating a name match as a hit). Country only
// boosts: DPRK IT workers claim European or US residence, so a residence that differs from
// the listed countries must not hide a hit.
const (
	dobExactBoost   = 0.10 // person's date of birth equals (or falls in) a listed one, day-precise
	dobYearBoost    = 0.05 // same year as a listed one (or inside a listed circa range)
	dobMismatch     = 0.20 // every listed date of birth is more than dobTolerance years away
	dobTolerance    = 1    // years
	countryBoost    = 0.03 // person's stated country is one the list gives for the party
	maxBoost        = dobExactBoost + countryBoost
	defaultMinScore = match.DefaultThreshold
)

// NameIndex screens names against listed parties with internal/watchlist/match: the parties
// sharing a blocking key with the query (see blockKeys) have their primary name and aliases
// scored, and the best name per party is kept. TestNameIndexMatchesBruteForce checks on the
// labelled UN pair set that blocking loses no hit the matcher would report.
type NameIndex struct {
	parties   []Party
	names     []*match.List // per party: primary name then aliases, prepared once
	countries [][]string    // per party: ISO codes of Party.Countries
	// postings maps a blocking key to the parties holding it. Keys are the first three and the
	// last three letters of every normalised name token (match.Tokens), so a name with one typo
	// still shares a key with its listed form unless the typo hits both ends of every token.
	postings map[string][]int32
	dict     *match.Dict
	marks    sync.Pool // *marks: per-screen state, reused
}

type marks struct {
	gen    uint32
	seen   []uint32
	scorer *match.Scorer
}

// NewNameIndex returns an index over parties.
func NewNameIndex(parties ...Party) *NameIndex {
	ix := &NameIndex{parties: parties, names: make([]*match.List, len(parties)),
		countries: make([][]string, len(parties)), postings: map[string][]int32{}, dict: match.NewDict()}
	for i, p := range parties {
		all := append([]string{p.Name}, p.Aliases...)
		ix.names[i] = match.NewListIn(ix.dict, all)
		for _, c := range p.Countries {
			if iso, ok := normalize.Country(c); ok {
				ix.countries[i] = AppendUnique(ix.countries[i], iso)
			}
		}
		seen := map[string]bool{}
		for _, n := range all {
			for _, k := range blockKeys(n) {
				if !seen[k] {
					seen[k] = true
					ix.postings[k] = append(ix.postings[k], int32(i))
				}
			}
		}
	}
	n := len(parties)
	ix.marks.New = func() any { return &marks{seen: make([]uint32, n), scorer: match.NewScorer(ix.dict)} }
	return ix
}

// blockKeys returns the blocking keys of a name: "<" + first three runes and ">" + last three
// runes of each normalised token (the whole token when shorter).
func blockKeys(name string) []string {
	var keys []string
	// The matcher's tokens, and each of them split at the joins it makes (Korean given names:
	// "jongun" from "Jong-un"; "taehun" reads as "tae hun" in another order).
	toks := match.Tokens(name)
	for _, f := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		toks = append(toks, match.Tokens(f)...)
	}
	for _, t := range toks {
		r := []rune(t)
		if len(r) <= 3 {
			keys = append(keys, "="+t)
			continue
		}
		keys = append(keys, "<"+string(r[:3]), ">"+string(r[len(r)-3:]))
	}
	return keys
}

// candidates calls fn for each party sharing a blocking key with keys, once each, in no
// particular order, with a scorer reset for query q.
func (ix *NameIndex) candidates(keys []string, q match.Prepared, fn func(int32, *match.Scorer)) {
	m := ix.marks.Get().(*marks)
	m.scorer.Reset(q)
	m.gen++
	if m.gen == 0 { // wrapped: clear
		clear(m.seen)
		m.gen = 1
	}
	for _, k := range keys {
		for _, i := range ix.postings[k] {
			if m.seen[i] != m.gen {
				m.seen[i] = m.gen
				fn(i, m.scorer)
			}
		}
	}
	ix.marks.Put(m)
}

// Len returns the number of parties indexed.
func (ix *NameIndex) Len() int { return len(ix.parties) }

// Screen is ScreenQuery for a bare name.
func (ix *NameIndex) Screen(name string, threshold float64) []bonafide.WatchlistHit {
	return ix.ScreenQuery(Query{Name: name}, threshold)
}

// ScreenQuery returns the parties whose best-matching name, adjusted by date of birth and
// country (see the constants above), scores at least threshold (0 means
// match.DefaultThreshold) against q, best first. Each hit explains itself: list, entry, the
// listed name or alias that matched, the score, and in Detail the name score and every
// adjustment with the listed value it compared. Safe for concurrent use.
func (ix *NameIndex) ScreenQuery(q Query, threshold float64) []bonafide.WatchlistHit {
	if threshold <= 0 {
		threshold = defaultMinScore
	}
	pq := match.Prepare(q.Name)
	if pq.Empty() {
		return nil
	}
	dob := parseDate(q.BirthDate)
	var hits []bonafide.WatchlistHit
	ix.candidates(blockKeys(q.Name), pq, func(i int32, sc *match.Scorer) {
		nameScore, matched := sc.Best(ix.names[i])
		if nameScore+maxBoost < threshold {
			return
		}
		p := &ix.parties[i]
		score := nameScore
		detail := []string{fmt.Sprintf("name %.3f", nameScore)}
		var confirmed []string
		if adj, why := dobAdjust(dob, p.BirthDates); why != "" {
			score += adj
			detail = append(detail, why)
			switch adj {
			case dobExactBoost:
				confirmed = append(confirmed, "birth date")
			case dobYearBoost:
				confirmed = append(confirmed, "birth year")
			}
		}
		if q.Country != "" {
			for _, c := range ix.countries[i] {
				if c == q.Country {
					score += countryBoost
					confirmed = append(confirmed, "country")
					detail = append(detail, fmt.Sprintf("stated country %s is listed for the party (+%.2f)", c, countryBoost))
					break
				}
			}
		}
		score = min(max(score, 0), 1)
		if score < threshold {
			return
		}
		field := "Name"
		if matched != p.Name {
			field = "Alias"
		}
		hits = append(hits, bonafide.WatchlistHit{
			List: p.List, Version: p.Version, EntryID: p.ID, EntryName: p.Name,
			Programs: p.Programs, Field: field, Value: matched, Score: score,
			Detail: strings.Join(detail, "; "), Confirmed: confirmed,
		})
	})
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if hits[i].List != hits[j].List {
			return hits[i].List < hits[j].List
		}
		return hits[i].EntryID < hits[j].EntryID
	})
	return hits
}

// date is a possibly partial date: month and day 0 when unknown.
type date struct{ y, m, d int }

// parseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (the zero date otherwise).
func parseDate(s string) date {
	parts := strings.Split(strings.TrimSpace(s), "-")
	var out date
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || i > 2 {
			return date{}
		}
		switch i {
		case 0:
			if n < 1000 || n > 9999 {
				return date{}
			}
			out.y = n
		case 1:
			out.m = n
		case 2:
			out.d = n
		}
	}
	return out
}

func (d date) key() int { return d.y*10000 + d.m*100 + d.d }

// dobAdjust compares a person's date of birth with a party's listed ones: the score change and
// its explanation ("" when either side has none).
func dobAdjust(dob date, listed []string) (float64, string) {
	if dob.y == 0 || len(listed) == 0 {
		return 0, ""
	}
	nearest := -1
	sameYear := ""
	for _, l := range listed {
		from, to, _ := strings.Cut(l, "/")
		a, b := parseDate(from), parseDate(to)
		if a.y == 0 {
			continue
		}
		if b.y == 0 {
			b = a
		}
		// Day-precise agreement: the person's full date equals a full listed date, or falls
		// inside a listed range.
		if dob.d != 0 && a.d != 0 && b.d != 0 && dob.key() >= a.key() && dob.key() <= b.key() {
			if a == b {
				return dobExactBoost, fmt.Sprintf("birth date %s equals listed %s (+%.2f)", fmtDate(dob), l, dobExactBoost)
			}
			return dobYearBoost, fmt.Sprintf("birth date %s within listed %s (+%.2f)", fmtDate(dob), l, dobYearBoost)
		}
		if dob.y >= a.y && dob.y <= b.y {
			if dob.d != 0 && a == b && a.d != 0 {
				// same year, different day: neither confirms nor rules out
				nearest = 0
				sameYear = l
				continue
			}
			return dobYearBoost, fmt.Sprintf("birth year %d matches listed %s (+%.2f)", dob.y, l, dobYearBoost)
		}
		gap := min(abs(dob.y-a.y), abs(dob.y-b.y))
		if nearest < 0 || gap < nearest {
			nearest = gap
		}
	}
	if sameYear != "" && nearest == 0 {
		return 0, fmt.Sprintf("birth date %s differs from listed %s in the day (same year): no adjustment", fmtDate(dob), sameYear)
	}
	if nearest > dobTolerance {
		return -dobMismatch, fmt.Sprintf("birth date %s is %d+ years from every listed date (%s) (−%.2f)", fmtDate(dob), nearest, strings.Join(listed, ", "), dobMismatch)
	}
	return 0, ""
}

func fmtDate(d date) string {
	switch {
	case d.m == 0:
		return fmt.Sprintf("%04d", d.y)
	case d.d == 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// CandidateCount returns how many parties share a blocking key with name: the parties a screen
// of name scores (for the allocations-per-candidate figure in bench/README.md).
func (ix *NameIndex) CandidateCount(name string) int {
	n := 0
	ix.candidates(blockKeys(name), match.Prepare(name), func(int32, *match.Scorer) { n++ })
	return n
}
