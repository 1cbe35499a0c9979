package watchlist

import "testing"

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
