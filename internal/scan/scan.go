// Package scan is bonafide's main job as a library: import applicants from files, normalise
// them, run every detector over the batch together with the people already stored, persist
// people and findings in one transaction, and rank the batch by explained score.
//
// The command `bonafide scan` and the end-to-end benchmark both call Scanner.Run, so the figure
// the benchmark reports is the figure a user gets.
package scan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/intake"
	"github.com/bonafide-oss/bonafide/internal/link"
	githublink "github.com/bonafide-oss/bonafide/internal/link/github"
	"github.com/bonafide-oss/bonafide/internal/link/minhash"
	"github.com/bonafide-oss/bonafide/internal/link/photo"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/score"
	"github.com/bonafide-oss/bonafide/internal/signals"
	"github.com/bonafide-oss/bonafide/internal/store"
)

// Store is what a scan needs from persistence.
type Store interface {
	People(ctx context.Context, exclude map[string]bool) ([]*bonafide.Person, error)
	// SaveScanWith writes the batch and, in the same transaction, the findings compute returns;
	// compute runs while the batch is being written.
	SaveScanWith(ctx context.Context, people []*bonafide.Person, scope []string, compute func() ([]bonafide.Finding, error)) (store.SaveStats, error)
	// Findings returns the stored findings of personID ("" for everyone).
	Findings(ctx context.Context, personID string) ([]bonafide.Finding, error)
}

// screeningSignals are the signals that need sanctions or indicator lists. A scan that runs
// without any list keeps their stored findings instead of replacing them with none.
var screeningSignals = map[string]bool{"APP-WATCHLIST": true, "APP-WATCHLIST-NAME": true, "APP-WATCHLIST-NAME-DOB": true, "PAY-WALLET-SANCTIONED": true}

// Scanner runs scans. Its fields are the dependencies, built by the caller.
type Scanner struct {
	Store     Store
	Domains   signals.DomainClassifier
	Watchlist signals.Watchlist    // nil when no list is loaded
	Names     signals.NameScreener // nil when no sanctions list is loaded for names
	// Dismissed reports analysts' false-positive dispositions (store.Dismissals); nil: none.
	Dismissed func(personID, list, entryID string) bool
	// Screened names the lists this scan screens against (e.g. "OFAC-SDN", "UN",
	// "INDICATORS:peer"). Stored watchlist findings of any other list are kept as they were:
	// a scan replaces only the hits of lists it actually looked at.
	Screened map[string]bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Progress, when non-nil, is told of each stage: stage name, items done, items in all
	// (total is 0 when unknown).
	Progress func(stage string, done, total int)
}

// Result is the outcome of one scan.
type Result struct {
	Batch       []*bonafide.Person // the people read from the inputs, in input order
	Population  int                // people considered by the detectors: batch + stored
	Findings    []bonafide.Finding // every finding on the population
	Assessments []bonafide.Assessment
	// Related holds stored people (not in the batch) that a batch person's findings point to,
	// so reports can name and draw them.
	Related []*bonafide.Person
	// Networks are the persona networks (clusters of ≥ 2 people) in the population, with the
	// evidence of every link (internal/link).
	Networks []bonafide.Cluster
	Saved    store.SaveStats
	Notes    []string // skipped files and other remarks for the user
	Started  time.Time
	Elapsed  time.Duration
}

// Run scans the inputs (files or folders, see docs/intake.md). Nothing is written unless every
// input parses; the store write is one transaction, so a failure leaves the previous state.
// Errors: *bonafide.InputError (kind Invalid) for bad input, naming file, line and field.
func (s *Scanner) Run(ctx context.Context, inputs []string) (*Result, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	res := &Result{Started: now()}
	progress := func(stage string, done, total int) {
		if s.Progress != nil {
			s.Progress(stage, done, total)
		}
	}

	batch, notes, err := intake.Load(ctx, inputs, func(path string, people int) {
		progress("read", people, 0)
	})
	if err != nil {
		return nil, err
	}
	res.Batch, res.Notes = batch, notes
	return s.finish(ctx, res, now, progress)
}

// RunPeople scans people already parsed (for example from stdin or an API call).
func (s *Scanner) RunPeople(ctx context.Context, batch []*bonafide.Person) (*Result, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	res := &Result{Started: now(), Batch: batch}
	return s.finish(ctx, res, now, func(stage string, done, total int) {
		if s.Progress != nil {
			s.Progress(stage, done, total)
		}
	})
}

func (s *Scanner) finish(ctx context.Context, res *Result, now func() time.Time, progress func(string, int, int)) (*Result, error) {
	batch := res.Batch
	res.Notes = append(res.Notes, inputNotes(batch, 10)...)
	inBatch := make(map[string]bool, len(batch))
	for _, p := range batch {
		inBatch[p.ID] = true
	}
	stored, err := s.Store.People(ctx, inBatch)
	if err != nil {
		return nil, err
	}
	population := make([]*bonafide.Person, 0, len(batch)+len(stored))
	population = append(population, batch...)
	population = append(population, stored...)
	res.Population = len(population)

	scope := make([]string, len(population))
	for i, p := range population {
		scope[i] = p.ID
	}
	// Watchlist findings of lists this scan did not screen against (none at all, or a shared
	// indicator list given to an earlier scan) are kept as they were: a scan without a list
	// must not erase what a scan with it found.
	var kept []bonafide.Finding
	{
		stored, err := s.Store.Findings(ctx, "")
		if err != nil {
			return nil, err
		}
		inPop := make(map[string]bool, len(population))
		for _, p := range population {
			inPop[p.ID] = true
		}
		for _, f := range stored {
			if screeningSignals[f.SignalID] && inPop[f.PersonID] && !s.screens(listOf(f.Key)) {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%d watchlist findings of lists not screened in this run kept as they were", len(kept)))
		}
	}
	// Detection and network resolution run on all cores while the store writes the batch on its
	// one connection; the findings join the same transaction when ready.
	progress("detect", 0, len(population))
	saved, err := s.Store.SaveScanWith(ctx, batch, scope, func() ([]bonafide.Finding, error) {
		findings, err := signals.Detect(ctx, population, signals.Env{
			Domains: s.Domains, Watchlist: s.Watchlist, Names: s.Names, Dismissed: s.Dismissed, Now: res.Started,
		})
		if err != nil {
			return nil, err
		}
		progress("link", 0, len(population))
		networks, netFindings := ResolveNetworks(population)
		findings = append(findings, netFindings...)
		findings = append(findings, kept...)
		bonafide.SortFindings(findings)
		res.Findings, res.Networks = findings, networks
		progress("save", 0, len(batch))
		return findings, nil
	})
	if err != nil {
		return nil, err
	}
	res.Saved = saved
	progress("save", len(batch), len(batch))
	findings := res.Findings

	res.Assessments = score.Rank(batch, findings, Caps)
	res.Related = related(res.Assessments, inBatch, stored)
	res.Elapsed = now().Sub(res.Started)
	return res, nil
}

// screens reports whether this scan screens against list: the lists in Screened, or — when
// Screened is nil — every list if any list is loaded at all.
func (s *Scanner) screens(list string) bool {
	if s.Screened != nil {
		return s.Screened[list]
	}
	return s.Watchlist != nil || s.Names != nil
}

// listOf returns the list of a watchlist finding key ("watchlist:<list>:<entry>:…").
func listOf(key string) string {
	rest, ok := strings.CutPrefix(key, "watchlist:")
	if !ok {
		return ""
	}
	// List names hold no ":" except indicator lists ("INDICATORS:<name>").
	list, rest, _ := strings.Cut(rest, ":")
	if list == "INDICATORS" {
		name, _, _ := strings.Cut(rest, ":")
		list += ":" + name
	}
	return list
}

// Caps looks a signal's cap up in the catalogue.
func Caps(id string) (float64, bool) {
	s, ok := signals.Lookup(id)
	if !ok || s.Cap <= 0 {
		return 0, false
	}
	return s.Cap, true
}

func related(as []bonafide.Assessment, inBatch map[string]bool, stored []*bonafide.Person) []*bonafide.Person {
	want := map[string]bool{}
	for _, a := range as {
		for _, f := range a.Findings {
			for _, id := range f.Related {
				if !inBatch[id] {
					want[id] = true
				}
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	var out []*bonafide.Person
	for _, p := range stored {
		if want[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// inputNotes returns notes on input that was kept but cannot serve its checks, so the user
// should know: identifiers that could not be normalised (an IBAN with a wrong check digit, an
// IP that is not one: they cannot link anyone), photos that could not be read (no photo-reuse
// comparison) and time zones that are not IANA names. At most max of each are listed, then a
// count.
func inputNotes(people []*bonafide.Person, max int) []string {
	var notes []string
	n := 0
	for _, p := range people {
		for _, id := range p.Identifiers {
			if id.Error == "" {
				continue
			}
			n++
			if n <= max {
				notes = append(notes, fmt.Sprintf("%s (%s): %s %q not usable: %s", p.ID, p.Source, id.Kind, id.Raw, id.Error))
			}
		}
	}
	if n > max {
		notes = append(notes, fmt.Sprintf("… and %d more identifiers not usable", n-max))
	}
	// Photos that could not be read take no part in photo-reuse matching (APP-PHOTO-REUSE):
	// say which, so a missing file is not mistaken for "no reuse found".
	m := 0
	for _, p := range people {
		for _, ph := range p.Photos {
			if ph.Error == "" || ph.PHash != 0 {
				continue
			}
			m++
			if m <= max {
				notes = append(notes, fmt.Sprintf("%s (%s): photo %q not compared: %s", p.ID, p.Source, ph.Source, ph.Error))
			}
		}
	}
	if m > max {
		notes = append(notes, fmt.Sprintf("… and %d more photos not compared", m-max))
	}
	// A time zone that is not an IANA name cannot be compared with activity hours later.
	known := map[string]bool{}
	z := 0
	for _, p := range people {
		tz := p.TimeZone
		if tz == "" {
			continue
		}
		ok, seen := known[tz]
		if !seen {
			_, err := time.LoadLocation(tz)
			ok = err == nil
			known[tz] = ok
		}
		if !ok {
			z++
			if z <= max {
				notes = append(notes, fmt.Sprintf("%s (%s): time zone %q is not an IANA name (e.g. Europe/Berlin); kept as given", p.ID, p.Source, tz))
			}
		}
	}
	if z > max {
		notes = append(notes, fmt.Sprintf("… and %d more unknown time zones", z-max))
	}
	return notes
}

// ResolveNetworks runs persona-network resolution over the population: exact and fuzzy
// identifier evidence (internal/link), near-duplicate résumés and cover letters
// (internal/link/minhash), reused photos (internal/link/photo), GitHub rings and backdated
// accounts (internal/link/github), referrals and shared referees. It returns the networks of two
// or more people and the findings of those signals, NET-CLUSTER and NET-REFERRAL included.
func ResolveNetworks(population []*bonafide.Person) ([]bonafide.Cluster, []bonafide.Finding) {
	r := link.NewResolver(link.Options{})
	r.Add(population)
	r.AddLinks(link.ReferralLinks(population))
	var findings []bonafide.Finding
	for _, run := range []func() ([]bonafide.Link, []bonafide.Finding){
		func() ([]bonafide.Link, []bonafide.Finding) { return minhash.Links(population, minhash.Options{}) },
		func() ([]bonafide.Link, []bonafide.Finding) { return photo.Links(population, 0) },
		func() ([]bonafide.Link, []bonafide.Finding) { return githublink.Analyse(population) },
	} {
		ls, fs := run()
		r.AddLinks(ls)
		findings = append(findings, fs...)
	}
	networks := r.Clusters(2)
	byID := make(map[string]*bonafide.Person, len(population))
	for _, p := range population {
		byID[p.ID] = p
	}
	findings = append(findings, link.Findings(personaNetworks(networks, byID), byID)...)
	return networks, findings
}

// MinNetworkNames is the number of differently named people a network needs before its
// members get NET-CLUSTER (and NET-REFERRAL) findings. A pair is fully described by the
// direct findings that link it (a shared phone, a shared referee); counting the pair again as a
// "network" would double its score and push benign pairs (ex-colleagues naming one manager)
// into the high band. Three names is where one operator running several personas begins.
const MinNetworkNames = 3

// personaNetworks keeps the networks with at least MinNetworkNames distinct names.
func personaNetworks(networks []bonafide.Cluster, byID map[string]*bonafide.Person) []bonafide.Cluster {
	var out []bonafide.Cluster
	for _, c := range networks {
		names := map[string]bool{}
		for _, m := range c.Members {
			if p := byID[m]; p != nil {
				names[normalize.NameKey(p.Name)] = true
			}
		}
		if len(names) >= MinNetworkNames {
			out = append(out, c)
		}
	}
	return out
}
