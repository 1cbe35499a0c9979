package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// identKey is one row of the identifiers table.
type identKey struct {
	kind    int64 // identifier_codes.code of the kind
	value   string
	person  int64 // people.pk
	purpose int64 // identifier_codes.code of the purpose
}

// compareIdent orders identifier rows as their primary key does.
func compareIdent(a, b identKey) int {
	if a.kind != b.kind {
		return cmp.Compare(a.kind, b.kind)
	}
	if c := strings.Compare(a.value, b.value); c != 0 {
		return c
	}
	if a.person != b.person {
		return cmp.Compare(a.person, b.person)
	}
	return cmp.Compare(a.purpose, b.purpose)
}

// codebook maps identifier kinds and purposes to their identifier_codes.
type codebook struct {
	kind, purpose map[string]int64
}

// keys appends the identifier rows of p, holding pk, to dst: one per identifier with a
// canonical value (whose kind and purpose have codes, as codes ensures for a batch).
func (c *codebook) keys(dst []identKey, p *bonafide.Person, pk int64) []identKey {
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Value == "" {
			continue
		}
		k, ok1 := c.kind[string(id.Kind)]
		u, ok2 := c.purpose[string(id.Purpose)]
		if ok1 && ok2 {
			dst = append(dst, identKey{kind: k, value: id.Value, person: pk, purpose: u})
		}
	}
	return dst
}

// codes returns the identifier codes, adding codes (next free number) for the kinds and
// purposes of rows that have none yet.
func (s *Store) codes(ctx context.Context, tx *writeTx, rows []personRow) (*codebook, error) {
	c := &codebook{kind: map[string]int64{}, purpose: map[string]int64{}}
	rs, err := tx.QueryContext(ctx, `SELECT code, field, name FROM identifier_codes`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var top int64
	for rs.Next() {
		var code int64
		var field, name string
		if err := rs.Scan(&code, &field, &name); err != nil {
			return nil, err
		}
		top = max(top, code)
		switch field {
		case "kind":
			c.kind[name] = code
		case "purpose":
			c.purpose[name] = code
		}
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	rs.Close()
	type fieldName struct{ field, name string }
	var missing []fieldName
	seen := map[fieldName]bool{}
	for i := range rows {
		for j := range rows[i].p.Identifiers {
			id := &rows[i].p.Identifiers[j]
			if id.Value == "" {
				continue
			}
			if _, ok := c.kind[string(id.Kind)]; !ok && !seen[fieldName{"kind", string(id.Kind)}] {
				seen[fieldName{"kind", string(id.Kind)}] = true
				missing = append(missing, fieldName{"kind", string(id.Kind)})
			}
			if _, ok := c.purpose[string(id.Purpose)]; !ok && !seen[fieldName{"purpose", string(id.Purpose)}] {
				seen[fieldName{"purpose", string(id.Purpose)}] = true
				missing = append(missing, fieldName{"purpose", string(id.Purpose)})
			}
		}
	}
	for _, m := range missing {
		top++
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO identifier_codes (code, field, name) VALUES (?, ?, ?)`), top, m.field, m.name); err != nil {
			return nil, err
		}
		if m.field == "kind" {
			c.kind[m.name] = top
		} else {
			c.purpose[m.name] = top
		}
	}
	return c, nil
}

// newIdentifiers returns the identifier rows of the people in rows that are not stored,
// sorted.
func newIdentifiers(rows []personRow, stored map[string]storedPerson, codes *codebook) []identKey {
	n := 0
	for i := range rows {
		n += len(rows[i].p.Identifiers)
	}
	out := make([]identKey, 0, n)
	for i := range rows {
		if _, ok := stored[rows[i].p.ID]; !ok {
			out = codes.keys(out, rows[i].p, rows[i].pk)
		}
	}
	sortIdents(out)
	return slices.Compact(out)
}

// sortIdents sorts rows in primary-key order: it partitions them by kind (a handful of codes)
// and sorts the partitions on all cores.
func sortIdents(rows []identKey) {
	if len(rows) < 4096 {
		slices.SortFunc(rows, compareIdent)
		return
	}
	count := map[int64]int{}
	for i := range rows {
		count[rows[i].kind]++
	}
	kinds := slices.Sorted(maps.Keys(count))
	start := make(map[int64]int, len(kinds))
	at := 0
	for _, k := range kinds {
		start[k] = at
		at += count[k]
	}
	parts := make([][]identKey, len(kinds))
	tmp := make([]identKey, len(rows))
	next := maps.Clone(start)
	for _, r := range rows {
		tmp[next[r.kind]] = r
		next[r.kind]++
	}
	copy(rows, tmp)
	for i, k := range kinds {
		parts[i] = rows[start[k] : start[k]+count[k]]
	}
	// Largest partitions first, so the cores finish together.
	slices.SortFunc(parts, func(a, b []identKey) int { return cmp.Compare(len(b), len(a)) })
	var wg sync.WaitGroup
	work := make(chan []identKey, len(parts))
	for _, p := range parts {
		work <- p
	}
	close(work)
	for range min(runtime.GOMAXPROCS(0), len(parts)) {
		wg.Go(func() {
			for p := range work {
				slices.SortFunc(p, func(a, b identKey) int {
					if c := strings.Compare(a.value, b.value); c != 0 {
						return c
					}
					if a.person != b.person {
						return cmp.Compare(a.person, b.person)
					}
					return cmp.Compare(a.purpose, b.purpose)
				})
			}
		})
	}
	wg.Wait()
}

// insertIdentifiers inserts identifier rows, sorted for locality.
func (s *Store) insertIdentifiers(ctx context.Context, tx *writeTx, rows []identKey) error {
	w := s.newBulk(tx, `INSERT INTO identifiers (kind, value, person, purpose)`, 4, ``)
	defer w.close()
	for i := range rows {
		r := &rows[i]
		if err := w.add(ctx, r.kind, r.value, r.person, r.purpose); err != nil {
			return err
		}
	}
	return w.flush(ctx)
}

// loadOldIdentifiers reads the stored records of the changed people in chunk, before they are
// overwritten, and keeps their identifier rows in personRow.old.
func (s *Store) loadOldIdentifiers(ctx context.Context, tx *writeTx, chunk []personRow, codes *codebook) error {
	var ids []string
	idx := map[string]*personRow{}
	for j := range chunk {
		if chunk[j].state == stateChanged {
			ids = append(ids, chunk[j].p.ID)
			idx[chunk[j].p.ID] = &chunk[j]
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rs, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, record FROM people WHERE id IN `+inClause(len(ids))), anys(ids)...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var id string
		var record sql.RawBytes
		if err := rs.Scan(&id, &record); err != nil {
			return err
		}
		var old bonafide.Person
		if err := json.Unmarshal(record, &struct {
			Identifiers *[]bonafide.Identifier `json:"identifiers"`
		}{&old.Identifiers}); err != nil {
			return fmt.Errorf("decode stored person %q: %w", id, err)
		}
		r := idx[id]
		r.old = codes.keys(nil, &old, r.pk)
		slices.SortFunc(r.old, compareIdent)
		r.old = slices.Compact(r.old)
	}
	return rs.Err()
}

// updateIdentifiers brings the identifier rows of changed people in line with their new
// records: it deletes the rows they no longer hold and inserts the ones they newly hold.
func (s *Store) updateIdentifiers(ctx context.Context, tx *writeTx, changed []*personRow, codes *codebook) error {
	var del, add []identKey
	for _, r := range changed {
		now := codes.keys(nil, r.p, r.pk)
		slices.SortFunc(now, compareIdent)
		now = slices.Compact(now)
		for _, k := range r.old {
			if _, ok := slices.BinarySearchFunc(now, k, compareIdent); !ok {
				del = append(del, k)
			}
		}
		for _, k := range now {
			if _, ok := slices.BinarySearchFunc(r.old, k, compareIdent); !ok {
				add = append(add, k)
			}
		}
	}
	const per = maxInList / 4
	for i := 0; i < len(del); i += per {
		part := del[i:min(i+per, len(del))]
		args := make([]any, 0, 4*len(part))
		for _, k := range part {
			args = append(args, k.kind, k.value, k.person, k.purpose)
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM identifiers WHERE (kind, value, person, purpose) IN (`+
			valuesList(len(part), 4)+`)`), args...); err != nil {
			return err
		}
	}
	sortIdents(add)
	return s.insertIdentifiers(ctx, tx, add)
}
