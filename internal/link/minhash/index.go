package minhash

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// Match is a pair of near-duplicate documents found by Index.Add.
type Match struct {
	A string // the document just added
	B string // an earlier document
	// Jaccard is the estimated Jaccard similarity of the two documents' shingle sets: the
	// fraction of signature slots on which they agree (a multiple of 1/Hashes).
	Jaccard float64
	// Shared holds up to 3 shingles both documents contain, as normalised text ("led the
	// migration"), in the order they appear in A, for evidence. They are read off agreeing
	// signature slots, so they are a sample, not the longest common passages.
	Shared []string
}

// Index finds near-duplicate documents incrementally: Add signs a document, looks up the
// documents that share at least one LSH band with it (its bucket-mates), reports those whose
// estimated Jaccard similarity reaches Options.Threshold, and then indexes it. Nothing already
// indexed is revisited, so adding k documents to an index of n costs O(k·(Hashes + bucket
// size)), not O(n).
//
// An Index keeps, per document, its ID, a signature of Hashes 32-bit values (the high half of
// each 64-bit slot; a false agreement on a slot has probability 2⁻³²) and one bucket link per
// band plus a bucket-table slot per band (8 bytes, tables kept under 3/4 full): about
// 4·Hashes + 4·Bands + 8·Bands/load + 40 bytes; measured 1.3 KB per document at the defaults
// (130 MB for 100,000 documents). It does not keep the texts. An Index is not safe for
// concurrent use.
type Index struct {
	opt   Options
	h     *hasher
	rows  int
	ids   []string
	sigs  []uint32      // len(ids)·Hashes
	heads []bucketTable // per band: band key → 1 + index of the latest document in that bucket
	next  []int32       // len(ids)·Bands: 1 + index of the previous document in the same bucket
	seen  []uint32      // per document: gen of the last Add that compared it
	gen   uint32        // current Add
	sc    scratch       // for Add
	sig   []uint64      // for Add
	hi    []uint32      // for insert
	ev    docEvidence   // for insert
	pool  sync.Pool     // *scratch for AddAll workers
}

// NewIndex returns an empty index. Zero fields of opt take their defaults (see Options).
func NewIndex(opt Options) *Index {
	opt = opt.withDefaults()
	return &Index{
		opt:   opt,
		h:     newHasher(opt),
		rows:  opt.Hashes / opt.Bands,
		heads: make([]bucketTable, opt.Bands),
		sig:   make([]uint64, opt.Hashes),
		hi:    make([]uint32, opt.Hashes),
	}
}

// Len returns the number of documents indexed (documents skipped as too short are not).
func (ix *Index) Len() int { return len(ix.ids) }

// signDoc computes the signature of text into sig, reporting false when the document is too
// short to index (fewer than MinTokens tokens, or too few shingles left after stop shingles).
func (ix *Index) signDoc(text string, sc *scratch, sig []uint64) bool {
	n := ix.h.shingleSet(text, sc)
	if n < ix.opt.MinTokens || len(sc.sh) < ix.opt.MinShingles {
		return false
	}
	ix.h.sign(sig, sc.sh)
	return true
}

// Add indexes the document text under id and returns its matches with earlier documents:
// those whose estimated Jaccard similarity is at least Threshold, most similar first (ties in
// order of addition). Documents with the same id are never matched with each other. A
// document that is too short (see Options.MinTokens) is not indexed and gives no matches.
func (ix *Index) Add(id, text string) []Match {
	if !ix.signDoc(text, &ix.sc, ix.sig) {
		return nil
	}
	return ix.insert(id, text, ix.sig)
}

// AddAll adds the documents texts[i] under ids[i] in order, with the signatures computed on
// all cores (GOMAXPROCS) while earlier documents are being indexed. The result equals that of
// calling Add for each in turn, with the matches concatenated. It panics when the two slices
// differ in length.
func (ix *Index) AddAll(ids, texts []string) []Match {
	if len(ids) != len(texts) {
		panic("minhash: AddAll: len(ids) != len(texts)")
	}
	window := min(2048, len(texts)) // documents signed per step
	H := ix.opt.Hashes
	workers := runtime.GOMAXPROCS(0)
	type batch struct {
		sig []uint64
		ok  []bool
	}
	newBatch := func() *batch { return &batch{sig: make([]uint64, window*H), ok: make([]bool, window)} }
	sign := func(b *batch, lo, hi int) {
		var wg sync.WaitGroup
		per := (hi - lo + workers - 1) / workers
		for w := range workers {
			s, e := lo+w*per, min(hi, lo+(w+1)*per)
			if s >= e {
				break
			}
			wg.Go(func() {
				sc, _ := ix.pool.Get().(*scratch)
				if sc == nil {
					sc = new(scratch)
				}
				for i := s; i < e; i++ {
					k := i - lo
					b.ok[k] = ix.signDoc(texts[i], sc, b.sig[k*H:(k+1)*H])
				}
				ix.pool.Put(sc)
			})
		}
		wg.Wait()
	}
	var out []Match
	ix.ids = slices.Grow(ix.ids, len(ids))
	ix.sigs = slices.Grow(ix.sigs, len(ids)*H)
	ix.next = slices.Grow(ix.next, len(ids)*ix.opt.Bands)
	ix.seen = slices.Grow(ix.seen, len(ids))
	for k := range ix.heads {
		ix.heads[k].reserve(len(ids))
	}
	cur, nxt := newBatch(), newBatch()
	if len(texts) > 0 {
		sign(cur, 0, min(window, len(texts)))
	}
	for lo := 0; lo < len(texts); lo += window {
		hi := min(lo+window, len(texts))
		done := make(chan struct{})
		if hi < len(texts) {
			go func() {
				sign(nxt, hi, min(hi+window, len(texts)))
				close(done)
			}()
		} else {
			close(done)
		}
		for i := lo; i < hi; i++ {
			k := i - lo
			if cur.ok[k] {
				out = append(out, ix.insert(ids[i], texts[i], cur.sig[k*H:(k+1)*H])...)
			}
		}
		<-done
		cur, nxt = nxt, cur
	}
	return out
}

// bandKey hashes the rows of band k.
func bandKey(k int, rows []uint32) uint32 {
	h := uint64(k+1) * 0x9e3779b97f4a7c15
	for _, v := range rows {
		h = (h ^ uint64(v)) * 0xff51afd7ed558ccd
		h ^= h >> 32
	}
	return uint32(mix64(h) >> 32)
}

// insert compares the signed document with its bucket-mates, then indexes it.
func (ix *Index) insert(id, text string, sig []uint64) []Match {
	H, B, R := ix.opt.Hashes, ix.opt.Bands, ix.rows
	hi := ix.hi
	for i, v := range sig {
		hi[i] = uint32(v >> 32)
	}
	d := int32(len(ix.ids))
	ix.gen++
	if ix.gen == 0 { // wrapped: forget old stamps
		clear(ix.seen)
		ix.gen = 1
	}
	// Least number of agreeing slots that reaches the threshold.
	need := 0
	for float64(need) < ix.opt.Threshold*float64(H) && need <= H {
		need++
	}
	type cand struct {
		doc int32
		n   int
	}
	var found []cand
	for k := range B {
		head := ix.heads[k].swap(bandKey(k, hi[k*R:(k+1)*R]), d+1)
		for j := head; j != 0; j = ix.next[int(j-1)*B+k] {
			c := j - 1
			if ix.seen[c] == ix.gen {
				continue
			}
			ix.seen[c] = ix.gen
			if ix.ids[c] == id {
				continue
			}
			other := ix.sigs[int(c)*H : int(c+1)*H]
			n := 0
			for i, v := range hi {
				if other[i] == v {
					n++
				}
			}
			if n >= need {
				found = append(found, cand{c, n})
			}
		}
		ix.next = append(ix.next, head)
	}
	ix.ids = append(ix.ids, id)
	ix.sigs = append(ix.sigs, hi...)
	ix.seen = append(ix.seen, ix.gen)
	if len(found) == 0 {
		return nil
	}
	slices.SortFunc(found, func(x, y cand) int {
		if x.n != y.n {
			return cmp.Compare(y.n, x.n)
		}
		return cmp.Compare(x.doc, y.doc)
	})
	ev := ix.evidence(text)
	out := make([]Match, len(found))
	for m, f := range found {
		out[m] = Match{
			A: id, B: ix.ids[f.doc],
			Jaccard: float64(f.n) / float64(H),
			Shared:  ev.shared(ix, hi, ix.sigs[int(f.doc)*H:int(f.doc+1)*H]),
		}
	}
	return out
}

// docEvidence is the new document's tokens and (stop-filtered) shingles with their positions,
// recomputed only when it has matches.
// Its buffers are reused from one Add to the next.
type docEvidence struct {
	words    wordList
	toks, sh []uint64
	xs       []uint64 // shingle hashes, stop shingles removed
	pos      []int32  // token position of xs[i]
	w        int
}

func (ix *Index) evidence(text string) *docEvidence {
	ev := &ix.ev
	ev.w = ix.opt.Shingle
	ev.words.buf, ev.words.starts = ev.words.buf[:0], ev.words.starts[:0]
	ev.toks = tokenize(text, ev.toks[:0], &ev.words)
	ev.sh = shingles(ev.toks, ev.w, ev.sh[:0])
	ev.xs, ev.pos = ev.xs[:0], ev.pos[:0]
	for p, x := range ev.sh {
		if ix.h.isStop(x) {
			continue
		}
		ev.xs = append(ev.xs, x)
		ev.pos = append(ev.pos, int32(p))
	}
	return ev
}

// shared returns up to 3 shingles of the new document that sit on slots where its signature
// (hi) agrees with other's: preferably not overlapping, in document order.
func (ev *docEvidence) shared(ix *Index, hi, other []uint32) []string {
	const want, tries = 3, 32
	var picked, spare []int
	tried := 0
	for i := range hi {
		if hi[i] != other[i] {
			continue
		}
		if tried++; tried > tries || len(picked) == want {
			break
		}
		j := ix.h.argmin(ev.xs, i)
		if j < 0 {
			continue
		}
		p := int(ev.pos[j])
		if slices.Contains(picked, p) || slices.Contains(spare, p) {
			continue
		}
		overlaps := false
		for _, q := range picked {
			if p < q+ev.w && q < p+ev.w {
				overlaps = true
				break
			}
		}
		if overlaps {
			spare = append(spare, p)
		} else {
			picked = append(picked, p)
		}
	}
	for _, p := range spare {
		if len(picked) == want {
			break
		}
		picked = append(picked, p)
	}
	slices.Sort(picked)
	out := make([]string, 0, len(picked))
	for _, p := range picked {
		out = append(out, ev.words.phrase(p, ev.w))
	}
	return out
}
