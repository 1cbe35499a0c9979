// Package jsonstream reads identity-provider exports one record at a time, whatever their
// shape — JSON lines, a JSON array of records (or several in a row), or API response envelopes
// ({"value":[…]} from Microsoft Graph, {"items":[…]} from Google's Reports API, {"records":[…]}
// from Azure diagnostic settings) — without reading the whole input into memory, and flattens
// a record's JSON into dotted paths ("a.b.0.c") with no allocation per scalar. Shared by the
// parsers in internal/telemetry/entra, okta and gworkspace.
package jsonstream

// This file is the streaming reader and JSON flattener shared (by copy) by the identity
// provider parsers in internal/telemetry/entra, okta and gworkspace.

import (
	"bufio"
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/segmentio/encoding/json"
)

// maxLine bounds one JSON line (and one record) so a corrupt file cannot exhaust memory.
const maxLine = 16 << 20

// envelopeFirstKeys are first keys that mark an API response envelope ({"value":[…]},
// {"items":[…]}, {"records":[…]}) when the peeked bytes end before the record array is seen.
var envelopeFirstKeys = map[string]bool{
	"@odata.context": true, "@odata.nextLink": true, "nextPageToken": true,
}

// arrayKeys are the envelope members that hold the records.
var arrayKeys = map[string]bool{"value": true, "items": true, "records": true}

// RecordFunc receives one record's bytes (owned by the callee), its 1-based line (0 when
// unknown) and its JSON path in an envelope ("" for JSON lines).
type RecordFunc func(rec []byte, line int, path string) error

// Stream reads r as JSON lines, a JSON array of records, or API envelopes
// ({"value":[...]}, {"items":[...]}), calling fn once per record without reading the
// whole input into memory.
func Stream(r io.Reader, name string, fn RecordFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	first, err := firstByte(br)
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	switch first {
	case '[':
		return streamJSON(br, name, fn, false)
	case '{':
		if isEnvelope(br) {
			return streamJSON(br, name, fn, true)
		}
		return streamLines(br, name, fn)
	default:
		return &bonafide.InputError{File: name, Line: 1, Msg: fmt.Sprintf("not JSON: starts with %q", first)}
	}
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case 0xEF: // UTF-8 byte order mark
			if p, _ := br.Peek(2); len(p) == 2 && p[0] == 0xBB && p[1] == 0xBF {
				_, _ = br.Discard(2)
				continue
			}
		}
		_ = br.UnreadByte()
		return b, nil
	}
}

// isEnvelope peeks at the first object's top-level members: it is an envelope when one of
// arrayKeys holds an array. When the peeked bytes end first, the first key decides (see
// envelopeFirstKeys).
func isEnvelope(br *bufio.Reader) bool {
	p, _ := br.Peek(br.Size())
	dec := stdjson.NewDecoder(bytes.NewReader(p))
	if t, err := dec.Token(); err != nil || t != stdjson.Delim('{') {
		return false
	}
	first := ""
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := t.(string)
		if i == 0 {
			first = k
		}
		if !arrayKeys[k] {
			var skip stdjson.RawMessage
			if err := dec.Decode(&skip); err != nil {
				break
			}
			continue
		}
		t, err = dec.Token()
		if err != nil {
			break
		}
		if t == stdjson.Delim('[') {
			return true
		}
		if t == stdjson.Delim('{') {
			if err := skipRest(dec); err != nil {
				break
			}
		}
	}
	return envelopeFirstKeys[first]
}

// skipRest consumes the rest of an object whose '{' was read.
func skipRest(dec *stdjson.Decoder) error {
	depth := 1
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case stdjson.Delim('{'), stdjson.Delim('['):
			depth++
		case stdjson.Delim('}'), stdjson.Delim(']'):
			depth--
		}
	}
	return nil
}

func streamLines(br *bufio.Reader, name string, fn RecordFunc) error {
	line := 0
	var long []byte
	for {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if len(long)+len(b) > maxLine {
				return &bonafide.InputError{File: name, Line: line + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
			}
			long = append(long, b...)
			continue
		}
		if len(long) > 0 {
			b = append(long, b...)
			long = long[:0]
		}
		if len(b) > 0 {
			line++
			t := bytes.TrimSpace(b)
			if len(t) > 0 {
				rec := make([]byte, len(t))
				copy(rec, t)
				if ferr := fn(rec, line, ""); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &bonafide.InputError{File: name, Line: line + 1, Msg: "read failed", Err: err}
		}
	}
}

// lineTracker counts newlines as the JSON decoder reads, so records in arrays get lines.
type lineTracker struct {
	r    io.Reader
	off  int64
	nl   []int64
	line int
}

func (l *lineTracker) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		l.nl = append(l.nl, l.off+int64(i+j))
		i += j + 1
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off; offsets must not decrease.
func (l *lineTracker) lineAt(off int64) int {
	k := 0
	for k < len(l.nl) && l.nl[k] < off {
		k++
	}
	l.line += k
	l.nl = l.nl[k:]
	if len(l.nl) == 0 {
		l.nl = nil // let append start a fresh slice instead of growing a drained one
	}
	return l.line + 1
}

func streamJSON(br *bufio.Reader, name string, fn RecordFunc, envelope bool) error {
	lt := &lineTracker{r: br}
	dec := stdjson.NewDecoder(lt)
	bad := func(err error) error {
		return &bonafide.InputError{File: name, Line: lt.lineAt(dec.InputOffset()), Msg: "invalid JSON", Err: err}
	}
	readArray := func(prefix string) error {
		if t, err := dec.Token(); err != nil {
			return bad(err)
		} else if t != stdjson.Delim('[') {
			return bad(fmt.Errorf("%s: want an array", prefix))
		}
		for i := 0; dec.More(); i++ {
			var raw stdjson.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return bad(err)
			}
			line := lt.lineAt(dec.InputOffset() - int64(len(raw)))
			if err := fn(raw, line, prefix+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
		return nil
	}
	if !envelope {
		// Bare arrays, possibly one after another (one per page).
		for dec.More() {
			if err := readArray(""); err != nil {
				return err
			}
		}
		return atEOF(dec, bad)
	}
	for dec.More() {
		if t, err := dec.Token(); err != nil {
			return bad(err)
		} else if t != stdjson.Delim('{') {
			return bad(errors.New("want an API response object"))
		}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return bad(err)
			}
			if k, _ := kt.(string); arrayKeys[k] {
				if err := readArray(k); err != nil {
					return err
				}
				continue
			}
			var skip stdjson.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return bad(err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
	}
	return atEOF(dec, bad)
}

func atEOF(dec *stdjson.Decoder, bad func(error) error) error {
	t, err := dec.Token()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return bad(err)
	}
	return bad(fmt.Errorf("unexpected %v after the records", t))
}

// Value is one scalar JSON value met by flatten: Kind is 's' (string), 'n' (number), 't'
// (true) or 'f' (false); Text is the unquoted string or the number as written. Text may
// point into the record or a reused buffer: copy it (string(v.Text)) to keep it.
type Value struct {
	Kind byte
	Text []byte
}

func (v Value) String() string { return string(v.Text) }

// Flattener walks a JSON object and reports each scalar with its dotted path ("a.b.0.c");
// nulls, empty objects and empty arrays report nothing.
type Flattener struct {
	tok   *json.Tokenizer
	path  []byte
	bases []int
	arr   []bool
}

// Walk calls fn for each scalar in the JSON object rec, with path prefixed by prefix.
func (f *Flattener) Walk(rec []byte, prefix string, fn func(path []byte, v Value) error) error {
	if !json.Valid(rec) {
		return errors.New("invalid JSON")
	}
	if f.tok == nil {
		f.tok = json.NewTokenizer(rec)
	} else {
		f.tok.Reset(rec)
	}
	t := f.tok
	f.path = append(f.path[:0], prefix...)
	f.bases, f.arr = f.bases[:0], f.arr[:0]
	root := true
	for t.Next() {
		d := t.Delim
		if root {
			if d != '{' {
				return errors.New("record is not a JSON object")
			}
			root = false
			f.bases = append(f.bases, len(f.path))
			f.arr = append(f.arr, false)
			continue
		}
		switch d {
		case ':', ',':
			continue
		case '}', ']':
			f.bases, f.arr = f.bases[:len(f.bases)-1], f.arr[:len(f.arr)-1]
			continue
		}
		top := len(f.bases) - 1
		if t.IsKey {
			f.path = f.path[:f.bases[top]]
			if len(f.path) > 0 {
				f.path = append(f.path, '.')
			}
			f.path = append(f.path, t.String()...)
			continue
		}
		if f.arr[top] {
			f.path = f.path[:f.bases[top]]
			if len(f.path) > 0 {
				f.path = append(f.path, '.')
			}
			f.path = strconv.AppendInt(f.path, int64(t.Index), 10)
		}
		if d == '{' || d == '[' {
			f.bases = append(f.bases, len(f.path))
			f.arr = append(f.arr, d == '[')
			continue
		}
		var v Value
		switch {
		case t.Value.String():
			v = Value{'s', t.String()}
		case t.Value.Number():
			v = Value{'n', t.Value}
		case t.Value.True():
			v = Value{'t', t.Value}
		case t.Value.False():
			v = Value{'f', t.Value}
		default:
			continue // null
		}
		if err := fn(f.path, v); err != nil {
			return err
		}
	}
	return t.Err
}

// Time reads the value as an RFC 3339 timestamp, in UTC. The error says what was wrong, for
// an InputError's message.
func (v Value) Time() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, string(v.Text))
	if err != nil {
		return time.Time{}, fmt.Errorf("bad timestamp %q: want RFC 3339", v.Text)
	}
	return t.UTC(), nil
}

// Addr reads the value as an IP address (IPv4-mapped IPv6 unmapped); an empty value is the
// zero Addr and no error.
func (v Value) Addr() (netip.Addr, error) {
	if len(v.Text) == 0 {
		return netip.Addr{}, nil
	}
	a, err := netip.ParseAddr(string(v.Text))
	if err != nil {
		return netip.Addr{}, fmt.Errorf("bad IP address %q", v.Text)
	}
	return a.Unmap(), nil
}

// ASN reads the value as an autonomous system number (decimal, no "AS" prefix).
func (v Value) ASN() (uint32, error) {
	n, err := strconv.ParseUint(string(v.Text), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("bad AS number %q", v.Text)
	}
	return uint32(n), nil
}
