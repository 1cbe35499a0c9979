package csvintake

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// MaxRecordBytes is the longest CSV record, in bytes including quotes and line ends, that Parse
// accepts. Longer records are rejected as soon as the limit is passed, before the record is
// buffered, so a file with a 100 MB line fails fast in bounded memory.
const MaxRecordBytes = 1 << 20

// errRecordTooLong is returned by recordLimiter.Read once a record passes its limit.
var errRecordTooLong = errors.New("record longer than 1 MiB")

// recordLimiter passes bytes through unchanged while following CSV quoting (a quote toggles
// "inside a quoted field"; a doubled quote toggles twice), and fails once the current record —
// the bytes since the last line end outside quotes — grows past max bytes.
type recordLimiter struct {
	r      io.Reader
	max    int
	n      int  // bytes of the current record so far
	quoted bool // inside a quoted field
	line   int  // 1-based line of the next byte
	start  int  // line the current record starts on
	err    error
}

func newRecordLimiter(r io.Reader, max int) *recordLimiter {
	return &recordLimiter{r: r, max: max, line: 1, start: 1}
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	b := p[:n]
	nextQuote := -2 // index of the next quote in b at or after i; -1: none; -2: unknown
	for i := 0; i < len(b); {
		if l.quoted {
			// Inside quotes only a quote matters; line ends are counted, not boundaries.
			end := len(b)
			if j := bytes.IndexByte(b[i:], '"'); j >= 0 {
				end = i + j
			}
			if l.n+end-i > l.max {
				return l.fail(i)
			}
			l.line += bytes.Count(b[i:end], newline)
			l.n += end - i
			if end == len(b) {
				break
			}
			l.quoted = false
			nextQuote = -2
			i = end
		} else {
			if nextQuote == -2 || (nextQuote >= 0 && nextQuote < i) {
				nextQuote = -1
				if j := bytes.IndexByte(b[i:], '"'); j >= 0 {
					nextQuote = i + j
				}
			}
			end := len(b)
			if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
				end = i + j
			}
			if nextQuote >= 0 && nextQuote < end {
				end = nextQuote
			}
			if l.n+end-i > l.max {
				return l.fail(i)
			}
			l.n += end - i
			if end == len(b) {
				break
			}
			if b[end] == '"' {
				l.quoted = true
			} else {
				l.line++
				l.n = -1 // the line end is the last byte of its record
				l.start = l.line
			}
			i = end
		}
		// b[i] is the quote or line end just handled.
		if l.n++; l.n > l.max {
			return l.fail(i)
		}
		i++
	}
	return n, err
}

var newline = []byte{'\n'}

// fail stops reading at b[i:], passing on only the bytes that fit within the limit.
func (l *recordLimiter) fail(i int) (int, error) {
	l.err = errRecordTooLong
	return i + max(l.max-l.n, 0), l.err
}

// bom is the UTF-8 byte order mark some spreadsheet programs write at the start of a file.
const bom = "\xEF\xBB\xBF"

// firstLine returns the first line of prefix without its line end, after a BOM.
func firstLine(prefix []byte) []byte {
	prefix = bytes.TrimPrefix(prefix, []byte(bom))
	if i := bytes.IndexByte(prefix, '\n'); i >= 0 {
		prefix = prefix[:i]
	}
	return bytes.TrimSuffix(prefix, []byte("\r"))
}

// delimiter picks the field separator of a header line: the most frequent of comma, semicolon
// and tab outside quotes; comma when none occurs.
func delimiter(header []byte) rune {
	var comma, semi, tab int
	quoted := false
	for _, c := range header {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				comma++
			}
		case ';':
			if !quoted {
				semi++
			}
		case '\t':
			if !quoted {
				tab++
			}
		}
	}
	switch {
	case semi > comma && semi >= tab:
		return ';'
	case tab > comma && tab > semi:
		return '\t'
	}
	return ','
}

// Sniff reports which kind of intake CSV a file is from its first bytes (at least its whole
// header line; a BOM is skipped). It is false when the first line is not a CSV header with one
// of the recognised column sets (see Detect).
func Sniff(prefix []byte) (Kind, bool) {
	line := firstLine(prefix)
	if len(line) == 0 || bytes.IndexByte(line, 0) >= 0 {
		return "", false
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.Comma = delimiter(line)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return "", false
	}
	k, err := Detect(header)
	return k, err == nil
}

// headerName is a header cell as matched against column names: trimmed and lower case.
func headerName(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
