// Package store is bonafide's one concrete store: people, their canonical identifiers, the
// findings of the last scan, the watchlist feature cache and an append-only audit log.
//
// It runs on SQLite (modernc.org/sqlite, pure Go, driver "sqlite") and on PostgreSQL (pgx,
// github.com/jackc/pgx/v5/stdlib, driver "pgx") with the same queries: every query is written
// once with `?` placeholders and rebound per dialect ($1, $2, … for PostgreSQL), uses portable
// SQL only (TEXT/INTEGER/REAL columns, INSERT … ON CONFLICT … DO UPDATE/DO NOTHING, no
// dialect-specific functions), and the schema lives in per-dialect numbered migrations under
// migrations/<dialect>/ recorded in schema_migrations(version, applied_at). The PostgreSQL
// schema has the same tables, columns and keys, with byte-order ("C") collation on text so that
// ordering matches SQLite's.
//
// Writes are transactional: SaveScan and ReplaceList either apply completely or leave the
// store as it was. Times are stored as UTC RFC 3339 text with nanoseconds. Errors are
// *bonafide.Error: NotFound for a missing person or list, Invalid for bad arguments, Conflict
// for a constraint violation (e.g. a finding of an unknown person), Internal otherwise.
//
// Layout, chosen for bulk speed: a person is one row whose record column holds the JSON of
// the bonafide.Person (Raw kept byte for byte in its own column) and a content hash that lets
// an unchanged person be skipped. The identifier index is a WITHOUT ROWID table keyed
// (kind, value, person, purpose), with kind and purpose as small integer codes
// (identifier_codes) and person as the integer people.pk, filled in key order; the view
// identifiers_named shows it in words. SQLite runs with WAL, synchronous=NORMAL, and WAL
// checkpoints moved off the writer into a goroutine the Store owns.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is the bonafide database. It is safe for concurrent use; writes are serialised by
// the database.
type Store struct {
	db *sql.DB
	d  *dialect
	// now returns the current time; tests may replace it.
	now func() time.Time
	// fail, when set by tests, is called at named stages of write transactions; an error it
	// returns aborts the transaction there.
	fail func(stage string) error

	// Checkpointing (SQLite WAL): writers signal ckpt after each commit and one goroutine
	// copies the WAL into the database file off the writer's path.
	ckpt       chan struct{}
	stopCkpt   context.CancelFunc
	ckptDone   chan struct{}
	closeOnce  sync.Once
	closeError error
}

var sqliteDialect = &dialect{
	name:    "sqlite",
	driver:  "sqlite",
	maxVars: 32766, // SQLITE_MAX_VARIABLE_NUMBER since 3.32
	// PASSIVE never blocks readers or writers; what it cannot copy now is copied on the next
	// signal or when the last connection closes.
	checkpoint: `PRAGMA wal_checkpoint(PASSIVE)`,
	constraint: func(err error) bool {
		var e *sqlite.Error
		return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
	},
}

var postgresDialect = &dialect{
	name:    "postgres",
	driver:  "pgx",
	dollar:  true,
	maxVars: 65535, // the wire protocol counts parameters in 16 bits
	constraint: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && strings.HasPrefix(e.Code, "23") // class 23: integrity constraint violation
	},
	// SaveScan assigns people.pk (MAX+1) and identifier codes itself: concurrent writers must
	// take turns. The mode conflicts with itself but not with readers.
	lockPeople: `LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE`,
	// Migrations of concurrent processes take turns on one advisory lock (key: "bonafide"
	// as a number), held to the end of each migration's transaction.
	migrateLock: `SELECT pg_advisory_xact_lock(7085087227939184997)`,
}

// isPostgres reports whether dsn names a PostgreSQL database (a postgres:// or postgresql://
// URL).
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePragmas are set on every connection: WAL lets readers run beside the one writer,
// synchronous=NORMAL is durable under WAL except for the last commits on power loss, and a
// 64 MiB page cache keeps bulk inserts into the identifier index in memory.
var sqlitePragmas = []string{
	"_pragma=busy_timeout(10000)",
	"_pragma=foreign_keys(1)",
	"_journal_mode=WAL",
	"_pragma=synchronous(NORMAL)",
	"_pragma=cache_size(-65536)",
	"_pragma=temp_store(MEMORY)",
	"_pragma=wal_autocheckpoint(0)",        // the store checkpoints in the background instead
	"_pragma=journal_size_limit(67108864)", // truncate the WAL to 64 MiB after a checkpoint
	"_txlock=immediate",                    // write transactions take the write lock up front: no upgrade deadlocks
}

var memSeq atomic.Int64

// Open opens the store at dsn, creating the database and applying pending migrations.
//
// dsn is a file path ("bonafide.db"), an SQLite "file:…" URI, ":memory:" for a private
// in-memory database (kept on a single connection, so every query sees the same data; it
// vanishes on Close), or a PostgreSQL URL ("postgres://user:pass@host:5432/db?sslmode=…",
// also "postgresql://"; libpq parameters such as search_path=… or options are passed on by
// pgx). The PostgreSQL database must exist; the store creates its tables in the first schema
// of the search path. SQLite connections get WAL, busy_timeout=10s, foreign_keys=ON and
// synchronous=NORMAL. Errors: Invalid for an empty or malformed DSN, Internal when the
// database cannot be reached or migrated, Conflict for a schema newer than this binary.
func Open(ctx context.Context, dsn string) (*Store, error) {
	const op = "store.Open"
	if dsn == "" {
		return nil, bonafide.Errorf(bonafide.Invalid, op, "empty DSN")
	}
	d, conn, memory := sqliteDialect, dsn, false
	if isPostgres(dsn) {
		if _, err := pgconn.ParseConfig(dsn); err != nil {
			return nil, bonafide.Errorf(bonafide.Invalid, op, "PostgreSQL URL: %v", err)
		}
		d = postgresDialect
	} else {
		conn, memory = sqliteDSN(dsn)
	}
	db, err := sql.Open(d.driver, conn)
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
	}
	if memory {
		// Each connection to an unnamed in-memory database gets its own empty database.
		db.SetMaxOpenConns(1)
	}
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, d: d, now: time.Now}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "open " + redactDSN(dsn), Err: err}
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if !memory && s.d.checkpoint != "" {
		var cctx context.Context
		cctx, s.stopCkpt = context.WithCancel(context.Background())
		s.ckpt = make(chan struct{}, 1)
		s.ckptDone = make(chan struct{})
		go s.checkpointer(cctx)
	}
	return s, nil
}

// redactDSN returns dsn with the password of a URL replaced by "xxxxx", for error messages.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return dsn
}

// checkpointer copies committed WAL frames into the database file whenever a write signals,
// so that large transactions do not pay for it on commit (SQLite's automatic checkpoint is
// off). It is owned by the Store and stops when Close cancels ctx.
func (s *Store) checkpointer(ctx context.Context) {
	defer close(s.ckptDone)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ckpt:
			s.db.ExecContext(ctx, s.d.checkpoint) // best effort: a failure leaves frames for the next
		}
	}
}

// stage runs the test hook for a named stage of a write transaction.
func (s *Store) stage(name string) error {
	if s.fail == nil {
		return nil
	}
	return s.fail(name)
}

// wrote signals the checkpointer after a committed write.
func (s *Store) wrote() {
	if s.ckpt == nil {
		return
	}
	select {
	case s.ckpt <- struct{}{}:
	default: // a checkpoint is already due
	}
}

// sqliteDSN turns a path, URI or ":memory:" into a modernc.org/sqlite DSN with the store's
// pragmas, and reports whether the database lives in memory.
func sqliteDSN(dsn string) (string, bool) {
	params := strings.Join(sqlitePragmas, "&")
	memory := dsn == ":memory:" || strings.HasPrefix(dsn, "file::memory:") || strings.Contains(dsn, "mode=memory")
	switch {
	case dsn == ":memory:":
		return fmt.Sprintf("file:bonafide-mem-%d?mode=memory&%s", memSeq.Add(1), params), true
	case strings.HasPrefix(dsn, "file:"):
		if strings.Contains(dsn, "?") {
			return dsn + "&" + params, memory
		}
		return dsn + "?" + params, memory
	default:
		// A plain path: escape what a URI would read as query, fragment or escape.
		p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(dsn)
		return "file:" + p + "?" + params, false
	}
}

// Close closes the database. A private in-memory database is gone afterwards.
// Closing waits for a running background checkpoint; the last connection to close copies the
// rest of the WAL into the database file. Close is idempotent.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.stopCkpt != nil {
			s.stopCkpt()
			<-s.ckptDone
		}
		if err := s.db.Close(); err != nil {
			s.closeError = &bonafide.Error{Kind: bonafide.Internal, Op: "store.Close", Err: err}
		}
	})
	return s.closeError
}

// timeLayout is fixed-width so that stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// wrap turns a database error into a *bonafide.Error: Conflict for constraint violations,
// Internal otherwise (context errors stay reachable through errors.Is).
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var be *bonafide.Error
	if errors.As(err, &be) {
		return err
	}
	kind := bonafide.Internal
	if s.d.constraint(err) {
		kind = bonafide.Conflict
	}
	return &bonafide.Error{Kind: kind, Op: op, Err: err}
}
