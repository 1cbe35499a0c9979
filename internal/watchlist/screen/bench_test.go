package screen

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
)

// BenchmarkLoadSDNAdvanced: the full OFAC SDN advanced XML (.bz2, 121 MB of XML) parsed into
// parties, the figure issue 4 bounds at 5 s.
func BenchmarkLoadSDNAdvanced(b *testing.B) {
	p := shareddata.Path(b, PathOFACSDN)
	for b.Loop() {
		l, err := ofac.Open(p, nil)
		if err != nil || len(l.Entries) != 18367 {
			b.Fatal(len(l.Entries), err)
		}
	}
}

// BenchmarkScreen screens names against every list in the shared data (OFAC SDN, OFAC
// consolidated, UN: 19,812 parties) on all cores (b.RunParallel; run with -cpu 1,2): screens/s,
// p99 latency of one screen (µs), allocations per screen and per scored candidate. The queries
// are the 1,600 benign common names of TestAlertRate plus 100 DPRK parties' listed names.
func BenchmarkScreen(b *testing.B) {
	shareddata.Path(b, PathOFACSDN)
	parties, _, err := Parties(shareddata.Dir())
	if err != nil {
		b.Fatal(err)
	}
	ix := watchlist.NewNameIndex(parties...)
	var queries []string
	for _, g := range benignGiven {
		for _, f := range benignFamily {
			queries = append(queries, g+" "+f)
		}
	}
	for _, p := range parties {
		if len(queries) >= 1700 {
			break
		}
		if slices.ContainsFunc(p.Programs, func(s string) bool { return len(s) >= 4 && s[:4] == "DPRK" }) && p.Type == "Individual" {
			queries = append(queries, p.Name)
		}
	}
	cands := 0
	for _, q := range queries {
		cands += ix.CandidateCount(q)
	}
	var mu sync.Mutex
	var lat []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		i := 0
		for pb.Next() {
			q := queries[i%len(queries)]
			i++
			t0 := time.Now()
			ix.ScreenQuery(watchlist.Query{Name: q, BirthDate: "1990"}, 0)
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "screens/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(cands)/float64(len(queries)), "candidates/screen")
	b.ReportMetric(float64(ix.Len()), "parties")
}
