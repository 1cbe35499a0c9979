package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
)

// maxRowsPerInsert caps the rows of one multi-row INSERT. Larger statements save calls but
// cost more to parse; a few hundred rows is the sweet spot for SQLite.
const maxRowsPerInsert = 256

// writeTx is a write transaction on one connection, so that bulk inserts can talk to the
// driver directly (see bulk). Its transaction ignores the cancellation of the caller's context
// (database/sql would otherwise roll it back behind the bulk writer's back); callers check
// their context between statements and roll back themselves.
type writeTx struct {
	*sql.Tx
	conn *sql.Conn
}

// beginWrite starts a write transaction on a dedicated connection.
func (s *Store) beginWrite(ctx context.Context) (*writeTx, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &writeTx{Tx: tx, conn: conn}, nil
}

// Rollback rolls back (unless committed) and releases the connection; safe to call twice.
func (w *writeTx) Rollback() error {
	err := w.Tx.Rollback()
	w.conn.Close()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// bulk writes rows through multi-row INSERT statements: head + " VALUES (…),(…)" + tail, with
// as many rows per statement as maxRowsPerInsert and the dialect's parameter limit allow. It
// prepares the full-size statement once and hands the driver a reused argument slice, skipping
// database/sql's per-call conversion and allocation (which cost more than SQLite's own work for
// narrow rows). It checks ctx before every statement.
type bulk struct {
	s          *Store
	tx         *writeTx
	head, tail string
	cols       int
	args       []driver.NamedValue // len rows*cols; Ordinal preset
	n          int                 // values queued
	full       driver.Stmt
}

func (s *Store) newBulk(tx *writeTx, head string, cols int, tail string) *bulk {
	per := min(maxRowsPerInsert, s.d.maxVars/cols)
	args := make([]driver.NamedValue, per*cols)
	for i := range args {
		args[i].Ordinal = i + 1
	}
	return &bulk{s: s, tx: tx, head: head, tail: tail, cols: cols, args: args}
}

// add queues one row of b.cols values (int64, float64, string or nil), writing a statement
// when enough rows are queued.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	for _, v := range vals {
		b.args[b.n].Value = v
		b.n++
	}
	if b.n < len(b.args) {
		return nil
	}
	return b.exec(ctx)
}

// flush writes the queued rows.
func (b *bulk) flush(ctx context.Context) error {
	if b.n == 0 {
		return nil
	}
	return b.exec(ctx)
}

func (b *bulk) exec(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	full := b.n == len(b.args)
	err := b.tx.conn.Raw(func(dc any) error {
		var st driver.Stmt
		if full && b.full != nil {
			st = b.full
		} else {
			var err error
			if st, err = prepare(dc, b.s.d.rebind(b.head+valuesClause(b.n/b.cols, b.cols)+b.tail)); err != nil {
				return err
			}
			if full {
				b.full = st
			} else {
				defer st.Close()
			}
		}
		return execStmt(st, b.args[:b.n])
	})
	clear(b.args[:b.n])
	for i := range b.args[:b.n] {
		b.args[i].Ordinal = i + 1
	}
	b.n = 0
	return err
}

// close releases the prepared statement.
func (b *bulk) close() {
	if b.full != nil {
		b.tx.conn.Raw(func(any) error { return b.full.Close() })
		b.full = nil
	}
}

func prepare(dc any, query string) (driver.Stmt, error) {
	if p, ok := dc.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(context.Background(), query)
	}
	return dc.(driver.Conn).Prepare(query)
}

func execStmt(st driver.Stmt, args []driver.NamedValue) error {
	if e, ok := st.(driver.StmtExecContext); ok {
		_, err := e.ExecContext(context.Background(), args)
		return err
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	_, err := st.Exec(vals) //nolint:staticcheck // fallback for drivers without StmtExecContext
	return err
}

// maxInList caps the values of one IN (…) list.
const maxInList = 500

// chunks calls fn with consecutive slices of at most size elements of ids.
func chunks(ids []string, size int, fn func(part []string) error) error {
	for i := 0; i < len(ids); i += size {
		if err := fn(ids[i:min(i+size, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// anys returns ids as []any for use as query arguments.
func anys(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
