package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// People returns every stored person except those whose ID is in exclude (nil excludes none),
// as full records decoded from their stored JSON, ordered by ID. Records are decoded on all
// cores while the rows are read.
func (s *Store) People(ctx context.Context, exclude map[string]bool) ([]*bonafide.Person, error) {
	const op = "store.People"
	rs, err := s.db.QueryContext(ctx, `SELECT id, record, raw FROM people ORDER BY id`)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()

	type stored struct {
		id          string
		record, raw []byte
	}
	type batch struct {
		rows []stored
		out  []*bonafide.Person
		err  error
		done chan struct{}
	}
	work := make(chan *batch, 4)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range work {
				b.out = make([]*bonafide.Person, len(b.rows))
				for i, r := range b.rows {
					if b.out[i], b.err = decodePerson(r.id, r.record, r.raw); b.err != nil {
						break
					}
				}
				close(b.done)
			}
		})
	}
	var batches []*batch
	cur := &batch{done: make(chan struct{})}
	readErr := func() error {
		defer close(work)
		var record, raw sql.RawBytes
		for rs.Next() {
			var r stored
			if err := rs.Scan(&r.id, &record, &raw); err != nil {
				return err
			}
			if exclude[r.id] {
				continue
			}
			r.record = bytes.Clone(record)
			r.raw = bytes.Clone(raw)
			cur.rows = append(cur.rows, r)
			if len(cur.rows) == 256 {
				batches = append(batches, cur)
				work <- cur
				cur = &batch{done: make(chan struct{})}
			}
		}
		if len(cur.rows) > 0 {
			batches = append(batches, cur)
			work <- cur
		}
		return rs.Err()
	}()
	wg.Wait()
	if readErr != nil {
		return nil, s.wrap(op, readErr)
	}
	var out []*bonafide.Person
	for _, b := range batches {
		if b.err != nil {
			return nil, s.wrap(op, b.err)
		}
		out = append(out, b.out...)
	}
	return out, nil
}

// Person returns the stored person with the given ID, or a *bonafide.Error of kind NotFound.
func (s *Store) Person(ctx context.Context, id string) (*bonafide.Person, error) {
	const op = "store.Person"
	var record []byte
	var raw sql.NullString
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT record, raw FROM people WHERE id = ?`), id).Scan(&record, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bonafide.Errorf(bonafide.NotFound, op, "no person %q", id)
	}
	if err != nil {
		return nil, s.wrap(op, err)
	}
	p, err := decodePerson(id, record, []byte(raw.String))
	if err != nil {
		return nil, s.wrap(op, err)
	}
	return p, nil
}

// decodePerson decodes a stored record and puts back its raw record, which it keeps (callers
// pass bytes they own). It uses encoding/json, not the
// faster segmentio decoder: that one gives every map a capacity of 64, which multiplies the
// memory of a loaded population.)
func decodePerson(id string, record, raw []byte) (*bonafide.Person, error) {
	p := new(bonafide.Person)
	if err := json.Unmarshal(record, p); err != nil {
		return nil, fmt.Errorf("decode person %q: %w", id, err)
	}
	if len(raw) > 0 {
		p.Raw = json.RawMessage(raw)
	}
	return p, nil
}

// Findings returns the stored findings of the person personID, or of everyone when personID is
// "", ordered by person, signal and key. A person without findings yields an empty result, not
// an error.
func (s *Store) Findings(ctx context.Context, personID string) ([]bonafide.Finding, error) {
	const op = "store.Findings"
	q := `SELECT person_id, signal_id, key, severity, weight, summary, evidence, sources, related FROM findings`
	var args []any
	if personID != "" {
		q += ` WHERE person_id = ?`
		args = append(args, personID)
	}
	q += ` ORDER BY person_id, signal_id, key`
	rs, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	var out []bonafide.Finding
	for rs.Next() {
		var f bonafide.Finding
		var sev string
		var ev, src, rel []byte
		if err := rs.Scan(&f.PersonID, &f.SignalID, &f.Key, &sev, &f.Weight, &f.Summary, &ev, &src, &rel); err != nil {
			return nil, s.wrap(op, err)
		}
		f.Severity = bonafide.Severity(sev)
		if err := errors.Join(json.Unmarshal(ev, &f.Evidence), json.Unmarshal(src, &f.Sources), json.Unmarshal(rel, &f.Related)); err != nil {
			return nil, s.wrap(op, fmt.Errorf("decode finding %s/%s/%s: %w", f.PersonID, f.SignalID, f.Key, err))
		}
		out = append(out, f)
	}
	if err := rs.Err(); err != nil {
		return nil, s.wrap(op, err)
	}
	return out, nil
}

// PeopleByIdentifier returns the IDs, ordered, of the people holding the canonical identifier
// (kind, value) for any purpose. value must be canonical (internal/normalize); no match is an
// empty result, not an error.
func (s *Store) PeopleByIdentifier(ctx context.Context, kind bonafide.IdentifierKind, value string) ([]string, error) {
	const op = "store.PeopleByIdentifier"
	rs, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT DISTINCT p.id FROM identifiers i
JOIN people p ON p.pk = i.person
WHERE i.kind = (SELECT code FROM identifier_codes WHERE field = 'kind' AND name = ?) AND i.value = ?
ORDER BY p.id`), string(kind), value)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			return nil, s.wrap(op, err)
		}
		out = append(out, id)
	}
	if err := rs.Err(); err != nil {
		return nil, s.wrap(op, err)
	}
	return out, nil
}

// Counts is the number of rows of the main tables.
type Counts struct {
	People, Identifiers, Findings, ListFeatures int
}

// Counts returns the number of stored people, identifier rows, findings and list features.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	for _, x := range []struct {
		table string
		n     *int
	}{{"people", &c.People}, {"identifiers", &c.Identifiers}, {"findings", &c.Findings}, {"list_features", &c.ListFeatures}} {
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+x.table).Scan(x.n); err != nil {
			return Counts{}, s.wrap("store.Counts", err)
		}
	}
	return c, nil
}
