package link

import "hash/maphash"

// seed keys every hash of the process. It is random per process, so nobody can craft two
// identifiers whose keys collide; within a process every key of the same text has the same
// hash. 64-bit keys make an accidental collision among 10 million keys about a 3-in-a-million
// event per process.
var seed = maphash.MakeSeed()

func hashString(s string) uint64 { return maphash.String(seed, s) }
func hashBytes(b []byte) uint64  { return maphash.Bytes(seed, b) }

// mix64 is MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit.
func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// keyHash is the interned key of a value of key kind k: never 0.
func keyHash(k keyKind, h uint64) uint64 {
	h = mix64(h ^ (uint64(k) * 0x9e3779b97f4a7c15))
	if h == 0 {
		h = 1
	}
	return h
}

// keyTable interns 64-bit key hashes as dense int32 slots: an open-addressing table with
// linear probing whose cells pack the slot (low 32 bits, plus one) with the key's top 32 bits,
// so most probes never touch the slot's record. Load factor at most 0.7.
type keyTable struct {
	cells []uint64
	mask  uint64
	n     int
}

func (t *keyTable) init(capacity int) {
	size := 1 << 10
	for size*7 < capacity*10 {
		size <<= 1
	}
	t.cells = make([]uint64, size)
	t.mask = uint64(size - 1)
	t.n = 0
}

// lookup returns the slot of h, or -1. hashes gives the full hash of each slot.
func (t *keyTable) lookup(h uint64, hashes []uint64) int32 {
	if t.cells == nil {
		return -1
	}
	tag := h >> 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		c := t.cells[i]
		if c == 0 {
			return -1
		}
		if c>>32 == tag {
			s := int32(uint32(c) - 1)
			if hashes[s] == h {
				return s
			}
		}
	}
}

// peek loads the cell where a probe for h starts and returns it (to warm the cache).
func (t *keyTable) peek(h uint64) uint64 { return t.cells[h&t.mask] }

// insert returns the slot of h, adding it as slot next when absent (added reports which).
// hashes gives the full hash of each slot already added.
func (t *keyTable) insert(h uint64, next int32, hashes []uint64) (slot int32, added bool) {
	if 10*(t.n+1) > 7*len(t.cells) {
		t.grow(hashes)
	}
	tag := h >> 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		c := t.cells[i]
		if c == 0 {
			t.cells[i] = tag<<32 | uint64(uint32(next)+1)
			t.n++
			return next, true
		}
		if c>>32 == tag {
			s := int32(uint32(c) - 1)
			if hashes[s] == h {
				return s, false
			}
		}
	}
}

func (t *keyTable) grow(hashes []uint64) { t.resize(2*t.n, hashes) }

// resize rehashes the table for capacity keys.
func (t *keyTable) resize(capacity int, hashes []uint64) {
	old := t.cells
	t.init(max(capacity, t.n, 1<<9))
	for _, c := range old {
		if c == 0 {
			continue
		}
		h := hashes[uint32(c)-1]
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			if t.cells[i] == 0 {
				t.cells[i] = c
				t.n++
				break
			}
		}
	}
}
