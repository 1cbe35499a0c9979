package sigma

import (
	"fmt"
	"strings"
)

// node is a parsed condition: a tree of and/or/not over selection references.
type node struct {
	op   byte     // 'a' and, 'o' or, 'n' not, 's' selection, '1' one of, '*' all of
	kids []*node  // and/or/not operands
	sels []string // 's': one name; '1', '*': the selections the pattern names
}

type condParser struct {
	toks  []string
	pos   int
	names []string
}

func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		case c == '|':
			return nil, fmt.Errorf("unsupported construct: aggregation %q", strings.TrimSpace(s[i:]))
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}

// parseCondition parses a Sigma condition over the selection names.
func parseCondition(s string, names []string) (*node, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty condition")
	}
	p := &condParser{toks: toks, names: names}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q in condition", p.toks[p.pos])
	}
	return n, nil
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return strings.ToLower(p.toks[p.pos])
	}
	return ""
}

func (p *condParser) or() (*node, error) {
	n, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek() == "or" {
		p.pos++
		m, err := p.and()
		if err != nil {
			return nil, err
		}
		n = &node{op: 'o', kids: []*node{n, m}}
	}
	return n, nil
}

func (p *condParser) and() (*node, error) {
	n, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.peek() == "and" {
		p.pos++
		m, err := p.not()
		if err != nil {
			return nil, err
		}
		n = &node{op: 'a', kids: []*node{n, m}}
	}
	return n, nil
}

func (p *condParser) not() (*node, error) {
	if p.peek() == "not" {
		p.pos++
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		return &node{op: 'n', kids: []*node{n}}, nil
	}
	return p.atom()
}

func (p *condParser) atom() (*node, error) {
	t := p.peek()
	switch t {
	case "":
		return nil, fmt.Errorf("condition ends early")
	case "(":
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing ) in condition")
		}
		p.pos++
		return n, nil
	case ")", "and", "or":
		return nil, fmt.Errorf("unexpected %q in condition", t)
	case "near":
		return nil, fmt.Errorf("unsupported construct: near")
	}
	if p.pos+1 < len(p.toks) && strings.ToLower(p.toks[p.pos+1]) == "of" {
		var op byte
		switch t {
		case "1", "any":
			op = '1'
		case "all":
			op = '*'
		default:
			return nil, fmt.Errorf("unsupported construct: %q of (only 1 of and all of)", t)
		}
		p.pos += 2
		if p.pos >= len(p.toks) {
			return nil, fmt.Errorf("missing selection pattern after %s of", t)
		}
		pat := p.toks[p.pos]
		p.pos++
		var sels []string
		for _, name := range p.names {
			if pat == "them" {
				if !strings.HasPrefix(name, "_") {
					sels = append(sels, name)
				}
			} else if globName(pat, name) {
				sels = append(sels, name)
			}
		}
		if len(sels) == 0 {
			return nil, fmt.Errorf("%s of %s names no selection", t, pat)
		}
		return &node{op: op, sels: sels}, nil
	}
	name := p.toks[p.pos]
	for _, n := range p.names {
		if n == name {
			p.pos++
			return &node{op: 's', sels: []string{name}}, nil
		}
	}
	return nil, fmt.Errorf("condition names unknown selection %q", name)
}

// globName matches a selection-name pattern with * wildcards (case-sensitive, as names are).
func globName(pat, name string) bool {
	if pat == "" {
		return name == ""
	}
	if pat[0] == '*' {
		for i := 0; i <= len(name); i++ {
			if globName(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	return name != "" && name[0] == pat[0] && globName(pat[1:], name[1:])
}
