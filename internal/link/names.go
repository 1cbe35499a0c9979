package link

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// translit maps lower-case Cyrillic and Greek letters to Latin. Cyrillic follows BGN/PCGN
// (1947, Russian) with the Ukrainian (є ye, і i, ї yi, ґ g), Belarusian (ў w) and
// Serbian/Macedonian (ђ dj, ј j, љ lj, њ nj, ћ c, џ dz, ѓ gj, ќ kj, ѕ dz) letters; Greek follows
// ELOT 743 without the context rules (αυ, ευ, μπ are letter by letter). Letters with
// diacritics that fold to a base letter (й→и, ё→е, ї→і after normalize.Name) reach the base
// letter's entry. The table is ours; the phonetic code absorbs the differences between
// romanisation systems (Dmitriy, Dmitrij, Dmitrii, Dmitry).
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "w",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i",
	'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s",
	'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
	'ά': "a", 'έ': "e", 'ή': "i", 'ί': "i", 'ό': "o", 'ύ': "y", 'ώ': "o", 'ϊ': "i", 'ϋ': "y",
	'ΐ': "i", 'ΰ': "y",
}

// Transliterate returns s with Cyrillic and Greek letters replaced by their Latin
// transliteration (see the table in names.go); an upper-case letter gives a capitalised
// transliteration ("Щука" → "Shchuka"). Other characters are kept; invalid UTF-8 bytes are
// kept as they are. "Дмитрий Иванов" → "Dmitriy Ivanov".
func Transliterate(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && sz == 1 {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += sz
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		if l := unicode.ToLower(r); l != r {
			if t, ok := translit[l]; ok {
				if t != "" {
					b.WriteString(strings.ToUpper(t[:1]))
					b.WriteString(t[1:])
				}
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendLatin appends the transliteration of a folded (lower-case) token to dst.
func appendLatin(dst []byte, tok string) []byte {
	if isASCII(tok) {
		return append(dst, tok...)
	}
	for _, r := range tok {
		if t, ok := translit[r]; ok {
			dst = append(dst, t...)
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// maxCode is the longest phonetic code kept per token.
const maxCode = 8

// appendPhonetic appends the phonetic code of one lower-case Latin token to dst.
//
// The code is a consonant skeleton in the Soundex family, tuned for romanisation variants:
//   - digraphs first: tsch, ch, cz, tch → C; sch, sh, zh, sz → S; ck, kh, gh, qu → K;
//     ph → F; th → T; ts, tz → S; x → KS;
//   - letters: b p → P; f v w → F; c → S before e, i, y, else K; g k q → K; d t → T;
//     s z → S; l → L; m → M; n → N; r → R; h is silent;
//   - a, e, i, o, u, y, j are vowels: a token starting with one gets "A", others are dropped
//     (so Yuri, Juri, Iouri and Jurij are all "AR");
//   - repeated codes not separated by a vowel collapse (Schmitt → SMT); at most 8 codes.
//
// Soundex itself was not enough: it keeps the first letter verbatim (Yuri ≠ Juri), puts j
// with s and k (Dmitrij ≠ Dmitriy when truncated differently), ignores w (Iwanow ≠ Ivanov) and
// truncates to four characters, which merges many unrelated long names. Digits and other
// ASCII are skipped; a token that still holds non-Latin letters (Hangul, Han, Arabic, …) is
// its own code.
func appendPhonetic[T ~string | ~[]byte](dst []byte, tok T) []byte {
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			return append(dst, tok...)
		}
	}
	start := len(dst)
	var last byte
	vowelSince := true
	first := true
	emit := func(c byte) {
		first = false
		if c == last && !vowelSince {
			return
		}
		if len(dst)-start >= maxCode {
			return
		}
		dst = append(dst, c)
		last = c
		vowelSince = false
	}
	for i := 0; i < len(tok); {
		c := tok[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 'a' || c > 'z' {
			i++
			continue
		}
		rest := tok[i:]
		switch {
		case hasPrefixFold(rest, "tsch"):
			emit('C')
			i += 4
			continue
		case hasPrefixFold(rest, "sch"):
			emit('S')
			i += 3
			continue
		case hasPrefixFold(rest, "tch"):
			emit('C')
			i += 3
			continue
		}
		if len(rest) >= 2 {
			n := rest[1] | 0x20
			var code byte
			switch {
			case c == 'c' && (n == 'h' || n == 'z'):
				code = 'C'
			case (c == 's' || c == 'z') && n == 'h', c == 's' && n == 'z':
				code = 'S'
			case (c == 'c' && n == 'k') || ((c == 'k' || c == 'g') && n == 'h') || (c == 'q' && n == 'u'):
				code = 'K'
			case c == 'p' && n == 'h':
				code = 'F'
			case c == 't' && n == 'h':
				code = 'T'
			case c == 't' && (n == 's' || n == 'z'):
				code = 'S'
			}
			if code != 0 {
				emit(code)
				i += 2
				continue
			}
		}
		i++
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'j':
			if first {
				emit('A')
			}
			vowelSince = true
		case 'h':
		case 'b', 'p':
			emit('P')
		case 'f', 'v', 'w':
			emit('F')
		case 'c':
			if i < len(tok) {
				switch tok[i] | 0x20 {
				case 'e', 'i', 'y':
					emit('S')
					continue
				}
			}
			emit('K')
		case 'g', 'k', 'q':
			emit('K')
		case 'd', 't':
			emit('T')
		case 's', 'z':
			emit('S')
		case 'x':
			emit('K')
			emit('S')
		case 'l':
			emit('L')
		case 'm':
			emit('M')
		case 'n':
			emit('N')
		case 'r':
			emit('R')
		}
	}
	return dst
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix p, ignoring the case
// of s.
func hasPrefixFold[T ~string | ~[]byte](s T, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if s[i]|0x20 != p[i] {
			return false
		}
	}
	return true
}

// Phonetic returns the phonetic code of one name token (see appendPhonetic in names.go for the
// rules): the token is folded (normalize.Name) and transliterated first, so "Дмитрий",
// "Dmitriy", "Dmitrij" and "Dmitry" all give "TMTR", and "Iwanow" and "Ivanov" give "AFNF".
// A token of several words is coded as one. "" for a token without letters.
func Phonetic(token string) string {
	f := normalize.Name(token)
	var lat []byte
	for _, t := range strings.Fields(f) {
		lat = appendLatin(lat, t)
	}
	return string(appendPhonetic(nil, string(lat)))
}

// NameKey returns the resolver's exact name key: the tokens of normalize.Name(name), each
// transliterated to Latin, sorted and joined by one space. Two records with the same NameKey
// carry the same name (in any order, case, diacritics or script): "Иванов, Дмитрий" and
// "dmitrii ivanov" both give "dmitrii ivanov". "" when the name has no letters or digits.
func NameKey(name string) string {
	toks := latinTokens(name)
	slices.Sort(toks)
	return strings.Join(toks, " ")
}

// PhoneticKey returns the resolver's fuzzy name key: the Phonetic codes of the name's tokens,
// sorted and joined by one space, empty codes dropped. "Dmitriy Ivanov", "Иванов Дмитрий" and
// "Dmitrij Iwanow" all give "AFNF TMTR".
func PhoneticKey(name string) string {
	var codes []string
	for _, t := range latinTokens(name) {
		if c := string(appendPhonetic(nil, t)); c != "" {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	return strings.Join(codes, " ")
}

func latinTokens(name string) []string {
	var out []string
	for _, t := range strings.Fields(normalize.Name(name)) {
		if lat := appendLatin(nil, t); len(lat) > 0 { // "ь" alone transliterates to nothing
			out = append(out, string(lat))
		}
	}
	return out
}

// nameHashes computes, without building the key strings, a hash of NameKey(name) and of
// PhoneticKey(name), and the number of tokens with a non-empty phonetic code. Both hashes are
// 0 when the name has no tokens. buf is scratch space, returned for reuse. ASCII names are
// tokenised here exactly as normalize.Name would (tested); others go through it.
func nameHashes(name string, buf []byte) (nameH, phonH uint64, ntok int, _ []byte) {
	var nh, ph [12]uint64
	nn, np := 0, 0
	var extraN, extraP []uint64
	token := func(lat []byte) {
		h := hashBytes(lat)
		if nn < len(nh) {
			nh[nn] = h
			nn++
		} else {
			extraN = append(extraN, h)
		}
		n := len(buf)
		buf = appendPhonetic(buf, lat)
		if len(buf) > n {
			h := hashBytes(buf[n:])
			if np < len(ph) {
				ph[np] = h
				np++
			} else {
				extraP = append(extraP, h)
			}
		}
		buf = buf[:n]
	}
	if lat, ok := foldFast(name, buf[:0]); ok {
		// lat holds the folded, transliterated tokens separated by single spaces.
		buf = lat
		for start := 0; start < len(buf); {
			end := start
			for end < len(buf) && buf[end] != ' ' {
				end++
			}
			if end > start {
				// Codes are appended after buf and cut off again by token.
				token(buf[start:end])
			}
			start = end + 1
		}
	} else {
		f := normalize.Name(name)
		var lat []byte
		for len(f) > 0 {
			i := strings.IndexByte(f, ' ')
			tok := f
			if i >= 0 {
				tok, f = f[:i], f[i+1:]
			} else {
				f = ""
			}
			if tok == "" {
				continue
			}
			lat = appendLatin(lat[:0], tok)
			if len(lat) == 0 {
				continue
			}
			buf = buf[:0]
			token(lat)
		}
	}
	if nn == 0 {
		return 0, 0, 0, buf
	}
	nameH = combineSorted(append(nh[:nn:nn], extraN...))
	if np > 0 {
		phonH = combineSorted(append(ph[:np:np], extraP...))
	}
	return nameH, phonH, np + len(extraP), buf
}

// combineSorted sorts hs in place and folds it into one hash: order-insensitive, but
// sensitive to multiplicity.
func combineSorted(hs []uint64) uint64 {
	slices.Sort(hs)
	h := uint64(0x9e3779b97f4a7c15)
	for _, x := range hs {
		h = mix64(h ^ x)
	}
	if h == 0 {
		h = 1
	}
	return h
}

// foldTable gives, for each rune below foldLimit, what normalize.Name makes of it inside a
// name, already transliterated: a letter's folded Latin form ("é" → "e", "Ж" → "zh", "ß" →
// "ss"), foldSep for a separator, foldDrop for a character that vanishes (apostrophes,
// combining marks). It is derived from normalize.Name itself, so the fast path cannot drift
// from it; runes it cannot describe are foldSlow.
var foldTable = buildFoldTable()

const (
	foldLimit = 0x530 // Latin, IPA, Greek, Cyrillic and Cyrillic Supplement
	foldSep   = "\x00sep"
	foldDrop  = "\x00drop"
	foldSlow  = "\x00slow"
)

func buildFoldTable() []string {
	t := make([]string, foldLimit)
	for r := rune(0); r < foldLimit; r++ {
		if r >= 0xd800 {
			t[r] = foldSlow
			continue
		}
		got := normalize.Name("a" + string(r) + "b")
		switch {
		case got == "ab":
			t[r] = foldDrop
		case got == "a b":
			t[r] = foldSep
		case strings.HasPrefix(got, "a") && strings.HasSuffix(got, "b") && !strings.ContainsRune(got, ' ') &&
			normalize.Name(string(r)) == got[1:len(got)-1]:
			t[r] = string(appendLatin(nil, got[1:len(got)-1]))
		default:
			t[r] = foldSlow
		}
	}
	return t
}

// foldFast appends to dst the tokens of normalize.Name(name), transliterated, separated by
// single spaces, when every rune of name is below foldLimit; ok is false otherwise (and for
// invalid UTF-8), leaving the work to normalize.Name.
func foldFast(name string, dst []byte) (_ []byte, ok bool) {
	space := true
	for i := 0; i < len(name); {
		c := name[i]
		var f string
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				dst = append(dst, c)
				space = false
				continue
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
				space = false
				continue
			}
			f = foldTable[c]
		} else {
			r, sz := utf8.DecodeRuneInString(name[i:])
			if r >= foldLimit || (r == utf8.RuneError && sz == 1) {
				return dst, false
			}
			i += sz
			f = foldTable[r]
		}
		switch f {
		case foldDrop:
		case foldSep:
			if !space {
				dst = append(dst, ' ')
				space = true
			}
		case foldSlow:
			return dst, false
		default:
			dst = append(dst, f...)
			space = false
		}
	}
	return dst, true
}
