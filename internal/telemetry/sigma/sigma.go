// Package sigma is bonafide's rule engine for telemetry events: rules are data, written as a
// Sigma-compatible subset (https://sigmahq.io/docs/basics/rules.html), parsed from YAML,
// compiled once into an Engine indexed by log source, and matched against bonafide.Event with
// no allocation per event.
//
// Supported: the rule attributes title, id, status, description, references, tags, author,
// date, modified, logsource (category/product/service), detection (named selections: a map is
// the AND of its fields, a list of maps is the OR of them), condition (and, or, not,
// parentheses, "1 of sel*", "all of sel*", "1 of them", "all of them"; a list of conditions is
// their OR), level, falsepositives and fields, plus the custom attribute bonafide_signal (the
// bonafide signal ID a match raises, e.g. "TEL-RMM"). Values are strings, numbers, booleans,
// null (the field is empty) or lists (OR; AND with |all). Field modifiers: contains,
// startswith, endswith, re (with re|i, re|m, re|s), cidr, all. Plain values compare
// case-insensitively (Unicode lower-casing per rune) and honour the wildcards * and ? (escape
// with \). Everything else (aggregations "| count()", near, timeframe, keyword lists,
// base64/utf16/windash and comparison modifiers, "x of" with x other than 1 or all) is a parse
// or compile error that names the rule file and the construct.
//
// Field names are ECS names (bonafide.EventFields, or "extra.<key>") or Sigma's own names,
// mapped to ECS by the table in fields.go (documented in docs/rules.md). Logsource maps to
// Event.Category and Event.Source (see logsource.go).
//
// The embedded directory rules/ holds bonafide's own event detections; Builtin compiles them.
package sigma

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	yaml "go.yaml.in/yaml/v3"
)

// Logsource is a rule's logsource block, as written.
type Logsource struct {
	Category string
	Product  string
	Service  string
}

// Rule is one parsed Sigma rule. The attributes are as written in the YAML; Detection is the
// parsed (uncompiled) detection tree.
type Rule struct {
	File           string // the file name used in errors, e.g. "rules/tel_rmm_process.yml"
	Title          string
	ID             string // a UUID
	Status         string
	Description    string
	Author         string
	Date           string
	Modified       string
	References     []string
	Tags           []string
	Logsource      Logsource
	Level          string // informational, low, medium, high, critical
	FalsePositives []string
	Fields         []string
	Signal         string            // bonafide_signal: the signal ID a match raises, e.g. "TEL-RMM"
	Custom         map[string]string // other scalar attributes not named above (Sigma custom fields)
	Detection      Detection
}

// Detection is a rule's detection block: the named selections and the condition(s).
type Detection struct {
	Names      []string             // selection names in file order
	Selections map[string]Selection // by name
	Conditions []string             // one or more conditions; a list means their OR
	Line       int                  // line of the detection key, for errors
}

// Selection is one named selection: the OR of its alternatives, each the AND of its fields.
// A selection written as a map has one alternative.
type Selection struct {
	Alternatives [][]FieldMatch
}

// FieldMatch is one "field|modifiers: values" entry of a selection.
type FieldMatch struct {
	Key       string    // as written, e.g. "Image|endswith"
	Field     string    // the Sigma field name as written, e.g. "Image"
	ECS       string    // the ECS field it maps to, e.g. "process.executable"
	Modifiers []string  // lower-cased, in order, e.g. ["contains", "all"]
	Values    []*string // nil element = null (field is empty); numbers and booleans as written
	Line      int
}

// modifier names the engine supports; others are rejected.
var knownModifiers = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "re": true, "cidr": true, "all": true,
	"i": true, "m": true, "s": true,
}

// Parse parses one Sigma rule from data; name is the file name used in errors. Errors are
// *bonafide.InputError naming the file, the YAML line and the attribute or construct.
func Parse(data []byte, name string) (*Rule, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, &bonafide.InputError{File: name, Msg: "invalid YAML", Err: err}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &bonafide.InputError{File: name, Line: extra.Line, Field: "---", Msg: "multi-document rules (rule collections) are not supported"}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &bonafide.InputError{File: name, Line: doc.Line, Msg: "a rule must be a YAML mapping"}
	}
	r := &Rule{File: name}
	top := doc.Content[0]
	var haveDetection bool
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		errAt := func(msg string) error {
			return &bonafide.InputError{File: name, Line: v.Line, Field: k.Value, Msg: msg}
		}
		var err error
		switch k.Value {
		case "title":
			r.Title, err = scalar(v, errAt)
		case "id":
			r.ID, err = scalar(v, errAt)
		case "status":
			r.Status, err = scalar(v, errAt)
		case "description":
			r.Description, err = scalar(v, errAt)
		case "author":
			r.Author, err = scalar(v, errAt)
		case "date":
			r.Date, err = scalar(v, errAt)
		case "modified":
			r.Modified, err = scalar(v, errAt)
		case "level":
			r.Level, err = scalar(v, errAt)
		case "bonafide_signal":
			r.Signal, err = scalar(v, errAt)
		case "references":
			r.References, err = stringList(v, errAt)
		case "tags":
			r.Tags, err = stringList(v, errAt)
		case "falsepositives":
			r.FalsePositives, err = stringList(v, errAt)
		case "fields":
			r.Fields, err = stringList(v, errAt)
		case "logsource":
			err = parseLogsource(v, r, errAt)
		case "detection":
			haveDetection = true
			err = parseDetection(v, k.Line, r)
		default:
			if v.Kind == yaml.ScalarNode {
				if r.Custom == nil {
					r.Custom = map[string]string{}
				}
				r.Custom[k.Value] = v.Value
			}
			// other non-scalar custom attributes (related, etc.) are ignored, as Sigma allows
		}
		if err != nil {
			return nil, err
		}
	}
	if r.Title == "" {
		return nil, &bonafide.InputError{File: name, Line: top.Line, Field: "title", Msg: "missing title"}
	}
	if !haveDetection {
		return nil, &bonafide.InputError{File: name, Line: top.Line, Field: "detection", Msg: "missing detection"}
	}
	return r, nil
}

func scalar(v *yaml.Node, errAt func(string) error) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", errAt("must be a scalar")
	}
	return v.Value, nil
}

func stringList(v *yaml.Node, errAt func(string) error) ([]string, error) {
	if v.Kind == yaml.ScalarNode {
		return []string{v.Value}, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, errAt("must be a list of strings")
	}
	out := make([]string, 0, len(v.Content))
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			return nil, errAt("must be a list of strings")
		}
		out = append(out, c.Value)
	}
	return out, nil
}

func parseLogsource(v *yaml.Node, r *Rule, errAt func(string) error) error {
	if v.Kind != yaml.MappingNode {
		return errAt("must be a mapping")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if val.Kind != yaml.ScalarNode {
			return errAt("logsource." + k.Value + " must be a scalar")
		}
		switch k.Value {
		case "category":
			r.Logsource.Category = val.Value
		case "product":
			r.Logsource.Product = val.Value
		case "service":
			r.Logsource.Service = val.Value
		case "definition":
		default:
			// custom logsource keys are allowed by Sigma and ignored
		}
	}
	return nil
}

func parseDetection(v *yaml.Node, line int, r *Rule) error {
	name := r.File
	d := &r.Detection
	d.Line = line
	d.Selections = map[string]Selection{}
	if v.Kind != yaml.MappingNode {
		return &bonafide.InputError{File: name, Line: v.Line, Field: "detection", Msg: "must be a mapping"}
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "condition":
			switch val.Kind {
			case yaml.ScalarNode:
				d.Conditions = []string{val.Value}
			case yaml.SequenceNode:
				for _, c := range val.Content {
					if c.Kind != yaml.ScalarNode {
						return &bonafide.InputError{File: name, Line: c.Line, Field: "detection.condition", Msg: "must be a string or a list of strings"}
					}
					d.Conditions = append(d.Conditions, c.Value)
				}
			default:
				return &bonafide.InputError{File: name, Line: val.Line, Field: "detection.condition", Msg: "must be a string or a list of strings"}
			}
			continue
		case "timeframe":
			return &bonafide.InputError{File: name, Line: k.Line, Field: "detection.timeframe", Msg: "unsupported construct: timeframe (aggregation/correlation rules are not supported)"}
		}
		sel, err := parseSelection(val, name, "detection."+k.Value)
		if err != nil {
			return err
		}
		if _, dup := d.Selections[k.Value]; dup {
			return &bonafide.InputError{File: name, Line: k.Line, Field: "detection." + k.Value, Msg: "duplicate selection"}
		}
		d.Names = append(d.Names, k.Value)
		d.Selections[k.Value] = sel
	}
	if len(d.Conditions) == 0 {
		return &bonafide.InputError{File: name, Line: v.Line, Field: "detection.condition", Msg: "missing condition"}
	}
	for _, c := range d.Conditions {
		if _, err := parseCondition(c, d.Names); err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "detection.condition", Msg: err.Error()}
		}
	}
	return nil
}

func parseSelection(v *yaml.Node, file, path string) (Selection, error) {
	var s Selection
	switch v.Kind {
	case yaml.MappingNode:
		fm, err := parseFieldMap(v, file, path)
		if err != nil {
			return s, err
		}
		s.Alternatives = [][]FieldMatch{fm}
	case yaml.SequenceNode:
		if len(v.Content) == 0 {
			return s, &bonafide.InputError{File: file, Line: v.Line, Field: path, Msg: "empty selection"}
		}
		for _, c := range v.Content {
			if c.Kind != yaml.MappingNode {
				return s, &bonafide.InputError{File: file, Line: c.Line, Field: path, Msg: "unsupported construct: keyword (full-text) selections; use field: value maps"}
			}
			fm, err := parseFieldMap(c, file, path)
			if err != nil {
				return s, err
			}
			s.Alternatives = append(s.Alternatives, fm)
		}
	default:
		return s, &bonafide.InputError{File: file, Line: v.Line, Field: path, Msg: "unsupported construct: keyword (full-text) selections; use field: value maps"}
	}
	return s, nil
}

func parseFieldMap(v *yaml.Node, file, path string) ([]FieldMatch, error) {
	if len(v.Content) == 0 {
		return nil, &bonafide.InputError{File: file, Line: v.Line, Field: path, Msg: "empty selection"}
	}
	out := make([]FieldMatch, 0, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		fpath := path + "." + k.Value
		bad := func(msg string) error {
			return &bonafide.InputError{File: file, Line: k.Line, Field: fpath, Msg: msg}
		}
		parts := strings.Split(k.Value, "|")
		fm := FieldMatch{Key: k.Value, Field: parts[0], Line: k.Line}
		if fm.Field == "" {
			return nil, bad("unsupported construct: keyword (full-text) search without a field name")
		}
		for _, m := range parts[1:] {
			m = strings.ToLower(m)
			if !knownModifiers[m] {
				return nil, bad(fmt.Sprintf("unsupported construct: modifier %q", m))
			}
			fm.Modifiers = append(fm.Modifiers, m)
		}
		if err := checkModifiers(fm.Modifiers); err != nil {
			return nil, bad(err.Error())
		}
		ecs, err := resolveField(fm.Field)
		if err != nil {
			return nil, bad(err.Error())
		}
		fm.ECS = ecs
		switch val.Kind {
		case yaml.ScalarNode:
			fm.Values = []*string{scalarValue(val)}
		case yaml.SequenceNode:
			if len(val.Content) == 0 {
				return nil, bad("empty value list")
			}
			for _, c := range val.Content {
				if c.Kind != yaml.ScalarNode {
					return nil, bad("values must be scalars")
				}
				fm.Values = append(fm.Values, scalarValue(c))
			}
		default:
			return nil, bad("values must be a scalar or a list of scalars")
		}
		if err := reduceToName(&fm); err != nil {
			return nil, bad(err.Error())
		}
		if err := checkValues(&fm); err != nil {
			return nil, bad(err.Error())
		}
		out = append(out, fm)
	}
	return out, nil
}

func scalarValue(n *yaml.Node) *string {
	if n.Tag == "!!null" {
		return nil
	}
	s := n.Value
	return &s
}

// checkModifiers accepts at most one of the match modifiers, re sub-flags only after re, and
// all anywhere.
func checkModifiers(mods []string) error {
	kind := ""
	for _, m := range mods {
		switch m {
		case "contains", "startswith", "endswith", "re", "cidr":
			if kind != "" {
				return fmt.Errorf("unsupported construct: modifiers %q and %q together", kind, m)
			}
			kind = m
		case "i", "m", "s":
			if kind != "re" {
				return fmt.Errorf("unsupported construct: modifier %q without re", m)
			}
		}
	}
	return nil
}

// matchKind returns the match modifier of fm ("" for plain equality) and whether |all is set.
func (fm *FieldMatch) matchKind() (kind string, all bool, reFlags string) {
	for _, m := range fm.Modifiers {
		switch m {
		case "all":
			all = true
		case "i", "m", "s":
			reFlags += m
		default:
			kind = m
		}
	}
	return
}

// checkValues applies the per-field-class rules: address fields take plain addresses or
// cidr; numeric fields take integers; null takes no modifier.
func checkValues(fm *FieldMatch) error {
	kind, _, _ := fm.matchKind()
	class := fieldClassOf(fm.ECS)
	for _, v := range fm.Values {
		if v == nil {
			if kind != "" {
				return fmt.Errorf("null value with modifier %q", kind)
			}
			continue
		}
		switch class {
		case classAddr:
			switch kind {
			case "":
				if *v == "" {
					continue
				}
				if _, err := parseAddr(*v); err != nil {
					return fmt.Errorf("value %q is not an IP address (use |cidr for ranges)", *v)
				}
			case "cidr":
				if _, err := parsePrefix(*v); err != nil {
					return fmt.Errorf("value %q is not a CIDR prefix", *v)
				}
			default:
				return fmt.Errorf("unsupported construct: modifier %q on address field %s (use plain addresses or |cidr)", kind, fm.ECS)
			}
		case classUint:
			if kind != "" {
				return fmt.Errorf("unsupported construct: modifier %q on numeric field %s", kind, fm.ECS)
			}
			if *v == "" {
				continue
			}
			if _, err := strconv.ParseUint(*v, 10, 32); err != nil {
				return fmt.Errorf("value %q is not a non-negative integer", *v)
			}
		default:
			if kind == "cidr" {
				return fmt.Errorf("unsupported construct: |cidr on non-address field %s", fm.ECS)
			}
			if kind == "re" {
				if _, err := compileRe(*v, ""); err != nil {
					return fmt.Errorf("bad regular expression %q: %v", *v, err)
				}
			}
		}
	}
	return nil
}
