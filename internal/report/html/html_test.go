package htmlreport_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
	htmlreport "github.com/bonafide-oss/bonafide/internal/report/html"
	"github.com/bonafide-oss/bonafide/internal/report/reporttest"
)

func render(t testing.TB, r *report.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := htmlreport.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestWriteFile writes a sample report to $BONAFIDE_HTML_OUT for looking at in a browser;
// $BONAFIDE_HTML_SAMPLE=shapes writes the synthetic cluster shapes instead of the six people.
// Skipped when BONAFIDE_HTML_OUT is unset.
func TestWriteFile(t *testing.T) {
	out := os.Getenv("BONAFIDE_HTML_OUT")
	if out == "" {
		t.Skip("set BONAFIDE_HTML_OUT=/path/report.html to write the sample report")
	}
	r := reporttest.Six(t)
	if os.Getenv("BONAFIDE_HTML_SAMPLE") == "shapes" {
		r = shapes()
	}
	if err := os.WriteFile(out, []byte(render(t, r)), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	svgRe    = regexp.MustCompile(`(?s)<div class="cluster" id="cluster-(C\d+)"[^>]*>.*?<svg class="graph".*?</svg>`)
	circleRe = regexp.MustCompile(`<circle `)
	lineRe   = regexp.MustCompile(`<line `)
	valueRe  = regexp.MustCompile(`<td class="mono v">([^<]*)</td>`)
	// Any attribute or CSS that would make the browser fetch something.
	loadRe = regexp.MustCompile(`(?i)(<[a-z]+[^>]*\s(src|href|srcset|action|formaction|poster|data|xlink:href)\s*=\s*["']?\s*(https?:)?//)|url\(|@import`)
)

func TestContents(t *testing.T) {
	r := reporttest.Six(t)
	out := render(t, r)

	// Every person has a section with an anchor and a link to it from the ranking.
	for _, id := range []string{"p1", "p2", "p3", "p4", "p5", "p6"} {
		if !strings.Contains(out, `<article class="person`) || !strings.Contains(out, `id="p-`+id+`"`) {
			t.Errorf("no section anchor for %s", id)
		}
		if !strings.Contains(out, `<a href="#p-`+id+`">`) {
			t.Errorf("no link to #p-%s", id)
		}
	}
	// Every finding's signal ID, evidence value and note are shown.
	values := map[string]bool{}
	for _, m := range valueRe.FindAllStringSubmatch(out, -1) {
		values[html.UnescapeString(m[1])] = true
	}
	for _, a := range r.Assessments {
		for _, f := range a.Findings {
			if !strings.Contains(out, `<code class="sid">`+f.SignalID+`</code>`) {
				t.Errorf("%s: signal %s missing", a.PersonID, f.SignalID)
			}
			for _, ev := range f.Evidence {
				if !values[ev.Value] {
					t.Errorf("%s: evidence value %q missing", a.PersonID, ev.Value)
				}
				if !strings.Contains(html.UnescapeString(out), ev.Note) {
					t.Errorf("%s: evidence note %q missing", a.PersonID, ev.Note)
				}
			}
		}
	}
	// Header: band counts and lists, used and missing.
	for _, want := range []string{
		`<div class="stat high"><div class="n">3</div>`, `<div class="stat medium"><div class="n">2</div>`,
		`<div class="stat low"><div class="n">1</div>`, `<code>LOLRMM</code>`, `<span class="chip missing">missing</span>`,
		`embedded default (87 domains); full list: --data DIR`, `This report explains; it does not decide.`,
		`<span class="chip high">high</span>`, `Identifier shared with another applicant`,
		`<a class="src" href="#src-FBI22">FBI22</a>`, `<dt id="src-FBI22">FBI22</dt>`,
		`<dt id="src-Sardine">Sardine</dt>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// One SVG per cluster, with one circle per person and one line per link.
	want := map[string][2]int{"C1": {4, 4}, "C2": {2, 1}}
	svgs := svgRe.FindAllStringSubmatch(out, -1)
	if len(svgs) != len(want) {
		t.Fatalf("found %d cluster SVGs, want %d", len(svgs), len(want))
	}
	for _, m := range svgs {
		w := want[m[1]]
		if got := len(circleRe.FindAllString(m[0], -1)); got != w[0] {
			t.Errorf("cluster %s: %d circles, want %d", m[1], got, w[0])
		}
		if got := len(lineRe.FindAllString(m[0], -1)); got != w[1] {
			t.Errorf("cluster %s: %d lines, want %d", m[1], got, w[1])
		}
	}
	if n := strings.Count(out, "<svg"); n != 2 {
		t.Errorf("%d <svg> elements, want 2", n)
	}
}

func TestOffline(t *testing.T) {
	out := render(t, reporttest.Six(t))
	for _, m := range loadRe.FindAllString(out, -1) {
		if !strings.HasPrefix(m, "<a ") { // a link loads nothing until followed
			t.Errorf("output loads an external resource: %q", m)
		}
	}
	for _, tag := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed"} {
		if strings.Contains(strings.ToLower(out), tag) {
			t.Errorf("output contains %s", tag)
		}
	}
	// The only absolute URLs are the sources' reference links, plain <a href> in #sources.
	srcStart := strings.Index(out, `<section class="card" id="sources">`)
	for _, loc := range regexp.MustCompile(`https?://`).FindAllStringIndex(out, -1) {
		if loc[0] < srcStart {
			t.Errorf("http URL before the Sources section: %q", out[max(0, loc[0]-60):loc[1]+20])
		}
	}
	if n := strings.Count(out, `<a class="url" href="https://`); n != 4 {
		t.Errorf("%d source links, want 4", n)
	}
}

func TestEscaping(t *testing.T) {
	r := reporttest.Six(t)
	r.Sources = append(r.Sources, bonafide.Source{Key: "EVIL", Title: "x", URL: "javascript:alert(3)"})
	r.Assessments[5].Findings[1].Sources = append(r.Assessments[5].Findings[1].Sources, `"><b>`)
	out := render(t, r)
	for _, bad := range []string{"<script>alert(1)</script>", `"><img src=x`, "javascript:alert(3)", `"><b>`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains unescaped %q", bad)
		}
	}
	for _, want := range []string{
		"<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>",                // section heading
		`<a href="#p-p6">&lt;script&gt;alert(1)&lt;/script&gt;</a>`,     // ranking
		`text-anchor="middle">&lt;script&gt;alert(1)&lt;/scrip…</text>`, // SVG label, cut
		`<td>&#34;&gt;&lt;img src=x onerror=alert(2)&gt;</td>`,          // evidence note
		`href="#src-_22_3e_3cb_3e">&#34;&gt;&lt;b&gt;</a>`,              // odd source key
		`<dt id="src-EVIL">EVIL</dt><dd>x</dd>`,                         // javascript: URL dropped
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestOnlyPeopleWithFindings(t *testing.T) {
	r := reporttest.Six(t)
	r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: "p7", Name: "Emma Clarke", Band: bonafide.BandLow})
	r.Stats = report.StatsOf(r.Assessments)
	out := render(t, r)
	if strings.Contains(out, "Emma Clarke") || strings.Contains(out, `id="p-p7"`) {
		t.Error("person without findings is listed")
	}
	if !strings.Contains(out, "1 person screened without findings is not listed.") {
		t.Error("no note on unlisted people")
	}
	if !strings.Contains(out, "7 people screened; 6 with at least one finding.") {
		t.Error("summary counts wrong")
	}
}

func TestAnchorsOfOddIDs(t *testing.T) {
	r := &report.Report{Assessments: []bonafide.Assessment{
		{PersonID: "ats:42/a b", Name: "A", Score: 10, Band: bonafide.BandMedium,
			Findings: []bonafide.Finding{{SignalID: "S", Related: []string{"x_1"}, Evidence: []bonafide.Evidence{{Field: "email", Value: "a@b"}}}}},
		{PersonID: "x_1", Name: "B", Score: 10, Band: bonafide.BandMedium,
			Findings: []bonafide.Finding{{SignalID: "S", Related: []string{"ats:42/a b"}}}},
	}}
	out := render(t, r)
	for _, want := range []string{`id="p-ats_3a42_2fa_20b"`, `href="#p-ats_3a42_2fa_20b"`, `id="p-x_5f1"`, `href="#p-x_5f1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := render(t, shapes())
	b := render(t, shapes())
	if a != b {
		t.Error("two renderings of the same report differ")
	}
}

func TestShapesDrawn(t *testing.T) {
	r := shapes()
	out := render(t, r)
	clusters := r.Clusters()
	svgs := svgRe.FindAllStringSubmatch(out, -1)
	if len(svgs) != len(clusters) {
		t.Fatalf("%d SVGs, want %d", len(svgs), len(clusters))
	}
	// A person named in a finding but not assessed is drawn grey, without a link.
	if !strings.Contains(out, `<g><title>ref-unassessed (ref-unassessed)</title><circle `) || strings.Contains(out, `href="#p-ref-unassessed"`) {
		t.Error("unassessed node drawn wrong")
	}
	if !strings.Contains(out, `fill="#8a94a3"`) {
		t.Error("no grey node for the unassessed person")
	}
	links := r.Links()
	for i, m := range svgs {
		members := map[string]bool{}
		for _, id := range clusters[i] {
			members[id] = true
		}
		nEdges := 0
		for _, e := range links {
			if members[e.A] {
				nEdges++
			}
		}
		if got := len(circleRe.FindAllString(m[0], -1)); got != len(clusters[i]) {
			t.Errorf("cluster %s: %d circles, want %d", m[1], got, len(clusters[i]))
		}
		if got := len(lineRe.FindAllString(m[0], -1)); got != nEdges {
			t.Errorf("cluster %s: %d lines, want %d", m[1], got, nEdges)
		}
	}
}

func TestCaps(t *testing.T) {
	// 60 pairs and one cluster too large to draw.
	var as []bonafide.Assessment
	link := func(a, b string) {
		as = append(as,
			bonafide.Assessment{PersonID: a, Name: a, Score: 30, Band: bonafide.BandHigh, Findings: []bonafide.Finding{{SignalID: "S", Key: a + b, Related: []string{b}}}},
			bonafide.Assessment{PersonID: b, Name: b, Score: 30, Band: bonafide.BandHigh, Findings: []bonafide.Finding{{SignalID: "S", Key: a + b, Related: []string{a}}}})
	}
	var big []string
	for i := 0; i <= htmlreport.MaxNodesDrawn; i++ {
		big = append(big, fmt.Sprintf("big%03d", i))
	}
	as = append(as, bonafide.Assessment{PersonID: "hub", Name: "Hub", Score: 90, Band: bonafide.BandHigh,
		Findings: []bonafide.Finding{{SignalID: "S", Key: "hub", Related: big}}})
	for i := 0; i < 60; i++ {
		link(fmt.Sprintf("a%02d", i), fmt.Sprintf("b%02d", i))
	}
	out := render(t, &report.Report{Assessments: as})
	if n := strings.Count(out, `<div class="cluster" id=`); n != htmlreport.MaxClustersDrawn {
		t.Errorf("%d clusters shown, want %d", n, htmlreport.MaxClustersDrawn)
	}
	if n := strings.Count(out, "<svg"); n != htmlreport.MaxClustersDrawn-1 {
		t.Errorf("%d SVGs, want %d", n, htmlreport.MaxClustersDrawn-1)
	}
	for _, want := range []string{
		"The 50 largest of 61 networks are shown; all are in the JSON report.",
		fmt.Sprintf("Too large to draw legibly (%d people).", htmlreport.MaxNodesDrawn+2),
		"+161 more links (see the JSON report).",
		`<li>big000 <span class="mono more">big000</span></li>`,
		`<a class="more" href="#cluster-C50">C50</a>`,
		`<span class="more">C51</span>`,
		`<span>Network C61</span>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestEmptyReport(t *testing.T) {
	out := render(t, &report.Report{})
	for _, want := range []string{"<title>Screening report · bonafide</title>", "No person has a finding.", "No people are linked by shared identifiers.", "No sources."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	return 0, io.ErrClosedPipe
}

func TestWriteError(t *testing.T) {
	if err := htmlreport.Write(&errWriter{}, reporttest.Six(t)); err == nil {
		t.Error("want the writer's error, got nil")
	}
}

// shapes builds a report with persona networks of typical shapes: a referee shared by twelve
// applicants (star), a laptop farm of eight hires at one address (clique), a chain of six, two
// triangles joined by a bridge, a random tree of 25 and a pair.
func shapes() *report.Report {
	r := &report.Report{
		Title:       "Synthetic cluster shapes",
		GeneratedAt: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC),
		Signals: []bonafide.Signal{
			{ID: "REF-SHARED-ACROSS", Title: "Same reference for several candidates", Weight: 25},
			{ID: "SHIP-ADDR-REUSED", Title: "Shipping address used by another hire", Weight: 20},
			{ID: "APP-SHARED-IDENT", Title: "Identifier shared with another applicant", Weight: 30},
			{ID: "PAY-ACCOUNT-SHARED", Title: "Payout account shared with another worker", Weight: 35},
		},
	}
	names := []string{"Daniel Weber", "Jonas Richter", "Miguel Santos", "Tiago Costa", "Oliver Hughes", "Emma Clarke",
		"Lukas Schmidt", "Ana Ferreira", "Harry Walker", "Sophie Fischer", "João Almeida", "Charlotte Evans",
		"Maximilian Hoffmann-Schulze", "Inês Rodrigues", "George Thompson", "Lena Wagner"}
	var people []string
	person := func() string {
		i := len(people)
		id := fmt.Sprintf("ats-%04d", i+1)
		people = append(people, id)
		r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: id, Name: names[i%len(names)]})
		return id
	}
	idx := func(id string) *bonafide.Assessment {
		for i := range r.Assessments {
			if r.Assessments[i].PersonID == id {
				return &r.Assessments[i]
			}
		}
		panic(id)
	}
	share := func(sig, field, value string, w float64, ids ...string) {
		for _, id := range ids {
			var rel []string
			for _, o := range ids {
				if o != id {
					rel = append(rel, o)
				}
			}
			a := idx(id)
			a.Findings = append(a.Findings, bonafide.Finding{PersonID: id, SignalID: sig, Weight: w, Severity: bonafide.SeverityHigh,
				Summary: field + " shared with " + fmt.Sprint(len(rel)) + " others", Key: field + ":" + value, Related: rel,
				Evidence: []bonafide.Evidence{{Field: field, Value: value, Note: "same " + field}}})
		}
	}
	pair := func(sig, field, value string, w float64, a, b string) { share(sig, field, value, w, a, b) }

	// Star: one referee e-mail named by twelve applicants, each linked only to the hub applicant
	// who first used it.
	hub := person()
	for i := 0; i < 11; i++ {
		pair("REF-SHARED-ACROSS", "references[0].email", "m.becker@proton.me", 25, hub, person())
	}
	// Clique: laptop farm.
	var farm []string
	for i := 0; i < 8; i++ {
		farm = append(farm, person())
	}
	share("SHIP-ADDR-REUSED", "address", "US|10001|w 34th st 1", 20, farm...)
	// Chain.
	prev := person()
	for i := 0; i < 5; i++ {
		next := person()
		pair("APP-SHARED-IDENT", "phone", fmt.Sprintf("+4915112345%03d", i), 30, prev, next)
		prev = next
	}
	// Two triangles and a bridge with two shared facts.
	t1 := []string{person(), person(), person()}
	t2 := []string{person(), person(), person()}
	share("APP-SHARED-IDENT", "email", "dev.ops@gmail.com", 30, t1...)
	share("APP-SHARED-IDENT", "device", "fp-9a1c", 30, t2...)
	pair("PAY-ACCOUNT-SHARED", "iban", "DE89370400440532013000", 35, t1[0], t2[0])
	pair("APP-SHARED-IDENT", "phone", "+351912345678", 30, t1[0], t2[0])
	// Random tree of 25.
	rng := rand.New(rand.NewPCG(1, 2))
	tree := []string{person()}
	for i := 1; i < 25; i++ {
		n := person()
		parent := tree[rng.IntN(len(tree))]
		sig, field := "APP-SHARED-IDENT", "ip"
		if i%3 == 0 {
			sig, field = "PAY-ACCOUNT-SHARED", "wallet"
		}
		pair(sig, field, fmt.Sprintf("203.0.113.%d", i), 20, parent, n)
		tree = append(tree, n)
	}
	// Pair, one side not assessed.
	p := person()
	a := idx(p)
	a.Findings = append(a.Findings, bonafide.Finding{PersonID: p, SignalID: "REF-SHARED-ACROSS", Weight: 25,
		Related: []string{"ref-unassessed"}, Evidence: []bonafide.Evidence{{Field: "references[0].phone", Value: "+447700900123"}}})

	for i := range r.Assessments {
		a := &r.Assessments[i]
		for _, f := range a.Findings {
			a.Score += f.Weight
		}
		a.Score = min(a.Score, 95)
		switch {
		case a.Score >= 50:
			a.Band = bonafide.BandHigh
		case a.Score >= 25:
			a.Band = bonafide.BandMedium
		default:
			a.Band = bonafide.BandLow
		}
	}
	sortByScore(r.Assessments)
	r.Stats = report.StatsOf(r.Assessments)
	return r
}

func sortByScore(as []bonafide.Assessment) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Score > as[j-1].Score; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// synthetic builds n assessments of which flagged have findings; those are linked in clusters
// of 2 to 12 people by shared phones.
func synthetic(n, flagged int) *report.Report {
	r := &report.Report{Title: "Benchmark", GeneratedAt: time.Unix(0, 0)}
	rng := rand.New(rand.NewPCG(7, 7))
	r.Assessments = make([]bonafide.Assessment, n)
	for i := 0; i < flagged; {
		size := 2 + rng.IntN(11)
		size = min(size, flagged-i)
		if size < 2 {
			size = 1
		}
		for k := 0; k < size; k++ {
			id := fmt.Sprintf("p%06d", i+k)
			var rel []string
			if size > 1 {
				rel = []string{fmt.Sprintf("p%06d", i+(k+1)%size)}
			}
			r.Assessments[i+k] = bonafide.Assessment{
				PersonID: id, Name: fmt.Sprintf("Applicant %d", i+k), Score: float64(90 - (i+k)%60), Band: bonafide.BandHigh,
				Reasons: []string{"APP-SHARED-IDENT (+30): phone shared with another applicant"},
				Findings: []bonafide.Finding{{PersonID: id, SignalID: "APP-SHARED-IDENT", Weight: 30, Severity: bonafide.SeverityHigh,
					Summary: "phone shared", Key: fmt.Sprintf("phone:%d", i), Related: rel, Sources: []string{"FBI22"},
					Evidence: []bonafide.Evidence{{Field: "phone", Value: fmt.Sprintf("+49151%08d", i), Note: "same phone"}}}},
			}
		}
		i += size
	}
	for i := flagged; i < n; i++ {
		r.Assessments[i] = bonafide.Assessment{PersonID: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("Applicant %d", i), Band: bonafide.BandLow}
	}
	r.Stats = report.StatsOf(r.Assessments)
	return r
}

// BenchmarkWrite100k writes a scan of 100,000 people of whom 1,000 have findings.
func BenchmarkWrite100k(b *testing.B) {
	r := synthetic(100_000, 1_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := htmlreport.Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite100kAllFlagged writes a scan of 100,000 people who all have findings: every one
// gets a row and a section, and 50 of about 14,000 clusters are drawn.
func BenchmarkWrite100kAllFlagged(b *testing.B) {
	r := synthetic(100_000, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := htmlreport.Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// activeContent parses doc as a browser would and returns what could run or load: script,
// img, iframe, object, embed and link elements, and on* event attributes.
func activeContent(t testing.TB, doc string) []string {
	t.Helper()
	root, err := xhtml.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "link", "base", "meta":
				if n.Data != "meta" || hasAttr(n, "http-equiv") {
					found = append(found, "<"+n.Data+">")
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					found = append(found, n.Data+" "+a.Key)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

func hasAttr(n *xhtml.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func TestNoActiveContent(t *testing.T) {
	if got := activeContent(t, render(t, reporttest.Six(t))); len(got) > 0 {
		t.Errorf("active content in the report: %v", got)
	}
}

// FuzzWrite puts arbitrary text in every untrusted place (name, ID, evidence, summary, reason,
// source key and URL) and checks that the parsed document has nothing that runs or loads.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "javascript:alert(1)",
		"</title><script>x</script>", "]]><svg onload=alert(1)>", "p1", "\x00\u202e", "<!--", "</style><script>"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		r := &report.Report{
			Title:  a,
			Inputs: []string{b},
			Assessments: []bonafide.Assessment{
				{PersonID: a, Name: b, Score: 10, Band: bonafide.BandHigh, Reasons: []string{a + ": " + b},
					Findings: []bonafide.Finding{{SignalID: a, Summary: b, Sources: []string{a}, Related: []string{b},
						Evidence: []bonafide.Evidence{{Field: a, Value: b, Note: a}}}}},
				{PersonID: b, Name: a, Score: 5, Band: bonafide.Band(a),
					Findings: []bonafide.Finding{{SignalID: b, Severity: bonafide.Severity(b), Related: []string{a}}}},
			},
			Sources: []bonafide.Source{{Key: a, Title: b, URL: b}},
			Lists:   []report.ListStatus{{Name: a, Version: b, Note: a}},
		}
		out := render(t, r)
		if got := activeContent(t, out); len(got) > 0 {
			t.Fatalf("active content: %v", got)
		}
		if m := loadRe.FindAllString(out, -1); len(m) > 0 {
			for _, s := range m {
				if !strings.HasPrefix(s, "<a ") {
					t.Fatalf("resource load: %q", s)
				}
			}
		}
	})
}
