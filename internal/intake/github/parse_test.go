package githubintake

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func parseFile(t *testing.T, path string) []Export {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := Parse(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestParseSingleAccount(t *testing.T) {
	path := filepath.Join("testdata", "lena-hoffmann.github.json")
	ex := parseFile(t, path)
	if len(ex) != 1 {
		t.Fatalf("%d exports, want 1", len(ex))
	}
	e := ex[0]
	if e.File != path || e.Record != 1 || e.Line != 1 || e.Array {
		t.Errorf("place = %q record %d line %d array %v", e.File, e.Record, e.Line, e.Array)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Equal(e.Raw, bytes.TrimSpace(raw)) {
		t.Errorf("Raw is not the record as read")
	}
	noreply := "48213377+lena-hoffmann@users.noreply.github.com"
	want := &bonafide.GitHubAccount{
		Login: "lena-hoffmann", ID: 48213377, Name: "Lena Hoffmann", Email: "lena.hoffmann@example.de",
		CreatedAt: ts("2017-03-09T10:22:41Z"),
		Followers: []string{"tferreira", "janko-dev"},
		Following: []string{"tferreira", "rsc"},
		Repos: []bonafide.GitHubRepo{
			{FullName: "lena-hoffmann/pg-outbox", CreatedAt: ts("2018-05-14T18:02:10Z")},
			{FullName: "lena-hoffmann/dotfiles", CreatedAt: ts("2017-06-01T20:11:54Z")},
			{FullName: "lena-hoffmann/ratelimit", Fork: true, Parent: "nordwind-oss/ratelimit", CreatedAt: ts("2021-10-02T09:30:00Z")},
		},
		Commits: []bonafide.GitHubCommit{
			{Repo: "lena-hoffmann/pg-outbox", SHA: "90782fae666c6ecaa06661dd445861aa7221bbcc", AuthorName: "Lena Hoffmann", AuthorEmail: noreply, AuthorDate: ts("2026-09-12T07:40:12Z")},
			{Repo: "lena-hoffmann/pg-outbox", SHA: "daeb4f52170ecc8bad66416b532db7b0738f0461", AuthorName: "Lena Hoffmann", AuthorEmail: noreply, AuthorDate: ts("2018-05-20T19:14:02Z")},
			{Repo: "lena-hoffmann/pg-outbox", SHA: "f091da7385eb10ad06a8babecf7c6be288bbd317", AuthorName: "Lena Hoffmann", AuthorEmail: noreply, AuthorDate: ts("2018-05-14T18:05:33Z")},
			{Repo: "lena-hoffmann/dotfiles", SHA: "f9a719c1a9becf0a42d3ffdfbea4b37b327c1c46", AuthorName: "Lena Hoffmann", AuthorEmail: "lena.hoffmann@example.de", AuthorDate: ts("2017-06-01T20:12:40Z")},
			{Repo: "nordwind-oss/ratelimit", SHA: "6ac5f9618c9ce1571b822d4a13459ac7a1c41720", AuthorName: "Lena Hoffmann", AuthorEmail: noreply, AuthorDate: ts("2021-10-04T12:00:00Z")},
		},
	}
	if !reflect.DeepEqual(e.Account, want) {
		got, _ := json.MarshalIndent(e.Account, "", " ")
		t.Errorf("account =\n%s", got)
	}
	// Unknown fields, at the top and inside GitHub's objects, stay in Raw.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(e.Raw, &top); err != nil {
		t.Fatal(err)
	}
	if string(top["exported_at"]) != `"2026-11-03T08:15:00Z"` || !bytes.Contains(top["exporter"], []byte(`"gh-export"`)) {
		t.Errorf("unknown top-level fields not kept: %s / %s", top["exported_at"], top["exporter"])
	}
	if !bytes.Contains(top["user"], []byte(`"bio": "Backend developer. Go, Postgres, a little Rust."`)) {
		t.Errorf("user.bio not kept in Raw")
	}
}

func TestParseArray(t *testing.T) {
	path := filepath.Join("testdata", "ring.github.json")
	ex := parseFile(t, path)
	var got []string
	for _, e := range ex {
		a := e.Account
		got = append(got, strings.Join([]string{a.Login, e.File, itoa(e.Record), itoa(e.Line),
			itoa(len(a.Repos)), itoa(len(a.Commits)), strings.Join(a.Followers, "+"), strings.Join(a.Following, "+")}, " "))
		if !e.Array {
			t.Errorf("%s: Array = false", a.Login)
		}
		var probe struct {
			User struct{ Login string } `json:"user"`
		}
		if err := json.Unmarshal(e.Raw, &probe); err != nil || probe.User.Login != a.Login {
			t.Errorf("%s: Raw holds %q (%v)", a.Login, probe.User.Login, err)
		}
	}
	want := []string{
		"marco-silva-dev " + path + " 1 2 2 6 j-kowalczyk+emre-yilmaz-codes j-kowalczyk+vitalik-fan-42",
		"j-kowalczyk " + path + " 2 751 1 1 marco-silva-dev marco-silva-dev+emre-yilmaz-codes",
		"emre-yilmaz-codes " + path + " 3 1012 0 2 j-kowalczyk marco-silva-dev",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("exports =\n%q\nwant\n%q", got, want)
	}
	j := ex[1].Account
	if j.Repos[0] != (bonafide.GitHubRepo{FullName: "j-kowalczyk/defi-dashboard", Fork: true, Parent: "marco-silva-dev/defi-dashboard", CreatedAt: ts("2024-11-03T02:00:00Z")}) {
		t.Errorf("fork = %+v", j.Repos[0])
	}
	e := ex[2].Account
	if c := e.Commits[1]; c.Repo != "marco-silva-dev/defi-dashboard" || c.AuthorEmail != "nordlicht.dev.7731+emre@proton.me" || !c.AuthorDate.Equal(ts("2024-11-06T03:15:00Z")) {
		t.Errorf("emre's first commit = %+v", c)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// minimal builds an export record around the given fragments.
func minimal(user, rest string) string {
	if user == "" {
		user = `{"login":"ana-dev","id":7,"created_at":"2020-01-02T03:04:05Z"}`
	}
	if rest != "" {
		rest = "," + rest
	}
	return `{"user":` + user + rest + `}`
}

const goodCommit = `{"sha":"0123456789abcdef0123456789abcdef01234567","commit":{"author":{"name":"A","email":"a@example.pt","date":"2020-01-01T00:00:00Z"}},"html_url":"https://github.com/ana-dev/x/commit/0123456789abcdef0123456789abcdef01234567"}`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		record   string
		field    string
		msg      string // substring of the message
	}{
		{"empty", "  \n", 0, "", "", "empty file"},
		{"not JSON", "user: x", 1, "", "", "malformed JSON at byte offset 0"},
		{"truncated", "{\n\"user\": {", 2, "", "", "malformed JSON at byte offset 11"},
		{"trailing", minimal("", "") + " {}", 1, "", "", "malformed JSON"},
		{"scalar", `"hello"`, 1, "", "", "got a string"},
		{"empty array", `[]`, 1, "", "", "empty array"},
		{"array of scalars", `[1]`, 1, "1", "", "got a number"},
		{"no user", `{"repos":[]}`, 1, "1", "user", "missing"},
		{"user null", `{"user":null}`, 1, "1", "user", "want an object, got null"},
		{"login number", minimal(`{"login":42,"created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.login", "want a string, got a number"},
		{"login empty", minimal(`{"login":" ","created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.login", "empty"},
		{"login url", minimal(`{"login":"https://github.com/x","created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.login", "not a GitHub login"},
		{"id string", minimal(`{"login":"a","id":"7","created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.id", "want an integer, got a string"},
		{"id fraction", minimal(`{"login":"a","id":7.5,"created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.id", "not an integer"},
		{"no created_at", minimal(`{"login":"a"}`, ""), 1, "1", "user.created_at", "missing"},
		{"bad created_at", minimal(`{"login":"a","created_at":"09/03/2017"}`, ""), 1, "1", "user.created_at", "not a time"},
		{"email number", minimal(`{"login":"a","email":1,"created_at":"2020-01-02T03:04:05Z"}`, ""), 1, "1", "user.email", "want a string"},
		{"repos object", minimal("", `"repos":{}`), 1, "1", "repos", "want an array, got an object"},
		{"repo string", minimal("", `"repos":["a/b"]`), 1, "1", "repos[0]", "want an object, got a string"},
		{"repo no full_name", minimal("", `"repos":[{"name":"b"}]`), 1, "1", "repos[0].full_name", "missing"},
		{"repo bad full_name", minimal("", `"repos":[{"full_name":"b"}]`), 1, "1", "repos[0].full_name", "owner/name"},
		{"repo fork string", minimal("", `"repos":[{"full_name":"a/b","fork":"yes"}]`), 1, "1", "repos[0].fork", "want a boolean, got a string"},
		{"repo parent string", minimal("", `"repos":[{"full_name":"a/b","fork":true,"parent":"c/b"}]`), 1, "1", "repos[0].parent", "want an object"},
		{"repo parent no name", minimal("", `"repos":[{"full_name":"a/b","fork":true,"parent":{"id":3}}]`), 1, "1", "repos[0].parent.full_name", "missing"},
		{"commit no sha", minimal("", `"commits":[{"commit":{}}]`), 1, "1", "commits[0].sha", "missing"},
		{"commit bad sha", minimal("", `"commits":[{"sha":"xyz","commit":{}}]`), 1, "1", "commits[0].sha", "not a commit SHA"},
		{"commit no commit", minimal("", `"commits":[{"sha":"0123456789"}]`), 1, "1", "commits[0].commit", "missing"},
		{"commit date number", minimal("", `"commits":[`+goodCommit+`,{"sha":"0123456789","commit":{"author":{"date":1}},"html_url":"https://github.com/a/b/commit/0123456789"}]`), 1, "1", "commits[1].commit.author.date", "want a string, got a number"},
		{"commit no repo", minimal("", `"commits":[{"sha":"0123456789","commit":{}}]`), 1, "1", "commits[0].html_url", "missing"},
		{"commit bad url", minimal("", `"commits":[{"sha":"0123456789","commit":{},"html_url":"https://github.com/a"}]`), 1, "1", "commits[0].html_url", "names no repository"},
		{"commit author string", minimal("", `"commits":[{"sha":"0123456789","commit":{},"html_url":"https://github.com/a/b/commit/0123456789","author":"a"}]`), 1, "1", "commits[0].author", "want an object"},
		{"follower string", minimal("", `"followers":["bob"]`), 1, "1", "followers[0]", "want a user object with a login, got a string"},
		{"following no login", minimal("", `"following":[{"id":3}]`), 1, "1", "following[0].login", "missing"},
		{"second record", "[\n" + minimal("", "") + ",\n" + minimal("", `"following":[{"login":1}]`) + "\n]", 3, "2", "following[0].login", "want a string, got a number"},
		{"bad utf8", "{\"user\":{\"login\":\"a\xff\"}}", 1, "", "", "not valid UTF-8 at byte offset 19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := Parse("x.github.json", strings.NewReader(tt.in))
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), exports %d; want *bonafide.InputError", err, err, len(ex))
			}
			if ex != nil {
				t.Errorf("exports returned with an error")
			}
			if ie.File != "x.github.json" || ie.Line != tt.line || ie.Record != tt.record || ie.Field != tt.field || !strings.Contains(ie.Error(), tt.msg) {
				t.Errorf("got file %q line %d record %q field %q: %v\nwant line %d record %q field %q msg ~ %q",
					ie.File, ie.Line, ie.Record, ie.Field, err, tt.line, tt.record, tt.field, tt.msg)
			}
			if bonafide.KindOf(err) != bonafide.Invalid {
				t.Errorf("kind = %v", bonafide.KindOf(err))
			}
		})
	}
}

func TestParseLenient(t *testing.T) {
	in := minimal(`{"login":"Ana-Dev","created_at":"2020-01-02T05:04:05+02:00","name":null,"email":null,"plan":{"name":"free"}}`,
		`"repos":[{"full_name":"Ana-Dev/x","fork":null,"parent":null,"created_at":null,"topics":["go"]}],
		"commits":[
		  {"sha":"ABCDEF0123","commit":{"author":null},"url":"https://ghe.example.pt/api/v3/repos/Ana-Dev/x/commits/abcdef0123","author":null},
		  {"sha":"abcdef0123","commit":{"author":null},"html_url":"https://github.com/Ana-Dev/x/commit/abcdef0123"},
		  {"sha":"1111111111","commit":{"author":{"name":"A","email":"a@example.pt","date":"2019-01-01T00:00:00Z"}},"repository":{"full_name":"org/y"},"author":{"login":"ana-dev"}},
		  {"sha":"2222222222","commit":{},"html_url":"https://github.com/org/y/commit/2222222222","author":{"login":"someone-else"}}
		],
		"followers":[{"login":"Bob"},{"login":"bob"}],"following":null,"gists":[]`)
	ex, err := Parse("stdin", strings.NewReader("\xEF\xBB\xBF\n"+in))
	if err != nil {
		t.Fatal(err)
	}
	want := &bonafide.GitHubAccount{
		Login: "Ana-Dev", CreatedAt: ts("2020-01-02T03:04:05Z"),
		Followers: []string{"Bob"},
		Repos:     []bonafide.GitHubRepo{{FullName: "Ana-Dev/x"}},
		Commits: []bonafide.GitHubCommit{
			{Repo: "Ana-Dev/x", SHA: "abcdef0123"},
			{Repo: "org/y", SHA: "1111111111", AuthorName: "A", AuthorEmail: "a@example.pt", AuthorDate: ts("2019-01-01T00:00:00Z")},
		},
	}
	if !reflect.DeepEqual(ex[0].Account, want) {
		t.Errorf("account = %+v\nwant %+v", ex[0].Account, want)
	}
	if ex[0].Line != 2 {
		t.Errorf("line = %d, want 2", ex[0].Line)
	}
}

func TestIsExportName(t *testing.T) {
	for in, want := range map[string]bool{
		"a.github.json": true, "dir/A-1001.GitHub.JSON": true, ".github.json": false, "github.json": false,
		"a.github.json.bak": false, "a.json": false, "a-github.json": false,
	} {
		if got := IsExportName(in); got != want {
			t.Errorf("IsExportName(%q) = %v", in, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	// The fixtures, reduced to the fields Parse reads: the fuzzer mutates small seeds far faster.
	for _, name := range []string{"lena-hoffmann.github.json", "ring.github.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(reduce(f, b))
	}
	f.Add([]byte(minimal("", `"commits":[`+goodCommit+`],"followers":[{"login":"b"}]`)))
	f.Add([]byte(`[` + minimal("", "") + `]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		ex, err := Parse("fuzz.github.json", bytes.NewReader(in))
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ex != nil {
				t.Fatalf("error %T %v with %d exports", err, err, len(ex))
			}
			return
		}
		if len(ex) == 0 {
			t.Fatal("no exports and no error")
		}
		for i, e := range ex {
			a := e.Account
			if a == nil || a.Login == "" || a.CreatedAt.IsZero() || e.Record != i+1 || e.Line < 1 || !json.Valid(e.Raw) {
				t.Fatalf("bad export %d: %+v", i, e)
			}
			for _, c := range a.Commits {
				if c.Repo == "" || c.SHA == "" || !validFullName(c.Repo) {
					t.Fatalf("bad commit %+v", c)
				}
			}
			for _, r := range a.Repos {
				if !validFullName(r.FullName) {
					t.Fatalf("bad repo %+v", r)
				}
			}
		}
	})
}

// reduce keeps only the fields Parse reads, recursively, from an export file.
func reduce(f *testing.F, b []byte) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		f.Fatal(err)
	}
	keep := map[string]bool{"user": true, "repos": true, "commits": true, "followers": true, "following": true,
		"login": true, "id": true, "name": true, "email": true, "created_at": true, "full_name": true, "fork": true,
		"parent": true, "sha": true, "commit": true, "author": true, "date": true, "html_url": true}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !keep[k] {
					delete(x, k)
					continue
				}
				x[k] = walk(e)
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	out, err := json.Marshal(walk(v))
	if err != nil {
		f.Fatal(err)
	}
	return out
}
