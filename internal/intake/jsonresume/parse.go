// Package jsonresume reads JSON Resume documents (https://jsonresume.org/schema) with
// bonafide's "bonafide" extension object (docs/intake.md) into bonafide.Person values.
//
// A stream holds one résumé object, an array of them, or a sequence of them (JSON Lines, or
// objects separated by any white space). Records are numbered from 1 in stream order. A UTF-8
// byte order mark at the start is skipped.
//
// Read from the standard schema: basics (name, label, email, phone, url, summary, location,
// profiles, image), work, education and references; other standard sections (skills, projects,
// meta, …) stay in Person.Raw, which holds the record's bytes exactly as read. basics.image, a
// path relative to the file's folder or an http(s) URL, becomes the profile photo: a path is
// read and hashed (internal/link/photo) — an unreadable image is not an error, Photo.Error says
// why — and a URL is kept but not fetched; a path leaving the folder is an error. Standard sections may carry
// extra properties, as the schema allows; inside "bonafide" every key must be known.
//
// People come back as presented, not normalised: identifiers carry Kind, Purpose and Raw, and
// Person.Country is basics.location.countryCode as written. internal/intake runs
// internal/normalize over each person.
//
// Errors are *bonafide.InputError with the file, the line the record starts on, the record
// number and, for content errors, the JSON path inside the record (e.g. "work[2].startDate").
// Malformed JSON is reported with its byte offset and line. When the first record is not valid
// JSON the error also matches ErrNotJSON; when it is JSON but not a résumé (an object with a
// "basics" or "bonafide" key), ErrNotResume. Callers scanning folders use these to skip files.
package jsonresume

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
	csvintake "github.com/bonafide-oss/bonafide/internal/intake/csv"
)

// Sentinel errors, matched with errors.Is on the *bonafide.InputError Parse returns.
var (
	// ErrNotJSON: the input is empty or its first record is not valid JSON.
	ErrNotJSON = errors.New("not JSON")
	// ErrNotResume: the first record is valid JSON but not a JSON Resume object (an object
	// with a "basics" or "bonafide" key).
	ErrNotResume = errors.New("not a JSON Resume")
)

const bom = "\xEF\xBB\xBF"

// Options tune ParseOptions.
type Options struct {
	// Dir is the folder basics.image paths are read from; the path must stay inside it (no
	// "..", no absolute paths, no symlinks leading out: see csvintake.Folder). Empty means
	// photos given by path are not read (Photo.Error says so), as for standard input.
	Dir string
}

// Parse reads the résumés in r. name is the file's path (or a label such as "stdin"): it is
// used in errors, as Person.Source, its base name forms the ID of records without
// bonafide.id ("<base name>#<record number>", e.g. "alice.json#1"), and its folder is where
// basics.image paths are read from.
func Parse(name string, r io.Reader) ([]*bonafide.Person, error) {
	return ParseOptions(name, r, Options{Dir: filepath.Dir(name)})
}

// ParseOptions is Parse with explicit options.
func ParseOptions(name string, r io.Reader, opt Options) ([]*bonafide.Person, error) {
	p := &parser{name: name, base: filepath.Base(name), folder: csvintake.NewFolder(opt.Dir, "the JSON file's folder")}
	defer p.folder.Close()
	people, err := p.run(r)
	if err != nil {
		return nil, err
	}
	return people, nil
}

type parser struct {
	name, base string
	li         *lineIndex
	lead       int64 // bytes before the decoder's offset 0 (BOM, leading white space)
	array      bool  // the records are elements of one array
	record     int   // current record number, 1-based
	people     []*bonafide.Person
	folder     *csvintake.Folder         // where basics.image paths are read; nil: not read
	photos     map[string]bonafide.Photo // basics.image as given → photo read
}

// firstRecordError marks an error in the first record as meaning "this is not JSON".
type firstRecordError struct{ err error }

func (e *firstRecordError) Error() string        { return e.err.Error() }
func (e *firstRecordError) Unwrap() error        { return e.err }
func (e *firstRecordError) Is(target error) bool { return target == ErrNotJSON }

func (p *parser) run(r io.Reader) ([]*bonafide.Person, error) {
	p.li = &lineIndex{r: r, max: MaxRecordBytes}
	br := bufio.NewReaderSize(p.li, 64<<10)
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		br.Discard(len(bom))
		p.lead = int64(len(bom))
	}
	var first byte
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil, &bonafide.InputError{File: p.name, Msg: "empty input: want a JSON Resume object, an array of them or JSON Lines", Err: &firstRecordError{io.ErrUnexpectedEOF}}
		}
		if err != nil {
			return nil, p.readError(err)
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			br.UnreadByte()
			first = c
			break
		}
		p.lead++
	}
	p.li.startRecord(p.lead)
	dec := json.NewDecoder(br)
	if first == '[' {
		p.array = true
		if _, err := dec.Token(); err != nil {
			return nil, p.decodeError(dec, err)
		}
		for dec.More() {
			if err := p.next(dec, false); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing ]
			return nil, p.decodeError(dec, err)
		}
		if tok, err := dec.Token(); err != io.EOF {
			if err != nil {
				return nil, p.decodeError(dec, err)
			}
			off := p.li.valueStart(true)
			return nil, &bonafide.InputError{File: p.name, Line: p.li.line(off),
				Msg: fmt.Sprintf("unexpected %v after the array at byte offset %d; want one array, or JSON Lines of objects", tok, off)}
		}
		return p.people, nil
	}
	for {
		if err := p.next(dec, true); err == io.EOF {
			return p.people, nil
		} else if err != nil {
			return nil, err
		}
	}
}

// next decodes and maps one record; io.EOF at a clean end of input when eofOK.
func (p *parser) next(dec *json.Decoder, eofOK bool) error {
	p.record++
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if err == io.EOF && eofOK && p.record > 1 {
			return io.EOF
		}
		return p.decodeError(dec, err)
	}
	end := p.lead + dec.InputOffset()
	start := end - int64(len(raw))
	line := p.li.line(start)
	person, err := p.person(raw, start, line)
	if err != nil {
		return err
	}
	p.people = append(p.people, person)
	p.li.startRecord(end)
	return nil
}

func (p *parser) readError(err error) error {
	if errors.Is(err, errRecordTooLong) {
		return &bonafide.InputError{File: p.name, Line: p.li.line(p.li.valueStart(p.array)), Record: strconv.Itoa(max(p.record, 1)),
			Msg: fmt.Sprintf("record longer than %d bytes (16 MiB)", MaxRecordBytes)}
	}
	return &bonafide.InputError{File: p.name, Msg: "read failed", Err: err}
}

// decodeError locates a decoding error by record, byte offset and line.
func (p *parser) decodeError(dec *json.Decoder, err error) error {
	if p.li.err != nil {
		return p.readError(p.li.err)
	}
	rec := strconv.Itoa(max(p.record, 1))
	var off int64
	var msg string
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off = p.syntaxOffset(se)
		msg = "malformed JSON"
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		off = p.li.read
		msg = "unexpected end of input (truncated JSON?)"
		err = io.ErrUnexpectedEOF
	default:
		return p.readError(err)
	}
	off = min(max(off, p.li.recStart), p.li.read)
	if len(p.people) == 0 { // nothing read yet: maybe not JSON at all
		err = &firstRecordError{err}
	}
	return &bonafide.InputError{File: p.name, Line: p.li.line(off), Record: rec,
		Msg: fmt.Sprintf("%s at byte offset %d", msg, off), Err: err}
}

// syntaxOffset returns the absolute offset of the byte a syntax error is at. A Decoder's
// SyntaxError.Offset does not count bytes consumed by Token, so the current record is decoded
// again on its own, where Offset is exact; se.Offset is the fallback.
func (p *parser) syntaxOffset(se *json.SyntaxError) int64 {
	start := p.li.valueStart(p.array)
	rest := p.li.keep[start-p.li.recStart:]
	var raw json.RawMessage
	err := json.NewDecoder(bytes.NewReader(rest)).Decode(&raw)
	var again *json.SyntaxError
	if errors.As(err, &again) {
		return start + again.Offset - 1
	}
	return p.lead + se.Offset - 1
}

// person maps one record. start is the record's byte offset, line its first line.
func (p *parser) person(raw json.RawMessage, start int64, line int) (*bonafide.Person, error) {
	rec := strconv.Itoa(p.record)
	if !utf8.Valid(raw) {
		bad := 0
		for bad < len(raw) {
			r, size := utf8.DecodeRune(raw[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		off := start + int64(bad)
		return nil, &bonafide.InputError{File: p.name, Line: p.li.line(off), Record: rec,
			Msg: fmt.Sprintf("not valid UTF-8 at byte %d; save the file as UTF-8", off)}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil { // cannot fail on a decoded RawMessage
		return nil, &bonafide.InputError{File: p.name, Line: line, Record: rec, Msg: "malformed JSON", Err: err}
	}
	m, ok := v.(map[string]any)
	if !ok {
		ie := &bonafide.InputError{File: p.name, Line: line, Record: rec,
			Msg: fmt.Sprintf("want a JSON Resume object, got %s", typeName(v))}
		if p.record == 1 {
			ie.Err = ErrNotResume
		}
		return nil, ie
	}
	if p.record == 1 {
		_, hasBasics := m["basics"]
		_, hasExt := m["bonafide"]
		if !hasBasics && !hasExt {
			return nil, &bonafide.InputError{File: p.name, Line: line, Record: rec,
				Msg: "object has neither \"basics\" nor \"bonafide\"", Err: ErrNotResume}
		}
	}
	w := &walker{}
	person := mapResume(w, m, p.base+"#"+rec)
	if w.err != "" {
		return nil, &bonafide.InputError{File: p.name, Line: fieldLine(raw, line, w.path), Record: rec, Field: w.path, Msg: w.err}
	}
	for i := range person.Photos {
		ph, err := p.photo(person.Photos[i].Source)
		if err != nil {
			return nil, &bonafide.InputError{File: p.name, Line: line, Record: rec, Field: "basics.image", Msg: err.Error()}
		}
		person.Photos[i] = ph
	}
	person.Source = p.name
	person.Line = p.record
	person.Raw = raw
	return person, nil
}

// photo reads a basics.image value: an http(s) URL, kept but not fetched, or a path inside
// Options.Dir, hashed. Only a path leaving the folder is an error; a missing or unreadable
// image, or a stream read without a folder, is recorded in Photo.Error.
func (p *parser) photo(v string) (bonafide.Photo, error) {
	ph := bonafide.Photo{Source: v, Kind: "profile"}
	switch {
	case csvintake.IsURL(v):
		ph.Error = csvintake.NotFetched
		return ph, nil
	case p.folder == nil:
		ph.Error = "not read: the résumé was not read from a folder"
		return ph, nil
	}
	if cached, ok := p.photos[v]; ok {
		return cached, nil
	}
	ph, _, err := csvintake.ReadPhoto(p.folder, v)
	if err != nil {
		return ph, err
	}
	if p.photos == nil {
		p.photos = make(map[string]bonafide.Photo)
	}
	p.photos[v] = ph
	return ph, nil
}

// typeName names a decoded JSON value's type for error messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// fieldLine finds the line of a field in a record, for an error about it: the line of the path's
// last key ("basics.email" → "email":, "work[2].endDate" → "endDate":) when that key occurs once
// in the record, else the record's first line. The record was decoded into maps, which keep no
// positions; a unique key is the common case and the only one needing no second parse.
func fieldLine(raw []byte, first int, path string) int {
	key := path
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if key == "" {
		return first
	}
	needle := []byte(`"` + key + `"`)
	at := -1
	for off := 0; ; {
		i := bytes.Index(raw[off:], needle)
		if i < 0 {
			break
		}
		j := off + i + len(needle)
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
			j++
		}
		if j < len(raw) && raw[j] == ':' {
			if at >= 0 {
				return first // the key occurs twice: no telling which
			}
			at = off + i
		}
		off = j
	}
	if at < 0 {
		return first
	}
	return first + bytes.Count(raw[:at], []byte{'\n'})
}
