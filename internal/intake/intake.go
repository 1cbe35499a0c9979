// Package intake reads applicant and employee files into one batch of people, as
// docs/intake.md describes: applicants, references and employment CSV files (package
// internal/intake/csv) and JSON Resume documents (package internal/intake/jsonresume).
//
// Files are recognised by their content: a JSON object or array is read as JSON Resume, a CSV
// header with the columns of one of the three CSV kinds as that kind. Anything else met while
// walking a folder (README, answer files, notes, images, JSON that is not a résumé) is skipped
// with a note, and so is a *.csv or *.tsv found in a folder whose header matches none of the three
// kinds (an answer file, a spreadsheet export). A *.csv or *.tsv named on the command line is always
// read as CSV, so a header that matches no kind is an error; a *.json, *.jsonl or *.ndjson file that is not JSON is an error. Folders are walked recursively in lexical order; entries whose name
// starts with "." are skipped silently and symbolic links to folders are not followed.
//
// Loading is all or nothing: every file is parsed, references and employment rows are attached to
// the applicants they name, IDs are checked to be unique across the batch, and every person is
// normalised (internal/normalize) before anything is returned. Errors are *bonafide.InputError
// naming the file, the line or record and the field; only a cancelled context gives ctx.Err().
//
// GitHub account exports (a file named *.github.json, read by internal/intake/github; see
// docs/github.md) hold no people: once everyone is normalised, each export is attached as
// Person.GitHub to the people whose GitHub profile names its login, and an export no one names
// is skipped with a note.
package intake

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bonafide-oss/bonafide/bonafide"
	csvintake "github.com/bonafide-oss/bonafide/internal/intake/csv"
	githubintake "github.com/bonafide-oss/bonafide/internal/intake/github"
	"github.com/bonafide-oss/bonafide/internal/intake/jsonresume"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// sniffBytes is how much of a file is looked at to recognise its format.
const sniffBytes = 64 << 10

// Load reads every path — files, or folders walked recursively — and returns the people found,
// in input order, with references and employment rows attached from their CSV files, IDs unique
// across the batch, and every person normalised. notes tells the user about files that were
// skipped, as "skipped <path>: <reason>". Files named by an @path in a résumé or cover-letter
// column are read as documents and not noted.
//
// Nothing partial: any error returns (nil, nil, err) where err is a *bonafide.InputError naming
// file, line and field (or ctx.Err() when ctx ends). progress, when non-nil, is called after each
// file with its path and the number of people read so far.
func Load(ctx context.Context, paths []string, progress func(path string, people int)) ([]*bonafide.Person, []string, error) {
	if len(paths) == 0 {
		return nil, nil, &bonafide.InputError{Msg: "no input files or folders given"}
	}
	files, skipped, err := expand(paths)
	if err != nil {
		return nil, nil, err
	}
	explicit := make(map[string]bool, len(paths))
	for _, p := range paths {
		explicit[p] = true
	}
	b := newBatch()
	for _, n := range skipped {
		b.note(n.path, n.why)
	}
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := b.loadFile(path, explicit[path]); err != nil {
			return nil, nil, err
		}
		if progress != nil {
			progress(path, len(b.people))
		}
	}
	if err := b.finish(ctx); err != nil {
		return nil, nil, err
	}
	if len(b.people) == 0 {
		msg := "no applicants or employees found"
		if notes := b.notesOut(); len(notes) > 0 {
			msg += ": " + strings.Join(notes, "; ")
		}
		return nil, nil, &bonafide.InputError{File: strings.Join(paths, ", "), Msg: msg}
	}
	return b.people, b.notesOut(), nil
}

// LoadReader parses one stream whose format is given: "csv" (an applicants file), "json" (also
// "jsonl", "ndjson": JSON Resume), or "" / "auto" to recognise it from its content. name labels
// the stream in errors and as Person.Source (e.g. "stdin"). @path document values are an error,
// as there is no folder to read them from. Errors as for Load.
func LoadReader(ctx context.Context, name, format string, r io.Reader) ([]*bonafide.Person, error) {
	b := newBatch()
	br := bufio.NewReaderSize(r, sniffBytes)
	switch strings.ToLower(format) {
	case "", "auto":
		prefix, err := br.Peek(sniffBytes)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, &bonafide.InputError{File: name, Msg: "read failed", Err: err}
		}
		if looksJSON(prefix) {
			format = "json"
		} else {
			format = "csv"
		}
	}
	switch strings.ToLower(format) {
	case "csv":
		f, err := csvintake.ParseOptions(name, br, csvintake.Options{})
		if err != nil {
			return nil, err
		}
		if f.Kind != csvintake.Applicants {
			return nil, &bonafide.InputError{File: name, Line: 1,
				Msg: fmt.Sprintf("a %s file names applicants by applicant_id; read it together with their applicants file", f.Kind)}
		}
		if err := b.addCSV(f); err != nil {
			return nil, err
		}
	case "json", "jsonl", "ndjson":
		people, err := jsonresume.ParseOptions(name, br, jsonresume.Options{}) // no folder: photo paths are not read from stdin
		if err != nil {
			return nil, err
		}
		if err := b.addPeople(people, "record"); err != nil {
			return nil, err
		}
	default:
		return nil, &bonafide.InputError{File: name, Field: "format", Msg: fmt.Sprintf("unknown format %q; want csv or json", format)}
	}
	if err := b.finish(ctx); err != nil {
		return nil, err
	}
	return b.people, nil
}

// batch accumulates what the files of one Load hold.
type batch struct {
	people     []*bonafide.Person
	byID       map[string]place
	references []csvFileRows[csvintake.ReferenceRow]
	employment []csvFileRows[csvintake.EmploymentRow]
	notes      []note
	documents  map[string]bool       // absolute paths read as @path documents
	github     []githubintake.Export // GitHub account exports, attached in finish (github.go)
}

type place struct {
	file string
	at   string // "line 4" or "record 2"
}

type note struct{ path, why string }

type csvFileRows[T any] struct {
	file string
	rows []T
}

func newBatch() *batch {
	return &batch{byID: make(map[string]place), documents: make(map[string]bool)}
}

func (b *batch) note(path, why string) { b.notes = append(b.notes, note{path, why}) }

// notesOut renders the notes, leaving out files that were read as @path documents.
func (b *batch) notesOut() []string {
	var out []string
	for _, n := range b.notes {
		if abs, err := filepath.Abs(n.path); err == nil && b.documents[abs] {
			continue
		}
		out = append(out, "skipped "+n.path+": "+n.why)
	}
	return out
}

var jsonExts = map[string]bool{".json": true, ".jsonl": true, ".ndjson": true}
var csvExts = map[string]bool{".csv": true, ".tsv": true}

// loadFile recognises one file and adds what it holds. named is true for a file named by the
// caller rather than found in a folder.
func (b *batch) loadFile(path string, named bool) error {
	f, err := os.Open(path)
	if err != nil {
		return &bonafide.InputError{File: path, Msg: "cannot open", Err: unwrapPath(err)}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, sniffBytes)
	prefix, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return &bonafide.InputError{File: path, Msg: "read failed", Err: unwrapPath(err)}
	}
	ext := strings.ToLower(filepath.Ext(path))
	if len(trimLead(prefix)) == 0 && len(prefix) < sniffBytes {
		if csvExts[ext] || jsonExts[ext] {
			return &bonafide.InputError{File: path, Msg: "empty file"}
		}
		b.note(path, "empty file")
		return nil
	}
	if githubintake.IsExportName(path) { // GitHub account export (github.go)
		return b.loadGitHub(path, br)
	}
	switch {
	case csvExts[ext]:
		if _, ok := csvintake.Sniff(prefix); !ok && !named {
			b.note(path, "CSV whose header matches no intake format (applicants, references, employment)")
			return nil
		}
		return b.loadCSV(path, br)
	case jsonExts[ext] || looksJSON(prefix):
		people, err := jsonresume.Parse(path, br)
		switch {
		case errors.Is(err, jsonresume.ErrNotResume) && named:
			return &bonafide.InputError{File: path, Msg: "not a JSON Resume: no \"basics\" or \"bonafide\" object"}
		case errors.Is(err, jsonresume.ErrNotResume):
			b.note(path, "JSON but not a JSON Resume (no \"basics\" or \"bonafide\")")
			return nil
		case errors.Is(err, jsonresume.ErrNotJSON) && !jsonExts[ext]:
			b.note(path, "not an input format") // e.g. Markdown starting with "[!["
			return nil
		case err != nil:
			return err
		}
		return b.addPeople(people, "record")
	default:
		if _, ok := csvintake.Sniff(prefix); !ok {
			b.note(path, "not an input format")
			return nil
		}
		return b.loadCSV(path, br)
	}
}

func (b *batch) loadCSV(path string, r io.Reader) error {
	f, err := csvintake.Parse(path, r)
	if err != nil {
		return err
	}
	return b.addCSV(f)
}

// trimLead drops a BOM and leading white space.
func trimLead(b []byte) []byte {
	return bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")), " \t\r\n")
}

// looksJSON reports whether content starts (after a BOM and white space) with { or [.
func looksJSON(prefix []byte) bool {
	t := trimLead(prefix)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

func (b *batch) addCSV(f *csvintake.File) error {
	for _, d := range f.Documents {
		if abs, err := filepath.Abs(d); err == nil {
			b.documents[abs] = true
		}
	}
	switch f.Kind {
	case csvintake.Applicants:
		return b.addPeople(f.People, "line")
	case csvintake.References:
		b.references = append(b.references, csvFileRows[csvintake.ReferenceRow]{f.Name, f.References})
	case csvintake.Employment:
		b.employment = append(b.employment, csvFileRows[csvintake.EmploymentRow]{f.Name, f.Employment})
	}
	return nil
}

// addPeople adds people, rejecting an ID already in the batch. unit is "line" for CSV people
// (Person.Line is a line) and "record" for JSON ones (a record number).
func (b *batch) addPeople(people []*bonafide.Person, unit string) error {
	for _, p := range people {
		here := place{p.Source, unit + " " + strconv.Itoa(p.Line)}
		if first, dup := b.byID[p.ID]; dup {
			ie := &bonafide.InputError{File: p.Source, Record: p.ID, Field: "id",
				Msg: fmt.Sprintf("duplicate id %q: also at %s %s", p.ID, first.file, first.at)}
			if unit == "line" {
				ie.Line = p.Line
			} else {
				ie.Record = strconv.Itoa(p.Line)
				ie.Field = "bonafide.id"
				ie.Msg += " (a résumé without bonafide.id is named <file name>#<record number>; give it a bonafide.id)"
			}
			return ie
		}
		b.byID[p.ID] = here
		// Photos a résumé names are read with it: not separate inputs to note as skipped.
		for _, ph := range p.Photos {
			if ph.Source != "" && !csvintake.IsURL(ph.Source) {
				if abs, err := filepath.Abs(filepath.Join(filepath.Dir(p.Source), ph.Source)); err == nil {
					b.documents[abs] = true
				}
			}
		}
	}
	b.people = append(b.people, people...)
	return nil
}

// finish attaches CSV references and employment to their applicants and normalises everyone.
func (b *batch) finish(ctx context.Context) error {
	index := make(map[string]*bonafide.Person, len(b.people))
	for _, p := range b.people {
		index[p.ID] = p
	}
	for _, f := range b.references {
		for _, row := range f.rows {
			p := index[row.ApplicantID]
			if p == nil {
				return b.unknownApplicant(f.file, row.Line, row.ApplicantID)
			}
			p.References = append(p.References, row.Reference)
		}
	}
	for _, f := range b.employment {
		for _, row := range f.rows {
			p := index[row.ApplicantID]
			if p == nil {
				return b.unknownApplicant(f.file, row.Line, row.ApplicantID)
			}
			p.Claims = append(p.Claims, row.Claim)
		}
	}
	if err := normalizeAll(ctx, b.people); err != nil {
		return err
	}
	return b.attachGitHub() // github.go
}

func (b *batch) unknownApplicant(file string, line int, id string) error {
	msg := fmt.Sprintf("no applicant with id %q in this batch; give its applicants file too", id)
	for _, n := range b.notes {
		if strings.HasPrefix(n.why, "CSV whose header") {
			msg += fmt.Sprintf(" (%s was skipped: its header matches no intake format — a typo in \"id\" or \"name\"?)", n.path)
			break
		}
	}
	return &bonafide.InputError{File: file, Line: line, Field: "applicant_id", Msg: msg}
}

// normalizeAll runs normalize.Person over people on all CPUs.
func normalizeAll(ctx context.Context, people []*bonafide.Person) error {
	workers := min(runtime.GOMAXPROCS(0), (len(people)+255)/256)
	if workers <= 1 {
		for i, p := range people {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			normalize.Person(p)
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	const chunk = 256
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := int(next.Add(chunk)) - chunk
				if start >= len(people) {
					return
				}
				for _, p := range people[start:min(start+chunk, len(people))] {
					normalize.Person(p)
				}
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// skip is a path left out while expanding folders.
type skip struct{ path, why string }

// expand turns paths into the files to read, in order, each once: files as given, folders
// walked recursively in lexical order.
func expand(paths []string) ([]string, []skip, error) {
	var files []string
	var skipped []skip
	seen := make(map[string]bool)
	add := func(path string) {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		if !seen[abs] {
			seen[abs] = true
			files = append(files, path)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "scan", Msg: root + ": no such file or folder"}
		}
		if err != nil {
			return nil, nil, &bonafide.InputError{File: root, Msg: "cannot read", Err: unwrapPath(err)}
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return &bonafide.InputError{File: path, Msg: "cannot read", Err: unwrapPath(err)}
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				info, err := os.Stat(path)
				if err != nil {
					return &bonafide.InputError{File: path, Msg: "cannot read", Err: unwrapPath(err)}
				}
				if info.IsDir() {
					skipped = append(skipped, skip{path, "symbolic link to a folder, not followed"})
					return nil
				}
				add(path)
			case d.Type().IsRegular():
				add(path)
			default:
				skipped = append(skipped, skip{path, "not a regular file"})
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, skipped, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path the InputError already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
