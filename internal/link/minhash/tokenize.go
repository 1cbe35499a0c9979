package minhash

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// isWordRune reports whether r belongs to a word: letters, digits, combining marks,
// apostrophes (dropped, so "don't" is one token "dont") and invalid bytes (dropped). Every
// other rune separates words. This is the split normalize.Name makes, so folding a word on its
// own gives the same tokens as folding the whole text.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\'' || r == '`'
	}
	return r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == 'ʻ'
}

// Byte classes for the ASCII fast path of tokenize.
const (
	clSep   = 0     // separator
	clLower = 1     // a-z
	clDigit = 2     // 0-9
	clUpper = 4     // A-Z
	clApos  = 8     // ' and `, dropped inside a word
	clHigh  = 16    // a byte of a multibyte rune
	clPlain = 1 | 2 // bytes a word can hash as they are
)

var asciiClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = clHigh
		case 'a' <= c && c <= 'z':
			t[c] = clLower
		case '0' <= c && c <= '9':
			t[c] = clDigit
		case 'A' <= c && c <= 'Z':
			t[c] = clUpper
		case c == '\'' || c == '`':
			t[c] = clApos
		}
	}
	return t
}()

// hashString hashes a normalised token eight bytes at a time. Each step is a bijection of the
// state, and the length seeds it, so distinct tokens collide with probability ≈ 2⁻⁶⁴.
func hashString(s string) uint64 {
	h := uint64(len(s))*0x9e3779b97f4a7c15 ^ 0xa0761d6478bd642f
	for len(s) >= 8 {
		v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = (h ^ v) * 0xe7037ed1a0b428db
		h ^= h >> 32
		s = s[8:]
	}
	if len(s) > 0 {
		var v uint64
		for i := len(s) - 1; i >= 0; i-- {
			v = v<<8 | uint64(s[i])
		}
		h = (h ^ v) * 0x8ebc6af09c88c6e3
		h ^= h >> 32
	}
	return h
}

// numberHash stands for every all-digit token: years, phone-number groups and metrics are
// what an edited template changes first, and they say little about who wrote a text.
var numberHash = hashString("#")

// isNumber reports whether w is all digits.
func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// tokenize appends the hashes of the normalised tokens of text to dst and returns it. When
// words is not nil the tokens are added to it too (only used to show evidence).
//
// Normalisation is that of normalize.Name: lower case, diacritics folded (é→e, ß→ss, ø→o),
// apostrophes dropped, every other punctuation or symbol a separator; a token of digits only
// hashes as the one token "#" (words still get the digits). Lower-case ASCII words are
// hashed in place; other ASCII words are folded into a buffer first; a word with any other
// rune goes through normalize.Name, which uses golang.org/x/text/unicode/norm.
func tokenize(text string, dst []uint64, words *wordList) []uint64 {
	var buf [64]byte
	n := len(text)
	for i := 0; i < n; {
		if asciiClass[text[i]] == clSep {
			i++
			continue
		}
		start := i
		// Fast path: a run of a-z0-9 ended by a separator or the end of the text.
		var seen uint8
		for i < n && asciiClass[text[i]]&clPlain != 0 {
			seen |= asciiClass[text[i]]
			i++
		}
		if i == n || asciiClass[text[i]] == clSep {
			if seen == clDigit {
				dst = append(dst, numberHash)
			} else {
				dst = append(dst, hashString(text[start:i]))
			}
			if words != nil {
				words.add(text[start:i])
			}
			continue
		}
		// General path: fold upper case, drop apostrophes, find non-ASCII runes.
		i = start
		tok := buf[:0]
		ascii, digits := true, true
	word:
		for i < n {
			c := text[i]
			switch asciiClass[c] {
			case clUpper:
				c += 'a' - 'A'
				fallthrough
			case clLower, clDigit:
				tok = append(tok, c)
				digits = digits && c <= '9'
				i++
			case clApos:
				i++
			case clHigh:
				r, sz := utf8.DecodeRuneInString(text[i:])
				if !isWordRune(r) {
					break word
				}
				ascii = false
				i += sz
			default:
				break word
			}
		}
		if i == start { // a non-word multibyte rune
			_, sz := utf8.DecodeRuneInString(text[i:])
			i += sz
			continue
		}
		if ascii {
			if len(tok) == 0 { // only apostrophes
				continue
			}
			if digits {
				dst = append(dst, numberHash)
			} else {
				dst = append(dst, hashString(string(tok)))
			}
			if words != nil {
				words.add(string(tok))
			}
			continue
		}
		// Fold the word; folding may split it or empty it.
		for _, w := range strings.Fields(normalize.Name(text[start:i])) {
			if isNumber(w) {
				dst = append(dst, numberHash)
			} else {
				dst = append(dst, hashString(w))
			}
			if words != nil {
				words.add(w)
			}
		}
	}
	return dst
}

// Tokens returns the normalised tokens of text, as the signature sees them: lower case,
// diacritics folded, apostrophes dropped, punctuation and symbols as separators.
// "José's CV: Go/Kubernetes" gives ["joses", "cv", "go", "kubernetes"]. Tokens of digits
// only are returned as they are, but signatures treat them all as one token ("2014" and
// "2016" compare equal, "p99" and "p95" do not).
func Tokens(text string) []string {
	var wl wordList
	tokenize(text, nil, &wl)
	var out []string
	for i := range wl.starts {
		out = append(out, wl.phrase(i, 1))
	}
	return out
}

// wordList holds tokens as one space-separated buffer, so a phrase of consecutive tokens is
// one slice of it.
type wordList struct {
	buf    []byte
	starts []int32
}

func (wl *wordList) add(tok string) {
	if len(wl.buf) > 0 {
		wl.buf = append(wl.buf, ' ')
	}
	wl.starts = append(wl.starts, int32(len(wl.buf)))
	wl.buf = append(wl.buf, tok...)
}

// phrase returns tokens p … p+n-1 (fewer at the end) joined by spaces.
func (wl *wordList) phrase(p, n int) string {
	end := len(wl.buf)
	if p+n < len(wl.starts) {
		end = int(wl.starts[p+n]) - 1
	}
	return string(wl.buf[wl.starts[p]:end])
}

// mix64 is the splitmix64 finaliser: a bijection on uint64 whose output bits each depend on
// every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// shingles appends to dst the hashes of the w-shingles (w consecutive tokens) of toks. A text
// with fewer than w tokens (but at least one) is one shingle of all its tokens. The hash does
// not depend on Options.Seed, so stop lists (Options.Stop) stay valid across seeds.
func shingles(toks []uint64, w int, dst []uint64) []uint64 {
	n := len(toks)
	if n == 0 {
		return dst
	}
	if n < w {
		w = n
	}
	for i := 0; i+w <= n; i++ {
		h := uint64(w)
		for _, t := range toks[i : i+w] {
			h = (h^t)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
			h ^= h >> 29
		}
		dst = append(dst, mix64(h))
	}
	return dst
}

// ShingleHashes returns the hashes of the w-shingles of text's normalised tokens (w =
// opt.Shingle, default 3), one per position, in text order, repeats kept. Stop lists
// (Options.Stop, FrequentShingles) are made of these values.
func ShingleHashes(text string, opt Options) []uint64 {
	opt = opt.withDefaults()
	return shingles(tokenize(text, nil, nil), opt.Shingle, nil)
}
