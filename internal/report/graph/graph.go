// Package graph exports persona networks (bonafide.Cluster) for graph tools: cytoscape.js JSON
// elements (the web UI and anyone embedding cytoscape.js) and GraphML (Gephi, yEd, networkx).
//
// Nodes are people, with their name, cluster, score and band; edges are the links between them,
// one per piece of evidence, with its kind, value, weight and signal, so the tool shows why two
// people are connected.
package graph

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Node is what the exporters know of a person besides their ID.
type Node struct {
	Name  string
	Score float64
	Band  bonafide.Band
}

// Graph is the input of both exporters: clusters and what to show of each member. A member
// missing from Nodes is exported with its ID as its name.
type Graph struct {
	Clusters []bonafide.Cluster
	Nodes    map[string]Node
}

type cyNode struct {
	Data cyNodeData `json:"data"`
}

type cyNodeData struct {
	ID      string  `json:"id"`
	Label   string  `json:"label"`
	Cluster string  `json:"cluster"`
	Score   float64 `json:"score"`
	Band    string  `json:"band"`
}

type cyEdge struct {
	Data cyEdgeData `json:"data"`
}

type cyEdgeData struct {
	ID     string  `json:"id"`
	Source string  `json:"source"`
	Target string  `json:"target"`
	Kind   string  `json:"kind"`
	Value  string  `json:"value"`
	Weight float64 `json:"weight"`
	Signal string  `json:"signal"`
}

// Cytoscape writes the graph as cytoscape.js elements JSON:
//
//	{"elements": {"nodes": [{"data": {"id", "label", "cluster", "score", "band"}}],
//	              "edges": [{"data": {"id", "source", "target", "kind", "value", "weight", "signal"}}]}}
//
// which cy.add(json.elements) or cytoscape({elements: json.elements}) accept as is. Edge IDs are
// "e<n>" in output order; output is deterministic.
func Cytoscape(w io.Writer, g Graph) error {
	var doc struct {
		Elements struct {
			Nodes []cyNode `json:"nodes"`
			Edges []cyEdge `json:"edges"`
		} `json:"elements"`
	}
	doc.Elements.Nodes = []cyNode{}
	doc.Elements.Edges = []cyEdge{}
	n := 0
	for _, c := range g.Clusters {
		for _, id := range c.Members {
			nd := g.node(id)
			doc.Elements.Nodes = append(doc.Elements.Nodes, cyNode{cyNodeData{ID: id, Label: nd.Name, Cluster: c.ID, Score: nd.Score, Band: string(nd.Band)}})
		}
		for _, l := range sortedLinks(c.Links) {
			n++
			doc.Elements.Edges = append(doc.Elements.Edges, cyEdge{cyEdgeData{ID: "e" + strconv.Itoa(n), Source: l.A, Target: l.B,
				Kind: l.Kind, Value: l.Value, Weight: l.Weight, Signal: l.Signal}})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// GraphML writes the graph as GraphML 1.0 (http://graphml.graphdrawing.org/xmlns): one
// undirected graph; node keys label, cluster, score, band; edge keys kind, value, weight,
// signal. Gephi, yEd and networkx read it.
func GraphML(w io.Writer, g Graph) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	root := xml.StartElement{Name: xml.Name{Local: "graphml"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns"}, Value: "http://graphml.graphdrawing.org/xmlns"},
		{Name: xml.Name{Local: "xmlns:xsi"}, Value: "http://www.w3.org/2001/XMLSchema-instance"},
		{Name: xml.Name{Local: "xsi:schemaLocation"}, Value: "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"},
	}}
	type key struct{ id, scope, name, typ string }
	keys := []key{
		{"label", "node", "label", "string"}, {"cluster", "node", "cluster", "string"},
		{"score", "node", "score", "double"}, {"band", "node", "band", "string"},
		{"kind", "edge", "kind", "string"}, {"value", "edge", "value", "string"},
		{"weight", "edge", "weight", "double"}, {"signal", "edge", "signal", "string"},
	}
	var err error
	emit := func(t xml.Token) {
		if err == nil {
			err = enc.EncodeToken(t)
		}
	}
	text := func(name string, attrs []xml.Attr, s string) {
		start := xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs}
		emit(start)
		emit(xml.CharData(s))
		emit(start.End())
	}
	data := func(k, v string) { text("data", []xml.Attr{{Name: xml.Name{Local: "key"}, Value: k}}, v) }
	emit(root)
	for _, k := range keys {
		ke := xml.StartElement{Name: xml.Name{Local: "key"}, Attr: []xml.Attr{
			{Name: xml.Name{Local: "id"}, Value: k.id}, {Name: xml.Name{Local: "for"}, Value: k.scope},
			{Name: xml.Name{Local: "attr.name"}, Value: k.name}, {Name: xml.Name{Local: "attr.type"}, Value: k.typ},
		}}
		emit(ke)
		emit(ke.End())
	}
	graph := xml.StartElement{Name: xml.Name{Local: "graph"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "id"}, Value: "persona-networks"}, {Name: xml.Name{Local: "edgedefault"}, Value: "undirected"},
	}}
	emit(graph)
	n := 0
	for _, c := range g.Clusters {
		for _, id := range c.Members {
			nd := g.node(id)
			ne := xml.StartElement{Name: xml.Name{Local: "node"}, Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: id}}}
			emit(ne)
			data("label", nd.Name)
			data("cluster", c.ID)
			data("score", strconv.FormatFloat(nd.Score, 'g', -1, 64))
			data("band", string(nd.Band))
			emit(ne.End())
		}
		for _, l := range sortedLinks(c.Links) {
			n++
			ee := xml.StartElement{Name: xml.Name{Local: "edge"}, Attr: []xml.Attr{
				{Name: xml.Name{Local: "id"}, Value: "e" + strconv.Itoa(n)},
				{Name: xml.Name{Local: "source"}, Value: l.A}, {Name: xml.Name{Local: "target"}, Value: l.B},
			}}
			emit(ee)
			data("kind", l.Kind)
			data("value", l.Value)
			data("weight", strconv.FormatFloat(l.Weight, 'g', -1, 64))
			data("signal", l.Signal)
			emit(ee.End())
		}
	}
	emit(graph.End())
	emit(root.End())
	if err != nil {
		return fmt.Errorf("graphml: %w", err)
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

func (g Graph) node(id string) Node {
	if n, ok := g.Nodes[id]; ok {
		if n.Name == "" {
			n.Name = id
		}
		return n
	}
	return Node{Name: id}
}

func sortedLinks(ls []bonafide.Link) []bonafide.Link {
	out := append([]bonafide.Link(nil), ls...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.A != b.A {
			return a.A < b.A
		}
		if a.B != b.B {
			return a.B < b.B
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Value < b.Value
	})
	return out
}
