package sigma

import (
	"unicode"
	"unicode/utf8"
)

// Case-insensitive matching without allocation. The semantics are those of comparing
// strings.ToLower(haystack) with a needle lowered the same way at compile time: each rune is
// lowered with unicode.ToLower and invalid UTF-8 bytes count as one U+FFFD rune each. ASCII
// takes a fast path.

const (
	globAny  rune = -1 // ? in a Sigma value
	globStar rune = -2 // * in a Sigma value
)

// lowerAt returns the lowered rune at h[i] and its width in h.
func lowerAt(h string, i int) (rune, int) {
	c := h[i]
	if c < utf8.RuneSelf {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return rune(c), 1
	}
	r, sz := utf8.DecodeRuneInString(h[i:])
	return unicode.ToLower(r), sz
}

// prefixFold reports whether lower(h) starts with n (already lowered) and how many bytes of h
// that prefix takes.
func prefixFold(h, n string) (int, bool) {
	i, j := 0, 0
	for j < len(n) {
		if i >= len(h) {
			return 0, false
		}
		c, d := h[i], n[j]
		if c < utf8.RuneSelf && d < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != d {
				return 0, false
			}
			i++
			j++
			continue
		}
		r, sz := lowerAt(h, i)
		nr, nsz := utf8.DecodeRuneInString(n[j:])
		if r != nr {
			return 0, false
		}
		i += sz
		j += nsz
	}
	return i, true
}

func equalFold(h, n string) bool {
	k, ok := prefixFold(h, n)
	return ok && k == len(h)
}

// suffixFold reports whether lower(h) ends with n, which has nRunes runes.
func suffixFold(h, n string, nRunes int) bool {
	if nRunes == 0 {
		return true
	}
	// fast path: the last nRunes bytes of h are ASCII, so they are its last nRunes runes
	if len(h) >= nRunes {
		tail := h[len(h)-nRunes:]
		ascii := true
		for i := 0; i < len(tail); i++ {
			if tail[i] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			return equalFold(tail, n)
		}
	}
	if len(h) < nRunes { // every rune takes at least one byte
		return false
	}
	total := utf8.RuneCountInString(h)
	if total < nRunes {
		return false
	}
	i := 0
	for skip := total - nRunes; skip > 0; skip-- {
		_, sz := utf8.DecodeRuneInString(h[i:])
		i += sz
	}
	return equalFold(h[i:], n)
}

func containsFold(h, n string) bool {
	if n == "" {
		return true
	}
	first := n[0]
	for i := 0; i < len(h); {
		c := h[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c == first {
				if _, ok := prefixFold(h[i:], n); ok {
					return true
				}
			}
			i++
			continue
		}
		if _, ok := prefixFold(h[i:], n); ok {
			return true
		}
		_, sz := utf8.DecodeRuneInString(h[i:])
		i += sz
	}
	return false
}

// globFold matches lower(h) against p: lowered runes, globAny and globStar.
func globFold(h string, p []rune) bool {
	hi, pi := 0, 0
	starP, starH := -1, 0
	for hi < len(h) {
		r, sz := lowerAt(h, hi)
		if pi < len(p) && (p[pi] == globAny || p[pi] == r) {
			hi += sz
			pi++
			continue
		}
		if pi < len(p) && p[pi] == globStar {
			starP, starH = pi, hi
			pi++
			continue
		}
		if starP >= 0 {
			pi = starP + 1
			_, sz := lowerAt(h, starH)
			starH += sz
			hi = starH
			continue
		}
		return false
	}
	for pi < len(p) && p[pi] == globStar {
		pi++
	}
	return pi == len(p)
}

// splitWildcards turns a Sigma value into lowered runes with globAny/globStar for unescaped
// ? and *. A backslash escapes *, ? and \; before any other character it is literal.
func splitWildcards(v string) []rune {
	var out []rune
	for i := 0; i < len(v); {
		r, sz := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == '\\' && i+1 < len(v) && (v[i+1] == '*' || v[i+1] == '?' || v[i+1] == '\\'):
			out = append(out, rune(v[i+1]))
			i += 2
			continue
		case r == '*':
			out = append(out, globStar)
		case r == '?':
			out = append(out, globAny)
		default:
			out = append(out, unicode.ToLower(r))
		}
		i += sz
	}
	return out
}
