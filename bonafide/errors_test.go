package bonafide

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestCSVErrorPointsAtTheOpenQuote(t *testing.T) {
	r := csv.NewReader(strings.NewReader("a,b\n1,2\n3,\"four\n5,6\n7,8\n"))
	var err error
	for err == nil {
		_, err = r.Read()
	}
	got := CSVError("refs.csv", err).Error()
	if !strings.HasPrefix(got, "refs.csv:3:") || !strings.Contains(got, "not closed") {
		t.Errorf("CSVError = %q, want line 3 (where the quote opens)", got)
	}
}
