package minhash

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// maxDocFreq returns the document-frequency limit for n documents, or -1 when the filter is
// off.
func maxDocFreq(opt Options, n int) int {
	switch {
	case opt.MaxDocFreq < 0:
		return -1
	case opt.MaxDocFreq > 0:
		return opt.MaxDocFreq
	}
	return max(MinAutoMaxDocFreq, n/100)
}

// parallel runs f(worker, i) for i in [0, n) on GOMAXPROCS goroutines, each worker taking a
// contiguous range.
func parallel(n int, f func(w, i int)) int {
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	per := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*per, min(n, (w+1)*per)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				f(w, i)
			}
		})
	}
	wg.Wait()
	return workers
}

// docShingles puts the shingle hashes of text into sc.sh (repeats kept) and reports whether
// the text has at least MinTokens tokens.
func docShingles(text string, opt Options, sc *scratch) bool {
	sc.tok = tokenize(text, sc.tok[:0], nil)
	if len(sc.tok) < opt.MinTokens {
		sc.sh = sc.sh[:0]
		return false
	}
	sc.sh = shingles(sc.tok, opt.Shingle, sc.sh[:0])
	return true
}

// FrequentShingles returns, sorted, the hashes of the shingles that occur in more than
// MaxDocFreq of texts (see Options.MaxDocFreq; automatic: max(50, len(texts)/100)), counting
// each text once and only texts of at least MinTokens tokens. These are boilerplate: a job
// ad pasted into every cover letter, "references available upon request". Links removes them
// before signing; pass them as Options.Stop to an Index that adds documents to the same
// population later. It returns nil when the filter is off or nothing is that frequent.
//
// Counting is exact but cheap in memory: a first pass counts occurrences into a fixed array of
// counters indexed by hash (≤ 16 MB per core; it can only over-count), a second pass counts
// exactly, once per text, only the shingles whose counter passed the limit.
func FrequentShingles(texts []string, opt Options) []uint64 {
	opt = opt.withDefaults()
	limit := maxDocFreq(opt, len(texts))
	if limit < 0 || len(texts) <= limit {
		return nil
	}
	size := 1 << 12
	for size < len(texts)*64 && size < 1<<22 {
		size <<= 1
	}
	shift := uint(64 - bits.TrailingZeros(uint(size)))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(texts)))
	sketch := make([][]uint32, workers)
	scs := make([]scratch, workers)
	parallel(len(texts), func(w, i int) {
		if sketch[w] == nil {
			sketch[w] = make([]uint32, size)
		}
		if !docShingles(texts[i], opt, &scs[w]) {
			return
		}
		// Repeats within a text are counted too: the counters may only over-count.
		sk := sketch[w]
		for _, x := range scs[w].sh {
			sk[x>>shift]++
		}
	})
	total := sketch[0]
	for _, sk := range sketch[1:] {
		if sk == nil {
			continue
		}
		if total == nil {
			total = sk
			continue
		}
		for i, v := range sk {
			total[i] += v
		}
	}
	if !slices.ContainsFunc(total, func(v uint32) bool { return v > uint32(limit) }) {
		return nil
	}
	counts := make([]map[uint64]uint32, workers)
	parallel(len(texts), func(w, i int) {
		if counts[w] == nil {
			counts[w] = make(map[uint64]uint32)
		}
		sc := &scs[w]
		if !docShingles(texts[i], opt, sc) {
			return
		}
		// Count each candidate once per text.
		cand := sc.tok[:0]
		for _, x := range sc.sh {
			if total[x>>shift] > uint32(limit) {
				cand = append(cand, x)
			}
		}
		slices.Sort(cand)
		for _, x := range slices.Compact(cand) {
			counts[w][x]++
		}
	})
	all := counts[0]
	for _, m := range counts[1:] {
		for x, c := range m {
			all[x] += c
		}
	}
	var out []uint64
	for x, c := range all {
		if c > uint32(limit) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}
