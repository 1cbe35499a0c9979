package ofaclegacy

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func counts(es []Entry) map[string]int {
	got := map[string]int{"total": len(es)}
	for i := range es {
		got[es[i].Type]++
		if IsDPRK(&es[i]) {
			got["DPRK entries"]++
		}
		for _, p := range es[i].Programs {
			if IsDPRKProgram(p) {
				got["programme "+p]++
			}
		}
	}
	return got
}

// sdn.csv has 8,976 records; the data README's "8,977 rows" counts the trailing DOS EOF byte
// (0x1A) as a line.
func TestRealSDN(t *testing.T) {
	dir := filepath.Dir(shareddata.Path(t, "sanctions/ofac-legacy/sdn.csv"))
	es, err := ReadSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := counts(es)
	// Entries per DPRK programme overlap (e.g. "NPWMD] [DPRK2", "DPRK2] [DPRK3"); 414 entries
	// are under at least one.
	want2 := map[string]int{"total": 8976, "Individual": 4620, "Entity": 3673, "Vessel": 406, "Aircraft": 277,
		"DPRK entries": 414, "programme DPRK": 50, "programme DPRK2": 87, "programme DPRK3": 122,
		"programme DPRK4": 160, "programme DPRK-NKSPEA": 2}
	if !reflect.DeepEqual(got, want2) {
		t.Errorf("counts %v, want %v", got, want2)
	}

	byID := map[string]*Entry{}
	for i := range es {
		byID[es[i].ID] = &es[i]
	}
	tests := []Entry{
		{ID: "12211", Name: "KIM, Yong Chol", Aliases: []string{"KIM, Yong-Chol", "KIM, Young-Chol", "KIM, Young-Cheol", "KIM, Young-Chul"},
			Type: "Individual", Programs: []string{"DPRK"}, BirthDates: []string{"circa 1947", "circa 1946"}},
		{ID: "15771", Name: "O, Kuk-Ryol", Aliases: []string{"O, Ku'k-ryo'l"}, Type: "Individual", Programs: []string{"NPWMD", "DPRK2"},
			Countries: []string{"Korea, North"}, BirthDates: []string{"07 Jan 1930"}},
		{ID: "27307", Name: "LAZARUS GROUP", Aliases: []string{"HIDDEN COBRA", "OFFICE 91", "GUARDIANS OF PEACE",
			"THE NEW ROMANTIC CYBER ARMY TEAM", "WHOIS HACKING TEAM", "RED DOT", "TEMP.HERMIT", "GROUP 77", "ZINC",
			"APT-C-26", "APPLEWORM"},
			Type: "Entity", Programs: []string{"DPRK3"}, Countries: []string{"Korea, North"}},
	}
	for _, want := range tests {
		t.Run(want.ID, func(t *testing.T) {
			e := byID[want.ID]
			if e == nil {
				t.Fatalf("%s missing", want.ID)
			}
			got := *e
			if !strings.HasPrefix(string(got.Raw), want.ID+`,"`) || strings.HasSuffix(string(got.Raw), "\n") {
				t.Errorf("raw %q", got.Raw)
			}
			got.Raw = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestRealConsolidated(t *testing.T) {
	dir := filepath.Dir(shareddata.Path(t, "sanctions/ofac-legacy/consolidated/cons_prim.csv"))
	es, err := ReadFiles(dir, ConsolidatedFiles)
	if err != nil {
		t.Fatal(err)
	}
	got := counts(es)
	want := map[string]int{"total": 442, "Individual": 79, "Entity": 363}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts %v, want %v (no DPRK programme in the consolidated non-SDN list)", got, want)
	}
	e := es[0]
	e.Raw = nil
	wantE := Entry{ID: "9639", Name: "HANIYA, Ismail Abdul Salah", Aliases: []string{"HANIYA, Ismail", "HANIYYA, Ismaeel"},
		Type: "Individual", Programs: []string{"NS-PLC"}, BirthDates: []string{"1962"}}
	if !reflect.DeepEqual(e, wantE) {
		t.Errorf("got  %#v\nwant %#v", e, wantE)
	}
}

const primFixture = "1,\"KIM, Chol\",\"individual\",\"DPRK3] [CYBER2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 01 Jan 1980; alt. DOB 1981; nationality Korea, North; a.k.a. 'CHOL'.\"\r\n" +
	"2,\"ACME \"\"TRADING\"\"\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a"

func writeSet(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFixture(t *testing.T) {
	dir := writeSet(t, map[string]string{
		"sdn.csv":          primFixture,
		"alt.csv":          "1,10,\"aka\",\"KIM, Cheol\",-0- \r\n",
		"add.csv":          "1,20,-0- ,\"Shenyang\",\"China\",-0- \r\n2,21,-0- ,-0- ,-0- ,-0- \r\n",
		"sdn_comments.csv": "99,\"continued.\"\r\n",
	})
	es, err := ReadSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(es[1].Raw) != `2,"ACME ""TRADING""",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` {
		t.Errorf("raw %q", es[1].Raw)
	}
	for i := range es {
		es[i].Raw = nil
	}
	want := []Entry{
		{ID: "1", Name: "KIM, Chol", Aliases: []string{"CHOL", "KIM, Cheol"}, Type: "Individual", Programs: []string{"DPRK3", "CYBER2"},
			Countries: []string{"Korea, North", "China"}, BirthDates: []string{"01 Jan 1980", "1981"}},
		{ID: "2", Name: `ACME "TRADING"`, Type: "Entity", Programs: []string{"SDGT"}},
	}
	if !reflect.DeepEqual(es, want) {
		t.Errorf("got  %#v\nwant %#v", es, want)
	}
	if !IsDPRK(&es[0]) || IsDPRK(&es[1]) {
		t.Error("IsDPRK wrong")
	}
}

func TestErrors(t *testing.T) {
	good := map[string]string{"sdn.csv": primFixture, "alt.csv": "", "add.csv": "", "sdn_comments.csv": ""}
	tests := []struct {
		name, file, content, want string
	}{
		{"alt wrong field count", "alt.csv", "1,10,\"aka\",\"X\",-0- \r\n1,11,\"aka\",\"Y\"\r\n", `alt.csv:2: wrong number of fields`},
		{"primary wrong field count", "sdn.csv", "1,\"A\",-0- \r\n", `sdn.csv:1: wrong number of fields`},
		{"bad quote", "add.csv", "1,20,\"a\"b,-0- ,-0- ,-0- \r\n", `add.csv:1: malformed CSV`},
		{"unknown ent_num", "alt.csv", "1,10,\"aka\",\"X\",-0- \r\n7,11,\"aka\",\"Y\",-0- \r\n", `alt.csv:2 field "ent_num": ent_num "7" is not in sdn.csv`},
		{"unknown type", "sdn.csv", "1,\"A\",\"ship\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", `sdn.csv:1 record 1 field "type": unknown type "ship"`},
		{"duplicate", "sdn.csv", primFixture[:strings.Index(primFixture, "\r\n")+2] + primFixture, `sdn.csv:2 record 1 field "ent_num": duplicate ent_num`},
		{"empty ent_num", "sdn.csv", "-0- ,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", `sdn.csv:1 field "ent_num": empty ent_num`},
		{"comments shape", "sdn_comments.csv", "1\r\n", `sdn_comments.csv:1: wrong number of fields`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range good {
				files[k] = v
			}
			files[tc.file] = tc.content
			_, err := ReadSet(writeSet(t, files))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if ie.File != tc.file || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := ReadSet(t.TempDir()); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing files: err = %v, want ErrNotExist", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(primFixture)
	f.Add("1,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. ''; DOB ; nationality \"\r\n")
	f.Add("\x1a")
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
			if e.ID == "" || e.Name == "" || len(e.Raw) == 0 {
				t.Fatalf("bad entry %#v", e)
			}
		}
	})
}
