package signals

import (
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// minOverlapMonths: two full-time roles overlapping by more than 3 months (FBI22's "overlapping
// full-time jobs"; short overlaps are notice periods and handovers).
const minOverlapMonths = 4

// detectTimeline is APP-TIMELINE (FBI22): the employment history is impossible.
//   - Two full-time employment claims at different employers (case- and space-insensitive)
//     overlap by more than 3 months, counting months inclusively (Jan–Apr and Jan–Apr overlap
//     4 months). A current role runs to Env.Now. Key "overlap:<i>:<j>" by claim index.
//   - A role ends before it starts. Key "dates:<i>".
//
// Roles with an unknown start, or an unknown end that is not current, are skipped; so are part-
// time roles (Claim.FullTime false). "Employer not findable" needs external lookups and is not
// checked.
func detectTimeline(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	type role struct {
		i int
		c *bonafide.Claim
		s span
	}
	var buf [8]role
	roles := buf[:0]
	for i := range p.Claims {
		c := &p.Claims[i]
		if c.Kind != bonafide.ClaimEmployment {
			continue
		}
		s, ok := claimSpan(c.Start, c.End, c.Current, e.now)
		if !ok {
			continue
		}
		if s.end < s.start {
			emit(e.finding("APP-TIMELINE", p, "dates:"+strconv.Itoa(i), 0,
				"The role at "+orgName(c)+" ends ("+s.end.String()+") before it starts ("+s.start.String()+").",
				[]bonafide.Evidence{{Field: claimField(i), Value: s.start.String() + "/" + s.end.String(),
					Note: "End month before start month."}}, nil))
			continue
		}
		if c.FullTime {
			roles = append(roles, role{i, c, s})
		}
	}
	for a := 0; a < len(roles); a++ {
		for b := a + 1; b < len(roles); b++ {
			x, y := roles[a], roles[b]
			lo, hi := max(x.s.start, y.s.start), min(x.s.end, y.s.end)
			n := int(hi-lo) + 1
			if n < minOverlapMonths || sameOrg(x.c.Org, y.c.Org) {
				continue
			}
			emit(e.finding("APP-TIMELINE", p, "overlap:"+strconv.Itoa(x.i)+":"+strconv.Itoa(y.i), 0,
				"Full-time roles at "+orgName(x.c)+" ("+x.s.String()+") and "+orgName(y.c)+" ("+y.s.String()+") overlap by "+strconv.Itoa(n)+" months.",
				[]bonafide.Evidence{
					{Field: claimField(x.i), Value: x.s.String(), Note: "Full-time at " + orgName(x.c) + "."},
					{Field: claimField(y.i), Value: y.s.String(), Note: "Full-time at " + orgName(y.c) + "; " + strconv.Itoa(n) + " months in common (" + lo.String() + " to " + hi.String() + ")."},
				}, nil))
		}
	}
}

// sameOrg compares employer names ignoring case and spacing; unnamed employers never match.
func sameOrg(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && strings.EqualFold(a, b)
}

func claimField(i int) string { return "claims[" + strconv.Itoa(i) + "]" }

func orgName(c *bonafide.Claim) string {
	if o := strings.TrimSpace(c.Org); o != "" {
		return o
	}
	return "an unnamed employer"
}
