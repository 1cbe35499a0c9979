package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/store"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
)

const hrUsage = "usage: bonafide hr import [--db PATH] FILE\n       bonafide hr list [--db PATH]"

// runHR implements `bonafide hr import FILE` (store the HR roster post-hire telemetry is
// compared with; docs/ingest.md) and `bonafide hr list`.
func runHR(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(e.stdout, strings.TrimPrefix(hrUsage, "usage: "))
		return nil
	}
	if len(args) == 0 || (args[0] != "import" && args[0] != "list") {
		return usageError{hrUsage}
	}
	fs := newFlagSet(e, "hr "+args[0], strings.TrimPrefix(hrUsage, "usage: bonafide "))
	db := dbFlag(e, fs)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "import" {
		if len(pos) != 1 {
			return usageError{hrUsage}
		}
		return importRoster(ctx, e, st, pos[0])
	}
	emps, err := st.Employees(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCOUNTRY\tTIME ZONE\tSTART\tSHIPPED TO\tACCOUNTS\tHOSTS")
	for _, em := range emps {
		start := ""
		if !em.StartDate.IsZero() {
			start = em.StartDate.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", em.ID, em.Name, em.Country, em.TimeZone, start, em.ShipCountry,
			strings.Join(em.Accounts, " "), strings.Join(em.Hosts, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d employees\n", len(emps))
	return nil
}

// readRoster reads an HR roster CSV (internal/telemetry/hr) without storing it.
func readRoster(path string) ([]bonafide.Employee, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "hr", Msg: path + " is a folder, not a roster CSV"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "hr", Msg: path, Err: err}
	}
	defer f.Close()
	return hr.ReadCSV(f, path)
}

// importRoster reads an HR roster CSV and stores it (upsert by employee ID, audited).
func importRoster(ctx context.Context, e env, st *store.Store, path string) error {
	emps, err := readRoster(path)
	if err != nil {
		return err
	}
	if err := st.SaveEmployees(ctx, actor(e), path, emps); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "HR roster: %d employees from %s stored\n", len(emps), path)
	return nil
}
