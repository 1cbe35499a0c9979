package uk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func readFile(t *testing.T, path string, read func(r io.Reader) ([]Entry, error)) []Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := read(f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func stripRaw(es []Entry) ([]Entry, [][]byte) {
	out := make([]Entry, len(es))
	raws := make([][]byte, len(es))
	for i, e := range es {
		raws[i] = e.Raw
		e.Raw = nil
		out[i] = e
	}
	return out, raws
}

const dprk = DPRKRegime

func TestReadOFSI(t *testing.T) {
	es := readFile(t, "testdata/ConList_sample.csv", ReadOFSI)
	got, raws := stripRaw(es)
	want := []Entry{
		{ID: "90001", Name: "Chol Min HAN", Aliases: []string{"Cholmin HAN", "한철민"}, Type: "Individual",
			Programs: []string{dprk}, Countries: []string{"North Korean", "North Korea", "China"},
			BirthDates: []string{"1988-03-14", "1987"}},
		{ID: "90002", Name: "KOREA MINING DEVELOPMENT TRADING CORPORATION", Aliases: []string{"KOMID"},
			Type: "Entity", Programs: []string{dprk}, Countries: []string{"North Korea"}},
		{ID: "90003", Name: "EXAMPLE CHRONICLE SHIPPING LIMITED", Aliases: []string{"EXAMPLE CHRONICLE SHIPPING LTD"},
			Type: "Entity", Programs: []string{"Cyber"}},
		{ID: "90004", Name: "Je-son RI", Type: "Individual", Programs: []string{"Democratic People’s Republic of Korea"},
			Countries: []string{"North Korean"}, BirthDates: []string{"1947-06"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadOFSI:\n got %+v\nwant %+v", got, want)
	}
	// Raw is the header plus the party's rows, re-readable as CSV.
	rows, err := csv.NewReader(bytes.NewReader(raws[1])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Name 6" || rows[1][0] != "KOREA MINING DEVELOPMENT TRADING CORPORATION" || rows[2][0] != "KOMID" {
		t.Errorf("raw rows = %q", rows)
	}
	wantDPRK := []bool{true, true, false, true}
	for i := range es {
		if IsDPRK(&es[i]) != wantDPRK[i] {
			t.Errorf("IsDPRK(%s) = %v", es[i].ID, !wantDPRK[i])
		}
	}
}

func TestReadUKSL(t *testing.T) {
	got, _ := stripRaw(readFile(t, "testdata/UKSL_sample.csv", ReadUKSL))
	want := []Entry{
		{ID: "DPR9001", Name: "Chol Min HAN", Aliases: []string{"Cholmin HAN", "한철민"}, Type: "Individual",
			Programs: []string{dprk}, Countries: []string{"North Korea", "China"}, BirthDates: []string{"1988-03-14"}},
		{ID: "DPR9002", Name: "KOREA MINING DEVELOPMENT TRADING CORPORATION", Aliases: []string{"KOMID"},
			Type: "Entity", Programs: []string{dprk}, Countries: []string{"North Korea"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadUKSL:\n got %+v\nwant %+v", got, want)
	}
}

func TestISODOB(t *testing.T) {
	for in, want := range map[string]string{
		"14/03/1988": "1988-03-14", "00/06/1947": "1947-06", "00/00/1964": "1964",
		"00/00/0000": "00/00/0000", "circa 1960": "circa 1960", "": "",
	} {
		if got := isoDOB(in); got != want {
			t.Errorf("isoDOB(%q) = %q, want %q", in, got, want)
		}
	}
}

const hdr = "Name 6,Name 1,Group Type,Regime,Group ID\n"

func TestReadOFSIErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		record   string
		field    string
		msg      string
	}{
		{"empty", "", 0, "", "", "no header row"},
		{"only preamble", "Last Updated,01/01/2026\n", 0, "", "", "no header row"},
		{"missing column", "Last Updated,01/01/2026\nName 6,Name 1,Group Type,Regime\n", 2, "", "Group ID", "no such column"},
		{"empty group id", hdr + "KIM,Il,Individual,X,1\nKIM,Jong,Individual,X,\n", 3, "", "Group ID", "empty"},
		{"no name", hdr + ",,Entity,X,7\n", 2, "7", "Name 6", "no name"},
		{"bad quote", hdr + "KIM,Il,Individual,X,1\nK\"M,Il,Individual,X,1\n", 3, "", "", "malformed CSV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadOFSI(strings.NewReader(tc.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if ie.File != FileOFSI || ie.Line != tc.line || ie.Record != tc.record || ie.Field != tc.field ||
				!strings.Contains(ie.Error(), tc.msg) {
				t.Errorf("got %+v (%v), want line %d record %q field %q msg ~%q", ie, err, tc.line, tc.record, tc.field, tc.msg)
			}
		})
	}
	_, err := ReadUKSL(strings.NewReader("Report Date: x\nName 6,Regime Name,Designation Type\n"))
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.File != FileUKSL || ie.Field != "Unique ID" || ie.Line != 2 {
		t.Errorf("ReadUKSL missing Unique ID: %v", err)
	}
}

func TestReadOFSIBOMAndBlankLines(t *testing.T) {
	es, err := ReadOFSI(strings.NewReader("\uFEFFLast Updated,01/01/2026\n\n" + hdr + "\nKIM,Il,Individual,X,1\n"))
	if err != nil || len(es) != 1 || es[0].Name != "Il KIM" || es[0].ID != "1" {
		t.Fatalf("got %+v, %v", es, err)
	}
	// Header with a BOM and no preamble.
	es, err = ReadOFSI(strings.NewReader("\uFEFF" + hdr + "KIM,Il,Individual,X,1\n"))
	if err != nil || len(es) != 1 {
		t.Fatalf("BOM header: got %+v, %v", es, err)
	}
}

func fuzzReader(f *testing.F, read func(r io.Reader) ([]Entry, error), seeds ...string) {
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(hdr + "KIM,Il,Individual,X,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := read(bytes.NewReader(b))
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v is not an *InputError", err, err)
			}
			return
		}
		for _, e := range es {
			if e.ID == "" || e.Name == "" || len(e.Raw) == 0 {
				t.Fatalf("entry without ID, Name or Raw: %+v", e)
			}
		}
	})
}

func FuzzReadOFSI(f *testing.F) { fuzzReader(f, ReadOFSI, "testdata/ConList_sample.csv") }

func FuzzReadUKSL(f *testing.F) { fuzzReader(f, ReadUKSL, "testdata/UKSL_sample.csv") }
