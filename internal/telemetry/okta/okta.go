// Package okta parses Okta System Log events (GET /api/v1/logs, the LogEvent object) into
// bonafide.Event.
//
// Input is a JSON array (the API response), JSON lines (one LogEvent per line, as SIEM
// exports and log streaming write them), or an {"items":[…]} / {"value":[…]} envelope.
//
// Mapping: uuid → ID; published → Timestamp (UTC); eventType → Action
// ("user.session.start", "user.authentication.auth_via_mfa", "user.mfa.factor.activate", …);
// outcome.result SUCCESS/ALLOW → Outcome "success", FAILURE/DENY → "failure", others
// (SKIPPED, CHALLENGE, UNKNOWN) → "unknown"; outcome.reason → Reason; actor.alternateId →
// UserName (and lower-cased UserEmail when it holds an "@"); actor.id → UserID;
// client.ipAddress → SourceIP; client.userAgent.rawUserAgent → UserAgent;
// client.geographicalContext.city → SourceCity; client.geographicalContext.country (a name,
// "United States") → SourceCountry as ISO 3166-1 alpha-2 via CountryCode, the name kept in
// Extra; securityContext.asNumber / asOrg → SourceASN / SourceASOrg; device.id / name /
// os_platform + os_version / managed (Okta Identity Engine device context) → HostID /
// HostName / HostOS / HostManaged, HostOS falling back to client.userAgent.os (unless
// "Unknown"). For MFA events the target of type "AuthenticatorEnrollment" gives AuthMethod
// (its displayName, e.g. "Okta Verify", "Phone") and AuthDeviceID (its id); without one,
// debugContext.debugData.factor gives AuthMethod. Every other field (securityContext.isProxy,
// debugContext.debugData.*, target.N.*, client.device, …) is kept in Event.Extra under its
// dotted path; JSON nulls are treated as absent. Category is "configuration" for
// user.mfa.factor.* events and "authentication" otherwise.
package okta

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/jsonstream"
)

// Source and Dataset are the Event.Source and Event.Dataset this package sets.
const (
	Source  = "okta"
	Dataset = "okta.system"
)

// Parse reads Okta System Log events from r and calls fn with one new Event per event, in
// input order; fn may keep the Event. name is the file name used in errors. A bad event stops
// parsing with a *bonafide.InputError naming name, the 1-based line, the array index (for
// arrays) and the field; an error from fn is returned as is.
func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	p := &parser{name: name}
	return jsonstream.Stream(r, name, func(rec []byte, line int, path string) error {
		ev, err := p.record(rec, line, path)
		if err != nil {
			return err
		}
		return fn(ev)
	})
}

type parser struct {
	name string
	flat jsonstream.Flattener
}

type target struct {
	typ, id, displayName string
}

type state struct {
	result     string
	factor     string
	managed    *bool
	osPlatform string
	uaOS       string
	osVersion  string
	targets    []target
}

func (p *parser) record(rec []byte, line int, path string) (*bonafide.Event, error) {
	ev := &bonafide.Event{
		Source: Source, Dataset: Dataset, Category: bonafide.CategoryAuthentication,
		Outcome: "unknown", Raw: rec, Extra: make(map[string]string, 32),
	}
	var st state
	err := p.flat.Walk(rec, "", func(fp []byte, v jsonstream.Value) error {
		if err := set(ev, &st, fp, v); err != nil {
			return &bonafide.InputError{File: p.name, Line: line, Record: path, Field: string(fp), Msg: err.Error()}
		}
		return nil
	})
	if err != nil {
		if _, ok := err.(*bonafide.InputError); ok {
			return nil, err
		}
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Msg: "bad record", Err: err}
	}
	st.finish(ev)
	// Every System Log event has eventType and published; anything without them is not one
	// (a wrong --source must not pass as "no findings").
	switch {
	case ev.Action == "":
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Field: "eventType", Msg: "missing: not an Okta System Log event (wrong --source?)"}
	case ev.Timestamp.IsZero():
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Field: "published", Msg: "missing: not an Okta System Log event (wrong --source?)"}
	}
	return ev, nil
}

func (st *state) finish(ev *bonafide.Event) {
	switch strings.ToUpper(st.result) {
	case "SUCCESS", "ALLOW":
		ev.Outcome = "success"
	case "FAILURE", "DENY":
		ev.Outcome = "failure"
	}
	if strings.HasPrefix(ev.Action, "user.mfa.factor.") {
		ev.Category = bonafide.CategoryConfiguration
	}
	for _, t := range st.targets {
		if t.typ == "AuthenticatorEnrollment" {
			ev.AuthMethod, ev.AuthDeviceID = t.displayName, t.id
			break
		}
	}
	if ev.AuthMethod == "" {
		ev.AuthMethod = st.factor
	}
	ev.HostManaged = st.managed
	ev.HostOS = strings.TrimSpace(st.osPlatform + " " + st.osVersion)
	if ev.HostOS == "" && !strings.EqualFold(st.uaOS, "unknown") {
		ev.HostOS = st.uaOS
	}
}

// targetField records target.N.{type,id,displayName}; other paths are ignored.
func (st *state) targetField(fp []byte, v jsonstream.Value) {
	rest := fp[len("target."):]
	dot := bytes.IndexByte(rest, '.')
	if dot <= 0 {
		return
	}
	i, err := strconv.Atoi(string(rest[:dot]))
	if err != nil || i < 0 || i > len(st.targets) {
		return // not the current or next array index
	}
	if i == len(st.targets) {
		st.targets = append(st.targets, target{})
	}
	switch string(rest[dot+1:]) {
	case "type":
		st.targets[i].typ = v.String()
	case "id":
		st.targets[i].id = v.String()
	case "displayName":
		st.targets[i].displayName = v.String()
	}
}

func set(ev *bonafide.Event, st *state, fp []byte, v jsonstream.Value) error {
	switch string(fp) {
	case "uuid":
		ev.ID = v.String()
	case "published":
		t, err := v.Time()
		if err != nil {
			return err
		}
		ev.Timestamp = t
	case "eventType":
		ev.Action = v.String()
	case "outcome.result":
		st.result = v.String()
		ev.Extra["outcome.result"] = st.result
	case "outcome.reason":
		ev.Reason = v.String()
	case "actor.alternateId":
		ev.UserName = v.String()
		if bytes.IndexByte(v.Text, '@') > 0 {
			ev.UserEmail = strings.ToLower(ev.UserName)
		}
	case "actor.id":
		ev.UserID = v.String()
	case "client.ipAddress":
		a, err := v.Addr()
		if err != nil {
			return err
		}
		ev.SourceIP = a
	case "client.userAgent.rawUserAgent":
		ev.UserAgent = v.String()
	case "client.userAgent.os":
		st.uaOS = v.String()
		ev.Extra["client.userAgent.os"] = st.uaOS
	case "client.geographicalContext.city":
		ev.SourceCity = v.String()
	case "client.geographicalContext.country":
		name := v.String()
		ev.SourceCountry = CountryCode(name)
		ev.Extra["client.geographicalContext.country"] = name
	case "securityContext.asNumber":
		n, err := v.ASN()
		if err != nil {
			return err
		}
		ev.SourceASN = n
	case "securityContext.asOrg":
		ev.SourceASOrg = v.String()
	case "device.id":
		ev.HostID = v.String()
	case "device.name":
		ev.HostName = v.String()
	case "device.os_platform":
		st.osPlatform = v.String()
		ev.Extra["device.os_platform"] = st.osPlatform
	case "device.os_version":
		st.osVersion = v.String()
		ev.Extra["device.os_version"] = st.osVersion
	case "device.managed":
		var b bool
		switch {
		case v.Kind == 't':
			b = true
		case v.Kind == 'f':
		default:
			pb, err := strconv.ParseBool(string(v.Text))
			if err != nil {
				return fmt.Errorf("want a boolean, got %s", v.Text)
			}
			b = pb
		}
		st.managed = &b
	case "debugContext.debugData.factor":
		st.factor = v.String()
		ev.Extra["debugContext.debugData.factor"] = st.factor
	default:
		if bytes.HasPrefix(fp, []byte("target.")) {
			st.targetField(fp, v)
		}
		ev.Extra[string(fp)] = v.String()
	}
	return nil
}
