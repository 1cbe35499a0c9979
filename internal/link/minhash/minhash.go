package minhash

import "math"

// Defaults for the zero Options.
const (
	DefaultShingle = 3   // words per shingle
	DefaultHashes  = 128 // signature length
	DefaultBands   = 32  // LSH bands (4 rows each at 128 hashes)
	// DefaultThreshold is the least estimated Jaccard similarity reported. It is 0.5: with
	// 3-word shingles each edited word removes up to 3 shingles from each side; a realistic
	// template with name, contact line, four employers, school and two sentences changed
	// (testdata/resume_kowalski_edited.txt) measures an exact Jaccard of 0.71, and the noisy
	// persona templates of internal/scan's quality test 0.5–0.65, where a 0.6 threshold missed
	// most of them. Unrelated résumés of the same trade measure 0.01–0.05; the LSH bands still
	// make a 0.5 pair a candidate 87 % of the time.
	DefaultThreshold   = 0.5
	DefaultMinTokens   = 30 // shorter documents are not compared
	DefaultMinShingles = 12 // fewer shingles left after boilerplate removal: not compared
	// MinAutoMaxDocFreq is the least MaxDocFreq that the automatic setting uses: twice the
	// largest persona network reported (RF26: 22+ personas), so that one network's shared
	// template is never mistaken for boilerplate.
	MinAutoMaxDocFreq = 50
)

// Options configures signatures, the LSH index and Links. The zero value gives the defaults.
type Options struct {
	// Shingle is the number of consecutive normalised words per shingle (w-shingles); default 3.
	Shingle int
	// Hashes is the signature length (number of min-hash functions); default 128. The
	// standard error of the Jaccard estimate is about sqrt(J(1-J)/Hashes): 0.043 at J=0.6.
	Hashes int
	// Bands is the number of LSH bands; default 32. Rows per band = Hashes/Bands; when Hashes
	// is not a multiple of Bands, the last Hashes%Bands slots serve only for the estimate. A pair
	// with true Jaccard J becomes a candidate with probability 1-(1-J^rows)^Bands: at the
	// defaults 0.9998 at J=0.7, 0.988 at J=0.6, 0.87 at J=0.5, 0.003 at J=0.1.
	Bands int
	// Threshold is the least estimated Jaccard similarity a Match reports; default 0.6
	// (DefaultThreshold says why). Values above 1 report nothing.
	Threshold float64
	// Seed chooses the hash functions. Equal seeds give equal signatures; signatures made with
	// different seeds (or Shingle or Hashes) must not be compared.
	Seed uint64

	// MinTokens: documents with fewer normalised tokens are not indexed (too short to call a
	// template); default 30.
	MinTokens int
	// MinShingles: documents left with fewer shingles once stop (boilerplate) shingles are
	// removed are skipped; default 12. It is lower than MinTokens on purpose: a template built
	// mostly from stock phrases keeps only its distinctive part (projects, clients, numbers),
	// and 12 distinctive 3-word phrases in common are still far beyond chance (unrelated
	// résumés share almost none once boilerplate is gone). At 30 the noisy quality test lost
	// about half its template links.
	MinShingles int
	// MaxDocFreq: in Links (and FrequentShingles), a shingle that occurs in more than
	// MaxDocFreq documents of one kind is boilerplate (a job ad pasted into every cover letter,
	// "references available upon request") and is removed before signing. 0 means automatic:
	// max(MinAutoMaxDocFreq, documents/100). Negative turns the filter off.
	MaxDocFreq int
	// Boilerplate are texts whose shingles are always removed before signing: the employer's
	// own job ads, application form prompts, a careers-site cover-letter template.
	Boilerplate []string
	// Stop are further shingle hashes (see ShingleHashes, FrequentShingles) removed before
	// signing, e.g. the boilerplate found in a resolved population, kept for incremental adds.
	Stop []uint64
}

// withDefaults returns opt with zero (or invalid) fields set to their defaults.
func (opt Options) withDefaults() Options {
	if opt.Shingle <= 0 {
		opt.Shingle = DefaultShingle
	}
	if opt.Hashes <= 0 {
		opt.Hashes = DefaultHashes
	}
	if opt.Bands <= 0 {
		opt.Bands = DefaultBands
	}
	if opt.Bands > opt.Hashes {
		opt.Bands = opt.Hashes
	}
	if opt.Threshold <= 0 || math.IsNaN(opt.Threshold) {
		opt.Threshold = DefaultThreshold
	}
	if opt.MinTokens <= 0 {
		opt.MinTokens = DefaultMinTokens
	}
	if opt.MinShingles <= 0 {
		opt.MinShingles = DefaultMinShingles
	}
	return opt
}

// hasher holds the Hashes permutations x → a·x mod 2⁶⁴ (a odd) of one seed. Each is a
// bijection of the 64-bit shingle hashes, which are already uniformly mixed (splitmix64), and
// the high bits of a·x depend on every bit of x; so the least image of a set under
// permutation i is a min-wise sample of the set, and two sets share it with probability ≈ their
// Jaccard similarity (TestEstimateAccuracy checks bias and spread against the binomial).
type hasher struct {
	a    []uint64
	stop map[uint64]struct{} // stop shingles; nil when there are none
	// stopBits has bit x>>stopShift set for every stop shingle x: most shingles are ruled out
	// without a map lookup.
	stopBits []uint64
	w        int
}

const stopShift = 64 - 20 // 2²⁰-bit filter (128 KB)

// isStop reports whether shingle hash x is a stop shingle.
func (h *hasher) isStop(x uint64) bool {
	if h.stop == nil || h.stopBits[x>>stopShift>>6]&(1<<(x>>stopShift&63)) == 0 {
		return false
	}
	_, ok := h.stop[x]
	return ok
}

func newHasher(opt Options) *hasher {
	h := &hasher{a: make([]uint64, opt.Hashes), w: opt.Shingle}
	s := opt.Seed
	for i := range h.a {
		s += 0x9e3779b97f4a7c15 // splitmix64
		h.a[i] = mix64(s) | 1
	}
	if len(opt.Stop) > 0 || len(opt.Boilerplate) > 0 {
		h.stop = make(map[uint64]struct{}, len(opt.Stop))
		for _, x := range opt.Stop {
			h.stop[x] = struct{}{}
		}
		var tok, sh []uint64
		for _, t := range opt.Boilerplate {
			tok = tokenize(t, tok[:0], nil)
			sh = shingles(tok, opt.Shingle, sh[:0])
			for _, x := range sh {
				h.stop[x] = struct{}{}
			}
		}
		h.stopBits = make([]uint64, 1<<20/64)
		for x := range h.stop {
			h.stopBits[x>>stopShift>>6] |= 1 << (x >> stopShift & 63)
		}
	}
	return h
}

// scratch is per-goroutine working memory for signing.
type scratch struct {
	tok, sh []uint64
}

// shingleSet computes the shingle hashes of text with stop shingles removed, into sc.sh.
// It returns the number of tokens.
func (h *hasher) shingleSet(text string, sc *scratch) int {
	sc.tok = tokenize(text, sc.tok[:0], nil)
	sc.sh = shingles(sc.tok, h.w, sc.sh[:0])
	if h.stop != nil {
		k := 0
		for _, x := range sc.sh {
			if !h.isStop(x) {
				sc.sh[k] = x
				k++
			}
		}
		sc.sh = sc.sh[:k]
	}
	return len(sc.tok)
}

// sign writes the signature of the shingle hashes xs into dst (len(dst) == Hashes). An empty
// set gives all slots math.MaxUint64.
func (h *hasher) sign(dst, xs []uint64) {
	a := h.a[:len(dst)]
	i := 0
	// Eight permutations per pass over xs: independent min chains keep the multiplier busy.
	for ; i+8 <= len(dst); i += 8 {
		a0, a1, a2, a3, a4, a5, a6, a7 := a[i], a[i+1], a[i+2], a[i+3], a[i+4], a[i+5], a[i+6], a[i+7]
		m0, m1, m2, m3 := uint64(math.MaxUint64), uint64(math.MaxUint64), uint64(math.MaxUint64), uint64(math.MaxUint64)
		m4, m5, m6, m7 := m0, m1, m2, m3
		for _, x := range xs {
			m0 = min(m0, a0*x)
			m1 = min(m1, a1*x)
			m2 = min(m2, a2*x)
			m3 = min(m3, a3*x)
			m4 = min(m4, a4*x)
			m5 = min(m5, a5*x)
			m6 = min(m6, a6*x)
			m7 = min(m7, a7*x)
		}
		dst[i], dst[i+1], dst[i+2], dst[i+3] = m0, m1, m2, m3
		dst[i+4], dst[i+5], dst[i+6], dst[i+7] = m4, m5, m6, m7
	}
	for ; i < len(dst); i++ {
		m := uint64(math.MaxUint64)
		for _, x := range xs {
			m = min(m, a[i]*x)
		}
		dst[i] = m
	}
}

// argmin returns the index in xs of the shingle that gives slot i its minimum.
func (h *hasher) argmin(xs []uint64, i int) int {
	best, m := -1, uint64(math.MaxUint64)
	for j, x := range xs {
		if v := h.a[i] * x; best < 0 || v < m {
			best, m = j, v
		}
	}
	return best
}

// Signature returns the MinHash signature of text: opt.Hashes values (default 128), slot i
// the least image of text's shingle hashes under the i-th permutation of opt.Seed. Shingles
// from opt.Stop and opt.Boilerplate are left out. A text with no tokens (or only stop
// shingles) gives every slot math.MaxUint64. Signature does not apply MinTokens.
//
// Estimate the Jaccard similarity of two texts with Similarity(Signature(x), Signature(y)).
func Signature(text string, opt Options) []uint64 {
	opt = opt.withDefaults()
	h := newHasher(opt)
	var sc scratch
	h.shingleSet(text, &sc)
	sig := make([]uint64, opt.Hashes)
	h.sign(sig, sc.sh)
	return sig
}

// Similarity returns the fraction of slots on which two signatures of equal length agree,
// the MinHash estimate of the Jaccard similarity of their shingle sets. Signatures of
// different length give 0.
func Similarity(x, y []uint64) float64 {
	if len(x) != len(y) || len(x) == 0 {
		return 0
	}
	n := 0
	for i := range x {
		if x[i] == y[i] {
			n++
		}
	}
	return float64(n) / float64(len(x))
}
