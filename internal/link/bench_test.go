package link

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/internal/procstat"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Issue 3's figures (bench/README.md): 1,000,000 generated applicants with about 6
// identifiers each (3 % personas of planted networks, duplicate applications, households,
// office and coworking hubs, common names) resolved into clusters; then 1,000 more added to
// the resolved million. The population is Generate{N: n + 1,000, Seed: 1}: the first n people
// are resolved, the last 1,000 added.

const benchTail = 1_000

var (
	benchMu   sync.Mutex
	benchPops = map[int]Population{}
)

func benchPopulation(b *testing.B, n int) Population {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	pop, ok := benchPops[n]
	if !ok {
		t := time.Now()
		pop = Generate(GenerateOptions{N: n + benchTail, Seed: 1})
		b.Logf("generated %d people in %v", len(pop.People), time.Since(t).Round(time.Millisecond))
		benchPops[n] = pop
	}
	return pop
}

// BenchmarkResolve1M: Add of 1,000,000 people to an empty resolver, then Clusters(2).
func BenchmarkResolve1M(b *testing.B) { benchResolve(b, 1_000_000) }

// BenchmarkResolve100k is the same at a tenth of the size.
func BenchmarkResolve100k(b *testing.B) { benchResolve(b, 100_000) }

func benchResolve(b *testing.B, n int) {
	pop := benchPopulation(b, n)
	people := pop.People[:n]
	idents := 0
	for _, p := range people {
		idents += len(p.Identifiers)
	}
	var add, clu time.Duration
	var clusters, links int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		t := time.Now()
		r := NewResolver(Options{})
		links = len(r.Add(people))
		t2 := time.Now()
		clusters = len(r.Clusters(2))
		add += t2.Sub(t)
		clu += time.Since(t2)
	}
	b.ReportMetric(add.Seconds()/float64(b.N), "add-s")
	b.ReportMetric(clu.Seconds()/float64(b.N), "clusters-s")
	b.ReportMetric(float64(idents)/float64(n), "identifiers/person")
	b.ReportMetric(float64(links), "links")
	b.ReportMetric(float64(clusters), "clusters")
	b.ReportMetric(procstat.PeakRSSMiB(), "peak-RSS-MiB")
}

// BenchmarkAdd1kTo1M: Add of 1,000 new people to a resolver holding 1,000,000 (resolved
// outside the timer). Iteration 0 adds the population's last 1,000 people; iteration i > 0
// adds the same records under new IDs, so every batch shares identifiers with people already
// held.
func BenchmarkAdd1kTo1M(b *testing.B) {
	const n = 1_000_000
	pop := benchPopulation(b, n)
	r := NewResolver(Options{})
	r.Add(pop.People[:n])
	tail := pop.People[n:]
	batches := make([][]*bonafide.Person, b.N)
	for i := range batches {
		batches[i] = make([]*bonafide.Person, len(tail))
		for j, p := range tail {
			if i == 0 {
				batches[i][j] = p
				continue
			}
			q := *p
			q.ID = p.ID + "~" + strconv.Itoa(i)
			batches[i][j] = &q
		}
	}
	runtime.GC()
	b.ResetTimer()
	links := 0
	for i := 0; i < b.N; i++ {
		links += len(r.Add(batches[i]))
	}
	b.StopTimer()
	b.ReportMetric(float64(links)/float64(b.N), "links/add")
	b.ReportMetric(procstat.PeakRSSMiB(), "peak-RSS-MiB")
}
