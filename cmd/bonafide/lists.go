package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// runLists implements `bonafide lists status`: the reference lists cached in the store.
// Downloading lists from their publishers (`lists update`) belongs to the watchlist work.
func runLists(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "update" {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "lists update",
			Msg: "not available yet (downloading from the publishers comes with the watchlist work); give the lists as a folder with `bonafide scan --data DIR`"}
	}
	if len(args) == 0 || args[0] != "status" {
		return usageError{"usage: bonafide lists status [--db PATH]"}
	}
	fs := newFlagSet(e, "lists status", "lists status [--db PATH]")
	db := dbFlag(e, fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *db != ":memory:" {
		if _, err := os.Stat(*db); err != nil {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "lists status", Msg: "no database at " + *db + "; run a scan first"}
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	lists, err := st.Lists(ctx)
	if err != nil {
		return err
	}
	if len(lists) == 0 {
		fmt.Fprintln(e.stdout, "no lists cached; run `bonafide scan --data DIR …` to load them")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tVERSION\tENTRIES\tFEATURES\tLOADED\tSHA-256")
	for _, l := range lists {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.12s\n", l.Name, l.Version, l.Entries, l.Features, l.LoadedAt.Format("2006-01-02 15:04"), l.SHA256)
	}
	return tw.Flush()
}
