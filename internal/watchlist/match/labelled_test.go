package match

import (
	"bufio"
	"encoding/xml"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// The labelled set testdata/pairs.tsv (label, kind, query, candidate) is generated from the
// real UN consolidated list by TestGeneratePairs; regenerate with
//
//	go test ./internal/watchlist/match -run TestGeneratePairs -update
//
// Without -update the test checks that the committed file is what the generator produces.
var update = flag.Bool("update", false, "rewrite testdata/pairs.tsv from the UN list")

const pairsFile = "testdata/pairs.tsv"

type unList struct {
	Individuals []unIndividual `xml:"INDIVIDUALS>INDIVIDUAL"`
}

type unIndividual struct {
	DataID   string    `xml:"DATAID"`
	First    string    `xml:"FIRST_NAME"`
	Second   string    `xml:"SECOND_NAME"`
	Third    string    `xml:"THIRD_NAME"`
	Fourth   string    `xml:"FOURTH_NAME"`
	Original string    `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType string    `xml:"UN_LIST_TYPE"`
	Aliases  []unAlias `xml:"INDIVIDUAL_ALIAS"`
}

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

func (u unIndividual) name() string {
	return strings.Join(strings.Fields(strings.Join([]string{u.First, u.Second, u.Third, u.Fourth}, " ")), " ")
}

type labelled struct {
	label     bool
	kind      string
	query     string
	candidate string
}

func (p labelled) line() string {
	l := "0"
	if p.label {
		l = "1"
	}
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return l + "\t" + p.kind + "\t" + clean(p.query) + "\t" + clean(p.candidate)
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// shares reports whether every token of the shorter name has a counterpart with Jaro–Winkler
// ≥ 0.8 in the other. Aliases that fail are different names for the same person ("Ali
// Lalobo" for ALI KONY), found by Best through the alias list rather than by spelling, and
// are left out of the positive set.
func shares(a, b string) bool {
	ta, tb := plainTokens(a), plainTokens(b)
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	if len(ta) == 0 {
		return false
	}
	for _, x := range ta {
		ok := false
		for _, y := range tb {
			if JaroWinkler(x, y) >= 0.8 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// plainTokens splits a name into upper-case letter runs, sorted; the generator uses it instead
// of Tokens so that the labelled set does not depend on the normalisation under test.
func plainTokens(s string) []string {
	t := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return !unicode.IsLetter(r) })
	sort.Strings(t)
	return t
}

// aliasMarker matches the "a)", "b)" enumerators the UN list sometimes puts inside one alias.
var aliasMarker = regexp.MustCompile(`(^|\s)[a-z]\)\s`)

// splitAlias splits an ALIAS_NAME holding several spellings ("Fazel Rahim; Fazil Rahim",
// "… b) M. Jawad …") into single names.
func splitAlias(s string) []string {
	var out []string
	for _, part := range strings.Split(aliasMarker.ReplaceAllString(s, ";"), ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// typo applies one substitution, transposition or deletion to the letters of the longest word
// (between two letters, never the first letter).
func typo(r *rand.Rand, name string) string {
	w := strings.Fields(name)
	li := 0
	for i := range w {
		if len(w[i]) > len(w[li]) {
			li = i
		}
	}
	b := []rune(w[li])
	if len(b) < 5 {
		return ""
	}
	k := 1 + r.IntN(len(b)-2)
	if !unicode.IsLetter(b[k]) || !unicode.IsLetter(b[k+1]) {
		return ""
	}
	switch r.IntN(3) {
	case 0:
		c := rune('A' + r.IntN(26))
		if c == b[k] {
			c = 'X'
		}
		b[k] = c
	case 1:
		b[k], b[k+1] = b[k+1], b[k]
	default:
		b = append(b[:k], b[k+1:]...)
	}
	w[li] = string(b)
	return strings.Join(w, " ")
}

// latinVariant respells a Latin name with the common variants of Russian romanisation.
func latinVariant(name string) string {
	s := strings.ToUpper(name)
	for _, v := range [][2]string{{"KH", "CH"}, {"IY", "IJ"}, {"V", "W"}, {"YU", "JU"}, {"YA", "JA"}} {
		s = strings.ReplaceAll(s, v[0], v[1])
	}
	return s
}

// toCyrillic writes a Latin (BGN/PCGN) name back in Cyrillic, for Slavic-looking names.
func toCyrillic(name string) string {
	s := strings.ToLower(name)
	for _, v := range [][2]string{{"shch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ch", "ч"},
		{"sh", "ш"}, {"yu", "ю"}, {"ya", "я"}, {"iy", "ий"}, {"yy", "ый"}} {
		s = strings.ReplaceAll(s, v[0], v[1])
	}
	lat := "abvgdezijklmnoprstufy"
	cyr := []rune("абвгдезийклмнопрстуфы")
	var b strings.Builder
	for _, r := range s {
		if i := strings.IndexRune(lat, r); i >= 0 {
			b.WriteRune(cyr[i])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func slavic(name string) bool {
	for _, t := range strings.Fields(strings.ToUpper(name)) {
		for _, suf := range []string{"OV", "EV", "OVA", "EVA", "IN", "INA", "ENKO", "SKY", "SKIY", "OVICH", "EVICH", "IY"} {
			if strings.HasSuffix(t, suf) && len(t) > len(suf)+2 {
				return true
			}
		}
	}
	return false
}

var accents = map[byte]string{'A': "Á", 'E': "É", 'I': "Í", 'O': "Ö", 'U': "Ü", 'C': "Ç", 'N': "Ñ"}

func accent(r *rand.Rand, name string) string {
	var idx []int
	for i := 0; i < len(name); i++ {
		if _, ok := accents[name[i]]; ok {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return ""
	}
	i := idx[r.IntN(len(idx))]
	return strings.ToLower(name[:i]) + strings.ToLower(accents[name[i]]) + strings.ToLower(name[i+1:])
}

func generatePairs(t *testing.T) []labelled {
	path := shareddata.Path(t, "sanctions/un/UN_consolidated.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list unList
	if err := xml.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(4, 2026))
	var out []labelled
	seen := map[string]bool{}
	add := func(label bool, kind, q, c string) {
		if strings.TrimSpace(q) == "" || strings.TrimSpace(c) == "" {
			return
		}
		p := labelled{label, kind, q, c}
		key := labelled{label, "", q, c}.line()
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	var people []unIndividual
	for _, u := range list.Individuals {
		if u.name() != "" {
			people = append(people, u)
		}
	}
	for _, u := range people {
		n := u.name()
		w := strings.Fields(n)
		for _, a := range u.Aliases {
			if a.Quality != "Good" {
				continue
			}
			for _, an := range splitAlias(a.Name) {
				if shares(n, an) {
					add(true, "alias", an, n)
				}
			}
		}
		if isCyrillic(u.Original) {
			add(true, "cyrillic-original", u.Original, n)
		}
		if len(w) >= 2 {
			sw := append(append([]string{}, w[1:]...), w[0])
			add(true, "word-order", strings.Join(sw, " "), n)
		}
		if ty := typo(r, n); ty != "" {
			add(true, "typo", ty, n)
		}
		korean := u.ListType == "DPRK" && len(w) == 3 && koreanSurnames[strings.ToLower(w[0])]
		if len(w) >= 3 && !korean {
			m := 1 + r.IntN(len(w)-2)
			add(true, "missing-middle", strings.Join(append(append([]string{}, w[:m]...), w[m+1:]...), " "), n)
		}
		if slavic(n) {
			add(true, "translit-latin", latinVariant(n), n)
			add(true, "translit-cyrillic", toCyrillic(n), n)
		}
		if korean {
			add(true, "korean-hyphen", w[0]+" "+w[1]+"-"+strings.ToLower(w[2]), n)
			add(true, "korean-joined", w[0]+" "+w[1]+strings.ToLower(w[2]), n)
		}
		if ac := accent(r, n); ac != "" {
			add(true, "case-diacritics", ac, n)
		}
	}
	// Hard negatives: different listed people sharing a name token (KIM, PAK, RI, MUHAMMAD…),
	// and the closest different names by whole-name Jaro–Winkler. Pairs whose keys are equal
	// cannot be told apart by name and are left out.
	byTok := map[string][]int{}
	for i, u := range people {
		for _, tk := range strings.Fields(strings.ToUpper(u.name())) {
			byTok[tk] = append(byTok[tk], i)
		}
	}
	toks := make([]string, 0, len(byTok))
	for tk := range byTok {
		toks = append(toks, tk)
	}
	sort.Strings(toks)
	same := func(a, b string) bool { return strings.Join(plainTokens(a), " ") == strings.Join(plainTokens(b), " ") }
	for _, tk := range toks {
		ids := byTok[tk]
		for x := 0; x < len(ids); x++ {
			for y := x + 1; y < len(ids) && y <= x+4; y++ {
				a, b := people[ids[x]].name(), people[ids[y]].name()
				if !same(a, b) {
					add(false, "shared-token", a, b)
				}
			}
		}
	}
	type cand struct {
		a, b int
		s    float64
	}
	var close []cand
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			a, b := people[i].name(), people[j].name()
			if s := JaroWinkler(strings.ToLower(a), strings.ToLower(b)); s >= 0.85 && !same(a, b) {
				close = append(close, cand{i, j, s})
			}
		}
	}
	sort.Slice(close, func(x, y int) bool { return close[x].s > close[y].s })
	for k, c := range close {
		if k >= 600 {
			break
		}
		add(false, "close-name", people[c.a].name(), people[c.b].name())
	}
	return out
}

func TestGeneratePairs(t *testing.T) {
	pairs := generatePairs(t)
	var b strings.Builder
	b.WriteString("# label\tkind\tquery\tcandidate — generated by TestGeneratePairs from the UN consolidated list\n")
	for _, p := range pairs {
		b.WriteString(p.line())
		b.WriteByte('\n')
	}
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pairsFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(pairsFile)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(got) != b.String() {
		t.Fatalf("%s is stale; regenerate with -update", pairsFile)
	}
}

func readPairs(t *testing.T) []labelled {
	f, err := os.Open(filepath.FromSlash(pairsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 4 {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, labelled{parts[0] == "1", parts[1], parts[2], parts[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func measure(pairs []labelled, th float64) (prec, rec float64, tp, fp, fn int) {
	for _, p := range pairs {
		hit := Score(p.query, p.candidate) >= th
		switch {
		case hit && p.label:
			tp++
		case hit && !p.label:
			fp++
		case !hit && p.label:
			fn++
		}
	}
	prec, rec = 1, 0
	if tp+fp > 0 {
		prec = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		rec = float64(tp) / float64(tp+fn)
	}
	return
}

func TestLabelledSet(t *testing.T) {
	pairs := readPairs(t)
	pos, neg := 0, 0
	kinds := map[string]int{}
	for _, p := range pairs {
		kinds[p.kind]++
		if p.label {
			pos++
		} else {
			neg++
		}
	}
	t.Logf("pairs=%d positives=%d negatives=%d kinds=%v", len(pairs), pos, neg, kinds)
	if len(pairs) < 2000 {
		t.Fatalf("labelled set has %d pairs, want ≥ 2000", len(pairs))
	}
	for _, th := range []float64{0.70, 0.75, 0.78, 0.79, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.95} {
		p, r, tp, fp, fn := measure(pairs, th)
		t.Logf("threshold %.2f: precision %.4f recall %.4f (tp %d fp %d fn %d)", th, p, r, tp, fp, fn)
	}
	p, r, _, _, _ := measure(pairs, DefaultThreshold)
	hits, all := map[string]int{}, map[string]int{}
	for _, x := range pairs {
		all[x.kind]++
		if Score(x.query, x.candidate) >= DefaultThreshold {
			hits[x.kind]++
		}
	}
	for _, k := range sortedKeys(all) {
		t.Logf("kind %-18s hits %4d / %4d at %.2f", k, hits[k], all[k], DefaultThreshold)
	}
	if testing.Verbose() {
		for _, x := range pairs {
			s := Score(x.query, x.candidate)
			if (s >= DefaultThreshold) != x.label {
				t.Logf("miss label=%v %s %.3f %q %q", x.label, x.kind, s, x.query, x.candidate)
			}
		}
	}
	if p < 0.97 || r < 0.95 {
		t.Fatalf("at DefaultThreshold %.2f precision %.4f recall %.4f; want ≥ 0.97 and ≥ 0.95", DefaultThreshold, p, r)
	}
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
