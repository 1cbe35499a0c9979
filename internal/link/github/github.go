// Package githublink finds GitHub persona signals among the people of one batch, from the
// accounts internal/intake/github attached to them (Person.GitHub; docs/github.md):
//
//   - NET-GITHUB-AGED: the account was created more than AgedMargin after its earliest authored
//     commit. Git author dates are whatever the committer's clock or --date said, so a fresh
//     persona account can show years of "history" (SEAL: GitHub forensics).
//   - NET-GITHUB-RING: accounts of different applicants tied together (SEAL): they follow each
//     other, or their follows close a ring among applicants; one applicant's account commits
//     in another applicant's repositories; two differently named applicants' accounts commit
//     with the same e-mail address; one applicant's repository is a fork or a copy (shares a
//     commit) of another applicant's.
//
// Each tie is a bonafide.Link (kinds "github_follow", "github_commit", "github_email",
// "github_repo"; weights below) and, except a lone one-way follow, a NET-GITHUB-RING finding on
// both people. Everything is deterministic and runs in time linear in the number of accounts,
// follows and commits (indexes by login, repository, commit SHA and e-mail; follow triangles by
// the degree-ordered forward algorithm, O(E^1.5) in the follow edges among applicants).
package githublink

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// Signal IDs (catalogue: internal/signals).
const (
	SignalAged = "NET-GITHUB-AGED"
	SignalRing = "NET-GITHUB-RING"
)

// AgedMargin is how much earlier than the account's created_at its earliest commit must be
// dated for NET-GITHUB-AGED: 30 days. Honest accounts often hold a few days or weeks of work
// committed locally before the account was made; a month tolerates that and GitHub's own
// time-zone-free created_at, while backdated persona histories are typically years older.
// Importing an older project from another host is the benign case the analyst rules out.
const AgedMargin = 30 * 24 * time.Hour

// FindingWeight is the score points of each finding (NET-GITHUB-AGED and NET-GITHUB-RING).
const FindingWeight = 20

// Link kinds.
const (
	KindFollow = "github_follow" // one follows the other (Value says who, and any ring)
	KindCommit = "github_commit" // one's account committed in the other's repository
	KindEmail  = "github_email"  // both accounts commit with this e-mail (Value: canonical e-mail)
	KindRepo   = "github_repo"   // a repository of one is a fork or a copy of the other's
)

// Link weights: how strongly each tie alone says "same operator" (0..1).
const (
	// WeightEmail: two accounts of differently named people committing with one mailbox is
	// close to proof of one operator.
	WeightEmail = 0.85
	// WeightCommit: committing in another applicant's repository; colleagues do it too.
	WeightCommit = 0.5
	// WeightRepo: forking or copying another applicant's repository.
	WeightRepo = 0.5
	// WeightMutual: following each other; common among real colleagues.
	WeightMutual = 0.3
	// WeightFollow: one follows the other; weak alone, no finding unless part of a ring.
	WeightFollow = 0.15
)

// maxClique: an e-mail or commit shared by more people than this links each of them to the
// first (smallest person ID) instead of every pair, keeping the output linear.
const maxClique = 32

// maxMates caps the ring members named on one follow link.
const maxMates = 8

var sources = []string{"SEAL"}

// Analyse returns the GitHub links among people and the NET-GITHUB-AGED and NET-GITHUB-RING
// findings. People without an attached GitHub account are ignored; people who name the same
// account (same login) are not linked by it (the shared profile identifier already links
// them). Links have A < B and come sorted by A, B, Kind; findings by PersonID, SignalID, Key.
func Analyse(people []*bonafide.Person) ([]bonafide.Link, []bonafide.Finding) {
	a := newAnalysis(people)
	var findings []bonafide.Finding
	for _, x := range a.accs {
		if f, ok := Aged(x.p); ok {
			findings = append(findings, f)
		}
	}
	a.follows()
	a.triangles()
	a.crossCommits()
	a.copiedRepos()
	a.sharedEmails()
	links, ring := a.emit()
	findings = append(findings, ring...)
	byLink := func(x, y bonafide.Link) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B), cmp.Compare(x.Kind, y.Kind))
	}
	if !slices.IsSortedFunc(links, byLink) { // emit gives them sorted unless person IDs repeat
		slices.SortStableFunc(links, byLink)
	}
	slices.SortFunc(findings, func(x, y bonafide.Finding) int {
		return cmp.Or(cmp.Compare(x.PersonID, y.PersonID), cmp.Compare(x.SignalID, y.SignalID), cmp.Compare(x.Key, y.Key))
	})
	return links, findings
}

// Aged returns p's NET-GITHUB-AGED finding when its GitHub account's created_at is more than
// AgedMargin after the author date of its earliest commit. Evidence: created_at, the earliest
// commit (repository, SHA, date) and how many commits are dated before created_at. Commits
// without a date are ignored. Key "github-aged:<login in lower case>".
func Aged(p *bonafide.Person) (bonafide.Finding, bool) {
	acc := p.GitHub
	if acc == nil || acc.CreatedAt.IsZero() {
		return bonafide.Finding{}, false
	}
	var first *bonafide.GitHubCommit
	before, dated := 0, 0
	for i := range acc.Commits {
		c := &acc.Commits[i]
		if c.AuthorDate.IsZero() {
			continue
		}
		dated++
		if c.AuthorDate.Before(acc.CreatedAt) {
			before++
		}
		if first == nil || c.AuthorDate.Before(first.AuthorDate) || c.AuthorDate.Equal(first.AuthorDate) && c.SHA < first.SHA {
			first = c
		}
	}
	if first == nil || !first.AuthorDate.Before(acc.CreatedAt.Add(-AgedMargin)) {
		return bonafide.Finding{}, false
	}
	days := int(acc.CreatedAt.Sub(first.AuthorDate).Hours() / 24)
	created := acc.CreatedAt.UTC().Format(time.RFC3339)
	firstDate := first.AuthorDate.UTC().Format(time.RFC3339)
	return bonafide.Finding{
		PersonID: p.ID,
		SignalID: SignalAged,
		Severity: bonafide.SeverityMedium,
		Weight:   FindingWeight,
		Summary: fmt.Sprintf("GitHub account %s was created on %s, %d days after its earliest commit (%s in %s); %d of %d dated commits predate the account",
			acc.Login, created[:10], days, firstDate[:10], first.Repo, before, dated),
		Evidence: []bonafide.Evidence{
			{Field: "github.created_at", Value: created, Note: "when GitHub says the account was created"},
			{Field: "github.commits", Value: first.Repo + "@" + first.SHA,
				Note: "earliest authored commit, dated " + firstDate + "; Git author dates are set by whoever commits and can be backdated"},
			{Field: "github.commits", Value: strconv.Itoa(before),
				Note: fmt.Sprintf("%d of the account's %d dated commits are dated before the account existed", before, dated)},
		},
		Sources: sources,
		Key:     "github-aged:" + strings.ToLower(acc.Login),
	}, true
}

// acct is one person with a GitHub account.
type acct struct {
	p       *bonafide.Person
	id      string // p.ID
	login   string // lower case
	display string // the login as GitHub spells it
	nameKey string
}

// pairEv gathers the commit, e-mail and repository evidence between two accounts lo < hi
// (indexes into accs). Follows are kept apart, in follow.
type pairEv struct {
	commits [2]commitEv // [0]: lo's account committed in hi's repositories; [1]: the reverse
	emails  []string    // shared commit e-mails, sorted
	repos   []string    // copied-repository descriptions, sorted
}

type commitEv struct {
	n          int
	repo, sha  string // smallest (repo, sha) as the example
	exampleSet bool
}

// follow is the follow tie between two accounts lo < hi.
type follow struct {
	key     uint64  // lo<<32 | hi
	follows uint8   // bit 0: lo follows hi; bit 1: hi follows lo
	ringed  bool    // the tie closes a triangle of follows
	mates   []int32 // third members of those triangles, sorted, at most maxMates
}

type analysis struct {
	accs    []acct
	byLogin map[string][]int32
	pairs   map[uint64]int32 // lo<<32 | hi (indexes into accs) → index into evs
	evs     []pairEv
	edges   []uint64           // directed follows: (lo<<32 | hi)<<1 | (1 when hi follows lo)
	fol     []follow           // follow ties, sorted by key
	repos   map[string][]int32 // repository full name (lower case) → accounts listing it
}

func newAnalysis(people []*bonafide.Person) *analysis {
	a := &analysis{byLogin: make(map[string][]int32, len(people)), pairs: make(map[uint64]int32)}
	for _, p := range people {
		if p == nil || p.GitHub == nil || p.GitHub.Login == "" {
			continue
		}
		a.accs = append(a.accs, acct{p: p, id: p.ID, login: strings.ToLower(p.GitHub.Login), display: p.GitHub.Login, nameKey: normalize.NameKey(p.Name)})
	}
	// Accounts in person-ID order: pair keys then sort as links do, and no result depends on
	// the order of the input.
	slices.SortStableFunc(a.accs, func(x, y acct) int { return strings.Compare(x.id, y.id) })
	for i, x := range a.accs {
		a.byLogin[x.login] = append(a.byLogin[x.login], int32(i))
	}
	return a
}

func pairKey(i, j int32) uint64 { return uint64(min(i, j))<<32 | uint64(max(i, j)) }

// pair returns the evidence record of i and j (i ≠ j) and whether i is its lo side.
func (a *analysis) pair(i, j int32) (*pairEv, bool) {
	k := pairKey(i, j)
	x, ok := a.pairs[k]
	if !ok {
		x = int32(len(a.evs))
		a.pairs[k] = x
		a.evs = append(a.evs, pairEv{})
	}
	return &a.evs[x], i < j
}

// distinct reports whether i and j are different accounts.
func (a *analysis) distinct(i, j int32) bool { return i != j && a.accs[i].login != a.accs[j].login }

func (a *analysis) addFollow(from, to int32) {
	if !a.distinct(from, to) {
		return
	}
	e := pairKey(from, to) << 1
	if from > to {
		e |= 1
	}
	a.edges = append(a.edges, e)
}

// follows records follow ties among applicants, from both following and followers lists:
// directed edges are gathered, sorted and merged per pair (no hash map on the hot path).
func (a *analysis) follows() {
	for i := range a.accs {
		acc := a.accs[i].p.GitHub
		for _, l := range acc.Following {
			for _, j := range a.byLogin[strings.ToLower(l)] {
				a.addFollow(int32(i), j)
			}
		}
		for _, l := range acc.Followers {
			for _, j := range a.byLogin[strings.ToLower(l)] {
				a.addFollow(j, int32(i))
			}
		}
	}
	slices.Sort(a.edges)
	for _, e := range a.edges {
		k, bit := e>>1, uint8(1)<<(e&1)
		if n := len(a.fol); n > 0 && a.fol[n-1].key == k {
			a.fol[n-1].follows |= bit
			continue
		}
		a.fol = append(a.fol, follow{key: k, follows: bit})
	}
	a.edges = nil
}

// triangles marks follow ties (either direction) that close a triangle of follows among
// applicants — a follow cycle A→B→C→A or any denser group — and records the third members.
// Degree-ordered forward algorithm: O(E^1.5) for E ties.
func (a *analysis) triangles() {
	n := len(a.accs)
	if len(a.fol) < 3 {
		return
	}
	deg := make([]int32, n)
	for _, f := range a.fol {
		deg[f.key>>32]++
		deg[f.key&0xffffffff]++
	}
	before := func(u, v int32) bool { return deg[u] < deg[v] || deg[u] == deg[v] && u < v }
	// Forward adjacency in CSR form: each tie stored at its lower-ranked end, with its index.
	start := make([]int32, n+1)
	for _, f := range a.fol {
		u, v := int32(f.key>>32), int32(f.key&0xffffffff)
		if before(u, v) {
			start[u+1]++
		} else {
			start[v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	out := make([]int32, len(a.fol))
	tie := make([]int32, len(a.fol))
	fill := slices.Clone(start[:n])
	for x, f := range a.fol {
		u, v := int32(f.key>>32), int32(f.key&0xffffffff)
		if !before(u, v) {
			u, v = v, u
		}
		out[fill[u]], tie[fill[u]] = v, int32(x)
		fill[u]++
	}
	mark := make([]int32, n)
	markTie := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	for u := int32(0); int(u) < n; u++ {
		for x := start[u]; x < start[u+1]; x++ {
			mark[out[x]], markTie[out[x]] = u, tie[x]
		}
		for x := start[u]; x < start[u+1]; x++ {
			v := out[x]
			for y := start[v]; y < start[v+1]; y++ {
				if w := out[y]; mark[w] == u {
					a.ring(tie[x], w)     // u–v, third w
					a.ring(tie[y], u)     // v–w, third u
					a.ring(markTie[w], v) // u–w, third v
				}
			}
		}
	}
}

// ring marks follow tie x as part of a triangle with third member m.
func (a *analysis) ring(x int32, m int32) {
	f := &a.fol[x]
	f.ringed = true
	if len(f.mates) >= maxMates && m > f.mates[len(f.mates)-1] {
		return
	}
	pos, found := slices.BinarySearch(f.mates, m)
	if found {
		return
	}
	f.mates = slices.Insert(f.mates, pos, m)
	if len(f.mates) > maxMates {
		f.mates = f.mates[:maxMates]
	}
}

// repoIndex maps each repository full name (lower case) to the accounts that list it.
func (a *analysis) repoIndex() map[string][]int32 {
	n := 0
	for i := range a.accs {
		n += len(a.accs[i].p.GitHub.Repos)
	}
	idx := make(map[string][]int32, n)
	for i := range a.accs {
		for _, r := range a.accs[i].p.GitHub.Repos {
			k := strings.ToLower(r.FullName)
			if l := idx[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
				idx[k] = append(l, int32(i))
			}
		}
	}
	return idx
}

// owners appends to dst the accounts owning repo (lower-case full name): those listing it and
// those whose login is its owner part. A repository listed by more than maxClique accounts
// (an organisation's, say) counts as the first one's only, keeping the pairs linear.
func (a *analysis) owners(dst []int32, repos map[string][]int32, repo string) []int32 {
	listed := repos[repo]
	if len(listed) > maxClique {
		listed = listed[:1]
	}
	dst = append(dst[:0], listed...)
	if owner, _, ok := strings.Cut(repo, "/"); ok {
		for _, j := range a.byLogin[owner] {
			if !slices.Contains(dst, j) {
				dst = append(dst, j)
			}
		}
	}
	return dst
}

// crossCommits records commits of one applicant's account in another applicant's repository.
func (a *analysis) crossCommits() {
	repos := a.repoIndex()
	a.repos = repos
	var own []int32
	for i := range a.accs {
		for _, c := range a.accs[i].p.GitHub.Commits {
			own = a.owners(own, repos, strings.ToLower(c.Repo))
			for _, j := range own {
				if !a.distinct(int32(i), j) {
					continue
				}
				ev, iLo := a.pair(int32(i), j)
				ce := &ev.commits[0]
				if !iLo {
					ce = &ev.commits[1]
				}
				ce.n++
				if !ce.exampleSet || c.Repo < ce.repo || c.Repo == ce.repo && c.SHA < ce.sha {
					ce.repo, ce.sha, ce.exampleSet = c.Repo, c.SHA, true
				}
			}
		}
	}
}

// copiedRepos records forks of another applicant's repository and commits (full SHAs) that
// appear in two accounts' histories: the same history pushed under two names.
func (a *analysis) copiedRepos() {
	repos := a.repos
	if repos == nil {
		repos = a.repoIndex()
	}
	var own []int32
	for i := range a.accs {
		for _, r := range a.accs[i].p.GitHub.Repos {
			if r.Parent == "" {
				continue
			}
			own = a.owners(own, repos, strings.ToLower(r.Parent))
			for _, j := range own {
				if a.distinct(int32(i), j) {
					a.addRepo(int32(i), j, r.FullName+" is a fork of "+r.Parent)
				}
			}
		}
	}
	type firstSeen struct {
		i    int32
		repo string
	}
	n := 0
	for i := range a.accs {
		n += len(a.accs[i].p.GitHub.Commits)
	}
	shas := make(map[string]firstSeen, n)
	for i := range a.accs {
		for _, c := range a.accs[i].p.GitHub.Commits {
			if len(c.SHA) < 40 { // abbreviated SHAs collide across unrelated repositories
				continue
			}
			f, ok := shas[c.SHA]
			if !ok {
				shas[c.SHA] = firstSeen{int32(i), c.Repo}
				continue
			}
			if a.distinct(f.i, int32(i)) {
				r1, r2 := min(f.repo, c.Repo), max(f.repo, c.Repo)
				a.addRepo(f.i, int32(i), fmt.Sprintf("%s and %s hold the same commit %s", r1, r2, c.SHA[:12]))
			}
		}
	}
}

func (a *analysis) addRepo(i, j int32, desc string) {
	ev, _ := a.pair(i, j)
	if pos, found := slices.BinarySearch(ev.repos, desc); !found && len(ev.repos) < maxMates {
		ev.repos = slices.Insert(ev.repos, pos, desc)
	}
}

// placeholderEmails are addresses from documentation and tools that unrelated people commit
// with; they link no one.
var placeholderEmails = map[string]bool{
	"you@example.com": true, "your_email@example.com": true, "youremail@example.com": true, "your.email@example.com": true,
	"email@example.com": true, "user@example.com": true, "test@example.com": true, "me@example.com": true,
	"noreply@github.com": true, "action@github.com": true, "actions@github.com": true, "root@localhost.localdomain": true,
}

func usableEmail(canon string) bool {
	if placeholderEmails[canon] {
		return false
	}
	_, dom, _ := strings.Cut(canon, "@")
	for _, suf := range []string{".local", ".localdomain", ".invalid", ".localhost", ".internal", ".lan", ".home"} {
		if strings.HasSuffix(dom, suf) {
			return false
		}
	}
	return !strings.Contains(canon, "[bot]")
}

// sharedEmails records commit e-mails (and public profile e-mails) used by the accounts of
// two differently named people, compared in normalize.Email's canonical form.
func (a *analysis) sharedEmails() {
	idx := make(map[string][]int32, len(a.accs))
	var mine []string
	for i := range a.accs {
		acc := a.accs[i].p.GitHub
		mine = mine[:0]
		prevRaw := "\x00"
		add := func(raw string) {
			if raw == "" || raw == prevRaw {
				return
			}
			prevRaw = raw
			canon, _, err := normalize.Email(raw)
			if err != nil || !usableEmail(canon) || slices.Contains(mine, canon) {
				return
			}
			mine = append(mine, canon)
		}
		add(acc.Email)
		for _, c := range acc.Commits {
			add(c.AuthorEmail)
		}
		for _, e := range mine {
			idx[e] = append(idx[e], int32(i))
		}
	}
	for e, members := range idx {
		if len(members) < 2 {
			continue
		}
		if len(members) > maxClique {
			for _, j := range members[1:] {
				a.addEmail(members[0], j, e)
			}
			continue
		}
		for x, i := range members {
			for _, j := range members[x+1:] {
				a.addEmail(i, j, e)
			}
		}
	}
}

func (a *analysis) addEmail(i, j int32, e string) {
	if !a.distinct(i, j) {
		return
	}
	if ki, kj := a.accs[i].nameKey, a.accs[j].nameKey; ki != "" && ki == kj {
		return // the same name: one person's two records or accounts, not a persona network
	}
	ev, _ := a.pair(i, j)
	if pos, found := slices.BinarySearch(ev.emails, e); !found && len(ev.emails) < maxMates {
		ev.emails = slices.Insert(ev.emails, pos, e)
	}
}
