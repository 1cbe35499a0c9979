// Package sysmon reads Windows event logs shipped as ECS JSON by Winlogbeat 8 or the Elastic
// Agent Windows integration (one JSON object per line, as the file or console output writes
// them) into bonafide.Event values. Despite its name it reads any channel; it maps these:
//
//	provider / channel                 event  Dataset                         Category
//	Microsoft-Windows-Sysmon           1      sysmon.process_create           process
//	Microsoft-Windows-Sysmon           3      sysmon.network_connection       network
//	Microsoft-Windows-Sysmon           22     sysmon.dns_query                network
//	Security                           4624   windows.security.logon          authentication
//	Security                           4625   windows.security.logon_failed   authentication
//	Security                           6416   windows.security.device_added   device
//	Microsoft-Windows-Kernel-PnP       400, 410, 430  windows.pnp.device      device
//	Microsoft-Windows-UserPnp          any with a DeviceInstanceId/DeviceId  windows.pnp.device device
//
// Any other event keeps event.dataset and the first event.category value as given.
//
// Each field prefers the ECS field and falls back to winlog.event_data (Sysmon and Security
// names): process.executable ← Image, process.name ← base name of Image, process.command_line
// ← CommandLine, process.parent.name ← base name of ParentImage, process.hash.sha256 ← the
// SHA256= entry of Hashes, user.name ← "DOMAIN\user" from user.domain and user.name, else
// TargetDomainName\TargetUserName (4624/4625), else User; source.ip/port ← IpAddress/IpPort
// or SourceIp/SourcePort ("-" means none); destination.ip/port ← DestinationIp/DestinationPort;
// destination.domain ← dns.question.name ← QueryName ← DestinationHostname; host.name ←
// winlog.computer_name; host.os.full ← host.os.name + " " + host.os.version.
// Devices: DeviceId (6416) or DeviceInstanceId (Kernel-PnP) "USB\VID_1D6B&PID_0104\CAFEBABE"
// gives device.vendor_id "1d6b", device.product_id "0104" and device.serial_number
// "CAFEBABE" (the instance part; Windows makes one up containing "&" when the device has no
// serial, which is kept as is); DeviceDescription gives device.model.name.
//
// The logon type (winlog.event_data.LogonType, winlog.logon.type), PIDs and all other fields
// the Event has no place for stay in Extra under their flattened ECS names, e.g.
// Extra["winlog.event_data.LogonType"] = "10". Arrays are kept as compact JSON text.
// Fields used by the mapping are removed from Extra; their fallbacks are removed only when
// used.
//
// Timestamp is @timestamp (RFC 3339), UTC; required. Outcome is event.outcome when it is
// success or failure, else "success" for 4624 and "failure" for 4625, else "unknown".
// Event.ID is winlog.computer_name + "/" + winlog.record_id ("" when either is missing).
// Source is "sysmon". Errors are *bonafide.InputError naming file, 1-based line and field.
package sysmon

import (
	"bufio"
	"bytes"
	stdjson "encoding/json"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/segmentio/encoding/json"
)

// Source is the Event.Source this parser sets.
const Source = "sysmon"

// Parse reads ECS JSON lines from r, or one JSON array of event objects (an input whose
// first non-blank byte is '['), and calls fn with each event in order, a newly allocated
// *Event each time (fn may keep it). name is the file name used in errors; array errors
// name the record index ("[3]") instead of the line. Blank lines are skipped. It stops at the first error: a bad line gives a *bonafide.InputError; an error
// from fn or r is returned as is.
func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	// Leading white space: an input whose first byte after it is '[' is a JSON array.
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if c == '\n' {
			line++
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' {
			continue
		}
		_ = br.UnreadByte()
		if c == '[' {
			return parseArray(br, name, fn)
		}
		break
	}
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			line++
			ev, perr := parseLine(b, name, line)
			if perr != nil {
				return perr
			}
			if ev != nil {
				if ferr := fn(ev); ferr != nil {
					return ferr
				}
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

// parseArray reads a JSON array of event objects, one at a time. Errors name the record
// index ("[3]") instead of a line.
func parseArray(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	dec := stdjson.NewDecoder(r)
	if _, err := dec.Token(); err != nil {
		return &bonafide.InputError{File: name, Msg: "invalid JSON array", Err: err}
	}
	for i := 0; dec.More(); i++ {
		rec := "[" + strconv.Itoa(i) + "]"
		var m stdjson.RawMessage
		if err := dec.Decode(&m); err != nil {
			return &bonafide.InputError{File: name, Record: rec, Msg: "invalid JSON", Err: err}
		}
		ev, err := parseLine(m, name, 0)
		if err != nil {
			var ie *bonafide.InputError
			if errors.As(err, &ie) {
				ie.Record = rec
			}
			return err
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	if t, err := dec.Token(); err != nil || t != stdjson.Delim(']') {
		return &bonafide.InputError{File: name, Msg: "JSON array not closed", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &bonafide.InputError{File: name, Msg: "data after the JSON array", Err: err}
	}
	return nil
}

func inErr(file string, line int, field, msg string, err error) error {
	return &bonafide.InputError{File: file, Line: line, Field: field, Msg: msg, Err: err}
}

type fields map[string]string

// take returns and removes the first non-empty of keys.
func (f fields) take(keys ...string) (string, string) {
	for _, k := range keys {
		if v, ok := f[k]; ok && v != "" {
			delete(f, k)
			return v, k
		}
	}
	return "", ""
}

func (f fields) get(keys ...string) string {
	for _, k := range keys {
		if v := f[k]; v != "" {
			return v
		}
	}
	return ""
}

func parseLine(b []byte, file string, line int) (*bonafide.Event, error) {
	raw := b
	for len(raw) > 0 && (raw[len(raw)-1] == '\n' || raw[len(raw)-1] == '\r') {
		raw = raw[:len(raw)-1]
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	f := make(fields, 48)
	if err := flattenJSON(raw, f); err != nil {
		return nil, inErr(file, line, "", "invalid JSON", err)
	}
	ev := &bonafide.Event{Source: Source, Raw: raw}

	ts, _ := f.take("@timestamp")
	if ts == "" {
		return nil, inErr(file, line, "@timestamp", "missing", nil)
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return nil, inErr(file, line, "@timestamp", "not an RFC 3339 time: "+strconv.Quote(ts), nil)
	}
	ev.Timestamp = t.UTC()

	code := f.get("winlog.event_id", "event.code")
	provider := f.get("winlog.provider_name", "event.provider")
	channel := f.get("winlog.channel")
	computer := f.get("winlog.computer_name")
	if rid := f.get("winlog.record_id"); computer != "" && rid != "" {
		ev.ID = computer + "/" + rid
	}
	ev.Action, _ = f.take("event.action")

	isSysmon := strings.EqualFold(provider, "Microsoft-Windows-Sysmon") || strings.HasPrefix(channel, "Microsoft-Windows-Sysmon")
	isSecurity := strings.EqualFold(channel, "Security") || strings.EqualFold(provider, "Microsoft-Windows-Security-Auditing")
	isPnP := strings.EqualFold(provider, "Microsoft-Windows-Kernel-PnP") || strings.EqualFold(provider, "Microsoft-Windows-UserPnp")
	switch {
	case isSysmon && code == "1":
		ev.Dataset, ev.Category = "sysmon.process_create", bonafide.CategoryProcess
	case isSysmon && code == "3":
		ev.Dataset, ev.Category = "sysmon.network_connection", bonafide.CategoryNetwork
	case isSysmon && code == "22":
		ev.Dataset, ev.Category = "sysmon.dns_query", bonafide.CategoryNetwork
	case isSecurity && code == "4624":
		ev.Dataset, ev.Category = "windows.security.logon", bonafide.CategoryAuthentication
	case isSecurity && code == "4625":
		ev.Dataset, ev.Category = "windows.security.logon_failed", bonafide.CategoryAuthentication
	case isSecurity && code == "6416":
		ev.Dataset, ev.Category = "windows.security.device_added", bonafide.CategoryDevice
	case isPnP && (code == "400" || code == "410" || code == "430" || f.get("winlog.event_data.DeviceInstanceId", "winlog.event_data.DeviceId") != ""):
		ev.Dataset, ev.Category = "windows.pnp.device", bonafide.CategoryDevice
	default:
		ev.Dataset = f.get("event.dataset")
		ev.Category = bonafide.EventCategory(first(f.get("event.category")))
	}
	if ev.Dataset == f["event.dataset"] {
		delete(f, "event.dataset")
	}

	switch o := strings.ToLower(f.get("event.outcome")); {
	case o == "success" || o == "failure":
		ev.Outcome = o
		delete(f, "event.outcome")
	case isSecurity && code == "4624":
		ev.Outcome = "success"
	case isSecurity && code == "4625":
		ev.Outcome = "failure"
	default:
		ev.Outcome = "unknown"
	}
	ev.Reason, _ = f.take("event.reason")

	// user
	name, _ := f.take("user.name")
	domain, _ := f.take("user.domain")
	if name == "" {
		if n, _ := f.take("winlog.event_data.TargetUserName"); n != "" {
			name = n
			domain, _ = f.take("winlog.event_data.TargetDomainName")
		}
	}
	switch {
	case name != "" && domain != "" && !strings.Contains(name, `\`):
		ev.UserName = domain + `\` + name
	case name != "":
		ev.UserName = name
	default:
		ev.UserName, _ = f.take("winlog.event_data.User")
	}
	ev.UserID, _ = f.take("user.id", "winlog.event_data.TargetUserSid")
	if e, _ := f.take("user.email"); e != "" {
		ev.UserEmail = strings.ToLower(e)
	}

	// network
	var perr error
	addr := func(keys ...string) netip.Addr {
		v, k := f.take(keys...)
		if v == "" || v == "-" || perr != nil {
			return netip.Addr{}
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			perr = inErr(file, line, k, "not an IP address: "+strconv.Quote(v), nil)
			return netip.Addr{}
		}
		return a.Unmap()
	}
	port := func(keys ...string) uint16 {
		v, k := f.take(keys...)
		if v == "" || v == "-" || perr != nil {
			return 0
		}
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			perr = inErr(file, line, k, "not a port number: "+strconv.Quote(v), nil)
		}
		return uint16(n)
	}
	ev.SourceIP = addr("source.ip", "winlog.event_data.IpAddress", "winlog.event_data.SourceIp")
	ev.SourcePort = port("source.port", "winlog.event_data.IpPort", "winlog.event_data.SourcePort")
	ev.DestinationIP = addr("destination.ip", "winlog.event_data.DestinationIp")
	ev.DestinationPort = port("destination.port", "winlog.event_data.DestinationPort")
	if perr != nil {
		return nil, perr
	}
	ev.DestinationDomain, _ = f.take("destination.domain", "dns.question.name", "winlog.event_data.QueryName", "winlog.event_data.DestinationHostname")
	ev.SourceCountry, _ = f.take("source.geo.country_iso_code")
	ev.SourceCity, _ = f.take("source.geo.city_name")
	if v, _ := f.take("source.as.number"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return nil, inErr(file, line, "source.as.number", "not an AS number: "+strconv.Quote(v), nil)
		}
		ev.SourceASN = uint32(n)
	}
	ev.SourceASOrg, _ = f.take("source.as.organization.name")
	ev.UserAgent, _ = f.take("user_agent.original")

	// host
	ev.HostName, _ = f.take("host.name", "winlog.computer_name")
	ev.HostID, _ = f.take("host.id")
	if full, _ := f.take("host.os.full"); full != "" {
		ev.HostOS = full
	} else if n := f.get("host.os.name"); n != "" {
		delete(f, "host.os.name")
		v, _ := f.take("host.os.version")
		ev.HostOS = strings.TrimSpace(n + " " + v)
	}
	ev.HostTimezone, _ = f.take("host.timezone")

	// process
	ev.ProcessPath, _ = f.take("process.executable", "winlog.event_data.Image")
	ev.ProcessName, _ = f.take("process.name")
	if ev.ProcessName == "" && ev.ProcessPath != "" {
		ev.ProcessName = baseName(ev.ProcessPath)
	}
	ev.ProcessCommandLine, _ = f.take("process.command_line", "winlog.event_data.CommandLine")
	ev.ParentName, _ = f.take("process.parent.name")
	if ev.ParentName == "" {
		if p := f.get("process.parent.executable", "winlog.event_data.ParentImage"); p != "" {
			ev.ParentName = baseName(p)
		}
	}
	if h, _ := f.take("process.hash.sha256"); h != "" {
		ev.ProcessHash = strings.ToLower(h)
	} else if h := hashFrom(f.get("winlog.event_data.Hashes")); h != "" {
		ev.ProcessHash = h
	}
	ev.ProcessSigner, _ = f.take("process.code_signature.subject_name")

	// device
	if ev.Category == bonafide.CategoryDevice {
		if id, k := f.take("winlog.event_data.DeviceId", "winlog.event_data.DeviceInstanceId"); id != "" {
			v, p, serial, ok := ParseDeviceID(id)
			if ok {
				ev.DeviceVendorID, ev.DeviceProductID, ev.DeviceSerial = v, p, serial
			}
			f[k] = id // the whole instance path stays available
		}
		ev.DeviceModel, _ = f.take("winlog.event_data.DeviceDescription")
	}

	if len(f) > 0 {
		ev.Extra = map[string]string(f)
	} else {
		ev.Extra = map[string]string{}
	}
	return ev, nil
}

// ParseDeviceID splits a Windows device instance ID such as "USB\VID_1D6B&PID_0104\CAFEBABE"
// or "USB\VID_046D&PID_C52B&MI_00\7&1A2B3C&0&0000" into the USB vendor ID and product ID, as
// 4 lower-case hex digits, and the instance part (the serial number when the device has one;
// everything after the second backslash). ok is false when the second part lacks a 4-digit
// VID_ or PID_ (e.g. "USBSTOR\Disk&Ven_SanDisk&Prod_Ultra\…", which names no USB IDs).
func ParseDeviceID(id string) (vendorID, productID, serial string, ok bool) {
	parts := strings.Split(id, `\`)
	if len(parts) < 2 {
		return "", "", "", false
	}
	for _, tok := range strings.Split(parts[1], "&") {
		u := strings.ToUpper(tok)
		switch {
		case strings.HasPrefix(u, "VID_"):
			vendorID = hex4(u[4:])
		case strings.HasPrefix(u, "PID_"):
			productID = hex4(u[4:])
		}
	}
	if vendorID == "" || productID == "" {
		return "", "", "", false
	}
	if len(parts) > 2 {
		serial = strings.Join(parts[2:], `\`)
	}
	return vendorID, productID, serial, true
}

func hex4(s string) string {
	if len(s) != 4 {
		return ""
	}
	b := []byte(strings.ToLower(s))
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return string(b)
}

// hashFrom returns the lower-cased SHA256 from a Sysmon Hashes value
// "SHA1=…,MD5=…,SHA256=…,IMPHASH=…".
func hashFrom(s string) string {
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if ok && strings.EqualFold(k, "SHA256") {
			return strings.ToLower(v)
		}
	}
	return ""
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// first returns the first element of a flattened JSON array of strings, or s itself.
func first(s string) string {
	if !strings.HasPrefix(s, "[") {
		return s
	}
	var a []any
	if json.Unmarshal([]byte(s), &a) != nil || len(a) == 0 {
		return ""
	}
	v, _ := a[0].(string)
	return v
}
