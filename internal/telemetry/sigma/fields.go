package sigma

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// SigmaFields maps Sigma's own field names (lower-cased; Sigma field names are matched
// case-insensitively here) to the ECS field bonafide.Event carries, following pySigma's
// ECS pipelines (ecs_windows, ecs_zeek, …) where bonafide has the field. ECS names themselves
// (bonafide.EventFields, "extra.<key>") are always accepted as written.
//
// Model gaps: bonafide.Event has no process.parent.executable, so ParentImage (and
// process.parent.executable) map to process.parent.name, and their values are reduced to the
// file name at parse time: "ParentImage|endswith: '\cmd.exe'" and "ParentImage: 'C:\x\cmd.exe'"
// both become "process.parent.name equals cmd.exe"; contains/startswith with a path on them
// is an error. OriginalFileName maps to process.name (the PE original name is not kept).
var SigmaFields = map[string]string{
	// Windows process creation (Sysmon 1, Security 4688)
	"image":              "process.executable",
	"newprocessname":     "process.executable",
	"commandline":        "process.command_line",
	"processcommandline": "process.command_line",
	"parentimage":        "process.parent.name",
	"parentprocessname":  "process.parent.name",
	"originalfilename":   "process.name",
	"hashes":             "process.hash.sha256",
	"sha256":             "process.hash.sha256",
	"signature":          "process.code_signature.subject_name",
	"user":               "user.name",
	"targetusername":     "user.name",
	"userprincipalname":  "user.name",
	"computer":           "host.name",
	"computername":       "host.name",
	"hostname":           "host.name",
	"workstationname":    "host.name",
	// network (Sysmon 3, firewall, proxy, zeek)
	"sourceip":            "source.ip",
	"src_ip":              "source.ip",
	"ipaddress":           "source.ip",
	"sourceport":          "source.port",
	"src_port":            "source.port",
	"destinationip":       "destination.ip",
	"dst_ip":              "destination.ip",
	"destinationport":     "destination.port",
	"dst_port":            "destination.port",
	"destinationhostname": "destination.domain",
	"queryname":           "destination.domain",
	"query":               "destination.domain",
	"dns.question.name":   "destination.domain",
	"cs-host":             "destination.domain",
	"c-useragent":         "user_agent.original",
	"cs-user-agent":       "user_agent.original",
	"useragent":           "user_agent.original",
	// ECS names for fields bonafide keeps under another ECS name
	"process.parent.executable":     "process.parent.name",
	"process.pe.original_file_name": "process.name",
}

// pathToName lists the Sigma names whose path values are reduced to a file name (see
// SigmaFields).
var pathToName = map[string]bool{"parentimage": true, "parentprocessname": true, "process.parent.executable": true}

type fieldClass uint8

const (
	classText fieldClass = iota
	classAddr            // source.ip, destination.ip: netip.Addr, compared without formatting
	classUint            // ports and AS numbers, compared as integers
)

func fieldClassOf(ecs string) fieldClass {
	switch ecs {
	case "source.ip", "destination.ip":
		return classAddr
	case "source.port", "destination.port", "source.as.number":
		return classUint
	}
	return classText
}

// resolveField maps a rule field name to its ECS name.
func resolveField(name string) (string, error) {
	if strings.HasPrefix(name, "extra.") && len(name) > len("extra.") {
		return name, nil
	}
	if name == "@timestamp" {
		return "", fmt.Errorf("unsupported construct: field @timestamp in a detection")
	}
	for _, f := range bonafide.EventFields {
		if f == name {
			return name, nil
		}
	}
	if ecs, ok := SigmaFields[strings.ToLower(name)]; ok {
		return ecs, nil
	}
	return "", fmt.Errorf("field %q has no ECS mapping in bonafide (see docs/rules.md)", name)
}

// addrOf returns the netip.Addr of an address field without formatting it.
func addrOf(ecs string) func(*bonafide.Event) netip.Addr {
	if ecs == "destination.ip" {
		return func(e *bonafide.Event) netip.Addr { return e.DestinationIP }
	}
	return func(e *bonafide.Event) netip.Addr { return e.SourceIP }
}

// uintOf returns the integer value of a numeric field without formatting it.
func uintOf(ecs string) func(*bonafide.Event) uint64 {
	switch ecs {
	case "source.port":
		return func(e *bonafide.Event) uint64 { return uint64(e.SourcePort) }
	case "destination.port":
		return func(e *bonafide.Event) uint64 { return uint64(e.DestinationPort) }
	}
	return func(e *bonafide.Event) uint64 { return uint64(e.SourceASN) }
}

func parseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return a, err
	}
	return a.Unmap(), nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		// a bare address is a /32 or /128
		a, err2 := netip.ParseAddr(strings.TrimSpace(s))
		if err2 != nil {
			return p, err
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	return p.Masked(), nil
}

// compileRe compiles a Sigma re value (RE2 syntax; PCRE-only constructs such as lookaround
// fail) with the re sub-modifier flags i, m, s.
func compileRe(pat, flags string) (*regexp.Regexp, error) {
	if flags != "" {
		pat = "(?" + flags + ")" + pat
	}
	return regexp.Compile(pat)
}

// reduceToName rewrites the values of a path field mapped to a name-only field (see
// SigmaFields).
func reduceToName(fm *FieldMatch) error {
	if strings.EqualFold(fm.Field, "Hashes") {
		return reduceHashes(fm)
	}
	if !pathToName[strings.ToLower(fm.Field)] {
		return nil
	}
	kind, _, _ := fm.matchKind()
	for i, v := range fm.Values {
		if v == nil {
			continue
		}
		sep := strings.LastIndexAny(*v, `\/`)
		if sep < 0 {
			if kind == "endswith" { // endswith is dropped below: keep its meaning
				w := "*" + *v
				fm.Values[i] = &w
			}
			continue
		}
		switch kind {
		case "", "endswith":
			base := (*v)[sep+1:]
			fm.Values[i] = &base
		default:
			return fmt.Errorf("unsupported construct: %s|%s with a path: bonafide keeps only the parent process name", fm.Field, kind)
		}
	}
	if kind == "endswith" {
		mods := fm.Modifiers[:0:0]
		for _, m := range fm.Modifiers {
			if m != "endswith" {
				mods = append(mods, m)
			}
		}
		fm.Modifiers = mods
	}
	return nil
}

// reduceHashes rewrites Sysmon "Hashes" values ("SHA256=ab12…") to the bare SHA-256 that
// process.hash.sha256 holds; other algorithms (MD5=, SHA1=, IMPHASH=) are an error, since
// bonafide keeps only SHA-256.
func reduceHashes(fm *FieldMatch) error {
	for i, v := range fm.Values {
		if v == nil {
			continue
		}
		k := strings.IndexByte(*v, '=')
		if k < 0 {
			continue
		}
		if !strings.EqualFold((*v)[:k], "SHA256") {
			return fmt.Errorf("unsupported construct: Hashes value %q: bonafide keeps only SHA256", *v)
		}
		h := (*v)[k+1:]
		fm.Values[i] = &h
	}
	return nil
}
