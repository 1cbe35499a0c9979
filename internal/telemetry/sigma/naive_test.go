package sigma

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// naiveMatch interprets a parsed rule against one event with no compilation: the condition is
// re-parsed, values lowered, wildcards, regular expressions and prefixes re-parsed on every
// call, fields read through Event.Field. It is the benchmark anchor and the differential-test
// oracle for Engine.
func naiveMatch(r *Rule, ev *bonafide.Event) bool {
	cat, src, err := mapLogsource(r.Logsource)
	if err != nil {
		return false
	}
	if cat != "" && cat != ev.Category {
		return false
	}
	if src != "" && src != ev.Source {
		return false
	}
	for _, c := range r.Detection.Conditions {
		n, err := parseCondition(c, r.Detection.Names)
		if err != nil {
			return false
		}
		if naiveNode(r, n, ev) {
			return true
		}
	}
	return false
}

func naiveNode(r *Rule, n *node, ev *bonafide.Event) bool {
	switch n.op {
	case 's':
		return naiveSel(r.Detection.Selections[n.sels[0]], ev)
	case 'a':
		return naiveNode(r, n.kids[0], ev) && naiveNode(r, n.kids[1], ev)
	case 'o':
		return naiveNode(r, n.kids[0], ev) || naiveNode(r, n.kids[1], ev)
	case 'n':
		return !naiveNode(r, n.kids[0], ev)
	case '1':
		for _, s := range n.sels {
			if naiveSel(r.Detection.Selections[s], ev) {
				return true
			}
		}
		return false
	case '*':
		for _, s := range n.sels {
			if !naiveSel(r.Detection.Selections[s], ev) {
				return false
			}
		}
		return true
	}
	return false
}

func naiveSel(s Selection, ev *bonafide.Event) bool {
	for _, alt := range s.Alternatives {
		ok := true
		for _, fm := range alt {
			if !naiveField(fm, ev) {
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

func naiveField(fm FieldMatch, ev *bonafide.Event) bool {
	kind, all, flags := fm.matchKind()
	got := ev.Field(fm.ECS)
	for _, v := range fm.Values {
		var ok bool
		switch {
		case v == nil:
			ok = got == ""
		case fieldClassOf(fm.ECS) == classAddr:
			a := ev.SourceIP
			if fm.ECS == "destination.ip" {
				a = ev.DestinationIP
			}
			switch {
			case *v == "":
				ok = !a.IsValid()
			case kind == "cidr":
				p, _ := parsePrefix(*v)
				ok = a.IsValid() && p.Contains(a.Unmap())
			default:
				b, _ := parseAddr(*v)
				ok = a.IsValid() && a.Unmap() == b
			}
		case fieldClassOf(fm.ECS) == classUint:
			g, want := got, *v
			if g == "" {
				g = "0"
			}
			if want == "" {
				want = "0"
			}
			x, _ := strconv.ParseUint(g, 10, 64)
			y, _ := strconv.ParseUint(want, 10, 64)
			ok = x == y
		case kind == "re":
			pat := *v
			if flags != "" {
				pat = "(?" + flags + ")" + pat
			}
			ok = regexp.MustCompile(pat).MatchString(got)
		default:
			pat := naivePattern(strings.ToLower(*v))
			switch kind {
			case "contains":
				pat = append(append([]rune{'\x00'}, pat...), '\x00')
			case "startswith":
				pat = append(pat, '\x00')
			case "endswith":
				pat = append([]rune{'\x00'}, pat...)
			}
			ok = naiveGlob([]rune(strings.ToLower(got)), pat)
		}
		if all && !ok {
			return false
		}
		if !all && ok {
			return true
		}
	}
	return all
}

// naivePattern: '\x00' is *, '\x01' is ?; escapes \*, \?, \\.
func naivePattern(v string) []rune {
	rs := []rune(v)
	var out []rune
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && (rs[i+1] == '*' || rs[i+1] == '?' || rs[i+1] == '\\'):
			out = append(out, rs[i+1]|1<<30) // literal marker
			i++
		case rs[i] == '*':
			out = append(out, 0)
		case rs[i] == '?':
			out = append(out, 1)
		default:
			out = append(out, rs[i]|1<<30)
		}
	}
	return out
}

// naiveGlob is a dynamic-programming wildcard match (independent of the engine's greedy
// backtracking globFold): ok[i][j] = h[i:] matches p[j:].
func naiveGlob(h, p []rune) bool {
	ok := make([][]bool, len(h)+1)
	for i := range ok {
		ok[i] = make([]bool, len(p)+1)
	}
	ok[len(h)][len(p)] = true
	for i := len(h); i >= 0; i-- {
		for j := len(p) - 1; j >= 0; j-- {
			switch p[j] {
			case 0:
				ok[i][j] = ok[i][j+1] || (i < len(h) && ok[i+1][j])
			case 1:
				ok[i][j] = i < len(h) && ok[i+1][j+1]
			default:
				ok[i][j] = i < len(h) && h[i] == p[j]&^(1<<30) && ok[i+1][j+1]
			}
		}
	}
	return ok[0][0]
}
