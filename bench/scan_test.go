package bench

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/procstat"

	"github.com/bonafide-oss/bonafide/internal/enrich"
	"github.com/bonafide-oss/bonafide/internal/scan"
	"github.com/bonafide-oss/bonafide/internal/store"
	"github.com/bonafide-oss/bonafide/internal/synth"
)

// BenchmarkScan100k is the issue-2 figure: 100,000 generated applicants (2 % in persona rings)
// scanned end to end — CSV parse, normalisation, every detector, SQLite persistence in one
// transaction to a file database, ranking. Reports applicants/s and the process's peak RSS.
func BenchmarkScan100k(b *testing.B) { benchScan(b, 100_000) }

// BenchmarkScan10k is the same at a tenth of the size, for quick comparisons.
func BenchmarkScan10k(b *testing.B) { benchScan(b, 10_000) }

func benchScan(b *testing.B, n int) {
	dir := b.TempDir()
	in := filepath.Join(dir, "applicants.csv")
	f, err := os.Create(in)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.WriteApplicants(w, synth.Options{N: n, Seed: 1, RingRate: 0.02}); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	ctx := context.Background()
	domains := enrich.Embedded()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(ctx, filepath.Join(dir, "bench"+strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		sc := &scan.Scanner{Store: st, Domains: domains}
		res, err := sc.Run(ctx, []string{in})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(res.Batch) != n || res.Saved.Inserted != n {
			b.Fatalf("scanned %d, inserted %d; want %d", len(res.Batch), res.Saved.Inserted, n)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "applicants/s")
	b.ReportMetric(procstat.PeakRSSMiB(), "peak-RSS-MiB")
}
