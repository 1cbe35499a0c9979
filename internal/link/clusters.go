package link

import (
	"cmp"
	"math"
	"runtime"
	"slices"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Clusters returns the connected groups of people with at least minSize members (minSize ≤ 1
// includes everyone), sorted largest first, then by ID.
func (r *Resolver) Clusters(minSize int) []bonafide.Cluster {
	var roots []int32
	for i := range r.ids {
		if x := int32(i); r.uf.parent[x] == x && int(r.uf.size[x]) >= minSize {
			roots = append(roots, x)
		}
	}
	out := make([]bonafide.Cluster, len(roots))
	parallel(len(roots), runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		var buf []int32
		for i := lo; i < hi; i++ {
			buf = r.uf.members(roots[i], buf[:0])
			out[i] = r.cluster(roots[i], buf)
		}
	})
	slices.SortFunc(out, func(a, b bonafide.Cluster) int {
		if c := cmp.Compare(len(b.Members), len(a.Members)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// ClusterOf returns the cluster of the person with this ID (a one-member cluster for a person
// linked to nobody), and false for an unknown ID.
func (r *Resolver) ClusterOf(id string) (bonafide.Cluster, bool) {
	i := r.lookup(id, hashString(id))
	if i < 0 {
		return bonafide.Cluster{}, false
	}
	root := r.uf.find(i)
	return r.cluster(root, r.uf.members(root, nil)), true
}

// ClusterID is the stable ID of a cluster: "N-" and its smallest member ID.
func ClusterID(members []string) string {
	if len(members) == 0 {
		return ""
	}
	return "N-" + slices.Min(members)
}

// cluster builds the Cluster of root's set (members are its person indexes). It only reads
// the resolver (find is called on roots and on members whose parent is final), so clusters
// can be built in parallel.
func (r *Resolver) cluster(root int32, members []int32) bonafide.Cluster {
	c := bonafide.Cluster{Members: make([]string, len(members))}
	for i, m := range members {
		c.Members[i] = r.ids[m]
	}
	slices.Sort(c.Members)
	c.ID = "N-" + c.Members[0]
	if len(members) < 2 {
		return c
	}
	local := make(map[int32]int32, len(members))
	for i, m := range members {
		local[m] = int32(i)
	}
	type edge struct {
		pr     *pairRec
		lo, hi string
		links  []bonafide.Link
	}
	var edges []edge
	for _, m := range members {
		for pi := r.phead[m]; pi >= 0; pi = r.pairs[pi].nextOf(m) {
			pr := &r.pairs[pi]
			if pr.dead || pr.lo != m {
				continue
			}
			if _, in := local[pr.hi]; !in {
				continue
			}
			lo, hi := r.ids[pr.lo], r.ids[pr.hi]
			if lo > hi {
				lo, hi = hi, lo
			}
			ls := r.pairLinks(pr)
			edges = append(edges, edge{pr, lo, hi, ls})
			c.Links = append(c.Links, ls...)
		}
	}
	sortLinks(c.Links)
	// Maximum spanning tree (Kruskal) over the pairs that join, strongest first.
	slices.SortFunc(edges, func(a, b edge) int {
		if c := cmp.Compare(b.pr.w, a.pr.w); c != 0 {
			return c
		}
		if c := cmp.Compare(a.lo, b.lo); c != 0 {
			return c
		}
		return cmp.Compare(a.hi, b.hi)
	})
	var t unionFind
	t.grow(len(members))
	c.Confidence = 1
	for _, e := range edges {
		if e.pr.w+eps < r.opt.Threshold {
			break
		}
		if t.union(local[e.pr.lo], local[e.pr.hi]) {
			c.Path = append(c.Path, e.links...)
			c.Confidence = min(c.Confidence, round4(e.pr.w))
		}
	}
	return c
}

// round4 rounds a confidence to four decimals, hiding floating-point noise (0.9650000000000001).
func round4(w float64) float64 { return math.Round(w*1e4) / 1e4 }
