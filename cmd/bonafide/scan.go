package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/intake"
	"github.com/bonafide-oss/bonafide/internal/report"
	htmlreport "github.com/bonafide-oss/bonafide/internal/report/html"
	jsonreport "github.com/bonafide-oss/bonafide/internal/report/json"
	"github.com/bonafide-oss/bonafide/internal/report/table"
	"github.com/bonafide-oss/bonafide/internal/scan"
	"github.com/bonafide-oss/bonafide/internal/signals"
	"github.com/bonafide-oss/bonafide/internal/store"
)

// runScan implements `bonafide scan`: the main job.
func runScan(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "scan", "scan [flags] DIR|FILE...")
	db := dbFlag(e, fs)
	data := fs.String("data", e.getenv("BONAFIDE_DATA"), "reference data `folder` (sanctions, e-mail domain lists); env BONAFIDE_DATA; default: the folder `bonafide lists update` manages when it exists, else the embedded defaults")
	htmlPath := fs.String("html", "bonafide-report.html", "write the self-contained HTML report to `path` (\"\" for none)")
	jsonOut := fs.Bool("json", false, "print the JSON report on stdout instead of the table")
	jsonPath := fs.String("json-out", "", "also write the JSON report to `path`")
	limit := fs.Int("limit", 25, "rows in the terminal table (0: everyone with a finding)")
	noColor := fs.Bool("no-color", false, "no colour in the table even on a terminal")
	quiet := fs.Bool("quiet", false, "no progress or list summary on stderr")
	var indicatorFiles stringsFlag
	fs.Var(&indicatorFiles, "indicators", "a shared indicator list `FILE` (CSV or STIX 2.1 JSON, docs/indicators.md) to screen against; repeatable (the data folder's indicators/ is read too)")
	format := fs.String("format", "", "format of standard input when the input is -: csv or json (default: recognised from its first bytes)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fs.Usage()
		return usageError{"scan needs at least one folder or file (or - for standard input)"}
	}
	// Check the outputs before the scan, so a bad path fails before anything is stored.
	for _, out := range []string{*htmlPath, *jsonPath} {
		if err := checkWritable(out); err != nil {
			return err
		}
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	rd, err := loadRefData(ctx, dataDir(e, *data), st, indicatorFiles...)
	if err != nil {
		return err
	}
	if !*quiet {
		printLists(e.stderr, rd.lists)
	}

	sc, err := newScanner(ctx, st, rd)
	if err != nil {
		return err
	}
	tty := isTerminal(e.stderr)
	if !*quiet && tty {
		sc.Progress = newProgress(e.stderr)
	}
	var res *scan.Result
	if len(inputs) == 1 && inputs[0] == "-" {
		people, err := intake.LoadReader(ctx, "stdin", *format, e.stdin)
		if err != nil {
			return err
		}
		res, err = sc.RunPeople(ctx, people)
		if err != nil {
			return err
		}
	} else {
		if res, err = sc.Run(ctx, inputs); err != nil {
			return err
		}
	}
	if err := st.Audit(ctx, actor(e), "scan", strings.Join(inputs, " "),
		fmt.Sprintf("%d people: %d new, %d updated, %d unchanged; %d findings", len(res.Batch), res.Saved.Inserted, res.Saved.Updated, res.Saved.Unchanged, len(res.Findings))); err != nil {
		return err
	}
	if !*quiet {
		for _, n := range res.Notes {
			fmt.Fprintln(e.stderr, "note:", n)
		}
	}

	rep := buildReport(res, inputs, rd.lists)
	if *htmlPath != "" {
		if err := writeFile(*htmlPath, func(w io.Writer) error { return htmlreport.Write(w, rep) }); err != nil {
			return err
		}
	}
	if *jsonPath != "" {
		if err := writeFile(*jsonPath, func(w io.Writer) error { return jsonreport.Write(w, rep) }); err != nil {
			return err
		}
	}
	if *jsonOut {
		return jsonreport.Write(e.stdout, rep)
	}
	color := !*noColor && isTerminal(e.stdout) && e.getenv("NO_COLOR") == ""
	if err := table.Write(e.stdout, rep, table.Options{Color: color, Limit: *limit}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "stored: %d new, %d updated, %d unchanged; %d findings in %s (%s)\n",
		res.Saved.Inserted, res.Saved.Updated, res.Saved.Unchanged, len(res.Findings), *db, res.Elapsed.Round(time.Millisecond))
	if *htmlPath != "" {
		fmt.Fprintf(e.stdout, "HTML report: %s\n", *htmlPath)
	}
	return nil
}

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// newScanner wires a scanner to the store and the reference data: exact and name screening,
// with the analysts' dispositions.
func newScanner(ctx context.Context, st *store.Store, rd *refData) (*scan.Scanner, error) {
	sc := &scan.Scanner{Store: st, Domains: rd.domains, Screened: rd.screened}
	if rd.watchlist != nil {
		sc.Watchlist = rd.watchlist
	}
	if rd.names != nil {
		sc.Names = rd.names
	}
	dismissed, _, err := st.Dismissals(ctx)
	if err != nil {
		return nil, err
	}
	sc.Dismissed = dismissed
	return sc, nil
}

// buildReport assembles the report model from a scan result.
func buildReport(res *scan.Result, inputs []string, lists []report.ListStatus) *report.Report {
	people := make(map[string]*bonafide.Person, len(res.Batch)+len(res.Related))
	for _, p := range res.Batch {
		people[p.ID] = p
	}
	for _, p := range res.Related {
		people[p.ID] = p
	}
	r := &report.Report{
		Title:       "bonafide scan",
		GeneratedAt: res.Started,
		Inputs:      inputs,
		Assessments: res.Assessments,
		People:      people,
		Signals:     signals.Catalogue(),
		Sources:     signals.Sources(),
		Lists:       lists,
		Networks:    res.Networks,
	}
	r.Stats = report.StatsOf(res.Assessments)
	r.Stats.Duration = res.Elapsed
	return r
}

func printLists(w io.Writer, lists []report.ListStatus) {
	fmt.Fprintln(w, "reference lists:")
	for _, l := range lists {
		state := "loaded"
		if !l.Loaded {
			state = "MISSING"
		}
		v := ""
		if l.Version != "" {
			v = " " + l.Version
		}
		fmt.Fprintf(w, "  %-7s %s%s: %s\n", state, l.Name, v, l.Note)
	}
}

// writeFile writes through fn into a temporary file renamed into place, so a failed write
// never leaves half a report.
func writeFile(path string, fn func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fn(bw); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// checkWritable fails when path ("" is fine) is a folder or cannot be created.
func checkWritable(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "output", Msg: path + " is a folder; give a file name"}
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".bonafide-check-*")
	if err != nil {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "output", Msg: "cannot write beside " + path, Err: err}
	}
	f.Close()
	return os.Remove(f.Name())
}

// actor names who ran a command, for the audit log: $BONAFIDE_ACTOR, else $USER.
func actor(e env) string {
	if a := e.getenv("BONAFIDE_ACTOR"); a != "" {
		return a
	}
	if u := e.getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// newProgress returns a progress callback drawing one bar per stage on w.
func newProgress(w io.Writer) func(stage string, done, total int) {
	var bar *progressbar.ProgressBar
	var cur string
	return func(stage string, done, total int) {
		if stage != cur || bar == nil {
			if bar != nil {
				_ = bar.Finish()
			}
			cur = stage
			max := total
			if max == 0 {
				max = -1 // spinner: total unknown
			}
			bar = progressbar.NewOptions(max,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription(fmt.Sprintf("%-7s", stage)),
				progressbar.OptionShowCount(),
				progressbar.OptionSetItsString("people"),
				progressbar.OptionShowIts(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = bar.Set(done)
		if total > 0 && done >= total {
			_ = bar.Finish()
		}
	}
}
