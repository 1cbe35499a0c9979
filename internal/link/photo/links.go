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
	// FindingWeight is the score points of one APP-PHOTO-REUSE finding.
	FindingWeight = 45
	// LinkWeightMax is a photo link's weight at distance 0 (the same picture); it falls
	// linearly to LinkWeightMin at the radius. A shared payout account or device weighs more:
	// a photo can be lifted from the web by unrelated fraudsters, and pHash matches are not
	// certain at the edge of the radius.
	LinkWeightMax = 0.9
	LinkWeightMin = 0.7
)

// Sources of APP-PHOTO-REUSE (SIGNALS.md).
var Sources = []string{"SEAL", "FBI25"}

// LinkWeight is the weight of a photo link at Hamming distance d for an index radius: 0.9 at
// 0 falling linearly to 0.7 at the radius, rounded to 3 decimals.
func LinkWeight(d, radius int) float64 {
	if radius <= 0 {
		radius = DefaultRadius
	}
	w := LinkWeightMax - (LinkWeightMax-LinkWeightMin)*float64(min(d, radius))/float64(radius)
	return math.Round(w*1000) / 1000
}

// Links finds people whose photos are the same picture: APP-PHOTO-REUSE (SEAL, FBI25; one
// operator dresses many personas in one stolen or generated face). Every Photo with PHash != 0
// is added to an Index of the given radius (≤ 0: DefaultRadius); photos of two different
// people within the radius link them. People with the same normalize.NameKey (the same person
// applying twice, or with two photos) are not linked, nor are nil people or photos of one person.
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
// blank images are rejected at hashing (ErrBlank) and callers should ignore known placeholder
// images before linking.
func Links(people []*bonafide.Person, radius int) ([]bonafide.Link, []bonafide.Finding) {
	ix := NewIndex(radius)
	radius = ix.Radius()

	sorted := make([]*bonafide.Person, 0, len(people))
	for _, p := range people {
		if p != nil {
			sorted = append(sorted, p)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *bonafide.Person) int { return cmp.Compare(a.ID, b.ID) })

	type ref struct{ person, photo int } // indexes into sorted and its Photos
	var refs []ref
	for i, p := range sorted {
		for j, ph := range p.Photos {
			if ph.PHash != 0 {
				refs = append(refs, ref{i, j})
				ix.insert("", ph.PHash)
			}
		}
	}
	// Every photo is compared with the photos added before it, on all CPUs.
	near := make([][]int32, len(refs))
	parallel(len(refs), func(n int) {
		r := refs[n]
		near[n] = ix.within(sorted[r.person].Photos[r.photo].PHash, int32(n))
	})

	keys := make([]string, len(sorted))
	for i, p := range sorted {
		keys[i] = normalize.NameKey(p.Name)
	}
	type pair struct{ a, b int }         // person indexes, a < b
	type best struct{ pa, pb, dist int } // photo indexes of a and b, distance
	closest := make(map[pair]best)
	for n, r := range refs {
		i, h := r.person, sorted[r.person].Photos[r.photo].PHash
		for _, e := range near[n] {
			other := refs[e]
			if other.person == i || (keys[i] != "" && keys[other.person] == keys[i]) || sorted[other.person].ID == sorted[i].ID {
				continue
			}
			d := Distance(h, sorted[other.person].Photos[other.photo].PHash)
			k := pair{other.person, i} // other was added earlier: other.person <= i
			if cur, ok := closest[k]; !ok || d < cur.dist {
				closest[k] = best{other.photo, r.photo, d}
			}
		}
	}

	pairs := make([]pair, 0, len(closest))
	for k := range closest {
		pairs = append(pairs, k)
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(sorted[x.a].ID, sorted[y.a].ID), cmp.Compare(sorted[x.b].ID, sorted[y.b].ID))
	})
	links := make([]bonafide.Link, 0, len(pairs))
	findings := make([]bonafide.Finding, 0, 2*len(pairs))
	for _, k := range pairs {
		c := closest[k]
		a, b := sorted[k.a], sorted[k.b]
		links = append(links, bonafide.Link{
			A: a.ID, B: b.ID, Kind: "photo",
			Value:  fmt.Sprintf("pHash distance %d of 64", c.dist),
			Weight: LinkWeight(c.dist, radius), Signal: Signal,
		})
		findings = append(findings,
			finding(a, c.pa, b, c.pb, c.dist, radius),
			finding(b, c.pb, a, c.pa, c.dist, radius))
	}
	slices.SortFunc(findings, func(x, y bonafide.Finding) int {
		return cmp.Or(cmp.Compare(x.PersonID, y.PersonID), cmp.Compare(x.Key, y.Key))
	})
	return links, findings
}

// finding is the APP-PHOTO-REUSE finding on p (photo i) for the same picture as other's photo j.
func finding(p *bonafide.Person, i int, other *bonafide.Person, j, dist, radius int) bonafide.Finding {
	mine, theirs := p.Photos[i], other.Photos[j]
	whose := other.Name + "'s (" + other.ID + ")"
	return bonafide.Finding{
		PersonID: p.ID,
		SignalID: Signal,
		Severity: bonafide.SeverityHigh,
		Weight:   FindingWeight,
		Summary: fmt.Sprintf("%s is the same picture as %s (pHash distance %d of 64)",
			capitalise(kindLabel(mine.Kind)), whose, dist),
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
