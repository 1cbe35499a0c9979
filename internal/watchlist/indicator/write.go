package indicator

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/google/uuid"
)

// writeTLP maps a TLP level to the marking-definition id WriteSTIX references: the predefined
// TLP 1.0 markings of STIX 2.1 (§7.2.1.4; "clear" as TLP:WHITE), and the TLP 2.0 id for
// amber+strict, which TLP 1.0 lacks. Neither needs its object in the bundle.
var writeTLP = map[string]string{
	"clear":        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
	"green":        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
	"amber":        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
	"red":          "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
	"amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
}

// sourceDescription describes the external reference naming an entry's source (the STIX schema
// wants an external_id, description or url beside source_name).
const sourceDescription = "reporter of this indicator"

// WriteOptions controls WriteSTIX.
type WriteOptions struct {
	// Created is the created/modified time of every object written; zero means time.Now().
	Created time.Time
}

// WriteSTIX writes l as an indented STIX 2.1 bundle (docs/indicators.md) that ReadSTIX reads
// back to an equal List (given the same Options) and that validates against the OASIS STIX 2.1
// JSON schemas. The features sharing an EntryID become one indicator whose pattern ORs one
// observation per feature; each party becomes an identity (organization for company,
// individual for person). Entry metadata comes from l.Entries by ID; features and parties
// without an Entry (e.g. built from another list) take name and programmes from themselves.
// An EntryID that is not a STIX id of the right type is replaced by StableID of list and ID,
// the original kept as external reference (source_name = the list). The bundle id is derived
// from the list name and version. Errors: a feature whose kind or value cannot be written
// (bonafide.Invalid), and write errors.
func WriteSTIX(w io.Writer, l *List, opt WriteOptions) error {
	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	ts := created.UTC().Format("2006-01-02T15:04:05.000Z")
	meta := map[string]*Entry{}
	for i := range l.Entries {
		meta[l.Entries[i].ID] = &l.Entries[i]
	}
	type group struct {
		id    string
		pats  []string
		name  string
		prog  []string
		alias []string
		typ   string // company/person for parties
	}
	var order []*group
	byID := map[string]*group{}
	get := func(id string) *group {
		g := byID[id]
		if g == nil {
			g = &group{id: id}
			byID[id] = g
			order = append(order, g)
		}
		return g
	}
	for _, f := range l.Features {
		obs, err := observation(f.Field, f.Kind, f.Value)
		if err != nil {
			return bonafide.Errorf(bonafide.Invalid, "indicator.WriteSTIX", "entry %s: %v", f.EntryID, err)
		}
		g := get("f\x00" + f.EntryID)
		g.pats = append(g.pats, obs)
		if g.name == "" {
			g.name, g.prog = f.EntryName, f.Programs
		}
	}
	for _, p := range l.Parties {
		g := get("p\x00" + p.ID)
		g.name, g.prog, g.alias, g.typ = p.Name, p.Programs, p.Aliases, TypePerson
		if e := meta[p.ID]; e == nil || e.Type != TypePerson {
			g.typ = TypeCompany
		}
	}
	objs := make([]object, 0, len(order))
	for _, g := range order {
		isParty := g.id[0] == 'p'
		entryID := g.id[2:]
		stixType := "indicator"
		if isParty {
			stixType = "identity"
		}
		o := object{Type: stixType, SpecVersion: "2.1", ID: entryID, Created: ts, Modified: ts, Name: g.name, Programs: g.prog}
		if e := meta[entryID]; e != nil {
			o.Programs, o.Labels, o.Description = e.Programs, e.Labels, e.Note
			if !isParty {
				o.Name = e.Name
			}
			if e.Source != "" {
				o.ExternalReferences = []extRef{{SourceName: e.Source, Description: sourceDescription}}
			}
			if e.Confidence >= 0 {
				c := e.Confidence
				o.Confidence = &c
			}
			if m := writeTLP[e.TLP]; m != "" {
				o.ObjectMarkingRefs = []string{m}
			}
			if isParty {
				o.FirstSeen, o.LastSeen = e.FirstSeen, e.LastSeen
			} else {
				o.ValidFrom, o.ValidUntil = stamp(e.FirstSeen), stamp(e.LastSeen)
			}
		}
		if !stixID.MatchString(entryID) || !strings.HasPrefix(entryID, stixType+"--") {
			o.ID = StableID(stixType, l.Name, entryID)
			o.ExternalReferences = append(o.ExternalReferences, extRef{SourceName: l.Name, ExternalID: entryID})
		}
		if isParty {
			o.Aliases = g.alias
			o.IdentityClass = "organization"
			if g.typ == TypePerson {
				o.IdentityClass = "individual"
			}
		} else {
			o.Pattern, o.PatternType = strings.Join(g.pats, " OR "), "stix"
			o.IndicatorTypes = []string{"malicious-activity"}
			if o.ValidFrom == "" {
				o.ValidFrom = ts
			}
		}
		objs = append(objs, o)
	}
	out := struct {
		Type    string   `json:"type"`
		ID      string   `json:"id"`
		Objects []object `json:"objects,omitempty"`
	}{"bundle", "bundle--" + uuid.NewSHA1(idNamespace, []byte("bundle\x00"+l.Name+"\x00"+l.Version)).String(), objs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// observation returns the STIX pattern observation for one canonical feature value.
func observation(field string, kind bonafide.IdentifierKind, v string) (string, error) {
	switch kind {
	case bonafide.KindEmail:
		return "[email-addr:value = " + quote(v) + "]", nil
	case bonafide.KindPhone:
		return "[" + SCOPhone + ":value = " + quote(v) + "]", nil
	case bonafide.KindWallet:
		return "[" + SCOWallet + ":value = " + quote(v) + "]", nil
	case bonafide.KindURL:
		net, rest, ok := strings.Cut(v, ":")
		if !ok || rest == "" {
			break
		}
		switch {
		case net == normalize.NetGitHub && field != TypeURL:
			return "[user-account:account_type = 'github' AND user-account:account_login = " + quote(rest) + "]", nil
		case net == normalize.NetWeb && field == TypeDomain && !strings.Contains(rest, "/"):
			return "[domain-name:value = " + quote(rest) + "]", nil
		}
		u := map[string]string{
			normalize.NetWeb: "https://", normalize.NetGitHub: "https://github.com/", normalize.NetLinkedIn: "https://www.linkedin.com/in/",
			normalize.NetGitLab: "https://gitlab.com/", normalize.NetX: "https://x.com/",
		}[net]
		if u == "" {
			break
		}
		return "[url:value = " + quote(u+rest) + "]", nil
	}
	return "", fmt.Errorf("cannot write %s value %q as STIX", kind, v)
}
