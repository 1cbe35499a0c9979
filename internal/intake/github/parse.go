// Package githubintake reads GitHub account exports (docs/github.md) into
// bonafide.GitHubAccount values and attaches them to the applicants who name the account as
// their GitHub profile.
//
// An export is one JSON object per account, in the shapes of GitHub's REST API:
//
//	{"user":      <GET /users/{login}>,
//	 "repos":     [<GET /users/{login}/repos items>],
//	 "commits":   [<GET /repos/{owner}/{repo}/commits?author={login} items, across repos>],
//	 "followers": [<GET /users/{login}/followers items>],
//	 "following": [<GET /users/{login}/following items>]}
//
// A file (conventionally named *.github.json, which is how internal/intake recognises it) holds
// one such object or a JSON array of them. Only the fields persona analysis needs are read and
// type-checked; every other field, known to GitHub or not, is left alone and kept in
// Export.Raw. Fields GitHub documents as nullable (user.name, user.email, commit.author, the
// commit's GitHub author, repo parent) may be null.
//
// Errors are *bonafide.InputError naming the file, the line the record starts on, the 1-based
// record number and the JSON path inside the record, e.g.
// `alice.github.json:1 record 1 field "commits[3].commit.author.date": want a string, got a number`.
package githubintake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// MaxFileBytes is the largest export file read (256 MiB); a larger one is an error.
const MaxFileBytes = 256 << 20

// Suffix is the file-name ending that marks a GitHub export (compared case-insensitively).
const Suffix = ".github.json"

// IsExportName reports whether path's base name ends in ".github.json", any case.
func IsExportName(path string) bool {
	base := filepath.Base(path)
	return len(base) > len(Suffix) && strings.EqualFold(base[len(base)-len(Suffix):], Suffix)
}

// Export is one account read from an export file.
type Export struct {
	File    string                  // the file's path as given to Parse
	Record  int                     // 1-based position in the file (1 for a file holding one object)
	Line    int                     // 1-based line the record starts on
	Array   bool                    // the file holds a JSON array of exports
	Account *bonafide.GitHubAccount // what persona analysis reads
	Raw     json.RawMessage         // the record exactly as read, unknown fields included
}

// Parse reads the exports in r: one export object or a JSON array of them. name is the file's
// path (or a label such as "stdin"), used in errors and as Export.File.
//
// Read and checked (any other field is kept in Raw only):
//
//	user.login       string, required; a valid GitHub handle
//	user.id          integer
//	user.name        string or null
//	user.email       string or null (the public profile e-mail)
//	user.created_at  RFC 3339 time, required
//	repos[i]         object: full_name ("owner/name", required), fork (boolean),
//	                 created_at (RFC 3339), parent / source (object or null, with full_name;
//	                 only GET /repos/{owner}/{repo} returns them)
//	commits[i]       object: sha (hex, required); commit.author (object or null) with name,
//	                 email (strings or null) and date (RFC 3339); the repository, taken from
//	                 html_url (https://github.com/<owner>/<repo>/commit/<sha>), else url
//	                 (https://api.github.com/repos/<owner>/<repo>/commits/<sha>), else
//	                 repository.full_name (search API items) — one is required; author (object
//	                 or null) with login
//	followers[i]     object with login (string, required)
//	following[i]     object with login (string, required)
//
// Commits whose GitHub author (author.login) is another account are not the account's own and
// are left out of Account.Commits; a commit listed twice (same repository and SHA) is kept once.
// Repeated follower and following logins are kept once (compared case-insensitively). Times are
// converted to UTC.
func Parse(name string, r io.Reader) ([]Export, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	if len(data) > MaxFileBytes {
		return nil, &bonafide.InputError{File: name, Msg: fmt.Sprintf("larger than %d bytes (256 MiB)", MaxFileBytes)}
	}
	base := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		base = 3
	}
	body := data[base:]
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &bonafide.InputError{File: name, Msg: `empty file: want a GitHub export object {"user": …} or an array of them`}
	}
	if !utf8.Valid(body) {
		off := base + invalidUTF8At(body)
		return nil, &bonafide.InputError{File: name, Line: lineAt(data, off),
			Msg: fmt.Sprintf("not valid UTF-8 at byte offset %d", off)}
	}
	var top json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the byte that broke the syntax; at the end of input it is the length.
			off := base + int(se.Offset)
			if int(se.Offset) < len(body) || !strings.HasPrefix(se.Error(), "unexpected end") {
				off = max(off-1, base)
			}
			return nil, &bonafide.InputError{File: name, Line: lineAt(data, min(off, len(data))),
				Msg: fmt.Sprintf("malformed JSON at byte offset %d", off), Err: err}
		}
		return nil, &bonafide.InputError{File: name, Msg: "malformed JSON", Err: err}
	}
	lead := base + len(body) - len(trimmed)
	switch trimmed[0] {
	case '{':
		acc, err := parseRecord(name, 1, lineAt(data, lead), top)
		if err != nil {
			return nil, err
		}
		return []Export{{File: name, Record: 1, Line: lineAt(data, lead), Account: acc, Raw: top}}, nil
	case '[':
		var out []Export
		lc := lineCounter{data: data}
		dec := json.NewDecoder(bytes.NewReader(top))
		if _, err := dec.Token(); err != nil { // [
			return nil, &bonafide.InputError{File: name, Msg: "malformed JSON", Err: err}
		}
		for n := 1; dec.More(); n++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, &bonafide.InputError{File: name, Record: strconv.Itoa(n), Msg: "malformed JSON", Err: err}
			}
			start := lead + int(dec.InputOffset()) - len(raw)
			line := lc.at(start)
			acc, err := parseRecord(name, n, line, raw)
			if err != nil {
				return nil, err
			}
			out = append(out, Export{File: name, Record: n, Line: line, Array: true, Account: acc, Raw: raw})
		}
		if len(out) == 0 {
			return nil, &bonafide.InputError{File: name, Line: lineAt(data, lead), Msg: "empty array: want at least one GitHub export object"}
		}
		return out, nil
	default:
		return nil, &bonafide.InputError{File: name, Line: lineAt(data, lead),
			Msg: fmt.Sprintf(`want a GitHub export object {"user": …} or an array of them, got a %s`, jsonType(firstValue(trimmed)))}
	}
}

// firstValue decodes the top-level scalar for its type name.
func firstValue(b []byte) any {
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}

func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// lineCounter gives lines of increasing offsets in linear total time.
type lineCounter struct {
	data []byte
	off  int
	line int // lines before off, minus one
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, c.off), len(c.data))
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line + 1
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// rec locates errors inside one record.
type rec struct {
	file string
	n    int
	line int
}

func (r rec) errf(path, format string, args ...any) error {
	return &bonafide.InputError{File: r.file, Line: r.line, Record: strconv.Itoa(r.n), Field: path, Msg: fmt.Sprintf(format, args...)}
}

func (r rec) wantType(path, want string, got any) error {
	return r.errf(path, "want %s, got %s", want, article(jsonType(got)))
}

func article(t string) string {
	switch t {
	case "null":
		return "null"
	case "object", "array":
		return "an " + t
	}
	return "a " + t
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func parseRecord(file string, n, line int, raw json.RawMessage) (*bonafide.GitHubAccount, error) {
	r := rec{file, n, line}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &bonafide.InputError{File: file, Line: line, Record: strconv.Itoa(n), Msg: "malformed JSON", Err: err}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, r.errf("", `want a GitHub export object {"user": …}, got %s`, article(jsonType(v)))
	}
	acc := &bonafide.GitHubAccount{}
	if err := r.user(top, acc); err != nil {
		return nil, err
	}
	if err := r.repos(top, acc); err != nil {
		return nil, err
	}
	if err := r.commits(top, acc); err != nil {
		return nil, err
	}
	var err error
	if acc.Followers, err = r.logins(top, "followers"); err != nil {
		return nil, err
	}
	if acc.Following, err = r.logins(top, "following"); err != nil {
		return nil, err
	}
	return acc, nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// object returns m[key] as an object; ok is false when absent or null (allowed only when
// nullable).
func (r rec) object(m map[string]any, path, key string, required bool) (map[string]any, bool, error) {
	v, present := m[key]
	p := join(path, key)
	if !present || v == nil {
		if required {
			if present {
				return nil, false, r.wantType(p, "an object", v)
			}
			return nil, false, r.errf(p, "missing")
		}
		return nil, false, nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, false, r.wantType(p, "an object", v)
	}
	return o, true, nil
}

// str returns m[key] as a trimmed string ("" when absent or null).
func (r rec) str(m map[string]any, path, key string, required bool) (string, error) {
	v, present := m[key]
	p := join(path, key)
	if !present || v == nil {
		if required {
			if present {
				return "", r.wantType(p, "a string", v)
			}
			return "", r.errf(p, "missing")
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", r.wantType(p, "a string", v)
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		return "", r.errf(p, "empty")
	}
	return s, nil
}

// time reads an RFC 3339 time (zero when absent or null and not required).
func (r rec) time(m map[string]any, path, key string, required bool) (time.Time, error) {
	s, err := r.str(m, path, key, required)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, r.errf(join(path, key), "%q is not a time; want RFC 3339 as GitHub writes it (2021-04-14T16:00:49Z)", s)
	}
	return t.UTC(), nil
}

func (r rec) array(m map[string]any, key string) ([]any, error) {
	v, present := m[key]
	if !present || v == nil {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, r.wantType(key, "an array", v)
	}
	return a, nil
}

func (r rec) user(top map[string]any, acc *bonafide.GitHubAccount) error {
	u, _, err := r.object(top, "", "user", true)
	if err != nil {
		return err
	}
	if acc.Login, err = r.str(u, "user", "login", true); err != nil {
		return err
	}
	if canon, err := normalize.Profile(acc.Login, normalize.NetGitHub); err != nil || canon != "github:"+strings.ToLower(acc.Login) {
		return r.errf("user.login", "%q is not a GitHub login (letters, digits and hyphens, at most 39)", acc.Login)
	}
	if v, present := u["id"]; present && v != nil {
		num, ok := v.(json.Number)
		if !ok {
			return r.wantType("user.id", "an integer", v)
		}
		if acc.ID, err = num.Int64(); err != nil {
			return r.errf("user.id", "%s is not an integer", num)
		}
	}
	if acc.Name, err = r.str(u, "user", "name", false); err != nil {
		return err
	}
	if acc.Email, err = r.str(u, "user", "email", false); err != nil {
		return err
	}
	acc.CreatedAt, err = r.time(u, "user", "created_at", true)
	return err
}

func (r rec) repos(top map[string]any, acc *bonafide.GitHubAccount) error {
	items, err := r.array(top, "repos")
	if err != nil {
		return err
	}
	for i, it := range items {
		p := fmt.Sprintf("repos[%d]", i)
		m, ok := it.(map[string]any)
		if !ok {
			return r.wantType(p, "an object", it)
		}
		var repo bonafide.GitHubRepo
		if repo.FullName, err = r.fullName(m, p, true); err != nil {
			return err
		}
		if v, present := m["fork"]; present && v != nil {
			b, ok := v.(bool)
			if !ok {
				return r.wantType(p+".fork", "a boolean", v)
			}
			repo.Fork = b
		}
		if repo.CreatedAt, err = r.time(m, p, "created_at", false); err != nil {
			return err
		}
		for _, key := range []string{"parent", "source"} {
			o, ok, err := r.object(m, p, key, false)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			fn, err := r.fullName(o, join(p, key), true)
			if err != nil {
				return err
			}
			if repo.Parent == "" {
				repo.Parent = fn
			}
		}
		acc.Repos = append(acc.Repos, repo)
	}
	return nil
}

// fullName reads m.full_name as "owner/name".
func (r rec) fullName(m map[string]any, path string, required bool) (string, error) {
	s, err := r.str(m, path, "full_name", required)
	if err != nil || s == "" {
		return s, err
	}
	if !validFullName(s) {
		return "", r.errf(join(path, "full_name"), "%q is not a repository full name; want \"owner/name\"", s)
	}
	return s, nil
}

func validFullName(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	return ok && owner != "" && name != "" && !strings.ContainsAny(name, "/ \t\r\n") && !strings.ContainsAny(owner, " \t\r\n")
}

func (r rec) commits(top map[string]any, acc *bonafide.GitHubAccount) error {
	items, err := r.array(top, "commits")
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		p := fmt.Sprintf("commits[%d]", i)
		m, ok := it.(map[string]any)
		if !ok {
			return r.wantType(p, "an object", it)
		}
		var c bonafide.GitHubCommit
		if c.SHA, err = r.str(m, p, "sha", true); err != nil {
			return err
		}
		if !hexSHA(c.SHA) {
			return r.errf(p+".sha", "%q is not a commit SHA (7 to 64 hexadecimal digits)", c.SHA)
		}
		c.SHA = strings.ToLower(c.SHA)
		gc, _, err := r.object(m, p, "commit", true)
		if err != nil {
			return err
		}
		if a, ok, err := r.object(gc, p+".commit", "author", false); err != nil {
			return err
		} else if ok {
			ap := p + ".commit.author"
			if c.AuthorName, err = r.str(a, ap, "name", false); err != nil {
				return err
			}
			if c.AuthorEmail, err = r.str(a, ap, "email", false); err != nil {
				return err
			}
			if c.AuthorDate, err = r.time(a, ap, "date", false); err != nil {
				return err
			}
		}
		if c.Repo, err = r.commitRepo(m, p); err != nil {
			return err
		}
		login := ""
		if a, ok, err := r.object(m, p, "author", false); err != nil {
			return err
		} else if ok {
			if login, err = r.str(a, p+".author", "login", false); err != nil {
				return err
			}
		}
		if login != "" && !strings.EqualFold(login, acc.Login) {
			continue // another account's commit
		}
		key := strings.ToLower(c.Repo) + "@" + c.SHA
		if seen[key] {
			continue
		}
		seen[key] = true
		acc.Commits = append(acc.Commits, c)
	}
	return nil
}

func hexSHA(s string) bool {
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// commitRepo finds the commit's repository from html_url, url or repository.full_name.
func (r rec) commitRepo(m map[string]any, p string) (string, error) {
	html, err := r.str(m, p, "html_url", false)
	if err != nil {
		return "", err
	}
	if repo, ok := repoFromURL(html, false); ok {
		return repo, nil
	}
	api, err := r.str(m, p, "url", false)
	if err != nil {
		return "", err
	}
	if repo, ok := repoFromURL(api, true); ok {
		return repo, nil
	}
	if o, ok, err := r.object(m, p, "repository", false); err != nil {
		return "", err
	} else if ok {
		fn, err := r.fullName(o, p+".repository", false)
		if err != nil {
			return "", err
		}
		if fn != "" {
			return fn, nil
		}
	}
	field := p + ".html_url"
	if html == "" && api != "" {
		field = p + ".url"
	}
	got := html
	if got == "" {
		got = api
	}
	if got == "" {
		return "", r.errf(field, "missing: want https://github.com/<owner>/<repo>/commit/<sha> (or url https://api.github.com/repos/<owner>/<repo>/commits/<sha>) to tell the commit's repository")
	}
	return "", r.errf(field, "%q names no repository; want https://github.com/<owner>/<repo>/commit/<sha> (or url https://api.github.com/repos/<owner>/<repo>/commits/<sha>)", got)
}

// repoFromURL extracts "owner/repo" from a commit's html_url (/<owner>/<repo>/commit/<sha>) or,
// when api, its API url (/repos/<owner>/<repo>/commits/<sha>, also under /api/v3 on GitHub
// Enterprise Server).
func repoFromURL(s string, api bool) (string, bool) {
	if s == "" {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", false
	}
	seg := strings.Split(strings.Trim(u.Path, "/"), "/")
	if api {
		if len(seg) >= 2 && seg[0] == "api" && seg[1] == "v3" {
			seg = seg[2:]
		}
		if len(seg) != 5 || seg[0] != "repos" || seg[3] != "commits" {
			return "", false
		}
		seg = seg[1:]
	} else if len(seg) != 4 || seg[2] != "commit" {
		return "", false
	}
	full := seg[0] + "/" + seg[1]
	if !validFullName(full) {
		return "", false
	}
	return full, true
}

// logins reads an array of user objects as their logins, each once.
func (r rec) logins(top map[string]any, key string) ([]string, error) {
	items, err := r.array(top, key)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		p := fmt.Sprintf("%s[%d]", key, i)
		m, ok := it.(map[string]any)
		if !ok {
			return nil, r.wantType(p, "a user object with a login", it)
		}
		l, err := r.str(m, p, "login", true)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(l, "/ \t\r\n") {
			return nil, r.errf(p+".login", "%q is not a GitHub login", l)
		}
		if low := strings.ToLower(l); !seen[low] {
			seen[low] = true
			out = append(out, l)
		}
	}
	return out, nil
}
