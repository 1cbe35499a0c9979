package watchlist_test

import (
	"os"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
	"github.com/bonafide-oss/bonafide/internal/watchlist/un"
)

// BenchmarkScreenOne screens one name against every party of the real OFAC SDN advanced list
// and the UN consolidated list (brute force over all names and aliases): the figure issue 4's
// p99 ≤ 5 ms / ≥ 2,000 screens/s targets are measured against.
func BenchmarkScreenOne(b *testing.B) {
	l, err := ofac.Open(shareddata.Path(b, "sanctions/ofac/sdn_advanced.xml.bz2"), nil)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(shareddata.Path(b, "sanctions/un/UN_consolidated.xml"))
	if err != nil {
		b.Fatal(err)
	}
	entries, err := un.Read(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	var parties []watchlist.Party
	for _, e := range l.Entries {
		parties = append(parties, watchlist.Party{List: watchlist.OFACSDN, ID: e.ID, Name: e.Name, Aliases: e.Aliases, Programs: e.Programs})
	}
	for _, e := range entries {
		parties = append(parties, watchlist.Party{List: "UN", ID: e.ID, Name: e.Name, Aliases: e.Aliases})
	}
	ix := watchlist.NewNameIndex(parties...)
	// A common DPRK name (the largest blocks), ordinary names, a transliteration, a hyphenated
	// Korean name: each timed on its own, so the slowest is visible, not only the mean.
	for _, q := range []string{"Kim Yong Chol", "Maria Fernanda Lopez", "Dmitrij Iwanow", "Jang Bom-su", "Daniel Hughes"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ix.Screen(q, 0)
			}
			b.ReportMetric(float64(ix.Len()), "parties")
		})
	}
}
