package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// migrationFiles holds the schema of each dialect as migrations/<dialect>/NNNN_name.sql,
// applied in order of NNNN, each once, each in its own transaction.
//
//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the migrations of dialect d, ordered by version.
func migrations(d *dialect) ([]migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("no migrations for dialect %s: %w", d.name, err)
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_description.sql", dir, e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate brings the schema up to date: it creates schema_migrations(version, applied_at) when
// missing and applies every migration of the dialect not recorded there. It is safe to run on
// every open and by several processes at once (each migration re-checks inside its
// transaction). A database with a version this binary does not know is a Conflict.
func (s *Store) migrate(ctx context.Context) error {
	const op = "store.migrate"
	ms, err := migrations(s.d)
	if err != nil {
		return &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
	}
	if err := s.createMigrationsTable(ctx); err != nil {
		return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "create schema_migrations", Err: err}
	}
	var newest sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
	}
	if len(ms) > 0 && newest.Valid && int(newest.Int64) > ms[len(ms)-1].version {
		return bonafide.Errorf(bonafide.Conflict, op,
			"database schema version %d is newer than this binary knows (%d)", newest.Int64, ms[len(ms)-1].version)
	}
	for _, m := range ms {
		if newest.Valid && m.version <= int(newest.Int64) {
			continue
		}
		if err := s.applyMigration(ctx, m); err != nil {
			return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "migration " + m.name, Err: err}
		}
	}
	return nil
}

// createMigrationsTable creates schema_migrations unless it exists, under the dialect's
// migration lock when it has one (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against
// a concurrent creator).
func (s *Store) createMigrationsTable(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	applied_at TEXT NOT NULL
)`
	if s.d.migrateLock == "" {
		_, err := s.db.ExecContext(ctx, create)
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.d.migrateLock); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) applyMigration(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.migrateLock != "" {
		if _, err := tx.ExecContext(ctx, s.d.migrateLock); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // applied meanwhile by another process
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
		m.version, formatTime(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the newest applied migration version (0 for an empty database).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, &bonafide.Error{Kind: bonafide.Internal, Op: "store.SchemaVersion", Err: err}
	}
	return int(v.Int64), nil
}
