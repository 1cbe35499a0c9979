// Package eu reads the European Union consolidated list of persons, groups and entities subject
// to EU financial sanctions, in the Financial Sanctions Database ("FSD") XML export published by
// the European Commission: root element export, one sanctionEntity element per listed party,
// with attributes logicalId and euReferenceNumber, and children regulation (attribute programme,
// e.g. "PRK" for the DPRK regime), subjectType (code "person" or "enterprise"), nameAlias
// (wholeName, firstName, middleName, lastName, function, strong), birthdate (birthdate, year),
// citizenship and address (countryIso2Code). Each record is flattened into an Entry that keeps
// the list's logical ID and the record's raw XML.
package eu

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"io"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// File is the File of the *bonafide.InputError values this package returns.
const File = "EU consolidated list"

// Entry is one listed party.
// How this list fills watchlist.Entry:
//
//	ID         string   // sanctionEntity logicalId, e.g. "13"
//	Name       string   // the first nameAlias's wholeName (or first, middle and last name joined)
//	Aliases    []string // every other distinct nameAlias name, in document order, weak ones included
//	Type       string   // "Individual" (subjectType person), "Entity" (enterprise), else the code as given
//	Programs   []string // regulation programme values, de-duplicated, e.g. "PRK"
//	Countries  []string // ISO 3166 alpha-2: citizenship, then birth, then address countries; "00" (unknown) dropped
//	BirthDates []string // birthdate "1960-01-01" when given, else year "1960"; de-duplicated
//	Raw        []byte   // the record's XML element, <sanctionEntity …>…</sanctionEntity>
type Entry = watchlist.Entry

type regulation struct {
	Programme string `xml:"programme,attr"`
}

type subjectType struct {
	Code string `xml:"code,attr"`
}

type nameAlias struct {
	WholeName  string `xml:"wholeName,attr"`
	FirstName  string `xml:"firstName,attr"`
	MiddleName string `xml:"middleName,attr"`
	LastName   string `xml:"lastName,attr"`
	Function   string `xml:"function,attr"`
	Strong     string `xml:"strong,attr"`
}

type country struct {
	ISO2 string `xml:"countryIso2Code,attr"`
}

type birthdate struct {
	Date string `xml:"birthdate,attr"`
	Year string `xml:"year,attr"`
	ISO2 string `xml:"countryIso2Code,attr"`
}

type record struct {
	LogicalID   string       `xml:"logicalId,attr"`
	Regulations []regulation `xml:"regulation"`
	SubjectType subjectType  `xml:"subjectType"`
	Names       []nameAlias  `xml:"nameAlias"`
	Citizenship []country    `xml:"citizenship"`
	Birthdates  []birthdate  `xml:"birthdate"`
	Addresses   []country    `xml:"address"`
}

// Read parses a whole EU consolidated list. Errors are *bonafide.InputError with the 1-based
// Line where the problem was found: malformed or truncated XML; a root element other than
// export (or none); a sanctionEntity without logicalId (Field "logicalId") or without any
// name (Field "nameAlias"). Record names the entity's ordinal ("sanctionEntity #3") and its
// logicalId when known.
func Read(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &bonafide.InputError{File: File, Msg: "reading", Err: err}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []Entry
	sawRoot := false
	depth, n := 0, 0
	for {
		start := d.InputOffset()
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l, _ := d.InputPos()
			return nil, &bonafide.InputError{File: File, Line: l, Msg: "malformed XML", Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "export" {
					return nil, &bonafide.InputError{File: File, Line: line, Field: t.Name.Local,
						Msg: "root element is " + t.Name.Local + ", want export"}
				}
				sawRoot = true
				continue
			}
			if depth != 2 || t.Name.Local != "sanctionEntity" {
				continue
			}
			n++
			where := fmt.Sprintf("sanctionEntity #%d", n)
			if id := attr(t, "logicalId"); id != "" {
				where += " logicalId " + id
			}
			var rec record
			if err := d.DecodeElement(&rec, &t); err != nil {
				l, _ := d.InputPos()
				return nil, &bonafide.InputError{File: File, Line: l, Record: where, Msg: "malformed XML", Err: err}
			}
			depth--
			e := toEntry(&rec)
			e.Raw = bytes.Clone(data[start:d.InputOffset()])
			// The token's line is where its "<" is; start may include leading whitespace.
			sl := line + bytes.Count(data[start:start+int64(leadingSpace(data[start:]))], []byte("\n"))
			if e.ID == "" {
				return nil, &bonafide.InputError{File: File, Line: sl, Record: where, Field: "logicalId", Msg: "missing"}
			}
			if e.Name == "" {
				return nil, &bonafide.InputError{File: File, Line: sl, Record: where, Field: "nameAlias", Msg: "no name"}
			}
			e.Raw = bytes.TrimLeft(e.Raw, " \t\r\n")
			out = append(out, e)
		case xml.EndElement:
			depth--
		}
	}
	if !sawRoot {
		return nil, &bonafide.InputError{File: File, Msg: "no export element", Err: errors.New("empty document")}
	}
	return out, nil
}

func leadingSpace(b []byte) int {
	return len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func toEntry(r *record) Entry {
	e := Entry{ID: strings.TrimSpace(r.LogicalID)}
	for _, a := range r.Names {
		name := a.WholeName
		if clean(name) == "" {
			name = a.FirstName + " " + a.MiddleName + " " + a.LastName
		}
		name = clean(name)
		if name == "" {
			continue
		}
		if e.Name == "" {
			e.Name = name
			continue
		}
		if name != e.Name {
			e.Aliases = watchlist.AppendUnique(e.Aliases, name)
		}
	}
	switch c := clean(r.SubjectType.Code); c {
	case "person":
		e.Type = "Individual"
	case "enterprise":
		e.Type = "Entity"
	default:
		e.Type = c
	}
	for _, g := range r.Regulations {
		e.Programs = watchlist.AppendUnique(e.Programs, g.Programme)
	}
	for _, c := range r.Citizenship {
		e.Countries = addCountry(e.Countries, c.ISO2)
	}
	for _, b := range r.Birthdates {
		e.Countries = addCountry(e.Countries, b.ISO2)
		switch {
		case clean(b.Date) != "":
			e.BirthDates = watchlist.AppendUnique(e.BirthDates, b.Date)
		case clean(b.Year) != "":
			e.BirthDates = watchlist.AppendUnique(e.BirthDates, b.Year)
		}
	}
	for _, c := range r.Addresses {
		e.Countries = addCountry(e.Countries, c.ISO2)
	}
	return e
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func addCountry(list []string, c string) []string {
	c = strings.ToUpper(clean(c))
	if c == "00" {
		return list
	}
	return watchlist.AppendUnique(list, c)
}

// IsDPRK reports whether the entry is listed under the EU's DPRK regime (Council Regulation
// (EU) 2017/1509), whose regulation programme code is "PRK".
func IsDPRK(e *Entry) bool {
	for _, p := range e.Programs {
		if strings.EqualFold(p, "PRK") {
			return true
		}
	}
	return false
}
