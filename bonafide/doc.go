// Package bonafide is the domain vocabulary of the bonafide system: the people it screens
// (applicants, employees, references), the identifiers and claims they present, the signals it
// detects, the findings it records and the cases analysts build from them.
//
// It imports nothing of the project's own, so every other package can speak it. The types are
// plain data: behaviour lives in the packages that own it (internal/normalize canonicalises
// identifiers, internal/signals detects, internal/score sums, internal/store persists).
//
// Ground rule, from every serious guide on DPRK IT workers (FBI22, OFSI24, BFV24): bonafide looks
// for misrepresentation, mismatch and concealment. Nationality, ethnicity, religion, accent, age
// and gender are never signals, and the product never rejects anyone by itself (GDPR Art. 22):
// a score is an explainable sum of findings and a person records every decision.
package bonafide
