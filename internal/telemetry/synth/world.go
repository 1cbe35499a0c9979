package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/netip"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Domain is the e-mail / UPN domain of the generated company; WinDomain its Windows domain.
const (
	Domain    = "acmecloud.example"
	WinDomain = "acme"
)

// role is what a person is planted as (sign-in behaviour); hostRole what their laptop shows.
type role int

const (
	roleNormal role = iota
	roleFarm
	roleVPN
	roleGeo
	roleImpossible
	roleSharedMFA
	roleContinuous
	roleOnbFirst
	roleOnbActivation
	roleTravel
	roleNight
	roleFlatmate
	roleNewHire
)

type hostRole int

const (
	hostNormal hostRole = iota
	hostRMMMulti
	hostCRD
	hostIPKVM
	hostJiggler
	hostGadget
	hostKorean  // a Korean keyboard layout beside the HR locale's (TEL-LOCALE)
	hostEnglish // a US English layout beside the HR locale's (benign: common among developers)
)

// benignHost reports whether a host role is a benign look-alike.
func benignHost(h hostRole) bool { return h == hostGadget || h == hostEnglish }

type person struct {
	idx                  int
	id, first, last      string
	upn, winUser         string
	userID, deviceID     string
	host                 string
	country, tzName      string
	loc                  *time.Location
	locale               string
	start                time.Time // HR start date (UTC midnight)
	startDay             int       // day index of start within the window, -1 if before
	home                 pool
	homeIP               netip.Addr
	sms                  string // masked phone, "" = authenticator app
	role                 role
	host2                hostRole
	farm                 int  // farm number for roleFarm
	foreign              pool // geo-mismatch / travel / activation network
	tripFrom, tripTo     int  // day indexes [from, to) of a trip
	tripLoc              *time.Location
	impossibleDay        int
	early, late, lunchAt int // minutes after local midnight
}

type truthRow struct {
	Truth
	note string
}

type world struct {
	opt    Options
	people []*person
	truth  []truthRow
	farmIP []netip.Addr
}

func seedOf(parts ...uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range parts {
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

func (w *world) rng(parts ...uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(w.opt.Seed), seedOf(parts...)))
}

func uuid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	a = a&^0xf000 | 0x4000
	b = b&^(0xc<<60) | 0x8<<60
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

func asciiName(s string) string {
	s, _, _ = transform.String(fold, s)
	s = strings.NewReplacer("ł", "l", "Ł", "L").Replace(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic("synth: time zone " + name + ": " + err.Error())
	}
	return l
}

func newWorld(opt Options) (*world, error) {
	w := &world{opt: opt}
	r := w.rng(0x706c616e) // "plan"
	n := opt.Employees
	used := map[string]bool{}
	usedIP := map[netip.Addr]bool{}
	// Countries in proportion to countryMix, deterministic order.
	total := 0
	for _, c := range countryMix {
		total += c.w
	}
	for i := 0; i < n; i++ {
		x := r.IntN(total)
		c := countryMix[0].c
		for _, cm := range countryMix {
			if x < cm.w {
				c = cm.c
				break
			}
			x -= cm.w
		}
		pp := &person{idx: i, id: fmt.Sprintf("E%05d", i+1), startDay: -1, impossibleDay: -1}
		w.setCountry(pp, c, r)
		fn, ln := firstNames[c], lastNames[c]
		pp.first, pp.last = fn[r.IntN(len(fn))], ln[r.IntN(len(ln))]
		base := asciiName(pp.first) + "." + asciiName(pp.last)
		u := base
		for k := 2; used[u]; k++ {
			u = fmt.Sprintf("%s%d", base, k)
		}
		used[u] = true
		pp.upn = u + "@" + Domain
		pp.winUser = u
		pp.userID, pp.deviceID = uuid(r), uuid(r)
		pp.host = fmt.Sprintf("ACME-LT-%04d", i+1)
		pp.start = opt.Start.AddDate(0, 0, -(60 + r.IntN(1500)))
		for {
			pp.home = homePools[c][r.IntN(len(homePools[c]))]
			pp.homeIP = addrIn(pp.home.prefix, r.Uint32())
			if !usedIP[pp.homeIP] {
				break
			}
		}
		usedIP[pp.homeIP] = true
		pp.early = 7*60 + 30 + r.IntN(90)
		pp.late = 16*60 + 30 + r.IntN(120)
		pp.lunchAt = 12*60 + r.IntN(60)
		w.people = append(w.people, pp)
	}
	w.plan(r)
	w.assignPhones(r)
	return w, nil
}

func (w *world) setCountry(pp *person, c string, r *rand.Rand) {
	cz := countryZones[c]
	pp.country, pp.locale = c, cz.locale
	pp.tzName = cz.zones[r.IntN(len(cz.zones))]
	pp.loc = mustLoc(pp.tzName)
}

func (w *world) setHome(pp *person, pl pool, r *rand.Rand) {
	pp.home = pl
	pp.homeIP = addrIn(pl.prefix, r.Uint32())
}

func (w *world) add(sig string, pp *person, note string) {
	w.truth = append(w.truth, truthRow{Truth{sig, pp.id}, note})
}

// plan assigns roles: sign-in roles to distinct people first, then host roles to people
// without one, wrapping onto sign-in-role people (never two host roles) when the workforce is
// too small for everyone to be distinct.
func (w *world) plan(r *rand.Rand) {
	n := len(w.people)
	order := r.Perm(n)
	next := 0
	take := func() *person {
		if next >= n {
			return nil
		}
		pp := w.people[order[next]]
		next++
		return pp
	}
	big := n >= 100
	farms, vpn, geo, mfa, travel, newhire := 1, 1, 1, 2, 1, 1
	if big {
		farms, vpn, geo, mfa, travel, newhire = 3, 2, 2, 3, 3, 2
	}
	onbDay := w.weekdayFrom(min(3, w.opt.Days-1))
	// Laptop farms.
	for f := 0; f < farms; f++ {
		size := 4
		if big {
			size = 4 + r.IntN(3)
		}
		fp := farmPools[f%len(farmPools)]
		ip := addrIn(fp.prefix, r.Uint32())
		w.farmIP = append(w.farmIP, ip)
		for k := 0; k < size; k++ {
			pp := take()
			if pp == nil {
				break
			}
			pp.role, pp.farm = roleFarm, f+1
			w.setCountry(pp, fp.country, r)
			pp.home, pp.homeIP = fp, ip
			note := fmt.Sprintf("laptop farm %d: %d employees share %s (%s); ", f+1, size, ip, fp.city)
			w.add("TEL-SHARED-EGRESS", pp, note+"shared residential egress")
			w.add("TEL-WORK-HOURS", pp, note+"works 09:00-18:00 UTC+8 while HR zone is "+pp.tzName)
		}
	}
	roles := []struct {
		ro    role
		count int
	}{
		{roleVPN, vpn}, {roleGeo, geo}, {roleImpossible, 1}, {roleSharedMFA, mfa}, {roleContinuous, 1},
		{roleOnbFirst, 1}, {roleOnbActivation, 1}, {roleNight, 1}, {roleFlatmate, 2}, {roleTravel, travel}, {roleNewHire, newhire},
	}
	var flat *person
	for _, rc := range roles {
		for k := 0; k < rc.count; k++ {
			pp := take()
			if pp == nil {
				break
			}
			pp.role = rc.ro
			switch rc.ro {
			case roleVPN:
				w.setCountry(pp, "NL", r)
				w.setHome(pp, homePools["NL"][0], r)
				w.add("TEL-VPN-EXIT", pp, "signs in through Mullvad VPN exits (AS39351) most of the time; HR country NL")
			case roleGeo:
				pp.foreign = poolCN
				if k%2 == 1 {
					pp.foreign = poolRU
				}
				w.add("TEL-GEO-MISMATCH", pp, fmt.Sprintf("every sign-in from %s (%s) for the whole period; HR country %s", pp.foreign.country, pp.foreign.city, pp.country))
			case roleImpossible:
				pp.impossibleDay = w.weekdayFrom(w.opt.Days / 2)
				w.add("TEL-IMPOSSIBLE-TRAVEL", pp, fmt.Sprintf("day %d: sign-in from Seoul (KR) 35 minutes after one from home in %s", pp.impossibleDay+1, pp.home.city))
			case roleSharedMFA:
				w.add("TEL-SHARED-MFA", pp, "SMS MFA phone +X XXXXXXXX47 shared with other employees")
			case roleContinuous:
				w.add("TEL-CONTINUOUS", pp, "signs in every 20-50 minutes around the clock, every day")
			case roleOnbFirst:
				pp.startDay = onbDay
				w.add("ONB-FIRST-LOGIN", pp, fmt.Sprintf("starts day %d; first sign-in from an unmanaged device via Mullvad VPN", onbDay+1))
				w.add("TEL-VPN-EXIT", pp, "first sign-in only, via Mullvad VPN (AS39351)")
			case roleOnbActivation:
				w.setCountry(pp, "US", r)
				w.setHome(pp, homePools["US"][r.IntN(len(homePools["US"]))], r)
				pp.startDay = onbDay
				pp.foreign = poolCNUni
				w.add("ONB-ACTIVATION-GEO", pp, fmt.Sprintf("laptop shipped to US, first used on day %d from Beijing (CN)", onbDay+1))
				w.add("ONB-FIRST-LOGIN", pp, "first sign-in (company laptop) from CN, far from the home address")
			case roleNight:
				w.setCountry(pp, "PT", r)
				w.setHome(pp, homePools["PT"][0], r)
				w.add("BENIGN:night-shift", pp, "night shift 22:00-06:00 Europe/Lisbon")
			case roleFlatmate:
				if flat == nil {
					flat = pp
					w.add("BENIGN:flatmates", pp, "shares a home IP with one flatmate")
				} else {
					w.setCountry(pp, flat.country, r)
					pp.tzName, pp.loc = flat.tzName, flat.loc
					pp.home, pp.homeIP = flat.home, flat.homeIP
					w.add("BENIGN:flatmates", pp, "shares home IP "+flat.homeIP.String()+" with "+flat.id)
				}
			case roleTravel:
				dest := []string{"US", "GB", "ES", "DE"}
				d := dest[r.IntN(len(dest))]
				if d == pp.country {
					d = "FR"
				}
				pp.foreign = homePools[d][0]
				pp.tripLoc = mustLoc(countryZones[d].zones[0])
				length := 3 + r.IntN(3)
				pp.tripFrom = w.weekdayFrom(min(1+r.IntN(5), max(0, w.opt.Days-length-2)))
				pp.tripTo = pp.tripFrom
				for wd := 0; wd < length && pp.tripTo < w.opt.Days; pp.tripTo++ {
					if day := w.opt.Start.AddDate(0, 0, pp.tripTo).Weekday(); day != time.Saturday && day != time.Sunday {
						wd++
					}
				}
				w.add("BENIGN:travel", pp, fmt.Sprintf("business trip to %s (%s), days %d-%d (%d working days), normal hours", d, pp.foreign.city, pp.tripFrom+1, pp.tripTo, length))
			case roleNewHire:
				pp.startDay = onbDay
				w.add("BENIGN:new-hire", pp, fmt.Sprintf("starts day %d; first sign-in from home on the company laptop", onbDay+1))
			}
			if pp.startDay >= 0 {
				pp.start = w.opt.Start.AddDate(0, 0, pp.startDay)
			}
		}
	}
	// Host roles.
	hostRoles := []struct {
		h    hostRole
		sigs []string
		note string
	}{
		{hostRMMMulti, []string{"TEL-RMM", "TEL-RMM-MULTI"}, "AnyDesk and TeamViewer running and installed"},
		{hostCRD, []string{"TEL-RMM"}, "Chrome Remote Desktop host (remoting_host.exe) running"},
		{hostIPKVM, []string{"TEL-IPKVM"}, "PiKVM on usb_devices: 1d6b:0104 PiKVM / PiKVM Composite Device, serial CAFEBABE"},
		{hostJiggler, []string{"TEL-JIGGLER"}, "USB mouse jiggler on usb_devices"},
		{hostGadget, []string{"BENIGN:usb-gadget"}, "developer's Linux USB gadget 1d6b:0104 without PiKVM strings"},
		{hostKorean, []string{"TEL-LOCALE"}, "Korean keyboard layout (00000412) in the registry's preload list"},
		{hostEnglish, []string{"BENIGN:english-layout"}, "US English keyboard layout (00000409) beside the HR locale's"},
	}
	benign := func(ro role) bool { return ro >= roleTravel }
	for _, hr := range hostRoles {
		pp := take()
		if pp == nil {
			// Too few people: put a planted device on a farm laptop (where such devices are
			// found) or another planted person, the benign gadget on a benign look-alike.
			for _, pass := range []func(*person) bool{
				func(q *person) bool { return !benignHost(hr.h) && q.role == roleFarm },
				func(q *person) bool { return !benignHost(hr.h) && !benign(q.role) },
				func(q *person) bool { return benignHost(hr.h) && benign(q.role) },
			} {
				for _, k := range order {
					if q := w.people[k]; pp == nil && q.host2 == hostNormal && pass(q) {
						pp = q
					}
				}
			}
		}
		if pp == nil {
			continue
		}
		pp.host2 = hr.h
		for _, s := range hr.sigs {
			w.add(s, pp, pp.host+": "+hr.note)
		}
	}
}

// weekdayFrom returns the first day index ≥ d that is a weekday (clamped to the window).
func (w *world) weekdayFrom(d int) int {
	for k := d; k < w.opt.Days; k++ {
		if wd := w.opt.Start.AddDate(0, 0, k).Weekday(); wd != time.Saturday && wd != time.Sunday {
			return k
		}
	}
	return max(0, min(d, w.opt.Days-1))
}

// assignPhones gives about a quarter of employees SMS MFA with a masked phone unique among
// them (two digits: at most 99 SMS users), and the shared-MFA group one common phone.
func (w *world) assignPhones(r *rand.Rand) {
	free := r.Perm(100)
	k := 0
	for _, pp := range w.people {
		if pp.role == roleSharedMFA {
			pp.sms = "+X XXXXXXXX47"
			continue
		}
		if r.IntN(4) != 0 {
			continue
		}
		for k < len(free) && (free[k] == 47 || free[k] == 0) {
			k++
		}
		if k >= len(free) {
			continue
		}
		pp.sms = fmt.Sprintf("+X XXXXXXXX%02d", free[k])
		k++
	}
}

func (w *world) employeesCSV() []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(strings.Split(EmployeesHeader, ","))
	for _, pp := range w.people {
		cw.Write([]string{
			pp.id, pp.first + " " + pp.last,
			pp.upn + ";" + WinDomain + `\` + pp.winUser,
			pp.host + ";" + pp.deviceID,
			pp.country, pp.tzName, pp.start.Format("2006-01-02"), pp.country, pp.locale,
		})
	}
	cw.Flush()
	return b.Bytes()
}

func (w *world) truthCSV() []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"signal", "person_id", "note"})
	for _, t := range w.truth {
		cw.Write([]string{t.Signal, t.PersonID, t.note})
	}
	cw.Flush()
	return b.Bytes()
}
