package htmlreport

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// point is a position in SVG user units (pixels).
type point struct{ X, Y float64 }

// size is a node's footprint (circle plus name label) that other nodes must not overlap.
type size struct{ W, H float64 }

// layoutGraph places n nodes joined by edges (index pairs; edge k wants length[k] ≥ 1 units) in
// the plane with stress majorization (Gansner, Koren and North, "Graph drawing by stress
// majorization", 2004): the Euclidean distance between two nodes approaches their shortest-path
// distance times unit. The
// drawing is then rotated so its longest extent is horizontal, node footprints are pushed apart
// until none overlap, and the result is shifted so every footprint starts at margin or beyond.
//
// The layout is deterministic: the random starting positions come from a PCG generator seeded
// with seed. The graph must be connected; n ≥ 1.
func layoutGraph(n int, edges [][2]int, length []float64, fp []size, unit, margin float64, seed uint64) []point {
	pos := make([]point, n)
	if n == 1 {
		pos[0] = point{margin + fp[0].W/2, margin + fp[0].H/2}
		return pos
	}
	dist := shortestPaths(n, edges, length)

	restarts := 1
	if n <= 40 {
		restarts = 4
	}
	iters := int(math.Max(60, math.Min(400, 2e7/float64(n*n))))
	rng := rand.New(rand.NewPCG(seed, 0x6a09e667f3bcc909))
	best, bestStress := []point(nil), math.Inf(1)
	for r := 0; r < restarts; r++ {
		p := make([]point, n)
		side := math.Sqrt(float64(n))
		for i := range p {
			p[i] = point{rng.Float64() * side, rng.Float64() * side}
		}
		smacof(p, dist, iters)
		if s := stress(p, dist); s < bestStress-1e-9 {
			best, bestStress = p, s
		}
	}
	pos = best
	for i := range pos {
		pos[i].X *= unit
		pos[i].Y *= unit
	}
	rotateLandscape(pos)
	removeOverlaps(pos, fp, 10)

	minX, minY := math.Inf(1), math.Inf(1)
	for i, p := range pos {
		minX = math.Min(minX, p.X-fp[i].W/2)
		minY = math.Min(minY, p.Y-fp[i].H/2)
	}
	for i := range pos {
		pos[i].X += margin - minX
		pos[i].Y += margin - minY
	}
	return pos
}

// seedOf hashes the node keys into a layout seed, so a cluster is drawn the same way every time.
func seedOf(keys []string) uint64 {
	h := fnv.New64a()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// shortestPaths returns path lengths between all pairs, an edge k counting length[k] (≥ 1),
// by Dijkstra's algorithm on a dense array (n is small). Unreachable pairs (not expected:
// clusters are connected) get n.
func shortestPaths(n int, edges [][2]int, length []float64) [][]float64 {
	type arc struct {
		to int
		l  float64
	}
	adj := make([][]arc, n)
	for k, e := range edges {
		adj[e[0]] = append(adj[e[0]], arc{e[1], length[k]})
		adj[e[1]] = append(adj[e[1]], arc{e[0], length[k]})
	}
	dist := make([][]float64, n)
	done := make([]bool, n)
	for s := 0; s < n; s++ {
		d := make([]float64, n)
		for i := range d {
			d[i] = math.Inf(1)
			done[i] = false
		}
		d[s] = 0
		for {
			u := -1
			for i := range d {
				if !done[i] && !math.IsInf(d[i], 1) && (u < 0 || d[i] < d[u]) {
					u = i
				}
			}
			if u < 0 {
				break
			}
			done[u] = true
			for _, a := range adj[u] {
				if nd := d[u] + a.l; nd < d[a.to] {
					d[a.to] = nd
				}
			}
		}
		for i := range d {
			if math.IsInf(d[i], 1) {
				d[i] = float64(n)
			}
		}
		dist[s] = d
	}
	return dist
}

// smacof runs stress majorization in place with weights d⁻², stopping after iters rounds or when
// no node moves more than 1e-4 units. Nodes are updated one after another, each from the
// others' latest positions (Gauss–Seidel): updating all at once from the previous round
// (Jacobi) makes two nodes swing between distances l and 2d−l for ever, so a two-person network
// was drawn at whatever distance the random start gave.
func smacof(p []point, dist [][]float64, iters int) {
	n := len(p)
	for it := 0; it < iters; it++ {
		moved := 0.0
		for i := 0; i < n; i++ {
			var sx, sy, sw float64
			for j := 0; j < n; j++ {
				if i == j {
					continue
				}
				d := dist[i][j]
				w := 1 / (d * d)
				dx, dy := p[i].X-p[j].X, p[i].Y-p[j].Y
				l := math.Hypot(dx, dy)
				if l < 1e-9 {
					// Coincident nodes: separate them along a fixed, index-dependent direction.
					a := float64(i*7+j*13) * 0.618
					dx, dy, l = math.Cos(a), math.Sin(a), 1
				}
				sx += w * (p[j].X + d*dx/l)
				sy += w * (p[j].Y + d*dy/l)
				sw += w
			}
			next := point{sx / sw, sy / sw}
			moved = math.Max(moved, math.Hypot(next.X-p[i].X, next.Y-p[i].Y))
			p[i] = next
		}
		if moved < 1e-4 {
			return
		}
	}
}

// stress is Σ d⁻² (‖pᵢ−pⱼ‖ − d)² over pairs i < j.
func stress(p []point, dist [][]float64) float64 {
	s := 0.0
	for i := range p {
		for j := i + 1; j < len(p); j++ {
			d := dist[i][j]
			l := math.Hypot(p[i].X-p[j].X, p[i].Y-p[j].Y)
			s += (l - d) * (l - d) / (d * d)
		}
	}
	return s
}

// rotateLandscape turns the drawing about its centroid so that its principal axis (largest
// variance) is horizontal, fitting wide pages and screens. The sign is fixed so that the node
// with index 0 is not right of the centroid, keeping the result deterministic.
func rotateLandscape(p []point) {
	var cx, cy float64
	for _, q := range p {
		cx += q.X
		cy += q.Y
	}
	cx /= float64(len(p))
	cy /= float64(len(p))
	var sxx, syy, sxy float64
	for _, q := range p {
		dx, dy := q.X-cx, q.Y-cy
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy) // angle of the principal axis
	c, s := math.Cos(-theta), math.Sin(-theta)
	for i, q := range p {
		dx, dy := q.X-cx, q.Y-cy
		p[i] = point{dx*c - dy*s, dx*s + dy*c}
	}
	if p[0].X > 1e-9 {
		for i := range p {
			p[i].X = -p[i].X
		}
	}
}

// removeOverlaps pushes apart nodes whose footprints (plus gap) overlap, along the axis of least
// penetration, until none overlap or 300 passes are done.
func removeOverlaps(p []point, fp []size, gap float64) {
	n := len(p)
	for pass := 0; pass < 300; pass++ {
		moved := false
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := p[j].X-p[i].X, p[j].Y-p[i].Y
				ox := (fp[i].W+fp[j].W)/2 + gap - math.Abs(dx)
				oy := (fp[i].H+fp[j].H)/2 + gap - math.Abs(dy)
				if ox <= 0 || oy <= 0 {
					continue
				}
				moved = true
				if ox < oy {
					sx := 1.0
					if dx < 0 || (dx == 0 && (i+j)%2 == 1) {
						sx = -1
					}
					p[i].X -= sx * ox / 2
					p[j].X += sx * ox / 2
				} else {
					sy := 1.0
					if dy < 0 || (dy == 0 && (i+j)%2 == 1) {
						sy = -1
					}
					p[i].Y -= sy * oy / 2
					p[j].Y += sy * oy / 2
				}
			}
		}
		if !moved {
			return
		}
	}
}

// rect is an axis-aligned rectangle.
type rect struct{ X0, Y0, X1, Y1 float64 }

// segmentHitsRect reports whether the segment a–b crosses r (Liang–Barsky clipping).
func segmentHitsRect(a, b point, r rect) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [4][2]float64{
		{-dx, a.X - r.X0}, {dx, r.X1 - a.X}, {-dy, a.Y - r.Y0}, {dy, r.Y1 - a.Y},
	} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

func rectsOverlap(a, b rect) bool {
	return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1
}

// placeLabels chooses, for each node at c[i] with a label of width w[i], whether its label goes
// below (false) or above (true) the circle of radius r: the side whose label box is crossed by
// fewer edges and overlaps fewer circles and already placed labels. Ties go below. lh is the
// label box height and gap the distance from the circle to the near edge of the box.
func placeLabels(c []point, w []float64, edges [][2]int, r, gap, lh float64) []bool {
	box := func(i int, above bool) rect {
		if above {
			return rect{c[i].X - w[i]/2, c[i].Y - r - gap - lh, c[i].X + w[i]/2, c[i].Y - r - gap}
		}
		return rect{c[i].X - w[i]/2, c[i].Y + r + gap, c[i].X + w[i]/2, c[i].Y + r + gap + lh}
	}
	above := make([]bool, len(c))
	placed := make([]rect, 0, len(c))
	for i := range c {
		best, bestCost := false, math.MaxInt
		for _, up := range []bool{false, true} {
			b := box(i, up)
			cost := 0
			for _, e := range edges {
				if segmentHitsRect(c[e[0]], c[e[1]], b) {
					cost += 2
				}
			}
			for j := range c {
				if j != i && rectsOverlap(b, rect{c[j].X - r, c[j].Y - r, c[j].X + r, c[j].Y + r}) {
					cost += 3
				}
			}
			for _, p := range placed {
				if rectsOverlap(b, p) {
					cost += 3
				}
			}
			if cost < bestCost {
				best, bestCost = up, cost
			}
		}
		above[i] = best
		placed = append(placed, box(i, best))
	}
	return above
}

// placeEdgeLabel chooses where along the segment a–b to centre a label of width w and height h:
// the position, from the middle outwards, whose box overlaps the boxes in avoid least (the
// first free one wins). It returns the centre and the box.
func placeEdgeLabel(a, b point, w, h float64, avoid []rect) (point, rect) {
	var bestC point
	var bestR rect
	bestCost := math.Inf(1)
	for _, t := range []float64{0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75} {
		c := point{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}
		r := rect{c.X - w/2, c.Y - h/2, c.X + w/2, c.Y + h/2}
		cost := 0.0
		for _, o := range avoid {
			if rectsOverlap(r, o) {
				cost += (math.Min(r.X1, o.X1) - math.Max(r.X0, o.X0)) * (math.Min(r.Y1, o.Y1) - math.Max(r.Y0, o.Y0))
			}
		}
		if cost < bestCost {
			bestC, bestR, bestCost = c, r, cost
		}
		if cost == 0 {
			break
		}
	}
	return bestC, bestR
}
