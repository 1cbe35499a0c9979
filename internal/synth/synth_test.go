package synth

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestWriteApplicantsShapeAndRings(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteApplicants(&buf, Options{N: 1000, Seed: 7, RingRate: 0.04}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1001 {
		t.Fatalf("%d rows, want 1001", len(recs))
	}
	phones := map[string]int{}
	shipped := 0
	for _, r := range recs[1:] {
		phones[r[3]]++
		if r[6] != "" {
			shipped++
		}
		if got := r[7]; len(got) < 15 || checkDigits(got[:2], got[4:]) != got[2:4] {
			t.Fatalf("invalid IBAN %q", got)
		}
	}
	// 4 % of 1,000 in rings of 4: 10 rings, each sharing one phone among 4 people.
	shared := 0
	for _, n := range phones {
		if n == 4 {
			shared++
		}
	}
	if shared != 10 || shipped != 40 {
		t.Fatalf("rings: %d shared phones, %d shipping addresses; want 10 and 40", shared, shipped)
	}
	var again bytes.Buffer
	_ = WriteApplicants(&again, Options{N: 1000, Seed: 7, RingRate: 0.04})
	var first bytes.Buffer
	_ = WriteApplicants(&first, Options{N: 1000, Seed: 7, RingRate: 0.04})
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Fatal("same seed gave different output")
	}
}

func TestCheckDigitsKnownIBAN(t *testing.T) {
	// The ECBS example IBAN DE89 3704 0044 0532 0130 00.
	if got := checkDigits("DE", "370400440532013000"); got != "89" {
		t.Fatalf("check digits %s, want 89", got)
	}
	if got := checkDigits("GB", "NWBK60161331926819"); got != "29" {
		t.Fatalf("check digits %s, want 29 (GB29 NWBK 6016 1331 9268 19)", got)
	}
}
