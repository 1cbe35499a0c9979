package sysmon

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestParseFixture(t *testing.T) {
	f, err := os.Open("testdata/winlogbeat.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []*bonafide.Event
	if err := Parse(f, "winlogbeat.ndjson", func(e *bonafide.Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(evs) != 8 {
		t.Fatalf("got %d events, want 8", len(evs))
	}
	type kv struct{ field, value string }
	tests := []struct {
		i    int
		want []kv
	}{
		{0, []kv{
			{"@timestamp", "2025-03-04T09:15:02.123Z"}, {"event.provider", "sysmon"},
			{"event.dataset", "sysmon.process_create"}, {"event.category", "process"},
			{"event.id", "LT-JSMITH-07.corp.example/184467"}, {"event.action", "Process Create (rule: ProcessCreate)"},
			{"event.outcome", "unknown"}, {"user.name", `CORP\jsmith`}, {"user.id", "S-1-5-21-1004336348-1177238915-682003330-1105"},
			{"host.name", "lt-jsmith-07"}, {"host.id", "b3c2a1e0-9f21-4e0a-8c3f-6d4b3c2a1e0f"}, {"host.os.full", "Windows 11 Pro 10.0"},
			{"process.name", "AnyDesk.exe"}, {"process.executable", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`},
			{"process.command_line", `"C:\Program Files (x86)\AnyDesk\AnyDesk.exe" --control`},
			{"process.parent.name", "explorer.exe"},
			{"process.hash.sha256", "4a1b9d0f3e2c6b7a8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"},
			{"process.code_signature.subject_name", "AnyDesk Software GmbH"},
			{"extra.process.pid", "4412"}, {"extra.winlog.event_data.IntegrityLevel", "High"},
			{"extra.host.os.kernel", "10.0.22631.4037 (WinBuild.160101.0800)"}, {"extra.event.type", `["start"]`},
		}},
		{1, []kv{
			{"event.dataset", "sysmon.network_connection"}, {"event.category", "network"}, {"event.id", "LT-JSMITH-07.corp.example/184470"},
			{"source.ip", "192.0.2.44"}, {"source.port", "50512"}, {"destination.ip", "175.45.176.12"},
			{"destination.port", "443"}, {"destination.domain", "relay-9b1c.net.anydesk.com"},
			{"process.name", "AnyDesk.exe"}, {"extra.network.direction", "egress"},
		}},
		{2, []kv{
			{"@timestamp", "2025-03-04T00:17:00.5Z"}, {"event.dataset", "sysmon.dns_query"}, {"event.category", "network"},
			{"destination.domain", "api.astrill.com"}, {"process.name", "astrill.exe"},
			{"extra.dns.answers", `[{"data":"203.0.113.9","type":"A"}]`}, {"extra.winlog.event_data.QueryName", "api.astrill.com"},
			{"host.name", "LT-JSMITH-07.corp.example"},
		}},
		{3, []kv{
			{"event.dataset", "windows.security.logon"}, {"event.category", "authentication"}, {"event.outcome", "success"},
			{"event.action", "logged-in"}, {"user.name", `CORP\jsmith`}, {"source.ip", "175.45.176.12"}, {"source.port", ""},
			{"extra.winlog.event_data.LogonType", "10"}, {"extra.winlog.logon.type", "RemoteInteractive"},
			{"extra.source.domain", "LT-JSMITH-07"},
		}},
		{4, []kv{
			{"event.dataset", "windows.security.logon_failed"}, {"event.outcome", "failure"},
			{"user.name", `LT-JSMITH-07\administrator`}, {"source.ip", ""}, {"extra.winlog.event_data.SubStatus", "0xc000006a"},
			{"extra.winlog.event_data.LogonType", "3"}, {"host.name", "LT-JSMITH-07.corp.example"},
		}},
		{5, []kv{
			{"event.dataset", "windows.security.device_added"}, {"event.category", "device"},
			{"device.vendor_id", "1d6b"}, {"device.product_id", "0104"}, {"device.serial_number", "CAFEBABE"},
			{"device.model.name", "Multifunction Composite Gadget"}, {"extra.winlog.event_data.ClassName", "USB"},
			{"extra.winlog.event_data.DeviceId", `USB\VID_1D6B&PID_0104\CAFEBABE`}, {"event.id", "LT-JSMITH-07.corp.example/99200"},
		}},
		{6, []kv{
			{"event.dataset", "windows.pnp.device"}, {"event.category", "device"}, {"device.vendor_id", "046d"},
			{"device.product_id", "c52b"}, {"device.serial_number", "6&2C9E3A1&0&3"}, {"extra.winlog.event_data.DriverName", "usb.inf"},
		}},
		{7, []kv{
			{"event.dataset", "windows.system"}, {"event.category", "configuration"}, {"event.outcome", "unknown"},
			{"extra.winlog.event_data.ServiceName", "AnyDesk"}, {"extra.tags", `["beats_input_codec_plain_applied"]`},
			{"extra.event.category", `["configuration","package"]`},
		}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			t.Run(fmt.Sprintf("%d/%s", tt.i, w.field), func(t *testing.T) {
				if got := evs[tt.i].Field(w.field); got != w.value {
					t.Errorf("event %d %s = %q, want %q", tt.i, w.field, got, w.value)
				}
			})
		}
	}
	for i, e := range evs {
		if !stdjson.Valid(e.Raw) || bytes.HasSuffix(e.Raw, []byte("\n")) {
			t.Errorf("event %d Raw not the JSON line: %q", i, e.Raw)
		}
	}
}

func TestUnknownFieldsKept(t *testing.T) {
	in := `{"@timestamp":"2025-01-01T00:00:00Z","winlog":{"event_id":"1","provider_name":"Microsoft-Windows-Sysmon","event_data":{"Image":"C:\\x\\y.exe","Hashes":"MD5=AA,SHA256=ABCDEF"}},"custom":{"deep":{"k":1.5}},"flag":true,"nothing":null}`
	var ev *bonafide.Event
	if err := Parse(strings.NewReader(in), "u.json", func(e *bonafide.Event) error { ev = e; return nil }); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"custom.deep.k": "1.5", "flag": "true", "nothing": "", "winlog.event_id": "1",
		"winlog.event_data.Hashes": "MD5=AA,SHA256=ABCDEF"}
	for k, v := range want {
		if got, ok := ev.Extra[k]; !ok || got != v {
			t.Errorf("Extra[%q] = %q, %v; want %q", k, got, ok, v)
		}
	}
	// fall-backs from event_data
	if ev.ProcessName != "y.exe" || ev.ProcessPath != `C:\x\y.exe` || ev.ProcessHash != "abcdef" || ev.Dataset != "sysmon.process_create" {
		t.Errorf("event = %+v", ev)
	}
}

func TestParseDeviceID(t *testing.T) {
	tests := []struct {
		in, v, p, s string
		ok          bool
	}{
		{`USB\VID_1D6B&PID_0104\CAFEBABE`, "1d6b", "0104", "CAFEBABE", true},
		{`USB\VID_046D&PID_C52B&MI_00\7&1A2B3C&0&0000`, "046d", "c52b", "7&1A2B3C&0&0000", true},
		{`usb\vid_05ac&pid_12a8`, "05ac", "12a8", "", true},
		{`USBSTOR\Disk&Ven_SanDisk&Prod_Ultra\4C530001`, "", "", "", false},
		{`USB\VID_1D6&PID_0104\X`, "", "", "", false},
		{``, "", "", "", false},
	}
	for _, tt := range tests {
		v, p, s, ok := ParseDeviceID(tt.in)
		if v != tt.v || p != tt.p || s != tt.s || ok != tt.ok {
			t.Errorf("ParseDeviceID(%q) = %q %q %q %v", tt.in, v, p, s, ok)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := `{"@timestamp":"2025-01-01T00:00:00Z","winlog":{"event_id":"3"}}`
	tests := []struct {
		name, in, want string
		line           int
	}{
		{"json", good + "\n{", "bad.json:2", 2},
		{"no time", good + "\n\n" + `{"winlog":{}}`, `bad.json:3 field "@timestamp": missing`, 3},
		{"time", `{"@timestamp":"04/03/2025"}`, `bad.json:1 field "@timestamp"`, 1},
		{"source ip", `{"@timestamp":"2025-01-01T00:00:00Z","source":{"ip":"999.1.1.1"}}`, `bad.json:1 field "source.ip"`, 1},
		{"fallback ip", `{"@timestamp":"2025-01-01T00:00:00Z","winlog":{"event_data":{"IpAddress":"host-a"}}}`, `bad.json:1 field "winlog.event_data.IpAddress"`, 1},
		{"port", `{"@timestamp":"2025-01-01T00:00:00Z","destination":{"port":70000}}`, `bad.json:1 field "destination.port"`, 1},
		{"not object", `"str"`, "bad.json:1: invalid JSON: not a JSON object", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Parse(strings.NewReader(tt.in), "bad.json", func(*bonafide.Event) error { return nil })
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want %q at line %d", err, tt.want, tt.line)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("testdata/winlogbeat.ndjson")
	for _, l := range bytes.Split(data, []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(`[{"@timestamp":"2025-01-01T00:00:00Z","x":[1]}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz.json", func(e *bonafide.Event) error {
			if e.Source != Source || e.Extra == nil || e.Timestamp.IsZero() {
				t.Fatalf("bad event %+v", e)
			}
			return nil
		})
	})
}

func BenchmarkParse(b *testing.B) {
	line, err := os.ReadFile("testdata/winlogbeat.ndjson")
	if err != nil {
		b.Fatal(err)
	}
	first := bytes.SplitN(line, []byte("\n"), 2)[0]
	var buf bytes.Buffer
	for range 100000 {
		buf.Write(first)
		buf.WriteByte('\n')
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for range b.N {
		if err := Parse(bytes.NewReader(in), "bench.json", func(*bonafide.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// FuzzFlatten checks the tokenizer-based flattener against encoding/json: it accepts exactly
// the single JSON objects encoding/json accepts, and maps nested scalars the same way.
func FuzzFlatten(f *testing.F) {
	data, _ := os.ReadFile("testdata/winlogbeat.ndjson")
	for _, l := range bytes.Split(data, []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(`{"a":{},"b":[1, {"c":null}],"d":"\u00e9\n","e":-1.5e3,"f":true}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out := fields{}
		err := flattenJSON(in, out)
		var m map[string]any
		d := stdjson.NewDecoder(bytes.NewReader(in))
		d.UseNumber()
		serr := d.Decode(&m)
		valid := stdjson.Valid(in) && serr == nil && m != nil
		if err == nil && !valid {
			t.Fatalf("flattenJSON accepted %q", in)
		}
		if err != nil && valid {
			t.Fatalf("flattenJSON rejected valid %q: %v", in, err)
		}
	})
}

func TestParseArray(t *testing.T) {
	in := "\n  [\n" + `{"@timestamp":"2025-01-01T00:00:00Z","winlog":{"computer_name":"PC1","record_id":7}},` + "\n" +
		`{"@timestamp":"2025-01-01T00:00:01Z","winlog":{"computer_name":"PC1","record_id":8}}` + "\n]\n"
	var ids []string
	if err := Parse(strings.NewReader(in), "a.json", func(e *bonafide.Event) error { ids = append(ids, e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, " ") != "PC1/7 PC1/8" {
		t.Errorf("ids = %q", ids)
	}
	tests := []struct{ in, want string }{
		{`[{"@timestamp":"2025-01-01T00:00:00Z"},{"@timestamp":"x"}]`, `a.json record [1] field "@timestamp"`},
		{`[{"@timestamp":"2025-01-01T00:00:00Z"},{"@timestamp":`, `a.json record [1]: invalid JSON`},
		{`[{"@timestamp":"2025-01-01T00:00:00Z"}] x`, `a.json: data after the JSON array`},
		{`[1]`, `a.json record [0]: invalid JSON`},
	}
	for _, tt := range tests {
		err := Parse(strings.NewReader(tt.in), "a.json", func(*bonafide.Event) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestLeadingBlankLinesCounted(t *testing.T) {
	err := Parse(strings.NewReader("\n\n{bad"), "b.json", func(*bonafide.Event) error { return nil })
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.Line != 3 {
		t.Errorf("err = %v", err)
	}
}
