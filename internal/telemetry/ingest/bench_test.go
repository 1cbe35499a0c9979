package ingest

import (
	"bufio"
	"bytes"
	"context"
	stdjson "encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/telemetry/detect"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
)

// benchHR is a roster holding the fixture's users, so every event is attributed.
const benchHR = `employee_id,name,accounts,hosts,country,time_zone,start_date,ship_country,locale
E001,Jordan Avery,jordan.avery@contoso.example,CONTOSO-LT-0231,US,America/Los_Angeles,2025-02-17,US,en-US
E002,Casey Lin,casey.lin@contoso.example,,US,America/New_York,2025-02-17,US,en-US
`

// newDetectEngine builds the real detection engine on the embedded reference data.
func newDetectEngine(tb testing.TB) *detect.Engine {
	tb.Helper()
	ip, _, err := ipinfo.Open("")
	if err != nil {
		tb.Fatal(err)
	}
	rules, err := sigma.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	emps, err := hr.ReadCSV(bytes.NewReader([]byte(benchHR)), "bench-hr.csv")
	if err != nil {
		tb.Fatal(err)
	}
	return detect.New(detect.Config{IP: ip, RMM: rmm.Default(), USB: usbid.Default(), Rules: rules, HR: hr.NewDirectory(emps)})
}

// benchLines returns n Entra Graph signIn JSON lines built from the entra package's fixture,
// each with a distinct id.
func benchLines(tb testing.TB, n int) []byte {
	tb.Helper()
	raw, err := os.ReadFile("../entra/testdata/graph_signins.json")
	if err != nil {
		tb.Fatal(err)
	}
	var env struct{ Value []stdjson.RawMessage }
	if err := stdjson.Unmarshal(raw, &env); err != nil {
		tb.Fatal(err)
	}
	var lines [][]byte
	for _, r := range env.Value {
		var c bytes.Buffer
		if err := stdjson.Compact(&c, r); err != nil {
			tb.Fatal(err)
		}
		lines = append(lines, c.Bytes())
	}
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		l := lines[i%len(lines)]
		buf.Write(bytes.Replace(l, []byte(`"id":"`), []byte(`"id":"`+strconv.Itoa(i)+`-`), 1))
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// workProcessor stands in for the detection engine: it reads the fields the telemetry
// detectors use and keeps per-user state (sign-in count, distinct source IPs, last country).
type workProcessor struct {
	users map[string]*userState
}

type userState struct {
	n       int
	ips     map[[16]byte]struct{}
	country string
	last    time.Time
	failed  int
}

func (p *workProcessor) Process(ev *bonafide.Event) {
	u := p.users[ev.UserName]
	if u == nil {
		u = &userState{ips: map[[16]byte]struct{}{}}
		p.users[ev.UserName] = u
	}
	u.n++
	if ev.SourceIP.IsValid() {
		u.ips[ev.SourceIP.As16()] = struct{}{}
	}
	if ev.SourceCountry != "" {
		u.country = ev.SourceCountry
	}
	if ev.Timestamp.After(u.last) {
		u.last = ev.Timestamp
	}
	if ev.Outcome == "failure" {
		u.failed++
	}
	_ = ev.Extra["appDisplayName"]
}

// BenchmarkIngestEntra measures end-to-end ingest of 100,000 Entra JSON lines on one goroutine
// (so the rate is per core): Run with entra.Parse and the real detection engine
// (internal/telemetry/detect on the embedded reference data, every event attributed) as
// events/s; the same with workProcessor, a light stand-in, as light-events/s; and beside them
// the floor, plain encoding/json decoding of the same lines into map[string]any, as
// floor-events/s. The last two are measured once outside the timed loop.
func BenchmarkIngestEntra(b *testing.B) {
	const n = 100_000
	in := benchLines(b, n)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	events := 0
	for b.Loop() {
		st, err := Run(context.Background(), "entra", bytes.NewReader(in), "bench.jsonl", newDetectEngine(b))
		if err != nil {
			b.Fatal(err)
		}
		events += int(st.Events)
	}
	if events == 0 {
		b.Fatal("no events")
	}
	rate := float64(events) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")

	b.StopTimer()
	start := time.Now()
	if _, err := Run(context.Background(), "entra", bytes.NewReader(in), "bench.jsonl", &workProcessor{users: map[string]*userState{}}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(n/time.Since(start).Seconds(), "light-events/s")

	start = time.Now()
	floorEvents := 0
	sc := bufio.NewScanner(bytes.NewReader(in))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := stdjson.Unmarshal(sc.Bytes(), &m); err != nil {
			b.Fatal(err)
		}
		floorEvents++
	}
	floor := float64(floorEvents) / time.Since(start).Seconds()
	b.ReportMetric(floor, "floor-events/s")
	b.ReportMetric(rate/floor, "x-floor")
}
