// Package bench holds bonafide's end-to-end benchmarks; figures and how to reproduce them are
// in bench/README.md. The package has no code of its own beyond the benchmarks.
package bench
