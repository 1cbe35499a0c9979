package signals

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// env is the detectors' view of one Detect run: the people (sorted by ID), their interned name
// keys and two indexes built once:
//
//   - the identifier index: canonical (kind, value) of every person's identifiers → group, each
//     group listing its holders (person, purposes) once per person in person order;
//   - the reference index: canonical (kind, value) of every reference contact → group of the
//     candidates who give it.
//
// Per-identifier group numbers are precomputed, so detectors never hash at detection time.
type env struct {
	Env
	now     time.Time
	people  []*bonafide.Person
	cur     int32    // index of the person being examined
	nameID  []int32  // interned name key per person; unique negative IDs for unknown names
	nameKey []string // name key per person
	keyFn   func(string) string

	ids  index   // person identifiers
	idOf []int32 // group per identifier, flattened; -1 when not indexed
	idAt []int32 // offset of person i's identifiers in idOf (len people+1)

	refs      index   // reference contacts, holders are the candidates
	refOf     []int32 // group in refs per reference identifier, flattened; -1 when not indexed
	refPerson []int32 // group in ids of the same (kind, value), or -1
	refAt     []int32 // offset of person i's reference identifiers (len people+1)

	cache map[relKey]relResult
	big   map[bigKey]*bigGroup
	tech  techScratch // per-worker buffers for APP-TECH-ANACHRONISM
}

type idKey struct {
	kind  bonafide.IdentifierKind
	value string
}

// purpose bits.
const (
	purposeOther uint16 = 1 << iota
	purposeContact
	purposeHome
	purposeShipping
	purposePayout
	purposeProfile
	purposeApplication
	purposeAny uint16 = 0xffff
)

func purposeBit(p bonafide.Purpose) uint16 {
	switch p {
	case bonafide.PurposeContact:
		return purposeContact
	case bonafide.PurposeHome:
		return purposeHome
	case bonafide.PurposeShipping:
		return purposeShipping
	case bonafide.PurposePayout:
		return purposePayout
	case bonafide.PurposeProfile:
		return purposeProfile
	case bonafide.PurposeApplication:
		return purposeApplication
	}
	return purposeOther
}

type holder struct {
	person   int32
	purposes uint16
}

// index is a grouping of canonical values; holders[off[g]:off[g+1]] are group g's holders in
// ascending person order, one entry per person.
type index struct {
	off     []int32
	holders []holder
}

func (x *index) group(g int32) []holder { return x.holders[x.off[g]:x.off[g+1]] }

// indexable reports whether an identifier takes part in cross-person matching.
func indexable(id *bonafide.Identifier) bool {
	return id.Value != "" && id.Kind != ""
}

// refIndexable reports whether a reference identifier is a contact we match (e-mail, phone).
func refIndexable(id *bonafide.Identifier) bool {
	return id.Value != "" && (id.Kind == bonafide.KindEmail || id.Kind == bonafide.KindPhone)
}

// grouper assigns dense group numbers to canonical values, one map per identifier kind (so
// lookups hash one string and kinds can be built in parallel). Group numbers are local to a kind
// until finish adds each kind's base, in sorted kind order.
type grouper struct {
	kinds []bonafide.IdentifierKind
	ix    map[bonafide.IdentifierKind]int
	b     []*kindBuilder
	base  []int32
	total int32
}

type kindBuilder struct {
	m     map[string]int32
	count []int32 // holders per group (one per person)
	last  []int32 // last person counted per group
}

// newGrouper makes builders for the given kinds; size(kind) estimates how many values it has.
func newGrouper(kinds []bonafide.IdentifierKind, size func(bonafide.IdentifierKind) int) *grouper {
	kinds = slices.Clone(kinds)
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	g := &grouper{kinds: kinds, ix: map[bonafide.IdentifierKind]int{}, b: make([]*kindBuilder, len(kinds))}
	for i, k := range kinds {
		n := size(k)
		g.ix[k] = i
		g.b[i] = &kindBuilder{m: make(map[string]int32, n), count: make([]int32, 0, n), last: make([]int32, 0, n)}
	}
	return g
}

// add returns the kind-local group of value, counting person once per group. Persons must come
// in ascending order per kind.
func (b *kindBuilder) add(value string, person int32) int32 {
	g, ok := b.m[value]
	if !ok {
		g = int32(len(b.count))
		b.m[value] = g
		b.count = append(b.count, 0)
		b.last = append(b.last, -1)
	}
	if b.last[g] != person {
		b.last[g] = person
		b.count[g]++
	}
	return g
}

// finish fixes each kind's base; global group = base[kind] + local group.
func (g *grouper) finish() {
	g.base = make([]int32, len(g.b))
	var n int32
	for i, b := range g.b {
		g.base[i] = n
		n += int32(len(b.count))
	}
	g.total = n
}

// lookup returns the global group of (kind, value) after finish.
func (g *grouper) lookup(k idKey) (int32, bool) {
	i, ok := g.ix[k.kind]
	if !ok {
		return 0, false
	}
	l, ok := g.b[i].m[k.value]
	return g.base[i] + l, ok
}

func (g *grouper) offsets() []int32 {
	off := make([]int32, g.total+1)
	var at int32
	for _, b := range g.b {
		for _, c := range b.count {
			off[at+1] = off[at] + c
			at++
		}
	}
	return off
}

// fill writes holder entries; calls must come in ascending person order per group.
type filler struct {
	x    *index
	next []int32
}

func newFiller(off []int32) *filler {
	f := &filler{x: &index{off: off, holders: make([]holder, off[len(off)-1])}, next: slices.Clone(off[:len(off)-1])}
	return f
}

func (f *filler) put(g, person int32, bit uint16) {
	n := f.next[g]
	if n > f.x.off[g] && f.x.holders[n-1].person == person {
		f.x.holders[n-1].purposes |= bit
		return
	}
	f.x.holders[n] = holder{person: person, purposes: bit}
	f.next[g] = n + 1
}

func newEnv(in []*bonafide.Person, cfg Env) *env {
	people := make([]*bonafide.Person, 0, len(in))
	for _, p := range in {
		if p != nil {
			people = append(people, p)
		}
	}
	slices.SortStableFunc(people, func(a, b *bonafide.Person) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.SourceID, b.SourceID), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name))
	})
	e := &env{Env: cfg, people: people, now: cfg.Now, cache: map[relKey]relResult{}, big: map[bigKey]*bigGroup{}}
	if e.now.IsZero() {
		e.now = time.Now().UTC()
	}
	nameKey := cfg.NameKey
	if nameKey == nil {
		nameKey = normalize.NameKey
	}
	e.keyFn = nameKey

	// Pass 1: groups. One sequential scan lists each kind's identifiers; then each kind is
	// grouped by its own goroutine (they write disjoint entries of idOf), names by another.
	type entry struct {
		pos, person int32
		value       string
	}
	var kinds, refKinds []bonafide.IdentifierKind
	var perKind [][]entry
	nIDs, nRefs := 0, 0
	e.idAt = make([]int32, len(people)+1)
	e.refAt = make([]int32, len(people)+1)
	for i, p := range people {
		for j := range p.Identifiers {
			id := &p.Identifiers[j]
			if !indexable(id) {
				continue
			}
			ki := slices.Index(kinds, id.Kind)
			if ki < 0 {
				ki = len(kinds)
				kinds = append(kinds, id.Kind)
				perKind = append(perKind, make([]entry, 0, len(people)))
			}
			perKind[ki] = append(perKind[ki], entry{int32(nIDs + j), int32(i), id.Value})
		}
		nIDs += len(p.Identifiers)
		for _, r := range p.References {
			nRefs += len(r.Identifiers)
			for j := range r.Identifiers {
				if id := &r.Identifiers[j]; refIndexable(id) && !slices.Contains(refKinds, id.Kind) {
					refKinds = append(refKinds, id.Kind)
				}
			}
		}
		e.idAt[i+1] = int32(nIDs)
		e.refAt[i+1] = int32(nRefs)
	}
	ig := newGrouper(kinds, func(k bonafide.IdentifierKind) int { return len(perKind[slices.Index(kinds, k)]) })
	e.idOf = make([]int32, nIDs)
	for i := range e.idOf {
		e.idOf[i] = -1
	}
	var wg sync.WaitGroup
	for ki, k := range kinds {
		b, list := ig.b[ig.ix[k]], perKind[ki]
		wg.Go(func() {
			for _, en := range list {
				e.idOf[en.pos] = b.add(en.value, en.person)
			}
		})
	}
	wg.Go(func() { e.internNames(nameKey) })
	wg.Wait()
	ig.finish()
	for ki, k := range kinds {
		base := ig.base[ig.ix[k]]
		for _, en := range perKind[ki] {
			e.idOf[en.pos] += base
		}
	}

	rg := newGrouper(refKinds, func(bonafide.IdentifierKind) int { return nRefs })
	e.refOf = make([]int32, 0, nRefs)
	e.refPerson = make([]int32, 0, nRefs)
	type pending struct{ ki, local int32 }
	var loc []pending
	for i, p := range people {
		for _, r := range p.References {
			for j := range r.Identifiers {
				id := &r.Identifiers[j]
				pg := int32(-1)
				pd := pending{-1, -1}
				if refIndexable(id) {
					ki := rg.ix[id.Kind]
					pd = pending{int32(ki), rg.b[ki].add(id.Value, int32(i))}
					if v, ok := ig.lookup(idKey{id.Kind, id.Value}); ok {
						pg = v
					}
				}
				loc = append(loc, pd)
				e.refPerson = append(e.refPerson, pg)
			}
		}
	}
	rg.finish()
	for _, pd := range loc {
		g := int32(-1)
		if pd.ki >= 0 {
			g = rg.base[pd.ki] + pd.local
		}
		e.refOf = append(e.refOf, g)
	}

	// Pass 2: holders.
	fi, fr := newFiller(ig.offsets()), newFiller(rg.offsets())
	for i, p := range people {
		base := e.idAt[i]
		for j := range p.Identifiers {
			if g := e.idOf[base+int32(j)]; g >= 0 {
				fi.put(g, int32(i), purposeBit(p.Identifiers[j].Purpose))
			}
		}
		k := e.refAt[i]
		for _, r := range p.References {
			for range r.Identifiers {
				if g := e.refOf[k]; g >= 0 {
					fr.put(g, int32(i), purposeContact)
				}
				k++
			}
		}
	}
	e.ids, e.refs = *fi.x, *fr.x
	return e
}

// fork returns a copy of e sharing the read-only index, with its own caches and current person,
// for one worker goroutine.
func (e *env) fork() *env {
	c := *e
	c.cache = map[relKey]relResult{}
	c.big = map[bigKey]*bigGroup{}
	c.tech = techScratch{}
	return &c
}

// internNames computes each person's name key and interns it; unknown (empty) names get unique
// negative IDs so they never equal anyone.
func (e *env) internNames(nameKey func(string) string) {
	e.nameID = make([]int32, len(e.people))
	e.nameKey = make([]string, len(e.people))
	names := make(map[string]int32, len(e.people))
	unknown := int32(-1)
	for i, p := range e.people {
		k := nameKey(p.Name)
		e.nameKey[i] = k
		if k == "" {
			e.nameID[i] = unknown
			unknown--
			continue
		}
		id, ok := names[k]
		if !ok {
			id = int32(len(names))
			names[k] = id
		}
		e.nameID[i] = id
	}
}

// groups returns the identifier-index group of each of the current person's identifiers
// (aligned with p.Identifiers; -1 where not indexed).
func (e *env) groups() []int32 { return e.idOf[e.idAt[e.cur]:e.idAt[e.cur+1]] }

// refContact is one indexed contact of one of the current person's references.
type refContact struct {
	ref, ident  int   // indexes into p.References and its Identifiers
	group       int32 // group in the reference index
	personGroup int32 // group in the identifier index with the same (kind, value), or -1
}

// refContacts lists the current person's indexed reference contacts in input order.
func (e *env) refContacts(p *bonafide.Person) []refContact {
	var out []refContact
	k := e.refAt[e.cur]
	for ri, r := range p.References {
		for ii := range r.Identifiers {
			if g := e.refOf[k]; g >= 0 {
				out = append(out, refContact{ref: ri, ident: ii, group: g, personGroup: e.refPerson[k]})
			}
			k++
		}
	}
	return out
}

// personLabel is how a person is named in summaries: "Maria Santos (A-1031)".
func (e *env) personLabel(i int32) string {
	p := e.people[i]
	switch {
	case p.Name == "":
		return p.ID
	case p.ID == "":
		return p.Name
	}
	return p.Name + " (" + p.ID + ")"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// relKey caches related-people lists: results depend on the index, group, the asking person's
// name and the purposes that count.
type relKey struct {
	refs bool
	g    int32
	name int32
	mask uint16
}

type relResult struct {
	people []int32 // up to MaxRelated, ascending ID
	total  int     // all differently named holders
}

type bigKey struct {
	refs bool
	g    int32
	mask uint16
}

// bigGroup is a hub's holders filtered by purpose, with a count per name.
type bigGroup struct {
	people []int32
	byName map[int32]int
}

// bigThreshold is the group size above which related lists are computed from per-name counts,
// keeping hubs linear instead of quadratic.
const bigThreshold = 64

// related returns the holders of group g (in the identifier index, or the reference index when
// refs is set) other than the current person whose name differs from the current person's and
// who hold it with a purpose in mask: up to MaxRelated of them in ascending ID order, and how
// many there are in all.
func (e *env) related(refs bool, g int32, mask uint16) relResult {
	x := &e.ids
	if refs {
		x = &e.refs
	}
	hs := x.group(g)
	self, name := e.cur, e.nameID[e.cur]
	if len(hs) <= bigThreshold {
		var r relResult
		for _, h := range hs {
			if h.person == self || h.purposes&mask == 0 || e.nameID[h.person] == name {
				continue
			}
			r.total++
			if len(r.people) < MaxRelated {
				r.people = append(r.people, h.person)
			}
		}
		return r
	}
	key := relKey{refs, g, name, mask}
	if r, ok := e.cache[key]; ok {
		return r
	}
	bk := bigKey{refs, g, mask}
	bg := e.big[bk]
	if bg == nil {
		bg = &bigGroup{byName: map[int32]int{}}
		for _, h := range hs {
			if h.purposes&mask != 0 {
				bg.people = append(bg.people, h.person)
				bg.byName[e.nameID[h.person]]++
			}
		}
		e.big[bk] = bg
	}
	// Everyone with the same name key as the current person (including the person) is excluded;
	// unknown names are unique, so only the person itself is.
	same := 0
	if name >= 0 {
		same = bg.byName[name]
	} else if _, found := slices.BinarySearch(bg.people, self); found {
		same = 1
	}
	r := relResult{total: len(bg.people) - same}
	for _, q := range bg.people {
		if len(r.people) == MaxRelated {
			break
		}
		if q != self && e.nameID[q] != name {
			r.people = append(r.people, q)
		}
	}
	if name >= 0 {
		e.cache[key] = r // unknown names are unique: caching them would never hit
	}
	return r
}

// personIDs converts person indexes to person IDs.
func (e *env) personIDs(ix []int32) []string {
	if len(ix) == 0 {
		return nil
	}
	out := make([]string, len(ix))
	for i, q := range ix {
		out[i] = e.people[q].ID
	}
	return out
}

// othersPhrase is "Maria Santos (A-1031)" or "Maria Santos (A-1031) and 3 others".
func (e *env) othersPhrase(r relResult) string {
	s := e.personLabel(r.people[0])
	switch n := r.total - 1; {
	case n == 1:
		s += " and 1 other person"
	case n > 1:
		s += " and " + strconv.Itoa(n) + " others"
	}
	return s
}

// countNote is the evidence sentence for a related list, naming the cap when it applies.
func countNote(r relResult, what string) string {
	if r.total > len(r.people) {
		return what + " " + strconv.Itoa(r.total) + " differently named people; the first " + strconv.Itoa(len(r.people)) + " by ID are listed as related."
	}
	if r.total == 1 {
		return what + " 1 differently named person."
	}
	return what + " " + strconv.Itoa(r.total) + " differently named people."
}
