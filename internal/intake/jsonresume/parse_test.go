package jsonresume

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func parseFile(t *testing.T, path string) []*bonafide.Person {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	people, err := Parse(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return people
}

func TestParseFixture(t *testing.T) {
	path := filepath.Join("testdata", "applicant.resume.json")
	people := parseFile(t, path)
	if len(people) != 1 {
		t.Fatalf("%d people, want 1", len(people))
	}
	p := people[0]
	raw, _ := os.ReadFile(path)
	if !bytes.Equal(p.Raw, bytes.TrimSpace(raw)) {
		t.Errorf("Raw is not the record as read:\n%s", p.Raw)
	}
	p.Raw = nil
	contact, profile, app := bonafide.PurposeContact, bonafide.PurposeProfile, bonafide.PurposeApplication
	want := &bonafide.Person{
		ID: "A-1042", Role: bonafide.RoleApplicant, Source: path, SourceID: "A-1042", Line: 1,
		Name: "Tiago Ferreira", Country: "PT", TimeZone: "Europe/Lisbon", ReferredBy: "A-1017",
		Identifiers: []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Purpose: contact, Raw: "tiago.ferreira@example.pt"},
			{Kind: bonafide.KindPhone, Purpose: contact, Raw: "912 345 678"},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeHome, Raw: "Rua Augusta 120, 1100-053 Lisboa, Lisboa, PT"},
			{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Raw: "Rua Augusta 120, 1100-053 Lisboa, Portugal"},
			{Kind: bonafide.KindIBAN, Purpose: bonafide.PurposePayout, Raw: "PT50 0002 0123 1234 5678 9015 4", Attrs: map[string]string{"provider": "Wise"}},
			{Kind: bonafide.KindWallet, Purpose: bonafide.PurposePayout, Raw: "ETH:0x52908400098527886E0F7030069857D2E4169EE7", Attrs: map[string]string{"provider": "Wise"}},
			{Kind: bonafide.KindURL, Purpose: profile, Raw: "https://tiago.example.pt"},
			{Kind: bonafide.KindURL, Purpose: profile, Raw: "https://github.com/tferreira", Attrs: map[string]string{"network": "github"}},
			{Kind: bonafide.KindURL, Purpose: profile, Raw: "tiago-ferreira-dev", Attrs: map[string]string{"network": "linkedin"}},
			{Kind: bonafide.KindIP, Purpose: app, Raw: "203.0.113.7"},
			{Kind: bonafide.KindDevice, Purpose: app, Raw: "fp-9c1e77"},
		},
		Claims: []bonafide.Claim{
			{Kind: bonafide.ClaimEmployment, Org: "Lisbon Chain Labs", Title: "Smart Contract Developer", Country: "PT",
				Start: month(2021, 2), Current: true, FullTime: true,
				Text: "Lending protocol contracts in Solidity.\nWrote the liquidation engine\nLed two external audits"},
			{Kind: bonafide.ClaimEmployment, Org: "Porto Web Studio", Title: "Full-stack Developer",
				Start: month(2018, 6), End: month(2021, 1), FullTime: false,
				Text: "WordPress and Shopify shops for retail clients."},
			{Kind: bonafide.ClaimEducation, Org: "Universidade do Porto", Title: "Master in Informatics Engineering",
				Start: month(2013, 1), End: month(2018, 1), Text: "Distributed Systems\nCryptography"},
		},
		References: []bonafide.Reference{
			{Name: "Ana Costa", Company: "Lisbon Chain Labs", Title: "Lead Engineer", Relationship: "colleague",
				Identifiers: []bonafide.Identifier{
					{Kind: bonafide.KindEmail, Purpose: contact, Raw: "ana.costa@example.pt"},
					{Kind: bonafide.KindPhone, Purpose: contact, Raw: "+351 913 000 111"},
				}},
			{Name: "Jan Kowalski", Company: "Nordwind GmbH", Title: "CTO", Relationship: "manager", Verified: true,
				Identifiers: []bonafide.Identifier{
					{Kind: bonafide.KindEmail, Purpose: contact, Raw: "jan@nordwind.example.de"},
					{Kind: bonafide.KindPhone, Purpose: contact, Raw: "+49 30 1234567"},
				}},
		},
		Application: &bonafide.Application{
			Position: "Senior Solidity Developer", Channel: "LinkedIn", UserAgent: "Mozilla/5.0 (X11; Linux x86_64)",
			SubmittedAt: time.Date(2026, 11, 2, 8, 14, 0, 0, time.UTC), StartDate: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
		},
		Documents: map[string]string{
			"resume": "Smart-contract engineer with seven years of DeFi experience.\n\n" +
				"Lending protocol contracts in Solidity.\n\n" +
				"- Wrote the liquidation engine\n- Led two external audits\n\n" +
				"WordPress and Shopify shops for retail clients.",
			"cover_letter": "I would love to join your protocol team.",
		},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("person =\n%+v\nwant\n%+v", p, want)
		for i := range min(len(p.Claims), len(want.Claims)) {
			if !reflect.DeepEqual(p.Claims[i], want.Claims[i]) {
				t.Errorf("claim %d = %+v\nwant %+v", i, p.Claims[i], want.Claims[i])
			}
		}
	}
}

func TestParseSchemaSample(t *testing.T) {
	path := shareddata.Path(t, filepath.Join("resume", "sample.resume.json"))
	people := parseFile(t, path)
	if len(people) != 1 {
		t.Fatalf("%d people, want 1", len(people))
	}
	p := people[0]
	if p.ID != "sample.resume.json#1" || p.SourceID != p.ID || p.Name != "Richard Hendriks" || p.Country != "US" || p.Role != bonafide.RoleApplicant {
		t.Errorf("id %q name %q country %q role %s", p.ID, p.Name, p.Country, p.Role)
	}
	var got []string
	for _, id := range p.Identifiers {
		got = append(got, string(id.Kind)+" "+id.Raw+" "+id.Attr("network"))
	}
	want := []string{
		"email richard.hendriks@mail.com ",
		"phone (912) 555-4321 ",
		"address 2712 Broadway St, CA 94115 San Francisco, California, US ",
		"url http://richardhendricks.example.com ",
		"url neutralthoughts twitter",
		"url https://soundcloud.example.com/dandymusicnl ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("identifiers =\n%q\nwant\n%q", got, want)
	}
	wantClaims := []bonafide.Claim{
		{Kind: bonafide.ClaimEmployment, Org: "Pied Piper", Title: "CEO/President", Start: month(2013, 12), End: month(2014, 12), FullTime: true,
			Text: "Pied Piper is a multi-platform technology based on a proprietary universal compression algorithm that has consistently fielded high Weisman Scores™ that are not merely competitive, but approach the theoretical limit of lossless compression.\n" +
				"Build an algorithm for artist to detect if their music was violating copy right infringement laws\nSuccessfully won Techcrunch Disrupt\nOptimized an algorithm that holds the current world record for Weisman Scores"},
		{Kind: bonafide.ClaimEducation, Org: "University of Oklahoma", Title: "Bachelor in Information Technology", Start: month(2011, 6), End: month(2014, 1),
			Text: "DB1101 - Basic SQL\nCS2011 - Java Introduction"},
	}
	if !reflect.DeepEqual(p.Claims, wantClaims) {
		t.Errorf("claims =\n%+v\nwant\n%+v", p.Claims, wantClaims)
	}
	if want := []bonafide.Reference{{Name: "Erlich Bachman"}}; !reflect.DeepEqual(p.References, want) {
		t.Errorf("references = %+v", p.References)
	}
	if p.Application != nil || p.Documents["cover_letter"] != "" {
		t.Errorf("application %+v, cover letter %q; want none", p.Application, p.Documents["cover_letter"])
	}
	if doc := p.Documents["resume"]; !strings.HasPrefix(doc, "Richard hails from Tulsa.") || !strings.HasSuffix(doc, "- Optimized an algorithm that holds the current world record for Weisman Scores") {
		t.Errorf("resume document = %q", doc)
	}
}

func TestParseStreams(t *testing.T) {
	one := `{"basics":{"name":"Ann Lee"}}`
	two := `{"basics":{"name":"Bo Li"},"bonafide":{"id":"B-2"}}`
	tests := []struct {
		name, in string
		ids      []string
		lines    []int // Person.Line: record numbers
	}{
		{"object", one, []string{"in.json#1"}, []int{1}},
		{"BOM and white space", "\xEF\xBB\xBF\n  " + one + "\n\n", []string{"in.json#1"}, []int{1}},
		{"array", "[" + one + ",\n" + two + "]", []string{"in.json#1", "B-2"}, []int{1, 2}},
		{"empty array", " [ ] ", nil, nil},
		{"JSON Lines", one + "\n" + two + "\n" + one + "\n", []string{"in.json#1", "B-2", "in.json#3"}, []int{1, 2, 3}},
		{"concatenated", one + two, []string{"in.json#1", "B-2"}, []int{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			people, err := Parse(filepath.Join("some", "dir", "in.json"), strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			var lines []int
			for _, p := range people {
				ids, lines = append(ids, p.ID), append(lines, p.Line)
			}
			if !reflect.DeepEqual(ids, tc.ids) || !reflect.DeepEqual(lines, tc.lines) {
				t.Errorf("ids %q lines %v; want %q %v", ids, lines, tc.ids, tc.lines)
			}
		})
	}

	people := parseFile(t, filepath.Join("testdata", "batch.jsonl"))
	var got []string
	for _, p := range people {
		got = append(got, p.ID+" "+p.Name+" "+string(p.Role))
	}
	want := []string{"A-2001 Mia Schmidt applicant", "batch.jsonl#2 Noah Evans applicant", "batch.jsonl#3 Yuki Park employee"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batch.jsonl = %q, want %q", got, want)
	}
	if len(people[0].Identifiers) != 1 || people[0].Country != "DE" {
		t.Errorf("city without street gives an address identifier: %+v", people[0].Identifiers)
	}
	if c := people[1].Claims; len(c) != 1 || c[0].Current || c[0].End != month(2022, 12) || !c[0].FullTime {
		t.Errorf("claims = %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	ok := `{"basics":{"name":"Ann Lee"}}`
	tests := []struct {
		name, in string
		line     int
		record   string
		field    string
		msg      []string
		is       error
	}{
		{"empty", "", 0, "", "", []string{"empty input"}, ErrNotJSON},
		{"only BOM and spaces", "\xEF\xBB\xBF \n", 0, "", "", []string{"empty input"}, ErrNotJSON},
		{"markdown", "[![build](x)](y)\n", 1, "1", "", []string{"malformed JSON at byte offset 1"}, ErrNotJSON},
		{"malformed first record", "{\"basics\": {\"name\": \"Ann\",}}", 1, "1", "", []string{"malformed JSON at byte offset 26"}, ErrNotJSON},
		{"malformed second line", ok + "\n{\"basics\":\n {\"name\": Ann}}\n", 3, "2", "", []string{"record 2", "malformed JSON at byte offset 51", "invalid character 'A'"}, nil},
		{"malformed in array", "[" + ok + ",\n" + ok + ",\n{]", 3, "3", "", []string{"malformed JSON at byte offset 64"}, nil},
		{"truncated", ok + "\n{\"basics\": {", 2, "2", "", []string{"unexpected end of input"}, nil},
		{"array cut after a comma", "[" + ok + ",", 1, "2", "", []string{"unexpected end of input"}, nil},
		{"data after array", "[" + ok + "]\n" + ok, 2, "", "", []string{"unexpected { after the array at byte offset 32"}, nil},
		{"garbage after array", "[" + ok + "]\n\n  x", 3, "1", "", []string{"malformed JSON at byte offset 35"}, nil},
		{"not an object", "[1, 2]", 1, "1", "", []string{"want a JSON Resume object, got a number"}, ErrNotResume},
		{"other JSON", `{"expected": ["A-1"]}`, 1, "1", "", []string{`neither "basics" nor "bonafide"`}, ErrNotResume},
		{"later record not an object", ok + "\n[]", 2, "2", "", []string{"got an array"}, nil},
		{"missing name", `{"basics":{"email":"a@example.com"}}`, 1, "1", "basics.name", []string{"missing"}, nil},
		{"name not a string", `{"basics":{"name":42}}`, 1, "1", "basics.name", []string{"want a string, got a number"}, nil},
		{"basics not an object", `{"basics":"Ann"}`, 1, "1", "basics", []string{"want an object, got a string"}, nil},
		{"work date type", ok + "\n" + `{"basics":{"name":"Bo"},"work":[{},{},{"name":"X","startDate":2019}]}`, 2, "2", "work[2].startDate", []string{"want a string, got a number"}, nil},
		{"work date format", `{"basics":{"name":"Bo"},"work":[{"startDate":"March 2019"}]}`, 1, "1", "work[0].startDate", []string{`"March 2019" is not a date`}, nil},
		{"work end before start", `{"basics":{"name":"Bo"},"work":[{"startDate":"2020-05","endDate":"2019-01"}]}`, 1, "1", "work[0].endDate", []string{"2019-01 is before startDate 2020-05"}, nil},
		{"highlight type", `{"basics":{"name":"Bo"},"work":[{"highlights":["a",{"b":1}]}]}`, 1, "1", "work[0].highlights[1]", []string{"want a string, got an object"}, nil},
		{"profiles type", `{"basics":{"name":"Bo","profiles":{"network":"GitHub"}}}`, 1, "1", "basics.profiles", []string{"want an array"}, nil},
		{"education date", `{"basics":{"name":"Bo"},"education":[{"endDate":"2018-13"}]}`, 1, "1", "education[0].endDate", []string{"is not a date"}, nil},
		{"unknown bonafide key", `{"basics":{"name":"Bo"},"bonafide":{"id":"B-1","timezone":"UTC"}}`, 1, "1", "bonafide.timezone", []string{`unknown key "timezone" in bonafide`, "valid keys: id, role, timeZone"}, nil},
		{"unknown payout key", `{"basics":{"name":"Bo"},"bonafide":{"payout":{"bank":"x"}}}`, 1, "1", "bonafide.payout.bank", []string{`unknown key "bank"`, "iban, wallet, provider"}, nil},
		{"unknown application key", `{"basics":{"name":"Bo"},"bonafide":{"application":{"ua":"x"}}}`, 1, "1", "bonafide.application.ua", []string{`unknown key "ua"`}, nil},
		{"unknown reference key", `{"basics":{"name":"Bo"},"bonafide":{"references":[{"name":"J","mobile":"1"}]}}`, 1, "1", "bonafide.references[0].mobile", []string{`unknown key "mobile"`}, nil},
		{"unknown work key", `{"basics":{"name":"Bo"},"work":[{}],"bonafide":{"work":[{"fulltime":true}]}}`, 1, "1", "bonafide.work[0].fulltime", []string{`unknown key "fulltime"`}, nil},
		{"extra bonafide work", `{"basics":{"name":"Bo"},"bonafide":{"work":[{"fullTime":true}]}}`, 1, "1", "bonafide.work[0]", []string{"bonafide.work has 1 entries but work has 0"}, nil},
		{"fullTime type", `{"basics":{"name":"Bo"},"work":[{}],"bonafide":{"work":[{"fullTime":"yes"}]}}`, 1, "1", "bonafide.work[0].fullTime", []string{"want true or false, got a string"}, nil},
		{"id type", `{"basics":{"name":"Bo"},"bonafide":{"id":1042}}`, 1, "1", "bonafide.id", []string{"want a string"}, nil},
		{"bad role", `{"basics":{"name":"Bo"},"bonafide":{"role":"admin"}}`, 1, "1", "bonafide.role", []string{`"admin" is not a role`}, nil},
		{"bad submittedAt", `{"basics":{"name":"Bo"},"bonafide":{"application":{"submittedAt":"yesterday"}}}`, 1, "1", "bonafide.application.submittedAt", []string{`"yesterday" is not a time`}, nil},
		{"bad startDate", `{"basics":{"name":"Bo"},"bonafide":{"application":{"startDate":"2027-01"}}}`, 1, "1", "bonafide.application.startDate", []string{"want YYYY-MM-DD"}, nil},
		{"reference without name", `{"basics":{"name":"Bo"},"bonafide":{"references":[{"email":"x@example.com"}]}}`, 1, "1", "bonafide.references[0].name", []string{"missing"}, nil},
		{"invalid UTF-8", ok + "\n" + "{\"basics\":{\"name\":\"B\xffo\"}}", 2, "2", "", []string{"not valid UTF-8 at byte 50"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			people, err := Parse("in.json", strings.NewReader(tc.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %d people, %v; want an *InputError", len(people), err)
			}
			if people != nil {
				t.Errorf("partial result with error")
			}
			if ie.File != "in.json" || ie.Line != tc.line || ie.Record != tc.record || ie.Field != tc.field {
				t.Errorf("error at %s:%d record %q field %q; want line %d record %q field %q (%v)", ie.File, ie.Line, ie.Record, ie.Field, tc.line, tc.record, tc.field, err)
			}
			for _, s := range tc.msg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			for _, sentinel := range []error{ErrNotJSON, ErrNotResume} {
				if errors.Is(err, sentinel) != (sentinel == tc.is) {
					t.Errorf("errors.Is(%v, %v) = %v", err, sentinel, !(sentinel == tc.is))
				}
			}
		})
	}
}

// endless yields a record opening and then an unending string, counting what it hands out.
type endless struct {
	head   string
	served int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.head)
	e.head = e.head[n:]
	for i := n; i < len(p); i++ {
		p[i] = 'x'
	}
	e.served += int64(len(p))
	if e.served > 200<<20 {
		return len(p), io.EOF
	}
	return len(p), nil
}

func TestRecordLimit(t *testing.T) {
	src := &endless{head: `{"basics":{"name":"Ann"}}` + "\n" + `{"basics":{"name":"`}
	_, err := Parse("big.jsonl", src)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.Line != 2 || ie.Record != "2" || !strings.Contains(err.Error(), "record longer than 16777216 bytes") {
		t.Fatalf("got %v; want an InputError at line 2, record 2, about the limit", err)
	}
	if src.served > MaxRecordBytes+1<<20 {
		t.Errorf("read %d bytes before failing", src.served)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"applicant.resume.json", "batch.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"basics":{"name":"A"}},{"basics":{"name":"B"},"work":[{"startDate":"2020"}],"bonafide":{"work":[{"fullTime":false}]}}]`))
	f.Add([]byte(`{"bonafide":{"id":"x","references":[{"name":"r"}]},"basics":{"name":"n","profiles":[{"network":"GitHub","username":"u"}]}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		people, err := Parse("fuzz.json", bytes.NewReader(in))
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || people != nil {
				t.Fatalf("error %T %v with %d people", err, err, len(people))
			}
			return
		}
		for _, p := range people {
			if p.ID == "" || p.Name == "" || len(p.Raw) == 0 {
				t.Fatalf("bad person %+v", p)
			}
		}
	})
}

// TestTypeErrorLine: a wrong type deep in a pretty-printed résumé is reported on its own line.
func TestTypeErrorLine(t *testing.T) {
	in := "{\n  \"basics\": {\n    \"name\": \"Ann Lee\",\n    \"label\": \"Engineer\",\n    \"phone\": \"+49 151 1234567\",\n    \"email\": 123\n  }\n}\n"
	_, err := Parse("a.resume.json", strings.NewReader(in))
	if err == nil || !strings.HasPrefix(err.Error(), "a.resume.json:6 ") || !strings.Contains(err.Error(), `field "basics.email"`) {
		t.Errorf("err = %v, want line 6 and the field", err)
	}
}
