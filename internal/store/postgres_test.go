package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// dialectResult is everything a scan session reads back, for comparison across dialects.
type dialectResult struct {
	Stats        []SaveStats
	People       []*bonafide.Person
	Findings     []bonafide.Finding
	SharedIBAN   []string
	Counts       Counts
	Lists        []ListInfo
	Features     []ListFeature
	Audit        []AuditEntry
	Dispositions []Disposition
	Employees    []bonafide.Employee
}

// scanSession runs the same session on s: an import, a re-import with changes, a watchlist,
// a disposition, an audit entry and an HR roster, and reads everything back.
func scanSession(t *testing.T, s *Store) dialectResult {
	t.Helper()
	ctx := context.Background()
	var r dialectResult
	people, findings := synthPeople(1200)
	// IDs whose order differs between byte order and a linguistic collation.
	for _, id := range []string{"Zoë", "zoe", "Éva", "_under", "a-lower", "B-upper", "b", "ä"} {
		people = append(people, fullPerson(id))
		findings = append(findings, fullFinding(id))
	}
	r.Stats = append(r.Stats, mustSave(t, s, people, idsOf(people), findings))
	// Re-import: the first 300 changed (name, one identifier), 100 new, the rest unchanged.
	more, moreFindings := synthPeople(1300)
	for i, p := range more[:300] {
		p.Name += " (changed)"
		p.Identifiers[1].Value = fmt.Sprintf("+49160%08d", i)
		moreFindings[i].Weight = 45
	}
	r.Stats = append(r.Stats, mustSave(t, s, more, idsOf(more), moreFindings))
	r.Stats = append(r.Stats, mustSave(t, s, more, idsOf(more), moreFindings)) // a no-op
	if err := s.ReplaceList(ctx, ListInfo{Name: "OFAC-SDN", Version: "2025-05-30", SHA256: "ab12"}, sdnFeatures(50, "DPRK3", "DPRK4")); err != nil {
		t.Fatal(err)
	}
	if err := s.Dispose(ctx, Disposition{PersonID: "Zoë", List: "OFAC-SDN", EntryID: "e1", Decision: DecisionFalsePositive, Reason: "DOB differs", Analyst: "alice"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, "bob", "person.read", "Éva", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveEmployees(ctx, "hr", "roster.csv", []bonafide.Employee{{ID: "Zoë"}, {ID: "b"}}); err != nil {
		t.Fatal(err)
	}
	var err error
	if r.People, err = s.People(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if r.Findings, err = s.Findings(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if r.SharedIBAN, err = s.PeopleByIdentifier(ctx, bonafide.KindIBAN, "DE89370400440000000007"); err != nil {
		t.Fatal(err)
	}
	r.Counts = mustCounts(t, s)
	if r.Lists, err = s.Lists(ctx); err != nil {
		t.Fatal(err)
	}
	if r.Features, err = s.ListFeatures(ctx, "OFAC-SDN"); err != nil {
		t.Fatal(err)
	}
	if r.Audit, err = s.AuditLog(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if r.Dispositions, err = s.Dispositions(ctx); err != nil {
		t.Fatal(err)
	}
	if r.Employees, err = s.Employees(ctx); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDialectsAgree is the end-to-end smoke test of the PostgreSQL dialect: the same session
// (SaveScan, re-scan, People, Findings, lists, audit, dispositions, roster) gives identical
// results on SQLite and on PostgreSQL, ordering included.
func TestDialectsAgree(t *testing.T) {
	pgDSN := pgTestDSN(t) // skips (or fails under CI) first when there is no PostgreSQL
	lite := scanSession(t, openTest(t, ":memory:"))
	pg := scanSession(t, openTest(t, pgDSN))

	// The SQLite figures are right in themselves…
	wantStats := []SaveStats{
		{Inserted: 1208, Findings: 1208, FindingsWritten: 1208},
		{Inserted: 100, Updated: 300, Unchanged: 900, Findings: 1300, FindingsWritten: 400},
		{Unchanged: 1300, Findings: 1300},
	}
	if !reflect.DeepEqual(lite.Stats, wantStats) {
		t.Errorf("sqlite stats = %+v, want %+v", lite.Stats, wantStats)
	}
	if want := (Counts{People: 1308, Identifiers: 1300*8 + 8*3, Findings: 1308, ListFeatures: 50}); lite.Counts != want {
		t.Errorf("sqlite counts = %+v, want %+v", lite.Counts, want)
	}
	ids := make([]string, len(lite.People))
	for i, p := range lite.People {
		ids[i] = p.ID
	}
	if !slices.IsSorted(ids) || ids[0] != "B-upper" || ids[len(ids)-1] != "ä" {
		t.Errorf("people not in byte order: first %q, last %q", ids[0], ids[len(ids)-1])
	}
	if want := []string{"applicants.csv:0000028", "applicants.csv:0000029", "applicants.csv:0000030", "applicants.csv:0000031"}; !slices.Equal(lite.SharedIBAN, want) {
		t.Errorf("shared IBAN = %v, want %v", lite.SharedIBAN, want)
	}
	// …and PostgreSQL gives the same, field by field.
	lv, pv := reflect.ValueOf(lite), reflect.ValueOf(pg)
	for i := range lv.NumField() {
		if !reflect.DeepEqual(lv.Field(i).Interface(), pv.Field(i).Interface()) {
			t.Errorf("%s differ between sqlite and postgres", lv.Type().Field(i).Name)
		}
	}
}

// TestPostgresMigrations: concurrent opens of one empty schema migrate it once; reopening
// applies nothing; a schema newer than the binary is refused (Conflict).
func TestPostgresMigrations(t *testing.T) {
	dsn := pgTestDSN(t)
	ctx := context.Background()
	ms, err := migrations(postgresDialect)
	if err != nil || len(ms) != 3 {
		t.Fatalf("postgres migrations = %d, %v; want 3", len(ms), err)
	}
	stores := make([]*Store, 4)
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = Open(ctx, dsn) })
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Fatalf("concurrent Open %d: %v", i, errs[i])
		}
		defer s.Close()
	}
	s := stores[0]
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != 3 {
		t.Errorf("schema_migrations rows = %d, %v; want 3", n, err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != 3 {
		t.Errorf("SchemaVersion = %d, %v; want 3", v, err)
	}
	// The append-only audit log refuses TRUNCATE too, and an UPDATE of no rows.
	for _, q := range []string{`TRUNCATE audit_log`, `UPDATE audit_log SET actor = 'x' WHERE id < 0`} {
		if _, err := s.db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded on the audit log", q)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'x')`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn); bonafide.KindOf(err) != bonafide.Conflict {
		t.Errorf("Open of a newer schema = %v, want Conflict", err)
	}
}

func TestIsPostgres(t *testing.T) {
	for _, c := range []struct {
		dsn  string
		want bool
	}{
		{"postgres://u@h/db", true}, {"postgresql://h/db?sslmode=disable", true}, {"bonafide.db", false},
		{"file:postgres://x", false}, {":memory:", false}, {"./postgres://x", false}, {"POSTGRES://h/db", false},
	} {
		if got := isPostgres(c.dsn); got != c.want {
			t.Errorf("isPostgres(%q) = %v, want %v", c.dsn, got, c.want)
		}
	}
	for _, c := range [][2]string{
		{"postgres://u:secret@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"bonafide.db", "bonafide.db"},
	} {
		if got := redactDSN(c[0]); got != c[1] {
			t.Errorf("redactDSN(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// FuzzPostgresRoundTrip is FuzzPersonRoundTrip on PostgreSQL: people with arbitrary valid
// UTF-8 text and raw records come back equal, byte-exact Raw included, and indexed. Text with
// a NUL byte or invalid UTF-8 is outside what PostgreSQL's TEXT holds (intake never delivers
// it) and must be refused with an error, never stored with Raw altered.
func FuzzPostgresRoundTrip(f *testing.F) {
	f.Add("Jürgen", "a@b.c", []byte(`{"x": 1}`), "résumé\n<b>")
	f.Add("", "", []byte(nil), "")
	f.Add("'\"?$1", "?", []byte("not json"), "\u2028")
	f.Add("\x00", "\xff", []byte("\xff"), "")
	s, err := Open(context.Background(), pgTestDSN(f))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	n := 0
	f.Fuzz(func(t *testing.T, name, value string, raw []byte, doc string) {
		n++
		p := &bonafide.Person{
			ID: fmt.Sprintf("fuzz-%d-%s", n, name), Name: name,
			Identifiers: []bonafide.Identifier{{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: value, Value: value, Attrs: map[string]string{name: doc}}},
			Documents:   map[string]string{"resume": doc},
		}
		if len(raw) > 0 {
			p.Raw = raw
		}
		ctx := context.Background()
		storable := utf8Valid(name, value, doc, string(raw)) && !strings.Contains(name+value+doc+string(raw), "\x00")
		_, err := s.SaveScan(ctx, []*bonafide.Person{p}, nil, nil)
		if !storable {
			if err == nil {
				// Invalid UTF-8 only inside the JSON record is replaced by U+FFFD by encoding/json,
				// on either dialect; Raw must still be exact.
				if got, err := s.Person(ctx, p.ID); err != nil || string(got.Raw) != string(p.Raw) {
					t.Errorf("unstorable text stored altered: %+v, %v", got, err)
				}
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Person(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Raw) != string(p.Raw) || !reflectEqualJSON(got, p) {
			t.Errorf("round trip differs: got %+v, want %+v", got, p)
		}
		if value != "" {
			ids, err := s.PeopleByIdentifier(ctx, bonafide.KindEmail, value)
			if err != nil || !slices.Contains(ids, p.ID) {
				t.Errorf("PeopleByIdentifier(%q) = %v, %v", value, ids, err)
			}
		}
		if st, err := s.SaveScan(ctx, []*bonafide.Person{p}, nil, nil); err != nil || st.Unchanged != 1 {
			t.Errorf("re-save = %+v, %v", st, err)
		}
	})
}
