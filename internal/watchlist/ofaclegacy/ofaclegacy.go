// Package ofaclegacy reads OFAC's legacy headerless CSV files: the SDN list (sdn.csv, alt.csv,
// add.csv, sdn_comments.csv) and the consolidated non-SDN list in the same layout
// (cons_prim.csv, cons_alt.csv, cons_add.csv), into flat entries that keep the ent_num and
// the raw CSV record.
//
// Layouts (all headerless, comma-separated, double-quoted text, null marker "-0- ", files end
// with "\r\n" and a DOS end-of-file byte 0x1A, which is dropped):
//   - primary (sdn.csv, cons_prim.csv), 12 fields: ent_num, name, type ("individual",
//     "vessel", "aircraft" or null for entities), programs ("DPRK2] [DPRK3"), title,
//     call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks.
//   - alt (alt.csv, cons_alt.csv), 5 fields: ent_num, alt_num, alt_type ("aka", "fka",
//     "nka"), alt_name, alt_remarks.
//   - add (add.csv, cons_add.csv), 6 fields: ent_num, add_num, address, city/state/postal,
//     country, add_remarks.
//   - comments (sdn_comments.csv), 2 fields: ent_num, remarks continuation — the overflow of
//     remarks longer than the primary file's field. It is checked for shape but otherwise
//     ignored: birth dates and nationalities are taken from the primary remarks only.
package ofaclegacy

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/bonafide-oss/bonafide/internal/watchlist"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Entry is one listed party.
// How this list fills watchlist.Entry:
//
//	ID         string   // ent_num, e.g. "36"
//	Name       string   // primary name as listed, e.g. "KIM, Jong Un" or "KOREA KWANGSON BANKING CORP."
//	Aliases    []string // OFAC's "weak" a.k.a.s from the remarks ("a.k.a. 'HIDDEN COBRA'"), then the alt file's alt_name values; de-duplicated
//	Type       string   // "Individual", "Entity", "Vessel" or "Aircraft"
//	Programs   []string // program codes, e.g. ["DPRK2", "DPRK3"]
//	Countries  []string // "nationality X" in the remarks, then address countries; de-duplicated
//	BirthDates []string // "DOB …" and "alt. DOB …" values from the remarks, as given ("01 Jan 1947 to 31 Dec 1947")
//	Raw        []byte   // the primary file's CSV record, as in the file (without the line end)
type Entry = watchlist.Entry

// Files names the files of one list inside a directory. Comments may be empty.
type Files struct {
	Primary, Alt, Add, Comments string
}

// SDNFiles is the SDN list's file set; ConsolidatedFiles the consolidated non-SDN list's.
var (
	SDNFiles          = Files{Primary: "sdn.csv", Alt: "alt.csv", Add: "add.csv", Comments: "sdn_comments.csv"}
	ConsolidatedFiles = Files{Primary: "cons_prim.csv", Alt: "cons_alt.csv", Add: "cons_add.csv"}
)

const null = "-0-"

// ReadSet reads the SDN file set (SDNFiles) in dir.
func ReadSet(dir string) ([]Entry, error) { return ReadFiles(dir, SDNFiles) }

// ReadFiles reads the primary file and joins the alt and add files' rows to it by ent_num.
// Errors are *bonafide.InputError naming the file and 1-based line: a wrong field count, bad
// quoting, an empty ent_num or name, an unknown type, a duplicate primary ent_num, or an alt
// or add row whose ent_num is not in the primary file. A missing file is an error wrapping
// fs.ErrNotExist.
func ReadFiles(dir string, f Files) ([]Entry, error) {
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("ofaclegacy: %w", err)
		}
		return b, nil
	}
	prim, err := read(f.Primary)
	if err != nil {
		return nil, err
	}
	entries, err := parsePrimary(f.Primary, prim)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Entry, len(entries))
	for i := range entries {
		byID[entries[i].ID] = &entries[i]
	}
	join := func(name string, nfields int, apply func(e *Entry, rec []string)) error {
		if name == "" {
			return nil
		}
		data, err := read(name)
		if err != nil {
			return err
		}
		return each(name, data, nfields, func(rec []string, line int, _ []byte) error {
			e := byID[rec[0]]
			if e == nil {
				return &bonafide.InputError{File: name, Line: line, Field: "ent_num", Msg: fmt.Sprintf("ent_num %q is not in %s", rec[0], f.Primary)}
			}
			apply(e, rec)
			return nil
		})
	}
	if err := join(f.Alt, 5, func(e *Entry, rec []string) { e.Aliases = watchlist.AppendUnique(e.Aliases, rec[3]) }); err != nil {
		return nil, err
	}
	if err := join(f.Add, 6, func(e *Entry, rec []string) { e.Countries = watchlist.AppendUnique(e.Countries, rec[4]) }); err != nil {
		return nil, err
	}
	if f.Comments != "" {
		data, err := read(f.Comments)
		if err != nil {
			return nil, err
		}
		// Comments may name parties absent from this primary file; only the shape is checked.
		if err := each(f.Comments, data, 2, func([]string, int, []byte) error { return nil }); err != nil {
			return nil, err
		}
	}
	return entries, nil
}

// Read parses one primary file (sdn.csv or cons_prim.csv layout) without aliases or
// addresses. Errors are as for ReadFiles, with File "primary".
func Read(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &bonafide.InputError{File: "primary", Msg: "reading", Err: err}
	}
	return parsePrimary("primary", data)
}

func parsePrimary(name string, data []byte) ([]Entry, error) {
	var out []Entry
	seen := map[string]bool{}
	err := each(name, data, 12, func(rec []string, line int, raw []byte) error {
		e := Entry{ID: rec[0], Name: rec[1], Raw: raw}
		if e.Name == "" {
			return &bonafide.InputError{File: name, Line: line, Record: e.ID, Field: "name", Msg: "empty name"}
		}
		if seen[e.ID] {
			return &bonafide.InputError{File: name, Line: line, Record: e.ID, Field: "ent_num", Msg: "duplicate ent_num"}
		}
		seen[e.ID] = true
		switch strings.ToLower(rec[2]) {
		case "":
			e.Type = "Entity"
		case "individual":
			e.Type = "Individual"
		case "vessel":
			e.Type = "Vessel"
		case "aircraft":
			e.Type = "Aircraft"
		default:
			return &bonafide.InputError{File: name, Line: line, Record: e.ID, Field: "type", Msg: fmt.Sprintf("unknown type %q", rec[2])}
		}
		e.Programs = splitPrograms(rec[3])
		// Remarks are "; "-separated facts: "DOB 18 Feb 1962", "alt. DOB circa 1946",
		// "nationality Korea, North", "a.k.a. 'HIDDEN COBRA'", ….
		for _, part := range strings.Split(strings.TrimSuffix(rec[11], "."), "; ") {
			part = strings.TrimPrefix(strings.TrimSpace(part), "alt. ")
			switch {
			case strings.HasPrefix(part, "a.k.a. '") && strings.HasSuffix(part, "'") && len(part) > len("a.k.a. ''"):
				e.Aliases = watchlist.AppendUnique(e.Aliases, part[len("a.k.a. '"):len(part)-1])
			case strings.HasPrefix(part, "DOB "):
				e.BirthDates = watchlist.AppendUnique(e.BirthDates, part[len("DOB "):])
			case strings.HasPrefix(part, "nationality "):
				e.Countries = watchlist.AppendUnique(e.Countries, part[len("nationality "):])
			}
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// splitPrograms splits "DPRK2] [DPRK3" (the file's rendering of "[DPRK2] [DPRK3]") into codes.
func splitPrograms(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "] [") {
		out = watchlist.AppendUnique(out, strings.Trim(p, "[] "))
	}
	return out
}

// each parses data as headerless CSV with nfields fields per record, trims fields, maps the
// null marker to "", requires a non-empty first field (ent_num) and calls fn with the record,
// its first line number and its raw bytes.
func each(name string, data []byte, nfields int, fn func(rec []string, line int, raw []byte) error) error {
	data = bytes.TrimRight(data, "\x1a")
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = nfields
	cr.ReuseRecord = true
	for {
		start := cr.InputOffset()
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bonafide.CSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		for i, v := range rec {
			v = strings.TrimSpace(v)
			if v == null {
				v = ""
			}
			rec[i] = v
		}
		if rec[0] == "" {
			return &bonafide.InputError{File: name, Line: line, Field: "ent_num", Msg: "empty ent_num"}
		}
		raw := bytes.TrimRight(data[start:cr.InputOffset()], "\r\n")
		if err := fn(rec, line, bytes.Clone(raw)); err != nil {
			return err
		}
	}
}

// IsDPRKProgram reports whether an OFAC program code is DPRK-specific: DPRK, DPRK2, DPRK3,
// DPRK4 and DPRK-NKSPEA (the same rule as internal/watchlist/ofac). Multi-country programs such
// as NPWMD and CYBER2 that also cover DPRK parties do not count.
func IsDPRKProgram(code string) bool {
	return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(code)), "DPRK")
}

// IsDPRK reports whether any of the entry's programs is a DPRK program (IsDPRKProgram).
func IsDPRK(e *Entry) bool {
	for _, p := range e.Programs {
		if IsDPRKProgram(p) {
			return true
		}
	}
	return false
}
