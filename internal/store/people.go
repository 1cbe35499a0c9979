package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// SaveStats says what SaveScan did. Inserted, Updated and Unchanged count distinct people of
// the batch; Findings counts the distinct findings given (by person, signal and key), of which
// FindingsWritten were inserted or rewritten (the rest were stored already, identical), and
// FindingsRemoved counts stored findings of people in scope that the new scan no longer has.
type SaveStats struct {
	Inserted, Updated, Unchanged, Findings int
	FindingsWritten, FindingsRemoved       int
}

// SaveScan persists one scan in one transaction.
//
// people are upserted by Person.ID (a later duplicate ID in the batch wins). A person whose
// content hash (SHA-256 of the JSON record and the raw record) matches the stored one is
// skipped entirely; a new or changed person is written with its canonical identifiers
// (Person.Identifiers with a non-empty Value; for a changed person only the identifier rows
// that differ from its stored record are deleted and inserted).
//
// scope lists the person IDs whose findings were recomputed: their stored findings become
// exactly those in findings. Findings of people outside scope are upserted by (person, signal,
// key) without removing their other findings. Findings identical to the stored ones are not
// rewritten, so re-saving the same input changes no row (not even updated_at).
//
// Every finding's person must be in the batch or already stored (Conflict otherwise). A nil
// person, an empty ID, or a finding without person or signal or with a non-finite weight is
// Invalid. On any error, including a cancelled ctx, the transaction rolls back and the store
// is unchanged.
//
// Encoding (JSON, hashes, sorting) runs on the other cores while one connection inserts, with
// prepared multi-row INSERTs in primary-key order; 100,000 new applicants with 8 identifiers
// and one finding each take about 2.2-2.6 s on 2 cores (BenchmarkSaveScan100k).
func (s *Store) SaveScan(ctx context.Context, people []*bonafide.Person, scope []string, findings []bonafide.Finding) (SaveStats, error) {
	if err := checkFindings(findings); err != nil {
		return SaveStats{}, &bonafide.Error{Kind: bonafide.Invalid, Op: "store.SaveScan", Err: err}
	}
	return s.SaveScanWith(ctx, people, scope, func() ([]bonafide.Finding, error) { return findings, nil })
}

// SaveScanWith is SaveScan with the findings computed while the people are written, so that
// detection (all cores) overlaps the database write (one connection). compute is called once,
// on another goroutine, after the transaction has begun; its findings are written after the
// people and identifiers, in the same transaction. An error from compute rolls everything back
// and is returned as it is; findings that fail the checks of SaveScan are an Invalid error.
func (s *Store) SaveScanWith(ctx context.Context, people []*bonafide.Person, scope []string, compute func() ([]bonafide.Finding, error)) (SaveStats, error) {
	const op = "store.SaveScan"
	rows, err := dedupePeople(people)
	if err != nil {
		return SaveStats{}, &bonafide.Error{Kind: bonafide.Invalid, Op: op, Err: err}
	}
	now := formatTime(s.now())
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	defer tx.Rollback()
	if s.d.lockPeople != "" {
		if _, err := tx.ExecContext(ctx, s.d.lockPeople); err != nil {
			return SaveStats{}, s.wrap(op, err)
		}
	}
	codes, err := s.codes(ctx, tx, rows)
	if err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	stored, maxPK, err := s.storedPeople(ctx, tx, rows)
	if err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	peopleStored := maxPK
	for i := range rows {
		if sp, ok := stored[rows[i].p.ID]; ok {
			rows[i].pk = sp.pk
		} else {
			maxPK++
			rows[i].pk = maxPK
		}
	}

	enc := encode(ctx, rows, stored, codes, compute)
	defer enc.wait()
	st, changed, err := s.insertPeople(ctx, tx, rows, enc, codes, now)
	if err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := s.stage("people"); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := s.insertIdentifiers(ctx, tx, <-enc.idents); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := s.updateIdentifiers(ctx, tx, changed, codes); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := s.stage("identifiers"); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	prepared := <-enc.findings
	if prepared.err != nil {
		var ce errComputed
		if errors.As(prepared.err, &ce) {
			return SaveStats{}, ce.err
		}
		return SaveStats{}, &bonafide.Error{Kind: bonafide.Invalid, Op: op, Err: prepared.err}
	}
	st.Findings = len(prepared.rows)
	isNew := func(id string) bool {
		if _, ok := stored[id]; ok {
			return false
		}
		_, inBatch := slices.BinarySearchFunc(rows, id, func(r personRow, id string) int { return cmp.Compare(r.p.ID, id) })
		return inBatch
	}
	if err := s.saveFindings(ctx, tx, scope, prepared.rows, isNew, peopleStored, now, &st); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := s.stage("commit"); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := ctx.Err(); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return SaveStats{}, s.wrap(op, err)
	}
	s.wrote()
	return st, nil
}

// dedupePeople validates people and returns one row per ID (the last occurrence), by ID.
func dedupePeople(people []*bonafide.Person) ([]personRow, error) {
	last := make(map[string]int, len(people))
	for i, p := range people {
		if p == nil {
			return nil, errors.New("person " + strconv.Itoa(i) + " is nil")
		}
		if p.ID == "" {
			return nil, errors.New("person " + strconv.Itoa(i) + " has no ID")
		}
		last[p.ID] = i
	}
	rows := make([]personRow, 0, len(last))
	for i, p := range people {
		if last[p.ID] == i {
			rows = append(rows, personRow{p: p})
		}
	}
	slices.SortFunc(rows, func(a, b personRow) int { return cmp.Compare(a.p.ID, b.p.ID) })
	return rows, nil
}

// storedPerson is what SaveScan needs to know of a stored person.
type storedPerson struct {
	pk   int64
	hash string
}

// storedPeople returns the stored key and hash of those people of rows (sorted by ID) that are
// stored, and the largest stored pk. It reads the whole table when the batch is a large part of
// it, and looks the IDs up in chunks otherwise.
func (s *Store) storedPeople(ctx context.Context, tx *writeTx, rows []personRow) (map[string]storedPerson, int64, error) {
	out := map[string]storedPerson{}
	var maxPK int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(pk), 0) FROM people`).Scan(&maxPK); err != nil {
		return nil, 0, err
	}
	if maxPK == 0 || len(rows) == 0 {
		return out, maxPK, nil
	}
	scan := func(rs *sql.Rows, keep func(id string) bool) error {
		defer rs.Close()
		for rs.Next() {
			var id string
			var sp storedPerson
			if err := rs.Scan(&id, &sp.pk, &sp.hash); err != nil {
				return err
			}
			if keep(id) {
				out[id] = sp
			}
		}
		return rs.Err()
	}
	// pk is assigned densely, so maxPK approximates the number of stored people.
	if maxPK <= 2*int64(len(rows)) {
		rs, err := tx.QueryContext(ctx, `SELECT id, pk, content_hash FROM people`)
		if err != nil {
			return nil, 0, err
		}
		err = scan(rs, func(id string) bool {
			_, ok := slices.BinarySearchFunc(rows, id, func(r personRow, id string) int { return cmp.Compare(r.p.ID, id) })
			return ok
		})
		return out, maxPK, err
	}
	ids := make([]string, len(rows))
	for i := range rows {
		ids[i] = rows[i].p.ID
	}
	err := chunks(ids, maxInList, func(part []string) error {
		rs, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, pk, content_hash FROM people WHERE id IN `+inClause(len(part))), anys(part)...)
		if err != nil {
			return err
		}
		return scan(rs, func(string) bool { return true })
	})
	return out, maxPK, err
}

// insertPeople writes the new people (plain multi-row INSERTs) and the changed ones (upserts on
// pk) as their chunks become ready, reading the stored identifiers of changed people before
// their records are overwritten. It returns the counts and the changed rows.
func (s *Store) insertPeople(ctx context.Context, tx *writeTx, rows []personRow, enc *encoding, codes *codebook, now string) (SaveStats, []*personRow, error) {
	var st SaveStats
	var changed []*personRow
	const head = `INSERT INTO people (pk, id, role, name, country, source, source_id, line, record, raw, content_hash, created_at, updated_at)`
	ins := s.newBulk(tx, head, 13, ``)
	defer ins.close()
	upd := s.newBulk(tx, head, 13, ` ON CONFLICT (pk) DO UPDATE SET role = excluded.role, name = excluded.name, country = excluded.country,
source = excluded.source, source_id = excluded.source_id, line = excluded.line, record = excluded.record,
raw = excluded.raw, content_hash = excluded.content_hash, updated_at = excluded.updated_at`)
	defer upd.close()
	for i, ready := range enc.ready {
		select {
		case <-ready:
		case <-ctx.Done():
			return st, nil, ctx.Err()
		}
		if err := enc.errs[i]; err != nil {
			return st, nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "store.SaveScan", Err: err}
		}
		chunk := rows[i*encodeChunk : min((i+1)*encodeChunk, len(rows))]
		if err := s.loadOldIdentifiers(ctx, tx, chunk, codes); err != nil {
			return st, nil, err
		}
		for j := range chunk {
			r := &chunk[j]
			switch r.state {
			case stateUnchanged:
				st.Unchanged++
				continue
			case stateNew:
				st.Inserted++
			case stateChanged:
				st.Updated++
				changed = append(changed, r)
			}
			w := ins
			if r.state == stateChanged {
				w = upd
			}
			p := r.p
			if err := w.add(ctx, r.pk, p.ID, string(p.Role), p.Name, p.Country, p.Source, p.SourceID, int64(p.Line),
				r.record, r.raw, r.hash, now, now); err != nil {
				return st, nil, err
			}
		}
	}
	if err := ins.flush(ctx); err != nil {
		return st, nil, err
	}
	return st, changed, upd.flush(ctx)
}
