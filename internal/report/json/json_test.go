package jsonreport_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
	jsonreport "github.com/bonafide-oss/bonafide/internal/report/json"
	"github.com/bonafide-oss/bonafide/internal/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite testdata/six.golden.json")

// TestGolden pins the whole document: the JSON is a contract, any change must be deliberate
// (run with -update and review the diff).
func TestGolden(t *testing.T) {
	r := reporttest.Six(t)
	var buf bytes.Buffer
	if err := jsonreport.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/six.golden.json"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s (run go test -update and review):\n%s", golden, buf.String())
	}
}

func TestDocument(t *testing.T) {
	r := reporttest.Six(t)
	r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: "p7", Name: "Emma Clarke", Band: bonafide.BandLow})
	var buf bytes.Buffer
	if err := jsonreport.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var d jsonreport.Document
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"schema_version", d.SchemaVersion, 1},
		{"generated_at", d.GeneratedAt, "2026-03-14T09:30:00Z"},
		{"inputs", d.Inputs, []string{"testdata/applicants.csv", "testdata/references.json"}},
		{"stats", d.Stats, jsonreport.Stats{People: 6, Findings: 11, High: 3, Medium: 2, Low: 1, DurationMS: 1250}},
		{"lists", len(d.Lists), 3},
		{"missing list", d.Lists[2], jsonreport.List{Name: "LOLRMM", Loaded: false, Note: "missing: run bonafide lists update"}},
		{"assessments", len(d.Assessments), 7},
		{"rank of p4", d.Assessments[3].Rank, 4},
		{"p1 source", [3]any{d.Assessments[0].Source, d.Assessments[0].SourceID, d.Assessments[0].Line}, [3]any{"testdata/applicants.csv", "1", 2}},
		{"p1 cluster", d.Assessments[0].Cluster, "C1"},
		{"p6 cluster", d.Assessments[5].Cluster, "C2"},
		{"p6 name kept verbatim", d.Assessments[5].Name, "<script>alert(1)</script>"},
		{"p7 no cluster", d.Assessments[6].Cluster, ""},
		{"p7 findings empty not null", d.Assessments[6].Findings, []bonafide.Finding{}},
		{"p1 findings", len(d.Assessments[0].Findings), 3},
		{"p1 evidence", d.Assessments[0].Findings[1].Evidence, []bonafide.Evidence{{Field: "iban", Value: "DE89370400440532013000", Note: "Same payout IBAN as p2"}}},
		{"links", len(d.Links), 5},
		{"first link", d.Links[0], jsonreport.Link{A: "p1", B: "p2", Signals: []string{"APP-SHARED-IDENT", "PAY-ACCOUNT-SHARED"}, Label: "iban DE8937040044053…; phone +4915112345678", Weight: 65}},
		{"clusters", d.Clusters, []jsonreport.Cluster{{ID: "C1", Size: 4, PersonIDs: []string{"p1", "p2", "p3", "p4"}}, {ID: "C2", Size: 2, PersonIDs: []string{"p5", "p6"}}}},
		{"signals referenced", len(d.Signals), 6},
		{"sources referenced", sourceKeys(d.Sources), []string{"FBI22", "FBI24", "GTIG25", "MAND24", "Sardine"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func sourceKeys(s []bonafide.Source) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Key)
	}
	return out
}

func TestEmptyAndUnknownSources(t *testing.T) {
	r := &report.Report{Assessments: []bonafide.Assessment{{PersonID: "a", Findings: []bonafide.Finding{
		{SignalID: "X-UNKNOWN", Sources: []string{"ZZ", "AA"}},
	}}}}
	var buf bytes.Buffer
	if err := jsonreport.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`"inputs": []`, `"lists": []`, `"links": []`, `"clusters": []`, `"signals": []`, `"reasons": []`,
		`"evidence": []`, `"generated_at": ""`, `"person_id": "a"`,
		"\"sources\": [\n    {\n      \"key\": \"AA\",\n      \"title\": \"\"\n    },\n    {\n      \"key\": \"ZZ\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "null") {
		t.Errorf("output has null:\n%s", out)
	}
}

func TestNaNIsAnError(t *testing.T) {
	r := &report.Report{Assessments: []bonafide.Assessment{{PersonID: "a", Score: math.NaN()}}}
	if err := jsonreport.Write(&bytes.Buffer{}, r); err == nil {
		t.Error("Write with a NaN score: want error, got nil")
	}
}

// BenchmarkWrite100k writes a scan of 100,000 people of whom 1,000 share phones in pairs.
func BenchmarkWrite100k(b *testing.B) {
	r := &report.Report{Assessments: make([]bonafide.Assessment, 100_000)}
	for i := range r.Assessments {
		id := fmt.Sprintf("p%06d", i)
		r.Assessments[i] = bonafide.Assessment{PersonID: id, Name: "Applicant " + id, Band: bonafide.BandLow}
		if i < 1000 {
			peer := fmt.Sprintf("p%06d", i^1)
			r.Assessments[i].Score, r.Assessments[i].Band = 30, bonafide.BandMedium
			r.Assessments[i].Findings = []bonafide.Finding{{PersonID: id, SignalID: "APP-SHARED-IDENT", Weight: 30,
				Key: fmt.Sprintf("phone:%d", i/2), Related: []string{peer},
				Evidence: []bonafide.Evidence{{Field: "phone", Value: fmt.Sprintf("+49151%08d", i/2)}}}}
		}
	}
	r.Stats = report.StatsOf(r.Assessments)
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonreport.Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

func TestWriteError(t *testing.T) {
	if err := jsonreport.Write(failWriter{}, reporttest.Six(t)); err != io.ErrShortWrite {
		t.Errorf("Write to a failing writer: err = %v, want %v", err, io.ErrShortWrite)
	}
}
