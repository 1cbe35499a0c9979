package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/intake"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
	"github.com/bonafide-oss/bonafide/internal/watchlist/un"
)

const dataUN = "sanctions/un/UN_consolidated.xml"

// runScreen implements `bonafide screen NAME|FILE…`: ad-hoc and batch name screening against
// the sanctions lists in the data folder (OFAC SDN advanced XML, UN consolidated XML). A
// FILE is read like a scan input (CSV or JSON Resume) and every person's name is screened.
func runScreen(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "screen", "screen [--data DIR] [--threshold S] [--json] NAME|FILE...")
	data := fs.String("data", e.getenv("BONAFIDE_DATA"), "reference data `folder` holding the sanctions lists; env BONAFIDE_DATA")
	threshold := fs.Float64("threshold", 0, "least name score (0..1) to report; 0: the matcher's default")
	asJSON := fs.Bool("json", false, "print hits as JSON")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fs.Usage()
		return usageError{"screen needs a name or a file"}
	}
	if *data == "" {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "screen", Msg: "no sanctions lists: give --data DIR holding " + dataOFACSDN + " and " + dataUN}
	}
	ix, loaded, err := loadNameIndex(*data)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "screening against %s\n", strings.Join(loaded, ", "))

	type query struct{ id, name string }
	var queries []query
	for _, in := range inputs {
		if _, err := os.Stat(in); err == nil {
			people, _, err := intake.Load(ctx, []string{in}, nil)
			if err != nil {
				return err
			}
			for _, p := range people {
				queries = append(queries, query{p.ID, p.Name})
			}
			continue
		}
		queries = append(queries, query{"", in})
	}
	type result struct {
		ID   string                  `json:"id,omitempty"`
		Name string                  `json:"name"`
		Hits []bonafide.WatchlistHit `json:"hits"`
	}
	var results []result
	for _, q := range queries {
		hits := ix.Screen(q.name, *threshold)
		if hits == nil {
			hits = []bonafide.WatchlistHit{}
		}
		results = append(results, result{q.id, q.name, hits})
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUERY\tSCORE\tLIST\tENTRY\tLISTED NAME\tMATCHED\tPROGRAMMES")
	n := 0
	for _, r := range results {
		label := r.Name
		if r.ID != "" {
			label = r.ID + " " + r.Name
		}
		for _, h := range r.Hits {
			n++
			fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\t%s %q\t%s\n", label, h.Score, h.List, h.EntryID, h.EntryName, h.Field, h.Value, strings.Join(h.Programs, " "))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d names screened, %d possible hits. A hit is a lead for a person to verify (DOB, nationality, documents), not a decision.\n", len(results), n)
	return nil
}

// loadNameIndex reads every sanctions list the data folder holds into a name index.
func loadNameIndex(dir string) (*watchlist.NameIndex, []string, error) {
	var parties []watchlist.Party
	var loaded []string
	if p := existing(dir, dataOFACSDN); p != "" {
		l, err := ofac.Open(p, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, en := range l.Entries {
			parties = append(parties, watchlist.Party{List: watchlist.OFACSDN, Version: l.Version, ID: en.ID, Name: en.Name, Aliases: en.Aliases, Programs: en.Programs})
		}
		loaded = append(loaded, fmt.Sprintf("OFAC SDN %s (%d parties)", l.Version, len(l.Entries)))
	}
	if p := existing(dir, dataUN); p != "" {
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, err
		}
		entries, err := un.Read(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, en := range entries {
			parties = append(parties, watchlist.Party{List: "UN", ID: en.ID, Name: en.Name, Aliases: en.Aliases, Programs: en.Programs})
		}
		loaded = append(loaded, fmt.Sprintf("UN consolidated (%d parties)", len(entries)))
	}
	if len(parties) == 0 {
		return nil, nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "screen", Msg: "no sanctions list in " + dir + " (looked for " + dataOFACSDN + " and " + dataUN + ")"}
	}
	return watchlist.NewNameIndex(parties...), loaded, nil
}
