package un

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func readReal(t *testing.T) []Entry {
	t.Helper()
	p := shareddata.Path(t, "sanctions/un/UN_consolidated.xml")
	f, err := os.Open(p)
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

// The data README states 730 individuals, 273 entities, 155 DPRK; the reader agrees.
func TestRealCounts(t *testing.T) {
	es := readReal(t)
	got := map[string]int{}
	for i := range es {
		e := &es[i]
		got[e.Type]++
		if IsDPRK(e) {
			got["DPRK "+e.Type]++
			byRef := strings.HasPrefix(e.ID, "KPi.") || strings.HasPrefix(e.ID, "KPe.")
			if !byRef || !reflect.DeepEqual(e.Programs, []string{"DPRK"}) {
				t.Errorf("%s: DPRK by programme %v and by reference %v disagree", e.ID, e.Programs, byRef)
			}
		}
		if !strings.HasPrefix(string(e.Raw), "<"+strings.ToUpper(e.Type)+">") || !strings.Contains(string(e.Raw), "<REFERENCE_NUMBER>"+e.ID) {
			t.Errorf("%s: raw record does not hold the element: %.60q", e.ID, e.Raw)
		}
	}
	want := map[string]int{"Individual": 730, "Entity": 273, "DPRK Individual": 80, "DPRK Entity": 75}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	if len(es) != 1003 {
		t.Errorf("%d entries, want 1003", len(es))
	}
}

func TestRealEntries(t *testing.T) {
	es := readReal(t)
	byID := map[string]*Entry{}
	for i := range es {
		byID[es[i].ID] = &es[i]
	}
	tests := []struct {
		id   string
		want Entry
	}{
		{"KPi.016", Entry{ID: "KPi.016", Name: "JANG BOM SU", Aliases: []string{"Jang Pom Su", "Jang Hyon U"},
			Type: "Individual", Programs: []string{"DPRK"}, Countries: []string{"Democratic People's Republic of Korea"},
			BirthDates: []string{"1957-04-15", "1958-02-22"}}},
		{"KPi.033", Entry{ID: "KPi.033", Name: "RI WON HO", Type: "Individual", Programs: []string{"DPRK"},
			Countries: []string{"Democratic People's Republic of Korea"}, BirthDates: []string{"1964-07-17"}}},
		{"KPe.001", Entry{ID: "KPe.001", Name: "KOREA MINING DEVELOPMENT TRADING CORPORATION",
			Aliases: []string{"CHANGGWANG SINYONG CORPORATION", "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
				"DPRKN MINING DEVELOPMENT TRADING COOPERATION", `"KOMID"`},
			Type: "Entity", Programs: []string{"DPRK"}}},
		{"CDi.001", Entry{ID: "CDi.001", Name: "ERIC BADEGE", Type: "Individual", Programs: []string{"DRC"},
			Countries: []string{"Democratic Republic of the Congo", "Rwanda"}, BirthDates: []string{"1971"}}},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			e := byID[tc.id]
			if e == nil {
				t.Fatalf("%s missing", tc.id)
			}
			got := *e
			got.Raw = nil
			// Countries of entities depend on address records; compare only fields set in want.
			if tc.want.Countries == nil && tc.want.Type == "Entity" {
				got.Countries = nil
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

const fixture = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST>
 <INDIVIDUALS>
  <INDIVIDUAL><FIRST_NAME>KIM</FIRST_NAME><SECOND_NAME> IL  SU </SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
   <REFERENCE_NUMBER>KPi.900</REFERENCE_NUMBER><NAME_ORIGINAL_SCRIPT>김일수</NAME_ORIGINAL_SCRIPT>
   <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Kim Il-Su</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  </INDIVIDUAL>
 </INDIVIDUALS>
 <ENTITIES>
  <ENTITY><FIRST_NAME>ACME</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.900</REFERENCE_NUMBER>
   <ENTITY_ADDRESS><COUNTRY>Syria</COUNTRY></ENTITY_ADDRESS></ENTITY>
 </ENTITIES>
</CONSOLIDATED_LIST>`

func TestFixture(t *testing.T) {
	es, err := Read(strings.NewReader(fixture))
	if err != nil {
		t.Fatal(err)
	}
	for i := range es {
		es[i].Raw = nil
	}
	want := []Entry{
		{ID: "KPi.900", Name: "KIM IL SU", Aliases: []string{"Kim Il-Su", "김일수"}, Type: "Individual",
			Programs: []string{"DPRK"}, BirthDates: []string{"1960-1962"}},
		{ID: "QDe.900", Name: "ACME", Type: "Entity", Programs: []string{"Al-Qaida"}, Countries: []string{"Syria"}},
	}
	if !reflect.DeepEqual(es, want) {
		t.Errorf("got  %+v\nwant %+v", es, want)
	}
	if !IsDPRK(&es[0]) || IsDPRK(&es[1]) {
		t.Error("IsDPRK wrong on fixture")
	}
}

func TestErrors(t *testing.T) {
	cut := strings.Index(fixture, "<INDIVIDUAL_DATE_OF_BIRTH>")
	tests := []struct {
		name, in, want string
	}{
		{"truncated in record", fixture[:cut], `record INDIVIDUAL #1: at byte offset `},
		{"truncated after record", fixture[:strings.Index(fixture, "<ENTITY>")], "at byte offset"},
		{"wrong root", `<LIST><INDIVIDUAL/></LIST>`, "root element is LIST"},
		{"empty", ``, "no CONSOLIDATED_LIST"},
		{"no reference", `<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`, "record INDIVIDUAL #1: at byte offset 32: no REFERENCE_NUMBER"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(fixture)
	f.Add(`<CONSOLIDATED_LIST><ENTITIES><ENTITY><REFERENCE_NUMBER>a</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>`)
	f.Add(`<CONSOLIDATED_LIST>`)
	f.Fuzz(func(t *testing.T, s string) {
		es, err := Read(strings.NewReader(s))
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			return
		}
		for _, e := range es {
			if e.ID == "" || len(e.Raw) == 0 || (e.Type != "Individual" && e.Type != "Entity") {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
