package watchlist

import (
	"sort"
	"strings"
	"unicode"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/watchlist/match"
)

// Party is one listed party as name screening sees it: its names, programmes and list.
type Party struct {
	List     string   // e.g. "OFAC-SDN", "UN"
	Version  string   // issue date of the list
	ID       string   // the list's own ID (OFAC FixedRef, UN reference number)
	Name     string   // primary name
	Aliases  []string // other names
	Programs []string // sanctions programmes
}

// NameIndex screens names against listed parties with internal/watchlist/match: the parties
// sharing a blocking key with the query (see postings) have their primary name and aliases
// scored, and the best name per party is kept. TestNameIndexMatchesBruteForce checks on the
// labelled UN pair set that blocking loses no hit the matcher would report.
type NameIndex struct {
	parties []Party
	names   []*match.List // per party: primary name then aliases, normalised once
	// postings maps a blocking key to the parties holding it. Keys are the first three and the
	// last three letters of every normalised name token (match.Tokens), so a name with one typo
	// still shares a key with its listed form unless the typo hits both ends of every token.
	postings map[string][]int32
}

// NewNameIndex returns an index over parties.
func NewNameIndex(parties ...Party) *NameIndex {
	ix := &NameIndex{parties: parties, names: make([]*match.List, len(parties)), postings: map[string][]int32{}}
	for i, p := range parties {
		all := append([]string{p.Name}, p.Aliases...)
		ix.names[i] = match.NewList(all)
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

// candidates returns the parties sharing a blocking key with name, in index order.
func (ix *NameIndex) candidates(name string) []int32 {
	seen := map[int32]bool{}
	var out []int32
	for _, k := range blockKeys(name) {
		for _, i := range ix.postings[k] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}

// Len returns the number of parties indexed.
func (ix *NameIndex) Len() int { return len(ix.parties) }

// Screen returns the parties whose best-matching name scores at least threshold (0 means
// match.DefaultThreshold) against name, best first, each explained: list, entry, the listed
// name or alias that matched, and the score.
func (ix *NameIndex) Screen(name string, threshold float64) []bonafide.WatchlistHit {
	if threshold <= 0 {
		threshold = match.DefaultThreshold
	}
	var hits []bonafide.WatchlistHit
	for _, i := range ix.candidates(name) {
		p := &ix.parties[i]
		score, matched := ix.names[i].Best(name)
		if score < threshold {
			continue
		}
		field := "Name"
		if matched != p.Name {
			field = "Alias"
		}
		hits = append(hits, bonafide.WatchlistHit{
			List: p.List, Version: p.Version, EntryID: p.ID, EntryName: p.Name,
			Programs: p.Programs, Field: field, Value: matched, Score: score,
		})
	}
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
