package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/bonafide-oss/bonafide/internal/store"
)

// dbFlag adds --db to fs. The default is $BONAFIDE_DB, else bonafide.db in the user's data
// directory ($XDG_DATA_HOME/bonafide or ~/.local/share/bonafide).
func dbFlag(e env, fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(e), "SQLite database `path` (or :memory:); env BONAFIDE_DB")
}

func defaultDB(e env) string {
	if v := e.getenv("BONAFIDE_DB"); v != "" {
		return v
	}
	dir := e.getenv("XDG_DATA_HOME")
	if dir == "" {
		home := e.getenv("HOME")
		if home == "" {
			return "bonafide.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "bonafide", "bonafide.db")
}

// openStore opens the store, creating the database's folder when needed (for an SQLite path;
// a URL such as postgres://… is passed on as it is).
func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	if dsn != ":memory:" && !strings.Contains(dsn, "://") && filepath.Dir(dsn) != "." {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
			return nil, err
		}
	}
	return store.Open(ctx, dsn)
}
