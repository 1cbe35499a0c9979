package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report/graph"
	"github.com/bonafide-oss/bonafide/internal/scan"
	"github.com/bonafide-oss/bonafide/internal/score"
)

// runGraph implements `bonafide graph`: the persona networks among everyone stored, as
// cytoscape.js elements JSON or GraphML (Gephi, yEd, networkx).
func runGraph(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "graph", "graph [--format cytoscape|graphml] [--min-size N] [-o FILE] [--db PATH]")
	db := dbFlag(e, fs)
	format := fs.String("format", "cytoscape", "output format: cytoscape (cytoscape.js elements JSON) or graphml")
	minSize := fs.Int("min-size", 2, "leave out networks with fewer `people`")
	out := fs.String("o", "-", "write to `file` (- for standard output)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"graph takes no arguments; it reads the store given by --db"}
	}
	write := graph.Cytoscape
	switch *format {
	case "cytoscape":
	case "graphml":
		write = graph.GraphML
	default:
		return usageError{fmt.Sprintf("unknown --format %q: want cytoscape or graphml", *format)}
	}
	if *db != ":memory:" {
		if _, err := os.Stat(*db); err != nil {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "graph", Msg: "no database at " + *db + "; run a scan first"}
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	people, err := st.People(ctx, nil)
	if err != nil {
		return err
	}
	findings, err := st.Findings(ctx, "")
	if err != nil {
		return err
	}
	networks, _ := scan.ResolveNetworks(people)
	g := graph.Graph{Nodes: map[string]graph.Node{}}
	for _, c := range networks {
		if len(c.Members) >= *minSize {
			g.Clusters = append(g.Clusters, c)
		}
	}
	for _, a := range score.Rank(people, findings, scan.Caps) {
		g.Nodes[a.PersonID] = graph.Node{Name: a.Name, Score: a.Score, Band: a.Band}
	}
	if *out == "-" {
		return write(e.stdout, g)
	}
	return writeFile(*out, func(w io.Writer) error { return write(w, g) })
}
