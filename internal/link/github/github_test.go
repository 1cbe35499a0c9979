package githublink

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// sha40 makes a full-length SHA from a short tag.
func sha40(tag string) string { return (tag + strings.Repeat("0", 40))[:40] }

type acc = bonafide.GitHubAccount

func gh(id, name, login string, mod func(a *acc)) *bonafide.Person {
	a := &acc{Login: login, CreatedAt: day("2020-01-01")}
	if mod != nil {
		mod(a)
	}
	return &bonafide.Person{ID: id, Name: name, GitHub: a}
}

func commit(repo, tag, email string, date string) bonafide.GitHubCommit {
	return bonafide.GitHubCommit{Repo: repo, SHA: sha40(tag), AuthorName: "x", AuthorEmail: email, AuthorDate: day(date)}
}

func TestAged(t *testing.T) {
	created := day("2024-11-02")
	tests := []struct {
		name    string
		commits []bonafide.GitHubCommit
		want    string // summary; "" for no finding
	}{
		{"backdated years", []bonafide.GitHubCommit{
			commit("m/defi", "c3", "", "2024-11-02"), commit("m/defi", "b2", "", "2019-08-19"), commit("m/nft", "a1", "", "2019-03-04"),
		}, "GitHub account marco-silva-dev was created on 2024-11-02, 2070 days after its earliest commit (2019-03-04 in m/nft); 2 of 3 dated commits predate the account"},
		{"31 days early", []bonafide.GitHubCommit{commit("m/x", "a1", "", "2024-10-02")},
			"GitHub account marco-silva-dev was created on 2024-11-02, 31 days after its earliest commit (2024-10-02 in m/x); 1 of 1 dated commits predate the account"},
		{"exactly 30 days early", []bonafide.GitHubCommit{commit("m/x", "a1", "", "2024-10-03")}, ""},
		{"29 days early", []bonafide.GitHubCommit{commit("m/x", "a1", "", "2024-10-04")}, ""},
		{"after creation", []bonafide.GitHubCommit{commit("m/x", "a1", "", "2025-01-01")}, ""},
		{"undated commits", []bonafide.GitHubCommit{{Repo: "m/x", SHA: sha40("a1")}}, ""},
		{"no commits", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := gh("A-1", "Marco Silva", "marco-silva-dev", func(a *acc) { a.CreatedAt = created; a.Commits = tt.commits })
			f, ok := Aged(p)
			if got := f.Summary; ok != (tt.want != "") || got != tt.want {
				t.Errorf("ok=%v summary %q\nwant %q", ok, got, tt.want)
			}
		})
	}
	if _, ok := Aged(&bonafide.Person{ID: "A-2"}); ok {
		t.Error("finding for a person without an account")
	}
}

func TestAgedFinding(t *testing.T) {
	p := gh("A-1", "Marco Silva", "Marco-Silva-Dev", func(a *acc) {
		a.CreatedAt = time.Date(2024, 11, 2, 3, 41, 9, 0, time.UTC)
		a.Commits = []bonafide.GitHubCommit{commit("m/defi", "b2", "", "2019-03-04"), commit("m/nft", "a1", "", "2019-03-04"), {Repo: "m/x", SHA: "99"}}
	})
	f, ok := Aged(p)
	if !ok {
		t.Fatal("no finding")
	}
	want := bonafide.Finding{
		PersonID: "A-1", SignalID: "NET-GITHUB-AGED", Severity: bonafide.SeverityMedium, Weight: 20,
		Summary: "GitHub account Marco-Silva-Dev was created on 2024-11-02, 2070 days after its earliest commit (2019-03-04 in m/nft); 2 of 2 dated commits predate the account",
		Evidence: []bonafide.Evidence{
			{Field: "github.created_at", Value: "2024-11-02T03:41:09Z", Note: "when GitHub says the account was created"},
			{Field: "github.commits", Value: "m/nft@" + sha40("a1"), Note: "earliest authored commit, dated 2019-03-04T00:00:00Z; Git author dates are set by whoever commits and can be backdated"},
			{Field: "github.commits", Value: "2", Note: "2 of the account's 2 dated commits are dated before the account existed"},
		},
		Sources: []string{"SEAL"}, Key: "github-aged:marco-silva-dev",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("finding =\n%+v\nwant\n%+v", f, want)
	}
}

// linkStrings renders links as "A|B|kind|value|weight".
func linkStrings(links []bonafide.Link) []string {
	var out []string
	for _, l := range links {
		if l.Signal != SignalRing {
			out = append(out, "bad signal "+l.Signal)
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%g", l.A, l.B, l.Kind, l.Value, l.Weight))
	}
	return out
}

// ringKeys renders NET-GITHUB-RING findings as "person key related".
func ringKeys(fs []bonafide.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.SignalID != SignalRing {
			continue
		}
		out = append(out, f.PersonID+" "+f.Key+" "+strings.Join(f.Related, ","))
	}
	return out
}

func following(logins ...string) func(*acc) { return func(a *acc) { a.Following = logins } }

func TestRing(t *testing.T) {
	gmail := func(addr string) func(*acc) {
		return func(a *acc) {
			a.Commits = []bonafide.GitHubCommit{commit(a.Login+"/site", a.Login, addr, "2021-01-01")}
		}
	}
	tests := []struct {
		name   string
		people []*bonafide.Person
		links  []string
		keys   []string
	}{
		{
			name: "mutual follow",
			people: []*bonafide.Person{
				gh("A-2", "Bruno Lima", "bruno", following("ana", "torvalds")),
				gh("A-1", "Ana Costa", "ana", func(a *acc) { a.Following = []string{"Bruno"}; a.Followers = []string{"bruno", "someone"} }),
			},
			links: []string{"A-1|A-2|github_follow|ana ⇄ bruno (mutual follow)|0.3"},
			keys:  []string{"A-1 github-ring:A-2:github_follow A-2", "A-2 github-ring:A-1:github_follow A-1"},
		},
		{
			name: "one-way follow from a followers list: a link, no finding",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) { a.Followers = []string{"bruno"} }),
				gh("A-2", "Bruno Lima", "bruno", nil),
			},
			links: []string{"A-1|A-2|github_follow|bruno → ana|0.15"},
		},
		{
			name: "follow cycle of three",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", following("bruno")),
				gh("A-2", "Bruno Lima", "bruno", following("carla")),
				gh("A-3", "Carla Dias", "carla", following("ana")),
				gh("A-4", "Dora Reis", "dora", following("ana")), // one-way, outside the ring
			},
			links: []string{
				"A-1|A-2|github_follow|ana → bruno; follow ring with carla|0.15",
				"A-1|A-3|github_follow|carla → ana; follow ring with bruno|0.15",
				"A-1|A-4|github_follow|dora → ana|0.15",
				"A-2|A-3|github_follow|bruno → carla; follow ring with ana|0.15",
			},
			keys: []string{
				"A-1 github-ring:A-2:github_follow A-2,A-3", "A-1 github-ring:A-3:github_follow A-2,A-3",
				"A-2 github-ring:A-1:github_follow A-1,A-3", "A-2 github-ring:A-3:github_follow A-1,A-3",
				"A-3 github-ring:A-1:github_follow A-1,A-2", "A-3 github-ring:A-2:github_follow A-1,A-2",
			},
		},
		{
			name: "self follow and same account on two records link nothing",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", following("ana", "ANA")),
				gh("A-2", "Ana C.", "Ana", func(a *acc) { a.Commits = []bonafide.GitHubCommit{commit("ana/x", "1", "ana@proton.me", "2021-01-01")} }),
				{ID: "A-3", Name: "No Account"},
				nil,
			},
		},
		{
			name: "cross-commit",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) { a.Repos = []bonafide.GitHubRepo{{FullName: "ana/defi"}} }),
				gh("A-3", "Carla Dias", "carla", func(a *acc) {
					a.Commits = []bonafide.GitHubCommit{
						commit("Ana/defi", "c2", "", "2024-01-02"), commit("ana/defi", "c1", "", "2024-01-01"),
						commit("ana/other", "c3", "", "2024-01-03"), // owned by ana's login, not in her repos list
						commit("carla/own", "c4", "", "2024-01-03"),
					}
				}),
			},
			links: []string{"A-1|A-3|github_commit|carla committed in ana's repository Ana/defi (3 commits, e.g. c20000000000)|0.5"},
			keys:  []string{"A-1 github-ring:A-3:github_commit A-3", "A-3 github-ring:A-1:github_commit A-1"},
		},
		{
			name: "org repository listed by one applicant",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) { a.Repos = []bonafide.GitHubRepo{{FullName: "acme/app"}} }),
				gh("A-2", "Bruno Lima", "bruno", func(a *acc) { a.Commits = []bonafide.GitHubCommit{commit("acme/app", "d1", "", "2024-01-01")} }),
			},
			links: []string{"A-1|A-2|github_commit|bruno committed in ana's repository acme/app (1 commit, e.g. d10000000000)|0.5"},
			keys:  []string{"A-1 github-ring:A-2:github_commit A-2", "A-2 github-ring:A-1:github_commit A-1"},
		},
		{
			name: "shared commit e-mail, Gmail dots and +tag",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", gmail("Ana.Dev@gmail.com")),
				gh("A-2", "Bruno Lima", "bruno", func(a *acc) { a.Email = "anadev+gh@googlemail.com" }),
			},
			links: []string{"A-1|A-2|github_email|anadev@gmail.com|0.85"},
			keys:  []string{"A-1 github-ring:A-2:github_email A-2", "A-2 github-ring:A-1:github_email A-1"},
		},
		{
			name: "shared e-mail, same person's name: no link",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", gmail("anadev@gmail.com")),
				gh("A-2", "ANA  COSTA", "ana-work", gmail("anadev@gmail.com")),
			},
		},
		{
			name: "placeholder and unusable e-mails link no one",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) {
					a.Commits = []bonafide.GitHubCommit{commit("ana/x", "1", "you@example.com", "2021-01-01"), commit("ana/x", "2", "ana@laptop.local", "2021-01-01"), commit("ana/x", "3", "not an e-mail", "2021-01-01")}
				}),
				gh("A-2", "Bruno Lima", "bruno", func(a *acc) {
					a.Commits = []bonafide.GitHubCommit{commit("bruno/x", "4", "YOU@example.com", "2021-01-01"), commit("bruno/x", "5", "ana@laptop.local", "2021-01-01"), commit("bruno/x", "6", "not an e-mail", "2021-01-01")}
				}),
			},
		},
		{
			name: "fork of another applicant's repository",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) { a.Repos = []bonafide.GitHubRepo{{FullName: "ana/defi"}} }),
				gh("A-2", "Bruno Lima", "bruno", func(a *acc) {
					a.Repos = []bonafide.GitHubRepo{{FullName: "bruno/defi", Fork: true, Parent: "ana/defi"}, {FullName: "bruno/k8s", Fork: true, Parent: "kubernetes/kubernetes"}}
				}),
			},
			links: []string{"A-1|A-2|github_repo|bruno/defi is a fork of ana/defi|0.5"},
			keys:  []string{"A-1 github-ring:A-2:github_repo A-2", "A-2 github-ring:A-1:github_repo A-1"},
		},
		{
			name: "same repository name and first commit: copied history",
			people: []*bonafide.Person{
				gh("A-1", "Ana Costa", "ana", func(a *acc) {
					a.Commits = []bonafide.GitHubCommit{commit("ana/defi", "f1", "", "2019-01-01"), commit("ana/defi", "abc1234", "", "2019-01-01")}
				}),
				gh("A-2", "Bruno Lima", "bruno", func(a *acc) {
					a.Commits = []bonafide.GitHubCommit{commit("bruno/defi", "f1", "", "2019-01-01"), {Repo: "bruno/defi", SHA: "abc1234"}} // short SHAs are not compared
				}),
			},
			links: []string{"A-1|A-2|github_repo|ana/defi and bruno/defi hold the same commit f10000000000|0.5"},
			keys:  []string{"A-1 github-ring:A-2:github_repo A-2", "A-2 github-ring:A-1:github_repo A-1"},
		},
		{
			name: "everything between two personas",
			people: []*bonafide.Person{
				gh("P-9", "Emre Yılmaz", "emre", func(a *acc) {
					a.Following = []string{"marco"}
					a.Commits = []bonafide.GitHubCommit{commit("marco/defi", "e1", "nordlicht+emre@proton.me", "2024-11-06")}
				}),
				gh("P-1", "Marco Silva", "marco", func(a *acc) {
					a.Followers = []string{"emre"}
					a.Following = []string{"emre"}
					a.Repos = []bonafide.GitHubRepo{{FullName: "marco/defi"}}
					a.Commits = []bonafide.GitHubCommit{commit("marco/defi", "m1", "nordlicht@proton.me", "2019-03-04")}
				}),
			},
			links: []string{
				"P-1|P-9|github_commit|emre committed in marco's repository marco/defi (1 commit, e.g. e10000000000)|0.5",
				"P-1|P-9|github_email|nordlicht@proton.me|0.85",
				"P-1|P-9|github_follow|marco ⇄ emre (mutual follow)|0.3",
			},
			keys: []string{
				"P-1 github-ring:P-9:github_commit P-9", "P-1 github-ring:P-9:github_email P-9", "P-1 github-ring:P-9:github_follow P-9",
				"P-9 github-ring:P-1:github_commit P-1", "P-9 github-ring:P-1:github_email P-1", "P-9 github-ring:P-1:github_follow P-1",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, findings := Analyse(tt.people)
			if got := linkStrings(links); !slices.Equal(got, tt.links) {
				t.Errorf("links =\n%q\nwant\n%q", got, tt.links)
			}
			if got := ringKeys(findings); !slices.Equal(got, tt.keys) {
				t.Errorf("finding keys =\n%q\nwant\n%q", got, tt.keys)
			}
			for _, f := range findings {
				if f.Weight != 20 || f.Severity != bonafide.SeverityMedium || !slices.Equal(f.Sources, []string{"SEAL"}) || f.Summary == "" || len(f.Evidence) == 0 {
					t.Errorf("bad finding %+v", f)
				}
			}
		})
	}
}

func TestRingFindingText(t *testing.T) {
	people := []*bonafide.Person{
		gh("A-1", "Ana Costa", "ana", following("bruno")),
		gh("A-2", "Bruno Lima", "bruno", following("carla", "ana")),
		gh("A-3", "Carla Dias", "carla", func(a *acc) {
			a.Following = []string{"ana"}
			a.Commits = []bonafide.GitHubCommit{commit("bruno/api", "b1", "", "2024-01-01")}
		}),
	}
	_, findings := Analyse(people)
	var got []string
	for _, f := range findings {
		if f.PersonID == "A-2" {
			got = append(got, f.Key+": "+f.Summary)
			for _, e := range f.Evidence {
				got = append(got, "  "+e.Field+" = "+e.Value+": "+e.Note)
			}
		}
	}
	want := []string{
		"github-ring:A-1:github_follow: GitHub account bruno is in a follow ring with A-1 (Ana Costa) [ana] and A-3 (Carla Dias) [carla]",
		"  github.following = ana: bruno follows ana, the account of A-1 (Ana Costa)",
		"  github.followers = ana: ana, the account of A-1 (Ana Costa), follows bruno",
		"  github.following = carla: bruno, ana and carla (A-3 (Carla Dias)) are all tied by follows: a closed ring among applicants",
		"github-ring:A-3:github_commit: A-3 (Carla Dias)'s GitHub account carla committed in bruno/api, a repository of bruno",
		"  github.repos = bruno/api@" + sha40("b1") + ": 1 commit by carla in repositories of bruno",
		"github-ring:A-3:github_follow: GitHub account bruno is in a follow ring with A-3 (Carla Dias) [carla] and A-1 (Ana Costa) [ana]",
		"  github.following = carla: bruno follows carla, the account of A-3 (Carla Dias)",
		"  github.following = ana: bruno, carla and ana (A-1 (Ana Costa)) are all tied by follows: a closed ring among applicants",
	}
	if !slices.Equal(got, want) {
		t.Errorf("A-2's findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSharedEmailStar(t *testing.T) {
	var people []*bonafide.Person
	for i := range 40 {
		people = append(people, gh(fmt.Sprintf("A-%02d", i), fmt.Sprintf("Persona %c%c", 'A'+i/26, 'a'+i%26), fmt.Sprintf("p%02d", i), func(a *acc) {
			a.Email = "ring.op@proton.me"
		}))
	}
	links, findings := Analyse(people)
	if len(links) != 39 || len(findings) != 78 {
		t.Fatalf("%d links, %d findings; want 39 and 78 (a star around the first)", len(links), len(findings))
	}
	for _, l := range links {
		if l.A != "A-00" || l.Kind != KindEmail {
			t.Fatalf("link %+v not to the first member", l)
		}
	}
	// Up to maxClique people: every pair.
	links, _ = Analyse(people[:5])
	if len(links) != 10 {
		t.Errorf("%d links among 5, want 10", len(links))
	}
}

// TestOrderIndependent: shuffling the input changes nothing.
func TestOrderIndependent(t *testing.T) {
	people := generate(300, 7)
	links, findings := Analyse(people)
	if len(links) == 0 || len(findings) == 0 {
		t.Fatalf("generator planted nothing: %d links, %d findings", len(links), len(findings))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3 {
		shuffled := slices.Clone(people)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		l2, f2 := Analyse(shuffled)
		if !reflect.DeepEqual(links, l2) || !reflect.DeepEqual(findings, f2) {
			t.Fatal("result depends on input order")
		}
	}
}

// TestWidelyListedRepo: a repository listed by more than maxClique accounts counts as the
// first one's only.
func TestWidelyListedRepo(t *testing.T) {
	var people []*bonafide.Person
	for i := range 40 {
		people = append(people, gh(fmt.Sprintf("A-%02d", i), fmt.Sprintf("Member %02d", i), fmt.Sprintf("m%02d", i), func(a *acc) {
			a.Repos = []bonafide.GitHubRepo{{FullName: "acme/app"}}
		}))
	}
	people = append(people, gh("B-1", "Outside Dev", "outside", func(a *acc) {
		a.Commits = []bonafide.GitHubCommit{commit("acme/app", "aa", "", "2024-01-01")}
	}))
	links, _ := Analyse(people)
	if got := linkStrings(links); !slices.Equal(got, []string{"A-00|B-1|github_commit|outside committed in m00's repository acme/app (1 commit, e.g. aa0000000000)|0.5"}) {
		t.Errorf("links = %q", got)
	}
}
