package detect

import (
	"math"
	"math/bits"
)

// Working-day profile used by TEL-WORK-HOURS: a person's active hour-slots (distinct
// day×hour pairs with activity) fall inside 09:00–18:00 local time with probability
// profileIn, spread evenly over those 9 hours, and outside it with 1−profileIn, spread over
// the other 15.
const (
	workStart = 9
	workEnd   = 18
	profileIn = 0.85
)

var (
	logIn  = math.Log(profileIn / float64(workEnd-workStart))
	logOut = math.Log((1 - profileIn) / float64(24-(workEnd-workStart)))
)

// hourFit is the log-likelihood of a 24-bin histogram of local hours under the working-day
// profile, and the share of its mass inside working hours.
func hourFit(local *[24]uint32) (ll, inShare float64) {
	var in, total float64
	for h, n := range local {
		if n == 0 {
			continue
		}
		total += float64(n)
		if h >= workStart && h < workEnd {
			in += float64(n)
			ll += float64(n) * logIn
		} else {
			ll += float64(n) * logOut
		}
	}
	if total > 0 {
		inShare = in / total
	}
	return ll, inShare
}

// bestOffset fits the working-day profile to a UTC hour histogram for every whole-hour UTC
// offset from −12 to +14 and returns the best one (ties: the smallest offset), with its
// log-likelihood and in-hours share.
func bestOffset(utc *[24]uint32) (off int, ll, inShare float64) {
	ll = math.Inf(-1)
	var local [24]uint32
	for o := -12; o <= 14; o++ {
		for h := 0; h < 24; h++ {
			local[((h+o)%24+24)%24] = utc[h]
		}
		l, s := hourFit(&local)
		if l > ll {
			off, ll, inShare = o, l, s
		}
	}
	return off, ll, inShare
}

// circDiff is the distance between two UTC offsets in hours on the 24-hour clock.
func circDiff(a, b int) int {
	d := ((a-b)%24 + 24) % 24
	if d > 12 {
		d = 24 - d
	}
	return d
}

func popcount(m uint32) int { return bits.OnesCount32(m) }
