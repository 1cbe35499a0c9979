package photo

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// bruteMatches is what Add must return: every earlier entry within radius, in insertion order.
func bruteMatches(ids []string, hs []uint64, id string, h uint64, radius int) []Match {
	var out []Match
	for i, e := range hs {
		if d := Distance(e, h); d <= radius {
			out = append(out, Match{A: ids[i], B: id, Distance: d})
		}
	}
	return out
}

// flip returns h with n distinct random bits flipped.
func flip(rng *rand.Rand, h uint64, n int) uint64 {
	for _, b := range rng.Perm(64)[:n] {
		h ^= 1 << b
	}
	return h
}

// TestIndexExact: the index returns exactly what a linear scan returns, for radii on both
// sides of the table/scan switch and sizes on both sides of mihMinEntries, with many near
// neighbours planted.
func TestIndexExact(t *testing.T) {
	for _, radius := range []int{1, 3, 4, 7, 8, 12, 16, 19, 20, 40, 64} {
		t.Run(strconv.Itoa(radius), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(radius), 1))
			ix := NewIndex(radius)
			var ids []string
			var hs []uint64
			var base []uint64
			total := 0
			for i := range 2000 {
				var h uint64
				if len(base) > 0 && rng.IntN(2) == 0 {
					h = flip(rng, base[rng.IntN(len(base))], rng.IntN(radius+3)%65)
				} else {
					h = rng.Uint64()
					base = append(base, h)
				}
				id := "p" + strconv.Itoa(i)
				got := ix.Add(id, h)
				want := bruteMatches(ids, hs, id, h, radius)
				if !slices.Equal(got, want) {
					t.Fatalf("entry %d: Add = %v, want %v", i, got, want)
				}
				total += len(got)
				ids = append(ids, id)
				hs = append(hs, h)
			}
			if total == 0 {
				t.Fatal("no matches planted")
			}
			if ix.Len() != 2000 || ix.Radius() != radius {
				t.Fatalf("Len %d, Radius %d", ix.Len(), ix.Radius())
			}
		})
	}
}

func TestIndexCases(t *testing.T) {
	ix := NewIndex(8)
	steps := []struct {
		id   string
		h    uint64
		want []Match
	}{
		{"a", 0xF0F0_F0F0_F0F0_F0F0, nil},
		{"b", 0xF0F0_F0F0_F0F0_F0F0, []Match{{"a", "b", 0}}},
		{"c", 0xF0F0_F0F0_F0F0_F0FF, []Match{{"a", "c", 4}, {"b", "c", 4}}}, // 4 bits in one block
		{"d", 0xFFF0_F0FF_F0F0_F0F0, []Match{{"a", "d", 8}, {"b", "d", 8}}}, // 4+4 in two blocks; c is 12 away
		{"e", 0x0F0F_0F0F_0F0F_0F0F, nil},                                   // the complement: 64 bits
		{"a", 0x0F0F_0F0F_0F0F_0F0E, []Match{{"e", "a", 1}}},                // IDs may repeat
	}
	for _, s := range steps {
		if got := ix.Add(s.id, s.h); !slices.Equal(got, s.want) {
			t.Errorf("Add(%s, %#x) = %v, want %v", s.id, s.h, got, s.want)
		}
	}
}

func TestNewIndexRadius(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{-1, DefaultRadius}, {0, DefaultRadius}, {1, 1}, {8, 8}, {64, 64}, {100, 64}} {
		if got := NewIndex(tt.in).Radius(); got != tt.want {
			t.Errorf("NewIndex(%d).Radius() = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// BenchmarkIndexAdd1M: Add (query then insert) into an index of 1,000,000 random hashes at
// the default radius, with one near duplicate in 100 queries.
func BenchmarkIndexAdd1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := NewIndex(DefaultRadius)
	const n = 1_000_000
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = rng.Uint64()
		ix.Add("x", hs[i])
	}
	matches := 0
	b.ResetTimer()
	for i := range b.N {
		h := rng.Uint64()
		if i%100 == 0 {
			h = flip(rng, hs[rng.IntN(n)], 3)
		}
		matches += len(ix.Add("q", h))
	}
	b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
}

// BenchmarkIndexBuild1M: adding 1,000,000 random hashes to an empty index, per hash.
func BenchmarkIndexBuild1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	hs := make([]uint64, 1_000_000)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	b.ResetTimer()
	for range b.N {
		ix := NewIndex(DefaultRadius)
		for _, h := range hs {
			ix.Add("x", h)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(hs)), "ns/hash")
}

func TestPlan(t *testing.T) {
	for _, tt := range []struct {
		radius, blocks int
		scan           bool
	}{{1, 4, false}, {3, 4, false}, {8, 5, false}, {12, 5, false}, {24, 5, false}, {25, 0, true}, {64, 0, true}} {
		m, ok := plan(tt.radius)
		if ok == tt.scan || (tt.blocks != 0 && m != tt.blocks) {
			t.Errorf("plan(%d) = %d, %v; want %d blocks, scan %v", tt.radius, m, ok, tt.blocks, tt.scan)
		}
		t.Logf("radius %d: %d blocks (scan %v)", tt.radius, m, !ok)
	}
}
