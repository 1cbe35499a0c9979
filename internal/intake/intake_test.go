package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestLoadFolder(t *testing.T) {
	root := filepath.Join("testdata", "batch")
	var progress []string
	people, notes, err := Load(context.Background(), []string{root}, func(path string, n int) {
		progress = append(progress, fmt.Sprintf("%s %d", filepath.ToSlash(path), n))
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	if want := []string{"A-1001", "A-1002", "A-1003", "A-1042", "candidates.json#2", "A-1050"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	wantNotes := []string{
		"skipped " + filepath.Join(root, "README.md") + ": not an input format",
		"skipped " + filepath.Join(root, "answers.json") + `: JSON but not a JSON Resume (no "basics" or "bonafide")`,
		"skipped " + filepath.Join(root, "notes.txt") + ": not an input format",
	}
	if !reflect.DeepEqual(notes, wantNotes) {
		t.Errorf("notes =\n%q\nwant\n%q", notes, wantNotes)
	}
	wantProgress := []string{
		"testdata/batch/README.md 0", "testdata/batch/answers.json 0", "testdata/batch/applicants.csv 3",
		"testdata/batch/candidates.json 5", "testdata/batch/employment.csv 5", "testdata/batch/notes.txt 5",
		"testdata/batch/references.csv 5", "testdata/batch/resumes/a-1001.txt 5", "testdata/batch/resumes/a-1002.txt 5",
		"testdata/batch/sub/more.jsonl 6",
	}
	if !reflect.DeepEqual(progress, wantProgress) {
		t.Errorf("progress =\n%q\nwant\n%q", progress, wantProgress)
	}

	byID := make(map[string]*bonafide.Person)
	for _, p := range people {
		byID[p.ID] = p
	}
	refNames := func(id string) []string {
		var out []string
		for _, r := range byID[id].References {
			out = append(out, r.Name)
		}
		return out
	}
	for id, want := range map[string][]string{"A-1001": {"Jan Kowalski"}, "A-1002": {"Ana Costa"}, "A-1042": {"Rui Santos"}, "A-1003": nil} {
		if got := refNames(id); !reflect.DeepEqual(got, want) {
			t.Errorf("%s references = %q, want %q", id, got, want)
		}
	}
	orgs := func(id string) []string {
		var out []string
		for _, c := range byID[id].Claims {
			out = append(out, string(c.Kind)+":"+c.Org)
		}
		return out
	}
	for id, want := range map[string][]string{
		"A-1001": {"employment:Nordwind GmbH", "employment:Kontor Digital"},
		"A-1003": {"employment:Thames Cloud Ltd"},
		"A-1042": {"employment:Roma Digitale"},
	} {
		if got := orgs(id); !reflect.DeepEqual(got, want) {
			t.Errorf("%s claims = %q, want %q", id, got, want)
		}
	}
	jana := byID["A-1001"]
	if jana.Documents["resume"] != "Jana Novak\nSenior backend developer, eight years of Go." {
		t.Errorf("A-1001 resume = %q", jana.Documents["resume"])
	}
	if jana.Application == nil || jana.Application.UserAgent != "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" {
		t.Errorf("A-1001 application = %+v", jana.Application)
	}
	if p := byID["A-1050"]; p.Role != bonafide.RoleEmployee || p.Source != filepath.Join(root, "sub", "more.jsonl") || p.Line != 1 {
		t.Errorf("A-1050 = role %s source %s line %d", p.Role, p.Source, p.Line)
	}
	if p := byID["A-1003"]; p.Source != filepath.Join(root, "applicants.csv") || p.Line != 4 || p.SourceID != "A-1003" {
		t.Errorf("A-1003 = source %s line %d source id %s", p.Source, p.Line, p.SourceID)
	}
}

// normalised checks the values only internal/normalize fills: the batch is normalised.
func TestLoadNormalises(t *testing.T) {
	people, _, err := Load(context.Background(), []string{filepath.Join("testdata", "batch")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]bool{}
	countries := map[string]string{}
	for _, p := range people {
		countries[p.ID] = p.Country
		for _, id := range p.Identifiers {
			values[string(id.Kind)+"/"+string(id.Purpose)+" "+id.Value] = true
		}
		for _, r := range p.References {
			for _, id := range r.Identifiers {
				values["ref "+string(id.Kind)+" "+id.Value] = true
			}
		}
	}
	if countries["A-1002"] != "PT" || countries["A-1001"] != "DE" || countries["A-1042"] != "IT" {
		t.Errorf("countries = %v", countries)
	}
	for _, want := range []string{
		"email/contact jana.novak@example.de",
		"phone/contact +493012345678", // national number read in the claimed country
		"phone/contact +351912345678", // claimed country given as a name
		"iban/payout DE89370400440532013000",
		"iban/payout GB82WEST12345698765432", // from the JSON Resume, spaced
		"url/profile github:janovak",         // bare handle in the github column
		"url/profile github:tferreira",
		"url/profile github:mrossi-dev", // JSON Resume profile username
		"url/profile linkedin:jana-novak-dev",
		"ip/application 198.51.100.23",
		"device/application fp-9c1e77",
		"ref phone +49307654321", // reference phone read in the applicant's country
		"ref phone +351913000111",
	} {
		if !values[want] {
			t.Errorf("no identifier %q after normalisation", want)
		}
	}
	if t.Failed() {
		t.Logf("have %v", values)
	}
}

func TestLoadFilesGivenTwice(t *testing.T) {
	root := filepath.Join("testdata", "batch")
	people, _, err := Load(context.Background(), []string{
		filepath.Join(root, "applicants.csv"), root, filepath.Join(root, "applicants.csv"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 6 || people[0].ID != "A-1001" {
		t.Errorf("%d people, first %s; want 6, A-1001", len(people), people[0].ID)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		line  int
		field string
		file  string // the file the error names, relative to the folder
		msg   []string
		named bool // load the file by name rather than its folder
	}{
		{
			name: "duplicate id across files",
			files: map[string]string{
				"a.csv":  "id,name\nA-1,Ann Lee\n",
				"b.json": `{"basics":{"name":"Ann Lee"},"bonafide":{"id":"A-1"}}`,
			},
			file: "b.json", field: "bonafide.id",
			msg: []string{`duplicate id "A-1": also at `, "a.csv line 2", "give it a bonafide.id"},
		},
		{
			name: "duplicate id across CSV files",
			files: map[string]string{
				"a.csv": "id,name\nA-1,Ann Lee\n",
				"b.csv": "id,name\nA-2,Bo Li\nA-1,Cy Ng\n",
			},
			file: "b.csv", line: 3, field: "id",
			msg: []string{`duplicate id "A-1": also at `, "a.csv line 2"},
		},
		{
			name: "same default id from two folders",
			files: map[string]string{
				"x/resume.json": `{"basics":{"name":"Ann Lee"}}`,
				"y/resume.json": `{"basics":{"name":"Bo Li"}}`,
			},
			file: "y/resume.json", field: "bonafide.id",
			msg: []string{`duplicate id "resume.json#1"`, "record 1"},
		},
		{
			name: "reference to unknown applicant",
			files: map[string]string{
				"applicants.csv": "id,name\nA-1,Ann Lee\n",
				"refs.csv":       "applicant_id,reference_name\nA-1,Jan\nA-9,Eve\n",
			},
			file: "refs.csv", line: 3, field: "applicant_id",
			msg: []string{`no applicant with id "A-9" in this batch`},
		},
		{
			name: "employment for unknown applicant",
			files: map[string]string{
				"jobs.csv": "applicant_id,employer\nA-1,Acme\n",
			},
			file: "jobs.csv", line: 2, field: "applicant_id",
			msg: []string{`no applicant with id "A-1"`},
		},
		{
			name:  "unrecognised CSV header, file named",
			named: true,
			files: map[string]string{"people.csv": "person_id,full_name\n1,Ann\n"},
			file:  "people.csv", line: 1,
			msg: []string{"applicants file needs id and name (lacks id, name)"},
		},
		{
			name:  "CSV starting with a bracket, file named",
			named: true,
			files: map[string]string{"x.csv": "[id],name\n1,Ann\n"},
			file:  "x.csv", line: 1,
			msg: []string{"lacks id"},
		},
		{
			name:  "malformed .json",
			files: map[string]string{"x.json": "{\"basics\": {\"name\": \"Ann\"\n"},
			file:  "x.json", line: 2,
			msg: []string{"record 1", "unexpected end of input"},
		},
		{
			name:  "not JSON in .json",
			files: map[string]string{"x.json": "name: Ann\n"},
			file:  "x.json", line: 1,
			msg: []string{"malformed JSON at byte offset 1", "in literal null"},
		},
		{
			name:  "empty .csv",
			files: map[string]string{"x.csv": ""},
			file:  "x.csv",
			msg:   []string{"empty file"},
		},
		{
			name:  "error in a later file",
			files: map[string]string{"a.csv": "id,name\nA-1,Ann\n", "b.csv": "id,name,emali\nA-2,Bo,b@example.com\n"},
			file:  "b.csv", line: 1, field: "emali",
			msg: []string{`unknown column "emali"`, `did you mean "email"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tc.files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			in := dir
			if tc.named {
				in = filepath.Join(dir, filepath.FromSlash(tc.file))
			}
			people, notes, err := Load(context.Background(), []string{in}, nil)
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %d people, notes %q, err %v; want an *InputError", len(people), notes, err)
			}
			if people != nil || notes != nil {
				t.Errorf("partial result with error: %d people, notes %q", len(people), notes)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tc.file)); ie.File != want || ie.Line != tc.line || ie.Field != tc.field {
				t.Errorf("error at %s:%d field %q; want %s:%d field %q (%v)", ie.File, ie.Line, ie.Field, want, tc.line, tc.field, err)
			}
			for _, s := range tc.msg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

func TestLoadSkips(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"README.md":     "[![build](https://example.com/badge.svg)](https://example.com)\n# Data\n",
		"photo.png":     "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"empty.txt":     "",
		"list.txt":      "id,email\n1,a@example.com\n",
		"people.tsv":    "id\tname\nT-1\tAnn Lee\n",
		"data.jsonl":    "{\"basics\":{\"name\":\"Bo Li\"}}\n",
		"settings.json": `{"theme": "dark"}`,
		".hidden.csv":   "broken",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	people, notes, err := Load(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 || people[0].ID != "data.jsonl#1" || people[1].ID != "T-1" {
		t.Errorf("people = %+v", people)
	}
	want := []string{
		"skipped " + filepath.Join(dir, "README.md") + ": not an input format",
		"skipped " + filepath.Join(dir, "empty.txt") + ": empty file",
		"skipped " + filepath.Join(dir, "list.txt") + ": not an input format",
		"skipped " + filepath.Join(dir, "photo.png") + ": not an input format",
		"skipped " + filepath.Join(dir, "settings.json") + `: JSON but not a JSON Resume (no "basics" or "bonafide")`,
	}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes =\n%q\nwant\n%q", notes, want)
	}
}

func TestLoadPaths(t *testing.T) {
	if _, _, err := Load(context.Background(), nil, nil); bonafide.KindOf(err) != bonafide.Invalid {
		t.Errorf("no paths: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "nope.csv")
	_, _, err := Load(context.Background(), []string{missing}, nil)
	if bonafide.KindOf(err) != bonafide.NotFound || !strings.Contains(err.Error(), missing+": no such file") {
		t.Errorf("missing file: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Load(ctx, []string{filepath.Join("testdata", "batch")}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestLoadReader(t *testing.T) {
	csvIn := "id,name,email\nA-1,Ann Lee,ann@example.com\n"
	jsonIn := `[{"basics":{"name":"Bo Li"}},{"basics":{"name":"Cy Ng"},"bonafide":{"id":"C-3"}}]`
	tests := []struct {
		format, in string
		ids        []string
		err        string
	}{
		{"csv", csvIn, []string{"A-1"}, ""},
		{"CSV", csvIn, []string{"A-1"}, ""},
		{"json", jsonIn, []string{"stdin#1", "C-3"}, ""},
		{"ndjson", `{"basics":{"name":"Bo Li"}}` + "\n", []string{"stdin#1"}, ""},
		{"", jsonIn, []string{"stdin#1", "C-3"}, ""},
		{"auto", "\xEF\xBB\xBF" + csvIn, []string{"A-1"}, ""},
		{"xml", csvIn, nil, `stdin field "format": unknown format "xml"; want csv or json`},
		{"csv", "applicant_id,reference_name\nA-1,Jan\n", nil, "a references file names applicants by applicant_id"},
		{"csv", "id,name,resume_text\nA-1,Ann,@cv.txt\n", nil, "not read from a folder"},
		{"csv", "id,name\nA-1,Ann\nA-1,Bo\n", nil, `duplicate id "A-1"`},
		{"json", csvIn, nil, "malformed JSON"},
		{"json", `{"a":1}`, nil, "not a JSON Resume"},
	}
	for _, tc := range tests {
		t.Run(tc.format+" "+tc.in[:min(len(tc.in), 20)], func(t *testing.T) {
			people, err := LoadReader(context.Background(), "stdin", tc.format, strings.NewReader(tc.in))
			if tc.err != "" {
				var ie *bonafide.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.err) || people != nil {
					t.Fatalf("got %v; want an InputError containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, p := range people {
				ids = append(ids, p.ID)
			}
			if !reflect.DeepEqual(ids, tc.ids) {
				t.Errorf("ids = %q, want %q", ids, tc.ids)
			}
		})
	}
}

func FuzzLoadReader(f *testing.F) {
	f.Add([]byte("id,name,email,phone,country\nA-1,Ann,ann@example.com,030 1234567,DE\n"))
	f.Add([]byte(`{"basics":{"name":"Bo","phone":"+44 20 7946 0000","profiles":[{"network":"GitHub","username":"bo"}]}}`))
	f.Add([]byte("id;name;iban;wallet\nA-1;Ann;DE89370400440532013000;ETH:0x52908400098527886E0F7030069857D2E4169EE7\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		people, err := LoadReader(context.Background(), "fuzz", "", bytes.NewReader(in))
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || people != nil {
				t.Fatalf("error %T %v with %d people", err, err, len(people))
			}
		}
	})
}

// BenchmarkLoadReader reads a generated 10,000-row applicants CSV end to end: parsing and
// normalisation (the scan's intake cost before detection and the store). Measured 2026-11 on
// the 2-core development machine: ~30 µs of CPU per row, ~85 % of it in normalize.Phone.
func BenchmarkLoadReader(b *testing.B) {
	const rows = 10000
	var buf bytes.Buffer
	buf.WriteString("id,name,email,phone,country,address,shipping_address,iban,github,application_ip,device_id,applied_at,position,resume_text\n")
	for i := range rows {
		fmt.Fprintf(&buf, "A-%06d,Applicant %d Müller,applicant%d@example.de,030 %08d,DE,\"Hauptstraße %d, 10115 Berlin, Germany\",,DE89370400440532013000,dev%d,203.0.113.%d,fp-%08x,2026-11-02T09:14:00Z,Senior Backend Developer (Go),\"Go developer, PostgreSQL and Kafka.\"\n",
			i, i, i, 10000000+i, i%200+1, i, i%250+1, i*7919)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		people, err := LoadReader(context.Background(), "bench.csv", "csv", bytes.NewReader(data))
		if err != nil || len(people) != rows {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestLoadSkipsForeignCSVInFolder: a CSV found in a folder whose header is none of the intake
// kinds (the examples' answers.csv) is skipped with a note naming it; named, it is an error.
func TestLoadSkipsForeignCSVInFolder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"applicants.csv": "id,name\nA-1,Ann Weber\n",
		"answers.csv":    "id,label,expected_band\nA-1,benign,low\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	people, notes, err := Load(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].ID != "A-1" {
		t.Fatalf("people %v", people)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "answers.csv") || !strings.Contains(notes[0], "matches no intake format") {
		t.Fatalf("notes %q", notes)
	}
	_, _, err = Load(context.Background(), []string{filepath.Join(dir, "answers.csv")}, nil)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.Line != 1 {
		t.Fatalf("named foreign CSV: %v, want an InputError at line 1", err)
	}
}

// TestLoadNothingToRead: a folder with no applicants, a named JSON file that is not a résumé,
// and a reference file whose applicants file was skipped for a header typo are all errors that
// say what happened.
func TestLoadNothingToRead(t *testing.T) {
	write := func(dir, name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := t.TempDir()
	write(empty, "README.md", "# notes\n")
	_, _, err := Load(context.Background(), []string{empty}, nil)
	if err == nil || !strings.Contains(err.Error(), "no applicants or employees found") || !strings.Contains(err.Error(), "README.md") {
		t.Errorf("empty folder: %v", err)
	}

	dir := t.TempDir()
	js := write(dir, "x.json", `{"basic": {"name": "Ann"}}`)
	_, _, err = Load(context.Background(), []string{js}, nil)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.File != js || !strings.Contains(err.Error(), "not a JSON Resume") {
		t.Errorf("named non-résumé JSON: %v", err)
	}

	typo := t.TempDir()
	write(typo, "applicants.csv", "id,nmae\nA-1,Ann\n")
	write(typo, "references.csv", "applicant_id,reference_name\nA-1,Bo\n")
	_, _, err = Load(context.Background(), []string{typo}, nil)
	if err == nil || !strings.Contains(err.Error(), "applicants.csv was skipped") {
		t.Errorf("header typo: %v, want a hint naming the skipped applicants.csv", err)
	}
}
