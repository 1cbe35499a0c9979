package link

import (
	"github.com/bonafide-oss/bonafide/bonafide"
)

// pairOf returns the pair of persons lo < hi, creating it (with no evidence yet) when create
// is set; -1 when absent and not created.
func (r *Resolver) pairOf(lo, hi int32, create bool) int32 {
	k := uint64(uint32(lo))<<32 | uint64(uint32(hi))
	if pi, ok := r.pairIdx[k]; ok {
		return pi
	}
	if !create {
		return -1
	}
	pi := int32(len(r.pairs))
	r.pairs = append(r.pairs, pairRec{lo: lo, hi: hi, nextLo: r.phead[lo], nextHi: r.phead[hi]})
	r.phead[lo], r.phead[hi] = pi, pi
	r.pairIdx[k] = pi
	return pi
}

// dropHubPairs handles key slot s that became a hub in the current Add: pairs among its
// holders from before the call (entries below entBase) that have no other non-hub key in
// common and no external evidence are dropped. Reports whether any was.
func (r *Resolver) dropHubPairs(s int32, entBase int32) bool {
	var old []int32
	for f := r.key(s).head; f >= 0; f = r.ents[f].next {
		if f < entBase {
			old = append(old, r.ents[f].person)
		}
	}
	dropped := false
	for i := 0; i < len(old); i++ {
		for j := i + 1; j < len(old); j++ {
			lo, hi := old[i], old[j]
			if lo > hi {
				lo, hi = hi, lo
			}
			pi := r.pairOf(lo, hi, false)
			if pi < 0 {
				continue
			}
			pr := &r.pairs[pi]
			if len(pr.ext) > 0 || r.sharesBlock(lo, hi) {
				continue
			}
			pr.dead = true
			delete(r.pairIdx, uint64(uint32(lo))<<32|uint64(uint32(hi)))
			dropped = true
		}
	}
	return dropped
}

// sharesBlock reports whether a and b hold a common key that is not a hub.
func (r *Resolver) sharesBlock(a, b int32) bool {
	for i := r.entStart[a]; i < r.entStart[a]+int32(r.entLen[a]); i++ {
		s := r.ents[i].slot
		if r.key(s).n > int32(r.opt.MaxBlock) {
			continue
		}
		for j := r.entStart[b]; j < r.entStart[b]+int32(r.entLen[b]); j++ {
			if r.ents[j].slot == s {
				return true
			}
		}
	}
	return false
}

func (r *Resolver) rebuildUnions() {
	r.uf.reset()
	for i := range r.pairs {
		pr := &r.pairs[i]
		if !pr.dead && pr.w+eps >= r.opt.Threshold {
			r.uf.union(pr.lo, pr.hi)
		}
	}
}

// sharedKeys returns the keys lo and hi both hold (hubs included: a hub adds its weight to a
// pair found otherwise) as (entry of lo, entry of hi) pairs, into dst.
func (r *Resolver) sharedKeys(lo, hi int32, dst [][2]int32) [][2]int32 {
	for i := r.entStart[lo]; i < r.entStart[lo]+int32(r.entLen[lo]); i++ {
		s := r.ents[i].slot
		for j := r.entStart[hi]; j < r.entStart[hi]+int32(r.entLen[hi]); j++ {
			if r.ents[j].slot == s {
				dst = append(dst, [2]int32{i, j})
				break
			}
		}
	}
	return dst
}

// linkKind maps a shared key and the two holders' roles to a link kind and signal.
func linkKind(k keyKind, ra, rb role) (kind, signal string) {
	switch k {
	case kkEmail, kkPhone:
		switch {
		case ra == roleReferee && rb == roleReferee:
			return KindReference, "REF-SHARED-ACROSS"
		case ra == roleReferee || rb == roleReferee:
			return KindReference, "REF-IS-PERSONA"
		case k == kkEmail:
			return KindEmail, signalOf[KindEmail]
		}
		return KindPhone, signalOf[KindPhone]
	case kkAddress:
		if ra == roleShipping || rb == roleShipping {
			return KindShipping, signalOf[KindShipping]
		}
		return KindAddress, signalOf[KindAddress]
	}
	kind = keyLinkKind[k]
	return kind, signalOf[kind]
}

var keyLinkKind = [...]string{
	kkIBAN: KindIBAN, kkWallet: KindWallet, kkDevice: KindDevice, kkURL: KindURL, kkIP: KindIP,
	kkNameDOB: KindNameDOB, kkNamePostcode: KindNamePostcode, kkEmail: KindEmail,
	kkPhone: KindPhone, kkAddress: KindAddress,
}

// combiner accumulates the noisy-OR over distinct kinds.
type combiner struct {
	kinds [20]string
	ws    [20]float64
	n     int
	more  []bonafide.Link
}

func (c *combiner) add(kind string, w float64) {
	w = clamp01(w)
	for i := 0; i < c.n; i++ {
		if c.kinds[i] == kind {
			c.ws[i] = max(c.ws[i], w)
			return
		}
	}
	if c.n < len(c.kinds) {
		c.kinds[c.n], c.ws[c.n] = kind, w
		c.n++
		return
	}
	c.more = append(c.more, bonafide.Link{Kind: kind, Weight: w})
}

func (c *combiner) value() float64 {
	if len(c.more) > 0 {
		ls := c.more
		for i := 0; i < c.n; i++ {
			ls = append(ls, bonafide.Link{Kind: c.kinds[i], Weight: c.ws[i]})
		}
		return Combine(ls)
	}
	miss := 1.0
	for i := 0; i < c.n; i++ {
		miss *= 1 - c.ws[i]
	}
	return 1 - miss
}

// pairWeight is the combined evidence of a pair: shared keys and external links.
func (r *Resolver) pairWeight(pr *pairRec) float64 {
	var c combiner
	var buf [16][2]int32
	for _, e := range r.sharedKeys(pr.lo, pr.hi, buf[:0]) {
		ea, eb := &r.ents[e[0]], &r.ents[e[1]]
		kind, _ := linkKind(ea.kind, ea.role, eb.role)
		c.add(kind, kindWeights[kind])
	}
	for _, l := range pr.ext {
		c.add(l.Kind, l.Weight)
	}
	return c.value()
}

// weightOf is the combined evidence of a pair whose key links are keyLinks (as
// appendKeyLinks made them) plus its external links.
func (r *Resolver) weightOf(keyLinks []bonafide.Link, pr *pairRec) float64 {
	var c combiner
	for i := range keyLinks {
		c.add(keyLinks[i].Kind, keyLinks[i].Weight)
	}
	for _, l := range pr.ext {
		c.add(l.Kind, l.Weight)
	}
	return c.value()
}

// appendKeyLinks appends the links a pair's shared keys make, plus the same-name note.
func (r *Resolver) appendKeyLinks(dst []bonafide.Link, pr *pairRec) []bonafide.Link {
	a, b := r.ids[pr.lo], r.ids[pr.hi]
	if a > b {
		a, b = b, a
	}
	var buf [16][2]int32
	for _, e := range r.sharedKeys(pr.lo, pr.hi, buf[:0]) {
		ea, eb := &r.ents[e[0]], &r.ents[e[1]]
		kind, sig := linkKind(ea.kind, ea.role, eb.role)
		dst = append(dst, bonafide.Link{A: a, B: b, Kind: kind, Value: r.val(ea.slot), Weight: kindWeights[kind], Signal: sig})
	}
	if h := r.nameH[pr.lo]; h != 0 && h == r.nameH[pr.hi] {
		dst = append(dst, bonafide.Link{A: a, B: b, Kind: KindSameName, Value: NameKey(r.names[pr.lo]), Weight: 0, Signal: signalOf[KindSameName]})
	}
	return dst
}

// pairLinks returns every link of a pair: shared keys, the same-name note and external
// evidence, without exact duplicates, strongest first.
func (r *Resolver) pairLinks(pr *pairRec) []bonafide.Link {
	ls := r.appendKeyLinks(nil, pr)
	for _, l := range pr.ext {
		dup := false
		for _, k := range ls {
			if k.Kind == l.Kind && k.Value == l.Value && k.Signal == l.Signal && k.Weight >= l.Weight {
				dup = true
				break
			}
		}
		if !dup {
			ls = append(ls, l)
		}
	}
	sortLinks(ls)
	return ls
}

// AddLinks adds external evidence: résumé, photo, GitHub and referral links from other
// packages (or ReferenceLinks for people not indexed here). A link naming an unknown person
// adds them (indexed when later passed to Add). Links with A = B or an empty ID are ignored;
// weights are clamped to 0..1; A and B are put in order. A pair whose combined evidence
// reaches the threshold is joined.
func (r *Resolver) AddLinks(links []bonafide.Link) {
	for _, l := range links {
		if l.A == "" || l.B == "" || l.A == l.B {
			continue
		}
		if l.A > l.B {
			l.A, l.B = l.B, l.A
		}
		l.Weight = clamp01(l.Weight)
		a, b := r.person(l.A), r.person(l.B)
		if a > b {
			a, b = b, a
		}
		pi := r.pairOf(a, b, true)
		pr := &r.pairs[pi]
		merged := false
		for i := range pr.ext {
			e := &pr.ext[i]
			if e.Kind == l.Kind && e.Value == l.Value && e.Signal == l.Signal {
				e.Weight = max(e.Weight, l.Weight)
				merged = true
				break
			}
		}
		if !merged {
			pr.ext = append(pr.ext, l)
		}
		pr.w = r.pairWeight(pr)
		if pr.w+eps >= r.opt.Threshold {
			r.uf.union(a, b)
		}
	}
}
