// Package gworkspace parses Google Workspace login audit activities (Admin SDK Reports API,
// activities.list with applicationName=login) into bonafide.Event.
//
// Input is the API response ({"kind":"admin#reports#activities","items":[…],
// "nextPageToken":…}, pages may follow one another), a JSON array of activities, or JSON lines
// of activities. Each activity yields one Event per entry of its events[] array; those Events
// share the activity's bytes as Raw. An activity without events yields one Event with an
// empty Action and Outcome "unknown".
//
// Mapping: id.time → Timestamp (UTC); id.uniqueQualifier → ID (with "/N" appended, N the
// index in events[], when the activity holds more than one event); actor.email → UserName and
// lower-cased UserEmail; actor.profileId → UserID; ipAddress → SourceIP; networkInfo.regionCode
// → SourceCountry; networkInfo.ipAsn.0 → SourceASN; events[].name → Action (login_success,
// login_failure, login_challenge, logout, 2sv_enroll, …). Outcome: login_success, logout →
// "success"; login_failure → "failure"; login_challenge → by parameter login_challenge_status
// ("Challenge Passed" success, "Challenge Failed" failure); others "unknown". Reason is the
// login_failure_type parameter. AuthMethod is login_challenge_method (multiple values joined
// with ","). Every parameter is kept in Extra as "parameters.<name>" (value, intValue,
// boolValue, or multiValue joined with ","; a messageValue as "parameters.<name>.messageValue.…",
// a parameter without a name under its index); events[].type as "type"; other activity fields
// under their dotted path ("id.customerId", "actor.callerType"). Category is "configuration"
// for 2sv_*, recovery_*, titanium_* and password_edit events, "authentication" otherwise.
package gworkspace

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/jsonstream"
)

// Source and Dataset are the Event.Source and Event.Dataset this package sets.
const (
	Source  = "gworkspace"
	Dataset = "gworkspace.login"
)

// Parse reads Google Workspace login activities from r and calls fn with one new Event per
// activity event, in input order; fn may keep the Event. name is the file name used in
// errors. A bad activity stops parsing with a *bonafide.InputError naming name, the 1-based
// line, the record path ("items[3]") and the field; an error from fn is returned as is.
func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	p := &parser{name: name}
	return jsonstream.Stream(r, name, func(rec []byte, line int, path string) error {
		evs, err := p.record(rec, line, path)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if err := fn(ev); err != nil {
				return err
			}
		}
		return nil
	})
}

type parser struct {
	name string
	flat jsonstream.Flattener
}

type param struct {
	name  string
	vals  []string
	other [][2]string // sub-path → value for messageValue and unknown shapes
}

type event struct {
	name   string
	extra  map[string]string
	params []param
}

type activity struct {
	common bonafide.Event
	extra  map[string]string
	events []*event
}

// event returns events[i], adding it when i is the next index; nil when i skips ahead
// (an object key posing as an index), so input cannot force large allocations.
func (a *activity) event(i int) *event {
	if i == len(a.events) {
		a.events = append(a.events, &event{extra: map[string]string{}})
	}
	if i >= len(a.events) {
		return nil
	}
	return a.events[i]
}

// param returns parameters[i] like event does.
func (e *event) param(i int) *param {
	if i == len(e.params) {
		e.params = append(e.params, param{})
	}
	if i >= len(e.params) {
		return nil
	}
	return &e.params[i]
}

// index splits "N.rest" into N and rest.
func index(b []byte) (int, []byte, bool) {
	dot := bytes.IndexByte(b, '.')
	if dot <= 0 {
		return 0, nil, false
	}
	n, err := strconv.Atoi(string(b[:dot]))
	if err != nil || n < 0 || n > 10000 {
		return 0, nil, false
	}
	return n, b[dot+1:], true
}

func (p *parser) record(rec []byte, line int, path string) ([]*bonafide.Event, error) {
	a := &activity{extra: map[string]string{}}
	err := p.flat.Walk(rec, "", func(fp []byte, v jsonstream.Value) error {
		if err := a.set(fp, v); err != nil {
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
	// An activity of the Reports API always has id.time; anything without one is not a Google
	// Workspace login audit record (a wrong --source must not pass as "no findings").
	if a.common.Timestamp.IsZero() {
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: path, Field: "id.time",
			Msg: "missing: not a Google Workspace Reports API activity (wrong --source?)"}
	}
	if len(a.events) == 0 {
		// An activity without events still becomes one Event, so nothing is dropped.
		a.events = append(a.events, &event{})
	}
	evs := make([]*bonafide.Event, 0, len(a.events))
	for i, e := range a.events {
		ev := new(bonafide.Event)
		*ev = a.common
		ev.Source, ev.Dataset, ev.Raw = Source, Dataset, rec
		if len(a.events) > 1 && ev.ID != "" {
			ev.ID += "/" + strconv.Itoa(i)
		}
		ev.Extra = make(map[string]string, len(a.extra)+len(e.extra)+len(e.params))
		for k, v := range a.extra {
			ev.Extra[k] = v
		}
		for k, v := range e.extra {
			ev.Extra[k] = v
		}
		ps := map[string]string{}
		for j, pr := range e.params {
			key := "parameters." + pr.name
			if pr.name == "" {
				key = "parameters." + strconv.Itoa(j)
			}
			for _, o := range pr.other {
				ev.Extra[key+"."+o[0]] = o[1]
			}
			if len(pr.vals) == 0 && len(pr.other) > 0 {
				continue
			}
			val := strings.Join(pr.vals, ",")
			ev.Extra[key] = val
			if pr.name != "" {
				ps[pr.name] = val
			}
		}
		ev.Action = e.name
		ev.Category = category(e.name)
		ev.Outcome = outcome(e.name, ps["login_challenge_status"])
		ev.Reason = ps["login_failure_type"]
		ev.AuthMethod = ps["login_challenge_method"]
		evs = append(evs, ev)
	}
	return evs, nil
}

func category(name string) bonafide.EventCategory {
	for _, p := range []string{"2sv_", "recovery_", "titanium_", "password_edit"} {
		if strings.HasPrefix(name, p) {
			return bonafide.CategoryConfiguration
		}
	}
	return bonafide.CategoryAuthentication
}

func outcome(name, challenge string) string {
	switch name {
	case "login_success", "logout":
		return "success"
	case "login_failure":
		return "failure"
	case "login_challenge", "login_verification":
		switch strings.ToLower(challenge) {
		case "challenge passed", "passed":
			return "success"
		case "challenge failed", "failed":
			return "failure"
		}
	}
	return "unknown"
}

func (a *activity) set(fp []byte, v jsonstream.Value) error {
	c := &a.common
	switch string(fp) {
	case "id.time":
		t, err := v.Time()
		if err != nil {
			return err
		}
		c.Timestamp = t
		return nil
	case "id.uniqueQualifier":
		c.ID = v.String()
		return nil
	case "actor.email":
		c.UserName = v.String()
		c.UserEmail = strings.ToLower(c.UserName)
		return nil
	case "actor.profileId":
		c.UserID = v.String()
		return nil
	case "ipAddress":
		ip, err := v.Addr()
		if err != nil {
			return err
		}
		c.SourceIP = ip
		return nil
	case "networkInfo.regionCode":
		c.SourceCountry = strings.ToUpper(v.String())
		return nil
	case "networkInfo.ipAsn.0":
		n, err := v.ASN()
		if err != nil {
			return err
		}
		c.SourceASN = n
		return nil
	}
	if rest, ok := bytes.CutPrefix(fp, []byte("events.")); ok {
		i, rest, ok := index(rest)
		if !ok {
			a.extra[string(fp)] = v.String()
			return nil
		}
		e := a.event(i)
		if e == nil {
			a.extra[string(fp)] = v.String()
			return nil
		}
		if rest, ok := bytes.CutPrefix(rest, []byte("parameters.")); ok {
			j, field, ok := index(rest)
			if !ok {
				e.extra[string(fp)] = v.String()
				return nil
			}
			pr := e.param(j)
			if pr == nil {
				e.extra[string(rest)] = v.String()
				return nil
			}
			switch {
			case string(field) == "name":
				pr.name = v.String()
			case string(field) == "value", string(field) == "intValue", string(field) == "boolValue",
				bytes.HasPrefix(field, []byte("multiValue.")), bytes.HasPrefix(field, []byte("multiIntValue.")):
				pr.vals = append(pr.vals, v.String())
			default: // messageValue and future shapes keep their path under the parameter
				pr.other = append(pr.other, [2]string{string(field), v.String()})
			}
			return nil
		}
		if string(rest) == "name" {
			e.name = v.String()
			return nil
		}
		e.extra[string(rest)] = v.String()
		return nil
	}
	a.extra[string(fp)] = v.String()
	return nil
}
