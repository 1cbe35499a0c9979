package sigma

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary YAML to Parse and Compile: no panics, and a compiled rule agrees
// with the naive evaluator on sample events.
func FuzzParse(f *testing.F) {
	for _, txt := range genRuleTexts(6) {
		f.Add(txt)
	}
	f.Add("title: t\nlogsource:\n    category: process_creation\ndetection:\n    s:\n        - Image|endswith: '\\a?.exe'\n        - CommandLine|contains|all: ['*x', 'y\\*']\n    n:\n        process.hash.sha256: null\n    condition: (s or not n) and all of them\n")
	f.Add("title: t\ndetection:\n    s:\n        ParentImage: 'C:\\x\\*'\n        source.port: ''\n    condition: 1 of s*\n")
	events := genEvents(40, 9)
	f.Fuzz(func(t *testing.T, txt string) {
		r, err := Parse([]byte(txt), "f.yml")
		if err != nil {
			return
		}
		eng, err := Compile(r)
		if err != nil {
			return
		}
		for _, ev := range events {
			got := false
			eng.Match(ev, func(*Rule) { got = true })
			if n := naiveMatch(r, ev); n != got {
				t.Fatalf("compiled %v, naive %v on %+v", got, n, ev)
			}
		}
	})
}

// FuzzFold checks the allocation-free case-insensitive helpers against strings.ToLower.
func FuzzFold(f *testing.F) {
	f.Add("AnyDesk.EXE", "desk.exe")
	f.Add("\u212aEY", "key")
	f.Add("a\xffb", "\xff")
	f.Add("İstanbul", "i")
	f.Add("xx\xe2\x82", "\xe2")
	f.Fuzz(func(t *testing.T, h, n string) {
		ln := strings.ToLower(n)
		lh := strings.ToLower(h)
		if got, want := equalFold(h, ln), lh == ln; got != want {
			t.Errorf("equalFold(%q,%q)=%v", h, ln, got)
		}
		if _, got := prefixFold(h, ln); got != strings.HasPrefix(lh, ln) {
			t.Errorf("prefixFold(%q,%q)=%v", h, ln, got)
		}
		if got := suffixFold(h, ln, utf8.RuneCountInString(ln)); got != strings.HasSuffix(lh, ln) {
			t.Errorf("suffixFold(%q,%q)=%v", h, ln, got)
		}
		if got := containsFold(h, ln); got != strings.Contains(lh, ln) {
			t.Errorf("containsFold(%q,%q)=%v", h, ln, got)
		}
		// glob: the naive pattern matcher is the oracle
		m := textMatcher(n, "")
		var got bool
		switch m.kind {
		case mEq:
			got = equalFold(h, m.lit)
		case mPrefix:
			_, got = prefixFold(h, m.lit)
		case mSuffix:
			got = suffixFold(h, m.lit, m.nRunes)
		case mContains:
			got = containsFold(h, m.lit)
		case mGlob:
			got = globFold(h, m.glob)
		}
		if len(n) < 200 && len(h) < 400 {
			if want := naiveGlob([]rune(lh), naivePattern(ln)); got != want {
				t.Errorf("textMatcher(%q) kind %d on %q: %v, naive %v", n, m.kind, h, got, want)
			}
		}
	})
}
