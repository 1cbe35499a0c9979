package minhash

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// corpus is a generated set of résumé-like documents with planted near-duplicate families.
type corpus struct {
	ids    []string
	texts  []string
	family []int // family number, or -1 for a document with no planted near-duplicate
}

var syllables = []string{
	"ka", "lo", "mi", "ne", "ra", "tu", "sen", "dor", "ven", "pla", "tro", "gi", "bel", "fa",
	"qui", "zo", "ar", "el", "in", "os", "um", "ter", "nal", "cap", "rix", "mon", "dez", "sul",
}

// vocabulary returns n distinct pseudo-words built from syllables, a few with diacritics so
// that the folding path is exercised as it would be by real names and places.
func vocabulary(n int, r *rand.Rand) []string {
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		w := b.String()
		if r.IntN(200) == 0 {
			w = strings.Replace(w, "e", "é", 1)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// genCorpus makes n documents of about words words each, drawn Zipf-like from a 20,000-word
// vocabulary, with punctuation and capitals. About famFrac of them belong to families of 2 to
// 6 members: copies of one base document with the first line (name) changed, 2 % of words
// replaced and, for half of them, one 15-word sentence rewritten — an edited template.
func genCorpus(n, words int, famFrac float64, seed uint64) corpus {
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	vocab := vocabulary(20000, r)
	zipf := rand.NewZipf(r, 1.1, 8, uint64(len(vocab)-1))
	word := func() string { return vocab[zipf.Uint64()] }
	base := func() []string {
		ws := make([]string, words+r.IntN(words/5+1)-words/10)
		for i := range ws {
			ws[i] = word()
		}
		return ws
	}
	render := func(ws []string) string {
		var b strings.Builder
		b.Grow(len(ws) * 7)
		for i, w := range ws {
			if i > 0 {
				switch {
				case i%17 == 0:
					b.WriteString(". ")
				case i%7 == 0:
					b.WriteString(", ")
				default:
					b.WriteByte(' ')
				}
			}
			if i%17 == 0 && len(w) > 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		b.WriteByte('.')
		return b.String()
	}
	mutate := func(ws []string) []string {
		out := append([]string(nil), ws...)
		for i := range min(3, len(out)) {
			out[i] = word() // name line
		}
		for i := range out {
			if r.Float64() < 0.02 {
				out[i] = word()
			}
		}
		if r.IntN(2) == 0 && len(out) > 40 {
			at := 3 + r.IntN(len(out)-20)
			for i := at; i < at+15 && i < len(out); i++ {
				out[i] = word()
			}
		}
		return out
	}
	c := corpus{ids: make([]string, 0, n), texts: make([]string, 0, n), family: make([]int, 0, n)}
	fam := 0
	for len(c.texts) < n {
		ws := base()
		if r.Float64() < famFrac/3.5 { // mean family size 3.5
			size := min(2+r.IntN(5), n-len(c.texts))
			for range size {
				c.ids = append(c.ids, fmt.Sprintf("P%07d", len(c.ids)))
				c.texts = append(c.texts, render(mutate(ws)))
				c.family = append(c.family, fam)
			}
			fam++
			continue
		}
		c.ids = append(c.ids, fmt.Sprintf("P%07d", len(c.ids)))
		c.texts = append(c.texts, render(ws))
		c.family = append(c.family, -1)
	}
	// Shuffle so that family members are not adjacent.
	perm := r.Perm(n)
	s := corpus{ids: make([]string, n), texts: make([]string, n), family: make([]int, n)}
	for i, p := range perm {
		s.ids[i], s.texts[i], s.family[i] = c.ids[p], c.texts[p], c.family[p]
	}
	return s
}

// exactJaccard returns the Jaccard similarity of the shingle sets of two texts.
func exactJaccard(x, y string, opt Options) float64 {
	opt = opt.withDefaults()
	h := newHasher(opt)
	var sx, sy scratch
	h.shingleSet(x, &sx)
	h.shingleSet(y, &sy)
	return setJaccard(sx.sh, sy.sh)
}

func setJaccard(xs, ys []uint64) float64 {
	a := make(map[uint64]bool, len(xs))
	for _, x := range xs {
		a[x] = true
	}
	b := make(map[uint64]bool, len(ys))
	for _, y := range ys {
		b[y] = true
	}
	inter := 0
	for y := range b {
		if a[y] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}
