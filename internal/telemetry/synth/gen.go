package synth

import (
	"math/rand/v2"
	"net/netip"
	"strconv"
	"time"
	"unicode/utf8"
)

// record is one generated output line: an Entra sign-in or an osquery result line.
type record struct {
	t    time.Time
	osq  bool
	seq  uint64
	rows int // events the line parses into
	line []byte
}

type gen struct {
	w       *world
	pending []record
	seq     uint64
}

var utc8 = time.FixedZone("UTC+8", 8*3600)

// run generates day by day and hands sorted batches to flush. Events of day d lie within
// [D_d-12h, D_d+36h) of that day's UTC midnight D_d, so after day d every event before
// D_d+12h is final. Events outside [Start, Start+Days) are dropped.
func (w *world) run(flush func([]record) error) error {
	g := &gen{w: w}
	end := w.opt.Start.AddDate(0, 0, w.opt.Days)
	for d := 0; d < w.opt.Days; d++ {
		for _, pp := range w.people {
			g.personDay(pp, d)
		}
		cut := w.opt.Start.AddDate(0, 0, d).Add(12 * time.Hour)
		if d == w.opt.Days-1 {
			cut = end
		}
		var out, keep []record
		for _, r := range g.pending {
			switch {
			case r.t.Before(w.opt.Start) || !r.t.Before(end):
			case r.t.Before(cut):
				out = append(out, r)
			default:
				keep = append(keep, r)
			}
		}
		g.pending = keep
		sortBatch(out)
		if err := flush(out); err != nil {
			return err
		}
	}
	return nil
}

// netCtx is where a sign-in comes from.
type netCtx struct {
	ip      netip.Addr
	pl      pool
	managed bool
}

func (g *gen) homeCtx(pp *person) netCtx { return netCtx{pp.homeIP, pp.home, true} }

func (g *gen) corpCtx(pp *person, r *rand.Rand) netCtx {
	pl := corpEU
	if pp.country == "US" {
		pl = corpUS
	}
	return netCtx{addrIn(pl.prefix, uint32(r.IntN(126))), pl, true}
}

func fixedAddr(pl pool, pp *person, salt uint64) netip.Addr {
	return addrIn(pl.prefix, uint32(seedOf(uint64(pp.idx), salt)))
}

func (g *gen) personDay(pp *person, d int) {
	w := g.w
	if pp.startDay > d {
		return
	}
	r := w.rng(uint64(pp.idx), uint64(d))
	utcDay := w.opt.Start.AddDate(0, 0, d)
	loc := pp.loc
	switch {
	case pp.role == roleFarm:
		loc = utc8
	case pp.role == roleTravel && d >= pp.tripFrom && d < pp.tripTo:
		loc = pp.tripLoc
	}
	midnight := time.Date(utcDay.Year(), utcDay.Month(), utcDay.Day(), 0, 0, 0, 0, loc)
	at := func(min int) time.Time { return midnight.Add(time.Duration(min) * time.Minute) }
	weekend := midnight.Weekday() == time.Saturday || midnight.Weekday() == time.Sunday

	// The day's sign-in times.
	var times []time.Time
	switch {
	case pp.role == roleContinuous:
		for t := utcDay.Add(time.Duration(r.IntN(20)) * time.Minute); t.Before(utcDay.Add(24 * time.Hour)); t = t.Add(time.Duration(20+r.IntN(31)) * time.Minute) {
			times = append(times, t)
		}
	case weekend:
		if r.IntN(8) == 0 {
			t := at(10*60 + r.IntN(10*60))
			times = append(times, t)
			if r.IntN(2) == 0 {
				times = append(times, t.Add(time.Duration(20+r.IntN(90))*time.Minute))
			}
		}
	default:
		from, to := pp.early, pp.late
		switch pp.role {
		case roleFarm:
			from, to = 9*60-20+r.IntN(40), 18*60-20+r.IntN(60)
		case roleNight:
			from, to = 22*60-15+r.IntN(30), 30*60-15+r.IntN(30)
		default:
			from, to = from-20+r.IntN(40), to-30+r.IntN(60)
		}
		for m := from; m < to; m += 40 + r.IntN(80) {
			times = append(times, at(m).Add(time.Duration(r.IntN(60))*time.Second))
		}
	}
	if len(times) == 0 {
		return
	}
	first := pp.startDay == d
	for i, t := range times {
		nc := g.homeCtx(pp)
		switch {
		case pp.role == roleVPN && r.IntN(5) != 0:
			ex := vpnExits[r.IntN(len(vpnExits))]
			nc = netCtx{fixedAddr(ex, pp, uint64(r.IntN(3))), ex, true}
		case pp.role == roleGeo:
			nc = netCtx{fixedAddr(pp.foreign, pp, 1), pp.foreign, true}
		case pp.role == roleOnbActivation && first:
			nc = netCtx{fixedAddr(pp.foreign, pp, 2), pp.foreign, true}
		case pp.role == roleTravel && d >= pp.tripFrom && d < pp.tripTo:
			nc = netCtx{fixedAddr(pp.foreign, pp, uint64(pp.tripFrom)), pp.foreign, true}
		case pp.role == roleImpossible && d == pp.impossibleDay && i == 0:
			// from home, so the next sign-in's jump is from the home address
		case r.IntN(7) == 0:
			nc = g.corpCtx(pp, r)
		}
		if pp.role == roleOnbFirst && first && i == 0 {
			ex := vpnExits[0]
			nc = netCtx{fixedAddr(ex, pp, 9), ex, false}
		}
		mfa := i == 0 || (pp.role == roleContinuous && i%24 == 0)
		if r.IntN(33) == 0 {
			g.addSignIn(pp, r, t.Add(-time.Duration(30+r.IntN(90))*time.Second), nc, false, 50126)
		}
		g.addSignIn(pp, r, t, nc, mfa, 0)
		if pp.role == roleImpossible && d == pp.impossibleDay && i == 0 {
			g.addSignIn(pp, r, t.Add(35*time.Minute), netCtx{fixedAddr(poolKR, pp, 3), poolKR, true}, true, 0)
		}
	}
	// Endpoint snapshots, while the person works.
	t0 := times[0].Add(time.Duration(20+r.IntN(40)) * time.Minute)
	if len(times) > 1 && !t0.Before(times[len(times)-1]) {
		t0 = times[0].Add(time.Minute)
	}
	if first || d == 0 || (d%7 == 0) {
		g.addOsq(pp, r, t0, "programs", d)
		g.addOsq(pp, r, t0.Add(time.Second), "registry", d)
	}
	g.addOsq(pp, r, t0.Add(2*time.Second), "processes", d)
	g.addOsq(pp, r, t0.Add(5*time.Second), "usb_devices", d)
	g.addOsq(pp, r, t0.Add(9*time.Second), "logged_in_users", d)
}

func (g *gen) push(t time.Time, osq bool, rows int, line []byte) {
	g.seq++
	g.pending = append(g.pending, record{t: t.UTC(), osq: osq, seq: g.seq, rows: rows, line: line})
}

// JSON helpers: keys and values written in a fixed order, strings escaped per RFC 8259.

func jstr(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b = append(b, s[i:i+n]...)
		i += n
	}
	return append(b, '"')
}

func kv(b []byte, k, v string) []byte {
	b = jstr(b, k)
	b = append(b, ':')
	return jstr(b, v)
}

func kraw(b []byte, k, raw string) []byte {
	b = jstr(b, k)
	b = append(b, ':')
	return append(b, raw...)
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

type app struct{ id, name, resName, resID string }

var apps = []app{
	{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"},
	{"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"},
	{"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"},
	{"4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome", "OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca"},
	{"c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"},
	{"d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"},
}

const (
	uaChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
	uaEdge   = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66"
)

// addSignIn renders one Graph signIn resource (the v1.0 fields plus the beta userAgent and
// autonomousSystemNumber, as exported by the Graph API).
func (g *gen) addSignIn(pp *person, r *rand.Rand, t time.Time, nc netCtx, mfa bool, errCode int) {
	a := apps[r.IntN(len(apps))]
	ua, browser := uaChrome, "Chrome 122.0.0"
	if r.IntN(3) == 0 {
		ua, browser = uaEdge, "Edge 122.0.2365"
	}
	b := make([]byte, 0, 1600)
	b = append(b, '{')
	b = kv(b, "id", uuid(r))
	b = append(b, ',')
	b = kv(b, "createdDateTime", t.UTC().Format("2006-01-02T15:04:05Z"))
	b = append(b, ',')
	b = kv(b, "userDisplayName", pp.first+" "+pp.last)
	b = append(b, ',')
	b = kv(b, "userPrincipalName", pp.upn)
	b = append(b, ',')
	b = kv(b, "userId", pp.userID)
	b = append(b, ',')
	b = kv(b, "appId", a.id)
	b = append(b, ',')
	b = kv(b, "appDisplayName", a.name)
	b = append(b, ',')
	b = kv(b, "ipAddress", nc.ip.String())
	b = append(b, ',')
	b = kv(b, "clientAppUsed", "Browser")
	b = append(b, ',')
	b = kv(b, "userAgent", ua)
	b = append(b, ',')
	b = kv(b, "correlationId", uuid(r))
	b = append(b, ',')
	ca := "success"
	if errCode != 0 {
		ca = "notApplied"
	}
	b = kv(b, "conditionalAccessStatus", ca)
	b = append(b, ',')
	b = kraw(b, "isInteractive", strconv.FormatBool(mfa || errCode != 0))
	b = append(b, `,"riskDetail":"none","riskLevelAggregated":"none","riskLevelDuringSignIn":"none","riskState":"none","riskEventTypes_v2":[],`...)
	b = kv(b, "resourceDisplayName", a.resName)
	b = append(b, ',')
	b = kv(b, "resourceId", a.resID)
	b = append(b, `,"status":{`...)
	switch errCode {
	case 0:
		detail := "MFA requirement satisfied by claim in the token"
		if mfa {
			detail = "MFA completed in Azure AD"
		}
		b = append(b, `"errorCode":0,"failureReason":"Other.",`...)
		b = kv(b, "additionalDetails", detail)
	default:
		b = append(b, `"errorCode":`...)
		b = strconv.AppendInt(b, int64(errCode), 10)
		b = append(b, `,"failureReason":"Error validating credentials due to invalid username or password.","additionalDetails":"The user didn't enter the right credentials. It's expected to see some number of these errors in the logs due to users making mistakes."`...)
	}
	b = append(b, `},"deviceDetail":{`...)
	if nc.managed {
		b = kv(b, "deviceId", pp.deviceID)
		b = append(b, ',')
		b = kv(b, "displayName", pp.host)
		b = append(b, `,"operatingSystem":"Windows10",`...)
		b = kv(b, "browser", browser)
		b = append(b, `,"isCompliant":true,"isManaged":true,"trustType":"Azure AD joined"}`...)
	} else {
		b = append(b, `"deviceId":"","displayName":"","operatingSystem":"Windows10",`...)
		b = kv(b, "browser", browser)
		b = append(b, `,"isCompliant":false,"isManaged":false,"trustType":""}`...)
	}
	b = append(b, `,"location":{`...)
	b = kv(b, "city", nc.pl.city)
	b = append(b, ',')
	b = kv(b, "state", nc.pl.state)
	b = append(b, ',')
	b = kv(b, "countryOrRegion", nc.pl.country)
	b = append(b, `,"geoCoordinates":{"altitude":null,"latitude":`...)
	b = append(b, ftoa(nc.pl.lat)...)
	b = append(b, `,"longitude":`...)
	b = append(b, ftoa(nc.pl.lon)...)
	b = append(b, `}},"mfaDetail":`...)
	switch {
	case !mfa || errCode != 0:
		b = append(b, `null`...)
	case pp.sms != "":
		b = append(b, `{"authMethod":"Text message",`...)
		b = kv(b, "authDetail", pp.sms)
		b = append(b, '}')
	default:
		b = append(b, `{"authMethod":"Mobile app notification","authDetail":null}`...)
	}
	if nc.pl.asn != 0 {
		b = append(b, `,"autonomousSystemNumber":`...)
		b = strconv.AppendUint(b, uint64(nc.pl.asn), 10)
	}
	b = append(b, ",\"appliedConditionalAccessPolicies\":[]}\n"...)
	g.push(t, false, 1, b)
}
