// Package screen loads every sanctions list a data folder holds into one name index and screens
// people against it (issue 4). The data folder has the publishers' layout (../shared/data, or
// the folder `bonafide lists update` manages; see docs/lists.md): OFAC SDN advanced XML, the
// OFAC consolidated non-SDN CSV set, the UN consolidated XML, the EU financial sanctions XML,
// the UK OFSI consolidated CSV and the UK sanctions list CSV. Each list's dates of birth are
// brought to one form (BirthDate) so the matcher can compare them.
package screen

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/eu"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofaclegacy"
	"github.com/bonafide-oss/bonafide/internal/watchlist/uk"
	"github.com/bonafide-oss/bonafide/internal/watchlist/un"
)

// Paths of the lists inside a data folder (the layout of docs/lists.md).
const (
	PathOFACSDN  = "sanctions/ofac/sdn_advanced.xml.bz2" // or sdn_advanced.xml
	PathOFACCons = "sanctions/ofac-legacy/consolidated"  // cons_prim.csv, cons_alt.csv, cons_add.csv
	PathUN       = "sanctions/un/UN_consolidated.xml"
	PathEU       = "sanctions/eu/eu_fsf.xml"
	PathUKOFSI   = "sanctions/uk/ConList.csv"
	PathUKSL     = "sanctions/uk/UK-Sanctions-List.csv"
)

// List names, as hits and findings carry them.
const (
	ListOFACSDN  = watchlist.OFACSDN
	ListOFACCons = "OFAC-CONS"
	ListUN       = "UN"
	ListEU       = "EU"
	ListUKOFSI   = "UK-OFSI"
	ListUKSL     = "UK-SL"
)

// Loaded describes one list read into the index.
type Loaded struct {
	List    string // e.g. "UN"
	Path    string // the file or folder read
	Version string // issue date when the list gives one
	Parties int    // parties read
	DPRK    int    // parties under DPRK programmes / regimes
}

func (l Loaded) String() string {
	s := fmt.Sprintf("%s (%d parties, %d DPRK", l.List, l.Parties, l.DPRK)
	if l.Version != "" {
		s += ", issued " + l.Version
	}
	return s + ")"
}

// Load reads every list present in dir into one NameIndex. Lists that are absent are skipped
// (Missing names them); a list that is present but unreadable is an error naming its file.
// Errors: a *bonafide.Error of kind NotFound when dir holds none of the lists.
func Load(dir string) (*watchlist.NameIndex, []Loaded, error) {
	parties, loaded, err := Parties(dir)
	if err != nil {
		return nil, nil, err
	}
	if len(parties) == 0 {
		return nil, nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "screen",
			Msg: "no sanctions list in " + dir + " (looked for " + strings.Join(allPaths(), ", ") + ")"}
	}
	return watchlist.NewNameIndex(parties...), loaded, nil
}

// Missing returns the lists' paths that dir lacks.
func Missing(dir string) []string {
	var out []string
	for _, p := range allPaths() {
		if find(dir, p) == "" {
			out = append(out, p)
		}
	}
	return out
}

func allPaths() []string {
	return []string{PathOFACSDN, PathOFACCons, PathUN, PathEU, PathUKOFSI, PathUKSL}
}

// find returns the path of rel in dir, or "" when absent; PathOFACSDN also as plain .xml.
func find(dir, rel string) string {
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if base, ok := strings.CutSuffix(p, ".bz2"); ok {
		if _, err := os.Stat(base); err == nil {
			return base
		}
	}
	return ""
}

// Parties reads every list present in dir as parties for a NameIndex, with what was loaded.
func Parties(dir string) ([]watchlist.Party, []Loaded, error) { return PartiesWith(dir, nil) }

// PartiesWith is Parties with the OFAC SDN list already parsed by the caller (from the file
// at PathOFACSDN, whole: ofac.Open(path, nil)), so it is not parsed twice; nil parses it.
func PartiesWith(dir string, sdn *ofac.List) ([]watchlist.Party, []Loaded, error) {
	var parties []watchlist.Party
	var loaded []Loaded
	add := func(list, path, version string, entries []watchlist.Entry, dprk func(*watchlist.Entry) bool) {
		l := Loaded{List: list, Path: path, Version: version, Parties: len(entries)}
		for i := range entries {
			e := &entries[i]
			if dprk(e) {
				l.DPRK++
			}
			parties = append(parties, party(list, version, e))
		}
		loaded = append(loaded, l)
	}
	if p := find(dir, PathOFACSDN); p != "" {
		l := sdn
		if l == nil {
			var err error
			if l, err = ofac.Open(p, nil); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p, err)
			}
		}
		entries := make([]watchlist.Entry, len(l.Entries))
		for i, e := range l.Entries {
			entries[i] = watchlist.Entry{ID: e.ID, Name: e.Name, Aliases: e.Aliases, Type: e.Type, Programs: e.Programs, BirthDates: e.BirthDates}
		}
		add(ListOFACSDN, p, l.Version, entries, func(e *watchlist.Entry) bool { return ofac.IsDPRK(&ofac.Entry{Programs: e.Programs}) })
	}
	if p := find(dir, filepath.Join(PathOFACCons, ofaclegacy.ConsolidatedFiles.Primary)); p != "" {
		d := filepath.Dir(p)
		entries, err := ofaclegacy.ReadFiles(d, ofaclegacy.ConsolidatedFiles)
		if err != nil {
			return nil, nil, err
		}
		add(ListOFACCons, d, "", entries, ofaclegacy.IsDPRK)
	}
	for _, r := range []struct {
		list, rel string
		read      func(io.Reader) ([]watchlist.Entry, error)
		dprk      func(*watchlist.Entry) bool
	}{
		{ListUN, PathUN, un.Read, un.IsDPRK},
		{ListEU, PathEU, eu.Read, eu.IsDPRK},
		{ListUKOFSI, PathUKOFSI, uk.ReadOFSI, uk.IsDPRK},
		{ListUKSL, PathUKSL, uk.ReadUKSL, uk.IsDPRK},
	} {
		p := find(dir, r.rel)
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, err
		}
		entries, err := r.read(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		add(r.list, p, "", entries, r.dprk)
	}
	return parties, loaded, nil
}

func party(list, version string, e *watchlist.Entry) watchlist.Party {
	p := watchlist.Party{List: list, Version: version, ID: e.ID, Name: e.Name, Aliases: e.Aliases,
		Programs: e.Programs, Type: e.Type, Countries: e.Countries}
	for _, d := range e.BirthDates {
		if b := BirthDate(d); b != "" {
			p.BirthDates = append(p.BirthDates, b)
		}
	}
	return p
}

var (
	reISO      = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	reYears    = regexp.MustCompile(`^(\d{4})\s*[-–]\s*(\d{4})$`)
	reDMY      = regexp.MustCompile(`^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$`)
	reMY       = regexp.MustCompile(`^([A-Za-z]{3})[a-z]* (\d{4})$`)
	reSlashDMY = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	months     = map[string]string{"jan": "01", "feb": "02", "mar": "03", "apr": "04", "may": "05", "jun": "06",
		"jul": "07", "aug": "08", "sep": "09", "oct": "10", "nov": "11", "dec": "12"}
)

// BirthDate brings a listed date of birth to the matcher's form (watchlist.Party.BirthDates):
// "YYYY-MM-DD", "YYYY-MM", "YYYY", or a "from/to" range of those. It reads ISO dates, UN
// year ranges ("1950-1955"), OFAC's legacy forms ("07 Jan 1930", "Jan 1950", "circa 1947" →
// "1946/1948", "01 Jan 1947 to 31 Dec 1947"), day/month/year with slashes, and ranges already
// in "from/to" form. Anything else gives "" (the date is then not used).
func BirthDate(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if s == "" {
		return ""
	}
	if from, to, ok := strings.Cut(s, "/"); ok && reISO.MatchString(from) && reISO.MatchString(to) {
		return s
	}
	if from, to, ok := strings.Cut(s, " to "); ok {
		a, b := BirthDate(from), BirthDate(to)
		if a != "" && b != "" && !strings.Contains(a, "/") && !strings.Contains(b, "/") {
			return a + "/" + b
		}
		return ""
	}
	lower := strings.ToLower(s)
	if rest, ok := strings.CutPrefix(lower, "circa "); ok {
		y := BirthDate(rest)
		if len(y) != 4 {
			return y
		}
		var n int
		fmt.Sscanf(y, "%d", &n)
		return fmt.Sprintf("%04d/%04d", n-1, n+1)
	}
	switch {
	case reISO.MatchString(s):
		return s
	case reYears.MatchString(s):
		m := reYears.FindStringSubmatch(s)
		return m[1] + "/" + m[2]
	case reDMY.MatchString(s):
		m := reDMY.FindStringSubmatch(s)
		if mo, ok := months[strings.ToLower(m[2])]; ok {
			return m[3] + "-" + mo + "-" + pad(m[1])
		}
	case reMY.MatchString(s):
		m := reMY.FindStringSubmatch(s)
		if mo, ok := months[strings.ToLower(m[1])]; ok {
			return m[2] + "-" + mo
		}
	case reSlashDMY.MatchString(s):
		m := reSlashDMY.FindStringSubmatch(s)
		return m[3] + "-" + pad(m[2]) + "-" + pad(m[1])
	}
	return ""
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// Screener screens people by name against a NameIndex. It implements signals.NameScreener
// (which leaves out hits an analyst dismissed and reports the best few). Safe for concurrent use.
type Screener struct {
	Index     *watchlist.NameIndex
	Threshold float64 // 0: match.DefaultThreshold
}

// ScreenPerson returns the person's name hits: their name with their stated date of birth and
// country of residence (never nationality), best first.
func (s *Screener) ScreenPerson(p *bonafide.Person) []bonafide.WatchlistHit {
	if s == nil || s.Index == nil || p.Name == "" {
		return nil
	}
	return s.Index.ScreenQuery(watchlist.Query{Name: p.Name, BirthDate: p.BirthDate, Country: p.Country}, s.Threshold)
}

// ScanThreshold is the least adjusted name score at which `bonafide scan` raises an
// APP-WATCHLIST finding (ad-hoc `bonafide screen` lists from match.DefaultThreshold). Chosen
// with TestAlertRate: see docs/watchlists.md.
const ScanThreshold = 0.85
