package ofac

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Read parses the advanced XML from r (plain XML, not compressed). keep, when non-nil, filters
// entries: it is called once per party after the party is fully assembled (names, type,
// programs, features) and the party is kept when it returns true. Errors are described in the
// package documentation; on error the list is nil.
func Read(r io.Reader, keep func(*Entry) bool) (*List, error) {
	h := sha256.New()
	return parse("(reader)", &hashReader{r: r, h: h}, h, keep)
}

// hashReader feeds everything read through it to h.
type hashReader struct {
	r io.Reader
	h hash.Hash
}

func (hr *hashReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	if n > 0 {
		hr.h.Write(p[:n])
	}
	return n, err
}

// The reference value sets the reader resolves, by item element name.
var wantedRefs = map[string]bool{
	"FeatureType":     true,
	"PartySubType":    true,
	"PartyType":       true,
	"DocNameStatus":   true,
	"DetailReference": true,
	"SanctionsType":   true,
	"List":            true,
}

type refValue struct {
	text        string
	partyTypeID string // PartySubType only
}

type rawName struct {
	primary bool   // of the primary alias
	status  string // DocNameStatusID
	parts   []string
}

type rawFeature struct {
	typeID    string
	text      string
	detailRef string // DetailReferenceID of a LOOKUP detail
}

type rawParty struct {
	start     int64 // stream offset of <DistinctParty
	end       int64 // stream offset just after </DistinctParty>
	fixedRef  string
	profileID string
	subType   string // PartySubTypeID
	names     []rawName
	features  []rawFeature
}

type rawMeasure struct {
	typeID  string // SanctionsTypeID
	comment string
}

type rawSanctionsEntry struct {
	profileID string
	listID    string
	measures  []rawMeasure
}

// parser holds the state of one Read.
type parser struct {
	name string
	s    *scanner
	h    hash.Hash

	version    string
	sawParties bool
	sawEntries bool
	section    string // current child of <Sanctions>, for error messages
	record     string // current record, for error messages

	refs      map[string]map[string]refValue // item element name → ID → value
	parties   []rawParty
	byProfile map[string]int // Profile ID → index in parties
	entries   []rawSanctionsEntry
	intern    map[string]string // small repeated attribute values (type IDs)

	text []byte // scratch buffer for character data
}

func parse(name string, r io.Reader, h hash.Hash, keep func(*Entry) bool) (*List, error) {
	p := &parser{
		name:      name,
		s:         newScanner(r),
		h:         h,
		refs:      make(map[string]map[string]refValue),
		byProfile: make(map[string]int),
		intern:    make(map[string]string),
	}
	if err := p.document(); err != nil {
		return nil, err
	}
	return p.finish(keep)
}

// next returns the next token, converting errors.
func (p *parser) next() (tokenKind, error) {
	k, err := p.s.Next()
	if err != nil {
		return 0, p.tokenErr(err)
	}
	return k, nil
}

// document reads the whole input: the prolog, the <Sanctions> root and whatever follows it.
func (p *parser) document() error {
	sawRoot := false
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			if !sawRoot {
				return p.errorf("", "", "not an OFAC SDN advanced XML file: no root element")
			}
			return nil
		case tokStart:
			local := string(p.s.Local())
			if sawRoot {
				return p.errorf("", local, "content after the root element")
			}
			if local != "Sanctions" {
				return p.errorf("", local,
					"not an OFAC SDN advanced XML file: root element is <%s>, want <Sanctions>", p.s.Name())
			}
			sawRoot = true
			if err := p.root(); err != nil {
				return err
			}
		case tokText:
			if p.s.tokOff == 0 {
				p.s.text = bytes.TrimPrefix(p.s.text, []byte("\ufeff")) // byte order mark
			}
			if !p.s.IsWhitespace() {
				if t := p.s.text; p.s.tokOff == 0 && (bytes.HasPrefix(t, []byte("BZh")) || bytes.HasPrefix(t, []byte{0x1f, 0x8b})) {
					return p.errorf("", "", "input is compressed (bzip2 or gzip): decompress it first or use Open")
				}
				if sawRoot {
					return p.errorf("", "", "text after the root element")
				}
				return p.errorf("", "", "not an OFAC SDN advanced XML file: text before the root element")
			}
		}
	}
}

// root reads the children of <Sanctions> up to and including its end tag.
func (p *parser) root() error {
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			p.section = ""
			if p.version == "" {
				return p.errorf("", "DateOfIssue", "not an OFAC SDN advanced XML file: no DateOfIssue")
			}
			if !p.sawParties {
				return p.errorf("", "DistinctParties", "not an OFAC SDN advanced XML file: no DistinctParties")
			}
			if !p.sawEntries {
				return p.errorf("", "SanctionsEntries", "not an OFAC SDN advanced XML file: no SanctionsEntries")
			}
			return nil
		case tokStart:
			p.section = string(p.s.Local())
			switch p.section {
			case "DateOfIssue":
				err = p.dateOfIssue()
			case "ReferenceValueSets":
				err = p.referenceValueSets()
			case "DistinctParties":
				p.sawParties = true
				err = p.children("DistinctParty", p.distinctParty)
			case "SanctionsEntries":
				p.sawEntries = true
				err = p.children("SanctionsEntry", p.sanctionsEntry)
			default:
				err = p.skip()
			}
			if err != nil {
				return err
			}
			p.section = ""
		}
	}
}

// skip skips the rest of the current element, whose start tag was just read.
func (p *parser) skip() error {
	target := p.s.depth - 1
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		if k == tokEnd && p.s.depth == target {
			return nil
		}
	}
}

// children calls fn for each child element named name of the current element and skips other
// children, up to and including the current element's end tag. fn is called just after the
// child's start tag and must consume the child up to and including its end tag.
func (p *parser) children(name string, fn func() error) error {
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			return nil
		case tokStart:
			if string(p.s.Local()) == name {
				err = fn()
			} else {
				err = p.skip()
			}
			if err != nil {
				return err
			}
		}
	}
}

// attr returns the current start tag's attribute name as a string ("" when absent).
func (p *parser) attr(name string) (string, error) {
	v, _, err := p.s.Attr(name)
	if err != nil {
		return "", p.tokenErr(err)
	}
	return string(v), nil
}

// attrID is attr for small values repeated across the file (type IDs), shared between uses.
func (p *parser) attrID(name string) (string, error) {
	v, _, err := p.s.Attr(name)
	if err != nil {
		return "", p.tokenErr(err)
	}
	if s, ok := p.intern[string(v)]; ok {
		return s, nil
	}
	s := string(v)
	if len(p.intern) < 1<<16 {
		p.intern[s] = s
	}
	return s, nil
}

// attrIs reports whether the current start tag's attribute name equals want.
func (p *parser) attrIs(name, want string) (bool, error) {
	v, _, err := p.s.Attr(name)
	if err != nil {
		return false, p.tokenErr(err)
	}
	return string(v) == want, nil
}

// textOf reads the character data of the current element up to its end tag, trimmed of
// surrounding white space; a child element is an error.
func (p *parser) textOf() (string, error) {
	field := string(p.s.Local())
	p.text = p.text[:0]
	for {
		k, err := p.next()
		if err != nil {
			return "", err
		}
		switch k {
		case tokText:
			t, err := p.s.Text()
			if err != nil {
				return "", p.tokenErr(err)
			}
			p.text = append(p.text, t...)
		case tokStart:
			return "", p.errorf(p.record, field, "unexpected element <%s> inside <%s>", p.s.Name(), field)
		case tokEnd:
			return string(bytes.TrimSpace(p.text)), nil
		}
	}
}

// dateOfIssue reads <DateOfIssue><Year/><Month/><Day/></DateOfIssue> into p.version.
func (p *parser) dateOfIssue() error {
	var year, month, day string
	err := p.childrenAny(func(local string) error {
		var err error
		switch local {
		case "Year":
			year, err = p.textOf()
		case "Month":
			month, err = p.textOf()
		case "Day":
			day, err = p.textOf()
		default:
			err = p.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	y, ey := strconv.Atoi(year)
	m, em := strconv.Atoi(month)
	d, ed := strconv.Atoi(day)
	if ey != nil || em != nil || ed != nil || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return p.errorf("", "DateOfIssue", "invalid issue date Year=%q Month=%q Day=%q", year, month, day)
	}
	p.version = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	return nil
}

// childrenAny calls fn with the local name of each child element of the current element, up
// to and including the current element's end tag; fn must consume the child.
func (p *parser) childrenAny(fn func(local string) error) error {
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			return nil
		case tokStart:
			if err := fn(string(p.s.Local())); err != nil {
				return err
			}
		}
	}
}

// referenceValueSets reads the lookup tables the reader needs (see wantedRefs).
func (p *parser) referenceValueSets() error {
	return p.childrenAny(func(local string) error {
		set, ok := strings.CutSuffix(local, "Values")
		if !ok || !wantedRefs[set] {
			return p.skip()
		}
		m := p.refs[set]
		if m == nil {
			m = make(map[string]refValue)
			p.refs[set] = m
		}
		return p.children(set, func() error {
			id, err := p.attr("ID")
			if err != nil {
				return err
			}
			ptype, err := p.attr("PartyTypeID")
			if err != nil {
				return err
			}
			text, err := p.textOf()
			if err != nil {
				return err
			}
			if id == "" {
				return p.errorf("", set, "<%s> without ID", set)
			}
			m[id] = refValue{text: text, partyTypeID: ptype}
			return nil
		})
	})
}

// distinctParty reads one <DistinctParty>, whose start tag was just read.
func (p *parser) distinctParty() error {
	fixedRef, err := p.attr("FixedRef")
	if err != nil {
		return err
	}
	rp := rawParty{fixedRef: fixedRef, start: p.s.tokOff}
	p.record = "DistinctParty FixedRef=" + rp.fixedRef
	defer func() { p.record = "" }()
	if rp.fixedRef == "" {
		return p.errorf("", "DistinctParty", "DistinctParty without FixedRef")
	}
	var (
		target       = p.s.depth - 1
		primaryAlias bool
		featureType  string
		curName      = -1 // index in rp.names of the open DocumentedName
		// A feature's DatePeriod (birth dates): [Start|End][From|To][Year|Month|Day].
		date          [2][2][3]string
		dateSide, ftn int // 1 Start / 2 End; 1 From / 2 To
	)
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			if p.s.depth == target {
				break
			}
			switch string(p.s.Local()) {
			case "Alias":
				primaryAlias = false
			case "DocumentedName":
				curName = -1
			case "Feature":
				if d := datePeriod(&date); d != "" && featureType != "" {
					rp.features = append(rp.features, rawFeature{typeID: featureType, text: d})
				}
				featureType, date = "", [2][2][3]string{}
			case "Start", "End":
				dateSide = 0
			case "From", "To":
				ftn = 0
			}
			continue
		}
		if k != tokStart {
			continue
		}
		switch string(p.s.Local()) {
		case "Profile":
			if rp.profileID != "" {
				return p.errorf(p.record, "Profile", "more than one Profile")
			}
			if rp.profileID, err = p.attr("ID"); err != nil {
				return err
			}
			if rp.subType, err = p.attrID("PartySubTypeID"); err != nil {
				return err
			}
			if rp.profileID == "" {
				return p.errorf(p.record, "Profile", "Profile without ID")
			}
			if _, dup := p.byProfile[rp.profileID]; dup {
				return p.errorf(p.record, "Profile", "duplicate Profile ID %s", rp.profileID)
			}
		case "Alias":
			if primaryAlias, err = p.attrIs("Primary", "true"); err != nil {
				return err
			}
		case "DocumentedName":
			status, err := p.attrID("DocNameStatusID")
			if err != nil {
				return err
			}
			rp.names = append(rp.names, rawName{primary: primaryAlias, status: status})
			curName = len(rp.names) - 1
		case "NamePartValue":
			if curName < 0 {
				return p.errorf(p.record, "NamePartValue", "NamePartValue outside a DocumentedName")
			}
			s, err := p.textOf()
			if err != nil {
				return err
			}
			if s != "" {
				rp.names[curName].parts = append(rp.names[curName].parts, s)
			}
		case "Feature":
			if featureType, err = p.attrID("FeatureTypeID"); err != nil {
				return err
			}
		case "Start", "End":
			if featureType != "" {
				dateSide = 1
				if string(p.s.Local()) == "End" {
					dateSide = 2
				}
			}
		case "From", "To":
			if dateSide != 0 {
				ftn = 1
				if string(p.s.Local()) == "To" {
					ftn = 2
				}
			}
		case "Year", "Month", "Day":
			if dateSide == 0 || ftn == 0 {
				continue
			}
			part := map[string]int{"Year": 0, "Month": 1, "Day": 2}[string(p.s.Local())]
			s, err := p.textOf()
			if err != nil {
				return err
			}
			date[dateSide-1][ftn-1][part] = s
		case "VersionDetail":
			ref, err := p.attrID("DetailReferenceID")
			if err != nil {
				return err
			}
			s, err := p.textOf()
			if err != nil {
				return err
			}
			if featureType != "" && (s != "" || ref != "") {
				rp.features = append(rp.features, rawFeature{typeID: featureType, text: s, detailRef: ref})
			}
		}
	}
	if rp.profileID == "" {
		return p.errorf(p.record, "Profile", "DistinctParty without a Profile")
	}
	rp.end = p.s.Offset()
	p.byProfile[rp.profileID] = len(p.parties)
	p.parties = append(p.parties, rp)
	return nil
}

// sanctionsEntry reads one <SanctionsEntry>, whose start tag was just read.
func (p *parser) sanctionsEntry() error {
	id, err := p.attr("ID")
	if err != nil {
		return err
	}
	var se rawSanctionsEntry
	if se.profileID, err = p.attr("ProfileID"); err != nil {
		return err
	}
	if se.listID, err = p.attrID("ListID"); err != nil {
		return err
	}
	p.record = "SanctionsEntry ID=" + id
	defer func() { p.record = "" }()
	if se.profileID == "" {
		return p.errorf(p.record, "SanctionsEntry", "SanctionsEntry without ProfileID")
	}
	target := p.s.depth - 1
	measureType := "" // SanctionsTypeID of the open SanctionsMeasure
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			if p.s.depth == target {
				break
			}
			if string(p.s.Local()) == "SanctionsMeasure" {
				measureType = ""
			}
			continue
		}
		if k != tokStart {
			continue
		}
		switch string(p.s.Local()) {
		case "SanctionsMeasure":
			if measureType, err = p.attrID("SanctionsTypeID"); err != nil {
				return err
			}
		case "Comment":
			if measureType == "" {
				continue
			}
			s, err := p.textOf()
			if err != nil {
				return err
			}
			if s != "" {
				se.measures = append(se.measures, rawMeasure{typeID: measureType, comment: s})
			}
		}
	}
	p.entries = append(p.entries, se)
	return nil
}

// ref returns the name of reference value id in set, or "".
func (p *parser) ref(set, id string) refValue {
	return p.refs[set][id]
}

// finish resolves reference IDs, attaches programs and lists, and applies keep.
func (p *parser) finish(keep func(*Entry) bool) (*List, error) {
	// The SanctionsType whose measures carry program codes is named "Program".
	programTypes := map[string]bool{}
	for id, v := range p.refs["SanctionsType"] {
		if v.text == "Program" {
			programTypes[id] = true
		}
	}
	out := make([]Entry, len(p.parties))
	for _, se := range p.entries {
		i, ok := p.byProfile[se.profileID]
		if !ok {
			continue // an entry for a profile not in the file: nothing to screen against
		}
		e := &out[i]
		if l := p.ref("List", se.listID).text; l != "" {
			e.Lists = appendOnce(e.Lists, l)
		}
		for _, m := range se.measures {
			if programTypes[m.typeID] {
				e.Programs = appendOnce(e.Programs, m.comment)
			}
		}
	}
	list := &List{Version: p.version, Entries: out[:0]}
	if p.h != nil {
		list.SHA256 = hex.EncodeToString(p.h.Sum(nil))
	}
	var sb strings.Builder
	for i := range p.parties {
		rp := &p.parties[i]
		e := out[i] // copy: out[:0] is being refilled in place, never ahead of i
		e.ID = rp.fixedRef
		e.RawOffset, e.RawLength = rp.start, rp.end-rp.start
		st := p.ref("PartySubType", rp.subType)
		e.Type = st.text
		if e.Type == "" || e.Type == "Unknown" {
			e.Type = p.ref("PartyType", st.partyTypeID).text
		}
		// Primary name: the primary alias' "Primary Latin" documented name, else its first.
		primary := -1
		for j, n := range rp.names {
			if !n.primary || len(n.parts) == 0 {
				continue
			}
			if primary < 0 || p.ref("DocNameStatus", n.status).text == "Primary Latin" &&
				p.ref("DocNameStatus", rp.names[primary].status).text != "Primary Latin" {
				primary = j
			}
		}
		if primary >= 0 {
			e.Name = joinParts(&sb, rp.names[primary].parts)
		}
		for j, n := range rp.names {
			if j == primary || len(n.parts) == 0 {
				continue
			}
			if s := joinParts(&sb, n.parts); s != e.Name {
				e.Aliases = appendOnce(e.Aliases, s)
			}
		}
		for _, f := range rp.features {
			name := p.ref("FeatureType", f.typeID).text
			if k, ok := FeatureKind(name); ok && f.text != "" {
				e.Features = append(e.Features, Feature{Type: name, Kind: k, Raw: f.text})
			}
			if name == featureBirthdate && f.text != "" {
				e.BirthDates = appendOnce(e.BirthDates, f.text)
			}
			if name == featureSecondaryRisk && f.detailRef != "" {
				if t := p.ref("DetailReference", f.detailRef).text; t != "" {
					e.SecondarySanctionsRisks = appendOnce(e.SecondarySanctionsRisks, t)
				}
			}
		}
		if keep == nil || keep(&e) {
			list.Entries = append(list.Entries, e)
		}
	}
	if len(list.Entries) < len(out) {
		list.Entries = append([]Entry(nil), list.Entries...) // release the dropped tail
	}
	return list, nil
}

// featureBirthdate is the FeatureType whose DatePeriod is a party's date of birth.
const featureBirthdate = "Birthdate"

// datePeriod formats a feature's DatePeriod as an ISO date ("1948-12-10"), a year ("1970")
// or, when the period spans more than one day, "from/to" ("1970-01-01/1972-12-31"): the
// Start/From and End/To dates, each as precise as the list gives it. "" when no year is given.
func datePeriod(d *[2][2][3]string) string {
	iso := func(ymd [3]string) string {
		y, m, dd := ymd[0], ymd[1], ymd[2]
		if len(y) != 4 {
			return ""
		}
		if m == "" {
			return y
		}
		if len(m) == 1 {
			m = "0" + m
		}
		if dd == "" {
			return y + "-" + m
		}
		if len(dd) == 1 {
			dd = "0" + dd
		}
		return y + "-" + m + "-" + dd
	}
	from := iso(d[0][0])
	to := iso(d[1][1])
	switch {
	case from == "":
		return to
	case to == "" || to == from:
		return from
	}
	return from + "/" + to
}

func joinParts(sb *strings.Builder, parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	sb.Reset()
	for i, s := range parts {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s)
	}
	return sb.String()
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// errorf returns an *bonafide.InputError located at the start of the current token.
func (p *parser) errorf(record, field, format string, args ...any) error {
	if field == "" {
		field = p.section
	}
	off := p.s.tokOff // the start of the token that shows the problem
	return &bonafide.InputError{
		File:   p.name,
		Line:   p.s.lineAtOffset(off),
		Record: record,
		Field:  field,
		Msg:    fmt.Sprintf(format, args...) + fmt.Sprintf(" (at byte offset %d)", off),
	}
}

// tokenErr classifies an error from the scanner: malformed or truncated XML, a damaged
// compressed stream, or a failure to read.
func (p *parser) tokenErr(err error) error {
	off := p.s.Received()
	field := p.section
	var se *syntaxError
	var be bzip2.StructuralError
	switch {
	case errors.As(err, &se):
		msg := fmt.Sprintf("malformed XML at byte offset %d: %s", se.Offset, se.Msg)
		if se.EOF {
			msg = fmt.Sprintf("truncated XML: input ends at byte offset %d (%s)", se.Offset, se.Msg)
		}
		return &bonafide.InputError{File: p.name, Line: se.Line, Record: p.record, Field: field, Msg: msg}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &bonafide.InputError{File: p.name, Record: p.record, Field: field,
			Msg: fmt.Sprintf("truncated compressed data: the stream ends after %d bytes of XML", off), Err: err}
	case errors.As(err, &be), errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return &bonafide.InputError{File: p.name, Record: p.record, Field: field,
			Msg: fmt.Sprintf("corrupt compressed data after %d bytes of XML", off), Err: err}
	}
	var ie *bonafide.InputError
	if errors.As(err, &ie) {
		return err
	}
	return &bonafide.Error{Kind: bonafide.Internal, Op: "ofac.Read",
		Msg: fmt.Sprintf("%s: reading after %d bytes", p.name, off), Err: err}
}
