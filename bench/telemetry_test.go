package bench

import (
	"errors"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/procstat"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/telemetry/detect"
	"github.com/bonafide-oss/bonafide/internal/telemetry/synth"
)

var errEnough = errors.New("enough events")

// BenchmarkTelemetry10M is issue 5's memory figure: ten million telemetry events (a generated
// company of 2,000 employees, Entra sign-ins and osquery results, parsed from their JSON lines
// by the real parsers inside synth.Stream) through the detection engine configured as a
// customer would (real IP databases, LOLRMM, corporate egress, allow-list, built-in Sigma
// rules). Reports events/s (generation and parsing included); the live heap (after a GC)
// sampled every million events — at 1 M and the largest sample over the run — which holds the
// engine's state plus the generator's day-and-a-half window of events; the heap once the stream
// has ended (the engine's state and the reference data alone), beside the heap right after the
// engine was built (the reference data alone); the snapshot size; and the
// process's peak RSS. Bounded memory means the largest sample stays near the first although ten
// times the events went through.
func BenchmarkTelemetry10M(b *testing.B) {
	const total = 10_000_000
	shareddata.Path(b, "ip/ip-location-db-asn-2.3.2026061719.tgz")
	dir := b.TempDir()
	opt := synth.Options{Employees: 2000, Days: 290, Seed: 1}
	if _, err := synth.WriteRoster(opt, dir); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_, eng, err := detect.Setup{DataDir: shareddata.Dir(), Roster: filepath.Join(dir, synth.EmployeesFile),
			Corporate: []string{filepath.Join(dir, synth.EgressFile)}, RMMAllow: []string{filepath.Join(dir, synth.RMMAllowFile)}}.Build()
		if err != nil {
			b.Fatal(err)
		}
		heap := func() float64 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return float64(ms.HeapAlloc) / (1 << 20)
		}
		heapBuilt := heap()
		var heap1M, heapMax float64
		n := 0
		var paused time.Duration
		start := time.Now()
		err = synth.Stream(opt, func(ev *bonafide.Event) error {
			eng.Process(ev)
			n++
			if n%1_000_000 == 0 {
				t0 := time.Now()
				h := heap()
				paused += time.Since(t0)
				if n == 1_000_000 {
					heap1M = h
				}
				heapMax = max(heapMax, h)
			}
			if n == total {
				return errEnough
			}
			return nil
		})
		elapsed := time.Since(start) - paused
		if !errors.Is(err, errEnough) {
			b.Fatalf("stream ended after %d events: %v", n, err)
		}
		heapEnd := heap()
		snap, err := eng.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "events/s")
		b.ReportMetric(heapBuilt, "heap-built-MiB")
		b.ReportMetric(heap1M, "heap-1M-MiB")
		b.ReportMetric(heapMax, "heap-max-MiB")
		b.ReportMetric(heapEnd, "heap-engine-MiB")
		b.ReportMetric(float64(len(snap))/(1<<20), "snapshot-MiB")
		b.ReportMetric(float64(len(eng.Findings())), "findings")
		b.ReportMetric(procstat.PeakRSSMiB(), "peak-RSS-MiB")
	}
}
