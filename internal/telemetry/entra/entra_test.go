package entra

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
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

func parseFile(t *testing.T, file string) []*bonafide.Event {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := parseAll(t, file, f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return evs
}

func ptr(b bool) *bool { return &b }

func TestParseFixtures(t *testing.T) {
	type want struct {
		ts                           string
		id, action, outcome, reason  string
		user, email, userID          string
		ip, country, city            string
		asn                          uint32
		ua, hostID, hostName, hostOS string
		managed                      *bool
		authMethod, authDevice       string
		extra                        map[string]string
	}
	tests := []struct {
		file string
		want []want
	}{
		{"graph_signins.json", []want{{
			ts: "2025-03-04T09:15:27Z", id: "66ea54eb-6301-4ee5-be62-ff5a759b0100", action: "Sign-in activity",
			outcome: "success", user: "Jordan.Avery@contoso.example", email: "jordan.avery@contoso.example",
			userID: "d7cc485d-2c1b-422c-98fd-5ce52859a4a3", ip: "203.0.113.7", country: "US", city: "Seattle",
			ua:     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
			hostID: "9a1c07d2-4d0e-4b6a-8f8e-0b2f5d6c7e81", hostName: "CONTOSO-LT-0231", hostOS: "Windows10",
			managed: ptr(true), authMethod: "Text message", authDevice: "+X XXXXXXXX12",
			extra: map[string]string{
				"appDisplayName":                                             "Graph Explorer",
				"status.errorCode":                                           "0",
				"location.state":                                             "Washington",
				"location.geoCoordinates.latitude":                           "47.6062",
				"deviceDetail.trustType":                                     "Azure AD joined",
				"deviceDetail.isCompliant":                                   "false",
				"authenticationDetails.1.authenticationMethod":               "Text message",
				"authenticationDetails.1.succeeded":                          "true",
				"appliedConditionalAccessPolicies.0.enforcedGrantControls.0": "Mfa",
				"isInteractive":                                              "true",
			},
		}, {
			ts: "2025-03-04T22:41:03.1234567Z", id: "b01a2f8e-7c11-4a36-9d0e-2f4e6a1c3b00", action: "Sign-in activity",
			outcome: "failure", reason: "Error validating credentials due to invalid username or password.",
			user: "jordan.avery@contoso.example", email: "jordan.avery@contoso.example",
			userID: "d7cc485d-2c1b-422c-98fd-5ce52859a4a3", ip: "175.45.176.10", country: "KP", city: "Pyongyang",
			ua: "python-requests/2.31.0", hostOS: "Linux", managed: ptr(false),
			extra: map[string]string{"status.errorCode": "50126", "clientAppUsed": "Mobile Apps and Desktop clients"},
		}}},
		{"diagnostic_signinlogs.jsonl", []want{{
			ts: "2025-03-05T07:02:10.9Z", id: "0f3b7c2a-5e11-4c0e-9a44-7d8e9f0011aa", action: "Sign-in activity",
			outcome: "success", user: "jordan.avery@contoso.example", email: "jordan.avery@contoso.example",
			userID: "d7cc485d-2c1b-422c-98fd-5ce52859a4a3", ip: "2001:db8:4f1::25", country: "US", city: "Portland",
			asn:    64500,
			ua:     "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
			hostOS: "MacOs", authMethod: "Mobile app notification",
			extra: map[string]string{
				"category": "SignInLogs", "resourceId": "/tenants/72f988bf-0000-4000-8000-2d7cd011db47/providers/Microsoft.aadiam",
				"properties.appDisplayName": "Office 365 Exchange Online", "resultType": "0", "Level": "4",
				"properties.status.errorCode": "0", "properties.authenticationRequirement": "multiFactorAuthentication",
			},
		}}},
		{"loganalytics_signinlogs.jsonl", []want{{
			ts: "2025-03-06T01:20:43.517Z", id: "2a6c4e10-8d1f-4b7a-9c55-1e2f3a4b5c00", action: "Sign-in activity",
			outcome: "failure", reason: "Strong Authentication is required.",
			user: "jordan.avery@contoso.example", email: "jordan.avery@contoso.example",
			userID: "d7cc485d-2c1b-422c-98fd-5ce52859a4a3", ip: "175.45.176.10", country: "KP", city: "Pyongyang",
			asn: 131279, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/121.0.0.0", hostOS: "Windows10",
			extra: map[string]string{
				"AppDisplayName": "Microsoft Teams", "ResultType": "50074", "Status.errorCode": "50074",
				"AuthenticationDetails.0.authenticationMethod": "Password", "DeviceDetail.browser": "Edge 121.0.0",
				"LocationDetails.state": "Pyongyang", "Type": "SigninLogs", "TimeGenerated": "",
			},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			evs := parseFile(t, tt.file)
			if len(evs) != len(tt.want) {
				t.Fatalf("got %d events, want %d", len(evs), len(tt.want))
			}
			for i, w := range tt.want {
				e := evs[i]
				check := func(field, got, want string) {
					t.Helper()
					if got != want {
						t.Errorf("event %d %s = %q, want %q", i, field, got, want)
					}
				}
				check("Timestamp", e.Timestamp.Format(time.RFC3339Nano), w.ts)
				check("Timestamp zone", e.Timestamp.Location().String(), "UTC")
				check("Source", e.Source, "entra")
				check("Dataset", e.Dataset, "entra.signinlogs")
				check("Category", string(e.Category), "authentication")
				check("ID", e.ID, w.id)
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
				check("UserAgent", e.UserAgent, w.ua)
				check("HostID", e.HostID, w.hostID)
				check("HostName", e.HostName, w.hostName)
				check("HostOS", e.HostOS, w.hostOS)
				check("HostManaged", fmt.Sprint(deref(e.HostManaged)), fmt.Sprint(deref(w.managed)))
				check("AuthMethod", e.AuthMethod, w.authMethod)
				check("AuthDeviceID", e.AuthDeviceID, w.authDevice)
				for k, v := range w.extra {
					got, ok := e.Extra[k]
					if v == "" { // TimeGenerated is mapped, so must not be in Extra
						if ok {
							t.Errorf("event %d Extra[%q] = %q, want absent", i, k, got)
						}
						continue
					}
					check("Extra["+k+"]", got, v)
				}
				if !stdjson.Valid(e.Raw) {
					t.Errorf("event %d Raw is not JSON: %q", i, e.Raw)
				}
			}
		})
	}
}

func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func TestShapes(t *testing.T) {
	rec := `{"id":"a1","createdDateTime":"2025-01-02T03:04:05Z","ipAddress":"198.51.100.4","status":{"errorCode":0}}`
	tests := []struct {
		name, in string
		ids      string
	}{
		{"jsonl", rec + "\n\n" + strings.Replace(rec, "a1", "a2", 1) + "\n", "a1,a2"},
		{"jsonl no final newline, CRLF", rec + "\r\n" + strings.Replace(rec, "a1", "a2", 1), "a1,a2"},
		{"array", "[" + rec + ",\n" + strings.Replace(rec, "a1", "a2", 1) + "]", "a1,a2"},
		{"envelope", `{"@odata.context":"x","value":[` + rec + `],"@odata.nextLink":"y"}`, "a1"},
		{"records envelope", `{"records":[` + rec + `]}` + "\n" + `{"records":[` + strings.Replace(rec, "a1", "a2", 1) + `]}`, "a1,a2"},
		{"BOM", "\ufeff" + rec, "a1"},
		{"envelope, array not first", `{"nextLinkIsElsewhere":{"a":[1]},"value":[` + rec + `]}`, "a1"},
		{"long line", strings.Replace(rec, `"id":"a1"`, `"id":"a1","userAgent":"`+strings.Repeat("x", 200_000)+`"`, 1) + "\n" + strings.Replace(rec, "a1", "a2", 1), "a1,a2"},
		{"empty", "  \n", ""},
		{"empty envelope", `{"value":[]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := parseAll(t, "x.json", strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range evs {
				ids = append(ids, e.ID)
				if e.SourceIP != netip.MustParseAddr("198.51.100.4") || e.Outcome != "success" {
					t.Errorf("%s: ip %v outcome %q", e.ID, e.SourceIP, e.Outcome)
				}
			}
			if got := strings.Join(ids, ","); got != tt.ids {
				t.Errorf("ids = %q, want %q", got, tt.ids)
			}
		})
	}
}

func TestUnknownFieldsKept(t *testing.T) {
	in := `{"id":"u1","createdDateTime":"2025-01-02T03:04:05Z","newVendorField":{"nested":{"deep":"v"},"list":[1,"two",true]},"escaped\"key":"a\u00e9b","nothing":null}`
	evs, err := parseAll(t, "u.jsonl", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"newVendorField.nested.deep": "v",
		"newVendorField.list.0":      "1",
		"newVendorField.list.1":      "two",
		"newVendorField.list.2":      "true",
		`escaped"key`:                "a\u00e9b",
	}
	got := evs[0].Extra
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Extra[%q] = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Extra = %v, want %v", got, want)
	}
	if string(evs[0].Raw) != in {
		t.Errorf("Raw = %q", evs[0].Raw)
	}
}

func TestBadInput(t *testing.T) {
	good := `{"id":"g","createdDateTime":"2025-01-02T03:04:05Z"}`
	tests := []struct {
		name, in string
		want     string
	}{
		{"bad ip", good + "\n" + `{"id":"b","ipAddress":"300.1.2.3"}`, `signins.jsonl:2 field "ipAddress": bad IP address "300.1.2.3"`},
		{"bad time", good + "\n\n" + `{"properties":{"createdDateTime":"yesterday"}}`, `signins.jsonl:3 field "properties.createdDateTime": bad timestamp "yesterday"`},
		{"bad code", `{"Status":{"errorCode":"x"}}`, `signins.jsonl:1 field "Status.errorCode": bad error code "x"`},
		{"bad managed", `{"deviceDetail":{"isManaged":"perhaps"}}`, `signins.jsonl:1 field "deviceDetail.isManaged"`},
		{"bad asn", `{"AutonomousSystemNumber":-4}`, `signins.jsonl:1 field "AutonomousSystemNumber": bad AS number "-4"`},
		{"in array", "[\n" + good + ",\n" + `{"ipAddress":"nope"}` + "\n]", `signins.jsonl:3 record [1] field "ipAddress": bad IP address "nope"`},
		{"in envelope", "{\"value\":[\n" + good + ",\n\n" + `{"ipAddress":"nope"}` + "]}", `signins.jsonl:4 record value[1] field "ipAddress"`},
		{"broken json line", good + "\n{\"id\":", `signins.jsonl:2: bad record: invalid JSON`},
		{"not entra (an osquery result)", `{"name":"pack_acme_processes","hostIdentifier":"h","unixTime":1741597200,"columns":{"name":"x"},"action":"added"}`, `signins.jsonl:1 field "createdDateTime": missing`},
		{"not object", `"just a string"`, `signins.jsonl:1: not JSON`},
		{"array of scalars", `[1]`, `signins.jsonl:1 record [0]: bad record: record is not a JSON object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAll(t, "signins.jsonl", strings.NewReader(tt.in))
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

func TestCallbackError(t *testing.T) {
	stop := errors.New("stop")
	err := Parse(strings.NewReader(`{"id":"a","createdDateTime":"2025-03-02T01:04:05Z"}`+"\n"+`{"id":"b","createdDateTime":"2025-03-02T01:04:06Z"}`), "x", func(*bonafide.Event) error { return stop })
	if err != stop {
		t.Fatalf("err = %v, want the callback's error", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, file := range []string{"graph_signins.json", "diagnostic_signinlogs.jsonl", "loganalytics_signinlogs.jsonl"} {
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"DeviceDetail":"[{\"a\":1}]","ipAddress":"::ffff:1.2.3.4"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = Parse(bytes.NewReader(in), "fuzz", func(e *bonafide.Event) error {
			if e.Outcome != "success" && e.Outcome != "failure" && e.Outcome != "unknown" {
				t.Fatalf("outcome %q", e.Outcome)
			}
			if !e.Timestamp.IsZero() && e.Timestamp.Location() != time.UTC {
				t.Fatalf("timestamp not UTC")
			}
			return nil
		})
	})
}

func TestAuthMethodFromAuthenticationDetails(t *testing.T) {
	tests := []struct{ in, method, device string }{
		{`{"createdDateTime":"2025-03-02T01:04:05Z","authenticationDetails":[{"authenticationMethod":"Password","succeeded":true},{"authenticationMethod":"Text message","authenticationMethodDetail":"+X XXXXXXXX34","succeeded":true}]}`, "Text message", "+X XXXXXXXX34"},
		{`{"TimeGenerated":"2025-03-02T01:04:05Z","AuthenticationDetails":"[{\"authenticationMethod\":\"Password\",\"succeeded\":true},{\"authenticationMethod\":\"Mobile app notification\",\"succeeded\":false}]"}`, "", ""},
		{`{"createdDateTime":"2025-03-02T01:04:05Z","mfaDetail":{"authMethod":"OATH verification code"},"authenticationDetails":[{"authenticationMethod":"Text message","succeeded":true}]}`, "OATH verification code", ""},
	}
	for _, tt := range tests {
		evs, err := parseAll(t, "a.jsonl", strings.NewReader(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if evs[0].AuthMethod != tt.method || evs[0].AuthDeviceID != tt.device {
			t.Errorf("%s: AuthMethod %q AuthDeviceID %q, want %q %q", tt.in, evs[0].AuthMethod, evs[0].AuthDeviceID, tt.method, tt.device)
		}
	}
}
