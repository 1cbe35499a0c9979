package gworkspace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func parseAll(t testing.TB, name string, r io.Reader) ([]*bonafide.Event, error) {
	t.Helper()
	var evs []*bonafide.Event
	err := Parse(r, name, func(e *bonafide.Event) error {
		evs = append(evs, e)
		return nil
	})
	return evs, err
}

func TestParseActivities(t *testing.T) {
	f, err := os.Open("testdata/login_activities.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := parseAll(t, "login_activities.json", f)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		ts, id, category, action, outcome, reason string
		user, email, userID, ip, country          string
		asn                                       uint32
		authMethod                                string
		extra                                     map[string]string
	}
	wants := []want{{
		ts: "2025-02-12T08:15:30.123Z", id: "-4719302710123456789", category: "authentication", action: "login_success",
		outcome: "success", user: "Alex.Kim@example.org", email: "alex.kim@example.org", userID: "104857392011234567890",
		ip: "203.0.113.50", country: "US", asn: 64511, authMethod: "password,google_authenticator",
		extra: map[string]string{
			"parameters.login_type": "google_password", "parameters.is_suspicious": "false",
			"parameters.login_challenge_method": "password,google_authenticator", "parameters.login_timestamp": "1739348130123000",
			"type": "login", "id.customerId": "C03az79cb", "id.applicationName": "login", "actor.callerType": "USER",
			"networkInfo.subdivisionCode": "US-CA", "kind": "admin#reports#activity",
		},
	}, {
		ts: "2025-02-12T21:02:07Z", id: "8823104472019283746/0", category: "authentication", action: "login_challenge",
		outcome: "failure", user: "alex.kim@example.org", email: "alex.kim@example.org", userID: "104857392011234567890",
		ip: "175.45.176.10", country: "KP", asn: 131279, authMethod: "idv_preregistered_phone",
		extra: map[string]string{"parameters.is_suspicious": "true", "parameters.login_challenge_status": "Challenge Failed"},
	}, {
		ts: "2025-02-12T21:02:07Z", id: "8823104472019283746/1", category: "authentication", action: "login_failure",
		outcome: "failure", reason: "login_failure_invalid_second_factor", user: "alex.kim@example.org",
		email: "alex.kim@example.org", userID: "104857392011234567890", ip: "175.45.176.10", country: "KP", asn: 131279,
		extra: map[string]string{"parameters.login_failure_type": "login_failure_invalid_second_factor", "parameters.login_challenge_status": ""},
	}, {
		ts: "2025-02-13T01:30:00.5Z", id: "-1029384756473829100", category: "configuration", action: "2sv_enroll",
		outcome: "unknown", user: "alex.kim@example.org", email: "alex.kim@example.org", userID: "104857392011234567890",
		ip:    "2001:db8:77::10",
		extra: map[string]string{"parameters.affected_email_address": "alex.kim@example.org", "type": "account_warning"},
	}}
	if len(evs) != len(wants) {
		t.Fatalf("got %d events, want %d", len(evs), len(wants))
	}
	for i, w := range wants {
		e := evs[i]
		check := func(field, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("event %d %s = %q, want %q", i, field, got, want)
			}
		}
		check("Timestamp", e.Timestamp.Format(time.RFC3339Nano), w.ts)
		check("zone", e.Timestamp.Location().String(), "UTC")
		check("Source", e.Source, "gworkspace")
		check("Dataset", e.Dataset, "gworkspace.login")
		check("ID", e.ID, w.id)
		check("Category", string(e.Category), w.category)
		check("Action", e.Action, w.action)
		check("Outcome", e.Outcome, w.outcome)
		check("Reason", e.Reason, w.reason)
		check("UserName", e.UserName, w.user)
		check("UserEmail", e.UserEmail, w.email)
		check("UserID", e.UserID, w.userID)
		check("SourceIP", e.SourceIP.String(), w.ip)
		check("SourceCountry", e.SourceCountry, w.country)
		check("SourceASN", fmt.Sprint(e.SourceASN), fmt.Sprint(w.asn))
		check("AuthMethod", e.AuthMethod, w.authMethod)
		for k, v := range w.extra {
			check("Extra["+k+"]", e.Extra[k], v)
		}
		if !bytes.Contains(e.Raw, []byte(strings.SplitN(w.id, "/", 2)[0])) {
			t.Errorf("event %d Raw = %.60q", i, e.Raw)
		}
	}
}

func TestShapesAndUnknownFields(t *testing.T) {
	act := `{"kind":"admin#reports#activity","id":{"time":"2025-01-02T03:04:05Z","uniqueQualifier":"q1"},"actor":{"email":"a@example.org"},"ipAddress":"192.0.2.9","futureField":{"x":[true]},"events":[{"type":"login","name":"logout","newEventField":"n","parameters":[{"name":"weird","messageValue":{"parameter":[{"name":"k","value":"v"}]}},{"value":"orphan"}]}]}`
	tests := []struct{ name, in string }{
		{"jsonl", act + "\n" + act},
		{"array", "[" + act + "," + act + "]"},
		{"pages", `{"kind":"admin#reports#activities","items":[` + act + `]}` + "\n" + `{"items":[` + act + `],"nextPageToken":"t"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := parseAll(t, "x.json", strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 2 {
				t.Fatalf("got %d events, want 2", len(evs))
			}
			e := evs[1]
			want := map[string]string{
				"kind": "admin#reports#activity", "futureField.x.0": "true", "newEventField": "n", "type": "login", "parameters.1": "orphan",
				"parameters.weird.messageValue.parameter.0.name": "k", "parameters.weird.messageValue.parameter.0.value": "v",
			}
			for k, v := range want {
				if e.Extra[k] != v {
					t.Errorf("Extra[%q] = %q, want %q (Extra %v)", k, e.Extra[k], v, e.Extra)
				}
			}
			if len(e.Extra) != len(want) {
				t.Errorf("Extra = %v", e.Extra)
			}
			if e.Outcome != "success" || e.Action != "logout" || e.ID != "q1" || e.SourceIP.String() != "192.0.2.9" {
				t.Errorf("event = %+v", e)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	good := `{"id":{"time":"2025-01-02T03:04:05Z"},"events":[{"name":"logout"}]}`
	tests := []struct{ name, in, want string }{
		{"bad ip", good + "\n" + `{"ipAddress":"10.0.0.300"}`, `login.json:2 field "ipAddress": bad IP address "10.0.0.300"`},
		{"bad time", `{"id":{"time":"Feb 12"}}`, `login.json:1 field "id.time": bad timestamp "Feb 12"`},
		{"bad asn in page", "{\"items\":[\n" + good + ",\n" + `{"networkInfo":{"ipAsn":["AS1"]}}]}`, `login.json:3 record items[1] field "networkInfo.ipAsn.0": bad AS number "AS1"`},
		{"broken", `{"id":`, `login.json:1: bad record`},
		{"object events", `{"id":{"time":"2025-01-02T03:04:05Z"},"events":{"name":1}}` + "\n" + `{"ipAddress":"x"}`, `login.json:2 field "ipAddress"`},
		{"not an activity (an Okta event)", `{"uuid":"x","published":"2025-01-02T03:04:05Z","eventType":"user.session.start"}`, `login.json:1 field "id.time": missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAll(t, "login.json", strings.NewReader(tt.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *bonafide.InputError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestActivityWithoutEvents(t *testing.T) {
	evs, err := parseAll(t, "a.jsonl", strings.NewReader(`{"id":{"time":"2025-01-02T03:04:05Z","uniqueQualifier":"q9"},"actor":{"email":"b@example.org"},"events":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ID != "q9" || evs[0].Action != "" || evs[0].Outcome != "unknown" || evs[0].UserEmail != "b@example.org" {
		t.Fatalf("events = %+v", evs)
	}
}

func FuzzParse(f *testing.F) {
	b, err := os.ReadFile("testdata/login_activities.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"events":[{"parameters":[{"name":"a","multiValue":["x","y"]}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz", func(e *bonafide.Event) error {
			if e.Outcome != "success" && e.Outcome != "failure" && e.Outcome != "unknown" {
				t.Fatalf("outcome %q", e.Outcome)
			}
			return nil
		})
	})
}

func BenchmarkParse(b *testing.B) {
	raw, err := os.ReadFile("testdata/login_activities.json")
	if err != nil {
		b.Fatal(err)
	}
	var recs [][]byte
	seen := map[string]bool{}
	if err := Parse(bytes.NewReader(raw), "x", func(e *bonafide.Event) error {
		if !seen[string(e.Raw)] {
			seen[string(e.Raw)] = true
			recs = append(recs, bytes.Join(bytes.Fields(e.Raw), []byte(" ")))
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for i := 0; i < 100_000; i++ {
		in.Write(bytes.Replace(recs[i%len(recs)], []byte(`"uniqueQualifier": "`), []byte(`"uniqueQualifier": "`+strconv.Itoa(i)), 1))
		in.WriteByte('\n')
	}
	b.SetBytes(int64(in.Len()))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if err := Parse(bytes.NewReader(in.Bytes()), "bench.jsonl", func(*bonafide.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if n == 0 {
		b.Fatal("no events parsed")
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
