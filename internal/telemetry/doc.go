// Package telemetry holds the parsers that read post-hire telemetry (issue 5) — identity
// provider sign-in logs and endpoint logs, as security teams export them — into the one event
// model, bonafide.Event. This package has no code; each source is a subpackage.
//
// Every parser package follows the same convention:
//
//		func Parse(r io.Reader, name string, fn func(*bonafide.Event) error) error
//
//	  - Streaming: records are read and handed to fn one at a time, never the whole input at
//	    once. JSON sources accept JSON lines, a JSON array, and the vendor's API envelope
//	    ({"value":[…]}, {"items":[…]}, {"records":[…]}), detected from the content.
//	  - fn receives a newly allocated *bonafide.Event per event and may keep it; an error from
//	    fn stops parsing and is returned as is.
//	  - name is the file name used in errors. A bad record stops parsing with a
//	    *bonafide.InputError naming the file, the 1-based line (and, inside arrays and
//	    envelopes, the record's JSON path such as "value[3]") and the field.
//	  - Timestamps are UTC; IP addresses are netip.Addr (an invalid one is an InputError naming
//	    the field); Outcome is "success", "failure" or "unknown".
//	  - Event.Raw holds the source record's bytes as read; every source field not mapped to an
//	    Event field is kept in Event.Extra under its flattened dotted path ("a.b.0.c") as text.
//	    JSON nulls count as absent.
//
// Sources:
//
//   - entra: Microsoft Entra ID sign-in logs — Microsoft Graph /auditLogs/signIns, Azure
//     Monitor diagnostic-settings records (category SignInLogs) and Log Analytics SigninLogs
//     rows.
//   - okta: Okta System Log events (/api/v1/logs).
//   - gworkspace: Google Workspace login audit activities (Admin SDK Reports API,
//     applicationName=login).
//
// Endpoint sources (osquery, sysmon, csv) are sibling packages written to the same convention.
package telemetry
