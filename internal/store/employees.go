package store

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// SaveEmployees upserts the HR roster by employee ID in one transaction (an employee not in
// emps is kept), and records the import in the audit log. Errors: Invalid for an empty ID.
func (s *Store) SaveEmployees(ctx context.Context, actor, source string, emps []bonafide.Employee) error {
	const op = "store.SaveEmployees"
	for _, e := range emps {
		if e.ID == "" {
			return bonafide.Errorf(bonafide.Invalid, op, "employee without an ID")
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	now := formatTime(s.now())
	q := s.d.rebind(`INSERT INTO employees (id, record, updated_at) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`)
	for _, e := range emps {
		b, err := json.Marshal(e)
		if err != nil {
			return s.wrap(op, err)
		}
		if _, err := tx.ExecContext(ctx, q, e.ID, string(b), now); err != nil {
			return s.wrap(op, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`),
		now, actor, "hr.import", source, strconv.Itoa(len(emps))+" employees"); err != nil {
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	s.wrote()
	return nil
}

// Employees returns the stored HR roster ordered by ID (nil when none is stored).
func (s *Store) Employees(ctx context.Context) ([]bonafide.Employee, error) {
	const op = "store.Employees"
	rs, err := s.db.QueryContext(ctx, `SELECT record FROM employees ORDER BY id`)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	var out []bonafide.Employee
	for rs.Next() {
		var rec string
		if err := rs.Scan(&rec); err != nil {
			return nil, s.wrap(op, err)
		}
		var e bonafide.Employee
		if err := json.Unmarshal([]byte(rec), &e); err != nil {
			return nil, s.wrap(op, err)
		}
		out = append(out, e)
	}
	return out, s.wrap(op, rs.Err())
}
