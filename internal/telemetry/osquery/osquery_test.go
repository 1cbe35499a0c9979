package osquery

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	stdjson "encoding/json"
	"github.com/bonafide-oss/bonafide/bonafide"
)

func parseFile(t *testing.T, path string) []*bonafide.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []*bonafide.Event
	if err := Parse(f, "results.log", func(e *bonafide.Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestParseFixture(t *testing.T) {
	evs := parseFile(t, "testdata/results.log")
	if len(evs) != 11 {
		t.Fatalf("got %d events, want 11", len(evs))
	}
	type want struct {
		field, value string
	}
	tests := []struct {
		i    int
		want []want
	}{
		{0, []want{
			{"@timestamp", "2025-03-04T09:15:02Z"}, {"event.provider", "osquery"},
			{"event.dataset", "osquery.processes"}, {"event.category", "process"},
			{"event.action", "added"}, {"event.outcome", "unknown"},
			{"host.id", "8c3f1a2e-5b7d-4e0a-9f21-6d4b3c2a1e0f"}, {"host.name", "LT-JSMITH-07"},
			{"host.os.full", "Microsoft Windows 11 Pro 10.0.22631"},
			{"process.name", "AnyDesk.exe"}, {"process.executable", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`},
			{"process.command_line", `"C:\Program Files (x86)\AnyDesk\AnyDesk.exe" --control`},
			{"extra.columns.pid", "4412"}, {"extra.columns.parent", "812"}, {"extra.columns.uid", "-1"},
			{"extra.decorations.host_uuid", "4C4C4544-0042-3510-8052-B7C04F4E3732"},
			{"extra.counter", "12"}, {"extra.epoch", "0"}, {"extra.numerics", "false"},
		}},
		{1, []want{
			{"@timestamp", "2025-03-04T09:20:00Z"}, {"event.dataset", "osquery.usb_devices"},
			{"event.category", "device"}, {"event.action", "snapshot"}, {"event.id", "LT-JSMITH-07/usb_inventory/3/0"},
			{"host.name", "lt-jsmith-07.corp.example"},
			{"device.vendor_id", "1d6b"}, {"device.product_id", "0002"}, {"device.manufacturer", "Linux Foundation"},
			{"device.model.name", "2.0 root hub"}, {"device.serial_number", "0000:00:14.0"},
			{"extra.columns.class", "9"}, {"extra.columns.removable", "0"}, {"extra.columns.usb_port", "1"},
		}},
		{2, []want{
			{"event.id", "LT-JSMITH-07/usb_inventory/3/1"}, {"device.vendor_id", "2357"}, {"device.product_id", "0604"},
			{"device.manufacturer", "TP-Link"}, {"device.serial_number", "E848B8C82000"}, {"extra.columns.removable", "1"},
		}},
		{3, []want{
			{"event.dataset", "osquery.logged_in_users"}, {"event.category", "session"}, {"event.action", "added"},
			{"event.id", "ubuntu-build-3/pack_hr_logged_in_users/7/0"}, {"user.name", "jsmith"},
			{"source.ip", "175.45.176.12"}, {"extra.columns.tty", "pts/0"}, {"extra.columns.time", "1741082391"},
			{"extra.columns.host", ""},
		}},
		{4, []want{
			{"source.ip", ""}, {"extra.columns.host", "tmux(1201).%0"}, {"event.id", "ubuntu-build-3/pack_hr_logged_in_users/7/1"},
		}},
		{5, []want{
			{"event.action", "removed"}, {"source.ip", "2001:db8::7"}, {"event.id", "ubuntu-build-3/pack_hr_logged_in_users/7/2"},
		}},
		{6, []want{
			{"event.dataset", "osquery.programs"}, {"event.category", "package"}, {"package.name", "AnyDesk"},
			{"package.version", "ad 8.0.8"}, {"host.name", "LT-JSMITH-07"}, {"host.os.full", "Microsoft Windows 11 Pro 10.0.22631"},
			{"extra.columns.publisher", "AnyDesk Software GmbH"}, {"extra.columns.install_date", "20250303"},
			{"extra.logNumericsAsNumbers", "false"},
		}},
		{7, []want{
			{"event.dataset", "osquery.deb_packages"}, {"event.action", "removed"}, {"package.name", "rustdesk"},
			{"package.version", "1.3.7"}, {"extra.columns.maintainer", "rustdesk <info@rustdesk.com>"},
		}},
		{8, []want{
			{"@timestamp", "2025-03-04T13:00:00Z"}, {"event.dataset", "osquery.apps"}, {"package.name", "Astrill"},
			{"package.version", "3.10.1"}, {"extra.columns.bundle_identifier", "com.astrill.AstrillVPN"},
			{"extra.columns.name", "Astrill.app"},
		}},
		{9, []want{
			{"event.dataset", "osquery.rpm_packages"}, {"package.name", "openssh-server"},
			{"package.version", "8.7p1-38.el9"}, {"extra.columns.size", "1291826"}, {"extra.columns.vendor", "Red Hat, Inc."},
			{"host.name", ""}, {"host.os.full", ""},
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
	// the differential row ID is stable and carries the action
	if id := evs[0].ID; !strings.HasPrefix(id, "8c3f1a2e-5b7d-4e0a-9f21-6d4b3c2a1e0f/pack_hr_processes/12/a") {
		t.Errorf("ID = %q", id)
	}
	if evs[0].Timestamp.Location() != time.UTC {
		t.Error("timestamp not UTC")
	}
	// Raw is the whole line, and valid JSON
	if !bytes.HasPrefix(evs[1].Raw, []byte(`{"name":"usb_inventory"`)) || !stdjson.Valid(evs[1].Raw) {
		t.Errorf("Raw = %q", evs[1].Raw)
	}
	if evs[3].SourceIP != netip.MustParseAddr("175.45.176.12") {
		t.Errorf("SourceIP = %v", evs[3].SourceIP)
	}
}

func TestUnknownFieldsKept(t *testing.T) {
	in := `{"name":"custom_query","hostIdentifier":"h1","unixTime":1741096800,"counter":1,"columns":{"foo":"bar"},"action":"added","extra_top":{"a":{"b":"c"}},"list":[1,"x"],"decorations":{"team":"blue"}}`
	var ev *bonafide.Event
	if err := Parse(strings.NewReader(in), "x.log", func(e *bonafide.Event) error { ev = e; return nil }); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"columns.foo": "bar", "extra_top.a.b": "c", "list": `[1,"x"]`, "decorations.team": "blue", "counter": "1",
	}
	for k, v := range want {
		if ev.Extra[k] != v {
			t.Errorf("Extra[%q] = %q, want %q", k, ev.Extra[k], v)
		}
	}
	if ev.Dataset != "osquery.custom_query" || ev.Category != "" {
		t.Errorf("Dataset %q Category %q", ev.Dataset, ev.Category)
	}
}

func TestDifferentialIDStable(t *testing.T) {
	a := `{"name":"q","hostIdentifier":"h","unixTime":1,"counter":4,"columns":{"x":"1","y":"2"},"action":"added"}`
	b := `{"name":"q","hostIdentifier":"h","unixTime":1,"counter":4,"columns":{"y":"2","x":"1"},"action":"added"}`
	c := `{"name":"q","hostIdentifier":"h","unixTime":1,"counter":4,"columns":{"x":"1","y":"3"},"action":"added"}`
	var ids []string
	err := Parse(strings.NewReader(a+"\n"+b+"\r\n\n"+c), "d.log", func(e *bonafide.Event) error { ids = append(ids, e.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] != ids[1] || ids[0] == ids[2] {
		t.Errorf("ids = %q", ids)
	}
}

func TestNormalizeUSBID(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1d6b", "1d6b", true}, {"0x1d6b", "1d6b", true}, {"0X1D6B", "1d6b", true}, {"5ac", "05ac", true},
		{" 0002 ", "0002", true}, {"", "", false}, {"0x", "", false}, {"12345", "", false}, {"zz01", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeUSBID(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeUSBID(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := `{"name":"q","hostIdentifier":"h","unixTime":1,"columns":{"a":"b"},"action":"added"}`
	tests := []struct {
		name, in, want string
		line           int
	}{
		{"json", good + "\n{not json", "bad.log:2", 2},
		{"time", good + "\n" + good + "\n" + `{"name":"q","unixTime":"yesterday","columns":{}}`, `bad.log:3 field "unixTime"`, 3},
		{"calendar", `{"name":"q","calendarTime":"Mar 4","columns":{}}`, `bad.log:1 field "calendarTime"`, 1},
		{"no time", `{"name":"q","columns":{}}`, `bad.log:1 field "calendarTime"`, 1},
		{"name type", `{"name":3,"unixTime":1,"columns":{}}`, `bad.log:1 field "name"`, 1},
		{"snapshot", `{"name":"q","unixTime":1,"snapshot":{"a":1}}`, `bad.log:1 field "snapshot"`, 1},
		{"row", `{"name":"q","unixTime":1,"snapshot":[{"a":"1"},"x"]}`, `bad.log:1 field "snapshot[1]"`, 1},
		{"no rows", `{"name":"q","unixTime":1}`, `bad.log:1 field "columns"`, 1},
		{"array", `[1,2]`, "bad.log:1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Parse(strings.NewReader(tt.in), "bad.log", func(*bonafide.Event) error { return nil })
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q (line %d), want it to contain %q (line %d)", err, ie.Line, tt.want, tt.line)
			}
		})
	}
}

func TestCallbackError(t *testing.T) {
	stop := errors.New("stop")
	err := Parse(strings.NewReader(`{"name":"q","unixTime":1,"columns":{"a":"b"}}`), "x", func(*bonafide.Event) error { return stop })
	if err != stop {
		t.Errorf("err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("testdata/results.log")
	for _, l := range bytes.Split(data, []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(`{"name":"q","unixTime":1,"diffResults":{"added":[{"usb_port":"1","vendor_id":"0x"}],"removed":null}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz.log", func(e *bonafide.Event) error {
			if e.Source != Source || e.Extra == nil {
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
	for i := range 100000 {
		fmt.Fprintf(&buf, `{"name":"pack_hr_processes","hostIdentifier":"host-%d","calendarTime":"Tue Mar  4 09:15:02 2025 UTC","unixTime":%d,"epoch":0,"counter":%d,"numerics":false,"decorations":{"hostname":"LT-%d"},"columns":{"cmdline":"C:\\Windows\\system32\\svchost.exe -k netsvcs","name":"svchost.exe","parent":"812","path":"C:\\Windows\\system32\\svchost.exe","pid":"%d","uid":"-1"},"action":"added"}`+"\n", i%50, 1741079702+i, i, i%50, i)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for range b.N {
		if err := Parse(bytes.NewReader(in), "bench.log", func(*bonafide.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

func TestOSVersionDecorations(t *testing.T) {
	in := `{"name":"q","hostIdentifier":"h","unixTime":1,"decorations":{"name":"Ubuntu","version":"22.04.4 LTS (Jammy Jellyfish)","major":"22","minor":"4","platform":"ubuntu","hostname":"u1"},"columns":{"a":"b"},"action":"added"}`
	var ev *bonafide.Event
	if err := Parse(strings.NewReader(in), "x", func(e *bonafide.Event) error { ev = e; return nil }); err != nil {
		t.Fatal(err)
	}
	if ev.HostOS != "Ubuntu 22.04.4 LTS (Jammy Jellyfish)" || ev.HostName != "u1" || ev.Extra["decorations.major"] != "22" || ev.Extra["decorations.name"] != "" {
		t.Errorf("HostOS %q HostName %q Extra %v", ev.HostOS, ev.HostName, ev.Extra)
	}
}
