package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich"
	"github.com/bonafide-oss/bonafide/internal/report"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
	"github.com/bonafide-oss/bonafide/internal/watchlist/screen"
	"github.com/bonafide-oss/bonafide/internal/watchlist/update"
)

// Paths of the reference files inside a data folder laid out like the publishers' downloads
// (this workspace's ../shared/data; see docs/data.md).
const (
	dataDisposable = "email/disposable_email_blocklist.conf"
	dataFreemail   = "email/freemail.txt"
	dataOFACSDN    = "sanctions/ofac/sdn_advanced.xml.bz2"
)

// refData is the reference data a scan runs on, and what it says about itself.
type refData struct {
	domains   *enrich.Domains
	watchlist *watchlist.Index  // nil when no list was loaded
	names     *screen.Screener  // nil when no sanctions list was loaded
	parties   []watchlist.Party // the sanctions lists' parties behind names
	screened  map[string]bool   // list names screened against (scan.Scanner.Screened)
	lists     []report.ListStatus
}

// loadRefData loads the reference lists from dir, or the embedded defaults when dir is "".
// A dir that is given but lacks a file is not an error: the embedded default (or nothing, for
// sanctions) is used and the status says which full list is missing.
func loadRefData(ctx context.Context, dir string, cache watchlist.Cache, indicatorFiles ...string) (*refData, error) {
	rd := &refData{}
	if dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "--data", Msg: fmt.Sprintf("%s is not a folder", dir), Err: err}
		}
	}
	disp, free := existing(dir, dataDisposable), existing(dir, dataFreemail)
	d, err := enrich.Load(disp, free)
	if err != nil {
		return nil, err
	}
	rd.domains = d
	nd, nf := d.Counts()
	rd.lists = append(rd.lists,
		domainStatus("Disposable e-mail domains", nd, disp, "disposable-email-domains"),
		domainStatus("Free-mail domains", nf, free, "freemail"),
	)

	if err := loadSanctions(ctx, rd, dir, cache); err != nil {
		return nil, err
	}
	// Shared indicator lists: identifiers join the exact index, front companies and people the
	// name index.
	ind, err := loadIndicators(dir, indicatorFiles)
	if err != nil {
		return nil, err
	}
	var extraParties []watchlist.Party
	for _, l := range ind {
		if rd.watchlist == nil {
			rd.watchlist = watchlist.NewIndex()
		}
		rd.watchlist.Add(l.Features...)
		rd.screen(l.Name)
		extraParties = append(extraParties, l.Parties...)
		rd.lists = append(rd.lists, report.ListStatus{Name: l.Name, Version: l.Version, Entries: len(l.Entries), Loaded: true, Note: indicatorSummary(l)})
	}
	if len(extraParties) > 0 {
		parties := extraParties
		if rd.names != nil {
			parties = append(rd.parties, extraParties...)
		}
		rd.names = &screen.Screener{Index: watchlist.NewNameIndex(parties...), Threshold: screen.ScanThreshold}
	}
	return rd, nil
}

// loadSanctions loads the OFAC SDN features for exact matching (cached in the store) and every
// sanctions list in dir for name screening (internal/watchlist/screen).
func loadSanctions(ctx context.Context, rd *refData, dir string, cache watchlist.Cache) error {
	sdn := existing(dir, dataOFACSDN)
	// The SDN file is parsed once here, for both its features (exact matching) and its names.
	var sdnList *ofac.List
	if sdn != "" {
		var err error
		if sdnList, err = ofac.Open(sdn, nil); err != nil {
			return fmt.Errorf("%s: %w", sdn, err)
		}
	}
	if sdn == "" {
		rd.lists = append(rd.lists, report.ListStatus{
			Name: "OFAC SDN (DPRK e-mails, websites, phones, wallets)",
			Note: "not loaded: no exact screening of e-mails, websites, phones and wallets; run `bonafide lists update` or give --data DIR holding " + dataOFACSDN,
		})
	} else {
		l, err := watchlist.LoadOFACAdvancedFrom(ctx, cache, sdn, sdnList)
		if err != nil {
			return err
		}
		rd.watchlist = watchlist.NewIndex()
		rd.watchlist.Add(l.Features...)
		rd.screen(watchlist.OFACSDN)
		rd.lists = append(rd.lists, report.ListStatus{
			Name:    "OFAC SDN (advanced XML)",
			Version: l.Info.Version,
			Entries: l.Info.Entries,
			Loaded:  true,
			Note: fmt.Sprintf("%d features of %d parties; DPRK programmes: %d parties, %s%s",
				l.Info.Features, l.Info.Entries, l.DPRKEntries, kindCounts(l.DPRK), cachedNote(l.Cached)),
		})
	}
	if dir == "" {
		rd.lists = append(rd.lists, report.ListStatus{Name: "Sanctions lists (names)",
			Note: "not loaded: no name screening; run `bonafide lists update` or give --data DIR"})
		return nil
	}
	parties, loaded, err := screen.PartiesWith(dir, sdnList)
	if err != nil {
		return err
	}
	if len(parties) == 0 {
		rd.lists = append(rd.lists, report.ListStatus{Name: "Sanctions lists (names)",
			Note: "not loaded: no name screening; " + dir + " holds none of " + strings.Join(screen.Missing(dir), ", ")})
		return nil
	}
	rd.parties = parties
	rd.names = &screen.Screener{Index: watchlist.NewNameIndex(parties...), Threshold: screen.ScanThreshold}
	for _, l := range loaded {
		rd.screen(l.List)
		rd.lists = append(rd.lists, report.ListStatus{Name: l.List + " (names)", Version: l.Version, Entries: l.Parties, Loaded: true,
			Note: fmt.Sprintf("%d parties, %d under DPRK programmes; %s", l.Parties, l.DPRK, l.Path)})
	}
	if m := screen.Missing(dir); len(m) > 0 {
		rd.lists = append(rd.lists, report.ListStatus{Name: "Sanctions lists not in " + dir,
			Note: strings.Join(m, ", ") + ": run `bonafide lists update` to fetch them"})
	}
	return nil
}

func existing(dir, rel string) string {
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		// `lists update` stores a downloaded file uncompressed (sdn_advanced.xml) where an
		// imported copy keeps the publisher's compression (sdn_advanced.xml.bz2).
		if base, ok := strings.CutSuffix(p, ".bz2"); ok {
			if _, err := os.Stat(base); err == nil {
				return base
			}
		}
		return ""
	}
	return p
}

// dataDir returns the reference data folder a command reads: the --data flag (or
// BONAFIDE_DATA) when given, else the folder `bonafide lists update` manages when it holds a
// manifest, else "" (the embedded defaults).
func dataDir(e env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	d := update.DefaultDir(e.getenv)
	if _, err := os.Stat(filepath.Join(d, update.ManifestFile)); err == nil {
		return d
	}
	return ""
}

func domainStatus(name string, n int, path, full string) report.ListStatus {
	if path == "" {
		return report.ListStatus{Name: name, Version: "embedded", Entries: n, Loaded: true,
			Note: fmt.Sprintf("embedded default (%d domains); full list (%s) not loaded: give --data DIR", n, full)}
	}
	return report.ListStatus{Name: name, Version: filepath.Base(path), Entries: n, Loaded: true, Note: path}
}

func kindCounts(m map[bonafide.IdentifierKind]int) string {
	names := map[bonafide.IdentifierKind]string{
		bonafide.KindEmail: "e-mails", bonafide.KindURL: "websites", bonafide.KindPhone: "phones", bonafide.KindWallet: "wallets",
	}
	var kinds []string
	for k := range m {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		n := names[bonafide.IdentifierKind(k)]
		if n == "" {
			n = k
		}
		parts = append(parts, fmt.Sprintf("%d %s", m[bonafide.IdentifierKind(k)], n))
	}
	return strings.Join(parts, ", ")
}

func cachedNote(cached bool) string {
	if cached {
		return " (from the store cache)"
	}
	return ""
}

// screen records that the run screens against list.
func (rd *refData) screen(list string) {
	if rd.screened == nil {
		rd.screened = map[string]bool{}
	}
	rd.screened[list] = true
}
