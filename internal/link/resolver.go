package link

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Options configure a Resolver. Zero values mean the defaults.
type Options struct {
	// Threshold is the combined evidence (0..1) a pair needs to be joined; default 0.6.
	Threshold float64
	// MaxBlock: identifiers and keys held by more than this many people are hubs (an office
	// address, a coworking IP, a common name in a big postcode). A hub key never makes a pair
	// on its own; it only adds its weight to pairs found through other evidence. Default 50.
	MaxBlock int
}

// Defaults.
const (
	DefaultThreshold = 0.6
	DefaultMaxBlock  = 50
)

// eps absorbs floating-point noise when a combined weight is compared with the threshold.
const eps = 1e-9

// Resolver holds people's blocking keys, the links found between them and a union-find over
// people. It is incremental: Add compares new people only with the holders of their own keys,
// never re-resolving the whole set, so adding 1,000 people to a resolved 1,000,000 costs
// milliseconds. A Resolver is not safe for concurrent use; Add uses every CPU internally.
//
// Memory is compact: a key is a 64-bit hash interned as an int32 slot, a person an int32
// index; only values shared by at least two people are kept as strings (for link evidence).
// Keys are split by hash into shards, one table each, so that several cores intern at once.
type Resolver struct {
	opt Options

	// people, by int32 index
	ids      []string
	names    []string
	nameH    []uint64 // hash of NameKey; 0 for no name
	idH      []uint64 // hash of the ID
	entStart []int32  // first entry of the person in ents
	entLen   []uint16 // number of entries
	indexed  []bool   // false for people known only from AddLinks so far
	idTab    keyTable // idH → person index
	idMore   map[string]int32

	// keys: slot = local index << shardBits | shard
	shards    []shard
	shardBits uint

	// (person, key) entries; each key's holders are a list threaded through next, newest first
	ents []entry

	// pairs of people with evidence
	pairs   []pairRec
	pairIdx map[uint64]int32 // lo<<32|hi person indexes → pair
	phead   []int32          // first pair of each person (list threaded through nextLo/nextHi)

	uf    unionFind
	epoch uint32 // Add calls, to mark the pairs one call touched
}

// shard is one partition of the keys, by the top bits of their hash.
type shard struct {
	table  keyTable
	hashes []uint64 // full hash of each local slot
	keys   []keyRec
	vals   map[int32]string // local slot → value, for keys held by ≥ 2 people
	// per Add call:
	flips []int32 // global slots that became hubs
	old   []int32 // local slots from before the call that gained holders
	pairs []uint64
}

type keyRec struct {
	n    int32 // holders
	head int32 // newest entry, -1 for none
}

type entry struct {
	slot   int32
	next   int32 // next (older) entry of the same key, -1 at the end
	person int32
	kind   keyKind
	role   role
}

type pairRec struct {
	lo, hi         int32 // person indexes, lo < hi
	nextLo, nextHi int32 // next pair in lo's and hi's adjacency lists
	w              float64
	ext            []bonafide.Link // evidence from AddLinks
	dead           bool            // no longer a candidate (its only blocking key became a hub)
	mark           uint32          // Add epoch that last touched the pair
}

// NewResolver returns an empty resolver.
func NewResolver(opt Options) *Resolver {
	if !(opt.Threshold > 0) {
		opt.Threshold = DefaultThreshold
	}
	if opt.Threshold > 1 {
		opt.Threshold = 1
	}
	if opt.MaxBlock <= 0 {
		opt.MaxBlock = DefaultMaxBlock
	}
	r := &Resolver{opt: opt, pairIdx: map[uint64]int32{}}
	n := 1
	for n < runtime.GOMAXPROCS(0) && n < 16 {
		n <<= 1
	}
	r.shardBits = uint(bits.TrailingZeros(uint(n)))
	r.shards = make([]shard, n)
	for i := range r.shards {
		r.shards[i].table.init(1 << 10)
		r.shards[i].vals = map[int32]string{}
	}
	r.idTab.init(1 << 10)
	return r
}

// Len returns the number of people the resolver knows (added, or named by a link).
func (r *Resolver) Len() int { return len(r.ids) }

func (r *Resolver) shardOf(h uint64) int {
	if r.shardBits == 0 {
		return 0
	}
	return int(h >> (64 - r.shardBits))
}

// key returns the record of a global key slot.
func (r *Resolver) key(slot int32) *keyRec {
	sh := &r.shards[slot&(1<<r.shardBits-1)]
	return &sh.keys[slot>>r.shardBits]
}

// val returns the value of a global key slot held by ≥ 2 people.
func (r *Resolver) val(slot int32) string {
	return r.shards[slot&(1<<r.shardBits-1)].vals[slot>>r.shardBits]
}

// lookup returns the index of the person with this ID (hash h), or -1.
func (r *Resolver) lookup(id string, h uint64) int32 {
	if i := r.idTab.lookup(h, r.idH); i >= 0 && r.ids[i] == id {
		return i
	}
	if i, ok := r.idMore[id]; ok {
		return i
	}
	return -1
}

// person returns the index of id, creating an unindexed person when new.
func (r *Resolver) person(id string) int32 {
	h := hashString(id)
	if i := r.lookup(id, h); i >= 0 {
		return i
	}
	return r.newPerson(id, h)
}

func (r *Resolver) newPerson(id string, h uint64) int32 {
	i := int32(len(r.ids))
	if s, added := r.idTab.insert(h, i, r.idH); !added && r.ids[s] != id {
		// Two IDs with one 64-bit hash: keep the newcomer aside.
		if r.idMore == nil {
			r.idMore = map[string]int32{}
		}
		r.idMore[id] = i
	}
	r.ids = append(r.ids, id)
	r.idH = append(r.idH, h)
	r.names = append(r.names, "")
	r.nameH = append(r.nameH, 0)
	r.entStart = append(r.entStart, 0)
	r.entLen = append(r.entLen, 0)
	r.indexed = append(r.indexed, false)
	r.phead = append(r.phead, -1)
	r.uf.grow(len(r.ids))
	return i
}

// reserve makes room for n more people with about k keys in all, so that a big batch does not
// grow (and copy or rehash) the resolver's arrays and tables step by step.
func (r *Resolver) reserve(n, k int) {
	if n < 1024 {
		return
	}
	if need := len(r.ids) + n; 10*need > 7*len(r.idTab.cells) {
		r.idTab.resize(need, r.idH)
	}
	r.ids = slices.Grow(r.ids, n)
	r.idH = slices.Grow(r.idH, n)
	r.names = slices.Grow(r.names, n)
	r.nameH = slices.Grow(r.nameH, n)
	r.entStart = slices.Grow(r.entStart, n)
	r.entLen = slices.Grow(r.entLen, n)
	r.indexed = slices.Grow(r.indexed, n)
	r.phead = slices.Grow(r.phead, n)
	r.uf.parent = slices.Grow(r.uf.parent, n)
	r.uf.size = slices.Grow(r.uf.size, n)
	r.uf.next = slices.Grow(r.uf.next, n)
	r.ents = slices.Grow(r.ents, k)
	per := k / len(r.shards)
	for i := range r.shards {
		sh := &r.shards[i]
		sh.keys = slices.Grow(sh.keys, per)
		sh.hashes = slices.Grow(sh.hashes, per)
		if need := len(sh.keys) + per; 10*need > 7*len(sh.table.cells) {
			sh.table.resize(need, sh.hashes)
		}
	}
}

// chunk is how many people are keyed in parallel before their keys are interned.
const chunk = 1 << 15

// Add indexes people and links them with everyone already held, returning the new links
// (evidence between a new person and anyone; A < B), grouped by pair in a deterministic
// order (by the pair's people in the order they were first known). People with an empty ID,
// nil entries and IDs already added are skipped: the first record of an ID wins. A person
// first named by AddLinks is indexed when added. Identifiers must be canonical
// (internal/normalize); those with an empty Value are ignored.
func (r *Resolver) Add(people []*bonafide.Person) []bonafide.Link {
	epoch := r.nextEpoch()
	entBase := int32(len(r.ents))
	keysBase := make([]int32, len(r.shards))
	for i := range r.shards {
		sh := &r.shards[i]
		keysBase[i] = int32(len(sh.keys))
		sh.flips, sh.old, sh.pairs = sh.flips[:0], sh.old[:0], sh.pairs[:0]
	}
	ab := r.newAddBuffers(len(people))
	for start := 0; start < len(people); start += chunk {
		batch := people[start:min(start+chunk, len(people))]
		ab.extract(r, batch)
		if start == 0 && len(people) >= 1024 {
			k := 0
			for i := range batch {
				k += int(ab.keyCount[i])
			}
			r.reserve(len(people), k*len(people)/len(batch)*11/10)
		}
		ab.assign(r, batch)
		ab.intern(r, batch, keysBase)
	}
	refilled := ab.refilled

	// A key that turned into a hub in this call no longer justifies the pairs it made
	// before: drop those without other blocking evidence and rebuild the union-find.
	rebuild := false
	for i := range r.shards {
		for _, s := range r.shards[i].flips {
			if r.dropHubPairs(s, entBase) {
				rebuild = true
			}
		}
	}

	// Candidate pairs: holders of each new or grown non-hub key, at least one of them new.
	parallel(len(r.shards), ab.workers, func(_, lo, hi int) {
		for s := lo; s < hi; s++ {
			r.candidates(s, keysBase[s], entBase)
		}
	})
	var cand []uint64
	for i := range r.shards {
		cand = append(cand, r.shards[i].pairs...)
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	var touched []int32
	for _, c := range cand {
		pi := r.pairOf(int32(c>>32), int32(uint32(c)), true)
		if r.pairs[pi].mark != epoch {
			r.pairs[pi].mark = epoch
			touched = append(touched, pi)
		}
	}
	// People first named by links: their earlier pairs gain key evidence and a name.
	for _, p := range refilled {
		for pi := r.phead[p]; pi >= 0; pi = r.pairs[pi].nextOf(p) {
			if !r.pairs[pi].dead && r.pairs[pi].mark != epoch {
				r.pairs[pi].mark = epoch
				touched = append(touched, pi)
			}
		}
	}

	// Evidence: weights and links in parallel (read-only), unions in order.
	outs := make([][]bonafide.Link, ab.workers)
	parallel(len(touched), ab.workers, func(w, lo, hi int) {
		for _, pi := range touched[lo:hi] {
			pr := &r.pairs[pi]
			n := len(outs[w])
			outs[w] = r.appendKeyLinks(outs[w], pr)
			pr.w = r.weightOf(outs[w][n:], pr)
		}
	})
	if rebuild {
		r.rebuildUnions()
	} else {
		for _, pi := range touched {
			if pr := &r.pairs[pi]; pr.w+eps >= r.opt.Threshold {
				r.uf.union(pr.lo, pr.hi)
			}
		}
	}
	n := 0
	for _, o := range outs {
		n += len(o)
	}
	out := make([]bonafide.Link, 0, n)
	for _, o := range outs {
		out = append(out, o...)
	}
	runtime.KeepAlive(ab.sink)
	return out
}

// addBuffers is the working memory of one Add call, reused from chunk to chunk.
type addBuffers struct {
	workers, nw int // extraction workers; interning workers (worker w owns shards s ≡ w mod nw)

	keyCount []uint16 // keys per person of the chunk
	nameHs   []uint64
	idHs     []uint64
	personOf []int32 // person index, -1 when skipped
	startOf  []int32 // first entry
	scratch  []personKeys
	nameBuf  [][]byte
	routed   [][][]routedKey // routed[x][s]: keys extraction worker x found for shard s, in input order
	made     [][]madeEntry   // entries each interning worker made

	refilled []int32 // people indexed by the call who were first named by AddLinks
	sink     uint64  // loads made only to warm caches
}

func (r *Resolver) newAddBuffers(n int) *addBuffers {
	workers := runtime.GOMAXPROCS(0)
	size := min(chunk, n)
	ab := &addBuffers{
		workers:  workers,
		nw:       min(workers, len(r.shards)),
		keyCount: make([]uint16, size),
		nameHs:   make([]uint64, size),
		idHs:     make([]uint64, size),
		personOf: make([]int32, size),
		startOf:  make([]int32, size),
		scratch:  make([]personKeys, workers),
		nameBuf:  make([][]byte, workers),
		routed:   make([][][]routedKey, workers),
	}
	ab.made = make([][]madeEntry, ab.nw)
	for x := range ab.routed {
		ab.routed[x] = make([][]routedKey, len(r.shards))
	}
	return ab
}

// extract computes the chunk's keys in parallel (it is pure per person), each worker routing
// the keys it finds to the shard that will intern them.
func (ab *addBuffers) extract(r *Resolver, batch []*bonafide.Person) {
	parallel(len(batch), ab.workers, func(x, lo, hi int) {
		rt := ab.routed[x]
		for s := range rt {
			rt[s] = rt[s][:0]
		}
		pk := &ab.scratch[x]
		for i := lo; i < hi; i++ {
			p := batch[i]
			if p == nil || p.ID == "" {
				ab.keyCount[i] = 0
				continue
			}
			ab.nameBuf[x] = extractKeys(p, pk, ab.nameBuf[x])
			n := min(len(pk.keys), 0xffff)
			ab.keyCount[i], ab.nameHs[i], ab.idHs[i] = uint16(n), pk.nameH, hashString(p.ID)
			for j := range pk.keys[:n] {
				k := &pk.keys[j]
				s := r.shardOf(k.h)
				rt[s] = append(rt[s], routedKey{rawKey: *k, buf: int32(i), j: uint16(j)})
			}
		}
	})
}

// assign gives the chunk's new people their indexes and entry ranges, in input order. Their
// ID-table cells are loaded in groups first, so that the cache misses overlap.
func (ab *addBuffers) assign(r *Resolver, batch []*bonafide.Person) {
	next := int32(len(r.ents))
	for g := 0; g < len(batch); g += 16 {
		end := min(g+16, len(batch))
		for i := g; i < end; i++ {
			ab.sink += r.idTab.peek(ab.idHs[i])
		}
		for i := g; i < end; i++ {
			ab.personOf[i] = -1
			p := batch[i]
			if p == nil || p.ID == "" {
				continue
			}
			pi := r.lookup(p.ID, ab.idHs[i])
			if pi >= 0 && r.indexed[pi] {
				continue // the first record of an ID wins
			}
			if pi < 0 {
				pi = r.newPerson(p.ID, ab.idHs[i])
			} else {
				ab.refilled = append(ab.refilled, pi)
			}
			r.indexed[pi] = true
			r.names[pi] = p.Name
			r.nameH[pi] = ab.nameHs[i]
			n := int32(ab.keyCount[i])
			r.entStart[pi], r.entLen[pi] = next, uint16(n)
			ab.personOf[i], ab.startOf[i] = pi, next
			next += n
		}
	}
	r.ents = slices.Grow(r.ents, int(next)-len(r.ents))[:next]
}

// intern adds the chunk's keys to their shards: each worker owns some shards and reads only
// their keys. Keys go in groups whose table cells are loaded first, so that their cache misses
// overlap instead of queueing. Workers put the entries they make in buffers of their own (the
// entries of one person share a cache line, and two cores writing it would fight over it);
// they are copied in place after.
func (ab *addBuffers) intern(r *Resolver, batch []*bonafide.Person, keysBase []int32) {
	sinks := make([]uint64, ab.nw)
	parallel(ab.nw, ab.nw, func(w, _, _ int) {
		type pending struct {
			k      *routedKey
			s      int
			person int32
			e      int32
		}
		var group [64]pending
		n := 0
		var sink uint64
		mine := ab.made[w][:0]
		flush := func() {
			for i := 0; i < n; i++ {
				sink += r.shards[group[i].s].table.peek(group[i].k.h)
			}
			for i := 0; i < n; i++ {
				g := &group[i]
				mine = append(mine, r.intern(g.s, &g.k.rawKey, batch[g.k.buf], g.person, g.e, keysBase[g.s]))
			}
			n = 0
		}
		for s := w; s < len(r.shards); s += ab.nw {
			for x := range ab.routed {
				rk := ab.routed[x][s]
				for i := range rk {
					k := &rk[i]
					pi := ab.personOf[k.buf]
					if pi < 0 {
						continue
					}
					group[n] = pending{k, s, pi, ab.startOf[k.buf] + int32(k.j)}
					if n++; n == len(group) {
						flush()
					}
				}
			}
			flush()
		}
		ab.made[w] = mine
		sinks[w] = sink
	})
	for w := range ab.made {
		for _, m := range ab.made[w] {
			r.ents[m.e] = m.entry
		}
		ab.sink += sinks[w]
	}
}

// parallel splits [0, n) into up to workers contiguous parts and runs fn on each, waiting
// for all. Small inputs run on the calling goroutine.
func parallel(n, workers int, fn func(w, lo, hi int)) {
	if workers <= 1 || n < 2 {
		fn(0, 0, n)
		return
	}
	per := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w, lo, hi)
		}()
	}
	wg.Wait()
}

// routedKey is a key extraction found, on its way to its shard: buf is the person's index in
// the chunk, j the key's index among the person's keys.
type routedKey struct {
	rawKey
	buf int32
	j   uint16
}

// madeEntry is an entry interning made, and where it goes.
type madeEntry struct {
	e int32
	entry
}

// intern adds key k of person p (index pi) as entry e to shard s, returning the entry to
// store.
func (r *Resolver) intern(s int, k *rawKey, p *bonafide.Person, pi, e int32, keysBase int32) madeEntry {
	sh := &r.shards[s]
	local, isNew := sh.table.insert(k.h, int32(len(sh.keys)), sh.hashes)
	if isNew {
		sh.keys = append(sh.keys, keyRec{head: -1})
		sh.hashes = append(sh.hashes, k.h)
	} else if local < keysBase {
		sh.old = append(sh.old, local)
	}
	kr := &sh.keys[local]
	slot := local<<r.shardBits | int32(s)
	m := madeEntry{e, entry{slot: slot, next: kr.head, person: pi, kind: k.kind, role: k.role}}
	kr.head = e
	kr.n++
	if kr.n == 2 {
		sh.vals[local] = keyValue(p, k)
	}
	if kr.n == int32(r.opt.MaxBlock)+1 {
		sh.flips = append(sh.flips, slot)
	}
	return m
}

// candidates collects into shard s's pairs every pair of holders of a key that is new in
// this call (local slot ≥ keysBase) or gained holders, is held by 2..MaxBlock people, and
// has at least one new holder (entry ≥ entBase).
func (r *Resolver) candidates(s int, keysBase, entBase int32) {
	sh := &r.shards[s]
	slices.Sort(sh.old)
	sh.old = slices.Compact(sh.old)
	var hs []entry
	visit := func(local int32) {
		kr := &sh.keys[local]
		if kr.n < 2 || kr.n > int32(r.opt.MaxBlock) {
			return
		}
		hs = hs[:0]
		var idx []int32
		for f := kr.head; f >= 0; f = r.ents[f].next {
			hs = append(hs, r.ents[f])
			idx = append(idx, f)
		}
		for i := range hs {
			for j := i + 1; j < len(hs); j++ {
				if idx[i] < entBase && idx[j] < entBase {
					continue
				}
				lo, hi := hs[i].person, hs[j].person
				if lo > hi {
					lo, hi = hi, lo
				}
				sh.pairs = append(sh.pairs, uint64(uint32(lo))<<32|uint64(uint32(hi)))
			}
		}
	}
	for local := keysBase; local < int32(len(sh.keys)); local++ {
		if sh.keys[local].n >= 2 {
			visit(local)
		}
	}
	for _, local := range sh.old {
		visit(local)
	}
}

func (r *Resolver) nextEpoch() uint32 {
	r.epoch++
	if r.epoch == 0 { // wrapped: clear the marks so no pair looks touched
		for i := range r.pairs {
			r.pairs[i].mark = 0
		}
		r.epoch = 1
	}
	return r.epoch
}

func (p *pairRec) nextOf(x int32) int32 {
	if p.lo == x {
		return p.nextLo
	}
	return p.nextHi
}
