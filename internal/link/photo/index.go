package photo

import (
	"math/bits"
	"slices"
)

// DefaultRadius is the Hamming distance, in bits of 64, up to which two perceptual hashes are
// taken to be the same picture. Measured on synthetic portraits (TestDistances, -v prints the
// histograms): JPEG re-encodes at quality 60 and 95, PNG↔JPEG, resizes to 50 % and 150 % and
// brightness changes of ±8 % are 0–2 bits from their original; crops of up to 2 % of the width
// or height 0–8; 2 % off every side, or a 2 % crop then resized and re-encoded, 10 in about one
// case of 20. Crops of 3 % stay within 8 bits in 22–23 of 24 cases, crops of 5 % in 12–19 of
// 24. Different portraits are 30 bits apart at the median, but same-layout headshots share
// their lowest frequencies: of 79,800 pairs, 8 (0.01 %) were within 8 bits (minimum 6), 26
// within 10. A larger radius catches more cropped copies at the price of more false matches.
const DefaultRadius = 8

// mihMinEntries is the size from which an Index uses its block tables; smaller indexes are
// scanned, which is faster than building and probing tables.
const mihMinEntries = 512

// Cost model for choosing the number of blocks (see plan): a probe touches a bucket at an
// unpredictable address (a cache miss, about 50 ns); a candidate is checked from contiguous
// memory (about 1 ns). The plan minimises cost at planEntries uniformly spread hashes.
const (
	probeCost   = 50
	planEntries = 1 << 20
)

// Match is a pair of hashes within an Index's radius: A was added before B.
type Match struct {
	A, B     string // IDs as given to Add
	Distance int    // Hamming distance in bits, 0..64
}

// Index finds, for each hash added, the earlier hashes within a Hamming radius. It uses
// multi-index hashing (Norouzi, Punjani and Fleet, "Fast search in Hamming space with
// multi-index hashing", CVPR 2012): the 64 bits are cut into m blocks, and each block's value
// indexes a table of the entries having it. By the pigeonhole principle, two hashes within the
// radius agree closely on at least one block (within ⌊r/m⌋ bits, or one bit fewer on some
// blocks: see layout), so a query probes, in each table, every block value that close to its
// own and checks the full distance of the entries found there. The result is exact — the same
// as comparing with every entry. m is chosen from the radius by a cost model (plan): at the
// default radius 8 it is 5 blocks of 12–13 bits, four searched within 1 bit and one exactly
// (56 probes; about 8,000 candidates at 1,000,000 random hashes); at radius ≤ 3, 4 blocks of
// 16 bits searched exactly. A BK-tree was not chosen: at radius 8 of 64 it visits a large
// share of its nodes, at a cache miss each.
//
// Radii where probing would cost more than scanning (25 and up) scan linearly, as do indexes
// under 512 entries. Memory is about 8 + 12·m bytes per hash plus its ID, and m·2^bits bucket
// headers (2 MB at radius 8). Measured on the 2-core machine (BenchmarkIndexAdd1M): an Add to
// an index of 1,000,000 random hashes takes 30–60 µs. An Index is not safe for concurrent use.
type Index struct {
	radius int
	ids    []string
	hashes []uint64
	blocks []block // nil: linear scan
	built  bool    // blocks hold every entry
}

// block is one of the index's tables: the bits [shift, shift+width) of a hash select a bucket.
type block struct {
	shift, width uint
	radius       int      // search radius within the block
	probes       []uint32 // XOR masks of width bits with at most radius bits set
	buckets      []bucket
}

// bucket holds the entries whose block has one value: their hashes (contiguous, so candidates
// are checked without chasing pointers) and their entry numbers.
type bucket struct {
	hashes  []uint64
	entries []int32
}

// NewIndex returns an empty index matching hashes within radius bits (1..64). A radius of 0 or
// less means DefaultRadius; more than 64 means 64.
func NewIndex(radius int) *Index {
	if radius <= 0 {
		radius = DefaultRadius
	}
	radius = min(radius, 64)
	m, ok := plan(radius)
	if !ok {
		return &Index{radius: radius}
	}
	return newIndexBlocks(radius, m)
}

// newIndexBlocks returns an index of m blocks.
func newIndexBlocks(radius, m int) *Index {
	ix := &Index{radius: radius}
	for _, b := range layout(radius, m) {
		if b.radius < 0 {
			continue // never probed, so not kept
		}
		for mask := range uint32(1) << b.width {
			if bits.OnesCount32(mask) <= b.radius {
				b.probes = append(b.probes, mask)
			}
		}
		ix.blocks = append(ix.blocks, b)
	}
	return ix
}

// layout cuts 64 bits into m blocks of near-equal width (narrower first) and gives each its
// search radius by the refined pigeonhole principle of Norouzi et al. (Proposition 2): with
// radius = s·m + a (0 ≤ a < m), two hashes within the radius agree within s bits on one of
// the first a+1 blocks or within s−1 bits on one of the others (otherwise they would differ
// in at least (a+1)(s+1) + (m−a−1)s = radius+1 bits). A block with radius −1 need not be
// probed.
func layout(radius, m int) []block {
	s, a := radius/m, radius%m
	out := make([]block, m)
	shift := 0
	for i := range out {
		width := (64 - shift) / (m - i)
		out[i] = block{shift: uint(shift), width: uint(width), radius: s}
		if i > a {
			out[i].radius = s - 1
		}
		shift += width
	}
	return out
}

// plan returns the number of blocks that makes a query cheapest at planEntries random hashes,
// and false when a linear scan is cheaper. Blocks are at most 16 bits wide.
func plan(radius int) (int, bool) {
	best, bestCost := 0, float64(planEntries) // linear scan: one check per entry
	for m := 4; m <= 16; m++ {
		cost := 0.0
		for _, b := range layout(radius, m) {
			probes := 0.0
			for k := 0; k <= min(b.radius, int(b.width)); k++ {
				probes += binomial(int(b.width), k)
			}
			cost += probes*probeCost + probes*float64(planEntries)/float64(uint64(1)<<b.width)
		}
		if cost < bestCost {
			best, bestCost = m, cost
		}
	}
	return best, best > 0
}

func binomial(n, k int) float64 {
	r := 1.0
	for i := range k {
		r = r * float64(n-i) / float64(i+1)
	}
	return r
}

// Radius returns the index's radius in bits.
func (ix *Index) Radius() int { return ix.radius }

// Len returns the number of hashes added.
func (ix *Index) Len() int { return len(ix.hashes) }

// Add returns the earlier entries within the radius of h, as Matches {A: earlier ID, B: id},
// in the order they were added, and then adds h under id. IDs are labels only: the same ID may
// be added more than once.
func (ix *Index) Add(id string, h uint64) []Match {
	found := ix.within(h, int32(len(ix.hashes)))
	ix.insert(id, h)
	if len(found) == 0 {
		return nil
	}
	out := make([]Match, len(found))
	for i, e := range found {
		out[i] = Match{A: ix.ids[e], B: id, Distance: bits.OnesCount64(ix.hashes[e] ^ h)}
	}
	return out
}

// insert adds h under id without querying, building the tables once there are enough entries.
func (ix *Index) insert(id string, h uint64) {
	n := int32(len(ix.hashes))
	ix.ids = append(ix.ids, id)
	ix.hashes = append(ix.hashes, h)
	switch {
	case ix.built:
		ix.insertBlocks(n, h)
	case ix.blocks != nil && len(ix.hashes) >= mihMinEntries:
		for i := range ix.blocks {
			ix.blocks[i].buckets = make([]bucket, 1<<ix.blocks[i].width)
		}
		for i, h := range ix.hashes {
			ix.insertBlocks(int32(i), h)
		}
		ix.built = true
	}
}

func (ix *Index) insertBlocks(n int32, h uint64) {
	for i := range ix.blocks {
		b := &ix.blocks[i]
		k := &b.buckets[uint32(h>>b.shift)&(1<<b.width-1)]
		k.hashes = append(k.hashes, h)
		k.entries = append(k.entries, n)
	}
}

// within returns the numbers of the entries before entry number before that are within the
// radius of h, ascending. It does not modify the index, so calls may run concurrently.
func (ix *Index) within(h uint64, before int32) []int32 {
	var found []int32
	if !ix.built {
		for i, e := range ix.hashes[:before] {
			if bits.OnesCount64(e^h) <= ix.radius {
				found = append(found, int32(i))
			}
		}
		return found
	}
	for i := range ix.blocks {
		b := &ix.blocks[i]
		v := uint32(h>>b.shift) & (1<<b.width - 1)
		for _, m := range b.probes {
			k := &b.buckets[v^m]
			for j, e := range k.hashes {
				if bits.OnesCount64(e^h) <= ix.radius {
					if n := k.entries[j]; n < before {
						found = append(found, n)
					}
				}
			}
		}
	}
	// An entry close in several blocks is found once per block.
	slices.Sort(found)
	return slices.Compact(found)
}

// Distance is the Hamming distance between two hashes, in bits (0..64).
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
