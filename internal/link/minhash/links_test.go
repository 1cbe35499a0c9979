package minhash

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

const coverSantos = `Dear Hiring Manager,

I am writing to apply for the Senior Backend Engineer position. Over the last nine years I have
built and operated payment systems for fast-growing companies, most recently leading the move of
a checkout monolith to event-driven services on Kubernetes. I enjoy owning services end to end,
from design documents to on-call, and I am used to working asynchronously with teams spread over
several time zones. I would welcome the chance to bring this experience to your platform team.

Kind regards,
Maria Santos`

func TestLinks(t *testing.T) {
	coverOkafor := strings.Replace(coverSantos, "Maria Santos", "Chinedu Okafor", 1)
	coverOkafor = strings.Replace(coverOkafor, "nine years", "seven years", 1)
	people := []*bonafide.Person{
		{ID: "A-2002", Name: "Jan Kowalski", Documents: map[string]string{"resume": readFixture(t, "resume_kowalski_edited.txt")}},
		nil,
		{ID: "A-1031", Name: "Maria Santos", Documents: map[string]string{
			"resume": readFixture(t, "resume_santos.txt"), "cover_letter": coverSantos}},
		{ID: "A-3003", Name: "", Documents: map[string]string{
			"resume": readFixture(t, "resume_okafor.txt"), "cover_letter": coverOkafor}},
		{ID: "A-4004", Name: "Nguyễn Thị Lan", Documents: map[string]string{
			"resume": readFixture(t, "resume_nguyen.txt"), "cover_letter": "Please see my CV."}},
		{ID: "A-5005", Name: "No Documents"},
	}
	links, findings := Links(people, Options{})
	wantLinks := []bonafide.Link{
		{A: "A-1031", B: "A-3003", Kind: "cover_letter", Value: "Jaccard 0.88", Weight: 0.813, Signal: "APP-RESUME-NEARDUP"},
		{A: "A-1031", B: "A-2002", Kind: "resume", Value: "Jaccard 0.71", Weight: 0.717, Signal: "APP-RESUME-NEARDUP"},
	}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Fatalf("links:\n got %+v\nwant %+v", links, wantLinks)
	}
	type short struct{ person, key, summary, related string }
	var got []short
	for _, f := range findings {
		got = append(got, short{f.PersonID, f.Key, f.Summary, strings.Join(f.Related, ",")})
		if f.SignalID != "APP-RESUME-NEARDUP" || f.Severity != bonafide.SeverityMedium || f.Weight != 25 ||
			!reflect.DeepEqual(f.Sources, []string{"FBI22"}) {
			t.Errorf("finding %+v: wrong signal, severity, weight or sources", f)
		}
		if len(f.Evidence) < 2 || len(f.Evidence) > 4 || !strings.HasPrefix(f.Evidence[0].Note, "Estimated Jaccard similarity 0.") {
			t.Errorf("finding %s/%s evidence %+v", f.PersonID, f.Key, f.Evidence)
		}
		for _, e := range f.Evidence {
			if e.Field != "documents."+strings.SplitN(f.Key, ":", 2)[0] {
				t.Errorf("evidence field %q for key %q", e.Field, f.Key)
			}
		}
	}
	want := []short{
		{"A-1031", "cover_letter:A-3003", "Cover letter is 88 % the same as A-3003's", "A-3003"},
		{"A-1031", "resume:A-2002", "Résumé is 71 % the same as Jan Kowalski's (A-2002)", "A-2002"},
		{"A-2002", "resume:A-1031", "Résumé is 71 % the same as Maria Santos's (A-1031)", "A-1031"},
		{"A-3003", "cover_letter:A-1031", "Cover letter is 88 % the same as Maria Santos's (A-1031)", "A-1031"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findings:\n got %+v\nwant %+v", got, want)
	}
	f := findings[1]
	if want := "Estimated Jaccard similarity 0.71 between the 3-word phrases of this résumé and Jan Kowalski's (A-2002) résumé (MinHash, 128 hashes; reported from 0.50)."; f.Evidence[0].Note != want {
		t.Errorf("note %q,\nwant %q", f.Evidence[0].Note, want)
	}
	if f.Evidence[1].Note != "Phrase found in both résumés." {
		t.Errorf("phrase note %q", f.Evidence[1].Note)
	}

	// The result does not depend on the order of people.
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := append([]*bonafide.Person(nil), people...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		l2, f2 := Links(shuffled, Options{})
		if !reflect.DeepEqual(l2, links) || !reflect.DeepEqual(f2, findings) {
			t.Fatal("Links depends on the order of people")
		}
	}
	if l, f := Links(nil, Options{}); l != nil || f != nil {
		t.Errorf("Links(nil) = %v, %v", l, f)
	}
}

const jobAd = `About the role. Northwind Payments is hiring a Senior Backend Engineer to join our Core
Ledger team, fully remote within Europe. You will design, build and run the services that move
money for two million customers, working in Go on Kubernetes with PostgreSQL and Kafka. What you
will do: own critical services end to end, from design through deployment and on-call; improve
the reliability, latency and cost of our ledger; mentor engineers and raise the bar for code
quality; work closely with product, risk and compliance colleagues. What we are looking for:
five or more years of professional backend experience; strong knowledge of distributed systems,
relational databases and event streaming; experience operating production systems at scale;
excellent written communication in English. Nice to have: experience in payments, banking or
other regulated industries; familiarity with Terraform and AWS. What we offer: a competitive
salary and equity, a generous learning budget, flexible hours, 30 days of paid holiday, and a
yearly team offsite. Northwind Payments is an equal opportunity employer and welcomes
applications from everyone. We review every application carefully and aim to reply within two
weeks. References available upon request.`

// personal returns a cover-letter paragraph of about n words unique to seed.
func personal(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 99))
	vocab := vocabulary(3000, rand.New(rand.NewPCG(4, 4)))
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(ws, " ")
}

// A job ad pasted into every cover letter must not make the letters near-duplicates; a
// persona family that shares its own paragraph as well still matches.
func TestBoilerplate(t *testing.T) {
	const family = `I have spent the last six years building high-volume payment
platforms for European fintech companies and I am confident my background makes me an ideal
candidate. At my current employer I redesigned the settlement pipeline and cut reconciliation
time from hours to minutes, and I regularly mentor junior engineers. I am available to start
immediately and can work flexible hours to overlap with your team.`
	var people []*bonafide.Person
	for i := range 120 {
		people = append(people, &bonafide.Person{
			ID:        fmt.Sprintf("C-%03d", i),
			Documents: map[string]string{"cover_letter": jobAd + "\n\n" + personal(uint64(i), 40)},
		})
	}
	famIDs := []string{"F-1", "F-2", "F-3", "F-4"}
	for i, id := range famIDs {
		people = append(people, &bonafide.Person{
			ID:        id,
			Documents: map[string]string{"cover_letter": jobAd + "\n\nDear team, " + strings.Replace(family, "six years", fmt.Sprintf("%d years", 5+i), 1)},
		})
	}
	// Without the filter, the ad alone makes the letters near-duplicates.
	if exact := exactJaccard(people[0].Documents["cover_letter"], people[1].Documents["cover_letter"], Options{}); exact < 0.65 {
		t.Fatalf("fixture: ad-only pair exact Jaccard %.3f, want ≥ 0.65", exact)
	}
	off, _ := Links(people, Options{MaxDocFreq: -1})
	if len(off) < 7000 {
		t.Fatalf("with the filter off: %d links, want nearly all 124·123/2 pairs", len(off))
	}
	// Exactly the ad's shingles are frequent (those bridging into the personal text are not).
	adShingles := ShingleHashes(jobAd, Options{})
	slices.Sort(adShingles)
	adShingles = slices.Compact(adShingles)
	if freq := FrequentShingles(texts(people, "cover_letter"), Options{}); !reflect.DeepEqual(freq, adShingles) {
		t.Errorf("FrequentShingles found %d, want the ad's %d", len(freq), len(adShingles))
	}
	links, findings := Links(people, Options{})
	var pairs []string
	for _, l := range links {
		pairs = append(pairs, l.A+"-"+l.B)
	}
	want := []string{"F-1-F-2", "F-1-F-3", "F-1-F-4", "F-2-F-3", "F-2-F-4", "F-3-F-4"}
	if !reflect.DeepEqual(pairs, want) {
		t.Errorf("links %v, want only the family %v", pairs, want)
	}
	if len(findings) != 12 {
		t.Errorf("%d findings, want 12", len(findings))
	}

	// A small pool (under the automatic limit of 50) needs the ad given as boilerplate.
	small := people[:10]
	if l, _ := Links(small, Options{}); len(l) != 45 {
		t.Errorf("small pool without Boilerplate: %d links, want 45", len(l))
	}
	if l, _ := Links(small, Options{Boilerplate: []string{jobAd}}); len(l) != 0 {
		t.Errorf("small pool with Boilerplate: %d links, want 0", len(l))
	}
	// MaxDocFreq set by hand.
	if l, _ := Links(small, Options{MaxDocFreq: 5}); len(l) != 0 {
		t.Errorf("small pool with MaxDocFreq 5: %d links, want 0", len(l))
	}
}

func texts(people []*bonafide.Person, kind string) []string {
	var out []string
	for _, p := range people {
		out = append(out, p.Documents[kind])
	}
	return out
}

func TestFrequentShingles(t *testing.T) {
	common := "references available upon request and happy to relocate"
	var docs []string
	for i := range 300 {
		d := personal(uint64(1000+i), 40)
		if i%2 == 0 {
			d += " " + common
		}
		docs = append(docs, d)
	}
	got := FrequentShingles(docs, Options{MaxDocFreq: 100})
	want := ShingleHashes(common, Options{})
	// The 6 shingles of the phrase occur in 150 documents; those bridging into the personal
	// text do not.
	wantSet := map[uint64]bool{}
	for _, x := range want {
		wantSet[x] = true
	}
	if len(got) != len(want) {
		t.Fatalf("got %d frequent shingles, want %d", len(got), len(want))
	}
	for _, x := range got {
		if !wantSet[x] {
			t.Errorf("unexpected frequent shingle %x", x)
		}
	}
	if got := FrequentShingles(docs, Options{MaxDocFreq: 150}); got != nil {
		t.Errorf("limit 150 (not exceeded): %d shingles", len(got))
	}
	if got := FrequentShingles(docs, Options{MaxDocFreq: -1}); got != nil {
		t.Errorf("filter off: %d shingles", len(got))
	}
	if got := FrequentShingles(docs[:40], Options{}); got != nil {
		t.Errorf("40 documents under the automatic limit 50: %d shingles", len(got))
	}
}

func TestLinkWeight(t *testing.T) {
	tests := []struct{ j, want float64 }{
		{0, 0.2}, {0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {0.6, 0.656}, {0.7, 0.711}, {0.8, 0.767},
		{0.9, 0.822}, {0.95, 0.85}, {1, 0.85},
	}
	for _, tt := range tests {
		if got := LinkWeight(tt.j); got != tt.want {
			t.Errorf("LinkWeight(%v) = %v, want %v", tt.j, got, tt.want)
		}
	}
}

// TestMaskOwn: the holder's own name tokens and claimed employers become one placeholder, as
// whole words only, whatever their case.
func TestMaskOwn(t *testing.T) {
	p := &bonafide.Person{Name: "Jan Kowalski", Claims: []bonafide.Claim{{Org: "Nordwind GmbH"}}}
	got := strings.Join(strings.Fields(maskOwn(p, "JAN KOWALSKI built Nordwind GmbH's API; Janusz and Kowalskis stay.")), " ")
	want := "ownname ownname built ownname 's API; Janusz and Kowalskis stay."
	if got != want {
		t.Fatalf("maskOwn = %q, want %q", got, want)
	}
}
