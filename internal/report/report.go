// Package report is the model every scan report is written from: the ranked, explained
// assessments of one run, the people behind them, the signal catalogue and advisory sources that
// explain the findings, and the reference lists that were (or were not) available.
//
// The output formats live in sub-packages and only read a Report:
//
//	internal/report/html   one self-contained, offline HTML file for analysts
//	internal/report/table  a ranked terminal table
//	internal/report/json   stable JSON for machines
//
// A report explains, it never decides: a score is the sum of findings, each with evidence and a
// source (FBI22, MAND24, GTIG25, …), and a person takes every decision (GDPR Art. 22).
//
// Links and Clusters derive the persona-network picture from findings whose Related field names
// other people (shared identifiers such as APP-SHARED-IDENT, SHIP-ADDR-REUSED, REF-SHARED-ACROSS;
// sources FBI22, FBI24, GTIG25).
package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Report is everything one scan produced, ready to be written in any format.
type Report struct {
	Title       string
	GeneratedAt time.Time
	Inputs      []string              // paths scanned
	Assessments []bonafide.Assessment // ranked, highest score first
	People      map[string]*bonafide.Person
	Signals     []bonafide.Signal // the catalogue, for titles and sources
	Sources     []bonafide.Source // advisory keys → titles/URLs
	Lists       []ListStatus      // reference lists used or missing
	Stats       Stats             // counts: people, findings, per band, duration
	// Networks are the persona networks the resolver found among these people (and stored
	// people they link to), with every link's evidence. May be nil.
	Networks []bonafide.Cluster
}

// ListStatus says whether a reference list (sanctions, disposable e-mail domains, RMM tools, …)
// was available to the scan, which version, and how many entries it held.
type ListStatus struct {
	Name    string // e.g. "OFAC-SDN", "disposable-email"
	Version string // issue date or checksum prefix; empty when unknown
	Entries int    // number of entries loaded; 0 when missing
	Loaded  bool   // false: the list was missing and its signals could not fire
	Note    string // e.g. "embedded default (87 domains); full list: --data DIR"
}

// Stats are the headline counts of a scan.
type Stats struct {
	People   int // people assessed
	Findings int // findings over all people
	// High, Medium and Low count people with at least one finding in each band; people without
	// findings are in no band count.
	High, Medium, Low int
	Duration          time.Duration // wall time of the scan
}

// StatsOf counts people, findings and bands over as (see Stats). Duration is left zero.
func StatsOf(as []bonafide.Assessment) Stats {
	var s Stats
	s.People = len(as)
	for i := range as {
		a := &as[i]
		s.Findings += len(a.Findings)
		if len(a.Findings) == 0 {
			continue
		}
		switch a.Band {
		case bonafide.BandHigh:
			s.High++
		case bonafide.BandMedium:
			s.Medium++
		case bonafide.BandLow:
			s.Low++
		}
	}
	return s
}

// Edge is a link between two people for the graph: built from findings whose Related is non-empty.
type Edge struct {
	A, B    string   // person IDs, A < B
	Signals []string // signal IDs of the linking findings, sorted, unique
	// Label names what they share, highest weight first, e.g. "phone +4915112345678" or, for
	// several shared values, "phone +4915112345678; iban DE8937040044053…". Values are shortened
	// (see FactLabel); at most three are named, then "(+N more)".
	Label string
	// Weight is the sum, over the distinct linking facts (signal and finding key), of the
	// largest finding weight seen for that fact on either side, in score points.
	Weight float64
}

// maxLabelValue is the number of runes of a shared value kept in an edge label.
const maxLabelValue = 16

// LinkPoints scales a resolver link's evidence weight (0..1) to score points for edge
// weights, so resolver evidence and findings draw on one scale.
const LinkPoints = 50

// Links derives the undirected, de-duplicated edges from the assessments' findings (A < B) and
// from the persona networks' links (r.Networks), so that people the resolver joined on evidence
// that raised no finding of its own (a name and birth date, several weak links together) are
// drawn connected. NET-CLUSTER findings relate every member to every other and are left out:
// the network is drawn from the evidence that holds it together.
//
// A finding on person P with Related [Q, R] gives the edges P–Q and P–R; the same fact found on
// both sides (P's finding relates Q, Q's relates P) counts once. Self-links and empty IDs are
// ignored. People named in Related need not be assessed themselves. Edges are sorted by A, then B.
func (r *Report) Links() []Edge {
	type fact struct {
		label  string
		weight float64
		order  int
	}
	type acc struct {
		signals map[string]bool
		facts   map[string]*fact
	}
	pairs := make(map[[2]string]*acc)
	n := 0
	for i := range r.Assessments {
		a := &r.Assessments[i]
		for j := range a.Findings {
			f := &a.Findings[j]
			if len(f.Related) == 0 || f.SignalID == "NET-CLUSTER" {
				continue
			}
			owner := f.PersonID
			if owner == "" {
				owner = a.PersonID
			}
			label := FactLabel(f)
			key := f.SignalID + "\x00" + f.Key
			if f.Key == "" {
				key += label
			}
			for _, rel := range f.Related {
				if rel == "" || rel == owner || owner == "" {
					continue
				}
				p := [2]string{owner, rel}
				if p[1] < p[0] {
					p[0], p[1] = p[1], p[0]
				}
				e := pairs[p]
				if e == nil {
					e = &acc{signals: map[string]bool{}, facts: map[string]*fact{}}
					pairs[p] = e
				}
				e.signals[f.SignalID] = true
				ft := e.facts[key]
				if ft == nil {
					n++
					e.facts[key] = &fact{label: label, weight: f.Weight, order: n}
				} else if f.Weight > ft.weight {
					ft.weight = f.Weight
				}
			}
		}
	}
	for _, c := range r.Networks {
		for _, l := range c.Links {
			if l.A == "" || l.B == "" || l.A == l.B {
				continue
			}
			p := [2]string{l.A, l.B}
			if p[1] < p[0] {
				p[0], p[1] = p[1], p[0]
			}
			e := pairs[p]
			if e == nil {
				e = &acc{signals: map[string]bool{}, facts: map[string]*fact{}}
				pairs[p] = e
			}
			if l.Signal != "" {
				e.signals[l.Signal] = true
			}
			label := l.Kind + " " + Shorten(l.Value, maxLabelValue)
			key := "link\x00" + l.Kind + "\x00" + l.Value
			dup := false
			for _, f := range e.facts {
				dup = dup || f.label == label
			}
			if dup {
				continue // the same fact is already there as a finding
			}
			if ft := e.facts[key]; ft == nil {
				n++
				e.facts[key] = &fact{label: label, weight: l.Weight * LinkPoints, order: n}
			}
		}
	}
	out := make([]Edge, 0, len(pairs))
	for p, e := range pairs {
		ed := Edge{A: p[0], B: p[1]}
		for s := range e.signals {
			ed.Signals = append(ed.Signals, s)
		}
		slices.Sort(ed.Signals)
		facts := make([]*fact, 0, len(e.facts))
		for _, f := range e.facts {
			facts = append(facts, f)
			ed.Weight += f.weight
		}
		slices.SortFunc(facts, func(x, y *fact) int {
			if c := cmp.Compare(y.weight, x.weight); c != 0 {
				return c
			}
			return cmp.Compare(x.order, y.order)
		})
		var labels []string
		seen := map[string]bool{}
		for _, f := range facts {
			if !seen[f.label] {
				seen[f.label] = true
				labels = append(labels, f.label)
			}
		}
		ed.Label = strings.Join(labels[:min(3, len(labels))], "; ")
		if len(labels) > 3 {
			ed.Label += " (+" + strconv.Itoa(len(labels)-3) + " more)"
		}
		out = append(out, ed)
	}
	slices.SortFunc(out, func(x, y Edge) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	return out
}

// Clusters returns connected components of Links() with ≥ 2 people, largest first.
//
// Members of a cluster are in rank order (their order in Assessments); people who are only named
// in Related and not assessed come last, by ID. Clusters of equal size are ordered by their first
// member's rank, so the result is deterministic.
func (r *Report) Clusters() [][]string {
	return ClustersOf(r.Links(), r.Assessments)
}

// ClustersOf is Clusters for edges already computed with Links, so a writer that needs both
// derives the links once.
func ClustersOf(edges []Edge, as []bonafide.Assessment) [][]string {
	if len(edges) == 0 {
		return nil
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		for {
			p, ok := parent[x]
			if !ok {
				parent[x] = x
				return x
			}
			if p == x {
				return x
			}
			gp := parent[p]
			parent[x] = gp
			x = gp
		}
	}
	for _, e := range edges {
		ra, rb := find(e.A), find(e.B)
		if ra != rb {
			if rb < ra {
				ra, rb = rb, ra
			}
			parent[rb] = ra
		}
	}
	rank := make(map[string]int, len(parent))
	for i := range as {
		if _, ok := parent[as[i].PersonID]; ok {
			if _, dup := rank[as[i].PersonID]; !dup {
				rank[as[i].PersonID] = i
			}
		}
	}
	groups := map[string][]string{}
	for id := range parent {
		root := find(id)
		groups[root] = append(groups[root], id)
	}
	byRank := func(x, y string) int {
		rx, okx := rank[x]
		ry, oky := rank[y]
		switch {
		case okx && oky:
			return cmp.Compare(rx, ry)
		case okx:
			return -1
		case oky:
			return 1
		}
		return cmp.Compare(x, y)
	}
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, byRank)
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y []string) int {
		if c := cmp.Compare(len(y), len(x)); c != 0 {
			return c
		}
		return byRank(x[0], y[0])
	})
	return out
}

// FactLabel names the shared fact behind a linking finding, for edge labels: the identifier kind
// taken from the first evidence with a value ("references[1].email" → "email"; for a bare
// "identifiers[n]" the finding Key's prefix, "address:…" → "address") and the value,
// shortened to 16 runes including "…" ("iban DE8937040044053…"). Without such evidence it falls back to
// the finding's Key, then to its signal ID.
func FactLabel(f *bonafide.Finding) string {
	for _, ev := range f.Evidence {
		if ev.Value == "" {
			continue
		}
		kind := FieldKind(ev.Field)
		if kind == "" || kind == "identifiers" {
			if k, _, ok := strings.Cut(f.Key, ":"); ok && isWord(k) {
				kind = k
			}
		}
		v := Shorten(ev.Value, maxLabelValue)
		if kind == "" {
			return v
		}
		return kind + " " + v
	}
	if f.Key != "" {
		return Shorten(f.Key, maxLabelValue+8)
	}
	return f.SignalID
}

// FieldKind reduces an evidence field path to its last name: "references[1].email" → "email",
// "identifiers[2]" → "identifiers", "phone" → "phone".
func FieldKind(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return strings.TrimSpace(field)
}

// Shorten returns s cut to at most n runes, the last being "…" when it was cut. n < 1 is
// treated as 1.
func Shorten(s string, n int) string {
	if n < 1 {
		n = 1
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}

// NameOf returns the name to show for a person ID: the assessment's name, else the Person's,
// else the ID itself. It scans Assessments (linear time); writers that need many names index once.
func (r *Report) NameOf(id string) string {
	for i := range r.Assessments {
		if r.Assessments[i].PersonID == id && r.Assessments[i].Name != "" {
			return r.Assessments[i].Name
		}
	}
	if p := r.People[id]; p != nil && p.Name != "" {
		return p.Name
	}
	return id
}

func isWord(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}
