package jsonresume

import (
	"bytes"
	"errors"
	"io"
	"sort"
)

// MaxRecordBytes is the largest single JSON Resume record Parse accepts. Longer records are
// rejected while reading, so memory stays bounded.
const MaxRecordBytes = 16 << 20

var errRecordTooLong = errors.New("record longer than 16 MiB")

// lineIndex passes bytes through, keeping the bytes of the current record (to locate syntax
// errors) and where lines end (to turn byte offsets into line numbers), and failing once the
// current record grows past max bytes. Offsets are absolute in the input. What lies before the
// current record is forgotten (line ends are only counted), so memory is bounded by the record
// size plus read-ahead.
type lineIndex struct {
	r        io.Reader
	read     int64   // bytes read so far
	nl       []int64 // offsets of '\n' at or after recStart
	dropped  int     // line ends before recStart
	recStart int64   // where the current record (with its leading separators) starts
	keep     []byte  // the bytes from recStart to read
	max      int64
	err      error
}

func (l *lineIndex) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if allowed := l.max - (l.read - l.recStart) + 1; int64(len(p)) > allowed {
		p = p[:max(allowed, 1)] // read no further than one byte past the limit
	}
	n, err := l.r.Read(p)
	if over := l.read + int64(n) - l.recStart - l.max; over > 0 {
		n -= int(over)
		if n < 0 {
			n = 0
		}
		l.err = errRecordTooLong
		err = l.err
	}
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		l.nl = append(l.nl, l.read+int64(i+j))
		i += j + 1
	}
	l.keep = append(l.keep, p[:n]...)
	l.read += int64(n)
	return n, err
}

// line returns the 1-based line of byte offset off (off must not be before recStart).
func (l *lineIndex) line(off int64) int {
	i := sort.Search(len(l.nl), func(i int) bool { return l.nl[i] >= off })
	return l.dropped + i + 1
}

// startRecord forgets line ends before off and starts the record size count there.
func (l *lineIndex) startRecord(off int64) {
	i := sort.Search(len(l.nl), func(i int) bool { return l.nl[i] >= off })
	l.dropped += i
	// Reslicing, not copying: append reallocates, copying only what is live, once the
	// capacity left behind the slices runs out.
	l.nl = l.nl[i:]
	l.keep = l.keep[off-l.recStart:]
	l.recStart = off
}

// valueStart returns the offset of the current record's first byte, skipping white space and,
// inside an array, the separators "[", "," and "]".
func (l *lineIndex) valueStart(array bool) int64 {
	i := 0
	for ; i < len(l.keep); i++ {
		switch c := l.keep[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case array && (c == ',' || c == '[' || c == ']'):
		default:
			return l.recStart + int64(i)
		}
	}
	return l.recStart + int64(i)
}
