package watchlist

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/bonafide-oss/bonafide/internal/store"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
)

// TestLoadOFACAdvancedRealFile loads the real SDN issue of 2025-11-19 and checks that every
// feature of every DPRK-programme party canonicalises (27 e-mails, 3 phones, 14 websites and
// 115 wallets on 16 parties: the counts the reader finds in the raw file), that the second load
// comes from the store cache, and that known DPRK features match.
func TestLoadOFACAdvancedRealFile(t *testing.T) {
	path := shareddata.Path(t, "sanctions/ofac/sdn_advanced.xml.bz2")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	l, err := LoadOFACAdvanced(ctx, st, path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Cached || l.Info.Version != "2025-11-19" {
		t.Fatalf("first load cached=%v version %q", l.Cached, l.Info.Version)
	}
	// What the raw file holds for DPRK parties, counted from the reader directly.
	raw, err := ofac.Open(path, ofac.IsDPRK)
	if err != nil {
		t.Fatal(err)
	}
	want := map[bonafide.IdentifierKind]int{}
	parties := 0
	for _, e := range raw.Entries {
		if len(e.Features) > 0 {
			parties++
		}
		for _, f := range e.Features {
			want[f.Kind]++
		}
	}
	t.Logf("DPRK: %d parties in the list, %d with features; features %v; loaded %v", len(raw.Entries), parties, want, l.DPRK)
	if len(raw.Entries) != 538 {
		t.Errorf("%d DPRK parties, want 538", len(raw.Entries))
	}
	exp := map[bonafide.IdentifierKind]int{bonafide.KindEmail: 27, bonafide.KindPhone: 3, bonafide.KindURL: 14, bonafide.KindWallet: 115}
	for k, n := range exp {
		if want[k] != n || l.DPRK[k] != n {
			t.Errorf("%s: raw %d, loaded %d, want %d", k, want[k], l.DPRK[k], n)
		}
	}
	if l.DPRKEntries != 16 || parties != 16 {
		t.Errorf("DPRK parties with features: loaded %d, raw %d, want 16", l.DPRKEntries, parties)
	}

	again, err := LoadOFACAdvanced(ctx, st, path)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Cached || len(again.Features) != len(l.Features) || again.DPRKEntries != l.DPRKEntries {
		t.Fatalf("second load: cached=%v features %d/%d", again.Cached, len(again.Features), len(l.Features))
	}

	ix := NewIndex()
	ix.Add(again.Features...)
	for _, c := range []struct {
		kind  bonafide.IdentifierKind
		value string
		entry string
	}{
		{bonafide.KindWallet, "ETH:0x97b1043abd9e6fc31681635166d430a458d14f9c", "43377"}, // Kim Sang Man, DPRK4
		{bonafide.KindEmail, "okryu@star-co.net.kp", "52131"},                            // Okryu Trading Company
		{bonafide.KindURL, "web:sinbad.io/about", "44437"},                               // Sinbad, website by host
		{bonafide.KindPhone, "+8613621583465", "28263"},                                  // Tian Yinyin, listed without "+"
	} {
		hits := ix.Match(c.kind, c.value)
		found := false
		for _, h := range hits {
			found = found || h.EntryID == c.entry
		}
		if !found {
			t.Errorf("%s %s: hits %+v, want entry %s", c.kind, c.value, hits, c.entry)
		}
	}
}
