// Package duckdb is the side-by-side anchor for issue 3's persona-network benchmark: DuckDB
// (through its Go driver, github.com/duckdb/duckdb-go/v2) computes connected components over
// the exact-identifier edges of the same generated population that bonafide's resolver
// (internal/link) resolves, in the same run. It is a module of its own, so DuckDB (and cgo)
// never become dependencies of the product. Figures and commands: bench/README.md.
package duckdb
