package sigma

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkEngine100Rules runs 100 rules (the builtin ones plus generated variants) over a
// mixed stream of 100k events; one op is one event. "events/s" is per core (one goroutine).
// The naive sub-benchmark interprets the parsed rules per event (the anchor).
func BenchmarkEngine100Rules(b *testing.B) {
	rules := benchRules(b, 100)
	eng, err := Compile(rules...)
	if err != nil {
		b.Fatal(err)
	}
	events := genEvents(100_000, 3)
	b.Run("compiled", func(b *testing.B) {
		n := 0
		fn := func(*Rule) { n++ }
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime(b)
		for i := 0; i < b.N; i++ {
			eng.Match(events[i%len(events)], fn)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		b.ReportMetric(float64(b.N)/cpuSince(b, cpu0), "events/cpu-s")
	})
	b.Run("naive", func(b *testing.B) {
		n := 0
		b.ResetTimer()
		cpu0 := cpuTime(b)
		for i := 0; i < b.N; i++ {
			ev := events[i%len(events)]
			for _, r := range rules {
				if naiveMatch(r, ev) {
					n++
				}
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		b.ReportMetric(float64(b.N)/cpuSince(b, cpu0), "events/cpu-s")
	})
}

// cpuTime returns the process's user+system CPU time. events/cpu-s divides by it, so the
// per-core rate stays meaningful on a loaded machine where wall-clock events/s does not (the
// loop is one goroutine and does not allocate, so the process's CPU time is the loop's).
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func cpuSince(tb testing.TB, t0 time.Duration) float64 {
	d := (cpuTime(tb) - t0).Seconds()
	if d <= 0 {
		d = 1e-9
	}
	return d
}
