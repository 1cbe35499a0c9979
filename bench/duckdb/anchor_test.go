package duckdb

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/internal/procstat"

	"github.com/bonafide-oss/bonafide/internal/link"
)

// TestAnchorComponents checks the anchor's SQL on 20,000 generated people, for both edge sets:
// DuckDB's components are exactly the connected components of the same edges computed in Go.
// For the strong set, each component also lies inside one bonafide cluster (bonafide joins on
// more evidence than strong exact identifiers, never on less).
func TestAnchorComponents(t *testing.T) {
	pop := link.Generate(link.GenerateOptions{N: 20_000, Seed: 7})
	r := link.NewResolver(link.Options{})
	r.Add(pop.People)
	for _, set := range []EdgeSet{AllExact, StrongExact} {
		t.Run(set.String(), func(t *testing.T) {
			res, err := ConnectedComponents(context.Background(), pop.People, set, 2, true)
			if err != nil {
				t.Fatal(err)
			}
			want := goComponents(pop, set)
			if len(res.Labels) != len(want) {
				t.Fatalf("DuckDB labelled %d people, Go finds %d in edges", len(res.Labels), len(want))
			}
			for n, l := range res.Labels {
				if l != want[n] {
					t.Fatalf("person %d: DuckDB label %d, want %d", n, l, want[n])
				}
			}
			if res.Components < 50 {
				t.Errorf("only %d components: the generator plants more networks than that", res.Components)
			}
			if set == StrongExact {
				for n, l := range res.Labels {
					cn, _ := r.ClusterOf(pop.People[n].ID)
					cl, _ := r.ClusterOf(pop.People[l].ID)
					if cn.ID != cl.ID {
						t.Fatalf("%s and %s are one DuckDB component but bonafide clusters %s and %s",
							pop.People[n].ID, pop.People[l].ID, cn.ID, cl.ID)
					}
				}
			}
			t.Logf("%s: %d rows, %d edges, %d components, %d rounds", set, res.Rows, res.Edges, res.Components, res.Iterations)
		})
	}
}

// goComponents is the reference: union-find over people sharing a value held by
// 2..MaxBlock people; every person in an edge maps to the smallest index of its component.
func goComponents(pop link.Population, set EdgeSet) map[int32]int32 {
	holders := map[string][]int32{}
	for i, p := range pop.People {
		ExactKeys(p, set, func(k uint8, v string) {
			key := strconv.Itoa(int(k)) + "|" + v
			holders[key] = append(holders[key], int32(i))
		})
	}
	parent := make([]int32, len(pop.People))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	inEdge := map[int32]bool{}
	for _, hs := range holders {
		if len(hs) < 2 || len(hs) > MaxBlock {
			continue
		}
		for _, h := range hs {
			inEdge[h] = true
			a, b := find(hs[0]), find(h)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	out := map[int32]int32{}
	for n := range inEdge {
		out[n] = find(n) // the root is the smallest index: unions keep the smaller root
	}
	return out
}

// BenchmarkAnchor1M resolves the 1,000,000 generated applicants with bonafide
// (link.Resolver: Add, then Clusters(2)) and computes DuckDB's connected components over their
// exact-identifier edges, for both edge sets, in the same run on the same people (the first
// 1,000,000 of link.Generate{N: 1,001,000, Seed: 1}, as internal/link's BenchmarkResolve1M).
// DuckDB's time is loading the rows through its appender plus the SQL; the speed-up is
// DuckDB's total over bonafide's.
func BenchmarkAnchor1M(b *testing.B) {
	pop := link.Generate(link.GenerateOptions{N: 1_001_000, Seed: 1})
	people := pop.People[:1_000_000]
	threads := runtime.GOMAXPROCS(0)
	var bon time.Duration
	var load, sql [2]time.Duration
	var res [2]Result
	clusters := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		t := time.Now()
		r := link.NewResolver(link.Options{})
		r.Add(people)
		clusters = len(r.Clusters(2))
		bon += time.Since(t)
		r = nil
		for _, set := range []EdgeSet{AllExact, StrongExact} {
			runtime.GC()
			var err error
			res[set], err = ConnectedComponents(context.Background(), people, set, threads, false)
			if err != nil {
				b.Fatal(err)
			}
			load[set] += res[set].Load
			sql[set] += res[set].Edge + res[set].CC
		}
	}
	b.StopTimer()
	n := float64(b.N)
	bs := bon.Seconds() / n
	b.ReportMetric(bs, "bonafide-s")
	b.ReportMetric(float64(clusters), "bonafide-clusters")
	for _, set := range []EdgeSet{AllExact, StrongExact} {
		total := (load[set] + sql[set]).Seconds() / n
		b.ReportMetric(load[set].Seconds()/n, "duckdb-"+set.String()+"-load-s")
		b.ReportMetric(sql[set].Seconds()/n, "duckdb-"+set.String()+"-sql-s")
		b.ReportMetric(total/bs, "speedup-"+set.String()+"-x")
		r := res[set]
		b.Logf("DuckDB %s: %d rows, %d edges, %d components, %d label rounds; load %.2fs, edges %.2fs, components %.2fs",
			set, r.Rows, r.Edges, r.Components, r.Iterations, r.Load.Seconds(), r.Edge.Seconds(), r.CC.Seconds())
	}
	b.ReportMetric(procstat.PeakRSSMiB(), "peak-RSS-MiB")
	b.Logf("bonafide: %.2fs, %d clusters of ≥ 2", bs, clusters)
}
