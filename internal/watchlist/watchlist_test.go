package watchlist

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestIndexMatch(t *testing.T) {
	ix := NewIndex()
	ix.Add(
		Feature{List: "OFAC-SDN", EntryID: "1", EntryName: "Front Co", Programs: []string{"DPRK3"}, Field: "Website", Kind: bonafide.KindURL, Value: "web:front-co.example"},
		Feature{List: "OFAC-SDN", EntryID: "1", EntryName: "Front Co", Programs: []string{"DPRK3"}, Field: "Email Address", Kind: bonafide.KindEmail, Value: "hr@mailhost.example"},
		Feature{List: "OFAC-SDN", EntryID: "2", EntryName: "Wallet Owner", Field: "Digital Currency Address - ETH", Kind: bonafide.KindWallet, Value: "ETH:0xabc"},
		Feature{List: "OFAC-SDN", EntryID: "3", Kind: bonafide.KindPhone, Value: ""}, // ignored
	)
	if ix.Len() != 3 {
		t.Fatalf("Len = %d, want 3", ix.Len())
	}
	tests := []struct {
		kind  bonafide.IdentifierKind
		value string
		want  []string // entry IDs
		field string
	}{
		{bonafide.KindEmail, "hr@mailhost.example", []string{"1"}, "Email Address"},
		{bonafide.KindEmail, "jobs@front-co.example", []string{"1"}, "e-mail domain matches listed website (Website)"},
		{bonafide.KindEmail, "someone@else.example", nil, ""},
		{bonafide.KindURL, "web:front-co.example/careers", []string{"1"}, "Website"},
		{bonafide.KindURL, "web:notfront-co.example", nil, ""},
		{bonafide.KindWallet, "ETH:0xabc", []string{"2"}, "Digital Currency Address - ETH"},
		{bonafide.KindWallet, "ETH:0xabd", nil, ""},
		{bonafide.KindPhone, "", nil, ""},
	}
	for _, tt := range tests {
		hits := ix.Match(tt.kind, tt.value)
		if len(hits) != len(tt.want) {
			t.Fatalf("Match(%s,%s) = %d hits %+v, want %v", tt.kind, tt.value, len(hits), hits, tt.want)
		}
		for i, h := range hits {
			if h.EntryID != tt.want[i] || h.Field != tt.field || h.Score != 1 {
				t.Errorf("Match(%s,%s)[%d] = %+v, want entry %s field %q", tt.kind, tt.value, i, h, tt.want[i], tt.field)
			}
		}
	}
	var nilIx *Index
	if nilIx.Match(bonafide.KindEmail, "x@y") != nil {
		t.Error("nil index matched")
	}
}
