package intake

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// TestLoadGitHubExports: *.github.json files are attached to the applicants naming the login;
// an export no one names is a note.
func TestLoadGitHubExports(t *testing.T) {
	dir := t.TempDir()
	ring, err := os.ReadFile(filepath.Join("github", "testdata", "ring.github.json"))
	if err != nil {
		t.Fatal(err)
	}
	lena, err := os.ReadFile(filepath.Join("github", "testdata", "lena-hoffmann.github.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"applicants.csv": "id,name,country,github\n" +
			"A-1,Marco Silva,PT,https://github.com/Marco-Silva-Dev\n" +
			"A-2,Emre Yılmaz,DE,emre-yilmaz-codes\n" +
			"A-3,Ana Costa,PT,\n",
		"exports/ring.github.json":          string(ring),
		"exports/lena-hoffmann.GitHub.json": string(lena),
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	people, notes, err := Load(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range people {
		if p.GitHub != nil {
			got[p.ID] = p.GitHub.Login
		}
	}
	if want := map[string]string{"A-1": "marco-silva-dev", "A-2": "emre-yilmaz-codes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("attached %v, want %v", got, want)
	}
	wantNotes := []string{
		"skipped " + filepath.Join(dir, "exports", "lena-hoffmann.GitHub.json") + `: no applicant with GitHub login "lena-hoffmann"`,
		"skipped " + filepath.Join(dir, "exports", "ring.github.json") + `: record 2: no applicant with GitHub login "j-kowalczyk"`,
	}
	if !reflect.DeepEqual(notes, wantNotes) {
		t.Errorf("notes =\n%q\nwant\n%q", notes, wantNotes)
	}
	if n := len(people[0].GitHub.Commits); n != 6 {
		t.Errorf("A-1 has %d commits, want 6", n)
	}

	// A bad export stops the whole load, naming file, record and JSON path.
	bad := filepath.Join(dir, "exports", "bad.github.json")
	if err := os.WriteFile(bad, []byte(`{"user":{"login":"x","created_at":"2020-01-01T00:00:00Z"},"repos":[{"full_name":7}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	people, notes, err = Load(context.Background(), []string{dir}, nil)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || people != nil || notes != nil {
		t.Fatalf("err = %v, %d people", err, len(people))
	}
	if ie.File != bad || ie.Record != "1" || ie.Field != "repos[0].full_name" {
		t.Errorf("error = %v", err)
	}
}
