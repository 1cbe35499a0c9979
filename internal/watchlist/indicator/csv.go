package indicator

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// CSV columns. The header row names them in any order; type and value are required, the
// others optional. An unknown column is an error (a typo would otherwise drop data silently).
//
//	id          STIX id of the entry ("indicator--<uuid>" for identifiers, "identity--<uuid>"
//	            for company/person); empty: StableID of type and canonical value
//	type        one of Types
//	value       the identifier or name, in any form internal/normalize accepts
//	chain       wallet only: chain or token label (BTC, ETH, TRX, USDT, …)
//	name        display name of the entry (persona or company the identifier belongs to); for
//	            company and person rows, ";"-separated aliases of the party instead
//	programs    ";"-separated programmes or campaigns
//	labels      ";"-separated free labels
//	first_seen  YYYY-MM-DD or RFC 3339 UTC timestamp ("…Z")
//	last_seen   as first_seen; not before it
//	source      who reported the indicator
//	confidence  integer 0–100
//	tlp         clear (or white), green, amber, amber+strict, red
//	note        free text
var Columns = []string{"id", "type", "value", "chain", "name", "programs", "labels", "first_seen", "last_seen", "source", "confidence", "tlp", "note"}

// stixID is the STIX 2.1 identifier syntax (common/identifier.json).
var stixID = regexp.MustCompile(`^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)

// ReadCSV reads an indicator list in CSV (docs/indicators.md): UTF-8 (invalid UTF-8 is an error), comma-separated, a
// header row naming Columns, one indicator per row, "#" comment lines and blank lines
// skipped. file names the input in errors and the default list name. The first bad row stops
// the read with a *bonafide.InputError naming file, line and column; no List is returned
// then. Two rows with the same id (given or generated) are an error.
func ReadCSV(r io.Reader, file string, opt Options) (*List, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &bonafide.InputError{File: file, Msg: "read failed", Err: err}
	}
	l := &List{}
	l.Name, l.Version = opt.resolve(file, data)
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &bonafide.InputError{File: file, Line: 1, Msg: "no header row"}
		}
		return nil, bonafide.CSVError(file, err)
	}
	hline, _ := cr.FieldPos(0)
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !known(h) {
			return nil, &bonafide.InputError{File: file, Line: hline, Field: h, Msg: "unknown column; want " + strings.Join(Columns, ",")}
		}
		if _, dup := col[h]; dup {
			return nil, &bonafide.InputError{File: file, Line: hline, Field: h, Msg: "column given twice"}
		}
		col[h] = i
	}
	for _, req := range []string{"type", "value"} {
		if _, ok := col[req]; !ok {
			return nil, &bonafide.InputError{File: file, Line: hline, Field: req, Msg: "required column missing"}
		}
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bonafide.CSVError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(head) {
			return nil, &bonafide.InputError{File: file, Line: line, Msg: fmt.Sprintf("%d fields, header has %d", len(rec), len(head))}
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(field, format string, args ...any) error {
			return &bonafide.InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
		}
		for i, cell := range rec {
			if !utf8.ValidString(cell) {
				return nil, bad(strings.ToLower(strings.TrimSpace(head[i])), "not valid UTF-8")
			}
		}
		typ := strings.ToLower(get("type"))
		kind, val, err := Canonical(typ, get("value"), get("chain"))
		if err != nil {
			field := "value"
			if strings.HasPrefix(err.Error(), "unknown type") {
				field = "type"
			} else if strings.HasPrefix(err.Error(), "chain") {
				field = "chain"
			}
			return nil, bad(field, "%v", err)
		}
		e := Entry{Type: typ, Name: strings.Join(strings.Fields(get("name")), " "), Programs: splitList(get("programs")),
			Labels: splitList(get("labels")), Source: get("source"), Note: get("note"), Confidence: -1}
		if kind == "" {
			// For a party the name column holds aliases; the entry's name is the party's.
			for _, a := range splitList(get("name")) {
				if a != val {
					e.Aliases = append(e.Aliases, a)
				}
			}
			e.Name = val
		}
		if e.Name == "" {
			e.Name = val
		}
		stixType := "indicator"
		if kind == "" {
			stixType = "identity"
		}
		e.ID = get("id")
		if e.ID == "" {
			e.ID = StableID(stixType, typ, val)
		} else if !stixID.MatchString(e.ID) || !strings.HasPrefix(e.ID, stixType+"--") {
			return nil, bad("id", "%q is not a STIX id %s--<uuid>", e.ID, stixType)
		}
		if prev, dup := seen[e.ID]; dup {
			return nil, bad("id", "entry %s already given on line %d", e.ID, prev)
		}
		seen[e.ID] = line
		if e.FirstSeen, err = when(get("first_seen")); err != nil {
			return nil, bad("first_seen", "%v", err)
		}
		if e.LastSeen, err = when(get("last_seen")); err != nil {
			return nil, bad("last_seen", "%v", err)
		}
		if e.FirstSeen != "" && e.LastSeen != "" && e.LastSeen < e.FirstSeen {
			return nil, bad("last_seen", "%s is before first_seen %s", e.LastSeen, e.FirstSeen)
		}
		if c := get("confidence"); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil || n < 0 || n > 100 {
				return nil, bad("confidence", "%q: want an integer 0–100", c)
			}
			e.Confidence = n
		}
		if t := strings.ToLower(strings.TrimPrefix(strings.ToLower(get("tlp")), "tlp:")); t != "" {
			lvl, ok := tlpLevels[t]
			if !ok {
				return nil, bad("tlp", "%q: want clear, green, amber, amber+strict or red", get("tlp"))
			}
			e.TLP = lvl
		}
		var raw bytes.Buffer
		w := csv.NewWriter(&raw)
		_ = w.Write(rec)
		w.Flush()
		e.Raw = bytes.TrimRight(raw.Bytes(), "\n")
		l.add(e, []typedValue{{typ, kind, val}})
	}
	return l, nil
}

func known(c string) bool {
	for _, k := range Columns {
		if k == c {
			return true
		}
	}
	return false
}

// when canonicalises a date: "YYYY-MM-DD", or an RFC 3339 timestamp in UTC printed with
// seconds (and fraction when given); a timestamp at midnight becomes its date.
func when(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) == 10 {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", fmt.Errorf("%q: want YYYY-MM-DD or an RFC 3339 timestamp", s)
		}
		return s, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Year() < 1000 || t.Year() > 9999 {
		return "", fmt.Errorf("%q: want YYYY-MM-DD or an RFC 3339 timestamp", s)
	}
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly), nil
	}
	return t.Format("2006-01-02T15:04:05.999999999Z"), nil
}

// stamp turns a when value into a STIX timestamp.
func stamp(s string) string {
	if len(s) == 10 {
		return s + "T00:00:00Z"
	}
	return s
}
