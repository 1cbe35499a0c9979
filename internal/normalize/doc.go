// Package normalize turns raw identifiers into canonical values, so that the same identity
// written two ways compares equal: e-mail addresses, phone numbers (E.164), postal addresses,
// IBANs, crypto wallets, profile URLs, country names, person names, device IDs and IPs.
//
// Every function is pure and safe for concurrent use; tables are built once (at package
// initialisation or on first use) and no regular expression is compiled per call, because
// Person runs on the hot path of a bulk scan. Parsers return an error that says why a value
// was rejected; Identifier and Person record that error on the bonafide.Identifier instead.
//
// Canonical forms (see bonafide.IdentifierKind):
//
//	email    "jurgen.x@xn--mller-kva.de" (lower case, IDN domain in punycode, Gmail dots and
//	         provider +tags removed)
//	phone    "+4915112345678" (E.164)
//	address  "DE|10115|haupt strasse 5" (country | postcode | normalised street tokens)
//	iban     "DE89370400440532013000"
//	wallet   "BTC:1A1z…", "ETH:0xabc…" (lower case), "TRX:T…"
//	url      "github:octocat", "linkedin:jane-doe", "gitlab:…", "x:…", "web:example.com/path"
//
// Identifier-sharing signals (APP-SHARED-IDENT, SHIP-ADDR-REUSED, PAY-ACCOUNT-SHARED; sources
// FBI22, FBI24) compare these canonical values, so a canonicaliser that is too lax merges
// strangers and one that is too strict lets a persona network hide behind spelling variants.
// The choices made for each kind are documented on its function.
package normalize
