package githublink

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// generate makes n people with GitHub accounts: each follows three and is followed by two
// random accounts (a third of them outside the batch), has two repositories and four commits
// with its own e-mail, and one in twenty commits in a random applicant's repository. Every
// 50th person starts a planted ring of four: mutual follows, one shared commit e-mail and
// backdated history.
func generate(n int, seed uint64) []*bonafide.Person {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	login := func(i int) string { return fmt.Sprintf("dev%07d", i) }
	other := func(i int) string {
		if r.IntN(3) == 0 {
			return fmt.Sprintf("outsider%07d", r.IntN(10*n))
		}
		j := r.IntN(n)
		if j == i {
			j = (j + 1) % n
		}
		return login(j)
	}
	sha := func() string { return fmt.Sprintf("%016x%016x%08x", r.Uint64(), r.Uint64(), r.Uint32()) }
	base := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	people := make([]*bonafide.Person, n)
	for i := range n {
		l := login(i)
		a := &bonafide.GitHubAccount{Login: l, ID: int64(1000 + i), CreatedAt: base.Add(time.Duration(r.IntN(12*365)) * 24 * time.Hour)}
		a.Repos = []bonafide.GitHubRepo{{FullName: l + "/api"}, {FullName: l + "/web"}}
		email := l + "@proton.me"
		for k := range 4 {
			a.Commits = append(a.Commits, bonafide.GitHubCommit{Repo: a.Repos[k%2].FullName, SHA: sha(), AuthorEmail: email,
				AuthorDate: a.CreatedAt.Add(time.Duration(1+r.IntN(2000)) * 24 * time.Hour)})
		}
		if r.IntN(20) == 0 {
			a.Commits = append(a.Commits, bonafide.GitHubCommit{Repo: other(i) + "/api", SHA: sha(), AuthorEmail: email, AuthorDate: a.CreatedAt.Add(48 * time.Hour)})
		}
		for range 3 {
			a.Following = append(a.Following, other(i))
		}
		for range 2 {
			a.Followers = append(a.Followers, other(i))
		}
		people[i] = &bonafide.Person{ID: fmt.Sprintf("G-%07d", i), Name: fmt.Sprintf("Person %07d", i), GitHub: a}
	}
	for s := 0; s+4 <= n; s += 50 {
		shared := fmt.Sprintf("ring%d.op@proton.me", s)
		for i := s; i < s+4; i++ {
			a := people[i].GitHub
			for j := s; j < s+4; j++ {
				if j != i {
					a.Following = append(a.Following, login(j))
				}
			}
			a.Commits = append(a.Commits, bonafide.GitHubCommit{Repo: a.Login + "/web", SHA: sha(), AuthorEmail: shared, AuthorDate: a.CreatedAt.Add(-3 * 365 * 24 * time.Hour)})
		}
	}
	return people
}

func TestGenerated(t *testing.T) {
	people := generate(1000, 1)
	links, findings := Analyse(people)
	kinds := map[string]int{}
	for _, l := range links {
		kinds[l.Kind]++
	}
	signals := map[string]int{}
	for _, f := range findings {
		signals[f.SignalID]++
	}
	// 20 planted rings of 4: 6 pairs each share an e-mail and follow each other.
	if kinds[KindEmail] != 120 || kinds[KindFollow] < 120 || kinds[KindCommit] == 0 || signals[SignalAged] != 80 {
		t.Errorf("links %v, findings %v", kinds, signals)
	}
}

func benchmarkAnalyse(b *testing.B, n int) {
	people := generate(n, 42)
	b.ReportAllocs()
	b.ResetTimer()
	var links int
	for b.Loop() {
		l, _ := Analyse(people)
		links = len(l)
	}
	b.ReportMetric(float64(links), "links")
}

func BenchmarkAnalyse10k(b *testing.B)  { benchmarkAnalyse(b, 10_000) }
func BenchmarkAnalyse100k(b *testing.B) { benchmarkAnalyse(b, 100_000) }
