package githublink

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// emit turns the gathered evidence into links and NET-GITHUB-RING findings. Pairs are visited
// in key order, which is person-ID order (accs is sorted by ID), and each pair's links in Kind
// order, so links come out sorted.
func (a *analysis) emit() ([]bonafide.Link, []bonafide.Finding) {
	keys := make([]uint64, 0, len(a.pairs))
	for k := range a.pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e := &emitter{a: a, links: make([]bonafide.Link, 0, len(keys)+len(a.fol))}
	ki, fi := 0, 0
	for ki < len(keys) || fi < len(a.fol) {
		var k uint64
		var ev *pairEv
		var f *follow
		switch {
		case fi == len(a.fol) || ki < len(keys) && keys[ki] < a.fol[fi].key:
			k, ev = keys[ki], &a.evs[a.pairs[keys[ki]]]
			ki++
		case ki == len(keys) || a.fol[fi].key < keys[ki]:
			k, f = a.fol[fi].key, &a.fol[fi]
			fi++
		default:
			k, ev, f = keys[ki], &a.evs[a.pairs[keys[ki]]], &a.fol[fi]
			ki++
			fi++
		}
		e.lo, e.hi = int32(k>>32), int32(k&0xffffffff)
		if ev != nil && (ev.commits[0].n > 0 || ev.commits[1].n > 0) {
			e.commits(ev)
		}
		if ev != nil && len(ev.emails) > 0 {
			e.emails(ev)
		}
		if f != nil {
			e.follow(f)
		}
		if ev != nil && len(ev.repos) > 0 {
			e.repos(ev)
		}
	}
	return e.links, e.findings
}

// emitter collects the links and findings of the pair lo < hi.
type emitter struct {
	a        *analysis
	lo, hi   int32
	links    []bonafide.Link
	findings []bonafide.Finding
}

func (e *emitter) link(kind, value string, w float64) {
	e.links = append(e.links, bonafide.Link{A: e.a.accs[e.lo].id, B: e.a.accs[e.hi].id, Kind: kind, Value: value, Weight: w, Signal: SignalRing})
}

// find adds a finding on each side s of the pair about the other side o; gen gives its
// summary, evidence and related IDs.
func (e *emitter) find(kind string, gen func(s, o int32) (string, []bonafide.Evidence, []string)) {
	for _, side := range [2][2]int32{{e.lo, e.hi}, {e.hi, e.lo}} {
		s, o := side[0], side[1]
		summary, evidence, related := gen(s, o)
		e.findings = append(e.findings, bonafide.Finding{
			PersonID: e.a.accs[s].id, SignalID: SignalRing, Severity: bonafide.SeverityMedium,
			Weight: FindingWeight, Summary: summary, Evidence: evidence, Sources: sources,
			Related: related, Key: "github-ring:" + e.a.accs[o].id + ":" + kind,
		})
	}
}

func (e *emitter) emails(ev *pairEv) {
	a := e.a
	e.link(KindEmail, strings.Join(ev.emails, ", "), WeightEmail)
	e.find(KindEmail, func(s, o int32) (string, []bonafide.Evidence, []string) {
		var evs []bonafide.Evidence
		for _, m := range ev.emails {
			evs = append(evs, bonafide.Evidence{Field: "github.commits.author_email", Value: m,
				Note: fmt.Sprintf("GitHub accounts %s and %s both commit with %s", a.login(s), a.login(o), m)})
		}
		return fmt.Sprintf("GitHub account %s commits with the same e-mail address as %s's account %s: %s",
			a.login(s), a.who(o), a.login(o), strings.Join(ev.emails, ", ")), evs, []string{a.accs[o].id}
	})
}

func (e *emitter) repos(ev *pairEv) {
	a := e.a
	e.link(KindRepo, strings.Join(ev.repos, "; "), WeightRepo)
	e.find(KindRepo, func(s, o int32) (string, []bonafide.Evidence, []string) {
		var evs []bonafide.Evidence
		for _, d := range ev.repos {
			evs = append(evs, bonafide.Evidence{Field: "github.repos", Value: d,
				Note: fmt.Sprintf("a repository of %s copies one of %s", a.login(s), a.login(o))})
		}
		return fmt.Sprintf("GitHub account %s shares a copied repository with %s's account %s: %s",
			a.login(s), a.who(o), a.login(o), ev.repos[0]), evs, []string{a.accs[o].id}
	})
}

// login is the account's login as GitHub spells it.
func (a *analysis) login(i int32) string { return a.accs[i].display }

// who names a person for summaries: "A-2 (Jakub Kowalczyk)".
func (a *analysis) who(i int32) string {
	p := a.accs[i].p
	if p.Name == "" {
		return p.ID
	}
	return p.ID + " (" + p.Name + ")"
}

func (e *emitter) follow(ev *follow) {
	a, lo, hi := e.a, e.lo, e.hi
	mutual := ev.follows == 3
	var value string
	switch ev.follows {
	case 3:
		value = a.login(lo) + " ⇄ " + a.login(hi) + " (mutual follow)"
	case 1:
		value = a.login(lo) + " → " + a.login(hi)
	default:
		value = a.login(hi) + " → " + a.login(lo)
	}
	if ev.ringed {
		var ms []string
		for _, m := range ev.mates {
			ms = append(ms, a.login(m))
		}
		value += "; follow ring with " + strings.Join(ms, ", ")
	}
	w := WeightFollow
	if mutual {
		w = WeightMutual
	}
	e.link(KindFollow, value, w)
	if !mutual && !ev.ringed {
		return // a lone one-way follow is a link, not a finding
	}
	e.find(KindFollow, func(s, o int32) (string, []bonafide.Evidence, []string) {
		sFollows, oFollows := ev.follows&1 != 0, ev.follows&2 != 0
		if s != lo {
			sFollows, oFollows = oFollows, sFollows
		}
		var evs []bonafide.Evidence
		if sFollows {
			evs = append(evs, bonafide.Evidence{Field: "github.following", Value: a.login(o),
				Note: fmt.Sprintf("%s follows %s, the account of %s", a.login(s), a.login(o), a.who(o))})
		}
		if oFollows {
			evs = append(evs, bonafide.Evidence{Field: "github.followers", Value: a.login(o),
				Note: fmt.Sprintf("%s, the account of %s, follows %s", a.login(o), a.who(o), a.login(s))})
		}
		related := []string{a.accs[o].id}
		if !ev.ringed {
			return fmt.Sprintf("GitHub account %s and %s's account %s follow each other", a.login(s), a.who(o), a.login(o)), evs, related
		}
		names := []string{a.who(o) + " [" + a.login(o) + "]"}
		for _, m := range ev.mates {
			names = append(names, a.who(m)+" ["+a.login(m)+"]")
			evs = append(evs, bonafide.Evidence{Field: "github.following", Value: a.login(m),
				Note: fmt.Sprintf("%s, %s and %s (%s) are all tied by follows: a closed ring among applicants", a.login(s), a.login(o), a.login(m), a.who(m))})
			if id := a.accs[m].id; !slices.Contains(related, id) && id != a.accs[s].id {
				related = append(related, id)
			}
		}
		slices.Sort(related)
		return fmt.Sprintf("GitHub account %s is in a follow ring with %s", a.login(s), joinAnd(names)), evs, related
	})
}

func (e *emitter) commits(ev *pairEv) {
	a, lo, hi := e.a, e.lo, e.hi
	// describe says what committer c did in owner o's repositories.
	describe := func(c, o int32, ce commitEv) string {
		return fmt.Sprintf("%s committed in %s's repository %s (%d commit%s, e.g. %s)", a.login(c), a.login(o), ce.repo, ce.n, plural(ce.n), short(ce.sha))
	}
	var parts []string
	if ce := ev.commits[0]; ce.n > 0 {
		parts = append(parts, describe(lo, hi, ce))
	}
	if ce := ev.commits[1]; ce.n > 0 {
		parts = append(parts, describe(hi, lo, ce))
	}
	e.link(KindCommit, strings.Join(parts, "; "), WeightCommit)
	e.find(KindCommit, func(s, o int32) (string, []bonafide.Evidence, []string) {
		sIn, oIn := ev.commits[0], ev.commits[1] // s's commits in o's repositories, and the reverse
		if s != lo {
			sIn, oIn = oIn, sIn
		}
		var evs []bonafide.Evidence
		var say []string
		if sIn.n > 0 {
			say = append(say, fmt.Sprintf("GitHub account %s committed in %s, a repository of %s's account %s", a.login(s), sIn.repo, a.who(o), a.login(o)))
			evs = append(evs, bonafide.Evidence{Field: "github.commits", Value: sIn.repo + "@" + sIn.sha,
				Note: fmt.Sprintf("%d commit%s by %s in repositories of %s", sIn.n, plural(sIn.n), a.login(s), a.login(o))})
		}
		if oIn.n > 0 {
			say = append(say, fmt.Sprintf("%s's GitHub account %s committed in %s, a repository of %s", a.who(o), a.login(o), oIn.repo, a.login(s)))
			evs = append(evs, bonafide.Evidence{Field: "github.repos", Value: oIn.repo + "@" + oIn.sha,
				Note: fmt.Sprintf("%d commit%s by %s in repositories of %s", oIn.n, plural(oIn.n), a.login(o), a.login(s))})
		}
		return strings.Join(say, "; "), evs, []string{a.accs[o].id}
	})
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
