package entra

import (
	"bufio"
	"bytes"
	stdjson "encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// benchInput returns 100,000 JSON lines built from the Graph fixture's records.
func benchInput(b *testing.B) []byte {
	b.Helper()
	raw, err := os.ReadFile("testdata/graph_signins.json")
	if err != nil {
		b.Fatal(err)
	}
	var env struct{ Value []stdjson.RawMessage }
	if err := stdjson.Unmarshal(raw, &env); err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	for _, r := range env.Value {
		var c bytes.Buffer
		if err := stdjson.Compact(&c, r); err != nil {
			b.Fatal(err)
		}
		lines = append(lines, c.Bytes())
	}
	var buf bytes.Buffer
	for i := 0; i < 100_000; i++ {
		l := lines[i%len(lines)]
		buf.Write(bytes.Replace(l, []byte(`"id":"`), []byte(`"id":"`+strconv.Itoa(i)+`-`), 1))
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func BenchmarkParse(b *testing.B) {
	in := benchInput(b)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		err := Parse(bytes.NewReader(in), "bench.jsonl", func(*bonafide.Event) error { n++; return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	if n == 0 {
		b.Fatal("no events parsed")
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkFloorMapAny decodes the same input with encoding/json into map[string]any, the
// floor Parse must beat.
func BenchmarkFloorMapAny(b *testing.B) {
	in := benchInput(b)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(in))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var m map[string]any
			if err := stdjson.Unmarshal(sc.Bytes(), &m); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
