package signals

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// APP-TECH-ANACHRONISM (DTEX24): a résumé claims a technology in a role that is over before the
// technology existed.
//
// The table (tech_releases.json, embedded) lists technologies web, bot, CMS and blockchain
// developers claim, each with its first public release month, a source URL, aliases and the
// makers whose own staff used it before release. Release dates are deliberately the earliest
// public release (preview or beta, not 1.0), so early adopters are not flagged.
//
// Matching. An employment claim's Title and Text are split into words (letters, digits and the
// inner characters . + # - _, so "Next.js", "C#", "GPT-4" and "Go-live" are single words). An
// alias matches a run of whole words, case-insensitively unless the alias is marked "case"
// ("Swift" but not "swift delivery" or "SWIFT"). Aliases that are also ordinary words ("Go",
// "Rust", "React", "Foundry", "Hardhat", "Playwright") are marked "context": they count only
// when the same claim contains one of the technology's context terms ("golang", "cargo",
// "solidity", …) or the word stands in a list ("Rust, Go, Solidity", "Go/Python",
// "Stack: Go"). So "Go live with the new site" never matches Go.
//
// Rule, with R the release month and the role running from S to E (E is Env.Now's month for a
// current role):
//   - E < R: the role ended before the release; or
//   - S ≤ R − 12 months and E < R + 6 months: the role started at least a year before the
//     release and had less than six months of overlap with it, so the technology can at most
//     have been a brief, pre-release afterthought of the role.
//
// A role with an unknown end (and not current) is skipped; with an unknown start only the first
// test applies. Roles at one of the technology's makers (Org matches a maker or an alias:
// "Google" for Go, "Paradigm" for Foundry, "Solana Labs" for Solana) are exempt. One finding
// per claim and technology, keyed "tech:<name>:claims[<i>]".

//go:embed tech_releases.json
var techReleasesJSON []byte

type techAlias struct {
	Text    string `json:"text"`
	Case    bool   `json:"case,omitempty"`
	Context bool   `json:"context,omitempty"`
}

// Tech is one row of the technology release table.
type Tech struct {
	Name     string      `json:"name"`
	Released string      `json:"released"` // "YYYY-MM", first public release
	Source   string      `json:"source"`   // where the date comes from
	Aliases  []techAlias `json:"aliases"`
	Context  []string    `json:"context,omitempty"`
	Makers   []string    `json:"makers,omitempty"`
	Notes    string      `json:"notes,omitempty"`

	release month
	context [][]string // tokenised, lower case
	makers  [][]string
}

type aliasRef struct {
	tech  int
	words []string // lower case unless exact
	exact bool     // case-sensitive
	ctx   bool
}

type techTable struct {
	techs   []Tech
	byFirst map[string][]aliasRef // first word, lower case → aliases
	latest  month                 // the most recent release in the table
}

var loadTechTable = sync.OnceValue(func() *techTable {
	t, err := parseTechTable(techReleasesJSON)
	if err != nil {
		panic(err)
	}
	return t
})

func parseTechTable(data []byte) (*techTable, error) {
	var doc struct {
		Technologies []Tech `json:"technologies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("signals: tech_releases.json: %w", err)
	}
	t := &techTable{techs: doc.Technologies, byFirst: map[string][]aliasRef{}}
	for i := range t.techs {
		tc := &t.techs[i]
		r, err := time.Parse("2006-01", tc.Released)
		if err != nil {
			return nil, fmt.Errorf("signals: tech_releases.json: %s: released %q: %w", tc.Name, tc.Released, err)
		}
		tc.release = monthOf(r)
		t.latest = max(t.latest, tc.release)
		for _, c := range tc.Context {
			tc.context = append(tc.context, lowerWords(c))
		}
		for _, m := range tc.Makers {
			tc.makers = append(tc.makers, lowerWords(m))
		}
		if len(tc.Aliases) == 0 {
			return nil, fmt.Errorf("signals: tech_releases.json: %s has no aliases", tc.Name)
		}
		for _, a := range tc.Aliases {
			ws := wordsOf(a.Text)
			if len(ws) == 0 {
				return nil, fmt.Errorf("signals: tech_releases.json: %s: empty alias", tc.Name)
			}
			ref := aliasRef{tech: i, exact: a.Case, ctx: a.Context}
			for _, w := range ws {
				if a.Case {
					ref.words = append(ref.words, w.text)
				} else {
					ref.words = append(ref.words, strings.ToLower(w.text))
				}
			}
			first := strings.ToLower(ws[0].text)
			t.byFirst[first] = append(t.byFirst[first], ref)
		}
	}
	return t, nil
}

// TechReleases returns the technology release table APP-TECH-ANACHRONISM uses.
func TechReleases() []Tech {
	t := loadTechTable()
	out := make([]Tech, len(t.techs))
	copy(out, t.techs)
	return out
}

// word is one word of a text with its byte span.
type word struct {
	text       string
	start, end int
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isInner(r rune) bool { return r == '.' || r == '+' || r == '#' || r == '-' || r == '_' }

// techScratch holds reusable buffers for one goroutine.
type techScratch struct {
	words []word
	lower []string
}

// wordsOf splits text into words: a letter or digit, then letters, digits and . + # - _;
// trailing . - _ are dropped ("Next.js." → "Next.js", "C++" stays).
func wordsOf(s string) []word { return appendWords(nil, s) }

// appendWords appends the words of s to out.
func appendWords(out []word, s string) []word {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		i += n
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) && !isInner(r) {
				break
			}
			i += n
		}
		end := i
		for end > start && (s[end-1] == '.' || s[end-1] == '-' || s[end-1] == '_') {
			end--
		}
		out = append(out, word{text: s[start:end], start: start, end: end})
	}
	return out
}

func lowerWords(s string) []string {
	ws := wordsOf(s)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w.text)
	}
	return out
}

// containsSeq reports whether the lower-case word list has seq as a contiguous run.
func containsSeq(lower []string, seq []string) bool {
	if len(seq) == 0 {
		return false
	}
outer:
	for i := 0; i+len(seq) <= len(lower); i++ {
		for k, w := range seq {
			if lower[i+k] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// listy reports whether the words text[start:end] stand in a list: the nearest non-space
// character before is one of , / ; | ( : + & or the one after is one of , / ; | ) + &.
func listy(text string, start, end int) bool {
	for i := start - 1; i >= 0; i-- {
		c := text[i]
		if c == ' ' || c == '\t' {
			continue
		}
		if strings.IndexByte(",/;|(:+&", c) >= 0 {
			return true
		}
		break
	}
	for i := end; i < len(text); i++ {
		c := text[i]
		if c == ' ' || c == '\t' {
			continue
		}
		return strings.IndexByte(",/;|)+&", c) >= 0
	}
	return false
}

// techMatch is one technology found in a text, with the words as written.
type techMatch struct {
	tech int
	as   string
}

// findTechs returns the technologies named in text, once each, in order of first mention.
func (t *techTable) findTechs(text string) []techMatch {
	var sc techScratch
	return t.findTechsBuf(text, &sc)
}

// findTechsBuf is findTechs reusing sc's buffers.
func (t *techTable) findTechsBuf(text string, sc *techScratch) []techMatch {
	sc.words = appendWords(sc.words[:0], text)
	ws := sc.words
	if len(ws) == 0 {
		return nil
	}
	sc.lower = slices.Grow(sc.lower[:0], len(ws))[:len(ws)]
	lower := sc.lower
	if isASCII(text) {
		// ASCII lower-casing keeps byte offsets: slice one lower-cased copy.
		lt := strings.ToLower(text)
		for i, w := range ws {
			lower[i] = lt[w.start:w.end]
		}
	} else {
		for i, w := range ws {
			lower[i] = strings.ToLower(w.text)
		}
	}
	var out []techMatch
	seen := func(tech int) bool {
		for _, m := range out {
			if m.tech == tech {
				return true
			}
		}
		return false
	}
	for i := range ws {
		refs := t.byFirst[lower[i]]
	next:
		for _, a := range refs {
			if i+len(a.words) > len(ws) || seen(a.tech) {
				continue
			}
			for k, w := range a.words {
				got := lower[i+k]
				if a.exact {
					got = ws[i+k].text
				}
				if got != w {
					continue next
				}
			}
			last := ws[i+len(a.words)-1]
			if a.ctx && !listy(text, ws[i].start, last.end) && !t.hasContext(a.tech, lower) {
				continue
			}
			out = append(out, techMatch{tech: a.tech, as: text[ws[i].start:last.end]})
		}
	}
	return out
}

func (t *techTable) hasContext(tech int, lower []string) bool {
	for _, c := range t.techs[tech].context {
		if containsSeq(lower, c) {
			return true
		}
	}
	return false
}

// byMaker reports whether org is one of the technology's makers or is named after it.
func (t *techTable) byMaker(tech int, org string) bool {
	if strings.TrimSpace(org) == "" {
		return false
	}
	lower := lowerWords(org)
	tc := &t.techs[tech]
	for _, m := range tc.makers {
		if containsSeq(lower, m) {
			return true
		}
	}
	for _, a := range tc.Aliases {
		if containsSeq(lower, lowerWords(a.Text)) {
			return true
		}
	}
	return false
}

func detectTechAnachronism(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	t := loadTechTable()
	for i := range p.Claims {
		c := &p.Claims[i]
		if c.Kind != bonafide.ClaimEmployment {
			continue
		}
		var end month
		switch {
		case !c.End.IsZero():
			end = monthOf(c.End)
		case c.Current:
			end = monthOf(e.now)
		default:
			continue
		}
		if end >= t.latest+6 {
			continue // no technology in the table can be anachronistic for this role
		}
		hasStart := !c.Start.IsZero()
		start := end
		if hasStart {
			start = monthOf(c.Start)
		}
		text := c.Title + "\n" + c.Text
		for _, m := range t.findTechsBuf(text, &e.tech) {
			tc := &t.techs[m.tech]
			r := tc.release
			var why string
			switch {
			case end < r:
				why = "ended before " + tc.Name + "'s first public release (" + r.String() + ")"
			case hasStart && start <= r-12 && end < r+6:
				why = "started " + strconv.Itoa(int(r-start)) + " months before " + tc.Name + "'s first public release (" +
					r.String() + ") and ended " + monthsPhrase(int(end-r)) + " after it"
			default:
				continue
			}
			if t.byMaker(m.tech, c.Org) {
				continue
			}
			roleSpan := end.String()
			if hasStart {
				roleSpan = start.String() + " to " + end.String()
			}
			note := tc.Name + " was first publicly released in " + r.String() + " (" + tc.Source + ")."
			if tc.Notes != "" {
				note += " " + tc.Notes
			}
			emit(e.finding("APP-TECH-ANACHRONISM", p, "tech:"+tc.Name+":"+claimField(i), 0,
				"Claims "+tc.Name+" in the role at "+orgName(c)+" ("+roleSpan+"), which "+why+".",
				[]bonafide.Evidence{
					{Field: claimField(i), Value: m.as, Note: "The role at " + orgName(c) + " (" + roleSpan + ") mentions \"" + m.as + "\"."},
					{Field: "tech_releases", Value: tc.Name + " " + tc.Released, Note: note},
				}, nil))
		}
	}
}

func monthsPhrase(n int) string {
	if n == 1 {
		return "1 month"
	}
	return strconv.Itoa(n) + " months"
}
