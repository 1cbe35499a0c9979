package indicator

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
)

// Custom STIX cyber-observable types for what STIX 2.1 has no object for (documented in
// docs/indicators.md). Both have one property, "value".
const (
	SCOWallet = "x-crypto-wallet" // value: "<chain>:<address>" or a bare address (normalize.Wallet)
	SCOPhone  = "x-phone-number"  // value: international number, E.164 preferred
)

// patternPaths maps the object paths of the supported pattern subset to indicator types.
var patternPaths = map[string]string{
	"email-addr:value":           TypeEmail,
	"domain-name:value":          TypeDomain,
	"url:value":                  TypeURL,
	SCOWallet + ":value":         TypeWallet,
	SCOPhone + ":value":          TypePhone,
	"user-account:account_login": TypeGitHub, // with user-account:account_type = 'github'
}

// Well-known TLP marking-definition ids: TLP 1.0 (STIX 2.1 §7.2.1.4) and TLP 2.0
// (the OASIS TLP 2.0 extension's marking definitions).
var tlpIDs = map[string]string{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
	"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
	"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
}

// object is the union of the STIX properties the reader and writer use.
type object struct {
	Type               string         `json:"type"`
	SpecVersion        string         `json:"spec_version,omitempty"`
	ID                 string         `json:"id"`
	CreatedByRef       string         `json:"created_by_ref,omitempty"`
	Created            string         `json:"created,omitempty"`
	Modified           string         `json:"modified,omitempty"`
	Name               string         `json:"name,omitempty"`
	Description        string         `json:"description,omitempty"`
	IndicatorTypes     []string       `json:"indicator_types,omitempty"`
	IdentityClass      string         `json:"identity_class,omitempty"`
	Pattern            string         `json:"pattern,omitempty"`
	PatternType        string         `json:"pattern_type,omitempty"`
	ValidFrom          string         `json:"valid_from,omitempty"`
	ValidUntil         string         `json:"valid_until,omitempty"`
	Labels             []string       `json:"labels,omitempty"`
	Confidence         *int           `json:"confidence,omitempty"`
	ExternalReferences []extRef       `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string       `json:"object_marking_refs,omitempty"`
	Value              string         `json:"value,omitempty"`
	AccountType        string         `json:"account_type,omitempty"`
	AccountLogin       string         `json:"account_login,omitempty"`
	DefinitionType     string         `json:"definition_type,omitempty"`
	Definition         map[string]any `json:"definition,omitempty"`
	Extensions         map[string]any `json:"extensions,omitempty"`
	Programs           []string       `json:"x_bonafide_programs,omitempty"`
	Aliases            []string       `json:"x_bonafide_aliases,omitempty"`
	FirstSeen          string         `json:"x_bonafide_first_seen,omitempty"`
	LastSeen           string         `json:"x_bonafide_last_seen,omitempty"`
}

type extRef struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	Description string `json:"description,omitempty"`
}

type bundle struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Objects []json.RawMessage `json:"objects"`
}

// ReadSTIX reads a STIX 2.1 bundle (docs/indicators.md). Entries come from:
//   - indicator objects with pattern_type "stix" whose pattern is in the documented subset:
//     "[path = 'value']" observations, several comparisons inside one observation or several
//     observations joined with OR, paths email-addr:value, domain-name:value, url:value,
//     x-crypto-wallet:value, x-phone-number:value, and user-account:account_login ANDed with
//     user-account:account_type = 'github' in the same observation;
//   - identity objects with identity_class "organization" (front company) or "individual"
//     (person), except identities named by another object's created_by_ref (authors);
//   - SCOs email-addr, domain-name, url, x-crypto-wallet, x-phone-number and user-account
//     (account_type "github") placed directly in the bundle.
//
// The STIX id is the entry ID; name, description, labels, confidence, valid_from/valid_until,
// external_references[0].source_name, x_bonafide_programs and the TLP of object_marking_refs
// (TLP 1.0 and 2.0 ids, or tlp marking-definitions in the bundle) are kept on the Entry. Other
// object types (relationships, reports, threat actors …) are skipped. Anything else — a
// pattern outside the subset, a value internal/normalize rejects, a missing id — is a
// *bonafide.InputError naming file, object id (Record) and property; no List is returned.
func ReadSTIX(r io.Reader, file string, opt Options) (*List, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &bonafide.InputError{File: file, Msg: "read failed", Err: err}
	}
	var b bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, &bonafide.InputError{File: file, Msg: "not a JSON STIX bundle", Err: err}
	}
	if b.Type != "bundle" {
		return nil, &bonafide.InputError{File: file, Field: "type", Msg: fmt.Sprintf("%q: want \"bundle\"", b.Type)}
	}
	l := &List{}
	l.Name, l.Version = opt.resolve(file, data)
	objs := make([]object, len(b.Objects))
	authors := map[string]bool{}
	tlp := map[string]string{}
	for k, v := range tlpIDs {
		tlp[k] = v
	}
	seen := map[string]bool{}
	for i, raw := range b.Objects {
		o := &objs[i]
		if err := json.Unmarshal(raw, o); err != nil {
			return nil, &bonafide.InputError{File: file, Record: fmt.Sprintf("objects[%d]", i), Msg: "malformed object", Err: err}
		}
		if o.ID == "" || o.Type == "" {
			return nil, &bonafide.InputError{File: file, Record: fmt.Sprintf("objects[%d]", i), Field: "id", Msg: "object without type or id"}
		}
		if seen[o.ID] {
			return nil, &bonafide.InputError{File: file, Record: o.ID, Field: "id", Msg: "object id given twice"}
		}
		seen[o.ID] = true
		if o.CreatedByRef != "" {
			authors[o.CreatedByRef] = true
		}
		if o.Type == "marking-definition" {
			if lvl := markingTLP(o); lvl != "" {
				tlp[o.ID] = lvl
			}
		}
	}
	for i := range objs {
		o := &objs[i]
		bad := func(field, format string, args ...any) error {
			return &bonafide.InputError{File: file, Record: o.ID, Field: field, Msg: fmt.Sprintf(format, args...)}
		}
		var vals []typedValue
		switch o.Type {
		case "indicator":
			if o.PatternType != "stix" {
				return nil, bad("pattern_type", "%q: only \"stix\" patterns are read", o.PatternType)
			}
			cmps, err := parsePattern(o.Pattern)
			if err != nil {
				return nil, bad("pattern", "%v", err)
			}
			for _, c := range cmps {
				kind, v, err := Canonical(c.typ, c.value, "")
				if err != nil {
					return nil, bad("pattern", "%s value %q: %v", c.typ, c.value, err)
				}
				vals = append(vals, typedValue{c.typ, kind, v})
			}
		case "identity":
			if authors[o.ID] {
				continue
			}
			typ := map[string]string{"organization": TypeCompany, "individual": TypePerson}[o.IdentityClass]
			if typ == "" {
				continue
			}
			_, v, err := Canonical(typ, o.Name, "")
			if err != nil {
				return nil, bad("name", "%v", err)
			}
			vals = append(vals, typedValue{typ, "", v})
		case "email-addr", "domain-name", "url", SCOWallet, SCOPhone, "user-account":
			typ, v := patternPaths[o.Type+":value"], o.Value
			if o.Type == "user-account" {
				if !strings.EqualFold(o.AccountType, "github") {
					continue
				}
				typ, v = TypeGitHub, o.AccountLogin
			}
			kind, cv, err := Canonical(typ, v, "")
			if err != nil {
				return nil, bad("value", "%v", err)
			}
			vals = append(vals, typedValue{typ, kind, cv})
		default:
			continue
		}
		e := Entry{ID: o.ID, Name: strings.Join(strings.Fields(o.Name), " "), Programs: dedup(o.Programs),
			Labels: dedup(o.Labels), Note: o.Description, Confidence: -1, Raw: append([]byte(nil), b.Objects[i]...)}
		e.Type = vals[0].typ
		for _, v := range vals[1:] {
			if v.typ != e.Type {
				e.Type = "mixed"
			}
		}
		if e.Name == "" || vals[0].kind == "" {
			e.Name = vals[0].value
		}
		if vals[0].kind == "" {
			for _, a := range dedup(o.Aliases) {
				if a != e.Name {
					e.Aliases = append(e.Aliases, a)
				}
			}
		}
		if o.Confidence != nil {
			if *o.Confidence < 0 || *o.Confidence > 100 {
				return nil, bad("confidence", "%d: want 0–100", *o.Confidence)
			}
			e.Confidence = *o.Confidence
		}
		if len(o.ExternalReferences) > 0 {
			e.Source = o.ExternalReferences[0].SourceName
		}
		for _, m := range o.ObjectMarkingRefs {
			if lvl, ok := tlp[m]; ok {
				e.TLP = lvl
			}
		}
		first, last := o.FirstSeen, o.LastSeen
		if o.Type == "indicator" {
			if o.ValidFrom != o.Created {
				first = o.ValidFrom
			}
			last = o.ValidUntil
		}
		var err error
		if e.FirstSeen, err = when(first); err != nil {
			return nil, bad("valid_from", "%v", err)
		}
		if e.LastSeen, err = when(last); err != nil {
			return nil, bad("valid_until", "%v", err)
		}
		l.add(e, vals)
	}
	return l, nil
}

func dedup(in []string) []string {
	var out []string
	for _, s := range in {
		out = watchlist.AppendUnique(out, s)
	}
	return out
}

// markingTLP returns the TLP level of a marking-definition: TLP 1.0 form
// (definition_type "tlp", definition.tlp) or TLP 2.0 name "TLP:GREEN" …; "" otherwise.
func markingTLP(o *object) string {
	if o.DefinitionType == "tlp" {
		if s, ok := o.Definition["tlp"].(string); ok {
			return tlpLevels[strings.ToLower(s)]
		}
	}
	if n := strings.ToLower(o.Name); strings.HasPrefix(n, "tlp:") {
		return tlpLevels[n[4:]]
	}
	return ""
}

type comparison struct{ typ, value string }

// parsePattern parses the documented STIX pattern subset into comparisons.
func parsePattern(p string) ([]comparison, error) {
	ps := &patternScanner{s: p}
	var out []comparison
	for {
		ps.space()
		if !ps.eat("[") {
			return nil, ps.fail("want '['")
		}
		var obs []comparison
		var accountType string
		sawAnd, sawOr := false, false
		for {
			ps.space()
			path := ps.path()
			if path == "" {
				return nil, ps.fail("want an object path such as email-addr:value")
			}
			ps.space()
			if !ps.eat("=") {
				return nil, ps.fail("only the '=' operator is supported")
			}
			ps.space()
			v, err := ps.quoted()
			if err != nil {
				return nil, err
			}
			if path == "user-account:account_type" {
				if accountType != "" {
					return nil, ps.fail("account_type given twice")
				}
				accountType = v
			} else {
				typ, ok := patternPaths[path]
				if !ok {
					return nil, fmt.Errorf("unsupported object path %q in pattern", path)
				}
				obs = append(obs, comparison{typ, v})
			}
			ps.space()
			if ps.eat("]") {
				break
			}
			if ps.word("OR") {
				sawOr = true
				continue
			}
			if ps.word("AND") {
				// Only account_type AND account_login inside one observation.
				sawAnd = true
				continue
			}
			return nil, ps.fail("want ']', OR or AND")
		}
		logins := 0
		for _, c := range obs {
			if c.typ == TypeGitHub {
				logins++
			}
		}
		switch {
		case logins > 0 && !strings.EqualFold(accountType, "github"):
			return nil, fmt.Errorf("user-account:account_login needs user-account:account_type = 'github' in the same observation")
		case accountType != "" && (logins != 1 || len(obs) != 1 || sawOr):
			return nil, fmt.Errorf("user-account:account_type must be ANDed with exactly one account_login and nothing else")
		case accountType == "" && sawAnd:
			return nil, fmt.Errorf("AND is only supported between user-account:account_type and account_login")
		}
		out = append(out, obs...)
		ps.s, ps.i = ps.s[ps.i:], 0
		ps.space()
		if ps.i == len(ps.s) {
			return out, nil
		}
		if !ps.word("OR") {
			return nil, ps.fail("only OR may join observations")
		}
	}
}

type patternScanner struct {
	s string
	i int
}

func (p *patternScanner) fail(msg string) error {
	return fmt.Errorf("pattern offset %d: %s", p.i, msg)
}

func (p *patternScanner) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *patternScanner) eat(tok string) bool {
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

// word eats a keyword followed by a space, bracket or quote.
func (p *patternScanner) word(w string) bool {
	rest := p.s[p.i:]
	if strings.HasPrefix(rest, w) && len(rest) > len(w) && strings.IndexByte(" \t\r\n[", rest[len(w)]) >= 0 {
		p.i += len(w)
		return true
	}
	return false
}

func (p *patternScanner) path() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}

// quoted reads a STIX string literal: single quotes, with \' and \\ escapes.
func (p *patternScanner) quoted() (string, error) {
	if !p.eat("'") {
		return "", p.fail("want a quoted string")
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch c {
		case '\\':
			if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '\\') {
				return "", p.fail("bad escape; only \\' and \\\\")
			}
			b.WriteByte(p.s[p.i])
			p.i++
		case '\'':
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", p.fail("unterminated string")
}

// quote writes s as a STIX string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
