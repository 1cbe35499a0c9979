package okta

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

func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func TestParseSystemLog(t *testing.T) {
	f, err := os.Open("testdata/systemlog.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := parseAll(t, "systemlog.json", f)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		ts, id, category, action, outcome, reason string
		user, email, userID, ip, country, city    string
		asn                                       uint32
		asOrg, ua, hostID, hostName, hostOS       string
		managed                                   string
		authMethod, authDevice                    string
		extra                                     map[string]string
	}
	wants := []want{{
		ts: "2025-02-10T14:03:22.512Z", id: "5f3b1c2e-e7a8-11ef-9c1d-0b8f2a4e6c10", category: "authentication",
		action: "user.session.start", outcome: "success", user: "Sam.Rivera@example.com", email: "sam.rivera@example.com",
		userID: "00u1a2b3c4d5E6F7g8h9", ip: "198.51.100.23", country: "US", city: "Austin", asn: 64496,
		asOrg: "example broadband", ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
		hostOS: "Mac OS X", managed: "nil",
		extra: map[string]string{
			"client.userAgent.os": "Mac OS X", "client.geographicalContext.country": "United States", "securityContext.isProxy": "false",
			"securityContext.isp": "example broadband inc", "client.device": "Computer", "outcome.result": "SUCCESS",
			"debugContext.debugData.requestUri": "/idp/idx/identify", "target.0.type": "AppInstance",
			"request.ipChain.0.ip": "198.51.100.23", "legacyEventType": "core.user_auth.login_success",
			"authenticationContext.externalSessionId": "102xZ9aQb8cR7dS6eT5fU4gVw",
		},
	}, {
		ts: "2025-02-10T10:45:01Z", id: "7a9c0d1e-e7d3-11ef-8a2b-5d4c3b2a1f00", category: "authentication",
		action: "user.authentication.auth_via_mfa", outcome: "failure", reason: "INVALID_CREDENTIALS",
		user: "sam.rivera@example.com", email: "sam.rivera@example.com", userID: "00u1a2b3c4d5E6F7g8h9",
		ip: "175.45.176.10", country: "KP", city: "Pyongyang", asn: 131279, asOrg: "ryugyong-dong", ua: "okhttp/4.9.2",
		managed: "nil", authMethod: "SMS_FACTOR",
		extra: map[string]string{"securityContext.isProxy": "true", "client.geographicalContext.country": "North Korea", "debugContext.debugData.smsProvider": "TWILIO"},
	}, {
		ts: "2025-02-11T03:12:45.1Z", id: "9b8a7c6d-e7f1-11ef-b3c4-1a2b3c4d5e6f", category: "configuration",
		action: "user.mfa.factor.activate", outcome: "success", user: "sam.rivera@example.com", email: "sam.rivera@example.com",
		userID: "00u1a2b3c4d5E6F7g8h9", ip: "2001:db8:1::7", country: "CN", city: "Shenyang", asn: 4837, asOrg: "china unicom",
		ua:     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
		hostID: "guo1a2b3c4d5E6F7g8h9", hostName: "DESKTOP-7Q2K9LM", hostOS: "WINDOWS 10.0.19045", managed: "false",
		authMethod: "Okta Verify", authDevice: "pfd9z8y7x6W5v4U3t2s1",
		extra: map[string]string{"target.1.detailEntry.methodTypeUsed": "Push", "device.disk_encryption_type": "NONE", "device.registered": "true"},
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
		check("Source", e.Source, "okta")
		check("Dataset", e.Dataset, "okta.system")
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
		check("SourceCity", e.SourceCity, w.city)
		check("SourceASN", fmt.Sprint(e.SourceASN), fmt.Sprint(w.asn))
		check("SourceASOrg", e.SourceASOrg, w.asOrg)
		check("UserAgent", e.UserAgent, w.ua)
		check("HostID", e.HostID, w.hostID)
		check("HostName", e.HostName, w.hostName)
		check("HostOS", e.HostOS, w.hostOS)
		check("HostManaged", deref(e.HostManaged), w.managed)
		check("AuthMethod", e.AuthMethod, w.authMethod)
		check("AuthDeviceID", e.AuthDeviceID, w.authDevice)
		for k, v := range w.extra {
			check("Extra["+k+"]", e.Extra[k], v)
		}
		if !bytes.HasPrefix(e.Raw, []byte(`{`)) || !bytes.Contains(e.Raw, []byte(w.id)) {
			t.Errorf("event %d Raw = %.60q", i, e.Raw)
		}
	}
}

func TestCountryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"United States", "US"}, {"united states", "US"}, {"North Korea", "KP"}, {"South Korea", "KR"},
		{"Russia", "RU"}, {"China", "CN"}, {"Vietnam", "VN"}, {"Hong Kong", "HK"}, {"Myanmar", "MM"},
		{"Turkey", "TR"}, {"Czechia", "CZ"}, {"Czech Republic", "CZ"}, {"Republic of Lithuania", "LT"},
		{"United Kingdom", "GB"}, {"Laos", "LA"}, {"us", "US"}, {"UK", "GB"}, {"", ""}, {"Atlantis", ""}, {"ZZ", ""},
	}
	for _, tt := range tests {
		if got := CountryCode(tt.in); got != tt.want {
			t.Errorf("CountryCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnknownFieldsKept(t *testing.T) {
	in := `{"uuid":"u1","published":"2025-01-02T03:04:05Z","eventType":"x","newThing":{"a":[{"b":"c"}],"n":1.5},"outcome":{"result":"CHALLENGE"}}`
	evs, err := parseAll(t, "u.jsonl", strings.NewReader(in+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := evs[0]
	want := map[string]string{"newThing.a.0.b": "c", "newThing.n": "1.5", "outcome.result": "CHALLENGE"}
	for k, v := range want {
		if e.Extra[k] != v {
			t.Errorf("Extra[%q] = %q, want %q", k, e.Extra[k], v)
		}
	}
	if len(e.Extra) != len(want) {
		t.Errorf("Extra = %v", e.Extra)
	}
	if e.Outcome != "unknown" || string(e.Raw) != in {
		t.Errorf("Outcome %q Raw %q", e.Outcome, e.Raw)
	}
}

func TestBadInput(t *testing.T) {
	good := `{"uuid":"g","published":"2025-01-02T03:04:05Z","eventType":"user.session.start"}`
	tests := []struct{ name, in, want string }{
		{"bad ip", good + "\n" + `{"client":{"ipAddress":"1.2.3"}}`, `okta.jsonl:2 field "client.ipAddress": bad IP address "1.2.3"`},
		{"bad time", `{"published":"10/02/2025"}`, `okta.jsonl:1 field "published": bad timestamp "10/02/2025"`},
		{"bad asn", "[\n" + good + ",\n" + `{"securityContext":{"asNumber":"AS13335"}}]`, `okta.jsonl:3 record [1] field "securityContext.asNumber": bad AS number "AS13335"`},
		{"bad managed", `{"device":{"managed":"sometimes"}}`, `okta.jsonl:1 field "device.managed"`},
		{"truncated", good + "\n" + `{"uuid":`, `okta.jsonl:2: bad record`},
		{"truncated array", "[" + good + ",", `okta.jsonl:1: invalid JSON`},
		{"not okta (an Entra sign-in)", `{"id":"x","createdDateTime":"2025-01-02T03:04:05Z","userPrincipalName":"a@b.example"}`, `okta.jsonl:1 field "eventType": missing: not an Okta System Log event`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAll(t, "okta.jsonl", strings.NewReader(tt.in))
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

func FuzzParse(f *testing.F) {
	b, err := os.ReadFile("testdata/systemlog.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"target":[{"type":"AuthenticatorEnrollment","id":"x"}],"client":{"geographicalContext":{"country":"Korea, Republic of"}}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz", func(e *bonafide.Event) error {
			if e.Outcome != "success" && e.Outcome != "failure" && e.Outcome != "unknown" {
				t.Fatalf("outcome %q", e.Outcome)
			}
			if len(e.SourceCountry) != 0 && len(e.SourceCountry) != 2 {
				t.Fatalf("country %q", e.SourceCountry)
			}
			return nil
		})
	})
}

func BenchmarkParse(b *testing.B) {
	raw, err := os.ReadFile("testdata/systemlog.json")
	if err != nil {
		b.Fatal(err)
	}
	var recs [][]byte
	if err := Parse(bytes.NewReader(raw), "x", func(e *bonafide.Event) error {
		var c bytes.Buffer
		c.Write(bytes.Join(bytes.Fields(e.Raw), []byte(" ")))
		recs = append(recs, c.Bytes())
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for i := 0; i < 100_000; i++ {
		in.Write(bytes.Replace(recs[i%len(recs)], []byte(`"uuid": "`), []byte(`"uuid": "`+strconv.Itoa(i)), 1))
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
