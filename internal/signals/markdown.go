package signals

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Markdown renders the catalogue as the documentation page docs/signals.md: one table of every
// signal (id, phase, title, condition, strength, weight/cap, sources, implemented), the sources
// with their URLs, and the technology release table of APP-TECH-ANACHRONISM. The output is a
// pure function of the embedded data; `go run ./internal/signals/gen` writes it.
func Markdown() []byte {
	var b bytes.Buffer
	sigs := Catalogue()
	impl := 0
	for _, s := range sigs {
		if s.Implemented {
			impl++
		}
	}
	b.WriteString("# Signal catalogue\n\n")
	b.WriteString("<!-- Generated from internal/signals/catalogue.json, sources.json and tech_releases.json by\n")
	b.WriteString("     `go run ./internal/signals/gen`. Do not edit; TestSignalsDocUpToDate fails when it is stale. -->\n\n")
	fmt.Fprintf(&b, "%d signals, %d implemented. Weight is the points one finding adds to a person's score; cap is the most\n", len(sigs), impl)
	b.WriteString("all findings of that signal may add (see internal/score). Strength as graded in SIGNALS.md: H strong alone,\n")
	b.WriteString("M strong in combination, L context only. Nationality, ethnicity and the like are never signals.\n\n")
	b.WriteString("| id | phase | title | condition | strength | weight / cap | sources | implemented |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, s := range sigs {
		cond := s.Condition
		if s.Notes != "" {
			cond += " *" + s.Notes + "*"
		}
		yes := "no"
		if s.Implemented {
			yes = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s / %s | %s | %s |\n",
			cell(s.ID), cell(s.Phase), cell(s.Title), cell(cond), s.Strength,
			num(s.Weight), num(s.Cap), cell(strings.Join(s.Sources, ", ")), yes)
	}
	b.WriteString("\n## Sources\n\n| key | title | link |\n|---|---|---|\n")
	for _, s := range Sources() {
		link := "(no confirmed official link)"
		if s.URL != "" {
			link = "<" + s.URL + ">"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(s.Key), cell(s.Title), link)
	}
	b.WriteString("\n## Technology release dates (APP-TECH-ANACHRONISM)\n\n")
	b.WriteString("First public release month (earliest preview or beta, not 1.0); aliases in *italics* need a context word\n")
	b.WriteString("or a list position in the same claim, aliases in `code` are case-sensitive.\n\n")
	b.WriteString("| technology | released | aliases | makers (exempt) | source |\n|---|---|---|---|---|\n")
	for _, t := range TechReleases() {
		var as []string
		for _, a := range t.Aliases {
			s := a.Text
			if a.Case {
				s = "`" + s + "`"
			}
			if a.Context {
				s = "*" + s + "*"
			}
			as = append(as, s)
		}
		src := "<" + t.Source + ">"
		if t.Notes != "" {
			src += " " + t.Notes
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(t.Name), t.Released, cell(strings.Join(as, ", ")),
			cell(strings.Join(t.Makers, ", ")), cell(src))
	}
	return b.Bytes()
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
