package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// MaxBlock is the hub cut-off, as link.DefaultMaxBlock: a value held by more people makes no
// edges.
const MaxBlock = 50

// Edge sets the anchor can compute components over.
type EdgeSet int

const (
	// AllExact: every exact key bonafide's resolver indexes (each canonical identifier of
	// every kind and purpose, and referees' e-mails and phones, in the same key space as
	// applicants' own), so DuckDB blocks on the same input as bonafide, less the fuzzy name
	// keys. Weak shared values (IP, home address) make edges too: plain connected components
	// have no weights.
	AllExact EdgeSet = iota
	// StrongExact: only identifiers whose weight alone reaches bonafide's default threshold
	// (e-mail, phone, IBAN, wallet, device, profile, and shipping addresses that are not the
	// holder's home), so components approximate bonafide's exact-identifier clusters.
	StrongExact
)

func (e EdgeSet) String() string {
	if e == StrongExact {
		return "strong"
	}
	return "all"
}

// Key kind codes (kShipping only in StrongExact).
const (
	kEmail uint8 = iota + 1
	kPhone
	kIBAN
	kWallet
	kDevice
	kURL
	kAddress
	kIP
	kShipping
)

// ExactKeys calls fn for each distinct exact key of p in edge set set: its kind code and
// canonical value.
func ExactKeys(p *bonafide.Person, set EdgeSet, fn func(kind uint8, value string)) {
	home := map[string]bool{}
	for _, id := range p.Identifiers {
		if id.Kind == bonafide.KindAddress && id.Purpose != bonafide.PurposeShipping && id.Value != "" {
			home[id.Value] = true
		}
	}
	seen := map[string]bool{}
	emit := func(k uint8, v string) {
		key := string(rune('0'+k)) + v
		if !seen[key] {
			seen[key] = true
			fn(k, v)
		}
	}
	for _, id := range p.Identifiers {
		if id.Value == "" {
			continue
		}
		switch id.Kind {
		case bonafide.KindEmail:
			emit(kEmail, id.Value)
		case bonafide.KindPhone:
			emit(kPhone, id.Value)
		case bonafide.KindIBAN:
			emit(kIBAN, id.Value)
		case bonafide.KindWallet:
			emit(kWallet, id.Value)
		case bonafide.KindDevice:
			emit(kDevice, id.Value)
		case bonafide.KindURL:
			emit(kURL, id.Value)
		case bonafide.KindAddress:
			switch {
			case set == AllExact:
				emit(kAddress, id.Value)
			case id.Purpose == bonafide.PurposeShipping && !home[id.Value]:
				emit(kShipping, id.Value)
			}
		case bonafide.KindIP:
			if set == AllExact {
				emit(kIP, id.Value)
			}
		}
	}
	if set == AllExact {
		for _, r := range p.References {
			for _, id := range r.Identifiers {
				if id.Value == "" {
					continue
				}
				switch id.Kind {
				case bonafide.KindEmail:
					emit(kEmail, id.Value)
				case bonafide.KindPhone:
					emit(kPhone, id.Value)
				}
			}
		}
	}
}

// Result is one DuckDB run.
type Result struct {
	Rows       int           // identifier rows loaded
	Edges      int           // distinct person pairs sharing a non-hub exact identifier
	Components int           // connected components with ≥ 2 people
	Iterations int           // label-propagation rounds until fixpoint
	Load       time.Duration // appending the identifier rows
	Edge       time.Duration // self-join on identifiers into an edges table
	CC         time.Duration // min-label propagation until fixpoint
	Labels     map[int32]int32
}

// ConnectedComponents loads people's exact keys of the edge set into an in-memory DuckDB, builds the
// edges table (a, b) by a self-join on (kind, value) over values held by 2..MaxBlock people,
// and runs min-label propagation with repeated UPDATE until no label changes. Person i is
// people[i]. With labels set, Result.Labels maps every person in an edge to its component's
// smallest index.
func ConnectedComponents(ctx context.Context, people []*bonafide.Person, set EdgeSet, threads int, labels bool) (Result, error) {
	var res Result
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return res, err
	}
	defer connector.Close()
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	exec := func(q string, args ...any) (int64, error) {
		r, err := conn.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
		return r.RowsAffected()
	}
	if _, err := exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
		return res, err
	}
	if _, err := exec("CREATE TABLE idents (p INTEGER, kind UTINYINT, v VARCHAR)"); err != nil {
		return res, err
	}

	start := time.Now()
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "idents")
		if err != nil {
			return err
		}
		var aerr error
		for i, p := range people {
			ExactKeys(p, set, func(k uint8, v string) {
				if aerr == nil {
					aerr = app.AppendRow(int32(i), k, v)
					res.Rows++
				}
			})
			if aerr != nil {
				return aerr
			}
		}
		return app.Close()
	})
	if err != nil {
		return res, err
	}
	res.Load = time.Since(start)

	start = time.Now()
	if _, err := exec(`CREATE TABLE edges AS
		WITH blocks AS (SELECT kind, v FROM idents GROUP BY kind, v HAVING count(*) BETWEEN 2 AND ` + fmt.Sprint(MaxBlock) + `),
		     shared AS (SELECT i.p, i.kind, i.v FROM idents i JOIN blocks USING (kind, v))
		SELECT DISTINCT x.p AS a, y.p AS b FROM shared x JOIN shared y USING (kind, v) WHERE x.p < y.p`); err != nil {
		return res, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM edges").Scan(&res.Edges); err != nil {
		return res, err
	}
	res.Edge = time.Since(start)

	start = time.Now()
	for _, q := range []string{
		"CREATE TABLE e2 AS SELECT a, b FROM edges UNION ALL SELECT b AS a, a AS b FROM edges",
		"CREATE TABLE labels AS SELECT a AS n, min(least(a, b)) AS l FROM e2 GROUP BY a",
	} {
		if _, err := exec(q); err != nil {
			return res, err
		}
	}
	for {
		res.Iterations++
		n, err := exec(`UPDATE labels SET l = m.l FROM (
			SELECT e.a AS n, min(x.l) AS l FROM e2 e JOIN labels x ON x.n = e.b GROUP BY e.a
		) m WHERE labels.n = m.n AND m.l < labels.l`)
		if err != nil {
			return res, err
		}
		if n == 0 {
			break
		}
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(DISTINCT l) FROM labels").Scan(&res.Components); err != nil {
		return res, err
	}
	res.CC = time.Since(start)

	if labels {
		res.Labels = map[int32]int32{}
		rows, err := conn.QueryContext(ctx, "SELECT n, l FROM labels")
		if err != nil {
			return res, err
		}
		defer rows.Close()
		for rows.Next() {
			var n, l int32
			if err := rows.Scan(&n, &l); err != nil {
				return res, err
			}
			res.Labels[n] = l
		}
		if err := rows.Err(); err != nil {
			return res, err
		}
	}
	return res, nil
}
