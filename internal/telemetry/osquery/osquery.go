// Package osquery reads the osqueryd results log (the filesystem logger's osqueryd.results.log:
// one JSON object per line) into bonafide.Event values.
//
// All three result shapes osquery writes are accepted, line by line and mixed:
//
//   - differential (event format): {"name","hostIdentifier","calendarTime","unixTime","epoch",
//     "counter","numerics","decorations":{…},"columns":{…},"action":"added"|"removed"} →
//     one Event;
//   - snapshot: {"name",…,"snapshot":[{…},…],"action":"snapshot"} → one Event per row;
//   - batch: {"name",…,"diffResults":{"added":[…],"removed":[…]}} → one Event per row, added
//     rows first, Action "added" or "removed".
//
// Blank lines are skipped. Every line must be one JSON object; JSON arrays are not accepted
// (osquery never writes them).
//
// # Table recognition
//
// osquery logs the pack/query name, not the table, so the table is recognised from the row's
// columns first (a signature of columns only that table has, see tableFromColumns), and only
// when no signature matches from the query name: the name is lower-cased and the table whose
// name appears in it ("pack_it_usb_devices" → usb_devices) is taken, longest table name first.
// Recognised tables and their Dataset / Category:
//
//	processes        osquery.processes        CategoryProcess  name, path, cmdline → Process*
//	programs         osquery.programs         CategoryPackage  name, version → Package*
//	apps             osquery.apps             CategoryPackage  bundle_name|name, bundle_short_version
//	deb_packages     osquery.deb_packages     CategoryPackage  name, version
//	rpm_packages     osquery.rpm_packages     CategoryPackage  name, version(-release)
//	usb_devices      osquery.usb_devices      CategoryDevice   vendor_id, model_id (4 lower-case
//	                                                           hex digits), vendor, model, serial
//	logged_in_users  osquery.logged_in_users  CategorySession  user → UserName, host → SourceIP
//	                                                           when it is an IP address
//	registry         osquery.registry         CategoryConfiguration  Windows keyboard layouts: a row
//	                                                           under …\Keyboard Layout\Preload
//	                                                           → HostLocale = data (a KLID such as
//	                                                           "00000412"); other keys kept in Extra
//
// Any other query gives Dataset "osquery." + name, an empty Category and all columns in Extra.
// Columns not mapped (pid, parent, uid, publisher, install_location, tty, …) are kept in
// Extra as "columns.<column>"; decorations not mapped as "decorations.<key>"; any other
// top-level field flattened under its own name ("epoch", "counter", "numerics", …).
//
// # Other fields
//
// HostID is hostIdentifier. HostName is decorations "hostname", else "computer_name", else
// "host_name". HostOS is decorations "os_full", else "os_name" and "os_version" joined by a
// space (either alone when only one is present), else, for decorations taken with
// "SELECT * FROM os_version" (they have "major"), "name" and "version" joined by a space.
// Timestamp is unixTime (seconds, number or string), else calendarTime
// ("Mon Jan _2 15:04:05 2006 UTC"), UTC. Outcome is "unknown" (results carry none). Source
// is "osquery".
//
// Event.ID is hostIdentifier/name/counter/row: row is the index in the snapshot or batch (added
// rows 0…n-1, removed rows continuing), and for a differential line, which holds one row of a
// run that shares its counter with the run's other rows, "a" or "r" (added/removed) followed by
// the FNV-1a 64-bit hash of the row's columns in key order, so a replayed line gets the same ID.
//
// Errors are *bonafide.InputError naming the file, the 1-based line, and the field.
package osquery

import (
	"bufio"
	"bytes"
	"errors"
	"hash/fnv"
	"io"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/segmentio/encoding/json"
)

// Source is the Event.Source this parser sets.
const Source = "osquery"

// Parse reads an osqueryd results log from r and calls fn with each event, in file order, one
// newly allocated *Event per result row (fn may keep it). name is the file name used in errors.
// It stops at the first error: a bad line gives a *bonafide.InputError; an error from fn or
// from r is returned as is.
func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			line++
			if perr := parseLine(b, name, line, fn); perr != nil {
				return perr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func inErr(file string, line int, field, msg string, err error) error {
	return &bonafide.InputError{File: file, Line: line, Field: field, Msg: msg, Err: err}
}

func parseLine(b []byte, file string, line int, fn func(*bonafide.Event) error) error {
	raw := trimEOL(b)
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var top map[string]any
	rest, err := json.Parse(raw, &top, json.UseNumber|json.ZeroCopy)
	if err != nil {
		return inErr(file, line, "", "invalid JSON", err)
	}
	if len(string(bytes.TrimSpace(rest))) != 0 {
		return inErr(file, line, "", "trailing data after the JSON object", nil)
	}
	if top == nil {
		return inErr(file, line, "", "not a JSON object", nil)
	}
	h := header{}
	if h.name, err = str(top, "name"); err != nil {
		return inErr(file, line, "name", err.Error(), nil)
	}
	if h.host, err = str(top, "hostIdentifier"); err != nil {
		return inErr(file, line, "hostIdentifier", err.Error(), nil)
	}
	if h.action, err = str(top, "action"); err != nil {
		return inErr(file, line, "action", err.Error(), nil)
	}
	if c, ok := top["counter"]; ok {
		h.counter = scalar(c)
	}
	if h.ts, err = timestamp(top); err != nil {
		field := "unixTime"
		if _, ok := top["unixTime"]; !ok {
			field = "calendarTime"
		}
		return inErr(file, line, field, err.Error(), nil)
	}
	var decor map[string]any
	if d, ok := top["decorations"]; ok && d != nil {
		if decor, ok = d.(map[string]any); !ok {
			return inErr(file, line, "decorations", "not an object", nil)
		}
	}
	h.extra = map[string]string{}
	for k, v := range top {
		switch k {
		case "name", "hostIdentifier", "action", "calendarTime", "unixTime", "decorations",
			"columns", "snapshot", "diffResults":
			continue
		}
		flatten(k, v, h.extra)
	}
	h.hostName, h.hostOS = decorate(decor, h.extra)

	emit := func(rowv any, field, action, rowID string) error {
		row, ok := rowv.(map[string]any)
		if !ok {
			return inErr(file, line, field, "row is not an object", nil)
		}
		ev := h.event(raw, row, action, rowID)
		return fn(ev)
	}

	switch {
	case top["snapshot"] != nil:
		rows, ok := top["snapshot"].([]any)
		if !ok {
			return inErr(file, line, "snapshot", "not an array", nil)
		}
		action := h.action
		if action == "" {
			action = "snapshot"
		}
		for i, r := range rows {
			if err := emit(r, "snapshot["+strconv.Itoa(i)+"]", action, strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case top["diffResults"] != nil:
		dr, ok := top["diffResults"].(map[string]any)
		if !ok {
			return inErr(file, line, "diffResults", "not an object", nil)
		}
		idx := 0
		for _, action := range []string{"added", "removed"} {
			v := dr[action]
			if v == nil {
				continue
			}
			rows, ok := v.([]any)
			if !ok {
				return inErr(file, line, "diffResults."+action, "not an array", nil)
			}
			for i, r := range rows {
				if err := emit(r, "diffResults."+action+"["+strconv.Itoa(i)+"]", action, strconv.Itoa(idx)); err != nil {
					return err
				}
				idx++
			}
		}
		for k, v := range dr {
			if k != "added" && k != "removed" {
				flatten("diffResults."+k, v, h.extra)
			}
		}
	case top["columns"] != nil:
		row, ok := top["columns"].(map[string]any)
		if !ok {
			return inErr(file, line, "columns", "not an object", nil)
		}
		prefix := "r"
		if h.action == "added" {
			prefix = "a"
		}
		return emit(row, "columns", h.action, prefix+rowHash(row))
	default:
		return inErr(file, line, "columns", "no columns, snapshot or diffResults", nil)
	}
	return nil
}

type header struct {
	name, host, action, counter string
	hostName, hostOS            string
	ts                          time.Time
	extra                       map[string]string // shared by the line's rows: copied per event
}

func (h *header) event(raw []byte, row map[string]any, action, rowID string) *bonafide.Event {
	ev := &bonafide.Event{
		Timestamp: h.ts,
		Source:    Source,
		Action:    action,
		Outcome:   "unknown",
		HostID:    h.host,
		HostName:  h.hostName,
		HostOS:    h.hostOS,
		Raw:       raw,
		Extra:     make(map[string]string, len(h.extra)+len(row)),
	}
	ev.ID = h.host + "/" + h.name + "/" + h.counter + "/" + rowID
	for k, v := range h.extra {
		ev.Extra[k] = v
	}
	cols := make(map[string]string, len(row))
	for k, v := range row {
		cols[k] = scalar(v)
	}
	table := tableFromColumns(cols)
	if table == "" {
		table = tableFromName(h.name)
	}
	take := func(k string) string {
		v := cols[k]
		delete(cols, k)
		return v
	}
	switch table {
	case "processes":
		ev.Category = bonafide.CategoryProcess
		ev.ProcessName = take("name")
		ev.ProcessPath = take("path")
		ev.ProcessCommandLine = take("cmdline")
	case "programs", "deb_packages":
		ev.Category = bonafide.CategoryPackage
		ev.PackageName = take("name")
		ev.PackageVersion = take("version")
	case "rpm_packages":
		ev.Category = bonafide.CategoryPackage
		ev.PackageName = take("name")
		ev.PackageVersion = take("version")
		if rel := cols["release"]; rel != "" && ev.PackageVersion != "" {
			ev.PackageVersion += "-" + take("release")
		}
	case "apps":
		ev.Category = bonafide.CategoryPackage
		ev.PackageName = take("bundle_name")
		if ev.PackageName == "" {
			ev.PackageName = take("name")
		}
		ev.PackageVersion = take("bundle_short_version")
		if ev.PackageVersion == "" {
			ev.PackageVersion = take("bundle_version")
		}
	case "usb_devices":
		ev.Category = bonafide.CategoryDevice
		if id, ok := NormalizeUSBID(cols["vendor_id"]); ok {
			ev.DeviceVendorID = id
			delete(cols, "vendor_id")
		}
		if id, ok := NormalizeUSBID(cols["model_id"]); ok {
			ev.DeviceProductID = id
			delete(cols, "model_id")
		}
		ev.DeviceVendor = take("vendor")
		ev.DeviceModel = take("model")
		ev.DeviceSerial = take("serial")
	case "registry":
		ev.Category = bonafide.CategoryConfiguration
		if p := strings.ToLower(cols["path"] + cols["key"]); strings.Contains(p, `keyboard layout\preload`) {
			ev.HostLocale = take("data")
		}
	case "logged_in_users":
		ev.Category = bonafide.CategorySession
		ev.UserName = take("user")
		if a, err := netip.ParseAddr(cols["host"]); err == nil {
			ev.SourceIP = a.Unmap()
			delete(cols, "host")
		}
	}
	if table != "" {
		ev.Dataset = "osquery." + table
	} else {
		ev.Dataset = "osquery." + h.name
	}
	for k, v := range cols {
		ev.Extra["columns."+k] = v
	}
	return ev
}

// tableFromColumns recognises a table from columns only it has among the supported ones:
// usb_address or usb_port → usb_devices; tty with user → logged_in_users; cmdline, or parent
// with pid and path → processes; install_location, publisher or identifying_number →
// programs; bundle_identifier → apps; maintainer or priority → deb_packages; release with
// arch or package_group → rpm_packages. "" when none matches.
func tableFromColumns(c map[string]string) string {
	has := func(k string) bool { _, ok := c[k]; return ok }
	switch {
	case has("usb_address") || has("usb_port"):
		return "usb_devices"
	case has("tty") && has("user"):
		return "logged_in_users"
	case has("path") && has("data") && has("mtime") && (has("key") || has("type")):
		return "registry"
	case has("cmdline") || (has("parent") && has("pid") && has("path")):
		return "processes"
	case has("install_location") || has("publisher") || has("identifying_number"):
		return "programs"
	case has("bundle_identifier"):
		return "apps"
	case has("maintainer") || has("priority"):
		return "deb_packages"
	case has("package_group") || (has("release") && has("arch")):
		return "rpm_packages"
	}
	return ""
}

// tables is ordered longest name first so "deb_packages" wins over a shorter substring.
var tables = []string{"logged_in_users", "deb_packages", "rpm_packages", "usb_devices", "processes", "programs", "registry", "apps"}

// tableFromName recognises a table from a query name that contains it ("pack_hr_usb_devices").
func tableFromName(name string) string {
	n := strings.ToLower(name)
	for _, t := range tables {
		if strings.Contains(n, t) {
			return t
		}
	}
	return ""
}

// NormalizeUSBID returns a USB vendor or product ID as 4 lower-case hex digits: osquery
// writes "1d6b", "0x1d6b" or "1D6B"; shorter IDs are zero-padded ("5ac" → "05ac"). ok is false
// for an empty or non-hex value or one longer than 4 digits.
func NormalizeUSBID(s string) (id string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
	}
	if s == "" || len(s) > 4 {
		return "", false
	}
	var b [4]byte
	pad := 4 - len(s)
	for i := range pad {
		b[i] = '0'
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 'a' - 'A'
		default:
			return "", false
		}
		b[pad+i] = c
	}
	return string(b[:]), true
}

func decorate(d map[string]any, extra map[string]string) (hostName, hostOS string) {
	dec := make(map[string]string, len(d))
	for k, v := range d {
		dec[k] = scalar(v)
	}
	take := func(k string) string {
		v := dec[k]
		delete(dec, k)
		return v
	}
	for _, k := range []string{"hostname", "computer_name", "host_name"} {
		if v := dec[k]; v != "" && hostName == "" {
			hostName = take(k)
		}
	}
	if v := dec["os_full"]; v != "" {
		hostOS = take("os_full")
	} else {
		n, v := take("os_name"), take("os_version")
		hostOS = strings.TrimSpace(n + " " + v)
	}
	if _, isOSVersion := dec["major"]; hostOS == "" && isOSVersion && dec["name"] != "" {
		// decorations from "SELECT * FROM os_version": name, version, major, minor, build, …
		hostOS = strings.TrimSpace(take("name") + " " + take("version"))
	}
	for k, v := range dec {
		extra["decorations."+k] = v
	}
	return hostName, hostOS
}

const calendarLayout = "Mon Jan _2 15:04:05 2006 MST"

func timestamp(top map[string]any) (time.Time, error) {
	if v, ok := top["unixTime"]; ok && v != nil {
		s := scalar(v)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 1<<40 {
			return time.Time{}, errors.New("not a Unix time in seconds: " + strconv.Quote(s))
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if v, ok := top["calendarTime"]; ok && v != nil {
		s, _ := v.(string)
		t, err := time.Parse(calendarLayout, s)
		if err != nil {
			return time.Time{}, errors.New("not an osquery calendar time: " + strconv.Quote(s))
		}
		return t.UTC(), nil
	}
	return time.Time{}, errors.New("missing: need unixTime or calendarTime — not an osquery result (wrong --source?)")
}

func str(m map[string]any, k string) (string, error) {
	v, ok := m[k]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errors.New("not a string")
	}
	return s, nil
}

// scalar renders a JSON value as text: strings as is, numbers as written, booleans as
// true/false, null as "", arrays and objects as compact JSON.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// flatten stores v under prefix, objects as "prefix.key" recursively, anything else as scalar.
func flatten(prefix string, v any, out map[string]string) {
	if m, ok := v.(map[string]any); ok && len(m) > 0 {
		for k, vv := range m {
			flatten(prefix+"."+k, vv, out)
		}
		return
	}
	out[prefix] = scalar(v)
}

func rowHash(row map[string]any) string {
	keys := make([]string, 0, len(row))
	for k := range row {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := fnv.New64a()
	for _, k := range keys {
		io.WriteString(h, k)
		h.Write([]byte{0})
		io.WriteString(h, scalar(row[k]))
		h.Write([]byte{0})
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
