package eu

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func readSample(t *testing.T) []Entry {
	t.Helper()
	f, err := os.Open("testdata/eu_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestReadSample(t *testing.T) {
	es := readSample(t)
	want := []Entry{
		{ID: "900101", Name: "HAN Chol-Min", Aliases: []string{"Han Cholmin", "Chol Min Han"},
			Type: "Individual", Programs: []string{"PRK"}, Countries: []string{"KP", "CN"},
			BirthDates: []string{"1988-03-14", "1987"}},
		{ID: "900201", Name: "Korea Mining Development Trading Corporation", Aliases: []string{"KOMID"},
			Type: "Entity", Programs: []string{"PRK"}, Countries: []string{"KP"}},
		{ID: "900301", Name: "RI Je-son", Aliases: []string{"Ri Che-son"},
			Type: "Individual", Programs: []string{"PRK"}, Countries: []string{"KP"}},
		{ID: "900401", Name: "Nordlicht Example Trading GmbH",
			Type: "Entity", Programs: []string{"CYB"}, Countries: []string{"DE"}},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d entries, want %d", len(es), len(want))
	}
	for i := range want {
		got := es[i]
		raw := got.Raw
		got.Raw = nil
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, want[i])
		}
		if !bytes.HasPrefix(raw, []byte("<sanctionEntity ")) || !bytes.HasSuffix(raw, []byte("</sanctionEntity>")) {
			t.Errorf("entry %d raw = %q", i, raw)
		}
		if !bytes.Contains(raw, []byte(`logicalId="`+want[i].ID+`"`)) {
			t.Errorf("entry %d raw lacks its logicalId", i)
		}
	}
}

func TestIsDPRK(t *testing.T) {
	es := readSample(t)
	got := map[string]bool{}
	for i := range es {
		got[es[i].ID] = IsDPRK(&es[i])
	}
	want := map[string]bool{"900101": true, "900201": true, "900301": true, "900401": false}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("IsDPRK = %v, want %v", got, want)
	}
	if !IsDPRK(&Entry{Programs: []string{"CYB", "prk"}}) {
		t.Error("case-insensitive programme not matched")
	}
}

func TestReadErrors(t *testing.T) {
	ent := func(body string) string {
		return "<export>\n<sanctionEntity logicalId=\"7\">\n" + body + "\n</sanctionEntity>\n</export>"
	}
	tests := []struct {
		name, in     string
		line         int
		record, fld  string
		msgSubstring string
	}{
		{"empty", "", 0, "", "", "no export"},
		{"wrong root", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>", 2, "", "CONSOLIDATED_LIST", "want export"},
		{"no logicalId", "<export>\n <sanctionEntity>\n<nameAlias wholeName=\"X\"/></sanctionEntity></export>", 2,
			"sanctionEntity #1", "logicalId", "missing"},
		{"no name", ent(`<nameAlias wholeName="  " firstName=""/>`), 2, "sanctionEntity #1 logicalId 7", "nameAlias", "no name"},
		{"truncated", "<export>\n<sanctionEntity logicalId=\"7\">\n<nameAlias wholeName=\"X\"/>", 3,
			"sanctionEntity #1 logicalId 7", "", "malformed XML"},
		{"bad xml", "<export>\n<a></b>\n</export>", 2, "", "", "malformed XML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if ie.File != File || ie.Line != tc.line || ie.Record != tc.record || ie.Field != tc.fld ||
				!strings.Contains(ie.Error(), tc.msgSubstring) {
				t.Errorf("got %+v (%v), want line %d record %q field %q msg ~%q",
					ie, err, tc.line, tc.record, tc.fld, tc.msgSubstring)
			}
		})
	}
}

func TestReadEmptyList(t *testing.T) {
	es, err := Read(strings.NewReader(`<export generationDate="x"></export>`))
	if err != nil || len(es) != 0 {
		t.Fatalf("got %v, %v; want no entries and no error", es, err)
	}
}

func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/eu_sample.xml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<export><sanctionEntity logicalId="1"><nameAlias wholeName="A"/></sanctionEntity></export>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := Read(bytes.NewReader(b))
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
