package csvintake

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// refLimit is the byte-at-a-time definition recordLimiter implements: it returns how many bytes
// pass before the limit fails (len(in) when it does not), and the final state.
func refLimit(in string, limit int) (passed, line, start int, quoted bool) {
	n, line, start := 0, 1, 1
	for i := 0; i < len(in); i++ {
		n++
		switch in[i] {
		case '"':
			quoted = !quoted
		case '\n':
			line++
			if !quoted {
				n = 0
				start = line
			}
		}
		if n > limit {
			return i, line, start, quoted
		}
	}
	return len(in), line, start, quoted
}

func TestRecordLimiterMatchesDefinition(t *testing.T) {
	inputs := []string{
		"id,name\nA-1,Ann\n",
		"id,name,resume_text\nA-1,Ann,\"line one\nline \"\"two\"\"\nthree\"\nA-2,Bo,x\n",
		"\"\"\"\"\n\"\n\n\"\nabc\n",
		"a,b\r\nc,d\r\n",
		strings.Repeat("x", 40) + "\n" + strings.Repeat("y", 10),
		"\"" + strings.Repeat("z\n", 30) + "\"\nok\n",
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for _, in := range inputs {
		for _, limit := range []int{1, 5, 12, 30, 1000} {
			for name, wrap := range readers {
				wantPassed, wantLine, wantStart, wantQuoted := refLimit(in, limit)
				l := newRecordLimiter(wrap(strings.NewReader(in)), limit)
				b, err := io.ReadAll(l)
				if wantPassed < len(in) {
					if !errors.Is(err, errRecordTooLong) || len(b) != wantPassed || l.start != wantStart {
						t.Errorf("%q limit %d %s: passed %d, start %d, err %v; want %d, %d, too long", in, limit, name, len(b), l.start, err, wantPassed, wantStart)
					}
					continue
				}
				if err != nil || string(b) != in || l.line != wantLine || l.start != wantStart || l.quoted != wantQuoted {
					t.Errorf("%q limit %d %s: err %v, line %d start %d quoted %v; want line %d start %d quoted %v", in, limit, name, err, l.line, l.start, l.quoted, wantLine, wantStart, wantQuoted)
				}
			}
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain ascii text, long enough", "ünïcödé ✓ 漢字", "q\"uote", "back\\slash\\", "tab\tnl\ncr\r", "\x00\x01\x1f\x7f", "12345678\"", "1234567\x19", "abcdefgh\\ijklmnop"} {
		got := string(appendJSONString(nil, s))
		want, _ := json.Marshal(s)
		// encoding/json escapes <, >, & and U+2028/9 too; none occur here, and \u007f is not escaped.
		if got != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}
