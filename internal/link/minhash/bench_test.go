package minhash

import (
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

var (
	benchOnce   sync.Once
	benchCorpus corpus
)

// benchDocs is 100,000 résumé-like documents of ~300 words (270–330) from a 20,000-word
// Zipf vocabulary, 10 % of them in planted near-duplicate families of 2–6.
func benchDocs() corpus {
	benchOnce.Do(func() { benchCorpus = genCorpus(100_000, 300, 0.1, 42) })
	return benchCorpus
}

// cpuTime returns the user+system CPU time of this process so far. Benchmarks report docs per
// CPU-second besides docs per wall-second, since other work on a shared machine slows the
// wall clock but not the CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report adds docs/s (wall), docs/cpu-s and the heap in use after the run.
func report(b *testing.B, docs int, cpu0 time.Duration, keep any) {
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(docs)/cpu.Seconds(), "docs/cpu-s")
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	runtime.KeepAlive(keep)
}

// BenchmarkAddAll signs and indexes 100,000 résumés per op on all cores (GOMAXPROCS).
// Target: ≥ 20,000 docs/s on 2 cores.
func BenchmarkAddAll(b *testing.B) {
	c := benchDocs()
	b.ReportAllocs()
	var ms []Match
	var ix *Index
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		ix = NewIndex(Options{})
		ms = ix.AddAll(c.ids, c.texts)
		n++
	}
	b.ReportMetric(float64(len(ms)), "matches")
	report(b, len(c.texts)*n, cpu0, ix)
}

// BenchmarkLinks runs Links over 100,000 people with a résumé each: the boilerplate count
// (two passes) plus signing, indexing and building links and findings.
func BenchmarkLinks(b *testing.B) {
	c := benchDocs()
	people := make([]*bonafide.Person, len(c.texts))
	for i := range people {
		people[i] = &bonafide.Person{ID: c.ids[i], Documents: map[string]string{"resume": c.texts[i]}}
	}
	b.ReportAllocs()
	var links []bonafide.Link
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		links, _ = Links(people, Options{})
		n++
	}
	b.ReportMetric(float64(len(links)), "links")
	report(b, len(c.texts)*n, cpu0, nil)
}

// BenchmarkSignature signs one ~300-word document per op on one core.
func BenchmarkSignature(b *testing.B) {
	c := benchDocs()
	opt := Options{}.withDefaults()
	h := newHasher(opt)
	var sc scratch
	sig := make([]uint64, opt.Hashes)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.shingleSet(c.texts[i%len(c.texts)], &sc)
		h.sign(sig, sc.sh)
		i++
	}
}
