package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/store"
)

// runDispose implements `bonafide dispose PERSON LIST ENTRY --reason TEXT`: an analyst's
// decision on a watchlist hit. A false positive (the default decision) stops the same list
// entry alerting again for the same person in later scans and re-screens; "confirmed" keeps it;
// "reopened" withdraws an earlier decision. Every decision is kept and audited.
func runDispose(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "dispose", "dispose [--decision false_positive|confirmed|reopened] --reason TEXT [--analyst NAME] PERSON LIST ENTRY")
	db := dbFlag(e, fs)
	decision := fs.String("decision", store.DecisionFalsePositive, "false_positive, confirmed or reopened")
	reason := fs.String("reason", "", "why (required), e.g. \"passport DOB 1994-03-02; listed 1971\"")
	analyst := fs.String("analyst", "", "who decides (default: $USER)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		fs.Usage()
		return usageError{"dispose needs PERSON LIST ENTRY, e.g. dispose A-3017 OFAC-SDN 37356 --reason \"...\""}
	}
	if *reason == "" {
		return usageError{"dispose needs --reason"}
	}
	if *analyst == "" {
		*analyst = actor(e)
	}
	if *db != ":memory:" {
		if _, err := os.Stat(*db); err != nil {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "dispose", Msg: "no database at " + *db + "; run a scan first"}
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	d := store.Disposition{PersonID: pos[0], List: pos[1], EntryID: pos[2], Decision: *decision, Reason: *reason, Analyst: *analyst}
	if err := checkHit(ctx, st, d); err != nil {
		return err
	}
	if err := st.Dispose(ctx, d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s entry %s marked %s by %s\n", d.PersonID, d.List, d.EntryID, d.Decision, d.Analyst)
	return nil
}

// checkHit makes sure the decision is about a hit that exists: a stored watchlist finding of the
// person on that list entry, or — to reopen — an earlier decision on it. A typo in the list or
// entry would otherwise record a disposition that silences nothing.
func checkHit(ctx context.Context, st *store.Store, d store.Disposition) error {
	fs, err := st.Findings(ctx, d.PersonID)
	if err != nil {
		return err
	}
	prefix := "watchlist:" + d.List + ":" + d.EntryID + ":"
	var lists []string
	for _, f := range fs {
		if strings.HasPrefix(f.Key, prefix) && d.Decision != store.DecisionReopened {
			return nil
		}
		if rest, ok := strings.CutPrefix(f.Key, "watchlist:"); ok {
			lists = append(lists, strings.Join(strings.SplitN(rest, ":", 3)[:2], " "))
		}
	}
	ds, err := st.Dispositions(ctx)
	if err != nil {
		return err
	}
	for _, x := range ds {
		if x.PersonID == d.PersonID && x.List == d.List && x.EntryID == d.EntryID {
			return nil
		}
	}
	if d.Decision == store.DecisionReopened {
		return &bonafide.Error{Kind: bonafide.NotFound, Op: "dispose", Msg: fmt.Sprintf("nothing to reopen: no decision on %s entry %s for %s", d.List, d.EntryID, d.PersonID)}
	}
	msg := fmt.Sprintf("%s has no stored hit on %s entry %s", d.PersonID, d.List, d.EntryID)
	if len(lists) > 0 {
		msg += " (their hits: " + strings.Join(lists, ", ") + ")"
	}
	return &bonafide.Error{Kind: bonafide.NotFound, Op: "dispose", Msg: msg}
}
