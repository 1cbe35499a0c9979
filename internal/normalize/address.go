package normalize

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PostalAddress is a canonicalised postal address, as Address returns it. (The brief's type
// name Address collides with the function Address in Go.)
type PostalAddress struct {
	// Canonical is "<CC>|<postcode>|<tokens>", e.g. "DE|10115|haupt strasse 5" or
	// "GB|SW1A 2AA|downing street 10 unit 2". CC or postcode are empty when unknown.
	Canonical string
	Country   string // ISO 3166-1 alpha-2, "" when unknown
	Postcode  string // in the country's written form ("SW1A 2AA", "1100-053", "10115"); US ZIP5
	// POBox is set for post-office boxes (PO Box, Postfach, Apartado, Caixa Postal, …), parcel
	// lockers (DHL Packstation/Postfiliale) and poste restante.
	POBox bool
	// MailForwarder is set for "c/o" addresses, USPS private mailboxes (PMB), virtual offices,
	// mailbox chains and package forwarders (SHIP-ADDR-MAILBOX; RF26, FBI24).
	MailForwarder bool
}

// errAddress wraps every Address error.
var errAddress = errors.New("invalid address")

// Address canonicalises a one-line postal address so that two spellings of the same place
// compare equal (SHIP-ADDR-REUSED, APP-SHARED-IDENT; FBI22, FBI24).
//
// Method, in order:
//  1. Text is folded: lower case, diacritics removed (NFKD minus marks), ß→ss, æ→ae, ø→o;
//     ordinal indicators (º ª °) dropped; apostrophes and punctuation separate tokens, except
//     a hyphen between digits ("1100-053", "10-12"). Commas, semicolons and line breaks
//     separate segments.
//  2. Country: a last segment (or trailing words) naming a country in any language Country
//     knows, or a trailing ISO code when the address also holds a valid postcode of that
//     country ("… 10115 BERLIN DE"); else defaultCountry; else inferred from an unmistakable
//     postcode (UK, Portugal, Canada). With defaultCountry US a trailing state code is a state.
//  3. Postcode: per-country format, written canonically ("SW1A 1AA" with one space,
//     "1100-053", NL "1012 LG", US ZIP5 without the +4). The locality is then dropped, since
//     the postcode already places the address and town names vary (Lisboa/Lisbon): the words
//     after the postcode (and, in countries that write the town first — UK, US, CA, AU, IE, BR,
//     IN — the town and state before it) and later segments. A "D-"/"L-" style prefix goes too.
//  4. Markers: PO boxes and mail-forwarder phrases set the flags; PO-box phrases become the
//     token "pobox"; "c/o NAME" is removed (the place matters, not the addressee).
//  5. Tokens: articles and prepositions dropped (de, da, do, the, of, …); number markers
//     (nº, no., nr.) dropped; "5 a" joined to "5a"; abbreviations unified (st/street,
//     rd/road, ave/av./avenida → avenue, str./straße/strasse → strasse, r./rua, trav./travessa,
//     lg./largo, esq./esquerdo, dto./direito, …; "St" before a name is "saint"); German
//     compound street names split ("hauptstrasse" → "haupt strasse"); in DE/AT/CH/LI/LU the
//     umlaut spellings ae/oe/ue fold to a/o/u so Müller = Mueller = Muller; flat, apartment,
//     suite, room and "#" designators become "unit <n>" and move to the end; a leading house
//     number moves after the street name ("10 Downing Street" → "downing street 10").
//
// Flat and apartment numbers, floors and sides are kept: two flats in one building are
// different addresses. Address also accepts its own Canonical form and returns it unchanged.
// Errors: empty input, invalid UTF-8, over 2,000 bytes, or nothing left that identifies a
// street, house or box (for example only a town and postcode).
func Address(raw, defaultCountry string) (PostalAddress, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return PostalAddress{}, fmt.Errorf("%w: empty", errAddress)
	}
	if len(s) > 2000 {
		return PostalAddress{}, fmt.Errorf("%w: longer than 2000 bytes", errAddress)
	}
	if !utf8.ValidString(s) {
		return PostalAddress{}, fmt.Errorf("%w: not valid UTF-8", errAddress)
	}
	if a, ok := canonicalAddress(s); ok {
		return a, nil
	}
	def := countryDefault(strings.ToUpper(strings.TrimSpace(defaultCountry)))

	toks, segs := tokenizeAddress(s, nil, nil)
	if len(toks) == 0 {
		return PostalAddress{}, fmt.Errorf("%w: no letters or digits", errAddress)
	}
	cc, n := detectCountry(toks, segs, def)
	toks, segs = toks[:n], segs[:n]
	if n == 0 {
		return PostalAddress{}, fmt.Errorf("%w: no street, house or PO box in %q", errAddress, s)
	}
	if cc == "" {
		cc = def
	}
	if cc == "" {
		for _, c := range []string{"PT", "GB", "CA"} {
			if ps, _, _ := findPostcode(c, toks); ps >= 0 {
				cc = c
				break
			}
		}
	}
	var a PostalAddress
	a.Country = cc
	keep := make([]bool, len(toks))
	for i := range keep {
		keep[i] = true
	}
	if ps, pe, pc := findPostcode(cc, toks); ps >= 0 {
		a.Postcode = pc
		dropLocality(cc, toks, segs, keep, ps, pe)
	}
	kept := toks[:0:0]
	keptSegs := segs[:0:0]
	for i, k := range keep {
		if k {
			kept = append(kept, toks[i])
			keptSegs = append(keptSegs, segs[i])
		}
	}
	out, flags := streetTokens(kept, keptSegs, cc)
	a.POBox = flags&flagPO != 0
	a.MailForwarder = flags&flagMF != 0
	if len(out) == 0 {
		return PostalAddress{}, fmt.Errorf("%w: no street, house or PO box in %q", errAddress, s)
	}
	a.Canonical = cc + "|" + a.Postcode + "|" + strings.Join(out, " ")
	return a, nil
}

// canonicalAddress parses Address's own output "CC|postcode|tokens".
func canonicalAddress(s string) (PostalAddress, bool) {
	cc, rest, ok := strings.Cut(s, "|")
	if !ok || (cc != "" && (len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')) {
		return PostalAddress{}, false
	}
	pc, body, ok := strings.Cut(rest, "|")
	if !ok || strings.Contains(body, "|") {
		return PostalAddress{}, false
	}
	toks, segs := tokenizeAddress(body, nil, nil)
	out, flags := streetTokens(toks, segs, cc)
	if len(out) == 0 {
		return PostalAddress{}, false
	}
	pc = strings.Join(strings.Fields(strings.ToUpper(pc)), " ")
	return PostalAddress{
		Canonical: cc + "|" + pc + "|" + strings.Join(out, " "),
		Country:   cc, Postcode: pc,
		POBox: flags&flagPO != 0, MailForwarder: flags&flagMF != 0,
	}, true
}

// tokenizeAddress folds s and splits it into tokens, recording each token's segment. The
// tokens are substrings of one folded string (one allocation for all of them).
func tokenizeAddress(s string, toks []string, segs []int) ([]string, []int) {
	buf := make([]byte, 0, len(s)+8)
	bounds := make([]int, 0, 3*24) // start, end, segment triples
	var tmp [16]byte
	seg, segHasTok, start := 0, false, 0
	flush := func() {
		if len(buf) > start {
			bounds = append(bounds, start, len(buf), seg)
			segHasTok = true
		}
		start = len(buf)
	}
	prevDigit := false
	for i, r := range s {
		switch {
		case r == ',' || r == ';' || r == '\n' || r == '\r' || r == '|':
			flush()
			if segHasTok {
				seg++
				segHasTok = false
			}
			prevDigit = false
			continue
		case r == 'º' || r == 'ª' || r == '°':
			flush() // "nº120" → "n" "120"; "2ºEsq" → "2" "esq"
			prevDigit = false
			continue
		case isApostrophe(r) && len(buf) > start && possessiveS(s[i+utf8.RuneLen(r):]):
			continue // "John's" → "johns"
		case r == '#':
			flush()
			buf = append(buf, '#')
			flush()
			prevDigit = false
			continue
		case r == '-' && prevDigit && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			buf = append(buf, '-')
			prevDigit = false
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			f := appendFoldRune(tmp[:0], r)
			for j := 0; j < len(f); {
				c, sz := utf8.DecodeRune(f[j:])
				j += sz
				if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
					buf = utf8.AppendRune(buf, c)
				} else {
					flush()
				}
			}
			prevDigit = len(buf) > start && isDigitByte(buf[len(buf)-1])
			continue
		}
		flush()
		prevDigit = false
	}
	flush()
	folded := string(buf)
	if toks == nil {
		toks = make([]string, 0, len(bounds)/3)
		segs = make([]int, 0, len(bounds)/3)
	}
	for k := 0; k < len(bounds); k += 3 {
		toks = append(toks, folded[bounds[k]:bounds[k+1]])
		segs = append(segs, bounds[k+2])
	}
	return toks, segs
}

// possessiveS reports whether rest starts with an "s" that ends a word.
func possessiveS(rest string) bool {
	if rest == "" || (rest[0] != 's' && rest[0] != 'S') {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest[1:])
	return len(rest) == 1 || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// detectCountry finds a country named at the end of the address and returns it with the
// number of tokens before it.
func detectCountry(toks []string, segs []int, def string) (string, int) {
	t := countryOnce()
	n := len(toks)
	lastSeg := segs[n-1]
	start := n - 1
	for start > 0 && segs[start-1] == lastSeg {
		start--
	}
	isCode := func(tok string) (string, bool) {
		if def == "US" && usStates[tok] {
			return "", false
		}
		c, ok := t.codes[tok]
		return c, ok
	}
	// A whole last segment (or the whole address) naming the country.
	if (lastSeg > 0 || start == 0) && n-start <= 6 {
		if n-start == 1 && len(toks[start]) <= 3 {
			if c, ok := isCode(toks[start]); ok {
				return c, start
			}
		}
		if c, ok := t.lookupName(strings.Join(toks[start:], " ")); ok {
			return c, start
		}
	}
	// Trailing words naming the country.
	for k := min(5, n-2); k >= 1; k-- {
		name := strings.Join(toks[n-k:], " ")
		if len(name) < 4 {
			continue
		}
		prev := toks[n-k-1]
		if stopwords[prev] || suffixStreetTypes[prev] || prefixStreetTypes[prev] {
			continue
		}
		if c, ok := t.lookupName(name); ok {
			return c, n - k
		}
	}
	// A trailing ISO code, accepted when the rest holds a postcode of that country.
	if n >= 3 && len(toks[n-1]) <= 3 {
		if c, ok := isCode(toks[n-1]); ok {
			if ps, _, _ := findPostcode(c, toks[:n-1]); ps >= 0 {
				return c, n - 1
			}
		}
	}
	return "", n
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigitByte(c byte) bool  { return '0' <= c && c <= '9' }

// startsDigit reports whether tok starts with an ASCII digit.
func startsDigit(tok string) bool { return tok != "" && isDigitByte(tok[0]) }

// startsLetter reports whether tok starts with a letter (any script).
func startsLetter(tok string) bool {
	if tok == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsLetter(r)
}

// findPostcode returns the token range [start, end) of the last postcode of country cc in
// toks and its canonical form; start is -1 when there is none. A postcode starts the address
// only when a bare town follows it ("10115 Berlin"); otherwise that is a house number.
func findPostcode(cc string, toks []string) (start, end int, pc string) {
	for i := len(toks) - 1; i >= 1; i-- {
		if n, pc, ok := postcodeAt(cc, toks, i); ok {
			return i, i + n, pc
		}
	}
	// "10115 Berlin": a postcode and a town, nothing else.
	if len(toks) > 0 {
		if n, pc, ok := postcodeAt(cc, toks, 0); ok && !hasDigit(toks[n:]) && !segHasStreet(toks[n:]) {
			return 0, n, pc
		}
	}
	return -1, -1, ""
}

// postcodeAt matches a postcode of country cc starting at toks[i]; n is the tokens used.
func postcodeAt(cc string, toks []string, i int) (n int, pc string, ok bool) {
	t := toks[i]
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	switch cc {
	case "GB":
		if ukOutward(t) && len(next) == 3 && ukInward(next) {
			return 2, strings.ToUpper(t + " " + next), true
		}
		if len(t) >= 5 && len(t) <= 7 && ukOutward(t[:len(t)-3]) && ukInward(t[len(t)-3:]) {
			return 1, strings.ToUpper(t[:len(t)-3] + " " + t[len(t)-3:]), true
		}
		return 0, "", false
	case "NL":
		if len(t) == 4 && allDigits(t) && t[0] != '0' && len(next) == 2 && isLetterByte(next[0]) && isLetterByte(next[1]) {
			return 2, t + " " + strings.ToUpper(next), true
		}
		if len(t) == 6 && allDigits(t[:4]) && t[0] != '0' && isLetterByte(t[4]) && isLetterByte(t[5]) {
			return 1, t[:4] + " " + strings.ToUpper(t[4:]), true
		}
		return 0, "", false
	case "CA":
		if len(t) == 3 && caHalf(t, true) && len(next) == 3 && caHalf(next, false) {
			return 2, strings.ToUpper(t + " " + next), true
		}
		if len(t) == 6 && caHalf(t[:3], true) && caHalf(t[3:], false) {
			return 1, strings.ToUpper(t[:3] + " " + t[3:]), true
		}
		return 0, "", false
	case "IE":
		if len(t) == 3 && ieRouting(t) && len(next) == 4 && alnum(next) {
			return 2, strings.ToUpper(t + " " + next), true
		}
		if len(t) == 7 && ieRouting(t[:3]) && alnum(t[3:]) {
			return 1, strings.ToUpper(t[:3] + " " + t[3:]), true
		}
		return 0, "", false
	case "US":
		if len(t) == 5 && allDigits(t) {
			return 1, t, true
		}
		if len(t) == 10 && allDigits(t[:5]) && t[5] == '-' && allDigits(t[6:]) {
			return 1, t[:5], true
		}
		return 0, "", false
	}
	sp, ok := postcodeSpecs[cc]
	if !ok {
		return 0, "", false
	}
	if sp.b == 0 {
		if len(t) == sp.a && allDigits(t) {
			return 1, t, true
		}
		return 0, "", false
	}
	join := func(a, b string) string { return a + string(sp.sep) + b }
	if len(t) == sp.a+1+sp.b && allDigits(t[:sp.a]) && t[sp.a] == '-' && allDigits(t[sp.a+1:]) {
		return 1, join(t[:sp.a], t[sp.a+1:]), true
	}
	if len(t) == sp.a && allDigits(t) && len(next) == sp.b && allDigits(next) {
		return 2, join(t, next), true
	}
	if sp.contiguous && len(t) == sp.a+sp.b && allDigits(t) {
		return 1, join(t[:sp.a], t[sp.a:]), true
	}
	return 0, "", false
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetterByte(s[i]) && !isDigitByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// ukOutward matches the outward code of a UK postcode: A9, A99, AA9, AA99, A9A, AA9A.
func ukOutward(s string) bool {
	switch len(s) {
	case 2:
		return isLetterByte(s[0]) && isDigitByte(s[1])
	case 3:
		return isLetterByte(s[0]) && ((isDigitByte(s[1]) && (isDigitByte(s[2]) || isLetterByte(s[2]))) ||
			(isLetterByte(s[1]) && isDigitByte(s[2]))) || s == "gir"
	case 4:
		return isLetterByte(s[0]) && isLetterByte(s[1]) && isDigitByte(s[2]) && (isDigitByte(s[3]) || isLetterByte(s[3]))
	}
	return false
}

// ukInward matches the inward code of a UK postcode: 9AA.
func ukInward(s string) bool {
	return len(s) == 3 && isDigitByte(s[0]) && isLetterByte(s[1]) && isLetterByte(s[2])
}

// caHalf matches "A9A" (first) or "9A9" (second) halves of a Canadian postal code.
func caHalf(s string, first bool) bool {
	if first {
		return isLetterByte(s[0]) && isDigitByte(s[1]) && isLetterByte(s[2])
	}
	return isDigitByte(s[0]) && isLetterByte(s[1]) && isDigitByte(s[2])
}

// ieRouting matches an Eircode routing key: a letter and two digits, or D6W.
func ieRouting(s string) bool {
	return s == "d6w" || (isLetterByte(s[0]) && isDigitByte(s[1]) && isDigitByte(s[2]))
}

// hasDigit reports whether any token has a digit.
func hasDigit(toks []string) bool {
	for _, t := range toks {
		for i := 0; i < len(t); i++ {
			if isDigitByte(t[i]) {
				return true
			}
		}
	}
	return false
}

// isNameWord reports a word that can continue a street name (so "St" before it is Saint):
// not a unit, box, floor or direction word.
func isNameWord(t string) bool {
	return startsLetter(t) && !unitWords[t] && !boxWords[t] && !floorWords[t] && !fullDirectionals[t] &&
		directionals[t] == ""
}

// stIsStreet reports whether toks[i] == "st" abbreviates Street (last word, or before a
// number, unit or direction) rather than Saint ("St Albans").
func stIsStreet(toks []string, i int) bool {
	return i+1 == len(toks) || !isNameWord(toks[i+1])
}

// isStreetType reports a street-type word, including German compounds ("hauptstr"); "st"
// is checked in context by the callers.
func isStreetType(t string) bool {
	if suffixStreetTypes[t] || prefixStreetTypes[t] || t == "str" {
		return true
	}
	for _, suf := range germanSuffixes {
		if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}

func segHasStreet(toks []string) bool {
	for i, t := range toks {
		if isStreetType(t) || (t == "st" && stIsStreet(toks, i)) {
			return true
		}
	}
	return false
}

// streetEnd returns the index in toks where the street part (name, house number, unit,
// floor) ends and the locality begins, or -1 when it cannot tell.
func streetEnd(toks []string) int {
	k := -1
	for i, t := range toks {
		if suffixStreetTypes[t] || boxWords[t] || (t == "st" && stIsStreet(toks, i)) {
			k = i
		}
	}
	j := k + 1
	if k < 0 {
		p := -1
		for i, t := range toks {
			if prefixStreetTypes[t] {
				p = i
				break
			}
		}
		if p < 0 {
			return -1
		}
		j = -1
		for i := p + 1; i < len(toks); i++ {
			if startsDigit(toks[i]) {
				j = i
				break
			}
		}
		if j < 0 {
			return -1
		}
	}
	for j < len(toks) {
		t := toks[j]
		switch {
		case startsDigit(t), directionals[t] != "", fullDirectionals[t], floorWords[t], numberMarkers[t], boxWords[t]:
			j++
		case unitWords[t] && j+1 < len(toks):
			j += 2
		case len(t) == 1 && j > 0 && startsDigit(toks[j-1]):
			j++
		default:
			return j
		}
	}
	return j
}

// dropLocality clears keep for the postcode at [ps, pe), the locality around it and every
// later segment.
func dropLocality(cc string, toks []string, segs []int, keep []bool, ps, pe int) {
	s := segs[ps]
	for i := ps; i < len(toks); i++ {
		if i < pe || segs[i] >= s {
			keep[i] = false
		}
	}
	// Tokens before the postcode in its segment.
	segStart := ps
	for segStart > 0 && segs[segStart-1] == s {
		segStart--
	}
	if ps > segStart {
		if c, ok := postalPrefixes[toks[ps-1]]; ok && (c == cc || toks[ps-1] == strings.ToLower(cc)) {
			keep[ps-1] = false
		} else if strings.ToLower(cc) == toks[ps-1] {
			keep[ps-1] = false
		}
	}
	before := toks[segStart:ps]
	remaining := 0
	for i := segStart; i < ps; i++ {
		if keep[i] {
			remaining++
		}
	}
	walk := 0
	if cityFirst[cc] {
		walk = 2
		if remaining > 0 {
			if e := streetEnd(before); e >= 0 {
				for i := segStart + e; i < ps; i++ {
					keep[i] = false
				}
			} else if !hasDigit(before) {
				for i := segStart; i < ps; i++ {
					keep[i] = false
				}
			}
		}
	} else {
		walk = 1
		// Postcode-first countries: anything after the postcode was the town.
	}
	for i := segStart; i < ps; i++ {
		if keep[i] {
			return // the postcode's segment still holds street tokens: no town before it
		}
	}
	if !cityFirst[cc] && pe < len(toks) && segs[pe] == s {
		return // "10115 Berlin": the town follows the postcode
	}
	// Walk back over town/county segments: no digits, no street type; keep segment 0.
	for seg := s - 1; seg >= 1 && walk > 0; seg, walk = seg-1, walk-1 {
		a, b := -1, -1
		for i := range segStart {
			if segs[i] == seg {
				if a < 0 {
					a = i
				}
				b = i + 1
			}
		}
		if a < 0 {
			continue
		}
		if (hasDigit(toks[a:b]) && !(cityFirst[cc] && isDistrict(toks[a:b]))) || segHasStreet(toks[a:b]) {
			return
		}
		for i := a; i < b; i++ {
			keep[i] = false
		}
	}
}

// isDistrict matches a town with a postal district number ("Dublin 2").
func isDistrict(toks []string) bool {
	n := len(toks)
	if n < 2 || len(toks[n-1]) > 2 || !allDigits(toks[n-1]) {
		return false
	}
	for _, t := range toks[:n-1] {
		if !isAlpha(t) || unitWords[t] || boxWords[t] {
			return false
		}
	}
	return true
}

// streetTokens applies steps 4 and 5 of Address (markAddress, normTokens) until the tokens
// no longer change, so that Address is idempotent on its own output: a step can bring tokens
// together that an earlier step would have treated differently ("0 Flat #" → "flat # 0").
// Almost every address is stable after the second round.
func streetTokens(toks []string, segs []int, cc string) ([]string, int) {
	flags := 0
	for round := 0; round < 6; round++ {
		out, outSegs, f := markAddress(toks, segs)
		flags |= f
		out = normTokens(out, outSegs, cc)
		if round > 0 && slices.Equal(out, toks) {
			return out, flags
		}
		toks = out
		segs = make([]int, len(out)) // later rounds: one segment, as when reading Canonical
	}
	return toks, flags
}

// markAddress applies PO-box and mail-forwarder phrases and removes "c/o NAME"; it returns
// the remaining tokens with their segments.
func markAddress(toks []string, segs []int) ([]string, []int, int) {
	out := make([]string, 0, len(toks))
	outSegs := make([]int, 0, len(toks))
	flags := 0
	for i := 0; i < len(toks); {
		t := toks[i]
		matched := false
		for _, p := range phraseIndex[t] {
			if i+len(p.words) > len(toks) || !wordsAt(toks, i, p.words) {
				continue
			}
			if t == "bp" && (i+1 >= len(toks) || !startsDigit(toks[i+1])) {
				continue
			}
			flags |= p.flag
			i += len(p.words)
			if p.flag&flagCareOf != 0 {
				// Drop the addressee: up to a number or a street word in the same segment.
				seg := segs[i-1]
				for i < len(toks) && segs[i] == seg && !startsDigit(toks[i]) && !isStreetType(toks[i]) {
					i++
				}
			} else if p.repl != "" {
				out = append(out, p.repl)
				outSegs = append(outSegs, segs[i-1])
			}
			matched = true
			break
		}
		if !matched {
			out = append(out, t)
			outSegs = append(outSegs, segs[i])
			i++
		}
	}
	return out, outSegs, flags
}

func wordsAt(toks []string, i int, words []string) bool {
	for j, w := range words {
		if toks[i+j] != w {
			return false
		}
	}
	return true
}

// normTokens applies step 5 of Address to the street tokens; segs gives each token's
// segment (a comma ends a street name: "High St, St Albans").
func normTokens(toks []string, segs []int, cc string) []string {
	usStyle := directionalCountries[cc]
	// Context-dependent abbreviations first, while segments are known.
	toks = append(toks[:0:0], toks...)
	for i, t := range toks {
		next := ""
		if i+1 < len(toks) && segs[i+1] == segs[i] {
			next = toks[i+1]
		}
		nextIsName := isNameWord(next)
		switch t {
		case "st":
			if nextIsName {
				toks[i] = "saint"
			} else {
				toks[i] = "street"
			}
		case "dr":
			if !nextIsName {
				toks[i] = "drive"
			}
		case "r":
			if nextIsName {
				toks[i] = "rua"
			}
		}
	}
	// Articles and prepositions; "d"/"l" only as elisions before a word ("d'Ouro").
	out := toks[:0:0]
	for i, t := range toks {
		if stopwords[t] {
			continue
		}
		if (t == "d" || t == "l") && i+1 < len(toks) && isNameWord(toks[i+1]) && (i == 0 || !startsDigit(toks[i-1])) {
			continue
		}
		out = append(out, t)
	}
	out = dropMarkers(out, usStyle)
	out = mergeHouseLetters(out, usStyle)
	// Abbreviations.
	for i, t := range out {
		switch {
		case t == "pl":
			if germanic[cc] {
				out[i] = "platz"
			} else {
				out[i] = "place"
			}
		case usStyle && directionals[t] != "":
			out[i] = directionals[t]
		default:
			if e, ok := expansions[t]; ok {
				out[i] = e
			}
		}
	}
	// German compounds and umlaut spellings.
	split := out[:0:0]
	for _, t := range out {
		if t != "strasse" && isAlpha(t) {
			switch {
			case len(t) > 7 && strings.HasSuffix(t, "strasse"):
				split = append(split, t[:len(t)-7], "strasse")
				continue
			case len(t) > 3 && strings.HasSuffix(t, "str"):
				split = append(split, t[:len(t)-3], "strasse")
				continue
			}
		}
		split = append(split, t)
	}
	out = split
	if germanic[cc] {
		for i, t := range out {
			out[i] = foldUmlautSpelling(t)
		}
	}
	// Units and boxes to the end.
	main := out[:0:0]
	var units []string
	for i := 0; i < len(out); i++ {
		t := out[i]
		if boxDesignators[t] && i+1 < len(out) && unitValue(out[i+1]) {
			// Box numbers written in groups ("Postfach 10 20 30") are one number.
			v, j := out[i+1], i+2
			if allDigits(v) {
				for j < len(out) && allDigits(out[j]) {
					v += out[j]
					j++
				}
			}
			units = append(units, t, v)
			i = j - 1
			continue
		}
		if unitWords[t] {
			j := i + 1
			for j < len(out) && (out[j] == "#" || numberMarkers[out[j]]) {
				j++
			}
			if j < len(out) && unitValue(out[j]) {
				units = append(units, "unit", out[j])
				i = j
				continue
			}
		}
		main = append(main, t)
	}
	main = mergeHouseLetters(main, usStyle)
	// A leading house number goes after the street name.
	lead := 0
	for lead < len(main) && startsDigit(main[lead]) {
		lead++
	}
	if lead > 0 && lead < len(main) {
		hasName := false
		for _, t := range main[lead:] {
			if startsLetter(t) {
				hasName = true
				break
			}
		}
		if hasName {
			rot := make([]string, 0, len(main))
			rot = append(rot, main[lead:]...)
			rot = append(rot, main[:lead]...)
			main = dropMarkers(rot, usStyle)
		}
	}
	return append(main, units...)
}

// dropMarkers removes number markers ("nº", "no", "nr") that precede a house number, right to
// left so that chains of markers go too. US-style addresses keep "n" (a directional).
func dropMarkers(toks []string, usStyle bool) []string {
	keep := make([]bool, len(toks))
	nextKept := ""
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		if numberMarkers[t] && !(usStyle && t == "n") && startsDigit(nextKept) {
			continue
		}
		keep[i] = true
		nextKept = t
	}
	out := toks[:0:0]
	for i, k := range keep {
		if k {
			out = append(out, toks[i])
		}
	}
	return out
}

// mergeHouseLetters joins a house number and a following single letter ("5 a" → "5a"),
// except a US-style directional ("100 N Main St").
func mergeHouseLetters(toks []string, usStyle bool) []string {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && isHouseDigits(t) && len(toks[i+1]) == 1 && isLetterByte(toks[i+1][0]) &&
			!unitWords[toks[i+1]] && !(usStyle && directionals[toks[i+1]] != "") {
			out = append(out, t+toks[i+1])
			i++
			continue
		}
		out = append(out, t)
	}
	return out
}

// isHouseDigits reports digits, or a digit range "10-12".
func isHouseDigits(t string) bool {
	if t == "" || !isDigitByte(t[0]) || !isDigitByte(t[len(t)-1]) {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !isDigitByte(t[i]) && t[i] != '-' {
			return false
		}
	}
	return true
}

// unitValue accepts a flat/suite value: anything with a digit, or one or two letters.
func unitValue(t string) bool {
	if hasDigit([]string{t}) {
		return true
	}
	return len(t) <= 2 && isAlpha(t) && !numberMarkers[t]
}

func isAlpha(t string) bool {
	for i := 0; i < len(t); i++ {
		if !isLetterByte(t[i]) {
			return false
		}
	}
	return t != ""
}

// foldUmlautSpelling folds ae/oe/ue to a/o/u until none is left.
func foldUmlautSpelling(t string) string {
	for strings.Contains(t, "ae") || strings.Contains(t, "oe") || strings.Contains(t, "ue") {
		t = umlautReplacer.Replace(t)
	}
	return t
}

var umlautReplacer = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")
