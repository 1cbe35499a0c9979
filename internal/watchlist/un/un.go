// Package un reads the UN Security Council consolidated sanctions list (the XML published at
// scsanctions.un.org, root CONSOLIDATED_LIST with INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY
// records) into flat entries that keep the list's reference number and the raw XML of each
// record. DPRK designations (resolution 1718 committee) carry UN_LIST_TYPE "DPRK" and
// reference numbers starting "KPi." (individuals) or "KPe." (entities).
package un

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

// Entry is one listed party.
// How this list fills watchlist.Entry:
//
//	ID         string   // REFERENCE_NUMBER, e.g. "KPi.033"
//	Name       string   // FIRST_NAME … FOURTH_NAME joined by single spaces
//	Aliases    []string // non-empty ALIAS_NAME values, then NAME_ORIGINAL_SCRIPT when given
//	Type       string   // "Individual" or "Entity"
//	Programs   []string // UN_LIST_TYPE, e.g. "DPRK", "DRC", "Al-Qaida"
//	Countries  []string // NATIONALITY values, then address countries; de-duplicated, as given
//	BirthDates []string // per INDIVIDUAL_DATE_OF_BIRTH: DATE ("1964-07-17"), YEAR ("1971") or "FROM-TO" years; then alias DATE_OF_BIRTH
//	Raw        []byte   // the record's XML element, <INDIVIDUAL>…</INDIVIDUAL> or <ENTITY>…</ENTITY>
type Entry = watchlist.Entry

type values struct {
	Values []string `xml:"VALUE"`
}

type alias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
	DOB     string `xml:"DATE_OF_BIRTH"`
}

type address struct {
	Country string `xml:"COUNTRY"`
}

type dob struct {
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type record struct {
	First       string    `xml:"FIRST_NAME"`
	Second      string    `xml:"SECOND_NAME"`
	Third       string    `xml:"THIRD_NAME"`
	Fourth      string    `xml:"FOURTH_NAME"`
	ListType    string    `xml:"UN_LIST_TYPE"`
	Ref         string    `xml:"REFERENCE_NUMBER"`
	Original    string    `xml:"NAME_ORIGINAL_SCRIPT"`
	Nationality []values  `xml:"NATIONALITY"`
	IndAlias    []alias   `xml:"INDIVIDUAL_ALIAS"`
	EntAlias    []alias   `xml:"ENTITY_ALIAS"`
	IndAddress  []address `xml:"INDIVIDUAL_ADDRESS"`
	EntAddress  []address `xml:"ENTITY_ADDRESS"`
	DOB         []dob     `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
}

// Read parses a whole UN consolidated list. Errors are *bonafide.InputError: malformed or
// truncated XML names the byte offset (Msg) and, when inside a record, the record's ordinal
// ("INDIVIDUAL #12") and reference number when already known; a document with no
// CONSOLIDATED_LIST root is an error too.
func Read(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &bonafide.InputError{File: "UN consolidated list", Msg: "reading", Err: err}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []Entry
	sawRoot := false
	depth := 0
	counts := map[string]int{}
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, inputErr(d.InputOffset(), "", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "CONSOLIDATED_LIST" {
					return nil, inputErr(start, "", fmt.Errorf("root element is %s, want CONSOLIDATED_LIST", t.Name.Local))
				}
				sawRoot = true
				continue
			}
			if depth != 3 || (t.Name.Local != "INDIVIDUAL" && t.Name.Local != "ENTITY") {
				continue
			}
			counts[t.Name.Local]++
			where := fmt.Sprintf("%s #%d", t.Name.Local, counts[t.Name.Local])
			var rec record
			if err := d.DecodeElement(&rec, &t); err != nil {
				return nil, inputErr(d.InputOffset(), where, err)
			}
			depth--
			end := d.InputOffset()
			e := toEntry(&rec, t.Name.Local)
			e.Raw = bytes.Clone(data[start:end])
			if e.ID == "" {
				return nil, inputErr(start, where, errors.New("no REFERENCE_NUMBER"))
			}
			out = append(out, e)
		case xml.EndElement:
			depth--
		}
	}
	if !sawRoot {
		return nil, inputErr(0, "", errors.New("no CONSOLIDATED_LIST element"))
	}
	return out, nil
}

func inputErr(off int64, rec string, err error) error {
	return &bonafide.InputError{File: "UN consolidated list", Record: rec,
		Msg: fmt.Sprintf("at byte offset %d", off), Err: err}
}

func toEntry(r *record, kind string) Entry {
	e := Entry{ID: strings.TrimSpace(r.Ref)}
	var parts []string
	for _, p := range []string{r.First, r.Second, r.Third, r.Fourth} {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			parts = append(parts, p)
		}
	}
	e.Name = strings.Join(parts, " ")
	aliases := r.IndAlias
	addrs := r.IndAddress
	e.Type = "Individual"
	if kind == "ENTITY" {
		e.Type = "Entity"
		aliases, addrs = r.EntAlias, r.EntAddress
	}
	for _, a := range aliases {
		e.Aliases = watchlist.AppendUnique(e.Aliases, a.Name)
	}
	e.Aliases = watchlist.AppendUnique(e.Aliases, r.Original)

	e.Programs = watchlist.AppendUnique(nil, r.ListType)
	for _, n := range r.Nationality {
		for _, v := range n.Values {
			e.Countries = watchlist.AppendUnique(e.Countries, v)
		}
	}
	for _, a := range addrs {
		e.Countries = watchlist.AppendUnique(e.Countries, a.Country)
	}
	for _, b := range r.DOB {
		switch {
		case strings.TrimSpace(b.Date) != "":
			e.BirthDates = watchlist.AppendUnique(e.BirthDates, b.Date)
		case strings.TrimSpace(b.Year) != "":
			e.BirthDates = watchlist.AppendUnique(e.BirthDates, b.Year)
		case strings.TrimSpace(b.FromYear) != "" || strings.TrimSpace(b.ToYear) != "":
			e.BirthDates = watchlist.AppendUnique(e.BirthDates, strings.TrimSpace(b.FromYear)+"-"+strings.TrimSpace(b.ToYear))
		}
	}
	// Birth dates given on an alias (DATE_OF_BIRTH inside INDIVIDUAL_ALIAS) follow the record's own.
	for _, a := range aliases {
		e.BirthDates = watchlist.AppendUnique(e.BirthDates, a.DOB)
	}
	return e
}

// IsDPRK reports whether the entry is a DPRK (1718 committee) designation: UN_LIST_TYPE "DPRK"
// or a reference number starting "KPi." or "KPe.".
func IsDPRK(e *Entry) bool {
	for _, p := range e.Programs {
		if strings.EqualFold(p, "DPRK") {
			return true
		}
	}
	return strings.HasPrefix(e.ID, "KPi.") || strings.HasPrefix(e.ID, "KPe.")
}
