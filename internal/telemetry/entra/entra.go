// Package entra parses Microsoft Entra ID (Azure AD) sign-in logs into bonafide.Event.
//
// It reads, as the tenant exports them:
//
//   - Microsoft Graph signIn resources (GET /auditLogs/signIns): JSON lines, a JSON array, or
//     the response envelope {"@odata.context":…, "value":[…], "@odata.nextLink":…};
//   - Azure Monitor diagnostic-settings records (storage account / Event Hubs export):
//     top-level time, resourceId, operationName, category "SignInLogs", resultType,
//     callerIpAddress, and properties{…} holding the Graph fields, as JSON lines (storage
//     account PT1H.json) or in the Event Hubs {"records":[…]} envelope;
//   - Log Analytics SigninLogs rows exported as JSON (TimeGenerated, UserPrincipalName,
//     IPAddress, LocationDetails, DeviceDetail, Status, ResultType, MfaDetail, …), where the
//     dynamic columns may be objects or JSON text.
//
// Mapping (Graph names; diagnostic records under "properties.", Log Analytics columns in
// PascalCase): id → ID; createdDateTime (else time / TimeGenerated) → Timestamp (UTC);
// userPrincipalName → UserName (and lower-cased UserEmail when it holds an "@"); userId → UserID;
// ipAddress → SourceIP; location.city / countryOrRegion → SourceCity / SourceCountry;
// autonomousSystemNumber → SourceASN; userAgent → UserAgent; deviceDetail.deviceId /
// displayName / operatingSystem → HostID / HostName / HostOS; deviceDetail.isManaged ||
// isCompliant → HostManaged; mfaDetail.authMethod / authDetail → AuthMethod / AuthDeviceID (the
// masked phone "+X XXXXXXXX12" is kept as is; without mfaDetail, the last succeeded
// authenticationDetails step other than "Password" / "Previously satisfied" gives
// authenticationMethod / authenticationMethodDetail); status.errorCode 0 → Outcome "success", other →
// "failure", absent → "unknown"; status.failureReason → Reason. Every other field, and
// status.errorCode, is kept in Event.Extra under its original dotted path
// ("properties.appDisplayName", "authenticationDetails.0.authenticationMethod"); JSON nulls are
// treated as absent.
package entra

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/jsonstream"
	"github.com/segmentio/encoding/json"
)

// Source and Dataset are the Event.Source and Event.Dataset this package sets.
const (
	Source  = "entra"
	Dataset = "entra.signinlogs"
)

// Parse reads Entra sign-in records from r (JSON lines, a JSON array, or a Graph
// {"value":[…]} envelope, detected from the content) and calls fn with one new Event per
// record, in input order; fn may keep the Event. name is the file name used in errors. A bad
// record stops parsing with a *bonafide.InputError naming name, the 1-based line, the record
// path (for arrays and envelopes) and the field; an error from fn is returned as is.
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
	name        string
	flat, inner jsonstream.Flattener
	canon       []byte
	arena       []byte // Extra keys and values of the current record, back to back
	spans       []span // where each Extra entry lies in arena
}

type span struct{ k0, k1, v1 int }

// keep queues key → val for Event.Extra; flush stores them with one string allocation.
func (p *parser) keep(key, val []byte) {
	k0 := len(p.arena)
	p.arena = append(p.arena, key...)
	k1 := len(p.arena)
	p.arena = append(p.arena, val...)
	p.spans = append(p.spans, span{k0, k1, len(p.arena)})
}

func (p *parser) flush(ev *bonafide.Event) {
	all := string(p.arena)
	ev.Extra = make(map[string]string, len(p.spans))
	for _, sp := range p.spans {
		ev.Extra[all[sp.k0:sp.k1]] = all[sp.k1:sp.v1]
	}
	p.arena, p.spans = p.arena[:0], p.spans[:0]
}

// laColumns maps Log Analytics SigninLogs column names to Graph names where they differ by
// more than the case of the first letter.
var laColumns = map[string]string{
	"TimeGenerated":          "@time",
	"IPAddress":              "ipAddress",
	"LocationDetails":        "location",
	"ResultType":             "status.errorCode",
	"ResultDescription":      "status.failureReason",
	"RiskLevelDuringSignIn":  "riskLevelDuringSignIn",
	"AutonomousSystemNumber": "autonomousSystemNumber",
}

// diagColumns maps diagnostic-settings top-level fields to Graph names.
var diagColumns = map[string]string{
	"time":              "@time",
	"resultType":        "status.errorCode",
	"resultDescription": "status.failureReason",
	"callerIpAddress":   "ipAddress",
}

// canonical returns the Graph name of path (see laColumns, diagColumns), in p.canon.
func (p *parser) canonical(path []byte) []byte {
	if bytes.HasPrefix(path, []byte("properties.")) {
		return path[len("properties."):]
	}
	head, rest := path, []byte(nil)
	if i := bytes.IndexByte(path, '.'); i >= 0 {
		head, rest = path[:i], path[i:]
	}
	if len(head) == 0 {
		return path
	}
	if g, ok := diagColumns[string(head)]; ok && rest == nil {
		return []byte(g)
	}
	if head[0] < 'A' || head[0] > 'Z' {
		return path
	}
	p.canon = p.canon[:0]
	if g, ok := laColumns[string(head)]; ok {
		p.canon = append(p.canon, g...)
	} else {
		p.canon = append(p.canon, head[0]+('a'-'A'))
		p.canon = append(p.canon, head[1:]...)
	}
	return append(p.canon, rest...)
}

// dynamic reports whether a Log Analytics column holds JSON text to flatten.
func dynamic(path []byte, v jsonstream.Value) bool {
	if v.Kind != 's' || len(v.Text) < 2 || (v.Text[0] != '{' && v.Text[0] != '[') {
		return false
	}
	return len(path) > 0 && bytes.IndexByte(path, '.') < 0 && path[0] >= 'A' && path[0] <= 'Z'
}

func (p *parser) record(rec []byte, line int, path string) (*bonafide.Event, error) {
	ev := &bonafide.Event{
		Source: Source, Dataset: Dataset, Category: bonafide.CategoryAuthentication,
		Outcome: "unknown", Raw: rec,
	}
	p.arena, p.spans = p.arena[:0], p.spans[:0]
	var st state
	var field func(path []byte, v jsonstream.Value) error
	field = func(fp []byte, v jsonstream.Value) error {
		if dynamic(fp, v) && json.Valid(v.Text) {
			if v.Text[0] == '{' {
				return p.inner.Walk(v.Text, string(fp), field)
			}
			prefix := string(fp)
			wrapped := append(append([]byte(`{"x":`), v.Text...), '}')
			return p.inner.Walk(wrapped, "", func(ip []byte, iv jsonstream.Value) error {
				return field(append([]byte(prefix), ip[1:]...), iv)
			})
		}
		if err := p.set(ev, &st, fp, p.canonical(fp), v); err != nil {
			return &bonafide.InputError{File: p.name, Line: line, Record: path, Field: string(fp), Msg: err.Error()}
		}
		return nil
	}
	if err := p.flat.Walk(rec, "", field); err != nil {
		if _, ok := err.(*bonafide.InputError); ok {
			return nil, err
		}
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Msg: "bad record", Err: err}
	}
	p.flush(ev)
	st.finish(ev)
	// Every sign-in record has a time; anything without one is not a sign-in (a wrong --source
	// must not pass as "no findings").
	if ev.Timestamp.IsZero() {
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Field: "createdDateTime", Msg: "missing (nor time / TimeGenerated): not an Entra sign-in record (wrong --source?)"}
	}
	return ev, nil
}

// state collects fields whose meaning depends on others.
type state struct {
	created            bool
	code               string
	managed, compliant *bool
	reason             string
	opName             string
	steps              []step // authenticationDetails, in order
}

// step is one authenticationDetails entry.
type step struct {
	method, detail string
	ok             bool
}

// authStep records authenticationDetails.N.{authenticationMethod, authenticationMethodDetail,
// succeeded}; indices must arrive in order (as array elements do), others are ignored.
func (st *state) authStep(key []byte, v jsonstream.Value) {
	rest := key[len("authenticationDetails."):]
	dot := bytes.IndexByte(rest, '.')
	if dot <= 0 {
		return
	}
	i, err := strconv.Atoi(string(rest[:dot]))
	if err != nil || i < 0 || i > len(st.steps) {
		return
	}
	if i == len(st.steps) {
		st.steps = append(st.steps, step{})
	}
	switch string(rest[dot+1:]) {
	case "authenticationMethod":
		st.steps[i].method = v.String()
	case "authenticationMethodDetail":
		st.steps[i].detail = v.String()
	case "succeeded":
		st.steps[i].ok = v.Kind == 't' || string(v.Text) == "true"
	}
}

// secondFactor returns the last succeeded authentication step that is not the password.
func (st *state) secondFactor() (step, bool) {
	for i := len(st.steps) - 1; i >= 0; i-- {
		s := st.steps[i]
		if s.ok && s.method != "" && s.method != "Password" && s.method != "Previously satisfied" {
			return s, true
		}
	}
	return step{}, false
}

func (st *state) finish(ev *bonafide.Event) {
	switch {
	case st.code == "":
	case st.code == "0":
		ev.Outcome = "success"
	default:
		ev.Outcome = "failure"
		ev.Reason = st.reason
		if ev.Reason == "" || ev.Reason == "Other." {
			ev.Reason = "errorCode " + st.code
		}
	}
	if st.code == "0" && st.reason != "" && st.reason != "Other." {
		ev.Reason = st.reason
	}
	if st.managed != nil || st.compliant != nil {
		m := (st.managed != nil && *st.managed) || (st.compliant != nil && *st.compliant)
		ev.HostManaged = &m
	}
	if ev.AuthMethod == "" {
		if s, ok := st.secondFactor(); ok {
			ev.AuthMethod, ev.AuthDeviceID = s.method, s.detail
		}
	}
	ev.Action = "Sign-in activity"
	if st.opName != "" {
		ev.Action = st.opName
	}
}

func boolOf(v jsonstream.Value) (bool, error) {
	switch {
	case v.Kind == 't':
		return true, nil
	case v.Kind == 'f':
		return false, nil
	case v.Kind == 's':
		return strconv.ParseBool(string(v.Text))
	}
	return false, fmt.Errorf("want a boolean, got %s", v.Text)
}

func (p *parser) set(ev *bonafide.Event, st *state, orig, key []byte, v jsonstream.Value) error {
	switch string(key) {
	case "id":
		ev.ID = v.String()
	case "createdDateTime":
		t, err := v.Time()
		if err != nil {
			return err
		}
		ev.Timestamp, st.created = t, true
	case "@time":
		t, err := v.Time()
		if err != nil {
			return err
		}
		if !st.created {
			ev.Timestamp = t
		}
	case "userPrincipalName":
		ev.UserName = v.String()
		if bytes.IndexByte(v.Text, '@') > 0 {
			ev.UserEmail = strings.ToLower(ev.UserName)
		}
	case "userId":
		ev.UserID = v.String()
	case "ipAddress":
		a, err := v.Addr()
		if err != nil {
			return err
		}
		ev.SourceIP = a
	case "location.city":
		ev.SourceCity = v.String()
	case "location.countryOrRegion":
		ev.SourceCountry = strings.ToUpper(v.String())
	case "autonomousSystemNumber":
		n, err := v.ASN()
		if err != nil {
			return err
		}
		ev.SourceASN = n
	case "userAgent":
		ev.UserAgent = v.String()
	case "deviceDetail.deviceId":
		ev.HostID = v.String()
	case "deviceDetail.displayName":
		ev.HostName = v.String()
	case "deviceDetail.operatingSystem":
		ev.HostOS = v.String()
	case "deviceDetail.isManaged", "deviceDetail.isCompliant":
		b, err := boolOf(v)
		if err != nil {
			return err
		}
		if key[len("deviceDetail.is")] == 'M' {
			st.managed = &b
		} else {
			st.compliant = &b
		}
		p.keep(orig, v.Text)
	case "mfaDetail.authMethod":
		ev.AuthMethod = v.String()
	case "mfaDetail.authDetail":
		ev.AuthDeviceID = v.String()
	case "status.errorCode":
		if v.Kind != 'n' && v.Kind != 's' {
			return fmt.Errorf("want an error code, got %s", v.Text)
		}
		if _, err := strconv.ParseInt(string(v.Text), 10, 64); err != nil {
			return fmt.Errorf("bad error code %q", v.Text)
		}
		st.code = v.String()
		p.keep(orig, v.Text)
	case "status.failureReason":
		st.reason = v.String()
		p.keep(orig, v.Text)
	case "operationName":
		st.opName = v.String()
	default:
		if bytes.HasPrefix(key, []byte("authenticationDetails.")) {
			st.authStep(key, v)
		}
		p.keep(orig, v.Text)
	}
	return nil
}
