// Package ofac reads the US Treasury OFAC Specially Designated Nationals (SDN) list in its
// "advanced" XML schema (sdn_advanced.xml, namespace
// https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML) into
// the few facts screening needs: each listed party's FixedRef, names, type, sanctions programs,
// and its digital and contact features (e-mail addresses, websites, phone numbers and
// digital-currency addresses).
//
// # Schema, as the reader uses it
//
// A file is one <Sanctions> element whose children come in this order:
//
//   - DateOfIssue (Year, Month, Day): the issue date, List.Version.
//   - ReferenceValueSets: lookup tables from numeric IDs to names (FeatureType, PartySubType,
//     PartyType, DocNameStatus, SanctionsType, List, …). Everything below refers to them by ID.
//   - Locations, IDRegDocuments: addresses and identity documents (skipped).
//   - DistinctParties: one DistinctParty per listed party (FixedRef), holding one Profile
//     (ID, PartySubTypeID) with an Identity of Alias elements (the Primary="true" alias is the
//     party's name; each alias has one DocumentedName per script, made of NamePartValue parts)
//     and Feature elements (FeatureTypeID; the value is the text of
//     FeatureVersion/VersionDetail).
//   - ProfileRelationships (skipped).
//   - SanctionsEntries: one or more SanctionsEntry per profile (ProfileID, ListID), whose
//     SanctionsMeasure elements of the SanctionsType "Program" carry the program code ("DPRK3",
//     "CYBER2", …) in their Comment.
//
// Because programs come after the parties, the reader keeps every assembled party in memory
// (about 18,000 in the 2025 issues) and attaches programs, resolves reference IDs and applies
// the caller's filter at the end. The reader does not depend on the order of the sections.
//
// # Errors
//
// Bad input is reported as a *bonafide.InputError (kind Invalid) naming the file (or
// "(reader)" for Read), the 1-based line, the record (e.g. "DistinctParty FixedRef=43379"),
// the section or element, and the byte offset in the uncompressed XML, for example
//
//	sdn_advanced.xml:221 record DistinctParty FixedRef=90002 field "DistinctParties":
//	truncated XML: input ends at byte offset 11058 (unexpected end of input:
//	<DocumentedNamePart> not closed)
//
// Input whose root is not <Sanctions>, or that lacks DateOfIssue, DistinctParties or
// SanctionsEntries, is "not an OFAC SDN advanced XML file"; compressed input given to Read is
// named as such; a damaged or cut bzip2/gzip stream says how many bytes of XML it yielded.
// Failing to open a file is a *bonafide.Error of kind NotFound (missing) or Internal, as is a
// read error from r.

// # Performance
//
// encoding/xml tokenizes the 121 MB file at about 45 MB/s with 20 million allocations, so the
// reader uses its own small pull tokenizer (scan.go): strict about structure (tag syntax,
// matching end tags, truncation), decoding entities and checking characters only in the
// values it keeps, with no allocation per token. A fuzz test holds it to encoding/xml's
// tokens, and a test on the real file holds the whole reader to an independent
// encoding/xml-based one. Open decompresses .bz2 and .gz input on a second goroutine so that
// decompression (compress/bzip2, the larger cost) and parsing overlap; see the benchmarks in
// realfile_test.go.
package ofac
