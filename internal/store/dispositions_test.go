package store

import (
	"context"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestDispositions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		people := []*bonafide.Person{{ID: "p1", Name: "Kim Yong Chol"}, {ID: "p2", Name: "Kim Yong Chol"}}
		if _, err := s.SaveScan(ctx, people, nil, nil); err != nil {
			t.Fatal(err)
		}
		fp := Disposition{PersonID: "p1", List: "UN", EntryID: "KPi.066", Decision: DecisionFalsePositive,
			Reason: "passport DOB 1994-03-02; listed 1971", Analyst: "alice"}
		if err := s.Dispose(ctx, fp); err != nil {
			t.Fatal(err)
		}
		dismissed, n, err := s.Dismissals(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Dismissals: %d, %v", n, err)
		}
		if !dismissed("p1", "UN", "KPi.066") || dismissed("p2", "UN", "KPi.066") || dismissed("p1", "OFAC-SDN", "KPi.066") {
			t.Error("dismissal must hold for exactly that person and entry")
		}
		// Reopening withdraws it; the history stays.
		fp.Decision, fp.Reason, fp.Analyst = DecisionReopened, "second passport found", "bob"
		if err := s.Dispose(ctx, fp); err != nil {
			t.Fatal(err)
		}
		if dismissed, n, _ := s.Dismissals(ctx); n != 0 || dismissed("p1", "UN", "KPi.066") {
			t.Error("reopened hit still dismissed")
		}
		log, _ := s.AuditLog(ctx, "p1")
		if len(log) != 2 || log[0].Action != "watchlist.dispose" || !strings.Contains(log[0].Detail, "false_positive: passport DOB") || log[1].Actor != "bob" {
			t.Errorf("audit log %+v", log)
		}
		for _, bad := range []Disposition{
			{PersonID: "p1", List: "UN", EntryID: "x", Decision: "maybe", Reason: "r", Analyst: "a"},
			{PersonID: "p1", List: "UN", EntryID: "x", Decision: DecisionFalsePositive, Analyst: "a"},
		} {
			if err := s.Dispose(ctx, bad); bonafide.KindOf(err) != bonafide.Invalid {
				t.Errorf("Dispose(%+v) = %v, want Invalid", bad, err)
			}
		}
		if err := s.Dispose(ctx, Disposition{PersonID: "nobody", List: "UN", EntryID: "x", Decision: DecisionFalsePositive, Reason: "r", Analyst: "a"}); bonafide.KindOf(err) != bonafide.NotFound {
			t.Errorf("unknown person: %v, want NotFound", err)
		}
	})
}
