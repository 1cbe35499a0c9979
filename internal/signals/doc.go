// Package signals holds bonafide's signal catalogue and the detectors that turn a population of
// people into findings.
//
// The catalogue is data (catalogue.json, sources.json, both embedded): every row of the domain
// reference SIGNALS.md with its phase, condition, strength, weight, cap, severity and the
// advisories it rests on (FBI22, MAND24, GTIG25, …). Catalogue, Lookup and Sources expose it;
// docs/signals.md is generated from it (go run ./internal/signals/gen).
//
// Detect runs every implemented detector over a population. It builds one index of canonical
// identifiers (kind and value → holders) and of reference contacts once, then runs one small,
// pure function per signal over each person; each lives in a file named after its signal
// (app_shared_ident.go, ref_is_persona.go, …) with its own table test.
//
// Ground rules the detectors follow:
//   - They read canonical identifiers only (internal/normalize fills Identifier.Value); an
//     identifier whose Value is empty failed to normalise and is skipped.
//   - Two records with the same normalised name sharing an identifier are the same person seen
//     twice, not a link between people: shared-identifier signals only relate people whose names
//     differ.
//   - Nationality, ethnicity and the like are never inputs (DESIGN.md); countries are only
//     compared with each other (phone region vs claimed residence, …).
//   - Output is deterministic: findings are sorted by person ID, signal ID and key, and an
//     identifier held by very many people (a recruiting agency's phone, a shared office) still
//     yields findings but lists at most MaxRelated related people, with the full count in the
//     evidence.
package signals
