package signals

import (
	"fmt"
	"time"
)

// month is a calendar month as a count (year*12 + month-1), the precision of claims.
type month int

func monthOf(t time.Time) month {
	t = t.UTC()
	return month(t.Year()*12 + int(t.Month()) - 1)
}

func (m month) String() string {
	return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1)
}

// span is a role's first and last month, inclusive.
type span struct {
	start, end month
	current    bool
}

// claimSpan returns a claim's months: ok is false when the start is unknown, or the end is
// unknown and the role is not current. A current role ends in now's month.
func claimSpan(startT, endT time.Time, current bool, now time.Time) (s span, ok bool) {
	if startT.IsZero() {
		return s, false
	}
	s.start = monthOf(startT)
	switch {
	case !endT.IsZero():
		s.end = monthOf(endT)
	case current:
		s.end, s.current = monthOf(now), true
	default:
		return s, false
	}
	return s, true
}

func (s span) String() string {
	if s.current {
		return s.start.String() + " to date"
	}
	return s.start.String() + " to " + s.end.String()
}
