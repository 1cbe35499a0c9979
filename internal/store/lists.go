package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// ListInfo describes one cached watchlist issue, so that a large list (the 121 MB OFAC SDN
// advanced XML) is parsed once per issue rather than once per scan.
type ListInfo struct {
	Name     string    // list key, e.g. "OFAC-SDN"
	Version  string    // the list's issue date or version label
	SHA256   string    // hex SHA-256 of the source file the features came from
	LoadedAt time.Time // when the features were cached (UTC)
	Entries  int       // listed parties in the issue
	Features int       // features cached; set by ReplaceList to the number it stored
}

// ListFeature is one matchable datum of a list entry: a canonical identifier (e-mail, wallet,
// phone, …) with the entry it belongs to.
type ListFeature struct {
	EntryID   string   // the list's own entry ID, e.g. OFAC FixedRef "36446"
	EntryName string   // primary name of the listed party
	Programs  []string // sanctions programmes, e.g. ["DPRK3", "DPRK4"]
	Field     string   // the list's feature type, e.g. "Email Address", "Digital Currency Address - ETH"
	Kind      bonafide.IdentifierKind
	Value     string // canonical value (internal/normalize)
	Raw       string // value as the list gives it
}

// ReplaceList atomically replaces the cached issue of list info.Name with features, in one
// transaction: on any error the previous issue stays. info.Features is set to len(features);
// a zero info.LoadedAt is set to now. An empty name is Invalid.
func (s *Store) ReplaceList(ctx context.Context, info ListInfo, features []ListFeature) error {
	const op = "store.ReplaceList"
	if info.Name == "" {
		return bonafide.Errorf(bonafide.Invalid, op, "list without a name")
	}
	if info.LoadedAt.IsZero() {
		info.LoadedAt = s.now()
	}
	programs := make([]string, len(features))
	for i, f := range features {
		b, err := json.Marshal(f.Programs)
		if err != nil {
			return &bonafide.Error{Kind: bonafide.Invalid, Op: op, Err: err}
		}
		programs[i] = string(b)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO lists (name, version, sha256, loaded_at, entries, features) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (name) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, loaded_at = excluded.loaded_at,
entries = excluded.entries, features = excluded.features`),
		info.Name, info.Version, info.SHA256, formatTime(info.LoadedAt), int64(info.Entries), int64(len(features))); err != nil {
		return s.wrap(op, err)
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM list_features WHERE list_name = ?`), info.Name); err != nil {
		return s.wrap(op, err)
	}
	w := s.newBulk(tx, `INSERT INTO list_features (list_name, seq, entry_id, entry_name, programs, field, kind, value, raw)`, 9, ``)
	defer w.close()
	for i := range features {
		f := &features[i]
		if err := w.add(ctx, info.Name, int64(i), f.EntryID, f.EntryName, programs[i], f.Field, string(f.Kind), f.Value, f.Raw); err != nil {
			return s.wrap(op, err)
		}
	}
	if err := w.flush(ctx); err != nil {
		return s.wrap(op, err)
	}
	if err := s.stage("list"); err != nil {
		return s.wrap(op, err)
	}
	if err := ctx.Err(); err != nil {
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	s.wrote()
	return nil
}

// List returns the stored info of list name, or a *bonafide.Error of kind NotFound.
func (s *Store) List(ctx context.Context, name string) (ListInfo, error) {
	const op = "store.List"
	rs, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT name, version, sha256, loaded_at, entries, features FROM lists WHERE name = ?`), name)
	if err != nil {
		return ListInfo{}, s.wrap(op, err)
	}
	infos, err := scanLists(rs)
	if err != nil {
		return ListInfo{}, s.wrap(op, err)
	}
	if len(infos) == 0 {
		return ListInfo{}, bonafide.Errorf(bonafide.NotFound, op, "no list %q", name)
	}
	return infos[0], nil
}

// Lists returns the info of every stored list, ordered by name.
func (s *Store) Lists(ctx context.Context) ([]ListInfo, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT name, version, sha256, loaded_at, entries, features FROM lists ORDER BY name`)
	if err != nil {
		return nil, s.wrap("store.Lists", err)
	}
	infos, err := scanLists(rs)
	return infos, s.wrap("store.Lists", err)
}

func scanLists(rs *sql.Rows) ([]ListInfo, error) {
	defer rs.Close()
	var out []ListInfo
	for rs.Next() {
		var li ListInfo
		var at string
		if err := rs.Scan(&li.Name, &li.Version, &li.SHA256, &at, &li.Entries, &li.Features); err != nil {
			return nil, err
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, fmt.Errorf("list %q: loaded_at: %w", li.Name, err)
		}
		li.LoadedAt = t
		out = append(out, li)
	}
	return out, rs.Err()
}

// ListFeatures returns the cached features of list name in the order they were stored, or a
// *bonafide.Error of kind NotFound when the list is not cached.
func (s *Store) ListFeatures(ctx context.Context, name string) ([]ListFeature, error) {
	const op = "store.ListFeatures"
	if _, err := s.List(ctx, name); err != nil {
		var be *bonafide.Error
		if errors.As(err, &be) {
			be.Op = op
		}
		return nil, err
	}
	rs, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT entry_id, entry_name, programs, field, kind, value, raw
FROM list_features WHERE list_name = ? ORDER BY seq`), name)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rs.Close()
	out := []ListFeature{}
	for rs.Next() {
		var f ListFeature
		var kind string
		var programs sql.RawBytes
		if err := rs.Scan(&f.EntryID, &f.EntryName, &programs, &f.Field, &kind, &f.Value, &f.Raw); err != nil {
			return nil, s.wrap(op, err)
		}
		f.Kind = bonafide.IdentifierKind(kind)
		if err := json.Unmarshal(programs, &f.Programs); err != nil {
			return nil, s.wrap(op, fmt.Errorf("list %q entry %q: programs: %w", name, f.EntryID, err))
		}
		out = append(out, f)
	}
	if err := rs.Err(); err != nil {
		return nil, s.wrap(op, err)
	}
	return out, nil
}
