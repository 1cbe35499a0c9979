package sysmon

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/segmentio/encoding/json"
)

// flattenJSON flattens the JSON object in raw into out without building a tree: nested
// objects as "a.b.c" keys, strings unquoted, numbers as written, true/false, null as "",
// an empty object as "{}" and arrays as compact JSON text. It checks the grammar and returns
// an error for anything but exactly one JSON object.
func flattenJSON(raw []byte, out fields) error {
	t := json.NewTokenizer(raw)
	if !t.Next() {
		return tokErr(t, "empty input")
	}
	if t.Delim != '{' {
		return errors.New("not a JSON object")
	}
	if err := flattenObject(t, raw, "", out); err != nil {
		return err
	}
	if t.Next() {
		return errors.New("trailing data after the JSON object")
	}
	if t.Err != nil {
		return t.Err
	}
	return nil
}

func tokErr(t *json.Tokenizer, what string) error {
	if t.Err != nil {
		return t.Err
	}
	return errors.New(what)
}

// flattenObject reads the members of an object whose '{' t has just read.
func flattenObject(t *json.Tokenizer, raw []byte, prefix string, out fields) error {
	for first := true; ; first = false {
		if !t.Next() {
			return tokErr(t, "unexpected end of JSON")
		}
		if t.Delim == '}' && first {
			if prefix != "" {
				out[prefix] = "{}"
			}
			return nil
		}
		if t.Delim != 0 || t.Kind().Class() != json.String {
			return fmt.Errorf("expected an object key, found %q", t.Value)
		}
		key := string(t.String())
		if prefix != "" {
			key = prefix + "." + key
		}
		if !t.Next() || t.Delim != ':' {
			return tokErr(t, "expected ':' after key "+key)
		}
		if !t.Next() {
			return tokErr(t, "unexpected end of JSON")
		}
		switch t.Delim {
		case '{':
			if err := flattenObject(t, raw, key, out); err != nil {
				return err
			}
		case '[':
			start := len(raw) - t.Remaining() - 1
			for depth := 1; depth > 0; {
				if !t.Next() {
					return tokErr(t, "unexpected end of JSON")
				}
				switch t.Delim {
				case '[', '{':
					depth++
				case ']', '}':
					depth--
				}
			}
			end := len(raw) - t.Remaining()
			var b bytes.Buffer
			if err := json.Compact(&b, raw[start:end]); err != nil {
				return err
			}
			out[key] = b.String()
		case 0:
			switch t.Kind().Class() {
			case json.String:
				out[key] = string(t.String())
			case json.Num:
				out[key] = string(t.Value)
			case json.Bool:
				if t.Bool() {
					out[key] = "true"
				} else {
					out[key] = "false"
				}
			case json.Null:
				out[key] = ""
			default:
				return fmt.Errorf("unexpected %q", t.Value)
			}
		default:
			return fmt.Errorf("unexpected %q", t.Value)
		}
		if !t.Next() {
			return tokErr(t, "unexpected end of JSON")
		}
		switch t.Delim {
		case '}':
			return nil
		case ',':
		default:
			return fmt.Errorf("expected ',' or '}', found %q", t.Value)
		}
	}
}
