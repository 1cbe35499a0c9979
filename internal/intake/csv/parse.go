// Package csvintake reads bonafide's three intake CSV files (docs/intake.md) into domain types:
// applicants (one bonafide.Person per row), references (one bonafide.Reference per row, keyed by
// applicant_id) and employment history (one bonafide.Claim per row, keyed by applicant_id).
//
// The kind of file is recognised from its header row (Detect, Sniff). Header names are matched
// trimmed and case-insensitively, in any order; a column that is not documented and not
// prefixed x_ is an error, so a typo cannot drop data silently. The field separator is the most
// frequent of comma, semicolon and tab in the header line (spreadsheets in much of Europe write
// semicolons). A UTF-8 byte order mark at the start is skipped; rows whose fields are all empty
// are skipped.
//
// People come back as presented, not normalised: identifiers carry Kind, Purpose and Raw, and
// Person.Country is the raw claimed country. internal/intake attaches reference and employment
// rows to their applicants and then runs internal/normalize over each person.
//
// Every error is a *bonafide.InputError naming the file, the 1-based line the record starts on
// and the column. Rejected: records longer than MaxRecordBytes (checked while reading, so memory
// stays bounded), fields that are not valid UTF-8, unknown, duplicate or unnamed columns,
// missing required columns, rows with a different number of fields than the header, empty
// required values, duplicate ids within the file, unparseable dates and booleans, unknown roles,
// @path documents and photo paths that leave the CSV's folder (see Folder).
//
// The applicants file's photo column is read at parse time: a path is hashed with
// internal/link/photo into Person.Photos[0].PHash; an http(s) URL is kept but not fetched; an
// image that cannot be read is not an error but noted in Photo.Error (ReadPhoto).
package csvintake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// MaxDocumentBytes is the largest résumé or cover-letter file an @path value may name.
const MaxDocumentBytes = 1 << 20

// File is one parsed intake CSV file. Exactly one of People, References and Employment is
// filled, according to Kind.
type File struct {
	Name       string             // as given to Parse
	Kind       Kind               // recognised from the header
	People     []*bonafide.Person // Applicants: one per row, in file order
	References []ReferenceRow     // References: one per row, in file order
	Employment []EmploymentRow    // Employment: one per row, in file order
	// Documents lists the files that @path values and photo paths named, as Options.Dir joined
	// with the path, each once, so callers can tell them from stray files.
	Documents []string
}

// ReferenceRow is one row of a references file: a referee of the applicant ApplicantID.
type ReferenceRow struct {
	ApplicantID string
	Line        int // 1-based line the row starts on
	Reference   bonafide.Reference
}

// EmploymentRow is one row of an employment file: a role the applicant ApplicantID claims.
type EmploymentRow struct {
	ApplicantID string
	Line        int // 1-based line the row starts on
	Claim       bonafide.Claim
}

// Options tune ParseOptions.
type Options struct {
	// Dir is the folder @path values of resume_text and cover_letter, and photo paths, are
	// read from; the path must stay inside it (no "..", no absolute paths, no symlinks leading
	// out: see Folder). Empty means @path values are an error and photos by path are not read
	// (Photo.Error says so), as for standard input.
	Dir string
}

// Parse reads one intake CSV file. name is the file's path: it is used in errors, as
// Person.Source, and its folder is where @path values are read from.
// Errors are *bonafide.InputError.
func Parse(name string, r io.Reader) (*File, error) {
	return ParseOptions(name, r, Options{Dir: filepath.Dir(name)})
}

// ParseOptions is Parse with explicit options.
func ParseOptions(name string, r io.Reader, opt Options) (*File, error) {
	p := &parser{name: name, opt: opt, file: &File{Name: name}, folder: NewFolder(opt.Dir, "the CSV's folder")}
	defer p.close()
	if err := p.run(r); err != nil {
		return nil, err
	}
	return p.file, nil
}

type parser struct {
	name       string
	opt        Options
	file       *File
	lim        *recordLimiter
	cr         *csv.Reader
	header     []string // as written, BOM removed
	headerLine int      // line of the header row (blank lines may precede it)
	keys       []string // JSON object keys for Raw, `"name":`
	pos        []int    // schema column index → record index, or -1
	schema     schema
	seen       map[string]int            // applicants: id → line
	folder     *Folder                   // Options.Dir; nil without one
	docs       map[string]string         // @path → text
	photos     map[string]bonafide.Photo // photo path as given → photo read

	// Slabs: people, identifiers, applications and raw records are carved out of larger
	// allocations (each piece capped, so an append reallocates rather than overwrites), which
	// halves the allocation count of a row.
	personSlab []bonafide.Person
	identSlab  []bonafide.Identifier
	appSlab    []bonafide.Application
	rawSlab    []byte
}

const slabRows = 256

func (p *parser) newPerson() *bonafide.Person {
	if len(p.personSlab) == 0 {
		p.personSlab = make([]bonafide.Person, slabRows)
	}
	person := &p.personSlab[0]
	p.personSlab = p.personSlab[1:]
	return person
}

func (p *parser) newIdentifiers(n int) []bonafide.Identifier {
	if len(p.identSlab) < n {
		p.identSlab = make([]bonafide.Identifier, max(n, slabRows*4))
	}
	ids := p.identSlab[:0:n]
	p.identSlab = p.identSlab[n:]
	return ids
}

func (p *parser) newApplication() *bonafide.Application {
	if len(p.appSlab) == 0 {
		p.appSlab = make([]bonafide.Application, slabRows)
	}
	app := &p.appSlab[0]
	p.appSlab = p.appSlab[1:]
	return app
}

func (p *parser) close() {
	p.folder.Close()
}

func (p *parser) errorf(line int, field, format string, args ...any) *bonafide.InputError {
	return &bonafide.InputError{File: p.name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) run(r io.Reader) error {
	p.lim = newRecordLimiter(r, MaxRecordBytes)
	br := bufio.NewReaderSize(p.lim, 64<<10)
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		br.Discard(len(bom))
	}
	prefix, _ := br.Peek(br.Size())
	p.cr = csv.NewReader(br)
	p.cr.Comma = delimiter(firstLine(prefix))
	p.cr.FieldsPerRecord = -1
	p.cr.ReuseRecord = true

	header, err := p.cr.Read()
	if err == io.EOF {
		return p.errorf(0, "", "empty file: want a header row")
	}
	if err != nil {
		return p.readError(err)
	}
	p.headerLine, _ = p.cr.FieldPos(0)
	if err := p.readHeader(header); err != nil {
		return err
	}
	for {
		rec, err := p.cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.readError(err)
		}
		line, _ := p.cr.FieldPos(0)
		if len(rec) != len(p.header) {
			return p.errorf(line, "", "row has %d fields, header has %d", len(rec), len(p.header))
		}
		if err := p.checkUTF8(rec); err != nil {
			return err
		}
		if blank(rec) {
			continue
		}
		switch p.schema.kind {
		case Applicants:
			err = p.applicant(rec, line)
		case References:
			err = p.reference(rec, line)
		case Employment:
			err = p.employment(rec, line)
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) readError(err error) error {
	if p.lim.err != nil {
		return p.errorf(p.lim.start, "", "record longer than %d bytes (1 MiB); is a quote left open?", MaxRecordBytes)
	}
	return bonafide.CSVError(p.name, err)
}

// checkUTF8 rejects a record with a field that is not valid UTF-8, naming its line and column.
func (p *parser) checkUTF8(rec []string) error {
	for i, f := range rec {
		if utf8.ValidString(f) {
			continue
		}
		line, _ := p.cr.FieldPos(i)
		bad := 0
		for bad < len(f) {
			r, size := utf8.DecodeRuneInString(f[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		field := ""
		if i < len(p.header) {
			field = p.header[i]
		}
		return p.errorf(line, field, "not valid UTF-8 (column %d, byte %d of the field); save the file as UTF-8", i+1, bad+1)
	}
	return nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func (p *parser) readHeader(header []string) error {
	if err := p.checkUTF8(header); err != nil {
		return err
	}
	p.header = make([]string, len(header))
	copy(p.header, header)
	kind, err := Detect(p.header)
	if err != nil {
		return p.errorf(p.headerLine, "", "%v", err)
	}
	for _, s := range schemas {
		if s.kind == kind {
			p.schema = s
		}
	}
	p.file.Kind = kind
	p.pos = make([]int, len(p.schema.columns))
	for i := range p.pos {
		p.pos[i] = -1
	}
	p.keys = make([]string, len(header))
	index := make(map[string]int, len(p.schema.columns))
	for i, c := range p.schema.columns {
		index[c] = i
	}
	seen := make(map[string]int, len(header))
	for i, h := range p.header {
		n := headerName(h)
		if n == "" {
			return p.errorf(p.headerLine, "", "column %d has no name", i+1)
		}
		if j, dup := seen[n]; dup {
			return p.errorf(p.headerLine, h, "column %q appears twice (columns %d and %d)", n, j+1, i+1)
		}
		seen[n] = i
		p.keys[i] = string(appendJSONString(nil, strings.TrimSpace(h))) + ":"
		if strings.HasPrefix(n, "x_") {
			continue
		}
		c, ok := index[n]
		if !ok {
			msg := fmt.Sprintf("unknown column %q in a %s file", h, kind)
			if s := suggest(n, p.schema.columns); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			msg += "; valid columns: " + strings.Join(p.schema.columns, ", ") + "; prefix extra columns with x_"
			return p.errorf(p.headerLine, h, "%s", msg)
		}
		p.pos[c] = i
	}
	if kind == Applicants {
		p.seen = make(map[string]int)
	}
	return nil
}

// val returns the trimmed value of schema column c, or "" when the file lacks the column.
func (p *parser) val(rec []string, c int) string {
	if i := p.pos[c]; i >= 0 {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// raw returns the record as a JSON object of header name → value, in column order.
func (p *parser) raw(rec []string) []byte {
	n := 2
	for i, f := range rec {
		n += len(p.keys[i]) + len(f) + 3
	}
	n += n / 8 // room for escapes
	if len(p.rawSlab) < n {
		p.rawSlab = make([]byte, max(n, 64<<10))
	}
	b := p.rawSlab[:0:n]
	b = append(b, '{')
	for i, f := range rec {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.keys[i]...)
		b = appendJSONString(b, f)
	}
	b = append(b, '}')
	if len(b) <= n { // built in place: take it out of the slab
		p.rawSlab = p.rawSlab[len(b):]
		return b[:len(b):len(b)]
	}
	return b // outgrew its slot (many escapes) and was reallocated
}

// identifier columns of the applicants file, in the order they are added to a person.
var identifierColumns = []struct {
	col     int
	kind    bonafide.IdentifierKind
	purpose bonafide.Purpose
	network string // for profile URLs given as bare handles
}{
	{aEmail, bonafide.KindEmail, bonafide.PurposeContact, ""},
	{aPhone, bonafide.KindPhone, bonafide.PurposeContact, ""},
	{aAddress, bonafide.KindAddress, bonafide.PurposeHome, ""},
	{aShippingAddress, bonafide.KindAddress, bonafide.PurposeShipping, ""},
	{aIBAN, bonafide.KindIBAN, bonafide.PurposePayout, ""},
	{aWallet, bonafide.KindWallet, bonafide.PurposePayout, ""},
	{aGitHub, bonafide.KindURL, bonafide.PurposeProfile, "github"},
	{aLinkedIn, bonafide.KindURL, bonafide.PurposeProfile, "linkedin"},
	{aWebsite, bonafide.KindURL, bonafide.PurposeProfile, ""},
	{aApplicationIP, bonafide.KindIP, bonafide.PurposeApplication, ""},
	{aDeviceID, bonafide.KindDevice, bonafide.PurposeApplication, ""},
}

func (p *parser) applicant(rec []string, line int) error {
	id := p.val(rec, aID)
	if id == "" {
		return p.errorf(line, "id", "empty; every applicant needs an id")
	}
	if first, dup := p.seen[id]; dup {
		return &bonafide.InputError{File: p.name, Line: line, Record: id, Field: "id",
			Msg: fmt.Sprintf("duplicate id %q; first used on line %d", id, first)}
	}
	p.seen[id] = line
	fail := func(field, format string, args ...any) error {
		return &bonafide.InputError{File: p.name, Line: line, Record: id, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	person := p.newPerson()
	*person = bonafide.Person{
		ID: id, Role: bonafide.RoleApplicant, Source: p.name, SourceID: id, Line: line,
		Name:       p.val(rec, aName),
		Country:    p.val(rec, aCountry),
		TimeZone:   p.val(rec, aTimeZone),
		ReferredBy: p.val(rec, aReferredBy),
	}
	if person.Name == "" {
		return fail("name", "empty; every applicant needs a name")
	}
	switch role := p.val(rec, aRole); strings.ToLower(role) {
	case "", "applicant":
	case "employee":
		person.Role = bonafide.RoleEmployee
	default:
		return fail("role", "%q is not a role; want applicant or employee", role)
	}

	n := 0
	for _, c := range identifierColumns {
		if p.val(rec, c.col) != "" {
			n++
		}
	}
	if n > 0 {
		person.Identifiers = p.newIdentifiers(n)
		for _, c := range identifierColumns {
			if v := p.val(rec, c.col); v != "" {
				person.Identifiers = append(person.Identifiers, newIdentifier(c.kind, c.purpose, v, c.network))
			}
		}
	}
	if provider := p.val(rec, aPayoutProvider); provider != "" {
		for i := range person.Identifiers {
			if person.Identifiers[i].Purpose == bonafide.PurposePayout {
				setAttr(&person.Identifiers[i], "provider", provider)
			}
		}
	}

	var app bonafide.Application
	app.Position = p.val(rec, aPosition)
	app.Channel = p.val(rec, aChannel)
	app.UserAgent = p.val(rec, aUserAgent)
	if v := p.val(rec, aAppliedAt); v != "" {
		t, err := ParseTime(v)
		if err != nil {
			return fail("applied_at", "%v", err)
		}
		app.SubmittedAt = t
	}
	if v := p.val(rec, aStartDate); v != "" {
		t, err := ParseDate(v)
		if err != nil {
			return fail("start_date", "%v", err)
		}
		app.StartDate = t
	}
	if app != (bonafide.Application{}) {
		person.Application = p.newApplication()
		*person.Application = app
	}

	for _, d := range [...]struct {
		col        int
		field, key string
	}{{aResumeText, "resume_text", "resume"}, {aCoverLetter, "cover_letter", "cover_letter"}} {
		v := p.val(rec, d.col)
		if v == "" {
			continue
		}
		text, err := p.document(v)
		if err != nil {
			return fail(d.field, "%v", err)
		}
		if text == "" {
			continue
		}
		if person.Documents == nil {
			person.Documents = make(map[string]string, 2)
		}
		person.Documents[d.key] = text
	}
	if v := p.val(rec, aPhoto); v != "" {
		ph, err := p.photo(v)
		if err != nil {
			return fail("photo", "%v", err)
		}
		person.Photos = []bonafide.Photo{ph}
	}
	if v := p.val(rec, aBirthDate); v != "" {
		d, err := ParseBirthDate(v)
		if err != nil {
			return fail("birth_date", "%v", err)
		}
		person.BirthDate = d
	}
	person.Raw = p.raw(rec)
	p.file.People = append(p.file.People, person)
	return nil
}

// newIdentifier returns an identifier as presented. A bare handle in a profile column (no
// slash or colon, so not a URL) gets Attrs["network"] (normalize.AttrNetwork), telling
// normalisation whose handle it is.
func newIdentifier(kind bonafide.IdentifierKind, purpose bonafide.Purpose, raw, network string) bonafide.Identifier {
	id := bonafide.Identifier{Kind: kind, Purpose: purpose, Raw: raw}
	if network != "" && !strings.ContainsAny(raw, "/:") {
		setAttr(&id, normalize.AttrNetwork, network)
	}
	return id
}

func setAttr(id *bonafide.Identifier, k, v string) {
	if id.Attrs == nil {
		id.Attrs = make(map[string]string, 2)
	}
	id.Attrs[k] = v
}

func (p *parser) reference(rec []string, line int) error {
	row := ReferenceRow{ApplicantID: p.val(rec, rApplicantID), Line: line}
	if row.ApplicantID == "" {
		return p.errorf(line, "applicant_id", "empty; every reference belongs to an applicant")
	}
	ref := bonafide.Reference{
		Name:         p.val(rec, rName),
		Company:      p.val(rec, rCompany),
		Title:        p.val(rec, rTitle),
		Relationship: strings.ToLower(p.val(rec, rRelationship)),
	}
	if ref.Name == "" {
		return p.errorf(line, "reference_name", "empty; every reference needs a name")
	}
	if v := p.val(rec, rEmail); v != "" {
		ref.Identifiers = append(ref.Identifiers, bonafide.Identifier{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: v})
	}
	if v := p.val(rec, rPhone); v != "" {
		ref.Identifiers = append(ref.Identifiers, bonafide.Identifier{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: v})
	}
	verified, err := ParseBool(p.val(rec, rVerified), false)
	if err != nil {
		return p.errorf(line, "verified", "%v", err)
	}
	ref.Verified = verified
	row.Reference = ref
	p.file.References = append(p.file.References, row)
	return nil
}

func (p *parser) employment(rec []string, line int) error {
	row := EmploymentRow{ApplicantID: p.val(rec, eApplicantID), Line: line}
	if row.ApplicantID == "" {
		return p.errorf(line, "applicant_id", "empty; every role belongs to an applicant")
	}
	c := bonafide.Claim{
		Kind:    bonafide.ClaimEmployment,
		Org:     p.val(rec, eEmployer),
		Title:   p.val(rec, eTitle),
		Country: p.val(rec, eCountry),
		Text:    p.val(rec, eDescription),
	}
	if c.Org == "" {
		return p.errorf(line, "employer", "empty; every role needs an employer")
	}
	if v := p.val(rec, eStart); v != "" {
		t, err := normalize.Month(v)
		if err != nil {
			return p.errorf(line, "start", "%q is not a month; want YYYY-MM, YYYY-MM-DD or YYYY", v)
		}
		c.Start = t
	}
	switch v := p.val(rec, eEnd); strings.ToLower(v) {
	case "", "present", "current", "now":
		c.Current = true
	default:
		t, err := normalize.Month(v)
		if err != nil {
			return p.errorf(line, "end", "%q is not a month; want YYYY-MM, YYYY-MM-DD, YYYY, present or empty", v)
		}
		if !c.Start.IsZero() && t.Before(c.Start) {
			return p.errorf(line, "end", "%s is before start %s", t.Format("2006-01"), c.Start.Format("2006-01"))
		}
		c.End = t
	}
	fullTime, err := ParseBool(p.val(rec, eFullTime), true)
	if err != nil {
		return p.errorf(line, "full_time", "%v", err)
	}
	c.FullTime = fullTime
	row.Claim = c
	p.file.Employment = append(p.file.Employment, row)
	return nil
}

// document returns the text of a resume_text or cover_letter value: the value itself, or, when
// it is a single line "@path" ending in .txt, the contents of that file inside Options.Dir.
func (p *parser) document(v string) (string, error) {
	if !isDocPath(v) {
		return v, nil
	}
	rel := strings.TrimSpace(v[1:])
	if text, ok := p.docs[rel]; ok {
		return text, nil
	}
	if p.folder == nil {
		return "", fmt.Errorf("%s names a file, but the CSV was not read from a folder", v)
	}
	f, fpath, err := p.folder.Open(rel)
	if err != nil {
		return "", fmt.Errorf("%s: %s", v, err.(*PathError).Reason)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxDocumentBytes+1))
	if err != nil {
		return "", fmt.Errorf("%s: %v", v, unwrapPath(err))
	}
	if len(b) > MaxDocumentBytes {
		return "", fmt.Errorf("%s is larger than %d bytes", v, MaxDocumentBytes)
	}
	b = bytes.TrimPrefix(b, []byte(bom))
	if !utf8.Valid(b) {
		return "", fmt.Errorf("%s is not valid UTF-8", v)
	}
	text := strings.TrimSpace(string(b))
	if p.docs == nil {
		p.docs = make(map[string]string)
	}
	p.docs[rel] = text
	p.file.Documents = append(p.file.Documents, fpath)
	return text, nil
}

// photo reads a photo value: an http(s) URL, kept but not fetched, or a path inside
// Options.Dir, hashed (photo.Hash). Only a path leaving the folder is an error; a missing or
// unreadable image, or a CSV read without a folder, is recorded in Photo.Error.
func (p *parser) photo(v string) (bonafide.Photo, error) {
	ph := bonafide.Photo{Source: v, Kind: "profile"}
	if IsURL(v) {
		ph.Error = NotFetched
		return ph, nil
	}
	if cached, ok := p.photos[v]; ok {
		return cached, nil
	}
	if p.folder == nil {
		ph.Error = "not read: the CSV was not read from a folder"
		return ph, nil
	}
	ph, fpath, err := ReadPhoto(p.folder, v)
	if err != nil {
		return ph, err
	}
	if p.photos == nil {
		p.photos = make(map[string]bonafide.Photo)
	}
	p.photos[v] = ph
	if fpath != "" {
		p.file.Documents = append(p.file.Documents, fpath)
	}
	return ph, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path repeats what the message says.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isDocPath reports whether a document value names a file: one line, "@" then a path ending
// in ".txt" (any case).
func isDocPath(v string) bool {
	return len(v) > len("@.txt") && v[0] == '@' && !strings.ContainsAny(v, "\r\n") &&
		strings.EqualFold(v[len(v)-len(".txt"):], ".txt")
}

// ParseTime reads an RFC 3339 time ("2026-11-02T09:14:00Z") or a date ("2026-11-02", taken as
// midnight UTC).
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time; want RFC 3339 (2026-11-02T09:14:00Z) or YYYY-MM-DD", s)
}

// ParseDate reads a date "YYYY-MM-DD" as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date; want YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseBool reads true/false, yes/no, y/n or 1/0 (any case); empty gives def.
func ParseBool(s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "true", "yes", "y", "1":
		return true, nil
	case "false", "no", "n", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean; want true or false", s)
}

// appendJSONString appends s, which must be valid UTF-8, as a JSON string. Eight bytes at a
// time are checked for anything to escape (control characters, quote, backslash).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainWord(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// plainWord reports whether none of the 8 bytes packed in w is below 0x20, a quote or a
// backslash (the exact "has a zero byte" / "has a byte less than n" bit tricks).
func plainWord(w uint64) bool {
	ctl := (w - 0x20*ones) &^ w & high
	q := w ^ ('"' * ones)
	bs := w ^ ('\\' * ones)
	return ctl|((q-ones)&^q&high)|((bs-ones)&^bs&high) == 0
}

const hex = "0123456789abcdef"
