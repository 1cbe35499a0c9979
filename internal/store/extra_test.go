package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestStoredRecordIsEncodingJSON(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := fullPerson("p1")
		mustSave(t, s, []*bonafide.Person{p}, nil, nil)
		var record string
		if err := s.db.QueryRowContext(ctx, `SELECT record FROM people WHERE id = 'p1'`).Scan(&record); err != nil {
			t.Fatal(err)
		}
		q := *p
		q.Raw = nil
		want, err := json.Marshal(&q)
		if err != nil {
			t.Fatal(err)
		}
		if record != string(want) {
			t.Errorf("stored record differs from encoding/json:\n got %s\nwant %s", record, want)
		}
		// Maps (Attrs, Documents) are encoded in sorted key order, so the hash is stable and
		// re-saving never rewrites.
		for range 5 {
			if st := mustSave(t, s, []*bonafide.Person{fullPerson("p1")}, nil, nil); st != (SaveStats{Unchanged: 1}) {
				t.Fatalf("re-save of an identical person = %+v", st)
			}
		}
	})
}

func TestSaveScanNewKindsAndPurposes(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := &bonafide.Person{ID: "p", Identifiers: []bonafide.Identifier{
			{Kind: "passport", Purpose: "kyc", Raw: "X 123", Value: "X123"},
			{Kind: bonafide.KindEmail, Purpose: "newsletter", Raw: "a@b.c", Value: "a@b.c"},
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: "A@B.C", Value: "a@b.c"},
			{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: "a@B.c", Value: "a@b.c"}, // duplicate row
		}}
		q := &bonafide.Person{ID: "q", Identifiers: []bonafide.Identifier{{Kind: "passport", Value: "X123"}}}
		mustSave(t, s, []*bonafide.Person{p, q}, nil, nil)
		for _, c := range []struct {
			kind  bonafide.IdentifierKind
			value string
			want  []string
		}{
			{"passport", "X123", []string{"p", "q"}},
			{bonafide.KindEmail, "a@b.c", []string{"p"}}, // held for two purposes, listed once
			{"unknown-kind", "X123", nil},
		} {
			got, err := s.PeopleByIdentifier(ctx, c.kind, c.value)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("PeopleByIdentifier(%s, %s) = %v, %v; want %v", c.kind, c.value, got, err, c.want)
			}
		}
		if c := mustCounts(t, s); c.Identifiers != 4 {
			t.Errorf("identifier rows = %d, want 4", c.Identifiers)
		}
		snap := takeSnapshot(t, s)
		want := []string{"email|a@b.c|p|contact", "email|a@b.c|p|newsletter", "passport|X123|p|kyc", "passport|X123|q|"}
		if !slices.Equal(snap.Idents, want) {
			t.Errorf("identifiers = %v, want %v", snap.Idents, want)
		}
		// A second store run sees the codes the first one added.
		if st := mustSave(t, s, []*bonafide.Person{p, q}, nil, nil); st.Unchanged != 2 {
			t.Errorf("re-save = %+v", st)
		}
	})
}

func TestSaveScanSmallBatchIntoLargeStore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		people, findings := synthPeople(1500)
		mustSave(t, s, people, idsOf(people), findings)
		// One changed (new e-mail), one unchanged, one new; looked up by ID, not by a table scan.
		changed := *people[700]
		changed.Identifiers = slices.Clone(changed.Identifiers)
		changed.Identifiers[0].Value = "moved@example.org"
		fresh := &bonafide.Person{ID: "zz-new", Identifiers: []bonafide.Identifier{{Kind: bonafide.KindIBAN, Purpose: bonafide.PurposePayout, Value: people[0].Identifiers[4].Value}}}
		st := mustSave(t, s, []*bonafide.Person{&changed, people[701], fresh}, []string{"zz-new"},
			[]bonafide.Finding{{PersonID: "zz-new", SignalID: "APP-PAYOUT-SHARED", Key: "k", Weight: 30}})
		if want := (SaveStats{Inserted: 1, Updated: 1, Unchanged: 1, Findings: 1, FindingsWritten: 1}); st != want {
			t.Errorf("stats = %+v, want %+v", st, want)
		}
		if c := mustCounts(t, s); c != (Counts{People: 1501, Identifiers: 12001, Findings: 1501}) {
			t.Errorf("counts = %+v", c)
		}
		got, err := s.PeopleByIdentifier(ctx, bonafide.KindIBAN, people[0].Identifiers[4].Value)
		if want := append(idsOf(people[0:4]), "zz-new"); err != nil || !slices.Equal(got, want) {
			t.Errorf("shared IBAN = %v, %v; want %v", got, err, want)
		}
		if got, _ := s.PeopleByIdentifier(ctx, bonafide.KindEmail, "moved@example.org"); !slices.Equal(got, []string{changed.ID}) {
			t.Errorf("moved e-mail = %v", got)
		}
		if got, _ := s.PeopleByIdentifier(ctx, bonafide.KindEmail, people[700].Identifiers[0].Value); len(got) != 0 {
			t.Errorf("old e-mail still indexed: %v", got)
		}
	})
}

func TestSaveScanManyChangedIdentifiers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		people, _ := synthPeople(600)
		mustSave(t, s, people, nil, nil)
		moved := make([]*bonafide.Person, len(people))
		for i, p := range people {
			q := *p
			q.Identifiers = slices.Clone(p.Identifiers)
			q.Identifiers[0].Value = fmt.Sprintf("moved%d@example.org", i)
			q.Identifiers = q.Identifiers[:6] // drops IP and device
			moved[i] = &q
		}
		st := mustSave(t, s, moved, nil, nil)
		if st != (SaveStats{Updated: 600}) {
			t.Errorf("stats = %+v", st)
		}
		if c := mustCounts(t, s); c.Identifiers != 3600 {
			t.Errorf("identifier rows = %d, want 3600", c.Identifiers)
		}
		all, err := s.People(ctx, nil)
		if err != nil || len(all) != 600 || all[5].Identifiers[0].Value != "moved5@example.org" || len(all[5].Identifiers) != 6 {
			t.Errorf("People after change: %d, %v", len(all), err)
		}
		if got, _ := s.PeopleByIdentifier(ctx, bonafide.KindEmail, "moved599@example.org"); !slices.Equal(got, []string{people[599].ID}) {
			t.Errorf("moved599 = %v", got)
		}
	})
}

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, sqlite, postgres string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"INSERT INTO t (a, b) VALUES (?,?),(?,?)", "INSERT INTO t (a, b) VALUES (?,?),(?,?)", "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4)"},
		{"SELECT '?', \"a?\", ? -- what?\n, ? /* ? */", "SELECT '?', \"a?\", ? -- what?\n, ? /* ? */", "SELECT '?', \"a?\", $1 -- what?\n, $2 /* ? */"},
		{"SELECT 'it''s ?', ?", "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"SELECT 'open ?", "SELECT 'open ?", "SELECT 'open ?"},
		{"SELECT ? -- trailing ?", "SELECT ? -- trailing ?", "SELECT $1 -- trailing ?"},
		{"SELECT ?/* open ?", "SELECT ?/* open ?", "SELECT $1/* open ?"},
		{"SELECT a-?", "SELECT a-?", "SELECT a-$1"},
	} {
		if got := sqliteDialect.rebind(c.in); got != c.sqlite {
			t.Errorf("sqlite rebind(%q) = %q, want %q", c.in, got, c.sqlite)
		}
		if got := rebindDollar(c.in); got != c.postgres {
			t.Errorf("postgres rebind(%q) = %q, want %q", c.in, got, c.postgres)
		}
	}
	if got := rebindDollar(strings.Repeat("?,", 11)); !strings.HasSuffix(got, "$10,$11,") {
		t.Errorf("rebind of 11 placeholders = %q", got)
	}
}

// FuzzRebind checks that rebinding keeps everything but the placeholders outside quotes and
// comments, and numbers those from 1.
func FuzzRebind(f *testing.F) {
	for _, seed := range []string{"SELECT ?", "'?' ? \"?\" -- ?\n ? /* ? */ ?", "'it''s' ?", "/* ", "--", "?'", "$1 ?"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := rebindDollar(q)
		// Undo: replace each $n we produced, in order, by ?; the result must be q again.
		var b strings.Builder
		n := 0
		for i := 0; i < len(got); i++ {
			if got[i] == '$' {
				want := fmt.Sprintf("$%d", n+1)
				if strings.HasPrefix(got[i:], want) && placeholderAt(q, b.Len()) {
					n++
					b.WriteByte('?')
					i += len(want) - 1
					continue
				}
			}
			b.WriteByte(got[i])
		}
		if b.String() != q {
			t.Fatalf("rebind(%q) = %q does not map back", q, got)
		}
		if strings.Count(q, "?") < n {
			t.Fatalf("rebind(%q) produced %d placeholders", q, n)
		}
		if !strings.ContainsRune(q, '?') && got != q {
			t.Fatalf("rebind changed %q without placeholders into %q", q, got)
		}
	})
}

// placeholderAt reports whether q has a ? at byte offset i.
func placeholderAt(q string, i int) bool { return i < len(q) && q[i] == '?' }

func TestSQLiteDSN(t *testing.T) {
	params := strings.Join(sqlitePragmas, "&")
	for _, c := range []struct {
		in, want string
		memory   bool
	}{
		{"bonafide.db", "file:bonafide.db?" + params, false},
		{"/var/lib/bonafide/x.db", "file:/var/lib/bonafide/x.db?" + params, false},
		{"odd?name#1%.db", "file:odd%3fname%231%25.db?" + params, false},
		{"file:x.db", "file:x.db?" + params, false},
		{"file:x.db?mode=ro", "file:x.db?mode=ro&" + params, false},
		{"file:shared?mode=memory&cache=shared", "file:shared?mode=memory&cache=shared&" + params, true},
	} {
		got, memory := sqliteDSN(c.in)
		if got != c.want || memory != c.memory {
			t.Errorf("sqliteDSN(%q) = %q, %v; want %q, %v", c.in, got, memory, c.want, c.memory)
		}
	}
	got, memory := sqliteDSN(":memory:")
	if !memory || !strings.HasPrefix(got, "file:bonafide-mem-") || !strings.Contains(got, "mode=memory") {
		t.Errorf("sqliteDSN(:memory:) = %q, %v", got, memory)
	}
}

func TestOpenFileURI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "uri.db")
	s := openTest(t, "file:"+path)
	mustSave(t, s, []*bonafide.Person{{ID: "a"}}, nil, nil)
	if c := mustCounts(t, s); c.People != 1 {
		t.Errorf("people = %d", c.People)
	}
}

// FuzzPersonRoundTrip saves people with arbitrary text and raw records and checks that they
// come back equal (for valid UTF-8 text, which intake guarantees), byte-exact Raw included,
// and that their canonical identifiers are indexed.
func FuzzPersonRoundTrip(f *testing.F) {
	f.Add("Jürgen", "a@b.c", []byte(`{"x": 1}`), "résumé\n<b>")
	f.Add("", "", []byte(nil), "")
	f.Add("\x00'\"?", "?", []byte("not json \xff"), "\u2028")
	s, err := Open(context.Background(), ":memory:")
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
		if _, err := s.SaveScan(ctx, []*bonafide.Person{p}, nil, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.Person(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Raw) != string(p.Raw) {
			t.Errorf("Raw = %q, want %q", got.Raw, p.Raw)
		}
		if utf8Valid(name, value, doc) && !reflectEqualJSON(got, p) {
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
