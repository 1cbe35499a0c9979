package store

import (
	"context"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Disposition decisions.
const (
	DecisionFalsePositive = "false_positive" // the person is not the listed party: the hit must not alert again
	DecisionConfirmed     = "confirmed"      // the analyst confirms the match: it stays, and goes to a case
	DecisionReopened      = "reopened"       // an earlier decision withdrawn: the hit alerts again
)

// Disposition is an analyst's decision on one watchlist hit: a person and a list entry.
type Disposition struct {
	PersonID string
	List     string // e.g. "OFAC-SDN"
	EntryID  string // the list's own ID for the party
	Decision string // DecisionFalsePositive, DecisionConfirmed or DecisionReopened
	Reason   string // required: why (e.g. "DOB 1994-03-02 on passport; listed 1971")
	Analyst  string // who decided
	At       time.Time
}

// Dispose records a decision and writes it to the audit log in the same transaction. The
// person must be stored. Errors: Invalid for an unknown decision or an empty reason, list,
// entry or analyst; NotFound for an unknown person.
func (s *Store) Dispose(ctx context.Context, d Disposition) error {
	const op = "store.Dispose"
	switch d.Decision {
	case DecisionFalsePositive, DecisionConfirmed, DecisionReopened:
	default:
		return bonafide.Errorf(bonafide.Invalid, op, "decision %q: want %s, %s or %s", d.Decision, DecisionFalsePositive, DecisionConfirmed, DecisionReopened)
	}
	if d.Reason == "" || d.List == "" || d.EntryID == "" || d.Analyst == "" {
		return bonafide.Errorf(bonafide.Invalid, op, "a disposition needs a list, an entry, an analyst and a reason")
	}
	if d.At.IsZero() {
		d.At = s.now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM people WHERE id = ?`), d.PersonID).Scan(&n); err != nil {
		return s.wrap(op, err)
	}
	if n == 0 {
		return bonafide.Errorf(bonafide.NotFound, op, "no stored person %q", d.PersonID)
	}
	at := formatTime(d.At)
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO dispositions (person_id, list_name, entry_id, decision, reason, analyst, at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		d.PersonID, d.List, d.EntryID, d.Decision, d.Reason, d.Analyst, at); err != nil {
		return s.wrap(op, err)
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`),
		at, d.Analyst, "watchlist.dispose", d.PersonID, d.List+" "+d.EntryID+" "+d.Decision+": "+d.Reason); err != nil {
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	s.wrote()
	return nil
}

// Dispositions returns the current decision per (person, list, entry): the latest one.
func (s *Store) Dispositions(ctx context.Context) ([]Disposition, error) {
	const op = "store.Dispositions"
	rs, err := s.db.QueryContext(ctx, `SELECT person_id, list_name, entry_id, decision, reason, analyst, at FROM dispositions d
		WHERE id = (SELECT MAX(id) FROM dispositions x WHERE x.person_id = d.person_id AND x.list_name = d.list_name AND x.entry_id = d.entry_id)
		ORDER BY person_id, list_name, entry_id`)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	var out []Disposition
	for rs.Next() {
		var d Disposition
		var at string
		if err := rs.Scan(&d.PersonID, &d.List, &d.EntryID, &d.Decision, &d.Reason, &d.Analyst, &at); err != nil {
			return nil, s.wrap(op, err)
		}
		if d.At, err = parseTime(at); err != nil {
			return nil, s.wrap(op, err)
		}
		out = append(out, d)
	}
	return out, s.wrap(op, rs.Err())
}

// Dismissals returns the (person, list, entry) triples whose current decision is a false
// positive, as a lookup safe for concurrent use (signals.Env.Dismissed).
func (s *Store) Dismissals(ctx context.Context) (func(personID, list, entryID string) bool, int, error) {
	ds, err := s.Dispositions(ctx)
	if err != nil {
		return nil, 0, err
	}
	set := map[[3]string]bool{}
	for _, d := range ds {
		if d.Decision == DecisionFalsePositive {
			set[[3]string{d.PersonID, d.List, d.EntryID}] = true
		}
	}
	return func(p, l, e string) bool { return set[[3]string{p, l, e}] }, len(set), nil
}
