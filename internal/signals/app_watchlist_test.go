package signals

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

var testWatchlist = fakeWatchlist{
	"email|jobs@silverstar.example": {{List: "OFAC-SDN", Version: "2025-11-19", EntryID: "36446", EntryName: "Volasys Silver Star",
		Programs: []string{"DPRK3"}, Field: "Email Address", Value: "jobs@silverstar.example", Score: 1}},
	"url|web:silverstar.example": {{List: "OFAC-SDN", EntryID: "36446", EntryName: "Volasys Silver Star", Field: "Website", Score: 1}},
	"wallet|ETH:0xdead": {
		{List: "OFAC-SDN", EntryID: "1", EntryName: "A", Field: "Digital Currency Address - ETH", Score: 1},
		{List: "UN", EntryID: "KPi.1", EntryName: "A", Score: 1}},
	"phone|+850212345678": {{List: "OFAC-SDN", EntryID: "2", EntryName: "B", Field: "Phone Number", Score: 1}},
}

func TestWatchlist(t *testing.T) {
	tests := []struct {
		name string
		ids  []bonafide.Identifier
		wl   Watchlist
		want []string
	}{
		{"email", []bonafide.Identifier{email("jobs@silverstar.example")}, testWatchlist,
			[]string{"A-1 watchlist:OFAC-SDN:36446:email:jobs@silverstar.example 100"}},
		{"website and phone", []bonafide.Identifier{id(bonafide.KindURL, bonafide.PurposeProfile, "web:silverstar.example"), phone("+850212345678", "KP")}, testWatchlist,
			[]string{"A-1 watchlist:OFAC-SDN:2:phone:+850212345678 100", "A-1 watchlist:OFAC-SDN:36446:url:web:silverstar.example 100"}},
		{"wallets are PAY-WALLET-SANCTIONED", []bonafide.Identifier{id(bonafide.KindWallet, bonafide.PurposePayout, "ETH:0xdead")}, testWatchlist, nil},
		{"no match", []bonafide.Identifier{email("ann@gmail.com")}, testWatchlist, nil},
		{"no watchlist", []bonafide.Identifier{email("jobs@silverstar.example")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectWatchlist, []*bonafide.Person{person("A-1", "Ann Lee", tt.ids...)}, Env{Watchlist: tt.wl})
			checkBrief(t, "APP-WATCHLIST", fs, tt.want)
		})
	}
	fs := run(detectWatchlist, []*bonafide.Person{person("A-1", "Ann Lee", email("jobs@silverstar.example"))}, Env{Watchlist: testWatchlist})
	if want := "E-mail jobs@silverstar.example matches OFAC-SDN entry Volasys Silver Star."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
	if want := "OFAC-SDN entry 36446 (Volasys Silver Star), list version 2025-11-19, programs DPRK3, lists this value as Email Address."; fs[0].Evidence[0].Note != want {
		t.Errorf("note %q, want %q", fs[0].Evidence[0].Note, want)
	}
}

func TestWalletSanctioned(t *testing.T) {
	wallet := id(bonafide.KindWallet, bonafide.PurposePayout, "ETH:0xdead", "chain", "ETH")
	tests := []struct {
		name string
		ids  []bonafide.Identifier
		wl   Watchlist
		want []string
	}{
		{"two lists", []bonafide.Identifier{wallet}, testWatchlist,
			[]string{"A-1 watchlist:OFAC-SDN:1:wallet:ETH:0xdead 100", "A-1 watchlist:UN:KPi.1:wallet:ETH:0xdead 100"}},
		{"clean wallet", []bonafide.Identifier{id(bonafide.KindWallet, bonafide.PurposePayout, "ETH:0xbeef")}, testWatchlist, nil},
		{"e-mail is APP-WATCHLIST", []bonafide.Identifier{email("jobs@silverstar.example")}, testWatchlist, nil},
		{"no watchlist", []bonafide.Identifier{wallet}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectWalletSanctioned, []*bonafide.Person{person("A-1", "Ann Lee", tt.ids...)}, Env{Watchlist: tt.wl})
			checkBrief(t, "PAY-WALLET-SANCTIONED", fs, tt.want)
		})
	}
}

// fakeNames screens every name equal to "Kim Yong Chol" as a hit on one entry.
type fakeNames struct{}

func (fakeNames) ScreenPerson(p *bonafide.Person) []bonafide.WatchlistHit {
	if p.Name != "Kim Yong Chol" {
		return nil
	}
	h := bonafide.WatchlistHit{List: "UN", EntryID: "KPi.001", EntryName: "KIM YONG CHOL", Programs: []string{"DPRK"},
		Field: "Name", Value: "KIM YONG CHOL", Score: 0.9, Detail: "name 0.900"}
	if p.BirthDate != "" {
		h.Score, h.Confirmed = 1, []string{"birth date"}
	}
	return []bonafide.WatchlistHit{h}
}

func TestNameHits(t *testing.T) {
	people := []*bonafide.Person{{ID: "a1", Name: "Kim Yong Chol"}, {ID: "a2", Name: "Kim Yong Chol"}, {ID: "a3", Name: "Anna Schmidt"}}
	dismissed := func(pid, list, entry string) bool { return pid == "a2" && list == "UN" && entry == "KPi.001" }
	fs, err := Detect(context.Background(), people, Env{Names: fakeNames{}, Dismissed: dismissed})
	if err != nil {
		t.Fatal(err)
	}
	var got []bonafide.Finding
	for _, f := range fs {
		if f.SignalID == "APP-WATCHLIST-NAME" {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].PersonID != "a1" {
		t.Fatalf("name findings %+v, want one on a1 (a2's hit is dismissed, a3 does not match)", got)
	}
	f := got[0]
	if f.Weight != 18 || f.Key != "watchlist:UN:KPi.001:name" {
		t.Errorf("weight %v key %q; want 20×0.9 = 18 (name only) and the name key", f.Weight, f.Key)
	}
	if !strings.Contains(f.Evidence[0].Note, "score 0.900") || !strings.Contains(f.Summary, "(name only)") {
		t.Errorf("finding does not explain the score: %q / %q", f.Summary, f.Evidence[0].Note)
	}
	// The same name with a date of birth the list confirms weighs 60 × score: high on its own.
	fs, _ = Detect(context.Background(), []*bonafide.Person{{ID: "a4", Name: "Kim Yong Chol", BirthDate: "1971-06-19"}}, Env{Names: fakeNames{}})
	for _, f := range fs {
		if f.SignalID == "APP-WATCHLIST-NAME-DOB" && (f.Weight != 60 || !strings.Contains(f.Summary, "name and birth date")) {
			t.Errorf("confirmed hit: weight %v, %q", f.Weight, f.Summary)
		}
	}
}

// manyNames returns four hits, best first.
type manyNames struct{}

func (manyNames) ScreenPerson(*bonafide.Person) []bonafide.WatchlistHit {
	var hs []bonafide.WatchlistHit
	for i, s := range []float64{0.99, 0.95, 0.9, 0.86} {
		hs = append(hs, bonafide.WatchlistHit{List: "UN", EntryID: fmt.Sprint("E", i), EntryName: "X", Field: "Name", Value: "X", Score: s})
	}
	return hs
}

// TestNameHitsBestUndismissed: at most three name hits per person, the best that no analyst
// dismissed.
func TestNameHitsBestUndismissed(t *testing.T) {
	dismissed := func(_, _, entry string) bool { return entry == "E0" }
	fs, err := Detect(context.Background(), []*bonafide.Person{{ID: "a", Name: "X"}}, Env{Names: manyNames{}, Dismissed: dismissed})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range fs {
		keys = append(keys, f.Key)
	}
	if want := []string{"watchlist:UN:E1:name", "watchlist:UN:E2:name", "watchlist:UN:E3:name"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
}
