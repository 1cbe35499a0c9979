package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// collect is a Processor keeping every event.
type collect struct{ evs []*bonafide.Event }

func (c *collect) Process(ev *bonafide.Event) { c.evs = append(c.evs, ev) }

func TestRunSources(t *testing.T) {
	tests := []struct {
		src, file  string
		wantEvents int64
		firstUser  string
		firstIP    string
	}{
		{"entra", "../entra/testdata/graph_signins.json", 2, "Jordan.Avery@contoso.example", "203.0.113.7"},
		{"entra", "../entra/testdata/diagnostic_signinlogs.jsonl", 1, "", "2001:db8:4f1::25"},
		{"okta", "../okta/testdata/systemlog.json", -1, "", ""},
		{"gworkspace", "../gworkspace/testdata/login_activities.json", -1, "", ""},
		{"osquery", "../osquery/testdata/results.log", -1, "", ""},
		{"sysmon", "../sysmon/testdata/winlogbeat.ndjson", -1, "", ""},
		{"csv", "../csv/testdata/events.csv", -1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.src+"/"+tt.file, func(t *testing.T) {
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var c collect
			st, err := Run(context.Background(), tt.src, bytes.NewReader(b), tt.file, &c)
			if err != nil {
				t.Fatal(err)
			}
			if st.Bytes != int64(len(b)) {
				t.Errorf("Bytes = %d, want %d", st.Bytes, len(b))
			}
			if st.Events != int64(len(c.evs)) || st.Events == 0 {
				t.Errorf("Events = %d, processed %d", st.Events, len(c.evs))
			}
			if tt.wantEvents >= 0 && st.Events != tt.wantEvents {
				t.Errorf("Events = %d, want %d", st.Events, tt.wantEvents)
			}
			if st.Errors != 0 {
				t.Errorf("Errors = %d", st.Errors)
			}
			for i, ev := range c.evs {
				if ev.Source != tt.src {
					t.Errorf("event %d: Source = %q, want %q", i, ev.Source, tt.src)
				}
				if len(ev.Raw) == 0 {
					t.Errorf("event %d: no Raw", i)
				}
			}
			if tt.firstUser != "" && c.evs[0].UserName != tt.firstUser {
				t.Errorf("UserName = %q, want %q", c.evs[0].UserName, tt.firstUser)
			}
			if tt.firstIP != "" && c.evs[0].SourceIP.String() != tt.firstIP {
				t.Errorf("SourceIP = %v, want %s", c.evs[0].SourceIP, tt.firstIP)
			}
		})
	}
}

func TestRunBadRecord(t *testing.T) {
	in := `{"id":"a","createdDateTime":"2025-03-04T09:15:27Z","userPrincipalName":"a@example.com","ipAddress":"203.0.113.7","status":{"errorCode":0}}
{"id":"b","createdDateTime":"2025-03-04T09:16:27Z","userPrincipalName":"b@example.com","ipAddress":"not-an-ip","status":{"errorCode":0}}
{"id":"c","createdDateTime":"2025-03-04T09:17:27Z","userPrincipalName":"c@example.com","ipAddress":"203.0.113.9","status":{"errorCode":0}}
`
	var c collect
	st, err := Run(context.Background(), "entra", strings.NewReader(in), "signins.jsonl", &c)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *bonafide.InputError", err)
	}
	if ie.File != "signins.jsonl" || ie.Line != 2 || ie.Field != "ipAddress" {
		t.Errorf("located at %q line %d field %q, want signins.jsonl line 2 ipAddress", ie.File, ie.Line, ie.Field)
	}
	for _, want := range []string{"signins.jsonl", "2", "ipAddress"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if st.Errors != 1 || st.Events != 1 || len(c.evs) != 1 {
		t.Errorf("stats %+v, processed %d; want 1 event then 1 error", st, len(c.evs))
	}
}

func TestRunUnknownSource(t *testing.T) {
	_, err := Run(context.Background(), "splunk", strings.NewReader(""), "x", &collect{})
	if bonafide.KindOf(err) != bonafide.Invalid || !strings.Contains(err.Error(), `"splunk"`) {
		t.Fatalf("err = %v, want Invalid naming the source", err)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := benchLines(t, 1000)
	st, err := Run(ctx, "entra", bytes.NewReader(in), "x.jsonl", &collect{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st.Events != 0 {
		t.Errorf("Events = %d after cancel, want 0", st.Events)
	}
}

func TestProcessorFunc(t *testing.T) {
	n := 0
	st, err := Run(context.Background(), "entra", bytes.NewReader(benchLines(t, 10)), "x.jsonl",
		ProcessorFunc(func(*bonafide.Event) { n++ }))
	if err != nil || n != 10 || st.Events != 10 {
		t.Fatalf("n = %d, stats %+v, err %v", n, st, err)
	}
}

func TestSourceNames(t *testing.T) {
	got := strings.Join(SourceNames(), ",")
	if got != "csv,entra,gworkspace,okta,osquery,sysmon" {
		t.Errorf("SourceNames = %s", got)
	}
}
