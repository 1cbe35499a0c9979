package store

import (
	"context"
	"database/sql"
	"slices"
)

// saveFindings replaces the findings of the people in scope and upserts the others, writing
// only what differs from the stored rows. frows are sorted by primary key; isNew tells the
// people new in this batch, who have no stored findings to look up; peopleStored approximates
// the number of people stored before the batch.
func (s *Store) saveFindings(ctx context.Context, tx *writeTx, scope []string, frows []findingRow, isNew func(id string) bool, peopleStored int64, now string, st *SaveStats) error {
	// Group the findings (sorted by person) by person, merged with the sorted scope.
	sc := slices.Clone(scope)
	slices.Sort(sc)
	sc = slices.Compact(sc)
	type group struct {
		id      string
		inScope bool
		fresh   []findingRow
	}
	var groups []group
	var lookup []string // people who may have stored findings
	for i, j := 0, 0; i < len(sc) || j < len(frows); {
		var g group
		if j >= len(frows) || i < len(sc) && sc[i] <= frows[j].f.PersonID {
			g.id = sc[i]
		} else {
			g.id = frows[j].f.PersonID
		}
		if i < len(sc) && sc[i] == g.id {
			g.inScope = true
			i++
		}
		k := j
		for k < len(frows) && frows[k].f.PersonID == g.id {
			k++
		}
		g.fresh, j = frows[j:k], k
		groups = append(groups, g)
		if !isNew(g.id) { // people new in this batch have no stored findings
			lookup = append(lookup, g.id)
		}
	}

	// Stored findings of these people: person → signal\x00key → hash.
	stored := map[string]map[string]string{}
	keep := func(rs *sql.Rows, want func(id string) bool) error {
		defer rs.Close()
		for rs.Next() {
			var pid, sig, key, h string
			if err := rs.Scan(&pid, &sig, &key, &h); err != nil {
				return err
			}
			if !want(pid) {
				continue
			}
			m := stored[pid]
			if m == nil {
				m = map[string]string{}
				stored[pid] = m
			}
			m[sig+"\x00"+key] = h
		}
		return rs.Err()
	}
	const q = `SELECT person_id, signal_id, key, content_hash FROM findings`
	if len(lookup) > 0 && int64(len(lookup)) >= peopleStored/4 {
		// A large part of everyone: one pass over the table beats many lookups.
		rs, err := tx.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		if err := keep(rs, func(id string) bool { _, ok := slices.BinarySearch(lookup, id); return ok }); err != nil {
			return err
		}
	} else if err := chunks(lookup, maxInList, func(part []string) error {
		rs, err := tx.QueryContext(ctx, s.d.rebind(q+` WHERE person_id IN `+inClause(len(part))), anys(part)...)
		if err != nil {
			return err
		}
		return keep(rs, func(string) bool { return true })
	}); err != nil {
		return err
	}

	var replace []string
	var write []*findingRow
	for _, g := range groups {
		old := stored[g.id]
		if !g.inScope {
			for i := range g.fresh {
				r := &g.fresh[i]
				if h, ok := old[r.f.SignalID+"\x00"+r.f.Key]; !ok || h != r.hash {
					write = append(write, r)
				}
			}
			continue
		}
		same := len(old) == len(g.fresh)
		for i := 0; same && i < len(g.fresh); i++ {
			r := &g.fresh[i]
			if h, ok := old[r.f.SignalID+"\x00"+r.f.Key]; !ok || h != r.hash {
				same = false
			}
		}
		if same {
			continue
		}
		if len(old) > 0 {
			replace = append(replace, g.id)
			keep := 0
			for i := range g.fresh {
				if _, ok := old[g.fresh[i].f.SignalID+"\x00"+g.fresh[i].f.Key]; ok {
					keep++
				}
			}
			st.FindingsRemoved += len(old) - keep
		}
		for i := range g.fresh {
			write = append(write, &g.fresh[i])
		}
	}
	if err := chunks(replace, maxInList, func(part []string) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM findings WHERE person_id IN `+inClause(len(part))), anys(part)...)
		return err
	}); err != nil {
		return err
	}
	st.FindingsWritten = len(write)
	w := s.newBulk(tx, `INSERT INTO findings (person_id, signal_id, key, severity, weight, summary, evidence, sources, related, content_hash, updated_at)`, 11,
		` ON CONFLICT (person_id, signal_id, key) DO UPDATE SET severity = excluded.severity, weight = excluded.weight,
summary = excluded.summary, evidence = excluded.evidence, sources = excluded.sources, related = excluded.related,
content_hash = excluded.content_hash, updated_at = excluded.updated_at`)
	defer w.close()
	for _, r := range write {
		f := r.f
		if err := w.add(ctx, f.PersonID, f.SignalID, f.Key, string(f.Severity), f.Weight, f.Summary,
			r.evidence, r.sources, r.related, r.hash, now); err != nil {
			return err
		}
	}
	return w.flush(ctx)
}
