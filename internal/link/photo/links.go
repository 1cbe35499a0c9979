package photo

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// Signal is the signal photo links and findings support.
const Signal = "APP-PHOTO-REUSE"

// Weights of APP-PHOTO-REUSE.
const (
	// FindingWeight is the score points of one APP-PHOTO-REUSE finding at a distance of at most
	// CertainDistance; NearFindingWeight beyond it, up to the radius.
	FindingWeight     = 45
	NearFindingWeight = 20
	// CertainDistance is the largest distance at which a match is taken as the same picture. In
	// TestDistances no two different portraits came within 4 bits, but about 1 pair in 10,000
	// came within 5–8: beyond 4 bits a match is only "very similar" and, alone, joins no one
	// (NearLinkWeight is below the resolver's threshold of 0.6).
	CertainDistance = 4
	NearLinkWeight  = 0.45
	// LinkWeightMax is a photo link's weight at distance 0 (the same picture); it falls
	// linearly to LinkWeightMin at the radius. A shared payout account or device weighs more:
	// a photo can be lifted from the web by unrelated fraudsters, and pHash matches are not
	// certain at the edge of the radius.
	LinkWeightMax = 0.9
	LinkWeightMin = 0.7
)

// Sources of APP-PHOTO-REUSE (SIGNALS.md).
var Sources = []string{"SEAL", "FBI25"}

// LinkWeight is the weight of a photo link at Hamming distance d for an index radius: from 0.9
// at 0 falling linearly (towards 0.7 at the radius) up to CertainDistance, then NearLinkWeight,
// rounded to 3 decimals.
func LinkWeight(d, radius int) float64 {
	if radius <= 0 {
		radius = DefaultRadius
	}
	if d > CertainDistance {
		return NearLinkWeight
	}
	w := LinkWeightMax - (LinkWeightMax-LinkWeightMin)*float64(d)/float64(max(radius, CertainDistance))
	return math.Round(w*1000) / 1000
}

// Links finds people whose photos are the same picture: APP-PHOTO-REUSE (SEAL, FBI25; one
// operator dresses many personas in one stolen or generated face). Every Photo with PHash != 0
// is added to an Index of the given radius (≤ 0: DefaultRadius); photos of two different
// people within the radius link them. People with the same normalize.NameKey (the same person
// applying twice, or with two photos) are not linked, nor are nil people or photos of one
// person (same ID).
//
// For each linked pair (one pair may share several photos; the closest pair of photos counts)
// it returns one bonafide.Link {A < B, Kind "photo", Value "pHash distance d of 64", Weight
// LinkWeight(d, radius), Signal APP-PHOTO-REUSE} and one finding on each of the two people:
// Weight 45, Severity high, Sources SEAL and FBI25, Related the other person, Key "photo:<other
// ID>", and evidence naming both photo sources and the distance. Links are sorted by A and B,
// findings by PersonID and Key; the result does not depend on the order of people.
//
// A picture shared by many people produces a link and two findings per pair (n people: n(n−1)/2
// links); a stock or default avatar reused by hundreds of unrelated applicants would too, so
// blank images are rejected at hashing (ErrBlank) and callers should leave known placeholder
// images out. Links is NewLinker(radius).Add(people); use a Linker to add people in batches.
func Links(people []*bonafide.Person, radius int) ([]bonafide.Link, []bonafide.Finding) {
	return NewLinker(radius).Add(people)
}

// Linker links people by photo incrementally: each Add compares the new people's photos with
// each other and with every photo added before, without comparing earlier photos again, so
// adding 1,000 people to 1,000,000 costs 1,000 index queries. Over any split into batches the
// pairs found are those Links finds for all people at once. The people added are kept by
// pointer and must not be changed afterwards. A Linker is not safe for concurrent use.
type Linker struct {
	ix   *Index
	refs []photoRef // entry number in ix → person and photo
}

// photoRef is one indexed photo: people[i].Photos[photo].
type photoRef struct {
	p     *bonafide.Person
	photo int
	key   string // normalize.NameKey(p.Name), computed when first needed
	keyed bool
}

// NewLinker returns an empty Linker matching within radius bits (≤ 0: DefaultRadius).
func NewLinker(radius int) *Linker { return &Linker{ix: NewIndex(radius)} }

// Radius returns the Linker's radius in bits.
func (l *Linker) Radius() int { return l.ix.Radius() }

// Add adds people and returns the links and findings (as Links describes) of every pair that
// has at least one of them: among the new people, and between a new and an earlier person.
// Findings come for both people of a pair, so earlier people can receive new findings.
func (l *Linker) Add(people []*bonafide.Person) ([]bonafide.Link, []bonafide.Finding) {
	radius := l.ix.Radius()
	sorted := make([]*bonafide.Person, 0, len(people))
	for _, p := range people {
		if p != nil {
			sorted = append(sorted, p)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *bonafide.Person) int { return cmp.Compare(a.ID, b.ID) })

	first := len(l.refs)
	for _, p := range sorted {
		for j, ph := range p.Photos {
			if ph.PHash != 0 {
				l.refs = append(l.refs, photoRef{p: p, photo: j})
				l.ix.insert("", ph.PHash)
			}
		}
	}
	// Every new photo is compared with the photos added before it, on all CPUs.
	added := l.refs[first:]
	near := make([][]int32, len(added))
	parallel(len(added), func(n int) {
		r := &added[n]
		near[n] = l.ix.within(r.p.Photos[r.photo].PHash, int32(first+n))
	})

	type pair struct{ a, b *bonafide.Person } // a.ID < b.ID
	type best struct{ pa, pb, dist int }      // photo indexes of a and b, distance
	closest := make(map[pair]best)
	for n := range added {
		r := &added[n]
		h := r.p.Photos[r.photo].PHash
		for _, e := range near[n] {
			o := &l.refs[e]
			if o.p == r.p || o.p.ID == r.p.ID {
				continue
			}
			if k := l.nameKey(int32(first + n)); k != "" && k == l.nameKey(e) {
				continue
			}
			d := Distance(h, o.p.Photos[o.photo].PHash)
			k, c := pair{o.p, r.p}, best{o.photo, r.photo, d}
			if o.p.ID > r.p.ID {
				k, c = pair{r.p, o.p}, best{r.photo, o.photo, d}
			}
			if cur, ok := closest[k]; !ok || d < cur.dist {
				closest[k] = c
			}
		}
	}

	pairs := make([]pair, 0, len(closest))
	for k := range closest {
		pairs = append(pairs, k)
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(x.a.ID, y.a.ID), cmp.Compare(x.b.ID, y.b.ID))
	})
	links := make([]bonafide.Link, 0, len(pairs))
	findings := make([]bonafide.Finding, 0, 2*len(pairs))
	for _, k := range pairs {
		c := closest[k]
		links = append(links, bonafide.Link{
			A: k.a.ID, B: k.b.ID, Kind: "photo",
			Value:  fmt.Sprintf("pHash distance %d of 64", c.dist),
			Weight: LinkWeight(c.dist, radius), Signal: Signal,
		})
		findings = append(findings,
			finding(k.a, c.pa, k.b, c.pb, c.dist, radius),
			finding(k.b, c.pb, k.a, c.pa, c.dist, radius))
	}
	slices.SortFunc(findings, func(x, y bonafide.Finding) int {
		return cmp.Or(cmp.Compare(x.PersonID, y.PersonID), cmp.Compare(x.Key, y.Key))
	})
	return links, findings
}

// nameKey returns the name key of entry e's person, computing it once.
func (l *Linker) nameKey(e int32) string {
	r := &l.refs[e]
	if !r.keyed {
		r.key, r.keyed = normalize.NameKey(r.p.Name), true
	}
	return r.key
}

// finding is the APP-PHOTO-REUSE finding on p (photo i) for the same picture as other's photo j.
func finding(p *bonafide.Person, i int, other *bonafide.Person, j, dist, radius int) bonafide.Finding {
	mine, theirs := p.Photos[i], other.Photos[j]
	whose := other.Name + "'s (" + other.ID + ")"
	sev, weight, what := bonafide.SeverityHigh, float64(FindingWeight), "the same picture as"
	if dist > CertainDistance {
		sev, weight, what = bonafide.SeverityMedium, NearFindingWeight, "a very similar picture to"
	}
	return bonafide.Finding{
		PersonID: p.ID,
		SignalID: Signal,
		Severity: sev,
		Weight:   weight,
		Summary: fmt.Sprintf("%s is %s %s (pHash distance %d of 64)",
			capitalise(kindLabel(mine.Kind)), what, whose, dist),
		Evidence: []bonafide.Evidence{
			{Field: fmt.Sprintf("photos[%d]", i), Value: mine.Source, Note: "This person's " + kindLabel(mine.Kind) + "."},
			{Field: "related.photos", Value: theirs.Source, Note: whose + " " + kindLabel(theirs.Kind) + "."},
			{Field: "phash_distance", Value: strconv.Itoa(dist), Note: fmt.Sprintf(
				"The perceptual hashes differ in %d of 64 bits; up to %d counts as the same picture (re-encoded, resized or slightly cropped copies differ in a few bits, different photos in about 30).",
				dist, radius)},
		},
		Sources: slices.Clone(Sources),
		Related: []string{other.ID},
		Key:     "photo:" + other.ID,
	}
}

// kindLabel names a photo by its kind: "profile photo", "ID photo", "interview photo", "photo".
func kindLabel(kind string) string {
	switch kind {
	case "":
		return "photo"
	case "id":
		return "ID photo"
	}
	return kind + " photo"
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// parallel calls f(0) … f(n−1) on all CPUs, in chunks.
func parallel(n int, f func(int)) {
	const chunk = 1024
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(i)
				}
			}
		})
	}
	wg.Wait()
}
