package bonafide

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
)

// ErrorKind classifies an error so the edges can map it: HTTP status in the API, exit code in
// the CLI.
type ErrorKind string

// Error kinds.
const (
	Invalid   ErrorKind = "invalid"   // bad input; the message names file, line and field
	NotFound  ErrorKind = "not_found" // the thing asked for does not exist
	Conflict  ErrorKind = "conflict"  // the change conflicts with stored state
	Forbidden ErrorKind = "forbidden" // not allowed
	Internal  ErrorKind = "internal"  // a bug or an environment failure
)

// Error is an error with a kind. Op names the operation ("store.SaveBatch").
type Error struct {
	Kind ErrorKind
	Op   string
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of kind k.
func Errorf(k ErrorKind, op, format string, args ...any) error {
	return &Error{Kind: k, Op: op, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error or *InputError in err's chain; Internal when none.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return Invalid
	}
	return Internal
}

// InputError is bad input, located: the file, the 1-based line (or record index for JSON, with
// Line 0 when unknown), the field, and what is wrong with it. Its kind is Invalid.
type InputError struct {
	File   string
	Line   int    // 1-based line number; 0 when not applicable
	Record string // record ID or JSON path, when known
	Field  string // column or JSON field
	Msg    string
	Err    error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Record != "" {
		fmt.Fprintf(&b, " record %s", e.Record)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, " field %q", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// CSVError turns an encoding/csv read error into an *InputError naming the file and line: a
// row whose field count differs from the header's, or a quoting mistake with the character
// position where the reader stopped. Other errors are wrapped as a failed read of file.
func CSVError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &InputError{File: file, Msg: "read failed", Err: err}
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return &InputError{File: file, Line: pe.Line, Msg: "wrong number of fields (every row needs as many as the header or first row)"}
	}
	if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line {
		// An unclosed quote: the reader gives up far below where the quoted field starts.
		return &InputError{File: file, Line: pe.StartLine, Msg: fmt.Sprintf("malformed CSV: a quoted field starting on this line is not closed (the reader gave up on line %d)", pe.Line)}
	}
	return &InputError{File: file, Line: pe.Line, Msg: fmt.Sprintf("malformed CSV at character %d: %v", pe.Column, pe.Err)}
}
