// Package watchlist screens people's identifiers against sanctions and indicator lists.
//
// Lists are parsed by per-list readers (internal/watchlist/ofac, …), their digital and contact
// features canonicalised with internal/normalize, cached in the store (so a 121 MB OFAC file is
// parsed once per issue, not once per scan) and held here in an Index for exact matching:
// e-mails, E.164 phones, wallets per chain, and websites by host. Name matching across
// transliterations is the watchlist issue's work; this package matches features exactly, which
// is what OFAC's DPRK IT-worker designations publish (OFSI24, OFAC).
package watchlist

import (
	"sort"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Feature is one listed identifier of one list entry, canonical.
type Feature struct {
	List      string                  // e.g. "OFAC-SDN"
	Version   string                  // issue date of the list
	EntryID   string                  // the list's ID for the party (OFAC FixedRef)
	EntryName string                  // primary name of the party
	Programs  []string                // sanctions programmes, e.g. DPRK3
	Field     string                  // the list's feature type, e.g. "Email Address"
	Kind      bonafide.IdentifierKind // email, phone, url, wallet
	Value     string                  // canonical (internal/normalize)
}

type key struct {
	kind  bonafide.IdentifierKind
	value string
}

// Index is an in-memory exact-match index of features. The zero value is not usable; call
// NewIndex. An Index is safe for concurrent Match calls once built.
type Index struct {
	m     map[key][]*Feature
	hosts map[string][]*Feature // "web:" features by host, also matched by e-mail domain
	n     int
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{m: map[key][]*Feature{}, hosts: map[string][]*Feature{}}
}

// Add indexes features. Features with an empty Value are ignored.
func (ix *Index) Add(fs ...Feature) {
	for i := range fs {
		f := fs[i]
		if f.Value == "" {
			continue
		}
		ix.n++
		if f.Kind == bonafide.KindURL && strings.HasPrefix(f.Value, "web:") {
			h := hostOf(f.Value)
			ix.hosts[h] = append(ix.hosts[h], &f)
			continue
		}
		k := key{f.Kind, f.Value}
		ix.m[k] = append(ix.m[k], &f)
	}
}

// Len returns the number of indexed features.
func (ix *Index) Len() int { return ix.n }

// hostOf returns the host of a canonical "web:host/path" value.
func hostOf(v string) string {
	h := strings.TrimPrefix(v, "web:")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	return h
}

// Match returns the hits for one canonical identifier, exact: e-mails, phones, wallets and
// profile handles by value; websites ("web:…") by host, so a listed front-company site matches
// any page on it; e-mails also by their domain against listed website hosts (an applicant
// writing from a designated front company's domain). Hits are ordered by list and entry ID.
func (ix *Index) Match(kind bonafide.IdentifierKind, value string) []bonafide.WatchlistHit {
	if ix == nil || value == "" {
		return nil
	}
	var hits []bonafide.WatchlistHit
	add := func(fs []*Feature, field string, score float64) {
		for _, f := range fs {
			fld := f.Field
			if field != "" {
				fld = field + " (" + f.Field + ")"
			}
			hits = append(hits, bonafide.WatchlistHit{
				List: f.List, Version: f.Version, EntryID: f.EntryID, EntryName: f.EntryName,
				Programs: f.Programs, Field: fld, Value: f.Value, Score: score,
			})
		}
	}
	switch {
	case kind == bonafide.KindURL && strings.HasPrefix(value, "web:"):
		add(ix.hosts[hostOf(value)], "", 1)
	case kind == bonafide.KindEmail:
		add(ix.m[key{kind, value}], "", 1)
		if at := strings.LastIndexByte(value, '@'); at >= 0 {
			add(ix.hosts[value[at+1:]], "e-mail domain matches listed website", 1)
		}
	default:
		add(ix.m[key{kind, value}], "", 1)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].List != hits[j].List {
			return hits[i].List < hits[j].List
		}
		return hits[i].EntryID < hits[j].EntryID
	})
	return hits
}
