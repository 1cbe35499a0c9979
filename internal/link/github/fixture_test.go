package githublink

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	githubintake "github.com/bonafide-oss/bonafide/internal/intake/github"
)

// TestFixtureRing runs the analysis on the intake fixture of three persona accounts.
func TestFixtureRing(t *testing.T) {
	path := filepath.Join("..", "..", "intake", "github", "testdata", "ring.github.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exports, err := githubintake.Parse(path, f)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Marco Silva", "Jakub Kowalczyk", "Emre Yılmaz"}
	var people []*bonafide.Person
	for i, e := range exports {
		people = append(people, &bonafide.Person{ID: "A-" + string(rune('1'+i)), Name: names[i], GitHub: e.Account})
	}
	links, findings := Analyse(people)
	wantLinks := []string{
		"A-1|A-2|github_follow|marco-silva-dev ⇄ j-kowalczyk (mutual follow); follow ring with emre-yilmaz-codes|0.3",
		"A-1|A-2|github_repo|j-kowalczyk/defi-dashboard is a fork of marco-silva-dev/defi-dashboard|0.5",
		"A-1|A-3|github_commit|emre-yilmaz-codes committed in marco-silva-dev's repository marco-silva-dev/defi-dashboard (2 commits, e.g. 2b9563ab8ff6)|0.5",
		"A-1|A-3|github_email|nordlicht.dev.7731@proton.me|0.85",
		"A-1|A-3|github_follow|emre-yilmaz-codes → marco-silva-dev; follow ring with j-kowalczyk|0.15",
		"A-2|A-3|github_follow|j-kowalczyk → emre-yilmaz-codes; follow ring with marco-silva-dev|0.15",
	}
	if got := linkStrings(links); !slices.Equal(got, wantLinks) {
		t.Errorf("links =\n%q\nwant\n%q", got, wantLinks)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.PersonID+" "+f.Key)
	}
	want := []string{
		"A-1 github-aged:marco-silva-dev",
		"A-1 github-ring:A-2:github_follow", "A-1 github-ring:A-2:github_repo",
		"A-1 github-ring:A-3:github_commit", "A-1 github-ring:A-3:github_email", "A-1 github-ring:A-3:github_follow",
		"A-2 github-ring:A-1:github_follow", "A-2 github-ring:A-1:github_repo", "A-2 github-ring:A-3:github_follow",
		"A-3 github-ring:A-1:github_commit", "A-3 github-ring:A-1:github_email", "A-3 github-ring:A-1:github_follow",
		"A-3 github-ring:A-2:github_follow",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings =\n%q\nwant\n%q", got, want)
	}
	if f := findings[0]; f.Summary != "GitHub account marco-silva-dev was created on 2024-11-02, 2069 days after its earliest commit (2019-03-04 in marco-silva-dev/defi-dashboard); 4 of 6 dated commits predate the account" {
		t.Errorf("aged summary = %q", f.Summary)
	}
}
