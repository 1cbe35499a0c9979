package csv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func parseAll(t *testing.T, r *bytes.Reader, name string) ([]*bonafide.Event, error) {
	t.Helper()
	var evs []*bonafide.Event
	err := Parse(r, name, func(e *bonafide.Event) error { evs = append(evs, e); return nil })
	return evs, err
}

func TestParseFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/events.csv")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := parseAll(t, bytes.NewReader(data), "events.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 {
		t.Fatalf("got %d events, want 3", len(evs))
	}
	type kv struct{ field, value string }
	tests := []struct {
		i    int
		want []kv
	}{
		{0, []kv{
			{"@timestamp", "2025-03-04T09:15:02Z"}, {"event.provider", "csv"}, {"user.name", "jsmith@corp.example"},
			{"user.email", "jsmith@corp.example"}, {"source.ip", "175.45.176.12"}, {"source.port", "51515"},
			{"event.category", "authentication"}, {"event.outcome", "failure"}, {"host.name", "LT-JSMITH-07"},
			{"host.managed", "true"}, {"source.as.number", "131279"}, {"extra.ticket", "INC-1042"},
			{"extra.vendor_note", "exported, redacted"}, {"process.name", ""},
		}},
		{1, []kv{
			{"@timestamp", "2025-03-04T10:00:00Z"}, {"user.name", `CORP\jsmith`}, {"source.ip", "2001:db8::7"},
			{"event.category", "device"}, {"event.outcome", "unknown"}, {"host.managed", "false"},
			{"device.vendor_id", "2357"}, {"device.product_id", "0604"}, {"source.port", ""},
		}},
		{2, []kv{
			{"@timestamp", "2025-03-04T10:05:00.25Z"}, {"process.name", "AnyDesk.exe"}, {"host.name", `LT "7"`},
			{"event.outcome", "success"}, {"host.managed", ""},
		}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			t.Run(fmt.Sprintf("%d/%s", tt.i, w.field), func(t *testing.T) {
				if got := evs[tt.i].Field(w.field); got != w.value {
					t.Errorf("row %d %s = %q, want %q", tt.i, w.field, got, w.value)
				}
			})
		}
	}
	if got, want := string(evs[2].Raw), `2025-03-04 10:05:00.25,,,,,process,success,AnyDesk.exe,"LT ""7""",,,,,,`; got != want {
		t.Errorf("Raw = %q, want %q", got, want)
	}
	if len(evs[1].Extra) != 0 {
		t.Errorf("Extra = %v, want empty", evs[1].Extra)
	}
}

func TestEveryEventFieldHasAColumn(t *testing.T) {
	for _, f := range bonafide.EventFields {
		if setters[f] == nil {
			t.Errorf("no setter for %q", f)
		}
	}
	if len(setters) != len(bonafide.EventFields) {
		t.Errorf("%d setters, %d EventFields", len(setters), len(bonafide.EventFields))
	}
}

// Every field written with Event.Field reads back the same.
func TestRoundTrip(t *testing.T) {
	vals := map[string]string{
		"@timestamp": "2025-03-04T09:15:02.5Z", "source.ip": "198.51.100.7", "destination.ip": "2001:db8::1",
		"source.port": "443", "destination.port": "8443", "source.as.number": "15169", "host.managed": "true",
		"device.vendor_id": "1d6b", "device.product_id": "0104", "event.outcome": "failure", "user.email": "a@b.example",
		"process.hash.sha256": "ab12",
	}
	var h, r []string
	for _, f := range bonafide.EventFields {
		h = append(h, f)
		v, ok := vals[f]
		if !ok {
			v = "v-" + f
		}
		r = append(r, v)
	}
	in := strings.Join(h, ",") + "\n" + strings.Join(r, ",") + "\n"
	evs, err := parseAll(t, bytes.NewReader([]byte(in)), "all.csv")
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v, %d events", err, len(evs))
	}
	for i, f := range h {
		if got := evs[0].Field(f); got != r[i] {
			t.Errorf("%s = %q, want %q", f, got, r[i])
		}
	}
	if len(evs[0].Extra) != 0 {
		t.Errorf("Extra = %v", evs[0].Extra)
	}
}

func TestUnknownColumnsKept(t *testing.T) {
	in := "@timestamp,okta.debug.risk,extra.a.b\n2025-01-01T00:00:00Z,HIGH,x\n"
	evs, err := parseAll(t, bytes.NewReader([]byte(in)), "u.csv")
	if err != nil {
		t.Fatal(err)
	}
	if e := evs[0].Extra; e["okta.debug.risk"] != "HIGH" || e["a.b"] != "x" || len(e) != 2 {
		t.Errorf("Extra = %v", e)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, in, want string
		line           int
	}{
		{"time", "user.name,@timestamp\nx,2025-01-01T00:00:00Z\ny,yesterday\n", `bad.csv:3 field "@timestamp": column 2: not an RFC 3339`, 3},
		{"ip", "@timestamp,source.ip\n2025-01-01T00:00:00Z,10.0.0.1\n\n2025-01-01T00:00:00Z,10.0.0.300\n", `bad.csv:4 field "source.ip": column 2: not an IP address`, 4},
		{"port", "@timestamp,source.port\n2025-01-01T00:00:00Z,70000\n", `bad.csv:2 field "source.port": column 2`, 2},
		{"outcome", "@timestamp,event.outcome\n2025-01-01T00:00:00Z,ok\n", `bad.csv:2 field "event.outcome": column 2`, 2},
		{"usb", "@timestamp,device.vendor_id\n2025-01-01T00:00:00Z,1d6b9\n", `bad.csv:2 field "device.vendor_id"`, 2},
		{"managed", "@timestamp,host.managed\n2025-01-01T00:00:00Z,maybe\n", `bad.csv:2 field "host.managed"`, 2},
		{"asn", "@timestamp,source.as.number\n2025-01-01T00:00:00Z,AS-X\n", `bad.csv:2 field "source.as.number"`, 2},
		{"fields", "@timestamp,b\n2025-01-01T00:00:00Z,2\n1,2,3\n", `bad.csv:3: wrong number of fields`, 3},
		{"no time column", "timestamp,user.name\nx,y\n", `bad.csv:1 field "@timestamp": missing column`, 1},
		{"quote", "@timestamp,b\n2025-01-01T00:00:00Z,\"2\n", `bad.csv:2`, 2},
		{"blank header", "a,,b\n", `bad.csv:1: column 2: blank header`, 1},
		{"utf8", "@timestamp,host.name\n2025-01-01T00:00:00Z,\xff\n", `bad.csv:2 field "host.name": column 2: not valid UTF-8`, 2},
		{"dup header", "a,user.name,user.name\n", `bad.csv:1 field "user.name": column 3: duplicate`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAll(t, bytes.NewReader([]byte(tt.in)), "bad.csv")
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q (line %d), want %q (line %d)", err, ie.Line, tt.want, tt.line)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	evs, err := parseAll(t, bytes.NewReader(nil), "e.csv")
	if err != nil || len(evs) != 0 {
		t.Errorf("%v %d", err, len(evs))
	}
}

func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("testdata/events.csv")
	f.Add(data)
	f.Add([]byte("@timestamp,source.ip\n2025-01-01 00:00:00,::ffff:1.2.3.4\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz.csv", func(e *bonafide.Event) error {
			if e.Extra == nil || e.Outcome == "" {
				t.Fatalf("bad event %+v", e)
			}
			if e.DeviceVendorID != "" && len(e.DeviceVendorID) != 4 {
				t.Fatalf("vendor id %q", e.DeviceVendorID)
			}
			return nil
		})
	})
}

func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("@timestamp,user.name,source.ip,event.category,event.outcome,process.name,host.name,extra.note\n")
	for i := range 100000 {
		fmt.Fprintf(&buf, "2025-03-04T09:%02d:%02dZ,user%d@corp.example,198.51.100.%d,authentication,success,,host-%d,n%d\n", i/60%60, i%60, i%500, i%250, i%40, i)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for range b.N {
		if err := Parse(bytes.NewReader(in), "bench.csv", func(*bonafide.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
