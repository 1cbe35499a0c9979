package ipinfo

import (
	"net/netip"
	"slices"
)

// u128 is an IP address as a 128-bit unsigned integer; IPv4 addresses are stored in their
// IPv4-mapped IPv6 form (::ffff:a.b.c.d) so both families share one table.
type u128 struct{ hi, lo uint64 }

func (a u128) less(b u128) bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }

func (a u128) cmp(b u128) int {
	switch {
	case a == b:
		return 0
	case a.less(b):
		return -1
	}
	return 1
}

var maxU128 = u128{^uint64(0), ^uint64(0)}

// inc returns a+1 and whether it overflowed.
func (a u128) inc() (u128, bool) {
	lo := a.lo + 1
	hi := a.hi
	if lo == 0 {
		hi++
		if hi == 0 {
			return u128{}, true
		}
	}
	return u128{hi, lo}, false
}

func (a u128) dec() u128 {
	if a.lo == 0 {
		return u128{a.hi - 1, ^uint64(0)}
	}
	return u128{a.hi, a.lo - 1}
}

func be64(b []byte) uint64 {
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
}

// key converts an address to its table key (IPv4 as IPv4-mapped). Zones are ignored.
func key(a netip.Addr) u128 {
	b := a.As16() // IPv4 yields the IPv4-mapped form
	return u128{be64(b[:8]), be64(b[8:])}
}

// prefixRange returns the first and last key covered by p (p must be valid).
func prefixRange(p netip.Prefix) (u128, u128) {
	p = p.Masked()
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	start := key(p.Addr())
	host := 128 - bits
	end := start
	switch {
	case host >= 128:
		end = maxU128
	case host >= 64:
		end.lo = ^uint64(0)
		end.hi |= (uint64(1) << (host - 64)) - 1
		if host == 64 {
			end.hi = start.hi
		}
	case host > 0:
		end.lo |= (uint64(1) << host) - 1
	}
	return start, end
}

// interval is an inclusive range of keys carrying a value.
type interval struct {
	start, end u128
	val        uint32
}

// table is a sorted list of disjoint inclusive ranges, searched by binary search. IPv4
// ranges are kept apart as 32-bit keys (half the memory, so the search stays in cache).
// Lookup is allocation-free.
type table struct {
	starts4, ends4 []uint32
	vals4          []uint32
	idx4           []uint32 // idx4[p] = number of starts4 below p<<16 (65537 entries; nil for small tables)
	starts         []u128   // ranges not entirely inside ::ffff:0:0/96
	ends           []u128
	vals           []uint32
}

// v4 bounds of the IPv4-mapped block.
var (
	v4min = u128{0, 0xffff_0000_0000}
	v4max = u128{0, 0xffff_ffff_ffff}
)

// find returns the value of the range holding k.
func (t *table) find(k u128) (uint32, bool) {
	if k.hi == 0 && k.lo>>32 == 0xffff {
		return t.find4(uint32(k.lo))
	}
	// largest i with starts[i] <= k
	lo, hi := 0, len(t.starts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if k.less(t.starts[m]) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	i := lo - 1
	if i < 0 || t.ends[i].less(k) {
		return 0, false
	}
	return t.vals[i], true
}

func (t *table) find4(k uint32) (uint32, bool) {
	lo, hi := 0, len(t.starts4)
	if t.idx4 != nil {
		p := k >> 16
		lo, hi = int(t.idx4[p]), int(t.idx4[p+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if k < t.starts4[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	i := lo - 1
	if i < 0 || t.ends4[i] < k {
		return 0, false
	}
	return t.vals4[i], true
}

func (t *table) len() int { return len(t.starts4) + len(t.starts) }

// add appends a disjoint range (ranges arrive in ascending order).
func (t *table) add(s, e u128, v uint32) {
	if !e.less(v4min) && !v4max.less(s) { // overlaps the IPv4 block
		cs, ce := s, e
		if cs.less(v4min) {
			cs = v4min
		}
		if v4max.less(ce) {
			ce = v4max
		}
		t.starts4 = append(t.starts4, uint32(cs.lo))
		t.ends4 = append(t.ends4, uint32(ce.lo))
		t.vals4 = append(t.vals4, v)
		if !s.less(v4min) && !v4max.less(e) {
			return // entirely IPv4
		}
	}
	t.starts = append(t.starts, s)
	t.ends = append(t.ends, e)
	t.vals = append(t.vals, v)
}

// build flattens ivs (which may nest or overlap) into disjoint ranges. Where ranges nest, the
// inner (more specific) one wins; where two partly overlap, the one starting later wins over
// the overlap. Adjacent ranges with the same value are merged.
func build(ivs []interval) table {
	slices.SortStableFunc(ivs, func(a, b interval) int {
		if c := a.start.cmp(b.start); c != 0 {
			return c
		}
		return b.end.cmp(a.end) // larger first, so the inner one is pushed last
	})
	var segs []interval
	emit := func(s, e u128, v uint32) {
		if n := len(segs); n > 0 && segs[n-1].val == v {
			if next, of := segs[n-1].end.inc(); !of && next == s {
				segs[n-1].end = e
				return
			}
		}
		segs = append(segs, interval{s, e, v})
	}
	var stack []interval
	pos := u128{}
	done := false // pos passed the top of the address space
	flush := func(top interval) {
		if done || top.end.less(pos) {
			return
		}
		emit(pos, top.end, top.val)
		var of bool
		pos, of = top.end.inc()
		done = of
	}
	for _, iv := range ivs {
		if iv.end.less(iv.start) {
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].end.less(iv.start) {
			flush(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && !done && pos.less(iv.start) {
			top := stack[len(stack)-1]
			if !top.end.less(pos) {
				emit(pos, iv.start.dec(), top.val)
			}
		}
		if done {
			break
		}
		if pos.less(iv.start) {
			pos = iv.start
		}
		stack = append(stack, iv)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		flush(stack[i])
	}
	var t table
	for _, sg := range segs {
		t.add(sg.start, sg.end, sg.val)
	}
	if len(t.starts4) > 4096 {
		t.idx4 = make([]uint32, 1<<16+1)
		i := 0
		for p := range t.idx4 {
			for i < len(t.starts4) && uint64(t.starts4[i]) < uint64(p)<<16 {
				i++
			}
			t.idx4[p] = uint32(i)
		}
	}
	return t
}
