package watchlist

import (
	"sort"

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

// NameIndex screens names against listed parties with internal/watchlist/match: every
// party's primary name and aliases are scored and the best name per party is kept. It is a
// brute-force scan over the parties (see bench/README.md for its cost); an index over name
// tokens is the watchlist issue's next step.
type NameIndex struct {
	parties []Party
	names   []*match.List // per party: primary name then aliases, normalised once
}

// NewNameIndex returns an index over parties.
func NewNameIndex(parties ...Party) *NameIndex {
	ix := &NameIndex{parties: parties, names: make([]*match.List, len(parties))}
	for i, p := range parties {
		ix.names[i] = match.NewList(append([]string{p.Name}, p.Aliases...))
	}
	return ix
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
	for i := range ix.parties {
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
