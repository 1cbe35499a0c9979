package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// synthPeople builds n applicants of realistic shape: 8 canonical identifiers (two shared
// with a neighbour, as persona networks do), two claims, an application and a raw record,
// and one finding each.
func synthPeople(n int) ([]*bonafide.Person, []bonafide.Finding) {
	people := make([]*bonafide.Person, n)
	findings := make([]bonafide.Finding, n)
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	for i := range n {
		id := fmt.Sprintf("applicants.csv:%07d", i)
		ring := i / 4 // four people share a payout IBAN and shipping address
		people[i] = &bonafide.Person{
			ID: id, Role: bonafide.RoleApplicant, Source: "applicants.csv", SourceID: fmt.Sprint(i), Line: i + 2,
			Name: fmt.Sprintf("Applicant Number %d", i), Country: "DE", TimeZone: "Europe/Berlin",
			Identifiers: []bonafide.Identifier{
				{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: fmt.Sprintf("Applicant.%d@Example.com", i), Value: fmt.Sprintf("applicant%d@example.com", i), Attrs: map[string]string{"domain": "example.com"}},
				{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: fmt.Sprintf("0151 %08d", i), Value: fmt.Sprintf("+49151%08d", i), Country: "DE", Attrs: map[string]string{"line_type": "mobile"}},
				{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeHome, Raw: fmt.Sprintf("Hauptstr. %d, 10115 Berlin", i), Value: fmt.Sprintf("DE|10115|hauptstr %d", i), Country: "DE"},
				{Kind: bonafide.KindAddress, Purpose: bonafide.PurposeShipping, Raw: fmt.Sprintf("Ring %d, 10115 Berlin", ring), Value: fmt.Sprintf("DE|10115|ring %d", ring), Country: "DE"},
				{Kind: bonafide.KindIBAN, Purpose: bonafide.PurposePayout, Raw: fmt.Sprintf("DE89 3704 0044 %010d", ring), Value: fmt.Sprintf("DE8937040044%010d", ring), Country: "DE"},
				{Kind: bonafide.KindURL, Purpose: bonafide.PurposeProfile, Raw: fmt.Sprintf("https://github.com/dev%d", i), Value: fmt.Sprintf("github:dev%d", i)},
				{Kind: bonafide.KindIP, Purpose: bonafide.PurposeApplication, Raw: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), Value: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)},
				{Kind: bonafide.KindDevice, Purpose: bonafide.PurposeApplication, Raw: fmt.Sprintf("dev-%x", i*7919), Value: fmt.Sprintf("dev-%x", i*7919)},
			},
			Claims: []bonafide.Claim{
				{Kind: bonafide.ClaimEmployment, Org: "Acme GmbH", Title: "Senior Go Developer", Country: "DE", Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Current: true, FullTime: true},
				{Kind: bonafide.ClaimEducation, Org: "TU Berlin", Title: "BSc Computer Science", Start: time.Date(2014, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2018, 9, 1, 0, 0, 0, 0, time.UTC)},
			},
			Application: &bonafide.Application{Position: "Backend Engineer", SubmittedAt: at.Add(time.Duration(i) * time.Second), Channel: "LinkedIn"},
			Raw:         json.RawMessage(fmt.Sprintf(`{"id":"%d","name":"Applicant Number %d","email":"Applicant.%d@Example.com","country":"DE"}`, i, i, i)),
		}
		findings[i] = bonafide.Finding{
			PersonID: id, SignalID: "APP-PAYOUT-SHARED", Key: fmt.Sprintf("iban:DE8937040044%010d", ring),
			Severity: bonafide.SeverityHigh, Weight: 30, Summary: "payout IBAN shared with 3 other applicants",
			Evidence: []bonafide.Evidence{{Field: "iban", Value: fmt.Sprintf("DE8937040044%010d", ring), Note: "same IBAN as 3 others"}},
			Sources:  []string{"FBI22", "MAND24"},
			Related:  []string{fmt.Sprintf("applicants.csv:%07d", ring*4)},
		}
	}
	return people, findings
}

// BenchmarkSaveScan100k measures SaveScan of 100,000 new applicants (8 identifiers and one
// finding each) into an empty file database, end to end including encoding and commit.
func BenchmarkSaveScan100k(b *testing.B) {
	const n = 100_000
	people, findings := synthPeople(n)
	scope := make([]string, n)
	for i, p := range people {
		scope[i] = p.ID
	}
	// A cancellable context, as the CLI passes one (the driver then watches it per statement).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		st, err := s.SaveScan(ctx, people, scope, findings)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if st.Inserted != n || st.FindingsWritten != n {
			b.Fatalf("stats %+v", st)
		}
		s.Close() // waits for the background checkpoint; not timed
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "people/s")
}

// BenchmarkSaveScan100kUnchanged measures re-saving the same 100,000 people and findings:
// everything is skipped by content hash.
func BenchmarkSaveScan100kUnchanged(b *testing.B) {
	const n = 100_000
	people, findings := synthPeople(n)
	scope := make([]string, n)
	for i, p := range people {
		scope[i] = p.ID
	}
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SaveScan(ctx, people, scope, findings); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		st, err := s.SaveScan(ctx, people, scope, findings)
		if err != nil {
			b.Fatal(err)
		}
		if st.Unchanged != n || st.FindingsWritten != 0 {
			b.Fatalf("stats %+v", st)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "people/s")
}

// BenchmarkPeople100k measures reading back 100,000 stored people as full records.
func BenchmarkPeople100k(b *testing.B) {
	const n = 100_000
	people, _ := synthPeople(n)
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SaveScan(ctx, people, nil, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := s.People(ctx, nil)
		if err != nil || len(got) != n {
			b.Fatalf("People = %d, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "people/s")
}
