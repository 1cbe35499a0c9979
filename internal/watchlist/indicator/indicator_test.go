package indicator

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
)

func TestReadCSVExample(t *testing.T) {
	l := readExample(t, "dprk-it-workers.csv")
	if l.Name != "INDICATORS:dprk-it-workers" || len(l.Version) != 12 {
		t.Errorf("name, version = %q, %q", l.Name, l.Version)
	}
	want := []struct {
		field string
		kind  bonafide.IdentifierKind
		value string
	}{
		{"email", bonafide.KindEmail, "jinleedev@gmail.com"},
		{"email", bonafide.KindEmail, "hiring@apex-dev-studio.example"},
		{"domain", bonafide.KindURL, "web:apex-dev-studio.example"},
		{"url", bonafide.KindURL, "web:blue-lotus-tech.example/about"},
		{"github", bonafide.KindURL, "github:jinlee-dev0917"},
		{"wallet", bonafide.KindWallet, "BTC:19yUiB3Bhz8EKHmCZ8Qz7bjDgPYdrMvSgg"},
		{"wallet", bonafide.KindWallet, "TRX:TJwgiEQuriFBUTpq9Q4hdkRMbrqeM8YbMa"},
		{"wallet", bonafide.KindWallet, "ETH:0x7e57c0ffee00000000000000000000000000beef"},
		{"phone", bonafide.KindPhone, "+447700900123"},
		{"phone", bonafide.KindPhone, "+12025550143"},
	}
	if len(l.Features) != len(want) {
		t.Fatalf("%d features, want %d", len(l.Features), len(want))
	}
	for i, w := range want {
		f := l.Features[i]
		if f.Field != w.field || f.Kind != w.kind || f.Value != w.value || f.List != l.Name || !strings.HasPrefix(f.EntryID, "indicator--") {
			t.Errorf("feature %d = %+v, want %+v", i, f, w)
		}
	}
	f0 := l.Features[0]
	if f0.EntryName != "Jin Lee (persona)" || !reflect.DeepEqual(f0.Programs, []string{"DPRK3"}) {
		t.Errorf("feature 0 metadata = %+v", f0)
	}
	if len(l.Parties) != 2 || l.Parties[0].Name != "Apex Dev Studio LLC" || l.Parties[1].Name != "Min Park" ||
		!reflect.DeepEqual(l.Parties[0].Aliases, []string{"Apex Development Studio", "Apex Dev Studios Inc"}) ||
		!strings.HasPrefix(l.Parties[0].ID, "identity--") {
		t.Errorf("parties = %+v", l.Parties)
	}
	e := l.Entries[0]
	wantE := Entry{ID: f0.EntryID, Type: "email", Name: "Jin Lee (persona)", Programs: []string{"DPRK3"},
		Labels: []string{"persona", "freelance"}, FirstSeen: "2024-03-02", LastSeen: "2024-11-20", Source: "Acme Corp security",
		Confidence: 85, TLP: "amber", Note: "Applied to three backend roles with the same resume template"}
	e.Raw = nil
	if !reflect.DeepEqual(e, wantE) {
		t.Errorf("entry 0 =\n%+v\nwant\n%+v", e, wantE)
	}
	if !bytes.HasPrefix(l.Entries[0].Raw, []byte("email,Jin.Lee.Dev@gmail.com,")) {
		t.Errorf("raw = %q", l.Entries[0].Raw)
	}
	if l.Entries[2].Confidence != 70 || l.Entries[2].TLP != "green" || l.Entries[2].LastSeen != "" {
		t.Errorf("entry 2 = %+v", l.Entries[2])
	}
}

func TestReadSTIXExample(t *testing.T) {
	l := readExample(t, "dprk-it-workers.stix.json")
	type fv struct {
		entry, field, value string
	}
	var got []fv
	for _, f := range l.Features {
		got = append(got, fv{f.EntryID, f.Field, f.Value})
	}
	want := []fv{
		{"indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "email", "jinleedev@gmail.com"},
		{"indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "github", "github:jinlee-dev0917"},
		{"indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "wallet", "BTC:19yUiB3Bhz8EKHmCZ8Qz7bjDgPYdrMvSgg"},
		{"indicator--f7aba4d1-b7a4-4c74-a147-ad10a632d1c4", "domain", "web:apex-dev-studio.example"},
		{"indicator--f7aba4d1-b7a4-4c74-a147-ad10a632d1c4", "email", "hiring@apex-dev-studio.example"},
		{"indicator--f87a84e6-57ec-4d34-baa1-4d5cc9eeeb1c", "phone", "+447700900123"},
		{"indicator--f87a84e6-57ec-4d34-baa1-4d5cc9eeeb1c", "wallet", "TRX:TJwgiEQuriFBUTpq9Q4hdkRMbrqeM8YbMa"},
		{"url--614553f5-6f2d-4d7d-95dc-ed7b9cdffcc6", "url", "web:blue-lotus-tech.example/about"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("features =\n%v\nwant\n%v", got, want)
	}
	// The author identity (created_by_ref) is not a front company.
	wantP := []watchlist.Party{
		{List: l.Name, Version: l.Version, ID: "identity--ccf4ad5a-2514-473b-906f-f30788c5cbd6", Name: "Apex Dev Studio LLC", Programs: []string{"DPRK3"}},
		{List: l.Name, Version: l.Version, ID: "identity--0c5f280c-378c-416e-8a59-3da1307491a4", Name: "Min Park", Aliases: []string{"Park Min-jun"}},
	}
	if !reflect.DeepEqual(l.Parties, wantP) {
		t.Errorf("parties =\n%+v\nwant\n%+v", l.Parties, wantP)
	}
	e := l.Entries[0]
	if e.Type != "mixed" || e.Name != "Jin Lee (persona)" || e.TLP != "amber" || e.Confidence != 85 ||
		e.FirstSeen != "2024-03-02" || e.LastSeen != "2024-11-20" || e.Source != "Example Hiring Trust Group" ||
		!reflect.DeepEqual(e.Labels, []string{"persona"}) || !reflect.DeepEqual(e.Programs, []string{"DPRK3"}) {
		t.Errorf("entry 0 = %+v", e)
	}
	// TLP from a marking-definition object in the bundle; no confidence → -1.
	if l.Entries[3].TLP != "green" || l.Entries[3].Type != "company" || l.Entries[4].Confidence != -1 || l.Entries[4].TLP != "" {
		t.Errorf("entries 3, 4 = %+v, %+v", l.Entries[3], l.Entries[4])
	}
}

func clearRaw(l *List) {
	for i := range l.Entries {
		l.Entries[i].Raw = nil
	}
}

func TestRoundTripCSVToSTIX(t *testing.T) {
	for _, name := range []string{"dprk-it-workers.csv", "dprk-it-workers.stix.json"} {
		l := readExample(t, name)
		var buf bytes.Buffer
		if err := WriteSTIX(&buf, l, WriteOptions{Created: created}); err != nil {
			t.Fatal(err)
		}
		back, err := ReadSTIX(&buf, "out.json", Options{Name: l.Name, Version: l.Version})
		if err != nil {
			t.Fatalf("%s: read back: %v", name, err)
		}
		clearRaw(l)
		clearRaw(back)
		// An SCO placed directly in a bundle is written back as an indicator, whose id is
		// derived from the list name and the SCO's id.
		for i, f := range l.Features {
			if !strings.HasPrefix(f.EntryID, "indicator--") {
				l.Features[i].EntryID = StableID("indicator", l.Name, f.EntryID)
			}
		}
		if !reflect.DeepEqual(l.Features, back.Features) {
			t.Errorf("%s: features differ:\n%+v\n%+v", name, l.Features, back.Features)
		}
		if !reflect.DeepEqual(l.Parties, back.Parties) {
			t.Errorf("%s: parties differ:\n%+v\n%+v", name, l.Parties, back.Parties)
		}
		if name == "dprk-it-workers.csv" && !reflect.DeepEqual(l.Entries, back.Entries) {
			// (the STIX example's SCO entry reads back as an indicator with a created-dated
			// valid_from, so only the CSV list's entries are compared whole)
			for i := range l.Entries {
				if !reflect.DeepEqual(l.Entries[i], back.Entries[i]) {
					t.Errorf("%s: entry %d differs:\n%+v\n%+v", name, i, l.Entries[i], back.Entries[i])
				}
			}
		}
		if !reflect.DeepEqual(*l, *back) && name == "dprk-it-workers.csv" {
			t.Errorf("%s: lists differ", name)
		}
	}
}

func TestWriteSTIXFromOtherList(t *testing.T) {
	// Features of a sanctions list: entry ids are not STIX ids, and there are no Entries.
	l := &List{Name: "OFAC-SDN", Version: "2024-05-16", Features: []watchlist.Feature{
		{List: "OFAC-SDN", EntryID: "36446", EntryName: "Example Front Co", Programs: []string{"DPRK3"}, Field: "Email Address", Kind: bonafide.KindEmail, Value: "info@front.example"},
		{List: "OFAC-SDN", EntryID: "36446", EntryName: "Example Front Co", Programs: []string{"DPRK3"}, Field: "Website", Kind: bonafide.KindURL, Value: "web:front.example"},
	}, Parties: []watchlist.Party{{List: "OFAC-SDN", ID: "36446", Name: "Example Front Co", Programs: []string{"DPRK3"}}}}
	var buf bytes.Buffer
	if err := WriteSTIX(&buf, l, WriteOptions{Created: created}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSTIX(bytes.NewReader(buf.Bytes()), "x.json", Options{Name: "X", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Features) != 2 || back.Features[0].Value != "info@front.example" || back.Features[1].Value != "web:front.example" ||
		back.Features[0].EntryID != StableID("indicator", "OFAC-SDN", "36446") || back.Features[0].EntryName != "Example Front Co" {
		t.Errorf("features = %+v", back.Features)
	}
	if len(back.Parties) != 1 || back.Parties[0].ID != StableID("identity", "OFAC-SDN", "36446") || back.Entries[0].FirstSeen != "" {
		t.Errorf("parties = %+v, entry 0 = %+v", back.Parties, back.Entries[0])
	}
	if !strings.Contains(buf.String(), `"external_id": "36446"`) {
		t.Errorf("original id not kept:\n%s", buf.String())
	}
	bad := &List{Features: []watchlist.Feature{{EntryID: "1", Kind: bonafide.KindIBAN, Value: "DE89370400440532013000"}}}
	if err := WriteSTIX(&buf, bad, WriteOptions{}); bonafide.KindOf(err) != bonafide.Invalid {
		t.Errorf("IBAN feature: err = %v, want Invalid", err)
	}
}

func TestIndexMatchesApplicantSpelling(t *testing.T) {
	l := readExample(t, "dprk-it-workers.csv")
	ix := watchlist.NewIndex()
	ix.Add(l.Features...)
	tests := []struct {
		kind      bonafide.IdentifierKind
		raw, hint string
		wantEntry string // entry name of the expected hit; "" for none
	}{
		{bonafide.KindEmail, "JINLEEDEV@GMAIL.COM", "", "Jin Lee (persona)"},
		{bonafide.KindEmail, "j.i.n.l.e.e.d.e.v+jobs@googlemail.com", "", "Jin Lee (persona)"},
		{bonafide.KindEmail, "ceo@apex-dev-studio.example", "", "Apex Dev Studio"}, // e-mail domain of a listed site
		{bonafide.KindURL, "https://GitHub.com/JinLee-Dev0917?tab=repositories", "", "Jin Lee (persona)"},
		{bonafide.KindURL, "jinlee-dev0917", "github", "Jin Lee (persona)"},
		{bonafide.KindPhone, "+44 (0)7700 900123", "", "Min Park (persona)"},
		{bonafide.KindWallet, "tron:TJwgiEQuriFBUTpq9Q4hdkRMbrqeM8YbMa", "", "Min Park (persona)"},
		{bonafide.KindWallet, "0x7E57C0FFEE00000000000000000000000000BEEF", "", "Min Park (persona)"},
		{bonafide.KindEmail, "jin.lee.dev@outlook.com", "", ""},
	}
	for _, tt := range tests {
		id := bonafide.Identifier{Kind: tt.kind, Raw: tt.raw}
		if tt.hint != "" {
			id.Attrs = map[string]string{normalize.AttrNetwork: tt.hint}
		}
		normalize.Identifier(&id, "")
		hits := ix.Match(id.Kind, id.Value)
		got := ""
		if len(hits) > 0 {
			got = hits[0].EntryName
			if hits[0].List != "INDICATORS:dprk-it-workers" || hits[0].Score != 1 {
				t.Errorf("%q: hit %+v", tt.raw, hits[0])
			}
		}
		if got != tt.wantEntry {
			t.Errorf("%q (%s) → %v: entry %q, want %q", tt.raw, id.Value, hits, got, tt.wantEntry)
		}
	}
	nix := watchlist.NewNameIndex(l.Parties...)
	if hits := nix.Screen("Apex Dev Studio, LLC", 0); len(hits) == 0 || hits[0].EntryName != "Apex Dev Studio LLC" {
		t.Errorf("name screen: %+v", hits)
	}
	if hits := nix.Screen("Park Min Jun", 0); len(hits) == 0 || hits[0].EntryName != "Min Park" || hits[0].Field != "Alias" {
		t.Errorf("alias screen: %+v", hits)
	}
}

func TestReadCSVErrors(t *testing.T) {
	const head = "type,value,chain,confidence,tlp,first_seen,last_seen,id\n"
	tests := []struct {
		name, in string
		line     int
		field    string
		msg      string
	}{
		{"empty", "", 1, "", "no header row"},
		{"unknown column", "type,value,colour\n", 1, "colour", "unknown column"},
		{"missing value column", "type\nemail\n", 1, "value", "required column missing"},
		{"unknown type", head + "fax,123,,,,,,\n", 2, "type", "unknown type"},
		{"bad email", head + "email,not-an-email,,,,,,\n", 2, "value", "invalid e-mail"},
		{"bad wallet checksum", head + "wallet,19yUiB3Bhz8EKHmCZ8Qz7bjDgPYdrMvSgh,BTC,,,,,\n", 2, "value", "checksum"},
		{"chain on email", head + "email,a@example.com,BTC,,,,,\n", 2, "chain", "chain"},
		{"domain with path", head + "domain,example.com/x,,,,,,\n", 2, "value", "bare domain"},
		{"github not github", head + "github,https://gitlab.com/x,,,,,,\n", 2, "value", "not a GitHub"},
		{"confidence", head + "email,a@example.com,,101,,,,\n", 2, "confidence", "0–100"},
		{"tlp", head + "email,a@example.com,,,purple,,,\n", 2, "tlp", "want clear"},
		{"date", head + "email,a@example.com,,,,2024-13-01,,\n", 2, "first_seen", "YYYY-MM-DD"},
		{"dates reversed", head + "email,a@example.com,,,,2024-05-01,2024-04-01,\n", 2, "last_seen", "before"},
		{"bad id", head + "email,a@example.com,,,,,,identity--52dca42c-0b05-45f2-90d4-54f58e761a2e\n", 2, "id", "not a STIX id"},
		{"duplicate", head + "email,a@example.com,,,,,,\n# comment\nemail,A@Example.com,,,,,,\n", 4, "id", "already given on line 2"},
		{"invalid utf-8", head + "company,Apex \x87,,,,,,\n", 2, "value", "not valid UTF-8"},
		{"field count", head + "email,a@example.com\n", 2, "", "2 fields"},
		{"bad quote", head + "email,\"a@example.com,,,,,,\n", 2, "", "malformed CSV at character 28"},
	}
	for _, tt := range tests {
		l, err := ReadCSV(strings.NewReader(tt.in), "list.csv", Options{})
		var ie *bonafide.InputError
		if !errors.As(err, &ie) || l != nil {
			t.Errorf("%s: got %v, %v; want InputError", tt.name, l, err)
			continue
		}
		if ie.File != "list.csv" || ie.Line != tt.line || ie.Field != tt.field || !strings.Contains(ie.Error(), tt.msg) {
			t.Errorf("%s: got %q (line %d field %q); want line %d field %q containing %q", tt.name, ie.Error(), ie.Line, ie.Field, tt.line, tt.field, tt.msg)
		}
	}
}

func TestParsePattern(t *testing.T) {
	tests := []struct {
		in   string
		want []comparison
		err  string
	}{
		{"[email-addr:value = 'a@example.com']", []comparison{{"email", "a@example.com"}}, ""},
		{"[email-addr:value='a@example.com' OR domain-name:value = 'example.org']OR[url:value = 'https://x.example/it\\'s']",
			[]comparison{{"email", "a@example.com"}, {"domain", "example.org"}, {"url", "https://x.example/it's"}}, ""},
		{"[user-account:account_type = 'github' AND user-account:account_login = 'octo']", []comparison{{"github", "octo"}}, ""},
		{"[user-account:account_login = 'octo' AND user-account:account_type = 'github']", []comparison{{"github", "octo"}}, ""},
		{"[user-account:account_login = 'octo']", nil, "needs user-account:account_type"},
		{"[user-account:account_type = 'github' OR user-account:account_login = 'octo']", nil, "ANDed"},
		{"[email-addr:value = 'a@example.com' AND domain-name:value = 'example.org']", nil, "AND is only"},
		{"[ipv4-addr:value = '198.51.100.7']", nil, "unsupported object path \"ipv4-addr:value\""},
		{"[email-addr:value != 'a@example.com']", nil, "only the '=' operator"},
		{"[email-addr:value = 'a@example.com'] AND [url:value = 'https://x.example']", nil, "only OR"},
		{"[email-addr:value = 'a@example.com'] WITHIN 10 SECONDS", nil, "only OR"},
		{"[email-addr:value = 'a@example.com", nil, "unterminated"},
		{"email-addr:value = 'a'", nil, "want '['"},
		{"[email-addr:value = 'a\\x']", nil, "bad escape"},
	}
	for _, tt := range tests {
		got, err := parsePattern(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parsePattern(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parsePattern(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestReadSTIXErrors(t *testing.T) {
	ind := func(pattern string) string {
		return `{"type":"bundle","id":"bundle--65af5869-3077-4efc-ad96-ca536276c0ad","objects":[{"type":"indicator","id":"indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e","pattern_type":"stix","pattern":` + pattern + `,"valid_from":"2024-01-01T00:00:00Z"}]}`
	}
	tests := []struct {
		name, in, record, field, msg string
	}{
		{"not json", "{", "", "", "not a JSON STIX bundle"},
		{"not a bundle", `{"type":"indicator"}`, "", "type", "want \"bundle\""},
		{"bad pattern", ind(`"[ipv4-addr:value = '198.51.100.7']"`), "indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "pattern", "unsupported object path"},
		{"bad value", ind(`"[email-addr:value = 'nobody']"`), "indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "pattern", "invalid e-mail"},
		{"sigma", strings.Replace(ind(`"x"`), `"stix"`, `"sigma"`, 1), "indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "pattern_type", "only \"stix\""},
		{"no id", `{"type":"bundle","id":"bundle--1","objects":[{"type":"url","value":"https://x.example"}]}`, "objects[0]", "id", "without type or id"},
		{"bad sco", `{"type":"bundle","id":"b","objects":[{"type":"x-crypto-wallet","id":"x-crypto-wallet--1","value":"1abc"}]}`, "x-crypto-wallet--1", "value", "invalid wallet"},
		{"bad time", strings.Replace(ind(`"[url:value = 'https://x.example']"`), `2024-01-01T00:00:00Z`, `yesterday`, 1), "indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e", "valid_from", "RFC 3339"},
	}
	for _, tt := range tests {
		l, err := ReadSTIX(strings.NewReader(tt.in), "b.json", Options{})
		var ie *bonafide.InputError
		if !errors.As(err, &ie) || l != nil {
			t.Errorf("%s: got %v, %v; want InputError", tt.name, l, err)
			continue
		}
		if ie.File != "b.json" || ie.Record != tt.record || ie.Field != tt.field || !strings.Contains(ie.Error(), tt.msg) {
			t.Errorf("%s: got %q (record %q field %q); want record %q field %q containing %q", tt.name, ie.Error(), ie.Record, ie.Field, tt.record, tt.field, tt.msg)
		}
	}
}

func TestTLPAndDatesRoundTrip(t *testing.T) {
	tests := []struct{ tlp, first, wantTLP, wantFirst string }{
		{"white", "2024-01-01T00:00:00Z", "clear", "2024-01-01"},
		{"TLP:AMBER+STRICT", "2024-01-01T10:30:00+02:00", "amber+strict", "2024-01-01T08:30:00Z"},
		{"red", "2024-02-29T23:59:59.5Z", "red", "2024-02-29T23:59:59.5Z"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		in := "type,value,tlp,first_seen\nemail,a@example.com," + tt.tlp + "," + tt.first + "\n"
		l, err := ReadCSV(strings.NewReader(in), "t.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteSTIX(&buf, l, WriteOptions{Created: created}); err != nil {
			t.Fatal(err)
		}
		back, err := ReadSTIX(&buf, "t.json", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []Entry{l.Entries[0], back.Entries[0]} {
			if e.TLP != tt.wantTLP || e.FirstSeen != tt.wantFirst {
				t.Errorf("tlp %q first_seen %q: got %q, %q; want %q, %q", tt.tlp, tt.first, e.TLP, e.FirstSeen, tt.wantTLP, tt.wantFirst)
			}
		}
	}
}
