package store

import (
	"context"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID      int64     // increasing with time
	At      time.Time // UTC
	Actor   string    // who: user name, API token name, "bonafide scan"
	Action  string    // what: "person.read", "case.decide", …
	Subject string    // on what: a person, case or list ID
	Detail  string    // free text or JSON
}

// Audit appends one entry to the audit log (reads of person records, decisions). The log is
// append-only: the database refuses updates and deletes of its rows. An empty actor or action
// is Invalid.
func (s *Store) Audit(ctx context.Context, actor, action, subject, detail string) error {
	const op = "store.Audit"
	if actor == "" || action == "" {
		return bonafide.Errorf(bonafide.Invalid, op, "audit entry needs an actor and an action")
	}
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`),
		formatTime(s.now()), actor, action, subject, detail)
	if err != nil {
		return s.wrap(op, err)
	}
	s.wrote()
	return nil
}

// AuditLog returns the audit entries about subject (all entries when subject is ""), oldest
// first.
func (s *Store) AuditLog(ctx context.Context, subject string) ([]AuditEntry, error) {
	const op = "store.AuditLog"
	q := `SELECT id, at, actor, action, subject, detail FROM audit_log`
	var args []any
	if subject != "" {
		q += ` WHERE subject = ?`
		args = append(args, subject)
	}
	rs, err := s.db.QueryContext(ctx, s.d.rebind(q+` ORDER BY id`), args...)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	var out []AuditEntry
	for rs.Next() {
		var e AuditEntry
		var at string
		if err := rs.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, s.wrap(op, err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, s.wrap(op, err)
		}
		out = append(out, e)
	}
	return out, s.wrap(op, rs.Err())
}
