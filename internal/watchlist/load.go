package watchlist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/store"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
)

// OFACSDN is the list name of the OFAC Specially Designated Nationals list.
const OFACSDN = "OFAC-SDN"

// Cache is the part of the store the loader uses to keep parsed features between runs.
type Cache interface {
	List(ctx context.Context, name string) (store.ListInfo, error)
	ListFeatures(ctx context.Context, name string) ([]store.ListFeature, error)
	ReplaceList(ctx context.Context, info store.ListInfo, features []store.ListFeature) error
}

// Loaded describes one list made ready for matching.
type Loaded struct {
	Info     store.ListInfo
	Features []Feature
	Cached   bool // read from the store cache rather than parsed
	// DPRK counts the features of entries under DPRK programmes, by identifier kind, and
	// DPRKEntries the distinct DPRK entries that have at least one such feature.
	DPRK        map[bonafide.IdentifierKind]int
	DPRKEntries int
}

// LoadOFACAdvanced makes the OFAC SDN advanced XML at path (.xml or .xml.bz2) ready for
// matching: when the cache holds the same file (same SHA-256) its features are reused; otherwise
// the file is parsed, every party's e-mail, website, phone and digital-currency features are
// canonicalised and the cache is replaced atomically (on a parse error the cached version stays
// and the error names the file). Features that fail to canonicalise are kept out and counted in
// the error-free path as skipped (Info.Features counts only usable ones).
func LoadOFACAdvanced(ctx context.Context, c Cache, path string) (*Loaded, error) {
	return LoadOFACAdvancedFrom(ctx, c, path, nil)
}

// LoadOFACAdvancedFrom is LoadOFACAdvanced for a caller that has already parsed the file (list,
// from ofac.Open(path, nil)): on a cache miss the features are taken from list instead of
// parsing the 121 MB file a second time. A nil list parses as LoadOFACAdvanced does.
func LoadOFACAdvancedFrom(ctx context.Context, c Cache, path string, parsed *ofac.List) (*Loaded, error) {
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	if info, err := c.List(ctx, OFACSDN); err == nil && info.SHA256 == sum {
		lfs, err := c.ListFeatures(ctx, OFACSDN)
		if err != nil {
			return nil, err
		}
		return summarise(info, lfs, true), nil
	} else if err != nil && bonafide.KindOf(err) != bonafide.NotFound {
		return nil, err
	}
	list := parsed
	if list == nil {
		if list, err = ofac.Open(path, func(e *ofac.Entry) bool { return len(e.Features) > 0 }); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	var lfs []store.ListFeature
	for _, e := range list.Entries {
		for _, f := range e.Features {
			v, ok := canonicalFeature(f)
			if !ok {
				continue
			}
			lfs = append(lfs, store.ListFeature{
				EntryID: e.ID, EntryName: e.Name, Programs: e.Programs,
				Field: f.Type, Kind: f.Kind, Value: v, Raw: f.Raw,
			})
		}
	}
	info := store.ListInfo{
		Name: OFACSDN, Version: list.Version, SHA256: sum, LoadedAt: time.Now().UTC(),
		Entries: countEntries(lfs), Features: len(lfs),
	}
	if err := c.ReplaceList(ctx, info, lfs); err != nil {
		return nil, err
	}
	return summarise(info, lfs, false), nil
}

// canonicalFeature canonicalises a listed feature the same way applicants' identifiers are, so
// exact matching compares like with like.
func canonicalFeature(f ofac.Feature) (string, bool) {
	id := bonafide.Identifier{Kind: f.Kind, Raw: strings.TrimSpace(f.Raw)}
	switch f.Kind {
	case bonafide.KindWallet:
		// "Digital Currency Address - ETH" → "ETH:<address>"
		if chain := f.Chain(); chain != "" {
			id.Raw = chain + ":" + id.Raw
		}
	case bonafide.KindPhone:
		// OFAC lists phones internationally, often without the "+" ("8613621583465").
		if d := strings.TrimLeft(id.Raw, " "); d != "" && d[0] >= '1' && d[0] <= '9' {
			id.Raw = "+" + d
		}
	}
	normalize.Identifier(&id, "")
	if id.Value == "" && f.Kind == bonafide.KindWallet {
		// The list labels a few addresses with the wrong chain (a TRON address under XBT):
		// recognise the bare address instead.
		id = bonafide.Identifier{Kind: f.Kind, Raw: strings.TrimSpace(f.Raw)}
		normalize.Identifier(&id, "")
	}
	return id.Value, id.Value != ""
}

func summarise(info store.ListInfo, lfs []store.ListFeature, cached bool) *Loaded {
	l := &Loaded{Info: info, Cached: cached, DPRK: map[bonafide.IdentifierKind]int{}}
	dprk := map[string]bool{}
	l.Features = make([]Feature, len(lfs))
	for i, f := range lfs {
		l.Features[i] = Feature{
			List: info.Name, Version: info.Version, EntryID: f.EntryID, EntryName: f.EntryName,
			Programs: f.Programs, Field: f.Field, Kind: f.Kind, Value: f.Value,
		}
		if ofac.IsDPRK(&ofac.Entry{Programs: f.Programs}) {
			l.DPRK[f.Kind]++
			dprk[f.EntryID] = true
		}
	}
	l.DPRKEntries = len(dprk)
	return l
}

func countEntries(lfs []store.ListFeature) int {
	seen := map[string]bool{}
	for _, f := range lfs {
		seen[f.EntryID] = true
	}
	return len(seen)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", &bonafide.Error{Kind: bonafide.NotFound, Op: "watchlist", Msg: path, Err: err}
		}
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
