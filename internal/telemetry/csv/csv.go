// Package csv reads a generic CSV of telemetry events into bonafide.Event values, for sources
// bonafide has no parser for (a SIEM export, a spreadsheet from an MDM console).
//
// # Format
//
// RFC 4180 CSV (encoding/csv: comma separator, double-quote quoting, CRLF or LF line ends,
// a leading UTF-8 BOM ignored). The first row is the header; every row must have as many
// columns as the header. Column names are ECS field names from bonafide.EventFields, e.g.
//
//	@timestamp,user.name,source.ip,event.category,process.name
//
// in any order and any subset; names are matched exactly (case-sensitive) after trimming
// spaces. A column "extra.<key>" goes to Extra["<key>"]; any other unknown column is kept in
// Extra under its header name. Blank or duplicate header names are an error.
//
// Values: a cell that is not valid UTF-8 is an error; an empty cell leaves the field unset.
// @timestamp is RFC 3339 ("2025-03-04T09:15:02Z", any offset, converted to UTC) or
// "2006-01-02 15:04:05" with optional fractional seconds, read as UTC. source.ip and destination.ip are IPv4 or IPv6
// addresses (IPv4-mapped IPv6 is unmapped). source.port and destination.port are 0–65535,
// source.as.number 0–4294967295, host.managed a Go boolean (true/false/1/0/t/f).
// event.outcome is success, failure or unknown, any case, stored lower-case; empty or absent
// means "unknown". user.email and process.hash.sha256 are lower-cased. device.vendor_id and
// device.product_id are USB IDs, 1–4 hex digits with an optional 0x, stored as 4 lower-case
// hex digits. event.category is taken as given. Source is the event.provider cell when
// present, else "csv". Raw is the row re-encoded as CSV (identical to the input for rows
// written in canonical form), without the line end.
//
// Errors are *bonafide.InputError naming the file, the 1-based line of the row, the column
// (header) name as Field and the 1-based column number in the message.
package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Source is the default Event.Source this parser sets.
const Source = "csv"

type setter func(e *bonafide.Event, v string) error

// Parse reads CSV events from r and calls fn with each row's event in order, a newly
// allocated *Event each time (fn may keep it). name is the file name used in errors. It stops
// at the first error: a bad row gives a *bonafide.InputError; an error from fn or r is
// returned as is. An empty input (no header) gives no events and no error.
func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error {
	cr := stdcsv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return bonafide.CSVError(name, err)
	}
	cols := make([]string, len(header))
	sets := make([]setter, len(header))
	seen := make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		line, _ := cr.FieldPos(i)
		if h == "" {
			return &bonafide.InputError{File: name, Line: line, Msg: fmt.Sprintf("column %d: blank header name", i+1)}
		}
		if j, dup := seen[h]; dup {
			return &bonafide.InputError{File: name, Line: line, Field: h, Msg: fmt.Sprintf("column %d: duplicate header name (also column %d)", i+1, j+1)}
		}
		seen[h] = i
		cols[i] = h
		sets[i] = setters[h]
	}
	if _, ok := seen["@timestamp"]; !ok {
		return &bonafide.InputError{File: name, Line: 1, Field: "@timestamp",
			Msg: "missing column: every event needs its time (header names are ECS field names; see docs/telemetry-formats.md)"}
	}
	var raw bytes.Buffer
	rw := stdcsv.NewWriter(&raw)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bonafide.CSVError(name, err)
		}
		ev := &bonafide.Event{Source: Source, Outcome: "unknown", Extra: map[string]string{}}
		for i, v := range rec {
			if v == "" {
				continue
			}
			if !utf8.ValidString(v) {
				line, _ := cr.FieldPos(i)
				return &bonafide.InputError{File: name, Line: line, Field: cols[i], Msg: fmt.Sprintf("column %d: not valid UTF-8", i+1)}
			}
			if s := sets[i]; s != nil {
				if err := s(ev, v); err != nil {
					line, _ := cr.FieldPos(i)
					return &bonafide.InputError{File: name, Line: line, Field: cols[i], Msg: fmt.Sprintf("column %d: %v", i+1, err)}
				}
			} else if k, ok := strings.CutPrefix(cols[i], "extra."); ok {
				ev.Extra[k] = v
			} else {
				ev.Extra[cols[i]] = v
			}
		}
		raw.Reset()
		_ = rw.Write(rec)
		rw.Flush()
		ev.Raw = bytes.Clone(bytes.TrimRight(raw.Bytes(), "\r\n"))
		if err := fn(ev); err != nil {
			return err
		}
	}
}

func text(set func(e *bonafide.Event, v string)) setter {
	return func(e *bonafide.Event, v string) error { set(e, v); return nil }
}

func addr(set func(e *bonafide.Event, a netip.Addr)) setter {
	return func(e *bonafide.Event, v string) error {
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("not an IP address: %q", v)
		}
		set(e, a.Unmap())
		return nil
	}
}

func port(set func(e *bonafide.Event, p uint16)) setter {
	return func(e *bonafide.Event, v string) error {
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 16)
		if err != nil {
			return fmt.Errorf("not a port number 0-65535: %q", v)
		}
		set(e, uint16(n))
		return nil
	}
}

func usbID(set func(e *bonafide.Event, id string)) setter {
	return func(e *bonafide.Event, v string) error {
		id, ok := normalizeUSBID(v)
		if !ok {
			return fmt.Errorf("not a USB ID (1-4 hex digits): %q", v)
		}
		set(e, id)
		return nil
	}
}

const localLayout = "2006-01-02 15:04:05.999999999"

// ParseTime parses a CSV @timestamp: RFC 3339 (converted to UTC) or "2006-01-02 15:04:05"
// with optional fractional seconds, read as UTC.
func ParseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(localLayout, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("not an RFC 3339 or \"2006-01-02 15:04:05\" time: %q", v)
}

var setters = map[string]setter{
	"@timestamp": func(e *bonafide.Event, v string) error {
		t, err := ParseTime(v)
		e.Timestamp = t
		return err
	},
	"event.provider": text(func(e *bonafide.Event, v string) { e.Source = v }),
	"event.dataset":  text(func(e *bonafide.Event, v string) { e.Dataset = v }),
	"event.id":       text(func(e *bonafide.Event, v string) { e.ID = v }),
	"event.category": text(func(e *bonafide.Event, v string) { e.Category = bonafide.EventCategory(v) }),
	"event.action":   text(func(e *bonafide.Event, v string) { e.Action = v }),
	"event.outcome": func(e *bonafide.Event, v string) error {
		switch o := strings.ToLower(strings.TrimSpace(v)); o {
		case "success", "failure", "unknown":
			e.Outcome = o
			return nil
		}
		return fmt.Errorf("outcome must be success, failure or unknown: %q", v)
	},
	"event.reason":                text(func(e *bonafide.Event, v string) { e.Reason = v }),
	"user.name":                   text(func(e *bonafide.Event, v string) { e.UserName = v }),
	"user.email":                  text(func(e *bonafide.Event, v string) { e.UserEmail = strings.ToLower(v) }),
	"user.id":                     text(func(e *bonafide.Event, v string) { e.UserID = v }),
	"source.ip":                   addr(func(e *bonafide.Event, a netip.Addr) { e.SourceIP = a }),
	"source.port":                 port(func(e *bonafide.Event, p uint16) { e.SourcePort = p }),
	"source.geo.country_iso_code": text(func(e *bonafide.Event, v string) { e.SourceCountry = v }),
	"source.geo.city_name":        text(func(e *bonafide.Event, v string) { e.SourceCity = v }),
	"source.as.number": func(e *bonafide.Event, v string) error {
		n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(v), "AS")), 10, 32)
		if err != nil {
			return fmt.Errorf("not an AS number: %q", v)
		}
		e.SourceASN = uint32(n)
		return nil
	},
	"source.as.organization.name": text(func(e *bonafide.Event, v string) { e.SourceASOrg = v }),
	"user_agent.original":         text(func(e *bonafide.Event, v string) { e.UserAgent = v }),
	"host.name":                   text(func(e *bonafide.Event, v string) { e.HostName = v }),
	"host.id":                     text(func(e *bonafide.Event, v string) { e.HostID = v }),
	"host.os.full":                text(func(e *bonafide.Event, v string) { e.HostOS = v }),
	"host.managed": func(e *bonafide.Event, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("not a boolean: %q", v)
		}
		e.HostManaged = &b
		return nil
	},
	"host.timezone":                       text(func(e *bonafide.Event, v string) { e.HostTimezone = v }),
	"host.locale":                         text(func(e *bonafide.Event, v string) { e.HostLocale = v }),
	"process.name":                        text(func(e *bonafide.Event, v string) { e.ProcessName = v }),
	"process.executable":                  text(func(e *bonafide.Event, v string) { e.ProcessPath = v }),
	"process.command_line":                text(func(e *bonafide.Event, v string) { e.ProcessCommandLine = v }),
	"process.hash.sha256":                 text(func(e *bonafide.Event, v string) { e.ProcessHash = strings.ToLower(v) }),
	"process.code_signature.subject_name": text(func(e *bonafide.Event, v string) { e.ProcessSigner = v }),
	"process.parent.name":                 text(func(e *bonafide.Event, v string) { e.ParentName = v }),
	"package.name":                        text(func(e *bonafide.Event, v string) { e.PackageName = v }),
	"package.version":                     text(func(e *bonafide.Event, v string) { e.PackageVersion = v }),
	"device.vendor_id":                    usbID(func(e *bonafide.Event, v string) { e.DeviceVendorID = v }),
	"device.product_id":                   usbID(func(e *bonafide.Event, v string) { e.DeviceProductID = v }),
	"device.manufacturer":                 text(func(e *bonafide.Event, v string) { e.DeviceVendor = v }),
	"device.model.name":                   text(func(e *bonafide.Event, v string) { e.DeviceModel = v }),
	"device.serial_number":                text(func(e *bonafide.Event, v string) { e.DeviceSerial = v }),
	"destination.domain":                  text(func(e *bonafide.Event, v string) { e.DestinationDomain = v }),
	"destination.ip":                      addr(func(e *bonafide.Event, a netip.Addr) { e.DestinationIP = a }),
	"destination.port":                    port(func(e *bonafide.Event, p uint16) { e.DestinationPort = p }),
	"auth.method":                         text(func(e *bonafide.Event, v string) { e.AuthMethod = v }),
	"auth.device_id":                      text(func(e *bonafide.Event, v string) { e.AuthDeviceID = v }),
}

func normalizeUSBID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
	}
	if s == "" || len(s) > 4 {
		return "", false
	}
	b := []byte(strings.Repeat("0", 4-len(s)) + strings.ToLower(s))
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", false
		}
	}
	return string(b), true
}
