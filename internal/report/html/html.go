// Package htmlreport writes a scan report as ONE self-contained HTML file that opens offline:
// inline CSS, no script, no external resource (the only absolute URLs are the advisories'
// reference links in the Sources section, plain <a href> that load nothing by themselves).
//
// The file has, in order: a header with the counts per band and the reference lists used or
// missing; a ranked table of the people with findings; a picture of the persona networks (one
// inline SVG per cluster of people linked by shared identifiers, laid out in Go by stress
// majorization, deterministically); a section per person with every finding, its evidence and
// its sources; and the Sources section with the advisories' titles and URLs.
//
// Names, evidence and every other string from the input are untrusted: html/template escapes them
// for their context (text, attribute, URL), and URLs other than http(s)/mailto are neutralised.
//
// It scales to large scans: only people with findings are listed and get a section, and at most
// MaxClustersDrawn clusters (the largest) of at most MaxNodesDrawn people each are drawn; the rest
// are named with a note. The report explains, it never decides: it says so on its first screen.
package htmlreport

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
)

// Limits on what is drawn.
const (
	// MaxClustersDrawn is the number of clusters drawn, largest first; the others are counted
	// in a note (all are in the JSON report).
	MaxClustersDrawn = 50
	// MaxNodesDrawn is the largest cluster drawn as a picture; bigger ones are listed by name.
	MaxNodesDrawn = 200
	// maxLinksListed is the number of links listed in words under a cluster picture.
	maxLinksListed = 40
	// maxReasons is the number of reasons shown per person in the ranked table.
	maxReasons = 3
)

// Drawing metrics, in SVG pixels.
const (
	nodeRadius    = 17.0
	labelGap      = 15.0 // from circle bottom to the name's baseline
	labelBoxGap   = 4.0  // from circle to the name's box (labelGap less the cap height)
	labelBoxH     = 14.0 // height of the name's box
	labelFont     = 12.0
	charWidth     = 6.9 // average advance of a 12 px bold sans-serif character
	edgeCharWidth = 5.6 // average advance of a 10.5 px sans-serif character
	maxLabelCell  = 24  // name labels longer than this many cells are cut with "…"
	edgeUnit      = 120.0
	svgMargin     = 14.0
)

//go:embed report.html.tmpl
var pageTemplate string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).Parse(pageTemplate))

// Band fill colours (nodes and chips); "none" is a person not assessed or without findings.
var bandFill = map[string]string{
	"high":   "#c62828",
	"medium": "#e07b00",
	"low":    "#2f6fb0",
	"none":   "#8a94a3",
}

// signalPalette colours edges by signal (Tableau 10, minus the reds and oranges of the bands).
var signalPalette = []string{
	"#4e79a7", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f",
	"#edc948", "#ff9da7", "#17becf", "#7f7f7f", "#bcbd22",
}

type page struct {
	Title        string
	Generated    string
	Inputs       []string
	Stats        report.Stats
	WithFindings int
	Duration     string
	Lists        []report.ListStatus
	Rows         []rowView
	Unlisted     int // people screened without findings, not listed
	Clusters     []clusterView
	ClustersAll  int // clusters found
	Legend       []legendItem
	People       []personView
	Sources      []sourceView
}

type rowView struct {
	Rank                    int
	Anchor, Name, ID, Score string
	Band                    string
	Reasons                 []reasonView
	MoreReasons             int
	Cluster, ClusterAnchor  string
}

type reasonView struct{ Head, Tail string }

type legendItem struct{ ID, Title, Color string }

type clusterView struct {
	ID, Anchor    string
	NetID         string // the resolver's network ID (NET-CLUSTER findings, `bonafide graph`) holding these people
	Size          int
	MaxScore      string
	Kinds         string
	Drawn         bool
	Width, Height int
	Basis         int // flex basis of the card: the drawing's width plus padding
	Nodes         []nodeView
	Edges         []edgeView
	Members       []personRef
	Links         []linkView
	MoreLinks     int
}

type nodeView struct {
	X, Y, LabelY, ScoreY string
	Fill, Anchor         string
	Label, Name, ID      string
	Score, Band          string
	HasSection           bool
}

type edgeView struct {
	X1, Y1, X2, Y2, MX, MY string
	Color, Width           string
	Kinds, Title           string
	BX, BY, BW, BH         string // the label's background box
}

type linkView struct {
	A, B  personRef
	Label string
	Sigs  string
}

type personRef struct {
	Name, ID, Anchor string
	HasSection       bool
}

type personView struct {
	Rank                    int
	Anchor, Name, ID, Score string
	Band                    string
	Meta                    []metaItem
	Cluster, ClusterAnchor  string
	Findings                []findingView
}

type metaItem struct{ K, V string }

type findingView struct {
	SignalID, Title, Severity, Weight, Summary string
	Evidence                                   []bonafide.Evidence
	Heatmap                                    template.HTML // hour-of-day picture, when the evidence has one
	Sources                                    []sourceRef
	Related                                    []personRef
}

type sourceRef struct{ Key, Anchor string }

type sourceView struct {
	Key, Anchor, Title string
	URL                string // http(s) only; empty otherwise
	Known              bool
}

// Write writes r to w as one self-contained HTML document. It returns the first template or
// write error.
func Write(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := tmpl.Execute(bw, build(r)); err != nil {
		return err
	}
	return bw.Flush()
}

func build(r *report.Report) *page {
	pg := &page{
		Title:  r.Title,
		Inputs: r.Inputs,
		Stats:  r.Stats,
		Lists:  r.Lists,
	}
	if pg.Title == "" {
		pg.Title = "Screening report"
	}
	if !r.GeneratedAt.IsZero() {
		pg.Generated = r.GeneratedAt.UTC().Format("2 January 2006, 15:04 UTC")
	}
	if r.Stats.Duration > 0 {
		pg.Duration = r.Stats.Duration.Round(durationUnit(r.Stats.Duration)).String()
	}

	sigs := make(map[string]*bonafide.Signal, len(r.Signals))
	for i := range r.Signals {
		sigs[r.Signals[i].ID] = &r.Signals[i]
	}
	// People with a section: those with findings. rank and index by ID.
	idx := make(map[string]int, len(r.Assessments))
	for i := range r.Assessments {
		a := &r.Assessments[i]
		if _, dup := idx[a.PersonID]; !dup {
			idx[a.PersonID] = i
		}
		if len(a.Findings) > 0 {
			pg.WithFindings++
		}
	}
	pg.Unlisted = len(r.Assessments) - pg.WithFindings
	ref := func(id string) personRef {
		pr := personRef{ID: id, Name: id, Anchor: anchor(id)}
		if i, ok := idx[id]; ok {
			a := &r.Assessments[i]
			if a.Name != "" {
				pr.Name = a.Name
			}
			pr.HasSection = len(a.Findings) > 0
		} else if p := r.People[id]; p != nil && p.Name != "" {
			pr.Name = p.Name
		}
		return pr
	}

	edges := r.Links()
	clusters := report.ClustersOf(edges, r.Assessments)
	pg.ClustersAll = len(clusters)
	clusterOf := map[string]int{}
	for ci, c := range clusters {
		for _, id := range c {
			clusterOf[id] = ci
		}
	}
	pg.Clusters, pg.Legend = drawClusters(r, clusters, edges, idx, sigs, ref)

	usedSources := map[string]bool{}
	for i := range r.Assessments {
		a := &r.Assessments[i]
		if len(a.Findings) == 0 {
			continue
		}
		rv := rowView{
			Rank: i + 1, Anchor: anchor(a.PersonID), Name: a.Name, ID: a.PersonID,
			Score: formatNum(a.Score), Band: bandClass(a.Band, true),
		}
		if rv.Name == "" {
			rv.Name = a.PersonID
		}
		pv := personView{
			Rank: rv.Rank, Anchor: rv.Anchor, Name: rv.Name, ID: a.PersonID,
			Score: rv.Score, Band: rv.Band, Meta: meta(r.People[a.PersonID]),
		}
		if ci, ok := clusterOf[a.PersonID]; ok {
			rv.Cluster = "C" + strconv.Itoa(ci+1)
			if ci < MaxClustersDrawn { // others have no card to link to
				rv.ClusterAnchor = "cluster-" + rv.Cluster
			}
			pv.Cluster, pv.ClusterAnchor = rv.Cluster, rv.ClusterAnchor
		}
		reasons := a.Reasons
		if len(reasons) == 0 {
			for _, f := range a.Findings {
				reasons = append(reasons, f.SignalID+" (+"+formatNum(f.Weight)+"): "+f.Summary)
			}
		}
		for k, s := range reasons {
			if k == maxReasons {
				rv.MoreReasons = len(reasons) - k
				break
			}
			head, tail, ok := strings.Cut(s, ": ")
			if !ok {
				head, tail = "", s
			}
			rv.Reasons = append(rv.Reasons, reasonView{Head: head, Tail: tail})
		}
		for _, f := range a.Findings {
			fv := findingView{
				SignalID: f.SignalID, Severity: severityClass(f.Severity),
				Weight: formatNum(f.Weight), Summary: f.Summary, Evidence: f.Evidence,
				Heatmap: hourHeatmap(f.Evidence),
			}
			keys := f.Sources
			if s := sigs[f.SignalID]; s != nil {
				fv.Title = s.Title
				if len(keys) == 0 {
					keys = s.Sources
				}
			}
			for _, k := range keys {
				usedSources[k] = true
				fv.Sources = append(fv.Sources, sourceRef{Key: k, Anchor: "src-" + anchorPart(k)})
			}
			for _, rel := range f.Related {
				if rel != "" && rel != a.PersonID {
					fv.Related = append(fv.Related, ref(rel))
				}
			}
			pv.Findings = append(pv.Findings, fv)
		}
		pg.Rows = append(pg.Rows, rv)
		pg.People = append(pg.People, pv)
	}

	known := map[string]bool{}
	for _, s := range r.Sources {
		known[s.Key] = true
		sv := sourceView{Key: s.Key, Anchor: "src-" + anchorPart(s.Key), Title: s.Title, Known: true}
		if u := strings.TrimSpace(s.URL); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			sv.URL = u
		}
		pg.Sources = append(pg.Sources, sv)
	}
	var unknown []string
	for k := range usedSources {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		pg.Sources = append(pg.Sources, sourceView{Key: k, Anchor: "src-" + anchorPart(k)})
	}
	return pg
}

// drawClusters lays out and renders the largest clusters, and returns the signal legend for
// the edges drawn.
func drawClusters(r *report.Report, clusters [][]string, edges []report.Edge, idx map[string]int,
	sigs map[string]*bonafide.Signal, ref func(string) personRef) ([]clusterView, []legendItem) {
	if len(clusters) == 0 {
		return nil, nil
	}
	drawn := clusters[:min(len(clusters), MaxClustersDrawn)]
	clusterOf := map[string]int{}
	for ci, c := range drawn {
		for _, id := range c {
			clusterOf[id] = ci
		}
	}
	byCluster := make([][]report.Edge, len(drawn))
	for _, e := range edges {
		if ci, ok := clusterOf[e.A]; ok {
			byCluster[ci] = append(byCluster[ci], e)
		}
	}
	// Edge colour: the linking signal with the highest catalogue weight (ties: lowest ID).
	primary := func(e report.Edge) string {
		best, bw := "", math.Inf(-1)
		for _, s := range e.Signals {
			w := 0.0
			if sg := sigs[s]; sg != nil {
				w = sg.Weight
			}
			if w > bw {
				best, bw = s, w
			}
		}
		return best
	}
	var used []string
	for ci := range drawn {
		if len(drawn[ci]) > MaxNodesDrawn {
			continue
		}
		for _, e := range byCluster[ci] {
			if p := primary(e); !slices.Contains(used, p) {
				used = append(used, p)
			}
		}
	}
	slices.Sort(used)
	colour := map[string]string{}
	var legend []legendItem
	for i, s := range used {
		colour[s] = signalPalette[i%len(signalPalette)]
		li := legendItem{ID: s, Color: colour[s]}
		if sg := sigs[s]; sg != nil {
			li.Title = sg.Title
		}
		legend = append(legend, li)
	}

	out := make([]clusterView, 0, len(drawn))
	for ci, members := range drawn {
		cv := clusterView{ID: "C" + strconv.Itoa(ci+1), Size: len(members)}
		if len(members) > 0 {
			for _, n := range r.Networks {
				if slices.Contains(n.Members, members[0]) {
					cv.NetID = n.ID
					break
				}
			}
		}
		cv.Anchor = "cluster-" + cv.ID
		maxScore := math.Inf(-1)
		for _, id := range members {
			if i, ok := idx[id]; ok {
				maxScore = math.Max(maxScore, r.Assessments[i].Score)
			}
		}
		if !math.IsInf(maxScore, -1) {
			cv.MaxScore = formatNum(maxScore)
		}
		var kinds []string
		for _, e := range byCluster[ci] {
			for _, k := range edgeKinds(e.Label) {
				if !slices.Contains(kinds, k) {
					kinds = append(kinds, k)
				}
			}
		}
		cv.Kinds = strings.Join(kinds, ", ")
		for k, e := range byCluster[ci] {
			if k == maxLinksListed {
				cv.MoreLinks = len(byCluster[ci]) - k
				break
			}
			cv.Links = append(cv.Links, linkView{A: ref(e.A), B: ref(e.B), Label: e.Label, Sigs: strings.Join(e.Signals, ", ")})
		}
		if len(members) > MaxNodesDrawn {
			for _, id := range members {
				cv.Members = append(cv.Members, ref(id))
			}
			out = append(out, cv)
			continue
		}
		cv.Drawn = true
		pos := map[string]int{}
		for i, id := range members {
			pos[id] = i
		}
		fp := make([]size, len(members))
		labels := make([]string, len(members))
		for i, id := range members {
			labels[i] = cutCells(ref(id).Name, maxLabelCell)
			w := math.Max(2*nodeRadius, float64(uniseg.StringWidth(labels[i]))*charWidth+6)
			fp[i] = size{W: w, H: 2*nodeRadius + labelGap + 6}
		}
		ix := make([][2]int, len(byCluster[ci]))
		for k, e := range byCluster[ci] {
			ix[k] = [2]int{pos[e.A], pos[e.B]}
		}
		// Label edges with what they share only where it adds to the header line ("Shared: …")
		// without cluttering: several kinds of link, or few links, and never a dense tangle.
		// A labelled edge asks the layout for room for its label between the two circles.
		labelled := (len(kinds) > 1 || len(ix) <= 8) && len(ix) <= 2*len(members)
		elabels := make([]string, len(ix))
		length := make([]float64, len(ix))
		for k, e := range byCluster[ci] {
			length[k] = 1
			if labelled {
				elabels[k] = strings.Join(edgeKinds(e.Label), " + ")
				need := float64(uniseg.StringWidth(elabels[k]))*edgeCharWidth + 2*nodeRadius + 44
				length[k] = math.Max(1, need/edgeUnit)
			}
		}
		// Footprints are centred below the circle centre (the name sits under the circle); the
		// layout works on footprint centres. Then each name goes below or above its circle,
		// whichever side fewer edges cross, and the drawing is fitted to its bounds.
		pts := layoutGraph(len(members), ix, length, fp, edgeUnit, svgMargin, seedOf(members))
		shift := (labelGap + 6) / 2
		for i := range pts {
			pts[i].Y -= shift
		}
		widths := make([]float64, len(members))
		for i := range fp {
			widths[i] = fp[i].W
		}
		above := placeLabels(pts, widths, ix, nodeRadius, labelBoxGap, labelBoxH)
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for i, p := range pts {
			top, bottom := p.Y-nodeRadius, p.Y+nodeRadius+labelBoxGap+labelBoxH
			if above[i] {
				top, bottom = p.Y-nodeRadius-labelBoxGap-labelBoxH, p.Y+nodeRadius
			}
			minX, maxX = math.Min(minX, p.X-fp[i].W/2), math.Max(maxX, p.X+fp[i].W/2)
			minY, maxY = math.Min(minY, top), math.Max(maxY, bottom)
		}
		for i := range pts {
			pts[i].X += svgMargin - minX
			pts[i].Y += svgMargin - minY
		}
		cv.Width, cv.Height = int(math.Ceil(maxX-minX+2*svgMargin)), int(math.Ceil(maxY-minY+2*svgMargin))
		cv.Basis = max(300, cv.Width+30)
		// Edge labels avoid circles, names and each other where the edge leaves room.
		avoid := make([]rect, 0, 2*len(pts)+len(ix))
		for i, p := range pts {
			avoid = append(avoid, rect{p.X - nodeRadius, p.Y - nodeRadius, p.X + nodeRadius, p.Y + nodeRadius})
			y0 := p.Y + nodeRadius + labelBoxGap
			if above[i] {
				y0 = p.Y - nodeRadius - labelBoxGap - labelBoxH
			}
			avoid = append(avoid, rect{p.X - fp[i].W/2, y0, p.X + fp[i].W/2, y0 + labelBoxH})
		}
		for k, e := range byCluster[ci] {
			a, b := pts[ix[k][0]], pts[ix[k][1]]
			p := primary(e)
			kinds := elabels[k]
			var mid point
			var box rect
			if kinds != "" {
				mid, box = placeEdgeLabel(a, b, float64(uniseg.StringWidth(kinds))*edgeCharWidth+6, 13, avoid)
				avoid = append(avoid, box)
			}
			title := ref(e.A).Name + " — " + ref(e.B).Name + ": " + e.Label + " (" + strings.Join(e.Signals, ", ") + ")"
			cv.Edges = append(cv.Edges, edgeView{
				X1: f1(a.X), Y1: f1(a.Y), X2: f1(b.X), Y2: f1(b.Y),
				MX: f1(mid.X), MY: f1(mid.Y + 3.5),
				Color: colour[p], Width: f1(1.6 + math.Min(3, e.Weight/25)),
				Kinds: kinds, Title: title,
				BX: f1(box.X0), BY: f1(box.Y0), BW: f1(box.X1 - box.X0), BH: f1(box.Y1 - box.Y0),
			})
		}
		for i, id := range members {
			pr := ref(id)
			nv := nodeView{
				X: f1(pts[i].X), Y: f1(pts[i].Y),
				LabelY: f1(pts[i].Y + nodeRadius + labelGap),
				ScoreY: f1(pts[i].Y + 4),
				Anchor: pr.Anchor, Label: labels[i], Name: pr.Name, ID: id, HasSection: pr.HasSection,
				Band: "none",
			}
			if i, ok := idx[id]; ok {
				a := &r.Assessments[i]
				nv.Score = strconv.FormatFloat(math.Round(a.Score), 'f', 0, 64) // whole points fit the circle
				nv.Band = bandClass(a.Band, len(a.Findings) > 0)
			}
			if above[i] {
				nv.LabelY = f1(pts[i].Y - nodeRadius - labelBoxGap - 3)
			}
			nv.Fill = bandFill[nv.Band]
			cv.Nodes = append(cv.Nodes, nv)
		}
		out = append(out, cv)
	}
	return out, legend
}

// edgeKinds returns the identifier kinds named in an edge label ("iban DE89…; phone +49…" →
// ["iban", "phone"]).
func edgeKinds(label string) []string {
	label, _, _ = strings.Cut(label, " (+")
	var out []string
	for _, part := range strings.Split(label, "; ") {
		k, _, _ := strings.Cut(strings.TrimSpace(part), " ")
		if w, ok := kindWords[k]; ok {
			k = w
		}
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// kindWords names link kinds in words for drawings ("shipping_address" and "shipping" are the
// same thing to a reader).
var kindWords = map[string]string{
	"shipping_address": "shipping address", "shipping": "shipping address", "home_address": "home address",
	"address": "address", "photos": "photo", "referral": "referral", "reference": "referee",
	"device_id": "MFA device", "ip": "IP address",
}

func meta(p *bonafide.Person) []metaItem {
	if p == nil {
		return nil
	}
	var m []metaItem
	add := func(k, v string) {
		if v != "" {
			m = append(m, metaItem{k, v})
		}
	}
	add("Role", string(p.Role))
	src := p.Source
	if p.Line > 0 && src != "" {
		src += ":" + strconv.Itoa(p.Line)
	}
	add("Source", src)
	add("Source ID", p.SourceID)
	add("Claimed country", p.Country)
	add("Claimed time zone", p.TimeZone)
	if p.Application != nil {
		add("Position", p.Application.Position)
		add("Channel", p.Application.Channel)
	}
	add("Referred by", p.ReferredBy)
	return m
}

// bandClass maps a band to a CSS class; people without findings are "none".
func bandClass(b bonafide.Band, hasFindings bool) string {
	if !hasFindings {
		return "none"
	}
	switch b {
	case bonafide.BandHigh, bonafide.BandMedium, bonafide.BandLow:
		return string(b)
	}
	return "none"
}

func severityClass(s bonafide.Severity) string {
	switch s {
	case bonafide.SeverityHigh, bonafide.SeverityMedium, bonafide.SeverityLow, bonafide.SeverityInfo:
		return string(s)
	}
	return "info"
}

// anchor is the fragment ID of a person's section: "p-" and the ID with every byte outside
// [A-Za-z0-9.-] written as "_xx" (hex), so any ID gives a valid, unique fragment.
func anchor(id string) string { return "p-" + anchorPart(id) }

func anchorPart(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('_')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// cutCells shortens s to at most n terminal cells, ending with "…" when cut.
func cutCells(s string, n int) string {
	if uniseg.StringWidth(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		if used+g.Width() > n-1 {
			break
		}
		b.WriteString(g.Str())
		used += g.Width()
	}
	return b.String() + "…"
}

// formatNum prints whole numbers without decimals and others with one.
func formatNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func durationUnit(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return 100 * time.Millisecond
	case d >= time.Second:
		return 10 * time.Millisecond
	case d >= 10*time.Millisecond:
		return time.Millisecond
	}
	return 100 * time.Microsecond
}
