package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/intake"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/screen"
)

// runScreen implements `bonafide screen NAME|FILE…`: ad-hoc and batch name screening against
// every sanctions list in the data folder (OFAC SDN, OFAC consolidated, UN, EU, UK) and the
// indicator lists' front companies and people. A FILE is read like a scan input (CSV or JSON
// Resume) and every person is screened with their stated date of birth and country.
func runScreen(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "screen", "screen [--data DIR] [--threshold S] [--dob DATE] [--country CC] [--json] NAME|FILE...")
	data := fs.String("data", e.getenv("BONAFIDE_DATA"), "reference data `folder` holding the sanctions lists; env BONAFIDE_DATA; default: the folder `bonafide lists update` manages")
	threshold := fs.Float64("threshold", 0, "least adjusted name score (0..1) to report; 0: the matcher's default (0.78)")
	dob := fs.String("dob", "", "date of birth of the NAMEs given on the command line, YYYY-MM-DD or YYYY")
	country := fs.String("country", "", "country of residence (ISO 3166-1 alpha-2) of the NAMEs given on the command line")
	asJSON := fs.Bool("json", false, "print hits as JSON")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fs.Usage()
		return usageError{"screen needs a name or a file"}
	}
	for _, in := range inputs {
		if strings.TrimSpace(in) == "" {
			return usageError{"screen: an empty name"}
		}
	}
	if *threshold < 0 || *threshold > 1 {
		return usageError{fmt.Sprintf("--threshold %g: want a score between 0 and 1", *threshold)}
	}
	if *dob != "" && !validDOB(*dob) {
		return usageError{fmt.Sprintf("--dob %q: want YYYY-MM-DD or YYYY", *dob)}
	}
	if *country != "" {
		iso, ok := normalize.Country(*country)
		if !ok {
			return usageError{fmt.Sprintf("--country %q: want an ISO 3166-1 alpha-2 code such as DE", *country)}
		}
		*country = iso
	}
	dir := dataDir(e, *data)
	if dir == "" {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "screen", Msg: "no sanctions lists: run `bonafide lists update`, or give --data DIR holding " + screen.PathOFACSDN + " and the other lists (docs/lists.md)"}
	}
	parties, loaded, err := screen.Parties(dir)
	if err != nil {
		return err
	}
	ind, err := loadIndicators(dir, nil)
	if err != nil {
		return err
	}
	for _, l := range ind {
		parties = append(parties, l.Parties...)
	}
	if len(parties) == 0 {
		return &bonafide.Error{Kind: bonafide.NotFound, Op: "screen", Msg: "no sanctions list in " + dir + " (looked for " + strings.Join(screen.Missing(dir), ", ") + ")"}
	}
	ix := watchlist.NewNameIndex(parties...)
	var names []string
	for _, l := range loaded {
		names = append(names, l.String())
	}
	for _, l := range ind {
		names = append(names, fmt.Sprintf("%s (%d parties)", l.Name, len(l.Parties)))
	}
	fmt.Fprintf(e.stderr, "screening against %s\n", strings.Join(names, ", "))

	type query struct {
		id string
		q  watchlist.Query
	}
	var queries []query
	for _, in := range inputs {
		_, statErr := os.Stat(in)
		if statErr != nil && looksLikePath(in) {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "screen", Msg: in + ": no such file (to screen it as a name, drop the path characters)"}
		}
		if statErr == nil {
			people, _, err := intake.Load(ctx, []string{in}, nil)
			if err != nil {
				return err
			}
			for _, p := range people {
				queries = append(queries, query{p.ID, watchlist.Query{Name: p.Name, BirthDate: p.BirthDate, Country: p.Country}})
			}
			continue
		}
		queries = append(queries, query{"", watchlist.Query{Name: in, BirthDate: *dob, Country: strings.ToUpper(*country)}})
	}
	type result struct {
		ID   string                  `json:"id,omitempty"`
		Name string                  `json:"name"`
		Hits []bonafide.WatchlistHit `json:"hits"`
	}
	var results []result
	for _, q := range queries {
		hits := ix.ScreenQuery(q.q, *threshold)
		if hits == nil {
			hits = []bonafide.WatchlistHit{}
		}
		results = append(results, result{q.id, q.q.Name, hits})
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUERY\tSCORE\tLIST\tENTRY\tLISTED NAME\tMATCHED\tPROGRAMMES\tWHY")
	n := 0
	for _, r := range results {
		label := r.Name
		if r.ID != "" {
			label = r.ID + " " + r.Name
		}
		for _, h := range r.Hits {
			n++
			fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\t%s %q\t%s\t%s\n", label, h.Score, h.List, h.EntryID, h.EntryName, h.Field, h.Value, strings.Join(h.Programs, " "), h.Detail)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d names screened, %d possible hits. A hit is a lead for a person to verify (DOB, documents), not a decision.\n", len(results), n)
	return nil
}

// looksLikePath reports whether a command-line argument is meant as a file rather than a name:
// it holds a path separator or ends in an input file extension.
func looksLikePath(s string) bool {
	if strings.ContainsAny(s, `/\`) {
		return true
	}
	l := strings.ToLower(s)
	for _, ext := range []string{".csv", ".json", ".jsonl", ".tsv", ".txt"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}

// validDOB reports whether s is a real date as YYYY-MM-DD or a plausible year YYYY.
func validDOB(s string) bool {
	if len(s) == 4 {
		y, err := strconv.Atoi(s)
		return err == nil && y >= 1900 && y <= 2100
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
