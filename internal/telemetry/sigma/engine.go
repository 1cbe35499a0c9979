package sigma

import (
	"fmt"
	"io/fs"
	"net/netip"
	"path"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Engine is a compiled set of rules, indexed by event category. It is safe for concurrent
// use; Match does not allocate.
type Engine struct {
	rules []*Rule
	byCat [][]*compiled // per categories[i]: rules for that category plus category-less rules
	other []*compiled   // rules for events of any other category (category-less rules)
}

type compiled struct {
	rule   *Rule
	source string // "" any
	sels   []selection
	cond   cnode
}

type selection [][]fieldCond // OR of ANDs

type cnode struct {
	op   byte
	kids []cnode
	sels []int
}

const (
	mEq byte = iota
	mPrefix
	mSuffix
	mContains
	mGlob
	mRe
	mEmpty
	mCIDR
	mAddrEq
	mUintEq
)

type matcher struct {
	kind    byte
	lit     string // lowered needle
	nRunes  int
	glob    []rune
	re      *regexp.Regexp
	pre     string // a literal every match of re contains (lowered when preFold), or ""
	preFold bool
	prefix  netip.Prefix
	addr    netip.Addr
	num     uint64
}

type fieldCond struct {
	class fieldClass
	text  bonafide.EventGetter
	addr  func(*bonafide.Event) netip.Addr
	num   func(*bonafide.Event) uint64
	all   bool
	ms    []matcher
}

// Compile compiles rules into an Engine. Errors are *bonafide.InputError naming the rule file
// and the construct (unsupported logsource, duplicate id).
func Compile(rules ...*Rule) (*Engine, error) {
	e := &Engine{byCat: make([][]*compiled, len(categories))}
	ids := map[string]string{}
	for _, r := range rules {
		if r.ID != "" {
			if prev, dup := ids[r.ID]; dup {
				return nil, &bonafide.InputError{File: r.File, Field: "id", Msg: fmt.Sprintf("duplicate rule id %s (also in %s)", r.ID, prev)}
			}
			ids[r.ID] = r.File
		}
		c, cat, err := compileRule(r)
		if err != nil {
			return nil, err
		}
		e.rules = append(e.rules, r)
		if cat == "" {
			e.other = append(e.other, c)
			for i := range categories {
				e.byCat[i] = append(e.byCat[i], c)
			}
			continue
		}
		for i, k := range categories {
			if k == cat {
				e.byCat[i] = append(e.byCat[i], c)
			}
		}
	}
	return e, nil
}

// Rules returns the compiled rules in the order given to Compile.
func (e *Engine) Rules() []*Rule { return e.rules }

// Match calls fn for every rule that matches ev, in rule order. It does not allocate.
func (e *Engine) Match(ev *bonafide.Event, fn func(*Rule)) {
	list := e.other
	for i, k := range categories {
		if k == ev.Category {
			list = e.byCat[i]
			break
		}
	}
	for _, c := range list {
		if c.source != "" && c.source != ev.Source {
			continue
		}
		if c.eval(&c.cond, ev) {
			fn(c.rule)
		}
	}
}

func (c *compiled) eval(n *cnode, ev *bonafide.Event) bool {
	switch n.op {
	case 's':
		return c.sels[n.sels[0]].match(ev)
	case 'a':
		for i := range n.kids {
			if !c.eval(&n.kids[i], ev) {
				return false
			}
		}
		return true
	case 'o':
		for i := range n.kids {
			if c.eval(&n.kids[i], ev) {
				return true
			}
		}
		return false
	case 'n':
		return !c.eval(&n.kids[0], ev)
	case '1':
		for _, s := range n.sels {
			if c.sels[s].match(ev) {
				return true
			}
		}
		return false
	case '*':
		for _, s := range n.sels {
			if !c.sels[s].match(ev) {
				return false
			}
		}
		return true
	}
	return false
}

func (s selection) match(ev *bonafide.Event) bool {
	for _, alt := range s {
		ok := true
		for i := range alt {
			if !alt[i].match(ev) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (f *fieldCond) match(ev *bonafide.Event) bool {
	switch f.class {
	case classAddr:
		a := f.addr(ev)
		for i := range f.ms {
			m := &f.ms[i]
			var ok bool
			switch m.kind {
			case mEmpty:
				ok = !a.IsValid()
			case mAddrEq:
				ok = a.IsValid() && a.Unmap() == m.addr
			default: // mCIDR
				ok = a.IsValid() && m.prefix.Contains(a.Unmap())
			}
			if ok != f.all {
				return ok
			}
		}
		return f.all
	case classUint:
		n := f.num(ev)
		for i := range f.ms {
			ok := n == f.ms[i].num
			if ok != f.all {
				return ok
			}
		}
		return f.all
	}
	s := f.text(ev)
	for i := range f.ms {
		m := &f.ms[i]
		var ok bool
		switch m.kind {
		case mEq:
			ok = equalFold(s, m.lit)
		case mPrefix:
			_, ok = prefixFold(s, m.lit)
		case mSuffix:
			ok = suffixFold(s, m.lit, m.nRunes)
		case mContains:
			ok = containsFold(s, m.lit)
		case mGlob:
			ok = globFold(s, m.glob)
		case mRe:
			switch {
			case m.pre != "" && m.preFold && !containsFold(s, m.pre):
			case m.pre != "" && !m.preFold && !strings.Contains(s, m.pre):
			default:
				ok = m.re.MatchString(s)
			}
		case mEmpty:
			ok = s == ""
		}
		if ok != f.all {
			return ok
		}
	}
	return f.all
}

func compileRule(r *Rule) (*compiled, bonafide.EventCategory, error) {
	cat, src, err := mapLogsource(r.Logsource)
	if err != nil {
		return nil, "", &bonafide.InputError{File: r.File, Field: "logsource", Msg: err.Error()}
	}
	c := &compiled{rule: r, source: src}
	idx := map[string]int{}
	for _, name := range r.Detection.Names {
		sel := r.Detection.Selections[name]
		var cs selection
		for _, alt := range sel.Alternatives {
			var conds []fieldCond
			for i := range alt {
				fc, err := compileField(&alt[i])
				if err != nil {
					return nil, "", &bonafide.InputError{File: r.File, Line: alt[i].Line, Field: "detection." + name + "." + alt[i].Key, Msg: err.Error()}
				}
				conds = append(conds, fc)
			}
			cs = append(cs, conds)
		}
		idx[name] = len(c.sels)
		c.sels = append(c.sels, cs)
	}
	var root cnode
	for i, cond := range r.Detection.Conditions {
		n, err := parseCondition(cond, r.Detection.Names)
		if err != nil {
			return nil, "", &bonafide.InputError{File: r.File, Line: r.Detection.Line, Field: "detection.condition", Msg: err.Error()}
		}
		cn := lowerNode(n, idx)
		if i == 0 {
			root = cn
		} else {
			root = cnode{op: 'o', kids: []cnode{root, cn}}
		}
	}
	c.cond = root
	return c, cat, nil
}

func lowerNode(n *node, idx map[string]int) cnode {
	cn := cnode{op: n.op}
	for _, s := range n.sels {
		cn.sels = append(cn.sels, idx[s])
	}
	for _, k := range n.kids {
		cn.kids = append(cn.kids, lowerNode(k, idx))
	}
	return cn
}

func compileField(fm *FieldMatch) (fieldCond, error) {
	kind, all, reFlags := fm.matchKind()
	fc := fieldCond{class: fieldClassOf(fm.ECS), all: all}
	switch fc.class {
	case classAddr:
		fc.addr = addrOf(fm.ECS)
	case classUint:
		fc.num = uintOf(fm.ECS)
	default:
		g, ok := bonafide.FieldGetter(fm.ECS)
		if !ok {
			return fc, fmt.Errorf("field %q has no getter", fm.ECS)
		}
		fc.text = g
	}
	for _, v := range fm.Values {
		var m matcher
		switch {
		case v == nil || (*v == "" && fc.class != classText):
			if fc.class == classUint {
				m = matcher{kind: mUintEq, num: 0}
			} else {
				m = matcher{kind: mEmpty}
			}
		case fc.class == classAddr && kind == "cidr":
			p, err := parsePrefix(*v)
			if err != nil {
				return fc, err
			}
			m = matcher{kind: mCIDR, prefix: p}
		case fc.class == classAddr:
			a, err := parseAddr(*v)
			if err != nil {
				return fc, err
			}
			m = matcher{kind: mAddrEq, addr: a}
		case fc.class == classUint:
			n, err := strconv.ParseUint(*v, 10, 32)
			if err != nil {
				return fc, err
			}
			m = matcher{kind: mUintEq, num: n}
		case kind == "re":
			re, err := compileRe(*v, reFlags)
			if err != nil {
				return fc, err
			}
			m = matcher{kind: mRe, re: re}
			m.pre, m.preFold = requiredLiteral(*v, reFlags)
		default:
			m = textMatcher(*v, kind)
		}
		fc.ms = append(fc.ms, m)
	}
	return fc, nil
}

// textMatcher lowers a wildcard value into the cheapest matcher: equality, prefix, suffix,
// contains, or a general glob.
func textMatcher(v, kind string) matcher {
	p := splitWildcards(v)
	switch kind {
	case "contains":
		p = append(append([]rune{globStar}, p...), globStar)
	case "startswith":
		p = append(p, globStar)
	case "endswith":
		p = append([]rune{globStar}, p...)
	}
	// collapse runs of *
	q := p[:0:0]
	for _, r := range p {
		if r == globStar && len(q) > 0 && q[len(q)-1] == globStar {
			continue
		}
		q = append(q, r)
	}
	lead := len(q) > 0 && q[0] == globStar
	trail := len(q) > 1 && q[len(q)-1] == globStar
	inner := q
	if lead {
		inner = inner[1:]
	}
	if trail {
		inner = inner[:len(inner)-1]
	}
	for _, r := range inner {
		if r < 0 {
			return matcher{kind: mGlob, glob: q}
		}
	}
	lit := string(inner)
	m := matcher{lit: lit, nRunes: utf8.RuneCountInString(lit)}
	switch {
	case lead && trail:
		m.kind = mContains
	case lead:
		m.kind = mSuffix
	case trail:
		m.kind = mPrefix
	default:
		m.kind = mEq
	}
	if len(q) == 1 && lead { // "*" alone matches anything, even ""
		m.kind = mPrefix
		m.lit = ""
	}
	return m
}

// ParseFS parses every *.yml and *.yaml file in dir of fsys, in name order; file names in
// errors are dir-relative paths.
func ParseFS(fsys fs.FS, dir string) ([]*Rule, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	var out []*Rule
	for _, ent := range ents {
		n := ent.Name()
		if ent.IsDir() || (path.Ext(n) != ".yml" && path.Ext(n) != ".yaml") {
			continue
		}
		p := path.Join(dir, n)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		r, err := Parse(data, p)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// requiredLiteral returns an ASCII literal that every match of the regular expression contains
// (a literal element of its top-level concatenation), for a cheap prefilter, and whether it is
// case-folded. Folded literals are cut at 's' (which (?i) also matches as U+017F, a rune
// lower-casing does not map to 's') and lowered, so containsFold is a sound prefilter.
func requiredLiteral(pat, flags string) (string, bool) {
	if flags != "" {
		pat = "(?" + flags + ")" + pat
	}
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	best, bestFold := "", false
	for _, sub := range subs {
		if sub.Op != syntax.OpLiteral {
			continue
		}
		lit := string(sub.Rune)
		ascii := true
		for i := 0; i < len(lit); i++ {
			if lit[i] >= 0x80 {
				ascii = false
			}
		}
		if !ascii {
			continue
		}
		fold := sub.Flags&syntax.FoldCase != 0
		cands := []string{lit}
		if fold {
			cands = strings.FieldsFunc(strings.ToLower(lit), func(r rune) bool { return r == 's' })
		}
		for _, c := range cands {
			if len(c) > len(best) {
				best, bestFold = c, fold
			}
		}
	}
	return best, bestFold
}
