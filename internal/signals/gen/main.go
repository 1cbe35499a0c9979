// Command gen writes docs/signals.md from the embedded signal catalogue.
//
// Run it from the repository root after editing internal/signals/catalogue.json, sources.json
// or tech_releases.json:
//
//	go run ./internal/signals/gen [-o docs/signals.md]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/bonafide-oss/bonafide/internal/signals"
)

func main() {
	out := flag.String("o", "docs/signals.md", "file to write")
	flag.Parse()
	if err := os.WriteFile(*out, signals.Markdown(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
