package link

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// FuzzNameKeys checks the name-key functions on arbitrary input: no panic, valid UTF-8 out for
// valid UTF-8 in, order-insensitive keys, Latin output for Cyrillic, codes in A–Z for Latin
// tokens, and the resolver's string-free hashes agreeing with the keys.
func FuzzNameKeys(f *testing.F) {
	for _, s := range []string{"Дмитрий Иванов", "IVANOV, Dmitrij", "José María O’Neill-Ruiz", "金 民準",
		"Schewtschenko", "a'b`c", "\xff\xfe", "ΓΙΏΡΓΟΣ", "x1 2y", "  ", "Їжак Ґудзь"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		nk, pk := NameKey(name), PhoneticKey(name)
		tr := Transliterate(name)
		if utf8.ValidString(name) {
			for _, s := range []string{nk, pk, tr} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q from %q", s, name)
				}
			}
			for _, r := range tr {
				if _, ok := translit[r]; ok {
					t.Fatalf("Transliterate(%q) = %q keeps %q", name, tr, r)
				}
			}
		}
		// Reordering the folded tokens changes neither key.
		toks := strings.Fields(normalize.Name(name))
		slices.Reverse(toks)
		rev := strings.Join(toks, " ")
		if NameKey(rev) != nk || PhoneticKey(rev) != pk {
			t.Fatalf("keys of %q (%q, %q) differ from those of %q (%q, %q)", name, nk, pk, rev, NameKey(rev), PhoneticKey(rev))
		}
		// The resolver's hashes of the name equal those of its own key.
		nh, ph, n, _ := nameHashes(name, nil)
		nh2, ph2, n2, _ := nameHashes(nk, nil)
		if nh != nh2 || ph != ph2 || n != n2 {
			t.Fatalf("nameHashes(%q) = %x %x %d, of its NameKey %q = %x %x %d", name, nh, ph, n, nk, nh2, ph2, n2)
		}
		if n != len(strings.Fields(pk)) {
			t.Fatalf("nameHashes(%q) counts %d codes, PhoneticKey %q", name, n, pk)
		}
		for _, tok := range strings.Fields(nk) {
			code := string(appendPhonetic(nil, tok))
			ascii := true
			for i := 0; i < len(tok); i++ {
				ascii = ascii && tok[i] < utf8.RuneSelf
			}
			if !ascii {
				continue
			}
			if len(code) > maxCode+1 {
				t.Fatalf("code %q of %q longer than %d", code, tok, maxCode)
			}
			for i := 0; i < len(code); i++ {
				if code[i] < 'A' || code[i] > 'Z' {
					t.Fatalf("code %q of %q has %q", code, tok, code[i])
				}
			}
		}
	})
}
