// Package detect is bonafide's post-hire telemetry detection engine (issue 5): it reads
// bonafide.Event values from any telemetry parser (internal/telemetry/*), enriches them in
// place (IP → country / ASN / VPN / hosting / corporate egress via internal/enrich/ipinfo),
// attributes each to an employee of the HR roster (internal/telemetry/hr) and turns them into
// bonafide.Finding values for the signals of SIGNALS.md section 5 and two onboarding signals.
//
// Per-event detections: TEL-VPN-EXIT (MAND24, LB25), TEL-GEO-MISMATCH (FBI22, SEAL), TEL-RMM
// (MAND24, LOLRMM), TEL-RMM-MULTI (ELASTIC, RF26), TEL-IPKVM (MSFT26), TEL-JIGGLER
// (COMMUNITY), TEL-LOCALE (MSFT26), ONB-FIRST-LOGIN (LB25, HYPR24), ONB-ACTIVATION-GEO
// (GTIG25). Stateful ones: TEL-IMPOSSIBLE-TRAVEL (FBI22), TEL-SHARED-EGRESS (MSFT26),
// TEL-SHARED-MFA (MSFT25, OKTA), TEL-WORK-HOURS (FBI22, SEAL), TEL-CONTINUOUS (FBI22), and
// TEL-EARLY (COMMUNITY) on top of any of them. docs/telemetry-detections.md states every
// rule, threshold and benign look-alike.
//
// The Engine is used from one goroutine: Process each event in time order, then read
// Findings. All state is bounded per employee (counters, hour histograms, capped sets) plus
// the shared-egress table, which only holds addresses seen within the egress window, so a
// stream of millions of events runs in bounded memory. Snapshot and Restore save and resume
// the whole state: restoring a snapshot and processing the remaining events gives exactly the
// findings of processing all of them.
//
// Events whose account and host belong to no employee are counted (Stats) but produce no
// finding: bonafide scores people, and an unknown account has no person to score.
// Corporate egress (an ipinfo corporate list entry) never fires an address-based detection.
package detect

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/signals"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
)

// Config is what the engine reads and its thresholds. Nil data sources disable the
// detections that need them (HR nil: every event is unattributed). A zero threshold takes
// its documented default.
type Config struct {
	IP    *ipinfo.DB     // IP → country, ASN, VPN, hosting, corporate egress
	RMM   *rmm.Catalogue // remote-access tools and the customer's allow-list
	USB   *usbid.DB      // USB vendor / product names for evidence
	Rules *sigma.Engine  // Sigma-subset rules; matches with Signal TEL-RMM, TEL-IPKVM, TEL-JIGGLER fire
	HR    *hr.Directory  // employees: accounts, hosts, country, time zone, start date, ship country, locale

	// TEL-GEO-MISMATCH: another country fires when seen on ≥ GeoMinDays distinct days
	// (default 10: longer than a business trip with its weekend), or — SIGNALS.md's "mixed,
	// inconsistent ranges" — when sign-ins moved into it from elsewhere ≥ GeoMixedStints times
	// (default 3; a trip is one stint) on ≥ GeoShareMinDays days (default 4) that are
	// ≥ GeoMinShare (default 0.25) of the person's ≥ GeoShareBaseDays (default 10) sign-in days.
	GeoMinDays, GeoShareMinDays, GeoShareBaseDays, GeoMixedStints int
	GeoMinShare                                                   float64
	// TEL-IMPOSSIBLE-TRAVEL: speed above TravelKmh (default 1000 km/h) between country
	// centroids at least TravelMinKm apart (default 500 km).
	TravelKmh, TravelMinKm float64
	// TEL-SHARED-EGRESS: ≥ EgressMinPeople (default 3) employees on one residential address
	// within EgressWindow (default 7 days).
	EgressMinPeople int
	EgressWindow    time.Duration
	// TEL-SHARED-MFA: one MFA device used by ≥ MFAMinPeople employees (default 2).
	MFAMinPeople int
	// TEL-WORK-HOURS: ≥ HoursMinDays active days (default 10); best offset ≥ HoursMinShift
	// hours (default 5) from the claimed one; log-likelihood ratio ≥ HoursMinLLR (default 10,
	// natural log) and ≥ HoursMinFit (default 0.8) of activity inside 09–18 at the best offset.
	HoursMinDays, HoursMinShift int
	HoursMinLLR, HoursMinFit    float64
	// HoursOffsets are the best-fit UTC offsets that may fire TEL-WORK-HOURS. Default
	// −10..+12, the offsets with a mainland working population: a Europe- or Africa-based
	// night-shift worker's hours fit a day shift at UTC−12/−11 (or +13/+14), where nobody
	// works, and do not fire. Set it to e.g. {7, 8, 9, 10} for the advisories' "UTC+8/+9"
	// (FBI22, SEAL) only.
	HoursOffsets []int
	// TEL-CONTINUOUS: activity in ≥ ContinuousMinHours (default 20) of a UTC day's 24 hours.
	ContinuousMinHours int
	// TEL-EARLY: a finding first raised before StartDate + EarlyWindow (default 30 days).
	EarlyWindow time.Duration
}

func (c *Config) defaults() {
	setI := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	setF := func(p *float64, v float64) {
		if *p <= 0 {
			*p = v
		}
	}
	setI(&c.GeoMinDays, 10)
	setI(&c.GeoShareMinDays, 4)
	setI(&c.GeoShareBaseDays, 10)
	setI(&c.GeoMixedStints, 3)
	setF(&c.GeoMinShare, 0.25)
	setF(&c.TravelKmh, 1000)
	setF(&c.TravelMinKm, 500)
	setI(&c.EgressMinPeople, 3)
	if c.EgressWindow <= 0 {
		c.EgressWindow = 7 * 24 * time.Hour
	}
	setI(&c.MFAMinPeople, 2)
	setI(&c.HoursMinDays, 10)
	setI(&c.HoursMinShift, 5)
	setF(&c.HoursMinLLR, 10)
	setF(&c.HoursMinFit, 0.8)
	if len(c.HoursOffsets) == 0 {
		for o := -10; o <= 12; o++ {
			c.HoursOffsets = append(c.HoursOffsets, o)
		}
	}
	setI(&c.ContinuousMinHours, 20)
	if c.EarlyWindow <= 0 {
		c.EarlyWindow = 30 * 24 * time.Hour
	}
}

// Caps that bound the state.
const (
	maxCountries     = 16   // countries counted per person
	maxHostTools     = 8    // RMM vendors remembered per host
	maxSharers       = 32   // people remembered per egress address or MFA device
	maxUnknownNames  = 1000 // distinct unattributed account names counted
	maxRelatedOutput = signals.MaxRelated
)

// Engine evaluates events. Not safe for concurrent use.
type Engine struct {
	cfg   Config
	st    *state
	hits  []*sigma.Rule
	onHit func(*sigma.Rule)
}

// state is everything Snapshot saves.
type state struct {
	Events       int64
	Unattributed int64
	UnknownNames map[string]int64
	Clock        time.Time // latest event time
	NextSweep    time.Time
	People       map[string]*person
	Hosts        map[string]*host
	Egress       map[netip.Addr]*sharers
	MFA          map[string]*sharers
	Recs         map[string]*rec
}

type person struct {
	FirstLogin  bool
	Countries   map[string]*country `json:",omitempty"`
	SignDays    int                 // distinct UTC days with a geolocated successful sign-in
	LastSignDay int32
	LastCountry string
	LastTime    time.Time
	LastIP      netip.Addr
	Day         int32      // current UTC day of activity
	DayMask     uint32     // UTC hours active in Day
	LocalMask   uint32     // the same slots in the claimed time zone's hours
	Hist        [24]uint32 // UTC hour-slots of completed days
	LocalHist   [24]uint32 // the same in claimed local hours
	Days        int        // completed active days
	OffSum      int64      // claimed UTC offset in seconds, summed over slots
	OffN        int64
}

type country struct {
	Count   int
	Days    int
	LastDay int32
	Stints  int `json:",omitempty"` // times sign-ins moved into this country from another
}

type host struct {
	Person       string
	Tools        []string `json:",omitempty"`
	FirstCountry string
	FirstTime    time.Time
	FirstIP      netip.Addr
}

type sharers struct {
	People []seen
}

type seen struct {
	Person string
	Last   time.Time
}

type rec struct {
	PersonID, SignalID, Key string
	Summary                 string
	Evidence                []bonafide.Evidence
	Related                 []string `json:",omitempty"`
	First, Last             time.Time
	Count                   int
}

// New returns an engine for cfg (zero thresholds take their defaults).
func New(cfg Config) *Engine {
	cfg.defaults()
	e := &Engine{cfg: cfg, st: newState()}
	e.onHit = func(r *sigma.Rule) {
		if r.Signal != "" {
			e.hits = append(e.hits, r)
		}
	}
	return e
}

func newState() *state {
	return &state{
		UnknownNames: map[string]int64{},
		People:       map[string]*person{},
		Hosts:        map[string]*host{},
		Egress:       map[netip.Addr]*sharers{},
		MFA:          map[string]*sharers{},
		Recs:         map[string]*rec{},
	}
}

// Stats counts what the engine has seen.
type Stats struct {
	Events       int64            // events processed
	Unattributed int64            // events whose account and host matched no employee
	UnknownNames map[string]int64 // their account names (lower-cased, at most 1000 distinct)
}

// Stats returns the counters (a copy).
func (e *Engine) Stats() Stats {
	m := make(map[string]int64, len(e.st.UnknownNames))
	for k, v := range e.st.UnknownNames {
		m[k] = v
	}
	return Stats{Events: e.st.Events, Unattributed: e.st.Unattributed, UnknownNames: m}
}

// Snapshot returns the whole detection state as JSON.
func (e *Engine) Snapshot() ([]byte, error) {
	b, err := json.Marshal(e.st)
	if err != nil {
		return nil, bonafide.Errorf(bonafide.Internal, "detect.Snapshot", "%v", err)
	}
	return b, nil
}

// Restore replaces the engine's state with a Snapshot. The Config (data sources and
// thresholds) is not part of the snapshot: restore into an engine built with the same one.
func (e *Engine) Restore(b []byte) error {
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return &bonafide.InputError{File: "snapshot", Msg: "not a detect snapshot", Err: err}
	}
	if st.UnknownNames == nil {
		st.UnknownNames = map[string]int64{}
	}
	if st.People == nil {
		st.People = map[string]*person{}
	}
	if st.Hosts == nil {
		st.Hosts = map[string]*host{}
	}
	if st.Egress == nil {
		st.Egress = map[netip.Addr]*sharers{}
	}
	if st.MFA == nil {
		st.MFA = map[string]*sharers{}
	}
	if st.Recs == nil {
		st.Recs = map[string]*rec{}
	}
	dropNil(st.People)
	dropNil(st.Hosts)
	dropNil(st.Egress)
	dropNil(st.MFA)
	dropNil(st.Recs)
	for _, p := range st.People {
		dropNil(p.Countries)
	}
	e.st = st
	return nil
}

// dropNil removes null entries a hand-edited or damaged snapshot may hold.
func dropNil[K comparable, V any](m map[K]*V) {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
}

// ipClass is what enrichment said about an event's source address.
type ipClass struct {
	valid     bool
	vpn       bool // commercial VPN or hosting exit
	hosting   bool
	corporate bool
	label     string // VPN provider / list label / "AS<n> <org>"
	country   string // the event's country (source-given, else enrichment)
}

// Process enriches ev in place (SourceCountry, SourceASN, SourceASOrg when the source did not
// give them), attributes it to an employee and updates the detections. Events should come in
// time order per person; an event older than the person's current day does not count
// towards the hour-based detections.
func (e *Engine) Process(ev *bonafide.Event) {
	st := e.st
	st.Events++
	ts := ev.Timestamp
	if ts.After(st.Clock) {
		st.Clock = ts
	}
	ic := e.enrich(ev)
	emp := e.resolve(ev)
	if emp == nil {
		st.Unattributed++
		if n := ev.UserName; n != "" {
			n = strings.ToLower(n)
			if _, ok := st.UnknownNames[n]; ok || len(st.UnknownNames) < maxUnknownNames {
				st.UnknownNames[n]++
			}
		}
		e.sweep()
		return
	}
	p := st.People[emp.ID]
	if p == nil {
		p = &person{}
		st.People[emp.ID] = p
	}
	hostKey, assigned := e.hostOf(ev, emp)

	switch ev.Category {
	case bonafide.CategoryAuthentication:
		if ev.Outcome == "success" {
			e.signIn(ev, emp, p, ic, hostKey, assigned)
		}
		if ev.Outcome != "failure" {
			e.activity(ev, emp, p)
		}
	case bonafide.CategorySession:
		e.activity(ev, emp, p)
	}
	if ev.AuthDeviceID != "" {
		e.sharedMFA(ev, emp)
	}
	if assigned && ic.valid && !ic.corporate && !ic.vpn && ic.country != "" {
		e.activation(ev, emp, hostKey, ic)
	}
	e.endpoint(ev, emp, hostKey)
	if ev.HostLocale != "" && emp.Locale != "" {
		e.locale(ev, emp, hostKey)
	}
	e.sweep()
}

func (e *Engine) enrich(ev *bonafide.Event) ipClass {
	var ic ipClass
	if !ev.SourceIP.IsValid() {
		return ic
	}
	ic.valid = true
	if e.cfg.IP != nil {
		info := e.cfg.IP.Lookup(ev.SourceIP)
		if ev.SourceCountry == "" {
			ev.SourceCountry = info.Country
		}
		if ev.SourceASN == 0 {
			ev.SourceASN = info.ASN
		}
		if ev.SourceASOrg == "" {
			ev.SourceASOrg = info.ASOrg
		}
		ic.corporate = info.Corporate
		ic.hosting = info.Hosting && !info.Corporate
		ic.vpn = (info.VPN || info.Hosting) && !info.Corporate
		switch {
		case info.VPNProvider != "":
			ic.label = info.VPNProvider
		case info.Named != "":
			ic.label = info.Named
		}
	}
	ic.country = ev.SourceCountry
	return ic
}

func (e *Engine) resolve(ev *bonafide.Event) *hr.Employee {
	d := e.cfg.HR
	if d == nil {
		return nil
	}
	if emp, ok := d.ByAccount(ev.UserName); ok {
		return emp
	}
	if emp, ok := d.ByAccount(ev.UserEmail); ok {
		return emp
	}
	if emp, ok := d.ByHost(ev.HostName); ok {
		return emp
	}
	if emp, ok := d.ByHost(ev.HostID); ok {
		return emp
	}
	return nil
}

// hostOf returns the event's host key and whether the host is assigned to emp in the roster:
// an assigned host is keyed as the roster spells it, any other by its lower-cased host name,
// else host ID.
func (e *Engine) hostOf(ev *bonafide.Event, emp *hr.Employee) (string, bool) {
	key := ev.HostName
	if key == "" {
		key = ev.HostID
	}
	if key == "" {
		return "", false
	}
	for _, h := range emp.Hosts {
		if strings.EqualFold(h, ev.HostName) || strings.EqualFold(h, ev.HostID) {
			return h, true
		}
	}
	return lowerASCII(key), false
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func dayOf(t time.Time) int32 {
	s := t.Unix()
	d := s / 86400
	if s < 0 && s%86400 != 0 {
		d--
	}
	return int32(d)
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// signIn runs the sign-in detections for a successful authentication.
func (e *Engine) signIn(ev *bonafide.Event, emp *hr.Employee, p *person, ic ipClass, hostKey string, assigned bool) {
	ts := ev.Timestamp
	if !p.FirstLogin {
		p.FirstLogin = true
		e.firstLogin(ev, emp, ic, assigned)
	}
	if !ic.valid || ic.corporate {
		return
	}
	if ic.vpn {
		label := ic.label
		if label == "" {
			label = "AS" + strconv.FormatUint(uint64(ev.SourceASN), 10)
		}
		kind := "a commercial VPN exit"
		if ic.hosting && ic.label == "" {
			kind = "a hosting / datacenter address"
		}
		e.fire(emp, "TEL-VPN-EXIT", label, ts, false, func() (string, []bonafide.Evidence, []string) {
			return fmt.Sprintf("Signed in through %s (%s)", kind, label), []bonafide.Evidence{
				{Field: "source.ip", Value: ev.SourceIP.String(), Note: "first address seen from this exit"},
				{Field: "source.as.number", Value: strconv.FormatUint(uint64(ev.SourceASN), 10), Note: ev.SourceASOrg},
				{Field: "vpn.provider", Value: label, Note: kind},
			}, nil
		})
		return
	}
	e.sharedEgress(ev, emp, ts)
	c := ic.country
	if c == "" {
		return
	}
	d := dayOf(ts)
	if p.SignDays == 0 || d > p.LastSignDay {
		p.SignDays++
		p.LastSignDay = d
	}
	if emp.Country != "" && c != emp.Country {
		e.geo(ev, emp, p, c, d)
	}
	e.travel(ev, emp, p, c)
}

func (e *Engine) geo(ev *bonafide.Event, emp *hr.Employee, p *person, c string, d int32) {
	if p.Countries == nil {
		p.Countries = map[string]*country{}
	}
	cs := p.Countries[c]
	newDay := true
	if cs == nil {
		if len(p.Countries) >= maxCountries {
			return
		}
		cs = &country{LastDay: d}
		cs.Days = 1
		p.Countries[c] = cs
	} else if d > cs.LastDay {
		cs.Days++
		cs.LastDay = d
	} else {
		newDay = false
	}
	if p.LastCountry != c {
		cs.Stints++
	}
	cs.Count++
	cfg := &e.cfg
	share := float64(cs.Days) / float64(p.SignDays)
	if cs.Days >= cfg.GeoMinDays || (cs.Stints >= cfg.GeoMixedStints && cs.Days >= cfg.GeoShareMinDays && p.SignDays >= cfg.GeoShareBaseDays && share >= cfg.GeoMinShare) {
		days, count, total := cs.Days, cs.Count, p.SignDays
		e.fire(emp, "TEL-GEO-MISMATCH", c, ev.Timestamp, newDay, func() (string, []bonafide.Evidence, []string) {
			return fmt.Sprintf("Signed in from %s on %d days (HR country %s)", c, days, emp.Country), []bonafide.Evidence{
				{Field: "source.geo.country_iso_code", Value: c, Note: fmt.Sprintf("%d successful sign-ins on %d of %d sign-in days", count, days, total)},
				{Field: "hr.country", Value: emp.Country, Note: "claimed residence"},
				{Field: "source.ip", Value: ev.SourceIP.String(), Note: "latest address from " + c},
			}, nil
		})
	}
}

func (e *Engine) travel(ev *bonafide.Event, emp *hr.Employee, p *person, c string) {
	ts := ev.Timestamp
	if p.LastCountry != "" && p.LastCountry != c && !ts.Before(p.LastTime) {
		if km, ok := minDistanceKm(p.LastCountry, c); ok && km >= e.cfg.TravelMinKm {
			h := ts.Sub(p.LastTime).Hours()
			if h <= 0 || km/h > e.cfg.TravelKmh {
				from, fromT, fromIP := p.LastCountry, p.LastTime, p.LastIP
				speed := "instant"
				if h > 0 {
					speed = fmt.Sprintf("%.0f km/h", km/h)
				}
				e.fire(emp, "TEL-IMPOSSIBLE-TRAVEL", from+">"+c, ts, false, func() (string, []bonafide.Evidence, []string) {
					return fmt.Sprintf("Sign-ins from %s then %s %.0f km apart in %s (%s)", from, c, km, ts.Sub(fromT).Round(time.Minute), speed), []bonafide.Evidence{
						{Field: "source.ip", Value: fromIP.String(), Note: "sign-in from " + from + " at " + fmtTime(fromT)},
						{Field: "source.ip", Value: ev.SourceIP.String(), Note: "sign-in from " + c + " at " + fmtTime(ts)},
						{Field: "speed", Value: speed, Note: fmt.Sprintf("at least %.0f km apart (country centroids less both countries' radii); threshold %.0f km/h", km, e.cfg.TravelKmh)},
					}, nil
				})
			}
		}
	}
	if !ts.Before(p.LastTime) {
		p.LastCountry, p.LastTime, p.LastIP = c, ts, ev.SourceIP
	}
}

func (e *Engine) firstLogin(ev *bonafide.Event, emp *hr.Employee, ic ipClass, assigned bool) {
	if ic.corporate || !e.newHire(emp, ev.Timestamp) {
		return
	}
	// SIGNALS.md (LB25, HYPR24): the first login is from an unmanaged device, OR through a VPN
	// exit, OR far from home — any one of them. "Unmanaged" needs the IdP to say so (or an
	// unknown device that is not the assigned laptop); an unknown managed state alone is not it.
	unmanaged := ev.HostManaged != nil && !*ev.HostManaged || ev.HostManaged == nil && !assigned && ev.HostID != ""
	var whys []string
	if unmanaged {
		whys = append(whys, "from an unmanaged device")
	}
	if ic.vpn {
		whys = append(whys, "through a VPN / hosting exit")
	}
	if ic.country != "" && emp.Country != "" && ic.country != emp.Country && !ic.vpn {
		whys = append(whys, "from "+ic.country+", not the HR country "+emp.Country)
	}
	if len(whys) == 0 {
		return
	}
	why := strings.Join(whys, ", ")
	e.fire(emp, "ONB-FIRST-LOGIN", "first-login", ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		dev := ev.HostName
		if dev == "" {
			dev = ev.HostID
		}
		managed := "managed"
		if unmanaged {
			managed = "not managed / not the assigned laptop"
		}
		return "First sign-in was " + why, []bonafide.Evidence{
			{Field: "@timestamp", Value: fmtTime(ev.Timestamp), Note: "first successful sign-in"},
			{Field: "source.ip", Value: ev.SourceIP.String(), Note: why},
			{Field: "host.name", Value: dev, Note: managed},
		}, nil
	})
}

func (e *Engine) activation(ev *bonafide.Event, emp *hr.Employee, hostKey string, ic ipClass) {
	h := e.st.Hosts[hostKey]
	if h == nil {
		h = &host{Person: emp.ID}
		e.st.Hosts[hostKey] = h
	}
	if h.FirstCountry != "" {
		return
	}
	h.FirstCountry, h.FirstTime, h.FirstIP = ic.country, ev.Timestamp, ev.SourceIP
	if emp.ShipCountry == "" || ic.country == emp.ShipCountry || !e.newHire(emp, ev.Timestamp) {
		return
	}
	c := ic.country
	e.fire(emp, "ONB-ACTIVATION-GEO", hostKey, ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		return fmt.Sprintf("Assigned device %s first seen in %s, shipped to %s", hostKey, c, emp.ShipCountry), []bonafide.Evidence{
			{Field: "host.name", Value: hostKey, Note: "assigned device, first seen " + fmtTime(ev.Timestamp) + " (" + ev.Dataset + ")"},
			{Field: "source.ip", Value: ev.SourceIP.String(), Note: "first address, in " + c},
			{Field: "hr.ship_country", Value: emp.ShipCountry, Note: "where the device was shipped"},
		}, nil
	})
}

// newHire reports whether ts is before emp's StartDate + EarlyWindow: only then is the first
// sign-in or first device use seen in the telemetry the real first one (onboarding signals).
func (e *Engine) newHire(emp *hr.Employee, ts time.Time) bool {
	return !emp.StartDate.IsZero() && ts.Before(emp.StartDate.Add(e.cfg.EarlyWindow))
}

// sharedEgress records a residential sign-in address (not VPN, hosting or corporate).
func (e *Engine) sharedEgress(ev *bonafide.Event, emp *hr.Employee, ts time.Time) {
	ip := ev.SourceIP
	s := e.st.Egress[ip]
	if s == nil {
		s = &sharers{}
		e.st.Egress[ip] = s
	}
	cut := ts.Add(-e.cfg.EgressWindow)
	added := e.addSharer(s, emp.ID, ts, cut)
	if len(s.People) < e.cfg.EgressMinPeople {
		return
	}
	e.fireShared(s, emp, added, "TEL-SHARED-EGRESS", ip.String(), ts, func(n int) (string, bonafide.Evidence) {
		return fmt.Sprintf("%d employees signed in from the same residential address %s within %s", n, ip, days(e.cfg.EgressWindow)),
			bonafide.Evidence{Field: "source.ip", Value: ip.String(), Note: fmt.Sprintf("%d employees within %s%s", n, days(e.cfg.EgressWindow), asLabel(ev.SourceASN, ev.SourceASOrg))}
	})
}

func (e *Engine) sharedMFA(ev *bonafide.Event, emp *hr.Employee) {
	id := ev.AuthDeviceID
	s := e.st.MFA[id]
	if s == nil {
		s = &sharers{}
		e.st.MFA[id] = s
	}
	added := e.addSharer(s, emp.ID, ev.Timestamp, time.Time{})
	if len(s.People) < e.cfg.MFAMinPeople {
		return
	}
	e.fireShared(s, emp, added, "TEL-SHARED-MFA", id, ev.Timestamp, func(n int) (string, bonafide.Evidence) {
		m := ev.AuthMethod
		if m == "" {
			m = "MFA device"
		}
		return fmt.Sprintf("One MFA device (%s) is used by %d employees", m, n),
			bonafide.Evidence{Field: "auth.device_id", Value: id, Note: fmt.Sprintf("%s used by %d employees", m, n)}
	})
}

// addSharer drops entries last seen before cut (when cut is set), then records person at ts;
// it reports whether person was new.
func (e *Engine) addSharer(s *sharers, id string, ts, cut time.Time) bool {
	if !cut.IsZero() {
		k := 0
		for _, x := range s.People {
			if !x.Last.Before(cut) {
				s.People[k] = x
				k++
			}
		}
		s.People = s.People[:k]
	}
	for i := range s.People {
		if s.People[i].Person == id {
			if ts.After(s.People[i].Last) {
				s.People[i].Last = ts
			}
			return false
		}
	}
	if len(s.People) >= maxSharers {
		return false
	}
	s.People = append(s.People, seen{Person: id, Last: ts})
	return true
}

// fireShared raises sig on every sharer when the set grew, else on the current person only.
func (e *Engine) fireShared(s *sharers, emp *hr.Employee, added bool, sig, key string, ts time.Time, describe func(n int) (string, bonafide.Evidence)) {
	ids := make([]string, len(s.People))
	for i, x := range s.People {
		ids[i] = x.Person
	}
	sort.Strings(ids)
	summary, ev := describe(len(ids))
	for _, id := range ids {
		if !added && id != emp.ID {
			continue
		}
		var related []string
		for _, o := range ids {
			if o != id && len(related) < maxRelatedOutput {
				related = append(related, o)
			}
		}
		who, ok := e.cfg.HR.ByID(id)
		if !ok {
			continue
		}
		e.fire(who, sig, key, ts, added, func() (string, []bonafide.Evidence, []string) {
			return summary, []bonafide.Evidence{ev, {Field: "related", Value: strings.Join(related, ","), Note: "the other employees"}}, related
		})
	}
}

// activity records an activity slot for the hour-based detections.
func (e *Engine) activity(ev *bonafide.Event, emp *hr.Employee, p *person) {
	ts := ev.Timestamp
	if ts.IsZero() {
		return
	}
	d := dayOf(ts)
	if d < p.Day && (p.DayMask != 0 || p.Days > 0) {
		return
	}
	if d > p.Day {
		if p.DayMask != 0 {
			e.flushDay(emp, p, ts)
		}
		p.Day, p.DayMask, p.LocalMask = d, 0, 0
	}
	h := ts.Hour()
	bit := uint32(1) << h
	if p.DayMask&bit != 0 {
		return
	}
	p.DayMask |= bit
	if loc := e.cfg.HR.Location(emp); loc != nil {
		_, off := ts.In(loc).Zone()
		lh := ((ts.Unix()+int64(off))/3600%24 + 24) % 24
		p.LocalMask |= 1 << lh
		p.OffSum += int64(off)
		p.OffN++
	}
	if popcount(p.DayMask) == e.cfg.ContinuousMinHours {
		date := ts.Format("2006-01-02")
		n := e.cfg.ContinuousMinHours
		// One finding per person (key "around-the-clock"); each further day updates it, and the
		// first_seen/last_seen/count evidence gives the span and the number of such days.
		e.fire(emp, "TEL-CONTINUOUS", "around-the-clock", ts, true, func() (string, []bonafide.Evidence, []string) {
			return fmt.Sprintf("Account active in %d or more hours of a UTC day (latest %s)", n, date), []bonafide.Evidence{
				{Field: "activity.date", Value: date, Note: fmt.Sprintf("latest day active in ≥ %d of 24 UTC hours; threshold reached at %s", n, fmtTime(ts))},
			}, nil
		})
	}
}

// flushDay adds the finished day to the histograms and re-evaluates TEL-WORK-HOURS.
func (e *Engine) flushDay(emp *hr.Employee, p *person, ts time.Time) {
	for h := 0; h < 24; h++ {
		if p.DayMask&(1<<h) != 0 {
			p.Hist[h]++
		}
		if p.LocalMask&(1<<h) != 0 {
			p.LocalHist[h]++
		}
	}
	p.Days++
	cfg := &e.cfg
	if p.Days < cfg.HoursMinDays || p.OffN == 0 {
		return
	}
	best, llBest, fit := bestOffset(&p.Hist)
	llClaimed, fitClaimed := hourFit(&p.LocalHist)
	claimedSec := p.OffSum / p.OffN
	claimed := int((claimedSec + 1800*sign(claimedSec)) / 3600)
	llr := llBest - llClaimed
	if circDiff(best, claimed) < cfg.HoursMinShift || llr < cfg.HoursMinLLR || fit < cfg.HoursMinFit || !slices.Contains(cfg.HoursOffsets, best) {
		return
	}
	hist := p.Hist
	days := p.Days
	e.fire(emp, "TEL-WORK-HOURS", "hours", ts, true, func() (string, []bonafide.Evidence, []string) {
		parts := make([]string, 24)
		for i, n := range hist {
			parts[i] = strconv.FormatUint(uint64(n), 10)
		}
		return fmt.Sprintf("Activity hours fit UTC%+d, not the claimed %s (UTC%+d)", best, emp.TimeZone, claimed), []bonafide.Evidence{
			{Field: "activity.hour_histogram_utc", Value: strings.Join(parts, ","), Note: fmt.Sprintf("active hour-slots per UTC hour 00..23 over %d days", days)},
			{Field: "activity.best_utc_offset", Value: fmt.Sprintf("%+d", best), Note: fmt.Sprintf("%.0f%% of activity inside 09–18 local at this offset", 100*fit)},
			{Field: "hr.time_zone", Value: emp.TimeZone, Note: fmt.Sprintf("claimed offset UTC%+d; %.0f%% of activity inside 09–18 there", claimed, 100*fitClaimed)},
			{Field: "hr.utc_offset", Value: fmt.Sprintf("%+d", claimed), Note: "the claimed time zone's mean UTC offset over the active days (daylight saving applied per date)"},
			{Field: "activity.log_likelihood_ratio", Value: strconv.FormatFloat(llr, 'f', 1, 64), Note: "best offset vs claimed time zone, natural log"},
		}, nil
	})
}

// days formats a duration in whole days ("7 days") or, below a day, as time.Duration does.
func days(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
	return d.String()
}

func sign(x int64) int64 {
	if x < 0 {
		return -1
	}
	return 1
}

// endpoint runs the endpoint detections: RMM tools, USB devices, and Sigma rules.
func (e *Engine) endpoint(ev *bonafide.Event, emp *hr.Employee, hostKey string) {
	allowedRMM, catalogued := false, false
	if c := e.cfg.RMM; c != nil {
		var tool rmm.Tool
		var ok bool
		var field, value string
		switch ev.Category {
		case bonafide.CategoryProcess:
			if ev.ProcessName != "" || ev.ProcessPath != "" {
				tool, ok = c.MatchProcess(ev.ProcessName, ev.ProcessPath)
				field, value = "process.executable", ev.ProcessPath
				if value == "" {
					field, value = "process.name", ev.ProcessName
				}
			}
		case bonafide.CategoryPackage:
			if ev.PackageName != "" {
				tool, ok = c.MatchPackage(ev.PackageName)
				field, value = "package.name", ev.PackageName
			}
		}
		if !ok && ev.DestinationDomain != "" {
			tool, ok = c.MatchDomain(ev.DestinationDomain)
			field, value = "destination.domain", ev.DestinationDomain
		}
		if ok {
			catalogued = true
			if tool.Allowed {
				allowedRMM = true
			} else {
				e.rmmHit(ev, emp, hostKey, tool, field, value)
			}
		}
	}
	deviceSig := "" // the device signal this event already raised, so a rule adds no second count
	if ev.Category == bonafide.CategoryDevice && (ev.DeviceVendorID != "" || ev.DeviceVendor != "" || ev.DeviceModel != "") {
		cl := usbid.Classify(ev.DeviceVendorID, ev.DeviceProductID, ev.DeviceVendor, ev.DeviceModel, ev.DeviceSerial)
		switch {
		case cl.Kind == usbid.KindIPKVM && cl.Strong:
			e.deviceHit(ev, emp, hostKey, "", "TEL-IPKVM", cl.Name, cl.Evidence)
			deviceSig = "TEL-IPKVM"
		case cl.Kind == usbid.KindJiggler:
			e.deviceHit(ev, emp, hostKey, "", "TEL-JIGGLER", cl.Name, cl.Evidence)
			deviceSig = "TEL-JIGGLER"
		}
	}
	if e.cfg.Rules != nil {
		e.hits = e.hits[:0]
		e.cfg.Rules.Match(ev, e.onHit)
		for _, r := range e.hits {
			switch r.Signal {
			case "TEL-RMM":
				// The catalogue already named this event's tool (one finding per tool): a rule
				// matching the same event adds nothing but a second card.
				if !allowedRMM && !catalogued {
					e.ruleHit(ev, emp, hostKey, r)
				}
			case "TEL-IPKVM", "TEL-JIGGLER":
				if hostKey == "" || r.Signal != deviceSig {
					e.deviceHit(ev, emp, hostKey, r.ID, r.Signal, r.Title, "Sigma rule "+r.ID+" ("+r.File+")")
					deviceSig = r.Signal
				}
			}
		}
	}
}

// asLabel is " (AS<n> <org>)" for an address with a known ASN, "" otherwise.
func asLabel(asn uint32, org string) string {
	if asn == 0 {
		return ""
	}
	return strings.TrimRight(fmt.Sprintf(" (AS%d %s", asn, org), " ") + ")"
}

func hostLabel(k string) string {
	if k == "" {
		return "(unknown host)"
	}
	return k
}

func (e *Engine) rmmHit(ev *bonafide.Event, emp *hr.Employee, hostKey string, tool rmm.Tool, field, value string) {
	e.fire(emp, "TEL-RMM", strings.ToLower(tool.Name), ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		return fmt.Sprintf("Remote-access tool %s on %s (not on the allow-list)", tool.Name, hostLabel(hostKey)), []bonafide.Evidence{
			{Field: field, Value: value, Note: fmt.Sprintf("%s (%s, %s catalogue, matched by %s) on %s", tool.Name, tool.Category, tool.Source, tool.By, hostLabel(hostKey))},
		}, nil
	})
	if hostKey == "" {
		return
	}
	h := e.st.Hosts[hostKey]
	if h == nil {
		h = &host{Person: emp.ID}
		e.st.Hosts[hostKey] = h
	}
	for _, t := range h.Tools {
		if t == tool.Name {
			return
		}
	}
	if len(h.Tools) >= maxHostTools {
		return
	}
	h.Tools = append(h.Tools, tool.Name)
	if len(h.Tools) < 2 {
		return
	}
	tools := append([]string(nil), h.Tools...)
	sort.Strings(tools)
	e.fire(emp, "TEL-RMM-MULTI", hostKey, ev.Timestamp, true, func() (string, []bonafide.Evidence, []string) {
		return fmt.Sprintf("%d remote-access tools on %s: %s", len(tools), hostKey, strings.Join(tools, ", ")), []bonafide.Evidence{
			{Field: "host.name", Value: hostKey, Note: "host running several RMM vendors"},
			{Field: "rmm.tools", Value: strings.Join(tools, ","), Note: "latest added " + tool.Name + " at " + fmtTime(ev.Timestamp)},
		}, nil
	})
}

func (e *Engine) ruleHit(ev *bonafide.Event, emp *hr.Employee, hostKey string, r *sigma.Rule) {
	e.fire(emp, "TEL-RMM", "rule:"+r.ID, ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		return fmt.Sprintf("Sigma rule %q matched on %s", r.Title, hostLabel(hostKey)), []bonafide.Evidence{
			{Field: "rule.id", Value: r.ID, Note: r.Title + " (" + r.File + ")"},
			{Field: "event.dataset", Value: ev.Dataset, Note: firstNonEmpty(ev.ProcessPath, ev.ProcessName, ev.PackageName, ev.DestinationDomain)},
		}, nil
	})
}

func (e *Engine) deviceHit(ev *bonafide.Event, emp *hr.Employee, hostKey, ruleID, sig, name, why string) {
	key := hostKey
	switch {
	case key != "":
	case ruleID != "":
		key = "rule:" + ruleID
	default:
		key = "device:" + ev.DeviceVendorID + ":" + ev.DeviceProductID
	}
	e.fire(emp, sig, key, ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		what := "IP-KVM"
		if sig == "TEL-JIGGLER" {
			what = "mouse jiggler"
		}
		var first bonafide.Evidence
		switch {
		case ev.DeviceVendorID != "" || ev.DeviceVendor != "" || ev.DeviceModel != "":
			names := strings.TrimSpace(ev.DeviceVendor + " " + ev.DeviceModel)
			if e.cfg.USB != nil && names == "" {
				if v, err := usbid.ParseID(ev.DeviceVendorID); err == nil {
					p, _ := usbid.ParseID(ev.DeviceProductID)
					vn, pn := e.cfg.USB.Names(v, p)
					names = strings.TrimSpace(vn + " " + pn)
				}
			}
			first = bonafide.Evidence{Field: "device.vendor_id", Value: ev.DeviceVendorID + ":" + ev.DeviceProductID, Note: names}
		case ev.ProcessName != "" || ev.ProcessPath != "":
			first = bonafide.Evidence{Field: "process.executable", Value: firstNonEmpty(ev.ProcessPath, ev.ProcessName), Note: ev.ProcessCommandLine}
		case ev.UserAgent != "":
			first = bonafide.Evidence{Field: "user_agent.original", Value: ev.UserAgent, Note: "host " + hostLabel(ev.HostName)}
		case ev.DestinationDomain != "" || ev.DestinationIP.IsValid():
			first = bonafide.Evidence{Field: "destination.domain", Value: firstNonEmpty(ev.DestinationDomain, ev.DestinationIP.String()), Note: fmt.Sprintf("port %d", ev.DestinationPort)}
		default:
			first = bonafide.Evidence{Field: "host.name", Value: ev.HostName, Note: ev.Dataset}
		}
		summary := fmt.Sprintf("%s (%s) on %s", what, name, hostLabel(hostKey))
		if strings.EqualFold(name, what) {
			summary = fmt.Sprintf("%s on %s", what, hostLabel(hostKey))
		}
		return summary, []bonafide.Evidence{
			first,
			{Field: "detection", Value: name, Note: why},
			{Field: "event.dataset", Value: ev.Dataset, Note: "first seen " + fmtTime(ev.Timestamp)},
		}, nil
	})
}

func (e *Engine) locale(ev *bonafide.Event, emp *hr.Employee, hostKey string) {
	got := localeLang(ev.HostLocale)
	want := localeLang(emp.Locale)
	// English layouts are everywhere (US and US-International are developers' default across
	// Europe), so they never count against another HR locale.
	if got == "" || want == "" || got == want || got == "en" {
		return
	}
	e.fire(emp, "TEL-LOCALE", got, ev.Timestamp, false, func() (string, []bonafide.Evidence, []string) {
		return fmt.Sprintf("Host locale / keyboard %s (%s) differs from the HR locale %s", ev.HostLocale, got, emp.Locale), []bonafide.Evidence{
			{Field: "host.locale", Value: ev.HostLocale, Note: "language " + got + " on " + hostLabel(hostKey)},
			{Field: "hr.locale", Value: emp.Locale, Note: "claimed locale (weak, supporting evidence only)"},
		}, nil
	})
}

// klids maps Windows keyboard layout / locale IDs (the low 16 bits, lower-case hex) to
// languages, for the layouts most often seen.
var klids = map[string]string{
	"0409": "en", "0809": "en", "1009": "en", "0c09": "en", "0407": "de", "0807": "de", "040c": "fr",
	"080c": "fr", "0c0c": "fr", "0410": "it", "0c0a": "es", "040a": "es", "080a": "es", "0416": "pt",
	"0816": "pt", "0413": "nl", "0813": "nl", "0415": "pl", "0419": "ru", "0422": "uk", "0412": "ko",
	"0411": "ja", "0804": "zh", "0404": "zh", "0c04": "zh", "042a": "vi", "041e": "th", "0421": "id",
	"043e": "ms", "0464": "fil", "0439": "hi", "041f": "tr", "0405": "cs", "040e": "hu", "0418": "ro",
	"041d": "sv", "0406": "da", "0414": "nb", "040b": "fi", "0408": "el", "040d": "he", "0401": "ar",
}

// localeLang returns the lower-case language of a BCP 47 / POSIX locale ("de-DE", "ko_KR.UTF-8")
// or of a Windows layout ID ("00000412", "0412"); "" when unknown.
func localeLang(s string) string {
	s = strings.TrimSpace(s)
	if n := len(s); (n == 8 || n == 4) && isHex(s) {
		return klids[strings.ToLower(s[n-4:])]
	}
	if i := strings.IndexAny(s, "-_.@"); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return strings.ToLower(s)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fire records one observation of sig on emp. A new finding takes its text from describe;
// an existing one counts the observation and, when update is set, takes the new text.
// A new finding raised before StartDate + EarlyWindow also raises TEL-EARLY.
func (e *Engine) fire(emp *hr.Employee, sig, key string, ts time.Time, update bool, describe func() (string, []bonafide.Evidence, []string)) {
	k := emp.ID + "\x00" + sig + "\x00" + key
	r := e.st.Recs[k]
	if r != nil {
		r.Count++
		if ts.After(r.Last) {
			r.Last = ts
		}
		if ts.Before(r.First) {
			r.First = ts
		}
		if update {
			r.Summary, r.Evidence, r.Related = describe()
		}
		return
	}
	r = &rec{PersonID: emp.ID, SignalID: sig, Key: key, First: ts, Last: ts, Count: 1}
	r.Summary, r.Evidence, r.Related = describe()
	e.st.Recs[k] = r
	if sig != "TEL-EARLY" && !emp.StartDate.IsZero() && ts.Before(emp.StartDate.Add(e.cfg.EarlyWindow)) {
		n := int(ts.Sub(emp.StartDate).Hours() / 24)
		when := fmt.Sprintf("%d days after the start date", n)
		if n < 0 {
			when = fmt.Sprintf("%d days before the start date", -n)
		}
		e.fire(emp, "TEL-EARLY", sig+":"+key, ts, false, func() (string, []bonafide.Evidence, []string) {
			return fmt.Sprintf("%s raised %s", sig, when), []bonafide.Evidence{
				{Field: "signal", Value: sig, Note: "original finding key " + key},
				{Field: "hr.start_date", Value: emp.StartDate.Format("2006-01-02"), Note: fmt.Sprintf("first raised %s, within %d days of the start", fmtTime(ts), int(e.cfg.EarlyWindow.Hours()/24))},
			}, nil
		})
	}
}

// sweep drops shared-egress addresses not seen within the window, once per day of event time.
func (e *Engine) sweep() {
	st := e.st
	if st.Clock.Before(st.NextSweep) {
		return
	}
	cut := st.Clock.Add(-e.cfg.EgressWindow)
	for ip, s := range st.Egress {
		keep := false
		for _, x := range s.People {
			if !x.Last.Before(cut) {
				keep = true
				break
			}
		}
		if !keep {
			delete(st.Egress, ip)
		}
	}
	st.NextSweep = st.Clock.Add(24 * time.Hour)
}

var severityRank = map[bonafide.Severity]int{bonafide.SeverityInfo: 0, bonafide.SeverityLow: 1, bonafide.SeverityMedium: 2, bonafide.SeverityHigh: 3}
var severities = []bonafide.Severity{bonafide.SeverityInfo, bonafide.SeverityLow, bonafide.SeverityMedium, bonafide.SeverityHigh}

// Findings returns every current finding, one per (PersonID, SignalID, Key), sorted with
// bonafide.SortFindings. Weight, Severity and Sources come from the signal catalogue; each
// finding's evidence ends with first_seen, last_seen and count of its observations.
func (e *Engine) Findings() []bonafide.Finding {
	out := make([]bonafide.Finding, 0, len(e.st.Recs))
	for _, r := range e.st.Recs {
		sig, _ := signals.Lookup(r.SignalID)
		f := bonafide.Finding{
			PersonID: r.PersonID, SignalID: r.SignalID, Severity: sig.Severity, Weight: sig.Weight,
			Summary: r.Summary, Sources: append([]string(nil), sig.Sources...),
			Related: append([]string(nil), r.Related...), Key: r.Key,
		}
		if len(f.Related) == 0 {
			f.Related = nil
		}
		f.Evidence = append(append([]bonafide.Evidence(nil), r.Evidence...),
			bonafide.Evidence{Field: "first_seen", Value: fmtTime(r.First), Note: "first observation"},
			bonafide.Evidence{Field: "last_seen", Value: fmtTime(r.Last), Note: "latest observation"},
			bonafide.Evidence{Field: "count", Value: strconv.Itoa(r.Count), Note: "observations"},
		)
		out = append(out, f)
	}
	bonafide.SortFindings(out)
	return out
}

// Flush ends the input: every employee's day in progress is counted as a completed day for the
// hour-based detections (TEL-WORK-HOURS), as the next day's first event would. Batch ingest
// calls it after the last file, so a day that ends the data is not lost; a stream never does
// (its days end when the next one starts). Events processed after Flush for the same day would
// count that day again.
func (e *Engine) Flush() {
	ids := make([]string, 0, len(e.st.People))
	for id, p := range e.st.People {
		if p.DayMask != 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		emp, ok := e.cfg.HR.ByID(id)
		if !ok {
			continue
		}
		p := e.st.People[id]
		end := time.Unix(int64(p.Day)*86400+86399, 0).UTC()
		e.flushDay(emp, p, end)
		p.DayMask, p.LocalMask = 0, 0
	}
}
