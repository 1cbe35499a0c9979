// Package uk reads the United Kingdom's sanctions lists into flat entries that keep the list's
// ID and the raw rows of each party:
//
//   - ReadOFSI: HM Treasury / OFSI's "Consolidated List of Financial Sanctions Targets"
//     (ConList.csv): an optional "Last Updated" line, then a header row, then one row per name
//     of a listed party (Name 6 is the surname or whole entity name, Name 1..5 the other name
//     parts; Alias Type says "Primary name", "Primary name variation" or "AKA"), with Group Type
//     (Individual, Entity, Ship), Regime, DOB ("dd/mm/yyyy", "00" for unknown parts), Country of
//     Birth, Nationality, Country, and the party's Group ID shared by all of its rows.
//   - ReadUKSL: the FCDO "UK Sanctions List" CSV (a "Report Date" line, then one row per name
//     with Unique ID, Name 1..6, Name type, Regime Name, Designation Type, D.O.B, Nationality(/ies),
//     Country of birth, Address Country). Its column names are taken from the FCDO's 2022 format
//     guidance as summarised by third parties and are not confirmed against a real file.
//
// Columns are found by header name (case- and space-insensitive), so column order does not
// matter; rows of one party need not be adjacent.
package uk

import (
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"strings"

	"github.com/bonafide-oss/bonafide/internal/watchlist"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// File names used in *bonafide.InputError values.
const (
	FileOFSI = "OFSI consolidated list"
	FileUKSL = "UK Sanctions List"
)

// DPRKRegime is the regime name both UK lists give the DPRK sanctions regime.
const DPRKRegime = "Democratic People's Republic of Korea"

// Entry is one listed party (one group of rows).
// How this list fills watchlist.Entry:
//
//	ID         string   // OFSI Group ID (ReadOFSI) or UK Sanctions List Unique ID (ReadUKSL), e.g. "13500" / "DPR0001"
//	Name       string   // Name 1..5 then Name 6, of the first "Primary name" row (else the first row)
//	Aliases    []string // every other distinct name, then non-Latin-script names, in row order
//	Type       string   // Group Type / Designation Type: "Individual", "Entity" or "Ship"
//	Programs   []string // Regime / Regime Name values, de-duplicated
//	Countries  []string // Nationality, Country of Birth, then address Country values as given (free text)
//	BirthDates []string // DOB as ISO "1964-07-17", "1964-07" or "1964" (00 parts dropped); other text as given
//	Raw        []byte   // the header row and the party's rows, re-encoded as CSV
type Entry = watchlist.Entry

// layout names the columns one list uses; each field lists accepted header spellings.
type layout struct {
	file        string
	preamble    []string // first-cell prefixes of lines before the header
	id          []string
	names       [6][]string // Name 1 … Name 6
	nameType    []string
	primary     string // nameType value of the primary name
	nonLatin    []string
	typ         []string
	regime      []string
	dob         []string
	countries   [][]string
	required    [][]string
	requiredMsg []string
}

var ofsi = layout{
	file:      FileOFSI,
	preamble:  []string{"last updated"},
	id:        []string{"Group ID"},
	names:     [6][]string{{"Name 1"}, {"Name 2"}, {"Name 3"}, {"Name 4"}, {"Name 5"}, {"Name 6"}},
	nameType:  []string{"Alias Type"},
	primary:   "primary name",
	nonLatin:  []string{"Name Non-Latin Script"},
	typ:       []string{"Group Type"},
	regime:    []string{"Regime"},
	dob:       []string{"DOB"},
	countries: [][]string{{"Nationality"}, {"Country of Birth"}, {"Country"}},
}

var uksl = layout{
	file:      FileUKSL,
	preamble:  []string{"report date"},
	id:        []string{"Unique ID"},
	names:     [6][]string{{"Name 1"}, {"Name 2"}, {"Name 3"}, {"Name 4"}, {"Name 5"}, {"Name 6"}},
	nameType:  []string{"Name type"},
	primary:   "primary name",
	nonLatin:  []string{"Name non-latin script"},
	typ:       []string{"Designation Type", "Individual, Entity, Ship"},
	regime:    []string{"Regime Name", "Regime"},
	dob:       []string{"D.O.B", "DOB"},
	countries: [][]string{{"Nationality(/ies)", "Nationality"}, {"Country of birth"}, {"Address Country", "Country"}},
}

// ReadOFSI parses OFSI's consolidated list CSV. Errors are *bonafide.InputError with the 1-based
// Line: malformed CSV; no header row, or one lacking Name 6, Group Type, Regime or Group ID
// (Field names the missing column); a row with an empty Group ID (Field "Group ID") or with no
// name at all (Field "Name 6").
func ReadOFSI(r io.Reader) ([]Entry, error) { return read(r, &ofsi) }

// ReadUKSL parses the FCDO UK Sanctions List CSV. Errors are as for ReadOFSI, with the columns
// Unique ID, Name 6, Designation Type and Regime Name required.
func ReadUKSL(r io.Reader) ([]Entry, error) { return read(r, &uksl) }

type group struct {
	e       Entry
	primary bool // e.Name came from a primary-name row
	names   []string
	rows    [][]string
}

func read(r io.Reader, l *layout) ([]Entry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var (
		col    map[string]int
		header []string
		groups = map[string]*group{}
		order  []*group
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bonafide.CSVError(l.file, err)
		}
		line, _ := cr.FieldPos(0)
		if col == nil {
			first := norm(strings.TrimPrefix(rec[0], "\uFEFF"))
			if blank(rec) || hasPrefix(first, l.preamble) {
				continue
			}
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF")
			col = map[string]int{}
			for i, h := range rec {
				if _, dup := col[norm(h)]; !dup {
					col[norm(h)] = i
				}
			}
			for _, req := range [][]string{l.names[5], l.typ, l.regime, l.id} {
				if find(col, req) < 0 {
					return nil, &bonafide.InputError{File: l.file, Line: line, Field: req[0], Msg: "header has no such column"}
				}
			}
			header = append([]string(nil), rec...)
			continue
		}
		if blank(rec) {
			continue
		}
		get := func(names []string) string {
			if i := find(col, names); i >= 0 && i < len(rec) {
				return clean(rec[i])
			}
			return ""
		}
		id := get(l.id)
		if id == "" {
			return nil, &bonafide.InputError{File: l.file, Line: line, Field: l.id[0], Msg: "empty"}
		}
		var parts []string
		for _, n := range l.names {
			if v := get(n); v != "" {
				parts = append(parts, v)
			}
		}
		name := strings.Join(parts, " ")
		if name == "" {
			return nil, &bonafide.InputError{File: l.file, Line: line, Record: id, Field: l.names[5][0], Msg: "row has no name"}
		}
		g := groups[id]
		if g == nil {
			g = &group{e: Entry{ID: id}}
			groups[id] = g
			order = append(order, g)
		}
		g.rows = append(g.rows, rec)
		isPrimary := strings.EqualFold(get(l.nameType), l.primary)
		switch {
		case g.e.Name == "":
			g.e.Name, g.primary = name, isPrimary
		case isPrimary && !g.primary:
			g.names = append(g.names, g.e.Name)
			g.e.Name, g.primary = name, true
		default:
			g.names = append(g.names, name)
		}
		g.e.Aliases = watchlist.AppendUnique(g.e.Aliases, get(l.nonLatin))
		if g.e.Type == "" {
			g.e.Type = get(l.typ)
		}
		g.e.Programs = watchlist.AppendUnique(g.e.Programs, get(l.regime))
		for _, c := range l.countries {
			g.e.Countries = watchlist.AppendUnique(g.e.Countries, get(c))
		}
		g.e.BirthDates = watchlist.AppendUnique(g.e.BirthDates, isoDOB(get(l.dob)))
	}
	if col == nil {
		return nil, &bonafide.InputError{File: l.file, Msg: "no header row"}
	}
	out := make([]Entry, 0, len(order))
	for _, g := range order {
		e := g.e
		var aliases []string
		for _, n := range g.names {
			if n != e.Name {
				aliases = watchlist.AppendUnique(aliases, n)
			}
		}
		for _, a := range e.Aliases { // non-Latin names collected while reading
			if a != e.Name {
				aliases = watchlist.AppendUnique(aliases, a)
			}
		}
		e.Aliases = aliases
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(header)
		_ = w.WriteAll(g.rows) // writes to a bytes.Buffer cannot fail
		e.Raw = buf.Bytes()
		out = append(out, e)
	}
	return out, nil
}

var dobRE = regexp.MustCompile(`^(\d{2})/(\d{2})/(\d{4})$`)

// isoDOB turns "dd/mm/yyyy" (with 00 for unknown day or month) into ISO 8601 at the known
// precision; anything else is returned as given.
func isoDOB(s string) string {
	m := dobRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	d, mo, y := m[1], m[2], m[3]
	switch {
	case y == "0000":
		return s
	case mo == "00":
		return y
	case d == "00":
		return y + "-" + mo
	}
	return y + "-" + mo + "-" + d
}

func norm(h string) string { return strings.ToLower(clean(h)) }

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func find(col map[string]int, names []string) int {
	for _, n := range names {
		if i, ok := col[norm(n)]; ok {
			return i
		}
	}
	return -1
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// IsDPRK reports whether the entry is listed under the UK's DPRK regime (The Democratic
// People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019): a programme equal to
// DPRKRegime, ignoring case and the apostrophe's form.
func IsDPRK(e *Entry) bool {
	want := strings.ToLower(DPRKRegime)
	for _, p := range e.Programs {
		p = strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(p))
		if p == want {
			return true
		}
	}
	return false
}
