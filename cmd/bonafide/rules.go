package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
)

// runRules implements `bonafide rules`: list bonafide's telemetry detections that are rules
// (Sigma YAML), export them for a SIEM (--export DIR), or check rule files (--check FILE…)
// against the supported Sigma subset (docs/rules.md).
func runRules(ctx context.Context, e env, args []string) error {
	fset := newFlagSet(e, "rules", "rules [--export DIR] [--check FILE...]")
	export := fset.String("export", "", "write the built-in rules as Sigma YAML files into `folder`")
	check := fset.Bool("check", false, "parse and compile the rule FILEs given as arguments, reporting errors with file and line")
	pos, err := parseFlags(fset, args)
	if err != nil {
		return err
	}
	if *check {
		if len(pos) == 0 {
			return usageError{"rules --check needs rule files"}
		}
		var rules []*sigma.Rule
		for _, p := range pos {
			b, err := os.ReadFile(p)
			if err != nil {
				return &bonafide.Error{Kind: bonafide.NotFound, Op: "rules", Msg: p, Err: err}
			}
			r, err := sigma.Parse(b, p)
			if err != nil {
				return err
			}
			rules = append(rules, r)
		}
		if _, err := sigma.Compile(rules...); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d rules compile\n", len(rules))
		return nil
	}
	if *export != "" {
		if err := os.MkdirAll(*export, 0o755); err != nil {
			return err
		}
		n := 0
		err := fs.WalkDir(sigma.BuiltinFS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(sigma.BuiltinFS(), p)
			if err != nil {
				return err
			}
			n++
			return os.WriteFile(filepath.Join(*export, filepath.Base(p)), b, 0o644)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %d Sigma rules to %s\n", n, *export)
		return nil
	}
	rules, err := sigma.BuiltinRules()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SIGNAL\tLEVEL\tLOGSOURCE\tTITLE\tFILE")
	for _, r := range rules {
		ls := strings.Trim(strings.Join([]string{r.Logsource.Product, r.Logsource.Category, r.Logsource.Service}, "/"), "/")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Signal, r.Level, ls, r.Title, filepath.Base(r.File))
	}
	return tw.Flush()
}
