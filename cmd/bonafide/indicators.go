package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/watchlist/indicator"
)

// dataIndicators is the folder inside a data folder that holds shared DPRK IT-worker indicator
// lists (docs/indicators.md): *.csv in the documented CSV format, *.json STIX 2.1 bundles.
const dataIndicators = "indicators"

// loadIndicators reads every indicator list in dir/indicators and the extra files given
// (--indicators), in name order. A file in neither format, or a bad row, is an error naming the
// file (and line or STIX object).
func loadIndicators(dir string, extra []string) ([]*indicator.List, error) {
	var files []string
	if dir != "" {
		for _, pat := range []string{"*.csv", "*.json"} {
			m, _ := filepath.Glob(filepath.Join(dir, dataIndicators, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
	}
	files = append(files, extra...)
	var out []*indicator.List
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "indicators", Msg: path, Err: err}
		}
		var l *indicator.List
		switch strings.ToLower(filepath.Ext(path)) {
		case ".csv":
			l, err = indicator.ReadCSV(f, path, indicator.Options{})
		case ".json":
			l, err = indicator.ReadSTIX(f, path, indicator.Options{})
		default:
			err = &bonafide.Error{Kind: bonafide.Invalid, Op: "indicators", Msg: path + ": want a .csv indicator list or a .json STIX 2.1 bundle (docs/indicators.md)"}
		}
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// indicatorSummary describes a loaded indicator list for the list status.
func indicatorSummary(l *indicator.List) string {
	kinds := map[bonafide.IdentifierKind]int{}
	for _, f := range l.Features {
		kinds[f.Kind]++
	}
	return fmt.Sprintf("%d identifiers (%s), %d front companies and people", len(l.Features), kindCounts(kinds), len(l.Parties))
}
