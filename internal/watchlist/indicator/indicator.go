// Package indicator reads and writes shared DPRK IT-worker indicator lists (issue 4,
// watchlists): the e-mails, domains, websites, wallets, phones, GitHub handles, front companies
// and persons that organisations pass to each other after catching a fraudulent applicant
// (FBI22, FBI24, MAND24, GTIG25 publish such indicators; OFAC designates some of them).
//
// Two formats are read, both documented in docs/indicators.md: a CSV file with a header row
// (ReadCSV) and a STIX 2.1 bundle (ReadSTIX). WriteSTIX writes a List as a STIX 2.1 bundle
// that validates against the OASIS STIX 2.1 JSON schemas, so bonafide can share what it finds.
//
// Every identifier is canonicalised with internal/normalize.Identifier exactly as an
// applicant's identifier is, so watchlist.Index compares like with like: a listed
// "Jane.Doe@GMAIL.com" matches an applicant's "janedoe@gmail.com". Identifiers become
// watchlist.Features (for watchlist.Index); front companies and persons become
// watchlist.Parties (for watchlist.NameIndex).
//
// Readers are all-or-nothing: on the first bad row or object they return a
// *bonafide.InputError naming the file, the line (CSV) or the STIX object id (Record), and the
// column or property, and no List.
package indicator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
	"github.com/bonafide-oss/bonafide/internal/watchlist"
	"github.com/google/uuid"
)

// Indicator types: the CSV "type" column and watchlist.Feature.Field of the features made.
const (
	TypeEmail   = "email"   // e-mail address → bonafide.KindEmail
	TypeDomain  = "domain"  // domain name (no path) → KindURL "web:<host>"; also matches e-mails at it
	TypeURL     = "url"     // website or profile URL → KindURL "web:<host><path>" / "github:<handle>" …
	TypeWallet  = "wallet"  // crypto wallet → KindWallet "<chain>:<address>"
	TypePhone   = "phone"   // phone number, international format → KindPhone E.164
	TypeGitHub  = "github"  // GitHub handle or profile URL → KindURL "github:<handle>"
	TypeCompany = "company" // front company name → watchlist.Party
	TypePerson  = "person"  // person (persona) name → watchlist.Party
)

// Types lists the indicator types in documentation order.
var Types = []string{TypeEmail, TypeDomain, TypeURL, TypeWallet, TypePhone, TypeGitHub, TypeCompany, TypePerson}

// TLP levels accepted (TLP 2.0 names; "white" is read as "clear").
var tlpLevels = map[string]string{
	"clear": "clear", "white": "clear", "green": "green", "amber": "amber", "amber+strict": "amber+strict", "red": "red",
}

// List is one indicator list, read from CSV or STIX.
type List struct {
	Name     string              // list name; Feature.List and Party.List; default "INDICATORS:<file base name>"
	Version  string              // list version; default the first 12 hex digits of the SHA-256 of the input
	Features []watchlist.Feature // identifiers, canonical, in input order
	Parties  []watchlist.Party   // front companies and persons, in input order
	Entries  []Entry             // one per CSV row / STIX indicator, identity or observable, in input order
}

// Entry is one list entry with the metadata its features and party share.
type Entry struct {
	ID         string   // STIX id ("indicator--<uuid>", "identity--<uuid>", "email-addr--<uuid>" …)
	Type       string   // a Type constant for CSV rows and single-valued objects; "mixed" for an OR of several types
	Name       string   // display name (the party's name for company/person)
	Programs   []string // programmes / campaigns, e.g. "DPRK3"
	Labels     []string // free labels (STIX labels)
	FirstSeen  string   // YYYY-MM-DD or RFC 3339 as given (STIX valid_from); "" when unknown
	LastSeen   string   // as FirstSeen (STIX valid_until)
	Source     string   // who reported it (STIX external_references[0].source_name)
	Confidence int      // 0–100; -1 when not given
	TLP        string   // "clear", "green", "amber", "amber+strict", "red"; "" when not marked
	Note       string   // free text (STIX description)
	Aliases    []string // company/person: other names of the party (CSV name column, STIX x_bonafide_aliases)
	Raw        []byte   // the CSV line or the STIX object as read; nil for entries built in code
}

// Options names the list; zero values take the defaults documented on List.
type Options struct {
	Name    string
	Version string
}

func (o Options) resolve(file string, data []byte) (name, version string) {
	name, version = o.Name, o.Version
	if name == "" {
		base := filepath.Base(file)
		base = strings.TrimSuffix(base, filepath.Ext(base))
		name = "INDICATORS:" + base
	}
	if version == "" {
		sum := sha256.Sum256(data)
		version = hex.EncodeToString(sum[:6])
	}
	return name, version
}

// idNamespace is the UUIDv5 namespace of generated ids (a fixed random UUID of this project).
var idNamespace = uuid.MustParse("6f1e2b59-8f0e-4d5c-9a43-5c0b7b8f2d11")

// StableID returns a deterministic STIX id "<stixType>--<uuidv5>" for a list entry, from the
// indicator type and canonical value, so the same indicator gets the same id in every export.
func StableID(stixType, typ, value string) string {
	return stixType + "--" + uuid.NewSHA1(idNamespace, []byte(typ+"\x00"+value)).String()
}

// Canonical canonicalises value as an indicator of type typ with internal/normalize, as an
// applicant's identifier of the same kind would be. chain is an optional wallet chain label
// ("BTC", "ETH", "TRX", "USDT", …) prefixed to a wallet address. It returns the identifier
// kind and canonical value; for company and person it returns "" and the whitespace-collapsed
// name. Errors say why the value was rejected.
func Canonical(typ, value, chain string) (bonafide.IdentifierKind, string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", "", fmt.Errorf("empty value")
	}
	id := bonafide.Identifier{Raw: value}
	switch typ {
	case TypeEmail:
		id.Kind = bonafide.KindEmail
	case TypePhone:
		id.Kind = bonafide.KindPhone
	case TypeWallet:
		id.Kind = bonafide.KindWallet
		if c := strings.TrimSpace(chain); c != "" {
			id.Raw = c + ":" + value
		}
	case TypeDomain, TypeURL:
		id.Kind = bonafide.KindURL
		id.Attrs = map[string]string{normalize.AttrNetwork: "website"}
		if typ == TypeDomain && strings.ContainsAny(value, "/:@") {
			return "", "", fmt.Errorf("domain %q: want a bare domain name without scheme or path", value)
		}
	case TypeGitHub:
		id.Kind = bonafide.KindURL
		id.Attrs = map[string]string{normalize.AttrNetwork: "github"}
	case TypeCompany, TypePerson:
		n := strings.Join(strings.Fields(value), " ")
		if len(n) > 500 {
			return "", "", fmt.Errorf("name longer than 500 bytes")
		}
		return "", n, nil
	default:
		return "", "", fmt.Errorf("unknown type %q; want one of %s", typ, strings.Join(Types, ", "))
	}
	if typ != TypeWallet && chain != "" {
		return "", "", fmt.Errorf("chain %q given for a %s indicator", chain, typ)
	}
	normalize.Identifier(&id, "")
	if id.Error != "" {
		return "", "", fmt.Errorf("%s", id.Error)
	}
	switch typ {
	case TypeGitHub:
		if !strings.HasPrefix(id.Value, normalize.NetGitHub+":") {
			return "", "", fmt.Errorf("%q is not a GitHub handle or profile URL", value)
		}
	case TypeDomain:
		if !strings.HasPrefix(id.Value, "web:") || strings.Contains(id.Value, "/") {
			return "", "", fmt.Errorf("%q is not a domain name", value)
		}
	}
	return id.Kind, id.Value, nil
}

// add appends an entry with its values (one feature per identifier value, or one party).
func (l *List) add(e Entry, vals []typedValue) {
	for _, v := range vals {
		if v.kind == "" {
			l.Parties = append(l.Parties, watchlist.Party{
				List: l.Name, Version: l.Version, ID: e.ID, Name: v.value, Aliases: e.Aliases, Programs: e.Programs,
			})
			continue
		}
		l.Features = append(l.Features, watchlist.Feature{
			List: l.Name, Version: l.Version, EntryID: e.ID, EntryName: e.Name, Programs: e.Programs,
			Field: v.typ, Kind: v.kind, Value: v.value,
		})
	}
	l.Entries = append(l.Entries, e)
}

type typedValue struct {
	typ   string
	kind  bonafide.IdentifierKind
	value string
}

// splitList splits a ";"-separated cell into trimmed, non-empty, de-duplicated items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		out = watchlist.AppendUnique(out, p)
	}
	return out
}
