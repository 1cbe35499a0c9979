package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func splitAll(t *testing.T, source, in string) ([]string, error) {
	t.Helper()
	var out []string
	err := Split(strings.NewReader(in), source, "in", func(rec []byte) error {
		out = append(out, string(rec))
		return nil
	})
	return out, err
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, source, in string
		want             []string
	}{
		{"json lines", "entra", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n", []string{`{"id":"a"}`, `{"id":"b"}`}},
		{"bom and blank lines", "okta", "\uFEFF\n\n{\"a\":1}\r\n\r\n{\"a\":2}", []string{`{"a":1}`, `{"a":2}`}},
		{"array pretty", "okta", "[\n {\n  \"a\": 1\n },\n {\"a\": [2, 3]}\n]\n", []string{`{"a":1}`, `{"a": [2, 3]}`}},
		{"graph envelope", "entra", `{"@odata.context":"x","value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"y"}`, []string{`{"id":"a"}`, `{"id":"b"}`}},
		{"workspace envelope", "gworkspace", `{"kind":"admin#reports#activities","etag":"e","items":[{"id":{"time":"t"}}],"nextPageToken":"p"}`, []string{`{"id":{"time":"t"}}`}},
		{"event hubs envelope", "entra", `{"records":[{"time":"t"}]}`, []string{`{"time":"t"}`}},
		{"record with a value array stays whole", "osquery", `{"name":"x","value":[1]}`, []string{`{"name":"x","value":[1]}`}},
		{"csv", "csv", "@timestamp,user.name\n2025-01-01T00:00:00Z,a\n2025-01-02T00:00:00Z,\"b\nc\"\n",
			[]string{"@timestamp,user.name\n2025-01-01T00:00:00Z,a\n", "@timestamp,user.name\n2025-01-02T00:00:00Z,\"b\nc\"\n"}},
		{"empty", "entra", "  \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitAll(t, tt.source, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSplitBad(t *testing.T) {
	tests := []struct{ name, source, in, want string }{
		{"json", "entra", "{\"id\":\"a\"}\n{\"id\":\n", "in record 2:"},
		{"array", "okta", "[{\"a\":1},{\"a\"]", "in record 2:"},
		{"csv", "csv", "a,b\n1,2\n3\n", "in:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := splitAll(t, tt.source, tt.in)
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestSplitFixturesParse(t *testing.T) {
	// Every record Split makes from the parsers' fixtures parses on its own, and gives as many
	// events as the whole file.
	for _, tt := range []struct{ source, file string }{
		{"entra", "../entra/testdata/graph_signins.json"},
		{"entra", "../entra/testdata/diagnostic_signinlogs.jsonl"},
		{"okta", "../okta/testdata/systemlog.json"},
		{"gworkspace", "../gworkspace/testdata/login_activities.json"},
		{"osquery", "../osquery/testdata/results.log"},
		{"sysmon", "../sysmon/testdata/winlogbeat.ndjson"},
		{"csv", "../csv/testdata/events.csv"},
	} {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			parse := sourceParser(t, tt.source)
			whole := 0
			if err := parse(bytes.NewReader(b), tt.file, func(*bonafide.Event) error { whole++; return nil }); err != nil {
				t.Fatal(err)
			}
			parts := 0
			err = Split(bytes.NewReader(b), tt.source, tt.file, func(rec []byte) error {
				return parse(bytes.NewReader(rec), "rec", func(*bonafide.Event) error { parts++; return nil })
			})
			if err != nil {
				t.Fatal(err)
			}
			if parts != whole || whole == 0 {
				t.Errorf("split gives %d events, whole file %d", parts, whole)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", false)
	f.Add(`{"value":[{"a":1},{"b":[1,2]}]}`, false)
	f.Add("[{\"a\":1},\n{\"a\":2}]", false)
	f.Add("a,b\n1,2\n", true)
	f.Fuzz(func(t *testing.T, in string, csv bool) {
		source := "entra"
		if csv {
			source = "csv"
		}
		n := 0
		err := Split(strings.NewReader(in), source, "fuzz", func(rec []byte) error {
			n++
			if !csv {
				if !json.Valid(rec) {
					t.Fatalf("record %q is not JSON", rec)
				}
				if bytes.ContainsAny(rec, "\r\n") {
					t.Fatalf("record %q spans lines", rec)
				}
			}
			return nil
		})
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "fuzz" {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
		}
	})
}

func TestCheckpointFile(t *testing.T) {
	cp := FileCheckpoints{Path: filepath.Join(t.TempDir(), "sub", "x.ckpt")}
	if _, _, ok, err := cp.Load(); ok || err != nil {
		t.Fatalf("empty: ok %v err %v", ok, err)
	}
	for _, st := range []struct {
		seq   uint64
		state string
	}{{7, "hello"}, {1 << 40, ""}, {9, strings.Repeat("x", 100000)}} {
		if err := cp.Save(st.seq, []byte(st.state)); err != nil {
			t.Fatal(err)
		}
		seq, state, ok, err := cp.Load()
		if err != nil || !ok || seq != st.seq || string(state) != st.state {
			t.Fatalf("Load = %d, %d bytes, %v, %v; want %d, %d bytes", seq, len(state), ok, err, st.seq, len(st.state))
		}
	}
	b, _ := os.ReadFile(cp.Path)
	b[len(b)/2] ^= 1
	os.WriteFile(cp.Path, b, 0o600)
	_, _, _, err := cp.Load()
	if bonafide.KindOf(err) != bonafide.Invalid || !strings.Contains(err.Error(), "checksum") || !strings.Contains(err.Error(), cp.Path) {
		t.Errorf("corrupt checkpoint: %v", err)
	}
	if _, err := os.Stat(cp.Path + ".tmp"); err == nil {
		t.Errorf("temporary file left behind")
	}
}
