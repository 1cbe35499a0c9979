// Package jsonreport writes a scan report as stable, versioned JSON for machines (ticketing,
// SIEM, the web UI, peers' tooling).
//
// # Shape (schema_version 1)
//
// One JSON object, indented with two spaces, UTF-8, with <, > and & escaped as \u003c, \u003e and
// \u0026 (so the file can be embedded in HTML safely). Arrays are never null: an empty list is [].
//
//	{
//	  "schema_version": 1,                      // bumped on any incompatible change
//	  "title": "Screening of Q3 applicants",
//	  "generated_at": "2026-03-14T09:30:00Z",   // RFC 3339, UTC
//	  "inputs": ["applicants.csv"],             // paths scanned
//	  "stats": {"people": 6, "findings": 11, "high": 3, "medium": 2, "low": 1, "duration_ms": 1250},
//	  "lists": [                                // reference lists used or missing
//	    {"name": "OFAC-SDN", "version": "2025-11-19", "entries": 18367, "loaded": true, "note": ""}
//	  ],
//	  "signals": [ /* bonafide.Signal: catalogue entries referenced by a finding, catalogue order */ ],
//	  "sources": [ /* bonafide.Source {"key","title","url"}: advisories referenced by a finding or signal */ ],
//	  "assessments": [                          // every person, ranked, highest score first
//	    {
//	      "rank": 1,                            // 1-based position in the ranking
//	      "person_id": "p1", "name": "Daniel Weber",
//	      "score": 75, "band": "high",          // as scored: "high", "medium", "low"
//	      "source": "applicants.csv", "source_id": "1", "line": 2,  // where the record came from; omitted when unknown
//	      "cluster": "C1",                      // persona-network cluster ID; omitted when in none
//	      "reasons": ["PAY-ACCOUNT-SHARED (+35): …"],
//	      "findings": [ /* bonafide.Finding: person_id, signal_id, severity, weight, summary,
//	                       evidence [{field, value, note}], sources, related, key */ ]
//	    }
//	  ],
//	  "links": [                                // undirected edges between people, a < b (report.Links)
//	    {"a": "p1", "b": "p2", "signals": ["APP-SHARED-IDENT"], "label": "phone +4915112345678", "weight": 30}
//	  ],
//	  "clusters": [                             // connected components of links, largest first (report.Clusters)
//	    {"id": "C1", "size": 4, "person_ids": ["p1", "p2", "p3", "p4"]}
//	  ]
//	}
//
// Findings keep the JSON field names of bonafide.Finding; evidence and sources are [] when empty.
// Scores and weights are score points (see internal/score). The report explains, it never
// decides: no field means "reject".
package jsonreport

import (
	"bufio"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
)

// SchemaVersion is the value of "schema_version" written by this package.
const SchemaVersion = 1

// Document is the JSON document, as written by Write and readable with encoding/json.
type Document struct {
	SchemaVersion int               `json:"schema_version"`
	Title         string            `json:"title"`
	GeneratedAt   string            `json:"generated_at"`
	Inputs        []string          `json:"inputs"`
	Stats         Stats             `json:"stats"`
	Lists         []List            `json:"lists"`
	Signals       []bonafide.Signal `json:"signals"`
	Sources       []bonafide.Source `json:"sources"`
	Assessments   []Assessment      `json:"assessments"`
	Links         []Link            `json:"links"`
	Clusters      []Cluster         `json:"clusters"`
}

// Stats are the scan's headline counts; Duration is in milliseconds.
type Stats struct {
	People     int   `json:"people"`
	Findings   int   `json:"findings"`
	High       int   `json:"high"`
	Medium     int   `json:"medium"`
	Low        int   `json:"low"`
	DurationMS int64 `json:"duration_ms"`
}

// List is a reference list's status (report.ListStatus).
type List struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Entries int    `json:"entries"`
	Loaded  bool   `json:"loaded"`
	Note    string `json:"note"`
}

// Assessment is one ranked person with their findings.
type Assessment struct {
	Rank     int                `json:"rank"`
	PersonID string             `json:"person_id"`
	Name     string             `json:"name"`
	Score    float64            `json:"score"`
	Band     bonafide.Band      `json:"band"`
	Source   string             `json:"source,omitempty"`
	SourceID string             `json:"source_id,omitempty"`
	Line     int                `json:"line,omitempty"`
	Cluster  string             `json:"cluster,omitempty"`
	Reasons  []string           `json:"reasons"`
	Findings []bonafide.Finding `json:"findings"`
}

// Link is an undirected edge between two people who share an identifier (report.Edge).
type Link struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	Signals []string `json:"signals"`
	Label   string   `json:"label"`
	Weight  float64  `json:"weight"`
}

// Cluster is a connected component of links with two or more people; ID is "C" and its
// 1-based position, largest cluster first.
type Cluster struct {
	ID        string   `json:"id"`
	Size      int      `json:"size"`
	PersonIDs []string `json:"person_ids"`
}

// New builds the document for r. Links and clusters are derived from r's findings.
func New(r *report.Report) *Document {
	d := &Document{
		SchemaVersion: SchemaVersion,
		Title:         r.Title,
		Inputs:        nonNil(r.Inputs),
		Stats: Stats{
			People: r.Stats.People, Findings: r.Stats.Findings,
			High: r.Stats.High, Medium: r.Stats.Medium, Low: r.Stats.Low,
			DurationMS: r.Stats.Duration.Milliseconds(),
		},
		Lists:       make([]List, 0, len(r.Lists)),
		Signals:     []bonafide.Signal{},
		Sources:     []bonafide.Source{},
		Assessments: make([]Assessment, 0, len(r.Assessments)),
		Links:       []Link{},
		Clusters:    []Cluster{},
	}
	if !r.GeneratedAt.IsZero() {
		d.GeneratedAt = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	for _, l := range r.Lists {
		d.Lists = append(d.Lists, List{Name: l.Name, Version: l.Version, Entries: l.Entries, Loaded: l.Loaded, Note: l.Note})
	}

	edges := r.Links()
	clusters := report.ClustersOf(edges, r.Assessments)
	clusterOf := map[string]string{}
	for i, c := range clusters {
		id := "C" + strconv.Itoa(i+1)
		d.Clusters = append(d.Clusters, Cluster{ID: id, Size: len(c), PersonIDs: c})
		for _, p := range c {
			clusterOf[p] = id
		}
	}
	for _, e := range edges {
		d.Links = append(d.Links, Link{A: e.A, B: e.B, Signals: nonNil(e.Signals), Label: e.Label, Weight: e.Weight})
	}

	usedSignals := map[string]bool{}
	usedSources := map[string]bool{}
	for i := range r.Assessments {
		a := &r.Assessments[i]
		out := Assessment{
			Rank: i + 1, PersonID: a.PersonID, Name: a.Name, Score: a.Score, Band: a.Band,
			Cluster: clusterOf[a.PersonID], Reasons: nonNil(a.Reasons),
			Findings: make([]bonafide.Finding, len(a.Findings)),
		}
		if p := r.People[a.PersonID]; p != nil {
			out.Source, out.SourceID, out.Line = p.Source, p.SourceID, p.Line
		}
		for j, f := range a.Findings {
			if f.PersonID == "" {
				f.PersonID = a.PersonID
			}
			f.Evidence = nonNil(f.Evidence)
			f.Sources = nonNil(f.Sources)
			out.Findings[j] = f
			usedSignals[f.SignalID] = true
			for _, k := range f.Sources {
				usedSources[k] = true
			}
		}
		d.Assessments = append(d.Assessments, out)
	}
	for _, s := range r.Signals {
		if usedSignals[s.ID] {
			s.Sources = nonNil(s.Sources)
			d.Signals = append(d.Signals, s)
			for _, k := range s.Sources {
				usedSources[k] = true
			}
		}
	}
	known := map[string]bool{}
	for _, s := range r.Sources {
		known[s.Key] = true
		if usedSources[s.Key] {
			d.Sources = append(d.Sources, s)
		}
	}
	// Keys referenced but missing from the catalogue's sources: listed by key only, sorted.
	var unknown []string
	for k := range usedSources {
		if !known[k] && k != "" {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		d.Sources = append(d.Sources, bonafide.Source{Key: k})
	}
	return d
}

// Write writes r to w as the JSON document described in the package comment, followed by a
// newline. Assessments are encoded one at a time, so memory stays proportional to the largest
// one rather than to the whole document. It returns an encoding error (e.g. a NaN score) or the
// first write error; on error, w may hold a partial document.
func Write(w io.Writer, r *report.Report) error {
	d := New(r)
	bw := bufio.NewWriterSize(w, 64<<10)
	ew := &errWriter{w: bw}
	field := func(name string, v any, last bool) {
		if ew.err != nil {
			return
		}
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			ew.err = err
			return
		}
		ew.str("  \"" + name + "\": ")
		ew.bytes(b)
		if !last {
			ew.str(",")
		}
		ew.str("\n")
	}
	ew.str("{\n")
	field("schema_version", d.SchemaVersion, false)
	field("title", d.Title, false)
	field("generated_at", d.GeneratedAt, false)
	field("inputs", d.Inputs, false)
	field("stats", d.Stats, false)
	field("lists", d.Lists, false)
	field("signals", d.Signals, false)
	field("sources", d.Sources, false)
	if len(d.Assessments) == 0 {
		field("assessments", d.Assessments, false)
	} else {
		ew.str("  \"assessments\": [\n")
		for i := range d.Assessments {
			if ew.err != nil {
				break
			}
			b, err := json.MarshalIndent(&d.Assessments[i], "    ", "  ")
			if err != nil {
				ew.err = err
				break
			}
			ew.str("    ")
			ew.bytes(b)
			if i < len(d.Assessments)-1 {
				ew.str(",")
			}
			ew.str("\n")
		}
		ew.str("  ],\n")
	}
	field("links", d.Links, false)
	field("clusters", d.Clusters, true)
	ew.str("}\n")
	if ew.err != nil {
		return ew.err
	}
	return bw.Flush()
}

// errWriter remembers the first error, so Write can check once.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *errWriter) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
