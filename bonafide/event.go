package bonafide

import (
	"net/netip"
	"strconv"
	"time"
)

// EventCategory is the broad kind of a telemetry event, named as ECS event.category names it.
type EventCategory string

// Event categories.
const (
	CategoryAuthentication EventCategory = "authentication" // a sign-in or sign-in attempt (Entra, Okta, Google Workspace, Windows logon)
	CategoryProcess        EventCategory = "process"        // a running or started process (osquery processes, Sysmon 1)
	CategoryPackage        EventCategory = "package"        // an installed program (osquery programs/apps/deb/rpm)
	CategoryDevice         EventCategory = "device"         // a peripheral, e.g. a USB device (osquery usb_devices, Windows PnP)
	CategorySession        EventCategory = "session"        // a logged-in user session (osquery logged_in_users)
	CategoryNetwork        EventCategory = "network"        // a network connection or DNS query (Sysmon 3, 22)
	CategoryConfiguration  EventCategory = "configuration"  // MFA registration, locale or time-zone settings
)

// Event is one telemetry event from an identity provider or an endpoint, in one model whatever
// its source. Field comments give the ECS (Elastic Common Schema 8.x) field each one carries, so
// rules and exports can name fields the way SIEM users do (see Event.Field). Parsers
// (internal/telemetry/<source>) fill what their source has and leave the rest zero; they keep
// the whole source record in Raw and the fields they do not map in Extra, never dropping them.
//
// Times are UTC. An Event is a value: detectors must not keep pointers into Raw or Extra
// beyond the call that received them unless they copy.
type Event struct {
	Timestamp time.Time     // @timestamp, UTC
	Source    string        // event.provider: the parser, "entra", "okta", "gworkspace", "osquery", "sysmon", "csv"
	Dataset   string        // event.dataset, e.g. "entra.signinlogs", "osquery.processes", "sysmon.process_create"
	ID        string        // event.id: the source's unique ID (Entra id, Okta uuid, osquery name+counter…); "" when none
	Category  EventCategory // event.category
	Action    string        // event.action: the vendor's action, e.g. "user.session.start", "login_success", "added"
	Outcome   string        // event.outcome: "success", "failure" or "unknown"
	Reason    string        // event.reason: failure or result detail (Entra errorCode text, Okta outcome.reason)

	UserName  string // user.name: the sign-in name (UPN, e-mail, DOMAIN\user), as the source gives it
	UserEmail string // user.email: lower-cased when the source gives one
	UserID    string // user.id: the source's user ID (Entra object ID, Okta ID)

	SourceIP      netip.Addr // source.ip; the zero Addr when the source has none
	SourcePort    uint16     // source.port
	SourceCountry string     // source.geo.country_iso_code: ISO 3166-1 alpha-2 as the source resolved it ("" if none)
	SourceCity    string     // source.geo.city_name, as the source resolved it
	SourceASN     uint32     // source.as.number: from the source or from enrichment
	SourceASOrg   string     // source.as.organization.name: from the source or from enrichment
	UserAgent     string     // user_agent.original

	HostName     string // host.name
	HostID       string // host.id: osquery host identifier, Entra deviceDetail.deviceId, Windows computer SID
	HostOS       string // host.os.full / operatingSystem as the source gives it
	HostManaged  *bool  // bonafide extension (ECS has none): device managed/compliant per the IdP; nil unknown
	HostTimezone string // host.timezone (IANA name or offset) when the source reports one
	HostLocale   string // bonafide extension: system locale or keyboard layout, e.g. "ko-KR", "00000412"

	ProcessName        string // process.name: executable file name, e.g. "AnyDesk.exe"
	ProcessPath        string // process.executable: full path
	ProcessCommandLine string // process.command_line
	ProcessHash        string // process.hash.sha256 (lower-case hex) when given
	ProcessSigner      string // process.code_signature.subject_name
	ParentName         string // process.parent.name
	PackageName        string // package.name: installed program name (osquery programs.name)
	PackageVersion     string // package.version

	DeviceVendorID  string // device.vendor_id (bonafide extension): USB vendor ID, 4 lower-case hex digits, e.g. "1d6b"
	DeviceProductID string // device.product_id: USB product ID, 4 lower-case hex digits
	DeviceVendor    string // device.manufacturer: vendor string as reported
	DeviceModel     string // device.model.name: product string as reported
	DeviceSerial    string // device.serial_number

	DestinationDomain string     // destination.domain / dns.question.name (Sysmon 22, proxy logs)
	DestinationIP     netip.Addr // destination.ip
	DestinationPort   uint16     // destination.port

	AuthMethod   string // bonafide extension: the MFA method used or registered, e.g. "Microsoft Authenticator", "SMS"
	AuthDeviceID string // bonafide extension: the MFA device or phone (E.164 or authenticator device ID) when the source gives one

	Extra map[string]string // source fields not mapped above, flattened "a.b.c" → value as text
	Raw   []byte            // the source record as read (one JSON line, one CSV row)
}

// EventFields lists the ECS field names Event.Field answers, in a stable order: the names
// rules and CSV headers may use.
var EventFields = []string{
	"@timestamp", "event.provider", "event.dataset", "event.id", "event.category", "event.action",
	"event.outcome", "event.reason", "user.name", "user.email", "user.id", "source.ip",
	"source.port", "source.geo.country_iso_code", "source.geo.city_name", "source.as.number",
	"source.as.organization.name", "user_agent.original", "host.name", "host.id", "host.os.full",
	"host.managed", "host.timezone", "host.locale", "process.name", "process.executable",
	"process.command_line", "process.hash.sha256", "process.code_signature.subject_name",
	"process.parent.name", "package.name", "package.version", "device.vendor_id",
	"device.product_id", "device.manufacturer", "device.model.name", "device.serial_number",
	"destination.domain", "destination.ip", "destination.port", "auth.method", "auth.device_id",
}

// EventGetter returns one field of an event as text.
type EventGetter func(*Event) string

// FieldGetter returns the getter for an ECS field name (one of EventFields, or "extra.<key>"
// for a field kept in Extra), and false for an unknown name. Text fields are returned without
// copying; numeric, address and boolean fields are formatted on each call (they allocate), so
// hot paths should prefer text fields.
func FieldGetter(name string) (EventGetter, bool) {
	if len(name) > 6 && name[:6] == "extra." {
		k := name[6:]
		return func(e *Event) string { return e.Extra[k] }, true
	}
	g, ok := eventGetters[name]
	return g, ok
}

// Field returns the named field of e as text ("" when unset or unknown); see FieldGetter.
func (e *Event) Field(name string) string {
	if g, ok := FieldGetter(name); ok {
		return g(e)
	}
	return ""
}

func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func uintText(n uint64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatUint(n, 10)
}

var eventGetters = map[string]EventGetter{
	"@timestamp": func(e *Event) string {
		if e.Timestamp.IsZero() {
			return ""
		}
		return e.Timestamp.UTC().Format(time.RFC3339Nano)
	},
	"event.provider":              func(e *Event) string { return e.Source },
	"event.dataset":               func(e *Event) string { return e.Dataset },
	"event.id":                    func(e *Event) string { return e.ID },
	"event.category":              func(e *Event) string { return string(e.Category) },
	"event.action":                func(e *Event) string { return e.Action },
	"event.outcome":               func(e *Event) string { return e.Outcome },
	"event.reason":                func(e *Event) string { return e.Reason },
	"user.name":                   func(e *Event) string { return e.UserName },
	"user.email":                  func(e *Event) string { return e.UserEmail },
	"user.id":                     func(e *Event) string { return e.UserID },
	"source.ip":                   func(e *Event) string { return addrText(e.SourceIP) },
	"source.port":                 func(e *Event) string { return uintText(uint64(e.SourcePort)) },
	"source.geo.country_iso_code": func(e *Event) string { return e.SourceCountry },
	"source.geo.city_name":        func(e *Event) string { return e.SourceCity },
	"source.as.number":            func(e *Event) string { return uintText(uint64(e.SourceASN)) },
	"source.as.organization.name": func(e *Event) string { return e.SourceASOrg },
	"user_agent.original":         func(e *Event) string { return e.UserAgent },
	"host.name":                   func(e *Event) string { return e.HostName },
	"host.id":                     func(e *Event) string { return e.HostID },
	"host.os.full":                func(e *Event) string { return e.HostOS },
	"host.managed": func(e *Event) string {
		if e.HostManaged == nil {
			return ""
		}
		return strconv.FormatBool(*e.HostManaged)
	},
	"host.timezone":                       func(e *Event) string { return e.HostTimezone },
	"host.locale":                         func(e *Event) string { return e.HostLocale },
	"process.name":                        func(e *Event) string { return e.ProcessName },
	"process.executable":                  func(e *Event) string { return e.ProcessPath },
	"process.command_line":                func(e *Event) string { return e.ProcessCommandLine },
	"process.hash.sha256":                 func(e *Event) string { return e.ProcessHash },
	"process.code_signature.subject_name": func(e *Event) string { return e.ProcessSigner },
	"process.parent.name":                 func(e *Event) string { return e.ParentName },
	"package.name":                        func(e *Event) string { return e.PackageName },
	"package.version":                     func(e *Event) string { return e.PackageVersion },
	"device.vendor_id":                    func(e *Event) string { return e.DeviceVendorID },
	"device.product_id":                   func(e *Event) string { return e.DeviceProductID },
	"device.manufacturer":                 func(e *Event) string { return e.DeviceVendor },
	"device.model.name":                   func(e *Event) string { return e.DeviceModel },
	"device.serial_number":                func(e *Event) string { return e.DeviceSerial },
	"destination.domain":                  func(e *Event) string { return e.DestinationDomain },
	"destination.ip":                      func(e *Event) string { return addrText(e.DestinationIP) },
	"destination.port":                    func(e *Event) string { return uintText(uint64(e.DestinationPort)) },
	"auth.method":                         func(e *Event) string { return e.AuthMethod },
	"auth.device_id":                      func(e *Event) string { return e.AuthDeviceID },
}
