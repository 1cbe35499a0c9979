package store

import (
	"strconv"
	"strings"
)

// dialect is what differs between the databases the store runs on. Queries are written once
// with `?` placeholders and rebound per dialect; only the schema (migrations/<name>/*.sql),
// the driver and the connection set-up differ.
type dialect struct {
	name    string // "sqlite" or "postgres": also the folder of its migrations
	driver  string // database/sql driver name
	dollar  bool   // placeholders are $1, $2, … (PostgreSQL) instead of ?
	maxVars int    // most bound parameters one statement may carry
	// constraint reports whether err is a constraint violation (foreign key, unique, not null).
	constraint func(error) bool
	// checkpoint, when set, is run by a background goroutine after each write (SQLite WAL).
	checkpoint string
	// lockPeople, when set, is run first in SaveScan to serialise writers that assign people.pk
	// (PostgreSQL: "LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE"). SQLite needs none: its
	// write transactions are exclusive from BEGIN (IMMEDIATE).
	lockPeople string
	// migrateLock, when set, is run first in each migration's transaction to serialise
	// concurrent migrators (PostgreSQL: a transaction-scoped advisory lock). SQLite's
	// IMMEDIATE transactions serialise them already.
	migrateLock string
}

// rebind rewrites the `?` placeholders of q for d. It leaves `?` inside single-quoted string
// literals, double-quoted identifiers and comments alone. For SQLite it returns q unchanged.
func (d *dialect) rebind(q string) string {
	if !d.dollar {
		return q
	}
	return rebindDollar(q)
}

// rebindDollar replaces each `?` outside quotes and comments with $1, $2, … in order.
func rebindDollar(q string) string {
	if strings.IndexByte(q, '?') < 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + len(q)/8)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			// Quoted literal or identifier: copy through the closing quote; a doubled quote
			// is an escaped quote and stays inside.
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i - 1
			}
			b.WriteString(q[i : i+j+1])
			i += j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// valuesClause returns " VALUES (?,…,?),(…)" for rows rows of cols columns.
func valuesClause(rows, cols int) string {
	return " VALUES " + valuesList(rows, cols)
}

// valuesList returns "(?,…,?),(…)" for rows rows of cols columns.
func valuesList(rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * (cols*2 + 2))
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// inClause returns "(?,?,…)" with n placeholders.
func inClause(n int) string {
	var b strings.Builder
	b.Grow(2*n + 1)
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?')
	}
	b.WriteByte(')')
	return b.String()
}
