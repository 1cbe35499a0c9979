package htmlreport

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func star(n int) [][2]int {
	var e [][2]int
	for i := 1; i < n; i++ {
		e = append(e, [2]int{0, i})
	}
	return e
}

func clique(n int) [][2]int {
	var e [][2]int
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			e = append(e, [2]int{i, j})
		}
	}
	return e
}

func chain(n int) [][2]int {
	var e [][2]int
	for i := 1; i < n; i++ {
		e = append(e, [2]int{i - 1, i})
	}
	return e
}

func tree(n int, seed uint64) [][2]int {
	rng := rand.New(rand.NewPCG(seed, 1))
	var e [][2]int
	for i := 1; i < n; i++ {
		e = append(e, [2]int{rng.IntN(i), i})
	}
	return e
}

func TestLayoutGraph(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges [][2]int
	}{
		{"pair", 2, chain(2)},
		{"triangle", 3, clique(3)},
		{"star 12", 12, star(12)},
		{"clique 8", 8, clique(8)},
		{"chain 6", 6, chain(6)},
		{"tree 25", 25, tree(25, 3)},
		{"tree 120", 120, tree(120, 4)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fp := make([]size, tc.n)
			length := make([]float64, len(tc.edges))
			for i := range fp {
				fp[i] = size{W: 60 + float64(i%4)*25, H: 55}
			}
			for k := range length {
				length[k] = 1
			}
			p := layoutGraph(tc.n, tc.edges, length, fp, 120, 14, 42)
			// No two footprints overlap.
			for i := range p {
				for j := i + 1; j < len(p); j++ {
					ox := (fp[i].W+fp[j].W)/2 - math.Abs(p[i].X-p[j].X)
					oy := (fp[i].H+fp[j].H)/2 - math.Abs(p[i].Y-p[j].Y)
					if ox > 0.5 && oy > 0.5 {
						t.Errorf("nodes %d and %d overlap by %.1f×%.1f", i, j, ox, oy)
					}
				}
			}
			// Everything starts at the margin, and the drawing is at least as wide as tall
			// (principal axis horizontal) once there are three nodes or more.
			minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for i, q := range p {
				minX, minY = math.Min(minX, q.X-fp[i].W/2), math.Min(minY, q.Y-fp[i].H/2)
				maxX, maxY = math.Max(maxX, q.X+fp[i].W/2), math.Max(maxY, q.Y+fp[i].H/2)
			}
			if math.Abs(minX-14) > 1e-6 || math.Abs(minY-14) > 1e-6 {
				t.Errorf("drawing starts at (%.2f, %.2f), want (14, 14)", minX, minY)
			}
			if tc.n >= 3 && maxX-minX < (maxY-minY)*0.9 {
				t.Errorf("drawing is %.0f wide, %.0f tall: want landscape", maxX-minX, maxY-minY)
			}
			// Adjacent nodes are drawn no further apart than four ideal lengths (stress
			// keeps neighbours close even after overlaps are removed).
			for _, e := range tc.edges {
				if d := math.Hypot(p[e[0]].X-p[e[1]].X, p[e[0]].Y-p[e[1]].Y); d > 4*120 {
					t.Errorf("edge %v drawn %.0f long", e, d)
				}
			}
			// Deterministic.
			if q := layoutGraph(tc.n, tc.edges, length, fp, 120, 14, 42); !reflect.DeepEqual(p, q) {
				t.Error("same input gave a different layout")
			}
		})
	}
}

func TestLayoutSingle(t *testing.T) {
	p := layoutGraph(1, nil, nil, []size{{W: 80, H: 50}}, 120, 10, 1)
	if want := (point{50, 35}); p[0] != want {
		t.Errorf("single node at %v, want %v", p[0], want)
	}
}

func TestShortestPaths(t *testing.T) {
	// 0 —1— 1 —2— 2, and 0 —5— 2: the path through 1 is shorter.
	d := shortestPaths(4, [][2]int{{0, 1}, {1, 2}, {0, 2}}, []float64{1, 2, 5})
	want := [][]float64{{0, 1, 3, 4}, {1, 0, 2, 4}, {3, 2, 0, 4}, {4, 4, 4, 0}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("shortestPaths = %v, want %v", d, want)
	}
}

func TestSegmentHitsRect(t *testing.T) {
	r := rect{10, 10, 20, 20}
	tests := []struct {
		a, b point
		want bool
	}{
		{point{0, 15}, point{30, 15}, true},  // straight through
		{point{0, 0}, point{30, 30}, true},   // diagonal through
		{point{0, 0}, point{5, 5}, false},    // stops short
		{point{0, 25}, point{30, 25}, false}, // passes below
		{point{12, 12}, point{14, 14}, true}, // inside
		{point{15, 0}, point{15, 9}, false},  // vertical, short
		{point{0, 30}, point{30, 0}, true},   // anti-diagonal through the middle
		{point{0, 9}, point{9, 0}, false},    // cuts the corner's outside
	}
	for _, tc := range tests {
		if got := segmentHitsRect(tc.a, tc.b, r); got != tc.want {
			t.Errorf("segmentHitsRect(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPlaceLabels(t *testing.T) {
	// Node 0 has an edge going straight down: its label goes above. Node 1's edge goes up
	// (the same edge): below is free.
	c := []point{{100, 100}, {100, 300}}
	got := placeLabels(c, []float64{80, 80}, [][2]int{{0, 1}}, 17, 4, 14)
	if want := []bool{true, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("placeLabels = %v, want %v", got, want)
	}
}

func TestPlaceEdgeLabel(t *testing.T) {
	a, b := point{0, 0}, point{200, 0}
	c, _ := placeEdgeLabel(a, b, 40, 12, nil)
	if c != (point{100, 0}) {
		t.Errorf("free edge: label at %v, want the middle", c)
	}
	// A box over 95..125 blocks the middle (80..120), 40% (60..100) and 60% (100..140):
	// the label goes to 32% of the way (44..84).
	c, _ = placeEdgeLabel(a, b, 40, 12, []rect{{95, -5, 125, 5}})
	if c != (point{64, 0}) {
		t.Errorf("blocked middle: label at %v, want (64, 0)", c)
	}
	// Blocked everywhere by a band along the edge, and the middle also by a box over
	// 90..110: the first position clear of that box, 32%, has the least overlap.
	c, _ = placeEdgeLabel(a, b, 40, 12, []rect{{-10, -5, 210, 5}, {90, -6, 110, 6}})
	if c != (point{64, 0}) {
		t.Errorf("blocked everywhere: label at %v, want (64, 0)", c)
	}
}

func TestAnchorPart(t *testing.T) {
	for in, want := range map[string]string{
		"p1": "p1", "a b": "a_20b", "x_1": "x_5f1", "ats:42/7": "ats_3a42_2f7", "é": "_c3_a9", "": "",
	} {
		if got := anchorPart(in); got != want {
			t.Errorf("anchorPart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEdgeKinds(t *testing.T) {
	for in, want := range map[string][]string{
		"phone +4915112345678":                {"phone"},
		"iban DE89…; phone +49…":              {"iban", "phone"},
		"email a; email b; phone c (+2 more)": {"email", "phone"},
		"APP-SHARED-IDENT":                    {"APP-SHARED-IDENT"},
		"":                                    nil,
	} {
		if got := edgeKinds(in); !reflect.DeepEqual(got, want) {
			t.Errorf("edgeKinds(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestLayoutTwoNodesAtTheirLength: a two-person network is drawn with its nodes the asked
// distance apart (room for the edge label), not wherever the random start put them.
func TestLayoutTwoNodesAtTheirLength(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		p := layoutGraph(2, [][2]int{{0, 1}}, []float64{3}, []size{{W: 120, H: 40}, {W: 120, H: 40}}, 120, 10, seed)
		if d := math.Hypot(p[0].X-p[1].X, p[0].Y-p[1].Y); math.Abs(d-360) > 1 {
			t.Errorf("seed %d: nodes %.1f apart, want 360", seed, d)
		}
	}
}
