package normalize

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// specialFold maps letters that Unicode does not decompose into a base letter plus marks to
// their conventional Latin transliteration (ß→ss as in German orthography, ø→o, æ→ae, …).
var specialFold = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ŀ': "l", 'Ŀ': "l", 'ĸ': "k",
	'ſ': "s", 'ς': "σ", 'ŉ': "n",
}

// appendFoldRune appends the comparison form of r to dst: lower case, compatibility
// decomposed (NFKD) with combining marks removed when the decomposition has any (é→e,
// ﬁ→fi, Ａ→a), otherwise its NFKC form (so Hangul syllables stay composed).
func appendFoldRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if s, ok := specialFold[r]; ok {
		return append(dst, s...)
	}
	if unicode.Is(unicode.Mn, r) {
		return dst
	}
	var src [utf8.UTFMax]byte
	n := utf8.EncodeRune(src[:], r)
	var tmp [64]byte
	d := norm.NFKD.Append(tmp[:0], src[:n]...)
	hasMark := false
	for i := 0; i < len(d); {
		c, sz := utf8.DecodeRune(d[i:])
		if unicode.Is(unicode.Mn, c) {
			hasMark = true
			break
		}
		i += sz
	}
	if !hasMark {
		d = norm.NFKC.Append(tmp[:0], src[:n]...)
	}
	for i := 0; i < len(d); {
		c, sz := utf8.DecodeRune(d[i:])
		i += sz
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if s, ok := specialFold[c]; ok {
			dst = append(dst, s...)
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(c))
	}
	return dst
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isApostrophe reports runes used as apostrophes (O'Brien, d’Ouro).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´', 'ʻ':
		return true
	}
	return false
}

// Name returns the comparison form of a person name: NFKC, case-folded, diacritics removed
// (ß→ss, ø→o, æ→ae), apostrophes dropped ("O'Brien" → "obrien"), every other punctuation
// or symbol turned into a space, whitespace collapsed and trimmed. "José  María O’Neill-Ruiz"
// becomes "jose maria oneill ruiz". Scripts without case (Hangul, Han) are kept as they are.
// Invalid UTF-8 bytes are dropped.
func Name(s string) string {
	if isASCII(s) {
		return nameASCII(s)
	}
	buf := make([]byte, 0, len(s)+8)
	space := true // suppress leading space
	var tmp [16]byte
	for _, r := range s {
		if r == utf8.RuneError || isApostrophe(r) {
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			if !space {
				buf = append(buf, ' ')
				space = true
			}
			continue
		}
		f := appendFoldRune(tmp[:0], r)
		// The folded form may itself contain non-letters (NFKC of "½" is "1⁄2").
		for i := 0; i < len(f); {
			c, sz := utf8.DecodeRune(f[i:])
			i += sz
			if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
				buf = utf8.AppendRune(buf, c)
				space = false
			} else if !space && !isApostrophe(c) {
				buf = append(buf, ' ')
				space = true
			}
		}
	}
	if space && len(buf) > 0 {
		buf = buf[:len(buf)-1]
	}
	return norm.NFC.String(string(buf))
}

func nameASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteByte(c)
			space = false
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			space = false
		case c == '\'' || c == '`':
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := b.String()
	if space && len(out) > 0 {
		out = out[:len(out)-1]
	}
	return out
}

// NameKey returns an order-insensitive key for a person name: the tokens of Name(s), sorted
// and joined by one space, so "SANTOS, María" and "maria santos" give "maria santos". Detectors
// use it to tell one person applying twice from two people sharing an identifier.
func NameKey(s string) string {
	toks := strings.Fields(Name(s))
	switch len(toks) {
	case 0:
		return ""
	case 1:
		return toks[0]
	}
	sort.Strings(toks)
	return strings.Join(toks, " ")
}
