package graph

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func sample() Graph {
	return Graph{
		Clusters: []bonafide.Cluster{
			{ID: "C-A-1", Members: []string{"A-1", "A-2", "A-3"}, Confidence: 0.85, Links: []bonafide.Link{
				{A: "A-1", B: "A-2", Kind: "phone", Value: "+445601234567", Weight: 0.85, Signal: "APP-SHARED-IDENT"},
				{A: "A-2", B: "A-3", Kind: "email", Value: "dan<hughes>@gmail.com & co", Weight: 0.9, Signal: "APP-SHARED-IDENT"},
				{A: "A-1", B: "A-3", Kind: "resume", Value: "Jaccard 0.91", Weight: 0.7, Signal: "APP-RESUME-NEARDUP"},
			}},
			{ID: "C-B-1", Members: []string{"B-1", "B-2"}, Links: []bonafide.Link{
				{A: "B-1", B: "B-2", Kind: "iban", Value: "LT613250090417736208", Weight: 0.95, Signal: "PAY-ACCOUNT-SHARED"},
			}},
		},
		Nodes: map[string]Node{
			"A-1": {Name: "Daniel Hughes", Score: 110, Band: bonafide.BandHigh},
			"A-2": {Name: "Pieter Janssen", Score: 100, Band: bonafide.BandHigh},
			"A-3": {Name: "Tiago \"TM\" Mendes", Score: 130, Band: bonafide.BandHigh},
			"B-1": {Name: "Jonas Albrecht", Score: 105, Band: bonafide.BandHigh},
		},
	}
}

func TestCytoscape(t *testing.T) {
	var buf bytes.Buffer
	if err := Cytoscape(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Elements struct {
			Nodes []cyNode `json:"nodes"`
			Edges []cyEdge `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Elements.Nodes) != 5 || len(doc.Elements.Edges) != 4 {
		t.Fatalf("%d nodes %d edges, want 5 and 4", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
	ids := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		ids[n.Data.ID] = true
	}
	for _, e := range doc.Elements.Edges {
		if !ids[e.Data.Source] || !ids[e.Data.Target] || e.Data.Kind == "" || e.Data.Weight <= 0 {
			t.Errorf("edge %+v dangles or lacks evidence", e.Data)
		}
	}
	if n := doc.Elements.Nodes[4].Data; n.ID != "B-2" || n.Label != "B-2" || n.Cluster != "C-B-1" {
		t.Errorf("unnamed member exported as %+v", n)
	}
	if first := doc.Elements.Edges[0].Data; first.Source != "A-1" || first.Target != "A-2" || first.Signal != "APP-SHARED-IDENT" {
		t.Errorf("edges not in stable order: %+v", first)
	}
}

func TestGraphMLWellFormed(t *testing.T) {
	var buf bytes.Buffer
	if err := GraphML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML with the right counts, and special characters escaped.
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	counts := map[string]int{}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			counts[se.Name.Local]++
		}
	}
	if counts["graphml"] != 1 || counts["key"] != 8 || counts["node"] != 5 || counts["edge"] != 4 {
		t.Fatalf("element counts %v", counts)
	}
	if !strings.Contains(buf.String(), "dan&lt;hughes&gt;@gmail.com &amp; co") {
		t.Error("edge value not escaped")
	}
}

// TestGraphMLReadByNetworkx reads the export with networkx's GraphML reader (a well-kept
// parser that checks keys, types and structure), as Gephi users' tooling would. It needs
// /usr/bin/python3 with networkx (Debian python3-networkx, installed by .ci/run): under CI=true
// its absence fails the test.
func TestGraphMLReadByNetworkx(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import networkx").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-networkx is missing (CI=true): %v", err)
		}
		t.Skip("python3-networkx not installed; apt-get install python3-networkx")
	}
	path := filepath.Join(t.TempDir(), "g.graphml")
	var buf bytes.Buffer
	if err := GraphML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(g.number_of_nodes(), g.number_of_edges(), nx.number_connected_components(nx.Graph(g)))
print(g.nodes["A-3"]["label"], g.nodes["A-1"]["score"], g.nodes["A-1"]["band"])
e = g.get_edge_data("B-1", "B-2")
print(e["kind"], e["weight"], e["signal"])
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx could not read the GraphML: %v\n%s", err, out)
	}
	want := "5 4 2\nTiago \"TM\" Mendes 110.0 high\niban 0.95 PAY-ACCOUNT-SHARED\n"
	if string(out) != want {
		t.Fatalf("networkx read:\n%s\nwant:\n%s", out, want)
	}
}
