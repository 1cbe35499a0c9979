package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestEmployees(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if got, err := s.Employees(ctx); err != nil || got != nil {
			t.Fatalf("empty store: %v, %v", got, err)
		}
		a := bonafide.Employee{ID: "E1", Name: "Jane Roe", Accounts: []string{"jane.roe@example.com"}, Hosts: []string{"LT-0042"},
			Country: "DE", TimeZone: "Europe/Berlin", StartDate: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), ShipCountry: "DE", Locale: "de-DE"}
		b := bonafide.Employee{ID: "E2", Name: "Sam Lee", Country: "US"}
		if err := s.SaveEmployees(ctx, "alice", "roster.csv", []bonafide.Employee{b, a}); err != nil {
			t.Fatal(err)
		}
		b.TimeZone = "America/New_York" // an update, and E1 is kept
		if err := s.SaveEmployees(ctx, "alice", "roster2.csv", []bonafide.Employee{b}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Employees(ctx)
		if err != nil || !reflect.DeepEqual(got, []bonafide.Employee{a, b}) {
			t.Errorf("Employees = %+v, %v", got, err)
		}
		if log, _ := s.AuditLog(ctx, "roster2.csv"); len(log) != 1 || log[0].Action != "hr.import" {
			t.Errorf("audit %+v", log)
		}
		if err := s.SaveEmployees(ctx, "alice", "x", []bonafide.Employee{{Name: "no id"}}); bonafide.KindOf(err) != bonafide.Invalid {
			t.Errorf("no ID: %v", err)
		}
	})
}
