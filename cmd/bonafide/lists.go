package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/watchlist/update"
)

const listsUsage = "usage: bonafide lists update [--data-dir DIR] [--from DIR] [--only NAME,...] [--url NAME=URL] [--db PATH] [--no-rescreen]\n" +
	"       bonafide lists status [--data-dir DIR] [--db PATH]"

// runLists implements `bonafide lists update` (download or import the reference lists into the
// managed data folder) and `bonafide lists status` (what that folder and the store cache hold).
func runLists(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError{listsUsage}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, strings.TrimPrefix(listsUsage, "usage: "))
		return nil
	}
	switch args[0] {
	case "update":
		return runListsUpdate(ctx, e, args[1:])
	case "status":
		return runListsStatus(ctx, e, args[1:])
	default:
		return usageError{listsUsage}
	}
}

// urlFlags collects repeated --url NAME=URL values.
type urlFlags map[string]string

func (u urlFlags) String() string { return "" }

func (u urlFlags) Set(v string) error {
	name, url, ok := strings.Cut(v, "=")
	if !ok || name == "" || url == "" {
		return fmt.Errorf("want NAME=URL, got %q", v)
	}
	u[strings.ToUpper(name)] = url
	return nil
}

func dataDirFlag(e env, fs interface {
	String(name, value, usage string) *string
}) *string {
	return fs.String("data-dir", update.DefaultDir(e.getenv),
		"managed reference data `folder`; env BONAFIDE_DATA, default $XDG_DATA_HOME/bonafide/data")
}

func runListsUpdate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "lists update", "lists update [--data-dir DIR] [--from DIR] [--only NAME,...] [--url NAME=URL]")
	dir := dataDirFlag(e, fs)
	from := fs.String("from", "", "import the lists from this `folder` (same layout) instead of downloading")
	only := fs.String("only", "", "comma-separated list `names` to update (default: all)")
	db := dbFlag(e, fs)
	noRescreen := fs.Bool("no-rescreen", false, "do not re-screen the stored people after a sanctions list changed")
	urls := urlFlags{}
	fs.Var(urls, "url", "replace a list's download URL, `NAME=URL` (repeatable; multi-file lists: the first file)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError{listsUsage}
	}
	srcs := update.Sources()
	known := map[string]bool{}
	for _, s := range srcs {
		known[s.Name] = true
	}
	for name := range urls {
		if !known[name] {
			return usageError{fmt.Sprintf("--url: unknown list %q (known: %s)", name, names(srcs))}
		}
	}
	if *only != "" {
		want := map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			n = strings.ToUpper(strings.TrimSpace(n))
			if !known[n] {
				return usageError{fmt.Sprintf("--only: unknown list %q (known: %s)", n, names(srcs))}
			}
			want[n] = true
		}
		var kept []update.Source
		for _, s := range srcs {
			if want[s.Name] {
				kept = append(kept, s)
			}
		}
		srcs = kept
	}
	for i := range srcs {
		if u, ok := urls[srcs[i].Name]; ok {
			srcs[i].Files[0].URL = u
		}
	}
	if *from != "" {
		if fi, err := os.Stat(*from); err != nil || !fi.IsDir() {
			return &bonafide.Error{Kind: bonafide.Invalid, Op: "lists update", Msg: "--from " + *from + " is not a folder", Err: err}
		}
	}
	res, err := update.Update(ctx, update.Options{Dir: *dir, Sources: srcs, From: *from,
		Client: &http.Client{Timeout: 10 * time.Minute}, Progress: e.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "data folder: %s\n", *dir)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tSTATUS\tVERSION\tENTRIES\tNOTE")
	var errs []error
	for _, r := range res {
		note := ""
		if r.Err != nil {
			note = r.Err.Error()
			errs = append(errs, r.Err)
		} else if r.SHA256 != "" {
			note = "sha256 " + r.SHA256[:12]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.Name, r.Status, dash(r.Version), r.Entries, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// A sanctions list that changed: screen everyone stored again, so a new designation
	// surfaces past applicants and hires.
	changed := false
	for _, r := range res {
		if strings.HasPrefix(r.Name, "OFAC") || r.Name == "UN" || r.Name == "EU" || strings.HasPrefix(r.Name, "UK") {
			changed = changed || r.Status == update.StatusUpdated || r.Status == update.StatusImported
		}
	}
	if changed && !*noRescreen {
		if _, err := os.Stat(*db); err == nil {
			st, err := openStore(ctx, *db)
			if err != nil {
				return err
			}
			_, err = rescreen(ctx, e, st, *dir, e.stdout)
			st.Close()
			if err != nil {
				return err
			}
		}
	}
	if len(errs) > 0 {
		return &bonafide.Error{Kind: bonafide.KindOf(errs[0]), Op: "lists update",
			Msg: fmt.Sprintf("%d of %d lists failed; their previous files are kept", len(errs), len(res)), Err: errors.Join(errs...)}
	}
	return nil
}

// flagError makes a flag parsing error a usage error (exit 2); -h passes through.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

func names(srcs []update.Source) string {
	var n []string
	for _, s := range srcs {
		n = append(n, s.Name)
	}
	return strings.Join(n, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runListsStatus(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "lists status", "lists status [--data-dir DIR] [--db PATH]")
	dir := dataDirFlag(e, fs)
	db := dbFlag(e, fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError{listsUsage}
	}
	st, err := update.Status(*dir, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Managed data folder %s (update with `bonafide lists update`):\n", *dir)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tSTATE\tVERSION\tDATE\tENTRIES\tSHA-256\tFETCHED\tPATH")
	for _, s := range st {
		state, date, fetched, entries := "missing", "-", "-", "-"
		if s.Present {
			state = "present"
			date = s.Date.UTC().Format("2006-01-02")
			if s.Entries > 0 {
				entries = fmt.Sprint(s.Entries)
			}
		}
		if !s.FetchedAt.IsZero() {
			fetched = s.FetchedAt.UTC().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, state, dash(s.Version), date, entries, dash(s.SHA256), fetched, s.Path)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(e.stdout)
	if *db != ":memory:" {
		if _, err := os.Stat(*db); err != nil {
			fmt.Fprintf(e.stdout, "Store cache: no database at %s; run a scan first\n", *db)
			return nil
		}
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	lists, err := store.Lists(ctx)
	if err != nil {
		return err
	}
	if len(lists) == 0 {
		fmt.Fprintln(e.stdout, "Store cache: no lists cached; run `bonafide scan --data DIR …` to load them")
		return nil
	}
	fmt.Fprintf(e.stdout, "Store cache (%s):\n", *db)
	tw = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tVERSION\tENTRIES\tFEATURES\tLOADED\tSHA-256")
	for _, l := range lists {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.12s\n", l.Name, l.Version, l.Entries, l.Features, l.LoadedAt.Format("2006-01-02 15:04"), l.SHA256)
	}
	return tw.Flush()
}
