package hr

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestReadCSV(t *testing.T) {
	f, err := os.Open("testdata/employees.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	emps, err := ReadCSV(f, "employees.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Employee{
		{ID: "E001", Name: "Jana Roth", Accounts: []string{"jana.roth@example.com", `corp\jroth`},
			Hosts: []string{"LT-0042", "5C1E7B2A-0D4F-4E55-9E0B-1A2B3C4D5E6F"}, Country: "DE", TimeZone: "Europe/Berlin",
			StartDate: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), ShipCountry: "DE", Locale: "de-DE"},
		{ID: "E002", Name: "Park, Alex", Accounts: []string{"alex.park@example.com"}, Hosts: []string{"LT-0043"}, Country: "US",
			TimeZone: "America/Chicago", StartDate: time.Date(2025, 4, 14, 0, 0, 0, 0, time.UTC), ShipCountry: "US", Locale: "en-US"},
		{ID: "E003", Name: "Sam Lee", Accounts: []string{"sam.lee@example.com"}, Country: "US"},
	}
	if !reflect.DeepEqual(emps, want) {
		t.Errorf("got  %+v\nwant %+v", emps, want)
	}
}

func TestDirectory(t *testing.T) {
	d := NewDirectory([]Employee{
		{ID: "E001", Accounts: []string{"jana.roth@example.com", `corp\jroth`}, Hosts: []string{"LT-0042"}, TimeZone: "Europe/Berlin"},
		{ID: "E002", Accounts: []string{"alex.park@example.com", `corp\apark`, `lab\jroth`}, Hosts: []string{"5c1e7b2a"}},
	})
	tests := []struct {
		by, key, want string
	}{
		{"account", "Jana.Roth@Example.com", "E001"},
		{"account", `CORP\JRoth`, "E001"},
		{"account", `lab\jroth`, "E002"},
		{"account", "jroth", ""}, // claimed by two domains: ambiguous
		{"account", "apark", "E002"},
		{"account", "", ""},
		{"account", "nobody@example.com", ""},
		{"host", "lt-0042", "E001"},
		{"host", "5C1E7B2A", "E002"},
		{"host", "LT-9999", ""},
		{"id", "E002", "E002"},
		{"id", "E404", ""},
	}
	for _, tc := range tests {
		var e *Employee
		var ok bool
		switch tc.by {
		case "account":
			e, ok = d.ByAccount(tc.key)
		case "host":
			e, ok = d.ByHost(tc.key)
		default:
			e, ok = d.ByID(tc.key)
		}
		g := ""
		if ok {
			g = e.ID
		}
		if g != tc.want {
			t.Errorf("By%s(%q) = %q, want %q", tc.by, tc.key, g, tc.want)
		}
	}
	e, _ := d.ByID("E001")
	if loc := d.Location(e); loc == nil || loc.String() != "Europe/Berlin" {
		t.Errorf("Location = %v", loc)
	}
	e2, _ := d.ByID("E002")
	if loc := d.Location(e2); loc != nil {
		t.Errorf("Location without a time zone = %v", loc)
	}
	if d.Len() != 2 {
		t.Errorf("Len = %d", d.Len())
	}
	if n := testing.AllocsPerRun(100, func() { d.ByAccount("jana.roth@example.com") }); n != 0 {
		t.Errorf("ByAccount allocates %.0f", n)
	}
}

func TestReadCSVErrors(t *testing.T) {
	head := strings.Join(Columns, ",") + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "people.csv:1: empty file"},
		{"bad header", "employee_id,name\n", "people.csv:1: header has 2 columns"},
		{"wrong column", strings.Replace(head, "locale", "language", 1), `people.csv:1 field "locale": header column 9 is "language"`},
		{"bad date", head + "E1,A,a@example.com,,US,,2025-13-01,,\n", `people.csv:2 field "start_date": not a YYYY-MM-DD date: "2025-13-01"`},
		{"bad country", head + "E1,A,a@example.com,,USA,,,,\n", `people.csv:2 field "country": not an ISO 3166-1 alpha-2 code: "USA"`},
		{"bad ship country", head + "E1,A,a@example.com,,US,,,U1,\n", `people.csv:2 field "ship_country"`},
		{"bad time zone", head + "E1,A,a@example.com,,US,Mars/Olympus,,,\n", `people.csv:2 field "time_zone": unknown IANA time zone "Mars/Olympus"`},
		{"empty id", head + "E1,A,,,US,,,,\n,B,,,US,,,,\n", `people.csv:3 field "employee_id": empty employee ID`},
		{"duplicate id", head + "E1,A,,,US,,,,\nE1,B,,,US,,,,\n", `people.csv:3 field "employee_id": duplicate employee ID "E1" (first on line 2)`},
		{"short row", head + "E1,A,,,US\n", "people.csv:2: row has 5 columns, want 9"},
		{"bad quote", head + "E1,\"A,,,US,,,,\n", "people.csv:2: malformed CSV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "people.csv")
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix %q", err, tc.want)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	b, err := os.ReadFile("testdata/employees.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(strings.Join(Columns, ",") + "\nE1,A,,,US,Asia/Seoul,2025-01-01,KP,ko-KR\n")
	f.Fuzz(func(t *testing.T, in string) {
		emps, err := ReadCSV(strings.NewReader(in), "f.csv")
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("error %v is not a located InputError", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range emps {
			if e.ID == "" || seen[e.ID] {
				t.Fatalf("bad or duplicate ID %q", e.ID)
			}
			seen[e.ID] = true
			if e.Country != "" && (len(e.Country) != 2 || strings.ToUpper(e.Country) != e.Country) {
				t.Fatalf("country %q", e.Country)
			}
			for _, a := range e.Accounts {
				if a == "" || strings.ToLower(a) != a {
					t.Fatalf("account %q", a)
				}
			}
		}
		d := NewDirectory(emps)
		for _, e := range emps {
			for _, a := range e.Accounts {
				if _, ok := d.ByAccount(a); !ok {
					t.Fatalf("account %q not found", a)
				}
			}
		}
	})
}

func TestSharedAccountRefused(t *testing.T) {
	in := strings.Join(Columns, ",") + "\n" +
		"E1,Anna Berg,anna.berg@corp.example,LT-1,DE,Europe/Berlin,2025-01-06,DE,de-DE\n" +
		"E9,Eve Other,ANNA.BERG@corp.example;eve@corp.example,LT-9,DE,Europe/Berlin,2025-01-06,DE,de-DE\n"
	_, err := ReadCSV(strings.NewReader(in), "roster.csv")
	if err == nil || !strings.Contains(err.Error(), `roster.csv:3 field "accounts"`) || !strings.Contains(err.Error(), "already E1's") {
		t.Errorf("err = %v", err)
	}
	in = strings.Join(Columns, ",") + "\n" +
		"E1,Anna Berg,anna@corp.example,LT-1,DE,,,,\n" +
		"E2,Bo Lind,bo@corp.example,lt-1,SE,,,,\n"
	if _, err := ReadCSV(strings.NewReader(in), "roster.csv"); err == nil || !strings.Contains(err.Error(), `field "hosts"`) {
		t.Errorf("shared laptop: %v", err)
	}
}
