// Package hr reads the HR roster that post-hire telemetry detection (issue 5) compares
// activity with: who each employee is, which accounts and devices are theirs, where they say
// they live and work (country, IANA time zone, locale), when they started and where their
// laptop was shipped. It is the shared contract between the detection engine
// (internal/telemetry/detect) and the generator (internal/telemetry/synth).
//
// The CSV format (one header line, then one employee per row):
//
//	employee_id,name,accounts,hosts,country,time_zone,start_date,ship_country,locale
//	E001,Jane Roe,jane.roe@example.com;EXAMPLE\jroe,LT-0042;5c1e…,DE,Europe/Berlin,2025-03-03,DE,de-DE
//
// accounts and hosts are ';'-separated lists; accounts are lower-cased on read (UPNs, e-mail
// addresses, Okta logins, Windows DOMAIN\user), hosts are kept as written and matched
// case-insensitively. country and ship_country are ISO 3166-1 alpha-2 (upper-cased on read;
// ship_country may be empty), time_zone an IANA name that time.LoadLocation accepts (or
// empty), start_date YYYY-MM-DD (or empty), locale a BCP 47 tag such as "de-DE" (or empty).
package hr

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Employee is one row of the HR roster (the domain type bonafide.Employee).
type Employee = bonafide.Employee

// Columns is the CSV header ReadCSV requires, in order.
var Columns = []string{"employee_id", "name", "accounts", "hosts", "country", "time_zone", "start_date", "ship_country", "locale"}

// ReadCSV reads the roster CSV (see the package comment). name is the file name used in
// errors: a bad header, row or value is a *bonafide.InputError naming the file, the 1-based
// line and the column. Employee IDs must be unique and non-empty.
func ReadCSV(r io.Reader, name string) ([]Employee, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &bonafide.InputError{File: name, Line: 1, Msg: "empty file, want header " + strings.Join(Columns, ",")}
	}
	if err != nil {
		return nil, bonafide.CSVError(name, err)
	}
	if len(head) != len(Columns) {
		return nil, &bonafide.InputError{File: name, Line: 1, Msg: fmt.Sprintf("header has %d columns, want %s", len(head), strings.Join(Columns, ","))}
	}
	for i, c := range Columns {
		h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")))
		if h != c {
			return nil, &bonafide.InputError{File: name, Line: 1, Field: c, Msg: fmt.Sprintf("header column %d is %q, want %q", i+1, head[i], c)}
		}
	}
	var out []Employee
	seen := map[string]int{}
	owner := map[string]string{} // account or host (lower case) → employee ID, for clashes
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, bonafide.CSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		bad := func(col int, format string, args ...any) error {
			return &bonafide.InputError{File: name, Line: line, Field: Columns[col], Msg: fmt.Sprintf(format, args...)}
		}
		if len(rec) != len(Columns) {
			return nil, &bonafide.InputError{File: name, Line: line, Msg: fmt.Sprintf("row has %d columns, want %d", len(rec), len(Columns))}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		e := Employee{ID: rec[0], Name: rec[1], TimeZone: rec[5], Locale: rec[8]}
		if e.ID == "" {
			return nil, bad(0, "empty employee ID")
		}
		if prev, ok := seen[e.ID]; ok {
			return nil, bad(0, "duplicate employee ID %q (first on line %d)", e.ID, prev)
		}
		seen[e.ID] = line
		e.Accounts = splitList(rec[2], true)
		e.Hosts = splitList(rec[3], false)
		// An account or laptop belongs to one employee: a second claim would silently
		// attribute the first one's activity (and findings) to whoever came first.
		for col, list := range map[int][]string{2: e.Accounts, 3: e.Hosts} {
			for _, a := range list {
				k := strings.ToLower(a)
				if other, ok := owner[k]; ok && other != e.ID {
					return nil, bad(col, "%q is already %s's", a, other)
				}
				owner[k] = e.ID
			}
		}
		if e.Country, err = country(rec[4]); err != nil {
			return nil, bad(4, "%v", err)
		}
		if e.ShipCountry, err = country(rec[7]); err != nil {
			return nil, bad(7, "%v", err)
		}
		if e.TimeZone != "" {
			if _, err := time.LoadLocation(e.TimeZone); err != nil || strings.EqualFold(e.TimeZone, "local") {
				return nil, bad(5, "unknown IANA time zone %q", e.TimeZone)
			}
		}
		if rec[6] != "" {
			t, err := time.Parse("2006-01-02", rec[6])
			if err != nil {
				return nil, bad(6, "not a YYYY-MM-DD date: %q", rec[6])
			}
			e.StartDate = t.UTC()
		}
		out = append(out, e)
	}
}

func splitList(s string, lower bool) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if lower {
			p = strings.ToLower(p)
		}
		out = append(out, p)
	}
	return out
}

func country(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) != 2 || !isAlpha(s[0]) || !isAlpha(s[1]) {
		return "", fmt.Errorf("not an ISO 3166-1 alpha-2 code: %q", s)
	}
	return strings.ToUpper(s), nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Directory finds the employee behind an account or a host. It is read-only after
// NewDirectory and safe for concurrent use.
type Directory struct {
	emps    []Employee
	byID    map[string]int
	byAcct  map[string]int
	byHost  map[string]int
	ambAcct map[string]bool
	locs    []*time.Location
}

// NewDirectory indexes emps by ID, account and host. Accounts are matched lower-cased; a
// Windows DOMAIN\user account also answers for "user" alone when no other employee claims
// it. An account or host listed for two employees belongs to the first (roster order).
func NewDirectory(emps []Employee) *Directory {
	d := &Directory{
		emps:    append([]Employee(nil), emps...),
		byID:    make(map[string]int, len(emps)),
		byAcct:  make(map[string]int, 2*len(emps)),
		byHost:  make(map[string]int, len(emps)),
		ambAcct: map[string]bool{},
		locs:    make([]*time.Location, len(emps)),
	}
	short := map[string]int{}
	for i := range d.emps {
		e := &d.emps[i]
		if _, ok := d.byID[e.ID]; !ok {
			d.byID[e.ID] = i
		}
		for _, a := range e.Accounts {
			a = strings.ToLower(a)
			if _, ok := d.byAcct[a]; !ok {
				d.byAcct[a] = i
			}
			if j := strings.LastIndexByte(a, '\\'); j >= 0 && j+1 < len(a) {
				u := a[j+1:]
				if prev, ok := short[u]; ok && prev != i {
					d.ambAcct[u] = true
				} else {
					short[u] = i
				}
			}
		}
		for _, h := range e.Hosts {
			for _, k := range [2]string{h, strings.ToLower(h)} {
				if _, ok := d.byHost[k]; !ok {
					d.byHost[k] = i
				}
			}
		}
		if e.TimeZone != "" {
			if loc, err := time.LoadLocation(e.TimeZone); err == nil {
				d.locs[i] = loc
			}
		}
	}
	for u, i := range short {
		if _, ok := d.byAcct[u]; !ok && !d.ambAcct[u] {
			d.byAcct[u] = i
		}
	}
	return d
}

// Len is the number of employees.
func (d *Directory) Len() int { return len(d.emps) }

// Employees returns the roster in its original order (shared; do not modify).
func (d *Directory) Employees() []Employee { return d.emps }

// ByID returns the employee with person ID id.
func (d *Directory) ByID(id string) (*Employee, bool) {
	i, ok := d.byID[id]
	if !ok {
		return nil, false
	}
	return &d.emps[i], true
}

// ByAccount returns the employee owning the sign-in name user (case-insensitive). It does
// not allocate when user is already lower case.
func (d *Directory) ByAccount(user string) (*Employee, bool) {
	if user == "" {
		return nil, false
	}
	i, ok := d.byAcct[lower(user)]
	if !ok {
		return nil, false
	}
	return &d.emps[i], true
}

// ByHost returns the employee a device (host name or host ID, case-insensitive) is assigned to.
// It does not allocate when host is spelt as in the roster or in lower case.
func (d *Directory) ByHost(host string) (*Employee, bool) {
	if host == "" {
		return nil, false
	}
	i, ok := d.byHost[host]
	if !ok {
		i, ok = d.byHost[lower(host)]
	}
	if !ok {
		return nil, false
	}
	return &d.emps[i], true
}

// Location returns the employee's time zone, loaded once; nil when unknown or not in the
// directory.
func (d *Directory) Location(e *Employee) *time.Location {
	if e == nil {
		return nil
	}
	i, ok := d.byID[e.ID]
	if !ok {
		return nil
	}
	return d.locs[i]
}

// lower lower-cases ASCII letters, allocating only when s has an upper-case letter.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
