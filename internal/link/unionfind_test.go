package link

import (
	"slices"
	"testing"
)

func TestUnionFind(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		unions [][2]int32
		joined []bool    // union's result per step
		sets   [][]int32 // members of each element's set, by element
	}{
		{"singletons", 3, nil, nil, [][]int32{{0}, {1}, {2}}},
		{"chain", 4, [][2]int32{{0, 1}, {1, 2}, {2, 3}}, []bool{true, true, true},
			[][]int32{{0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}}},
		{"repeat union is a no-op", 3, [][2]int32{{0, 1}, {1, 0}, {0, 0}}, []bool{true, false, false},
			[][]int32{{0, 1}, {0, 1}, {2}}},
		{"two groups then merged", 6, [][2]int32{{0, 1}, {2, 3}, {3, 4}, {1, 4}}, []bool{true, true, true, true},
			[][]int32{{0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u unionFind
			u.grow(tt.n)
			for i, p := range tt.unions {
				if got := u.union(p[0], p[1]); got != tt.joined[i] {
					t.Errorf("union(%d, %d) = %v, want %v", p[0], p[1], got, tt.joined[i])
				}
			}
			for x, want := range tt.sets {
				got := u.members(u.find(int32(x)), nil)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("members of %d = %v, want %v", x, got, want)
				}
				if int(u.size[u.find(int32(x))]) != len(want) {
					t.Errorf("size of %d's set = %d, want %d", x, u.size[u.find(int32(x))], len(want))
				}
			}
			u.reset()
			for x := 0; x < tt.n; x++ {
				if u.find(int32(x)) != int32(x) || len(u.members(int32(x), nil)) != 1 {
					t.Fatalf("after reset %d is not a singleton", x)
				}
			}
		})
	}
}

func TestKeyTable(t *testing.T) {
	var tab keyTable
	tab.init(4)
	var hashes []uint64
	// Keys share their top 32 bits in pairs, so tags collide and the full hash decides.
	for i := 0; i < 5000; i++ {
		h := uint64(i/2)<<32 | uint64(i)*0x9e3779b9 | 1
		s, added := tab.insert(h, int32(len(hashes)), hashes)
		if !added || s != int32(i) {
			t.Fatalf("insert %d: slot %d added %v", i, s, added)
		}
		hashes = append(hashes, h)
	}
	for i, h := range hashes {
		if s := tab.lookup(h, hashes); s != int32(i) {
			t.Fatalf("lookup %d = %d", i, s)
		}
		if s, added := tab.insert(h, 99999, hashes); added || s != int32(i) {
			t.Fatalf("re-insert %d = %d, %v", i, s, added)
		}
	}
	if s := tab.lookup(12345, hashes); s != -1 {
		t.Errorf("lookup of an absent hash = %d, want -1", s)
	}
	if 10*tab.n > 7*len(tab.cells) {
		t.Errorf("load %d/%d above 0.7", tab.n, len(tab.cells))
	}
	var empty keyTable
	if empty.lookup(1, nil) != -1 {
		t.Error("lookup in an empty table")
	}
}
