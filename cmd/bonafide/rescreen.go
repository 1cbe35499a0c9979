package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/store"
)

// runRescreen implements `bonafide rescreen`: every stored person is screened again against
// the current lists (and every other detector runs again), so a new designation surfaces past
// applicants and hires. The findings replace the stored ones in one transaction; the watchlist
// findings that were not there before are printed.
func runRescreen(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "rescreen", "rescreen [--db PATH] [--data DIR] [--indicators FILE]")
	db := dbFlag(e, fs)
	data := fs.String("data", e.getenv("BONAFIDE_DATA"), "reference data `folder`; default: the folder `bonafide lists update` manages")
	var indicatorFiles stringsFlag
	fs.Var(&indicatorFiles, "indicators", "a shared indicator list `FILE` to screen against too; repeatable (hits of lists not screened are kept as they were)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"rescreen takes no arguments"}
	}
	if *db != ":memory:" {
		if _, err := os.Stat(*db); err != nil {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "rescreen", Msg: "no database at " + *db + "; run a scan first"}
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = rescreen(ctx, e, st, dataDir(e, *data), e.stdout, indicatorFiles...)
	return err
}

// rescreen re-runs detection over the stored population with the lists in dir and prints the
// new watchlist findings to w. It returns how many there are.
func rescreen(ctx context.Context, e env, st *store.Store, dir string, w io.Writer, indicatorFiles ...string) (int, error) {
	before, err := st.Findings(ctx, "")
	if err != nil {
		return 0, err
	}
	had := map[string]bool{}
	for _, f := range before {
		had[f.PersonID+"\x00"+f.SignalID+"\x00"+f.Key] = true
	}
	rd, err := loadRefData(ctx, dir, st, indicatorFiles...)
	if err != nil {
		return 0, err
	}
	if rd.watchlist == nil && rd.names == nil {
		return 0, &bonafide.Error{Kind: bonafide.Invalid, Op: "rescreen",
			Msg: "no sanctions or indicator list to screen against: run `bonafide lists update`, or give --data DIR holding the lists (nothing was changed)"}
	}
	sc, err := newScanner(ctx, st, rd)
	if err != nil {
		return 0, err
	}
	res, err := sc.RunPeople(ctx, nil)
	if err != nil {
		return 0, err
	}
	var fresh []bonafide.Finding
	for _, f := range res.Findings {
		if (f.SignalID == "APP-WATCHLIST" || strings.HasPrefix(f.SignalID, "APP-WATCHLIST-NAME") || f.SignalID == "PAY-WALLET-SANCTIONED") && !had[f.PersonID+"\x00"+f.SignalID+"\x00"+f.Key] {
			fresh = append(fresh, f)
		}
	}
	loaded := slices.Sorted(maps.Keys(rd.screened))
	fmt.Fprintf(w, "re-screened %d stored people against %s: %d new watchlist findings\n", res.Population, strings.Join(loaded, ", "), len(fresh))
	for _, f := range fresh {
		fmt.Fprintf(w, "  NEW %s %s %s\n", f.PersonID, f.SignalID, f.Summary)
	}
	if err := st.Audit(ctx, actor(e), "rescreen", "", fmt.Sprintf("%d people, %d new watchlist findings", res.Population, len(fresh))); err != nil {
		return 0, err
	}
	return len(fresh), nil
}
