package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// forEachDialect runs fn against a fresh store of every dialect and flavour the store
// supports: an SQLite file in t.TempDir(), an SQLite ":memory:" database, and PostgreSQL in a
// fresh schema of the database named by BONAFIDE_TEST_PG (see pgTestDSN).
func forEachDialect(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	cases := []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite-file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "bonafide.db") }},
		{"sqlite-memory", func(*testing.T) string { return ":memory:" }},
		{"postgres", func(t *testing.T) string { return pgTestDSN(t) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t, c.dsn(t))
			fn(t, s)
		})
	}
}

var pgSchemaSeq atomic.Int64

// pgTestDSN returns a DSN for a fresh, empty PostgreSQL schema in the database named by the
// environment variable BONAFIDE_TEST_PG (a postgres:// URL; .ci/run starts a server and sets
// it), dropped with everything in it when the test ends. Without BONAFIDE_TEST_PG the test is
// skipped, or fails when CI=true.
func pgTestDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("BONAFIDE_TEST_PG")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("BONAFIDE_TEST_PG is not set (CI=true): the store tests must run on PostgreSQL; .ci/run starts one")
		}
		t.Skip("BONAFIDE_TEST_PG is not set: skipping the PostgreSQL store tests (set it to a postgres:// URL)")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("BONAFIDE_TEST_PG: %v", err)
	}
	schema := fmt.Sprintf("bonafide_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, pgSchemaSeq.Add(1))
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	// Registered before the store's own Close (openTest), so it runs after it.
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("BONAFIDE_TEST_PG: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTest opens a store with a deterministic clock: every call of now is one second later.
func openTest(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open(%q): %v", dsn, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	var mu sync.Mutex
	clock := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	return s
}

// fullPerson has every field of bonafide.Person set.
func fullPerson(id string) *bonafide.Person {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return &bonafide.Person{
		ID: id, Role: bonafide.RoleEmployee, Source: "hr/employees.csv", SourceID: "E-17", Line: 18,
		Name: "Jürgen Müller-Świątek", Country: "DE", TimeZone: "Europe/Berlin",
		Identifiers: []bonafide.Identifier{
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: "J.Mueller+jobs@GMail.com", Value: "jmueller@gmail.com", Attrs: map[string]string{"domain": "gmail.com"}},
			{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: "+49 151 1234 5678", Value: "+4915112345678", Country: "DE", Attrs: map[string]string{"line_type": "mobile", "carrier": "T-Mobile"}},
			{Kind: bonafide.KindWallet, Purpose: bonafide.PurposePayout, Raw: "0xAbC123", Value: "ETH:0xabc123", Attrs: map[string]string{"chain": "ETH"}},
			{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: "call me", Error: "not a phone number"},
		},
		Claims: []bonafide.Claim{
			{Kind: bonafide.ClaimEmployment, Org: "Acme GmbH", Title: "Go Developer", Country: "DE", Start: day(2020, 3, 1), Current: true, FullTime: true, Text: "Go, PostgreSQL, Kubernetes"},
			{Kind: bonafide.ClaimEducation, Org: "TU München", Title: "MSc Informatik", Start: day(2015, 10, 1), End: day(2019, 9, 1)},
		},
		References: []bonafide.Reference{{
			Name: "Anna Schmidt", Company: "Acme GmbH", Title: "CTO", Relationship: "manager", Verified: true,
			Identifiers: []bonafide.Identifier{{Kind: bonafide.KindEmail, Raw: "anna@acme.example", Value: "anna@acme.example"}},
		}},
		Application: &bonafide.Application{
			Position: "Staff Engineer", SubmittedAt: time.Date(2025, 5, 4, 13, 14, 15, 123456789, time.UTC),
			Channel: "referral", UserAgent: "Mozilla/5.0 <x> & \"y\"", StartDate: day(2025, 7, 1),
		},
		Documents:  map[string]string{"resume": "Ten years of Go.\nLine two <b>bold</b>", "cover_letter": "Dear team,"},
		ReferredBy: "hr/employees.csv:E-3",
		// Raw keeps its whitespace and key order byte for byte.
		Raw: json.RawMessage("{ \"id\": \"E-17\",\n  \"name\": \"Jürgen\" ,\"z\":1, \"a\":2 }"),
	}
}

func fullFinding(personID string) bonafide.Finding {
	return bonafide.Finding{
		PersonID: personID, SignalID: "APP-PHONE-VOIP", Severity: bonafide.SeverityMedium, Weight: 12.5,
		Summary:  "contact phone is a VoIP number",
		Evidence: []bonafide.Evidence{{Field: "phone", Value: "+4915112345678", Note: "line type voip"}, {Note: "second fact"}},
		Sources:  []string{"FBI22", "GTIG25"},
		Related:  []string{"b", "c"},
		Key:      "+4915112345678",
	}
}

func mustSave(t *testing.T, s *Store, people []*bonafide.Person, scope []string, findings []bonafide.Finding) SaveStats {
	t.Helper()
	st, err := s.SaveScan(context.Background(), people, scope, findings)
	if err != nil {
		t.Fatalf("SaveScan: %v", err)
	}
	return st
}

func mustCounts(t *testing.T, s *Store) Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func idsOf(people []*bonafide.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.ID
	}
	return out
}

// snapshot is everything SaveScan may change, as stored, with the row timestamps.
type snapshot struct {
	People   map[string][2]string // id → created_at, updated_at
	Records  map[string]string    // id → record + raw
	Idents   []string
	Findings map[string]string // person/signal/key → hash@updated_at
}

func takeSnapshot(t *testing.T, s *Store) snapshot {
	t.Helper()
	ctx := context.Background()
	sn := snapshot{People: map[string][2]string{}, Records: map[string]string{}, Findings: map[string]string{}}
	rs, err := s.db.QueryContext(ctx, `SELECT id, created_at, updated_at, record, COALESCE(raw, '') FROM people`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var id, c, u, rec, raw string
		if err := rs.Scan(&id, &c, &u, &rec, &raw); err != nil {
			t.Fatal(err)
		}
		sn.People[id] = [2]string{c, u}
		sn.Records[id] = rec + "|" + raw
	}
	rs.Close()
	rs, err = s.db.QueryContext(ctx, `SELECT kind, value, person_id, purpose FROM identifiers_named ORDER BY kind, value, person_id, purpose`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var k, v, p, pu string
		if err := rs.Scan(&k, &v, &p, &pu); err != nil {
			t.Fatal(err)
		}
		sn.Idents = append(sn.Idents, k+"|"+v+"|"+p+"|"+pu)
	}
	rs.Close()
	rs, err = s.db.QueryContext(ctx, `SELECT person_id, signal_id, key, content_hash, updated_at FROM findings`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var p, sig, k, h, u string
		if err := rs.Scan(&p, &sig, &k, &h, &u); err != nil {
			t.Fatal(err)
		}
		sn.Findings[p+"/"+sig+"/"+k] = h + "@" + u
	}
	rs.Close()
	return sn
}

func TestPersonRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := fullPerson("hr/employees.csv:E-17")
		f := fullFinding(p.ID)
		st := mustSave(t, s, []*bonafide.Person{p}, []string{p.ID}, []bonafide.Finding{f})
		if want := (SaveStats{Inserted: 1, Findings: 1, FindingsWritten: 1}); st != want {
			t.Errorf("stats = %+v, want %+v", st, want)
		}
		got, err := s.Person(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(p)
			t.Errorf("Person round trip differs:\n got %s\nwant %s", a, b)
		}
		if string(got.Raw) != string(p.Raw) {
			t.Errorf("Raw = %q, want %q byte for byte", got.Raw, p.Raw)
		}
		all, err := s.People(ctx, nil)
		if err != nil || len(all) != 1 || !reflect.DeepEqual(all[0], p) {
			t.Errorf("People = %v, %v; want the one person", all, err)
		}
		fs, err := s.Findings(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []bonafide.Finding{f}; !reflect.DeepEqual(fs, want) {
			t.Errorf("Findings = %+v, want %+v", fs, want)
		}
		// The canonical identifiers are indexed; the unnormalisable one and references are not.
		if c := mustCounts(t, s); c != (Counts{People: 1, Identifiers: 3, Findings: 1}) {
			t.Errorf("counts = %+v", c)
		}
		for _, q := range []struct {
			kind  bonafide.IdentifierKind
			value string
			want  []string
		}{
			{bonafide.KindEmail, "jmueller@gmail.com", []string{p.ID}},
			{bonafide.KindPhone, "+4915112345678", []string{p.ID}},
			{bonafide.KindWallet, "ETH:0xabc123", []string{p.ID}},
			{bonafide.KindEmail, "anna@acme.example", nil},        // a referee's, not the person's
			{bonafide.KindEmail, "+4915112345678", nil},           // right value, wrong kind
			{bonafide.KindPhone, "", nil},                         // unnormalised identifiers are not indexed
			{bonafide.KindEmail, "J.Mueller+jobs@GMail.com", nil}, // raw values are not indexed
		} {
			got, err := s.PeopleByIdentifier(ctx, q.kind, q.value)
			if err != nil || !slices.Equal(got, q.want) {
				t.Errorf("PeopleByIdentifier(%s, %q) = %v, %v; want %v", q.kind, q.value, got, err, q.want)
			}
		}
	})
}

func TestPersonMinimalRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		p := &bonafide.Person{ID: "x", Name: "X"}
		mustSave(t, s, []*bonafide.Person{p}, nil, nil)
		got, err := s.Person(context.Background(), "x")
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("Person = %+v, %v; want %+v", got, err, p)
		}
	})
}

func TestSaveScanIdempotent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		people, findings := synthPeople(600)
		scope := idsOf(people)
		st := mustSave(t, s, people, scope, findings)
		if want := (SaveStats{Inserted: 600, Findings: 600, FindingsWritten: 600}); st != want {
			t.Fatalf("first save = %+v, want %+v", st, want)
		}
		counts := mustCounts(t, s)
		if want := (Counts{People: 600, Identifiers: 4800, Findings: 600}); counts != want {
			t.Fatalf("counts = %+v, want %+v", counts, want)
		}
		before := takeSnapshot(t, s)
		st = mustSave(t, s, people, scope, findings)
		if want := (SaveStats{Unchanged: 600, Findings: 600}); st != want {
			t.Errorf("re-save = %+v, want %+v", st, want)
		}
		if c := mustCounts(t, s); c != counts {
			t.Errorf("counts after re-save = %+v, want %+v", c, counts)
		}
		if after := takeSnapshot(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("re-save rewrote rows")
		}
	})
}

func TestSaveScanChangedPerson(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		people, findings := synthPeople(8)
		mustSave(t, s, people, idsOf(people), findings)
		before := takeSnapshot(t, s)

		// Person 1 changes e-mail; person 2 only changes name; person 3 loses its device.
		changed := make([]*bonafide.Person, len(people))
		for i, p := range people {
			q := *p
			q.Identifiers = slices.Clone(p.Identifiers)
			changed[i] = &q
		}
		changed[1].Identifiers[0].Raw = "new@example.org"
		changed[1].Identifiers[0].Value = "new@example.org"
		changed[2].Name = "Renamed Person"
		changed[3].Identifiers = changed[3].Identifiers[:7]
		st := mustSave(t, s, changed, nil, nil)
		if want := (SaveStats{Updated: 3, Unchanged: 5}); st != want {
			t.Errorf("stats = %+v, want %+v", st, want)
		}
		if c := mustCounts(t, s); c != (Counts{People: 8, Identifiers: 63, Findings: 8}) {
			t.Errorf("counts = %+v", c)
		}
		for _, q := range []struct {
			kind  bonafide.IdentifierKind
			value string
			want  []string
		}{
			{bonafide.KindEmail, people[1].Identifiers[0].Value, nil},
			{bonafide.KindEmail, "new@example.org", []string{people[1].ID}},
			{bonafide.KindEmail, people[2].Identifiers[0].Value, []string{people[2].ID}},
			{bonafide.KindDevice, people[3].Identifiers[7].Value, nil},
			{bonafide.KindIBAN, people[0].Identifiers[4].Value, idsOf(people[0:4])},
		} {
			got, err := s.PeopleByIdentifier(ctx, q.kind, q.value)
			if err != nil || !slices.Equal(got, q.want) {
				t.Errorf("PeopleByIdentifier(%s, %q) = %v, %v; want %v", q.kind, q.value, got, err, q.want)
			}
		}
		p2, err := s.Person(ctx, people[2].ID)
		if err != nil || p2.Name != "Renamed Person" {
			t.Errorf("Person = %v, %v; want renamed", p2, err)
		}
		after := takeSnapshot(t, s)
		for id, ts := range after.People {
			was := before.People[id]
			if ts[0] != was[0] {
				t.Errorf("%s: created_at changed %s → %s", id, was[0], ts[0])
			}
			rewritten := id == people[1].ID || id == people[2].ID || id == people[3].ID
			if (ts[1] != was[1]) != rewritten {
				t.Errorf("%s: updated_at %s → %s, rewritten should be %v", id, was[1], ts[1], rewritten)
			}
		}
		// Findings were not in scope and none were given: untouched.
		if !reflect.DeepEqual(after.Findings, before.Findings) {
			t.Errorf("findings changed without scope")
		}
	})
}

func TestSaveScanFindingsScope(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		people, _ := synthPeople(3)
		a, b, c := people[0].ID, people[1].ID, people[2].ID
		f := func(pid, sig, key string, w float64) bonafide.Finding {
			return bonafide.Finding{PersonID: pid, SignalID: sig, Key: key, Weight: w, Severity: bonafide.SeverityLow, Summary: sig}
		}
		mustSave(t, s, people, []string{a, b, c}, []bonafide.Finding{
			f(a, "S1", "k1", 1), f(a, "S1", "k2", 1), f(b, "S2", "", 2), f(c, "S3", "", 3),
		})
		// Scope a and b: a keeps k1 (same), loses k2, gains S4; b loses everything.
		// c is out of scope: its S5 is added, its S3 stays. The duplicate S4 keeps the last.
		st := mustSave(t, s, nil, []string{a, b}, []bonafide.Finding{
			f(a, "S1", "k1", 1), f(a, "S4", "", 9), f(c, "S5", "", 5), f(a, "S4", "", 4),
		})
		if want := (SaveStats{Findings: 3, FindingsWritten: 3, FindingsRemoved: 2}); st != want {
			t.Errorf("stats = %+v, want %+v", st, want)
		}
		got, err := s.Findings(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, g := range got {
			keys = append(keys, fmt.Sprintf("%s/%s/%s=%g", g.PersonID, g.SignalID, g.Key, g.Weight))
		}
		want := []string{a + "/S1/k1=1", a + "/S4/=4", c + "/S3/=3", c + "/S5/=5"}
		if !slices.Equal(keys, want) {
			t.Errorf("findings = %v, want %v", keys, want)
		}
		one, err := s.Findings(ctx, c)
		if err != nil || len(one) != 2 || one[0].SignalID != "S3" || one[1].SignalID != "S5" {
			t.Errorf("Findings(c) = %+v, %v", one, err)
		}
		none, err := s.Findings(ctx, "nobody")
		if err != nil || len(none) != 0 {
			t.Errorf("Findings(nobody) = %v, %v; want empty", none, err)
		}
	})
}

func TestSaveScanDuplicateIDsLastWins(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		p1 := &bonafide.Person{ID: "dup", Name: "first"}
		p2 := &bonafide.Person{ID: "dup", Name: "second"}
		st := mustSave(t, s, []*bonafide.Person{p1, p2}, nil, nil)
		if st != (SaveStats{Inserted: 1}) {
			t.Errorf("stats = %+v", st)
		}
		got, err := s.Person(context.Background(), "dup")
		if err != nil || got.Name != "second" {
			t.Errorf("Person = %+v, %v; want the last", got, err)
		}
	})
}

func TestSaveScanFailureLeavesStoreUnchanged(t *testing.T) {
	people, findings := synthPeople(700)
	more, moreFindings := synthPeople(900) // 200 new people, and the first 700 changed
	for _, p := range more {
		p.Name += " (changed)"
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	nan := slices.Clone(moreFindings)
	nan[850].Weight = math.NaN()
	cases := []struct {
		name     string
		ctx      context.Context
		findings []bonafide.Finding
		fail     string // stage at which the test hook fails
		cancelAt string // stage at which the test hook cancels the context
		kind     bonafide.ErrorKind
		is       error
	}{
		{name: "unknown person in finding", ctx: context.Background(),
			findings: append(slices.Clone(moreFindings), bonafide.Finding{PersonID: "ghost", SignalID: "S"}), kind: bonafide.Conflict},
		{name: "non-finite weight", ctx: context.Background(), findings: nan, kind: bonafide.Invalid},
		{name: "cancelled after people", ctx: context.Background(), findings: moreFindings, cancelAt: "people", kind: bonafide.Internal, is: context.Canceled},
		{name: "cancelled before commit", ctx: context.Background(), findings: moreFindings, cancelAt: "commit", kind: bonafide.Internal, is: context.Canceled},
		{name: "cancelled context", ctx: cancelled, findings: moreFindings, kind: bonafide.Internal, is: context.Canceled},
		{name: "failure after people", ctx: context.Background(), findings: moreFindings, fail: "people", kind: bonafide.Internal},
		{name: "failure after identifiers", ctx: context.Background(), findings: moreFindings, fail: "identifiers", kind: bonafide.Internal},
		{name: "failure before commit", ctx: context.Background(), findings: moreFindings, fail: "commit", kind: bonafide.Internal},
		{name: "finding without signal", ctx: context.Background(), findings: []bonafide.Finding{{PersonID: "x"}}, kind: bonafide.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, s *Store) {
				mustSave(t, s, people, idsOf(people), findings)
				counts, before := mustCounts(t, s), takeSnapshot(t, s)
				injected := errors.New("injected failure")
				ctx, cancel := context.WithCancel(c.ctx)
				defer cancel()
				s.fail = func(stage string) error {
					if stage == c.cancelAt {
						cancel()
					}
					if stage == c.fail {
						return injected
					}
					return nil
				}
				_, err := s.SaveScan(ctx, more, idsOf(more), c.findings)
				if err == nil {
					t.Fatal("SaveScan succeeded, want an error")
				}
				if k := bonafide.KindOf(err); k != c.kind {
					t.Errorf("kind = %s, want %s (%v)", k, c.kind, err)
				}
				if c.is != nil && !errors.Is(err, c.is) {
					t.Errorf("err = %v, want %v in chain", err, c.is)
				}
				if c.fail != "" && !errors.Is(err, injected) {
					t.Errorf("err = %v, want the injected failure", err)
				}
				s.fail = nil
				if got := mustCounts(t, s); got != counts {
					t.Errorf("counts = %+v, want %+v", got, counts)
				}
				if after := takeSnapshot(t, s); !reflect.DeepEqual(after, before) {
					t.Errorf("store changed by a failed SaveScan")
				}
				// The store still works afterwards.
				st := mustSave(t, s, more, idsOf(more), moreFindings)
				if st.Inserted != 200 || st.Updated != 700 {
					t.Errorf("save after failure = %+v", st)
				}
			})
		})
	}
}

func TestSaveScanInvalid(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		for _, people := range [][]*bonafide.Person{{nil}, {{Name: "no id"}}} {
			if _, err := s.SaveScan(context.Background(), people, nil, nil); bonafide.KindOf(err) != bonafide.Invalid {
				t.Errorf("SaveScan(%v) = %v, want Invalid", people, err)
			}
		}
	})
}

func TestNotFound(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, err := s.Person(ctx, "nobody")
		if bonafide.KindOf(err) != bonafide.NotFound {
			t.Errorf("Person: %v, want NotFound", err)
		}
		var be *bonafide.Error
		if !errors.As(err, &be) || be.Op != "store.Person" {
			t.Errorf("Person error = %#v, want a *bonafide.Error from store.Person", err)
		}
		if _, err := s.List(ctx, "NOPE"); bonafide.KindOf(err) != bonafide.NotFound {
			t.Errorf("List: %v, want NotFound", err)
		}
		if _, err := s.ListFeatures(ctx, "NOPE"); bonafide.KindOf(err) != bonafide.NotFound {
			t.Errorf("ListFeatures: %v, want NotFound", err)
		}
		ids, err := s.PeopleByIdentifier(ctx, bonafide.KindEmail, "nobody@example.com")
		if err != nil || len(ids) != 0 {
			t.Errorf("PeopleByIdentifier = %v, %v; want empty", ids, err)
		}
	})
}

func TestPeopleExclude(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		people, _ := synthPeople(5)
		slices.Reverse(people)
		mustSave(t, s, people, nil, nil)
		got, err := s.People(context.Background(), map[string]bool{people[0].ID: true, people[2].ID: true, "unknown": true})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{people[4].ID, people[3].ID, people[1].ID} // ordered by ID
		if ids := idsOf(got); !slices.Equal(ids, want) {
			t.Errorf("People = %v, want %v", ids, want)
		}
		if !reflect.DeepEqual(got[0], people[4]) {
			t.Errorf("People decoded record differs")
		}
	})
}

func sdnFeatures(n int, programs ...string) []ListFeature {
	out := make([]ListFeature, n)
	for i := range out {
		out[i] = ListFeature{EntryID: fmt.Sprint(36000 + i), EntryName: fmt.Sprintf("PARTY %d", i), Programs: programs,
			Field: "Email Address", Kind: bonafide.KindEmail, Value: fmt.Sprintf("p%d@example.kp", i), Raw: fmt.Sprintf("P%d@Example.KP", i)}
	}
	return out
}

func TestReplaceList(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		loaded := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
		v1 := ListInfo{Name: "OFAC-SDN", Version: "2025-01-01", SHA256: "aa11", LoadedAt: loaded, Entries: 3}
		f1 := sdnFeatures(700, "DPRK3", "DPRK4")
		f1[5].Programs = nil
		if err := s.ReplaceList(ctx, v1, f1); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceList(ctx, ListInfo{Name: "UN-1718", Version: "v9"}, sdnFeatures(2, "DPRK")); err != nil {
			t.Fatal(err)
		}
		got, err := s.List(ctx, "OFAC-SDN")
		want := v1
		want.Features = 700
		if err != nil || got != want {
			t.Errorf("List = %+v, %v; want %+v", got, err, want)
		}
		fs, err := s.ListFeatures(ctx, "OFAC-SDN")
		if err != nil || !reflect.DeepEqual(fs, f1) {
			t.Errorf("ListFeatures differ: %v (%d features)", err, len(fs))
		}
		un, err := s.List(ctx, "UN-1718")
		if err != nil || un.LoadedAt.IsZero() || un.Features != 2 {
			t.Errorf("List(UN) = %+v, %v; want LoadedAt set and 2 features", un, err)
		}

		// A failed replacement keeps the previous issue whole.
		for _, stage := range []string{"list"} {
			s.fail = func(st string) error {
				if st == stage {
					return errors.New("disk full")
				}
				return nil
			}
			v2 := ListInfo{Name: "OFAC-SDN", Version: "2025-02-01", SHA256: "bb22", Entries: 1}
			if err := s.ReplaceList(ctx, v2, sdnFeatures(1, "X")); err == nil {
				t.Fatal("ReplaceList succeeded, want the injected failure")
			}
			s.fail = nil
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.ReplaceList(cancelled, ListInfo{Name: "OFAC-SDN"}, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("ReplaceList(cancelled) = %v", err)
		}
		got, err = s.List(ctx, "OFAC-SDN")
		if err != nil || got != want {
			t.Errorf("after failures List = %+v, %v; want %+v", got, err, want)
		}
		if fs, err := s.ListFeatures(ctx, "OFAC-SDN"); err != nil || len(fs) != 700 {
			t.Errorf("after failures %d features, %v; want 700", len(fs), err)
		}

		// A successful replacement replaces everything of that list and nothing else.
		v3 := ListInfo{Name: "OFAC-SDN", Version: "2025-03-01", SHA256: "cc33", LoadedAt: loaded.Add(time.Hour), Entries: 1}
		f3 := sdnFeatures(1, "DPRK2")
		if err := s.ReplaceList(ctx, v3, f3); err != nil {
			t.Fatal(err)
		}
		if fs, err := s.ListFeatures(ctx, "OFAC-SDN"); err != nil || !reflect.DeepEqual(fs, f3) {
			t.Errorf("ListFeatures after replace = %+v, %v", fs, err)
		}
		if c := mustCounts(t, s); c.ListFeatures != 3 {
			t.Errorf("list features = %d, want 3", c.ListFeatures)
		}
		all, err := s.Lists(ctx)
		if err != nil || len(all) != 2 || all[0].Name != "OFAC-SDN" || all[0].Version != "2025-03-01" || all[1].Name != "UN-1718" {
			t.Errorf("Lists = %+v, %v", all, err)
		}
		empty, err := s.ListFeatures(ctx, "UN-1718")
		if err != nil || len(empty) != 2 {
			t.Errorf("ListFeatures(UN) = %v, %v", empty, err)
		}
		if err := s.ReplaceList(ctx, ListInfo{}, nil); bonafide.KindOf(err) != bonafide.Invalid {
			t.Errorf("ReplaceList without name = %v, want Invalid", err)
		}
	})
}

func TestAudit(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, e := range [][4]string{
			{"alice", "person.read", "p1", ""},
			{"bob", "case.decide", "case-7", `{"status":"cleared"}`},
			{"alice", "person.read", "p1", "report"},
		} {
			if err := s.Audit(ctx, e[0], e[1], e[2], e[3]); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.AuditLog(ctx, "p1")
		if err != nil || len(got) != 2 || got[0].Actor != "alice" || got[1].Detail != "report" || !(got[0].ID < got[1].ID) {
			t.Errorf("AuditLog(p1) = %+v, %v", got, err)
		}
		if !got[0].At.Before(got[1].At) {
			t.Errorf("audit times not increasing: %v, %v", got[0].At, got[1].At)
		}
		all, err := s.AuditLog(ctx, "")
		if err != nil || len(all) != 3 {
			t.Errorf("AuditLog() = %d entries, %v", len(all), err)
		}
		// Append-only: the database refuses changes.
		for _, q := range []string{`UPDATE audit_log SET actor = 'mallory'`, `DELETE FROM audit_log`} {
			if _, err := s.db.ExecContext(ctx, q); err == nil {
				t.Errorf("%s succeeded on the audit log", q)
			}
		}
		if err := s.Audit(ctx, "", "x", "", ""); bonafide.KindOf(err) != bonafide.Invalid {
			t.Errorf("Audit without actor = %v, want Invalid", err)
		}
	})
}

func TestMigrationsIdempotentOnReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	ms, err := migrations(sqliteDialect)
	if err != nil || len(ms) == 0 {
		t.Fatalf("migrations = %v, %v", ms, err)
	}
	latest := ms[len(ms)-1].version
	people, findings := synthPeople(10)
	for round := range 3 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
			t.Errorf("round %d: schema version %d, %v; want %d", round, v, err, latest)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
			t.Errorf("round %d: %d rows in schema_migrations, %v; want %d", round, n, err, len(ms))
		}
		st, err := s.SaveScan(ctx, people, idsOf(people), findings)
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 && st.Inserted != 10 || round > 0 && st.Unchanged != 10 {
			t.Errorf("round %d: stats %+v", round, st)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		// Closing checkpoints the WAL into the database file and removes it.
		if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("round %d: WAL left after Close: %v", round, err)
		}
	}

	// A database migrated by a newer binary is refused rather than misread.
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'x')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); bonafide.KindOf(err) != bonafide.Conflict {
		t.Errorf("Open of a newer schema = %v, want Conflict", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", "postgres://localhost:notaport/bonafide", "postgresql://x/y?sslmode=bogus"} {
		if _, err := Open(ctx, dsn); bonafide.KindOf(err) != bonafide.Invalid {
			t.Errorf("Open(%q) = %v, want Invalid", dsn, err)
		}
	}
	// Nothing listens on port 1: unreachable is Internal, and the message hides the password.
	_, err := Open(ctx, "postgres://u:secret@127.0.0.1:1/db?connect_timeout=5&sslmode=disable")
	if bonafide.KindOf(err) != bonafide.Internal || strings.Contains(fmt.Sprint(err), "secret") {
		t.Errorf("Open of an unreachable PostgreSQL = %v, want Internal without the password", err)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "missing-dir", "x.db")); bonafide.KindOf(err) != bonafide.Internal {
		t.Errorf("Open in a missing directory = %v, want Internal", err)
	}
}

func TestOpenPragmas(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "odd?name#1%.db"))
	for _, c := range []struct{ pragma, want string }{
		{"journal_mode", "wal"}, {"foreign_keys", "1"}, {"synchronous", "1"}, {"busy_timeout", "10000"},
	} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil || got != c.want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", c.pragma, got, err, c.want)
		}
	}
}

func TestMemoryDatabasesArePrivate(t *testing.T) {
	a, b := openTest(t, ":memory:"), openTest(t, ":memory:")
	mustSave(t, a, []*bonafide.Person{{ID: "only-in-a"}}, nil, nil)
	if c := mustCounts(t, b); c.People != 0 {
		t.Errorf("second :memory: store sees %d people", c.People)
	}
	if c := mustCounts(t, a); c.People != 1 {
		t.Errorf("first :memory: store has %d people", c.People)
	}
}

func TestConcurrentSaveScans(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for w := range 4 {
			wg.Go(func() {
				people := make([]*bonafide.Person, 300)
				for i := range people {
					people[i] = &bonafide.Person{ID: fmt.Sprintf("w%d-%03d", w, i), Identifiers: []bonafide.Identifier{
						{Kind: bonafide.KindIBAN, Value: "SHARED", Purpose: bonafide.PurposePayout}}}
				}
				_, errs[w] = s.SaveScan(ctx, people, nil, nil)
				if errs[w] == nil {
					_, errs[w] = s.People(ctx, nil)
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		ids, err := s.PeopleByIdentifier(ctx, bonafide.KindIBAN, "SHARED")
		if err != nil || len(ids) != 1200 {
			t.Errorf("shared IBAN holders = %d, %v; want 1200", len(ids), err)
		}
	})
}

func utf8Valid(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// reflectEqualJSON compares two people field by field (Raw included).
func reflectEqualJSON(a, b *bonafide.Person) bool { return reflect.DeepEqual(a, b) }

// TestSaveScanWith: findings computed during the write are stored like SaveScan's; an error
// from the computation rolls the whole scan back and comes back unchanged.
func TestSaveScanWith(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustSave(t, s, []*bonafide.Person{fullPerson("P-1")}, []string{"P-1"}, []bonafide.Finding{fullFinding("P-1")})
		before := mustCounts(t, s)

		boom := errors.New("detector failed")
		_, err := s.SaveScanWith(ctx, []*bonafide.Person{fullPerson("P-2")}, []string{"P-1", "P-2"},
			func() ([]bonafide.Finding, error) { return nil, boom })
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the compute error", err)
		}
		if after := mustCounts(t, s); after != before {
			t.Fatalf("failed compute changed the store: %+v → %+v", before, after)
		}

		st, err := s.SaveScanWith(ctx, []*bonafide.Person{fullPerson("P-2")}, []string{"P-2"},
			func() ([]bonafide.Finding, error) { return []bonafide.Finding{fullFinding("P-2")}, nil })
		if err != nil || st.Inserted != 1 || st.Findings != 1 {
			t.Fatalf("stats %+v, err %v", st, err)
		}
		fs, err := s.Findings(ctx, "P-2")
		if err != nil || len(fs) != 1 || fs[0].SignalID != fullFinding("P-2").SignalID {
			t.Fatalf("findings of P-2: %+v, %v", fs, err)
		}
	})
}
