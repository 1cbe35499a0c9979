package watchlist

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/watchlist/match"
)

func TestNameIndexScreen(t *testing.T) {
	ix := NewNameIndex(
		Party{List: "UN", ID: "KPi.016", Name: "JANG BOM SU", Aliases: []string{"Jang Pom Su"}, Programs: []string{"DPRK"}},
		Party{List: "OFAC-SDN", ID: "1", Name: "Korea Mining Development Trading Corporation", Aliases: []string{"KOMID"}},
		Party{List: "UN", ID: "X", Name: "Maria Fernanda Lopez"},
	)
	hits := ix.Screen("Jang Bom-Su", 0)
	if len(hits) != 1 || hits[0].EntryID != "KPi.016" || hits[0].Field != "Name" || hits[0].Score < 0.9 {
		t.Fatalf("hits %+v", hits)
	}
	if hits := ix.Screen("KOMID", 0); len(hits) != 1 || hits[0].Field != "Alias" || hits[0].Value != "KOMID" {
		t.Fatalf("alias hits %+v", hits)
	}
	if hits := ix.Screen("Daniel Hughes", 0); len(hits) != 0 {
		t.Fatalf("unrelated name hit %+v", hits)
	}
}

// TestNameIndexMatchesBruteForce: on the labelled UN pair set, every candidate name the matcher
// scores at or above its threshold against a query is also found through the index's blocking
// keys — blocking saves time, never hits.
func TestNameIndexMatchesBruteForce(t *testing.T) {
	data, err := os.ReadFile("match/testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var parties []Party
	var queries []string
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || strings.HasPrefix(line, "#") {
			continue
		}
		parties = append(parties, Party{List: "T", ID: strconv.Itoa(i), Name: f[3]})
		queries = append(queries, f[2])
	}
	ix := NewNameIndex(parties...)
	brute := &NameIndex{parties: parties, names: ix.names}
	lost := 0
	for qi, q := range queries {
		if qi%16 != 0 { // a sample: brute force over every pair takes minutes
			continue
		}
		got := map[string]bool{}
		for _, h := range ix.Screen(q, 0) {
			got[h.EntryID] = true
		}
		for i := range parties {
			if s, _ := brute.names[i].Best(q); s >= match.DefaultThreshold && !got[parties[i].ID] {
				lost++
				if lost <= 5 {
					t.Errorf("query %d %q: blocking lost %q (score %.3f)", qi, q, parties[i].Name, s)
				}
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d hits lost to blocking", lost)
	}
}
