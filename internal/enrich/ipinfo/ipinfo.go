// Package ipinfo answers, for an IP address seen in sign-in or endpoint telemetry, which country
// and autonomous system it belongs to and whether it is a commercial VPN exit, a hosting /
// datacenter address, or the customer's own corporate egress (issue 5, signal TEL-VPN-EXIT;
// sources MAND24, LB25).
//
// Open reads a data folder laid out like the project's reference data:
//
//	ip/ip-location-db-geo-whois-asn-country-mmdb-*.tgz  npm tarball; package/geo-whois-asn-country.mmdb
//	                                                    (IP → ISO country, read with maxminddb-golang)
//	ip/ip-location-db-asn-*.tgz                         npm tarball; package/asn-ipv4.csv, asn-ipv6.csv
//	                                                    (first,last,ASN,organisation)
//	network/x4bnet/output/vpn/ipv4.txt, ipv6.txt        VPN CIDR ranges (X4BNet/lists_vpn)
//	network/x4bnet/output/datacenter/ipv4.txt, ipv6.txt hosting CIDR ranges
//	network/x4bnet/input/vpn/ASN.txt                    VPN ASNs ("AS9009 # comment")
//	network/x4bnet/input/datacenter/ASN.txt             hosting ASNs
//	network/x4bnet/input/vpn/ips/<provider>.txt         per-provider VPN ranges (Mullvad, ProtonVPN, PIA, Apple)
//
// The tarballs are read in place (archive/tar + compress/gzip); nothing is extracted to disk.
// Every file is optional: what is missing is replaced by small embedded defaults (see
// defaults.go) and reported in Status.
//
// All tables are flattened at load into sorted, disjoint ranges keyed by the 128-bit address
// (IPv4 in its IPv4-mapped form) and searched by binary search, so Lookup does not allocate.
//
// Customers add named VPN operators and their own egress ranges with AddRanges, AddASNs or
// ReadList. The list text format is one entry per line:
//
//	# comment
//	203.0.113.0/24<TAB>Astrill exit seen in case 42
//	AS64500<TAB>Example VPN
//
// i.e. a CIDR prefix (or a single address) or "AS" followed by an AS number, a tab (or
// spaces), and a free-text label. Blank lines and lines starting with '#' are ignored.
package ipinfo

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/oschwald/maxminddb-golang/v2"
)

// List kinds accepted by AddRanges, AddASNs and ReadList.
const (
	KindVPN       = "vpn"       // a named VPN operator's exits: VPN=true, VPNProvider=label
	KindHosting   = "hosting"   // hosting / datacenter: Hosting=true
	KindCorporate = "corporate" // the customer's own VPN / egress: Corporate=true, never a finding
)

// Info is what is known about one address. Zero values mean unknown.
type Info struct {
	Country     string // ISO 3166-1 alpha-2, upper case ("US"); "" when unknown
	ASN         uint32 // autonomous system number; 0 when unknown
	ASOrg       string // AS organisation name as the ASN table writes it
	VPN         bool   // a commercial VPN / anonymiser exit (range, ASN, or organisation name)
	Hosting     bool   // hosting / cloud / datacenter address
	VPNProvider string // VPN operator when known ("Mullvad", "Astrill", a user label)
	Corporate   bool   // the customer's own egress (user list); VPN and Hosting are then false
	Named       string // label of the user-supplied list entry that matched, if any
}

// Status tells where each part of the DB came from and what it runs without.
type Status struct {
	Dir           string   // the data folder given to Open
	Country       string   // source file of the country table, or "none"
	ASN           string   // source file of the ASN table, or "none"
	VPN           string   // "x4bnet" or "embedded"
	Hosting       string   // "x4bnet" or "embedded"
	CountryRanges int      // ranges in the country table
	ASNRanges     int      // ranges in the ASN table
	VPNRanges     int      // ranges in the VPN table
	HostingRanges int      // ranges in the hosting table
	Missing       []string // files looked for and not found
	Lacks         []string // full lists the DB runs without, in words
}

type asnEntry struct {
	asn         uint32
	org         string
	orgProvider string // VPN provider recognised from the organisation name
}

type userASN struct {
	kind, label string
}

// DB answers Lookup. Build it with Open; add user lists before sharing it between goroutines
// (Lookup is safe for concurrent use, the Add methods are not).
type DB struct {
	country   table
	countries []string
	asn       table
	asns      []asnEntry

	vpnIvs, hostIvs, corpIvs []interval
	vpn, host, corp          table
	labels                   []string // values of vpn/host/corp tables: index into labels; "" = unnamed
	userLabel                []bool   // labels[i] came from a user list (reported as Named)
	labelIdx                 map[labelKey]uint32

	vpnASN  map[uint32]string
	hostASN map[uint32]string
	userASN map[uint32]userASN
}

const op = "ipinfo.Open"

// Open loads the data folder dir (see the package comment). dir "" loads only the embedded
// defaults. Missing files are not errors; they are listed in Status. A file that exists but
// cannot be read or parsed is an error (*bonafide.InputError for bad content).
func Open(dir string) (*DB, Status, error) {
	db := &DB{vpnASN: map[uint32]string{}, hostASN: map[uint32]string{}, userASN: map[uint32]userASN{}, labels: []string{""}, userLabel: []bool{false}, labelIdx: map[labelKey]uint32{{"", false}: 0}}
	st := Status{Dir: dir, Country: "none", ASN: "none", VPN: "embedded", Hosting: "embedded"}
	missing := func(p string) { st.Missing = append(st.Missing, p) }
	join := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }

	if dir != "" {
		// country
		if tgz := glob(join("ip/ip-location-db-geo-whois-asn-country-mmdb-*.tgz")); tgz != "" {
			if err := db.loadCountry(tgz); err != nil {
				return nil, st, err
			}
			st.Country = tgz
		} else {
			missing(join("ip/ip-location-db-geo-whois-asn-country-mmdb-*.tgz"))
		}
		// ASN
		if tgz := glob(join("ip/ip-location-db-asn-*.tgz")); tgz != "" {
			if err := db.loadASN(tgz); err != nil {
				return nil, st, err
			}
			st.ASN = tgz
		} else {
			missing(join("ip/ip-location-db-asn-*.tgz"))
		}
		// X4BNet
		x := func(p string, fn func(f *os.File, name string) error) (bool, error) {
			f, err := os.Open(join(p))
			if errors.Is(err, os.ErrNotExist) {
				missing(join(p))
				return false, nil
			}
			if err != nil {
				return false, &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
			}
			defer f.Close()
			return true, fn(f, join(p))
		}
		ranges := func(dst *[]interval, label uint32) func(*os.File, string) error {
			return func(f *os.File, name string) error {
				return readPrefixes(f, name, func(p netip.Prefix) {
					s, e := prefixRange(p)
					*dst = append(*dst, interval{s, e, label})
				})
			}
		}
		asnList := func(m map[uint32]string) func(*os.File, string) error {
			return func(f *os.File, name string) error { return readASNList(f, name, m) }
		}
		steps := []struct {
			path string
			fn   func(*os.File, string) error
			src  *string
		}{
			{"network/x4bnet/output/vpn/ipv4.txt", ranges(&db.vpnIvs, 0), &st.VPN},
			{"network/x4bnet/output/vpn/ipv6.txt", ranges(&db.vpnIvs, 0), &st.VPN},
			{"network/x4bnet/input/vpn/ASN.txt", asnList(db.vpnASN), &st.VPN},
			{"network/x4bnet/output/datacenter/ipv4.txt", ranges(&db.hostIvs, 0), &st.Hosting},
			{"network/x4bnet/output/datacenter/ipv6.txt", ranges(&db.hostIvs, 0), &st.Hosting},
			{"network/x4bnet/input/datacenter/ASN.txt", asnList(db.hostASN), &st.Hosting},
		}
		for _, s := range steps {
			ok, err := x(s.path, s.fn)
			if err != nil {
				return nil, st, err
			}
			if ok {
				*s.src = "x4bnet"
			}
		}
		for _, pv := range providerFiles {
			if _, err := x("network/x4bnet/input/vpn/ips/"+pv.file, ranges(&db.vpnIvs, db.label(pv.name, false))); err != nil {
				return nil, st, err
			}
		}
	}
	// Embedded ASN defaults fill in what the lists lack; their curated provider names replace
	// the files' free-text comments.
	for a, l := range defaultVPNASNs {
		db.vpnASN[a] = l
	}
	for a, l := range defaultHostingASNs {
		if _, ok := db.hostASN[a]; !ok {
			db.hostASN[a] = l
		}
	}
	db.rebuild()
	st.CountryRanges, st.ASNRanges, st.VPNRanges, st.HostingRanges = db.country.len(), db.asn.len(), db.vpn.len(), db.host.len()
	if st.Country == "none" {
		st.Lacks = append(st.Lacks, "IP→country database (@ip-location-db/geo-whois-asn-country-mmdb): Country is always empty")
	}
	if st.ASN == "none" {
		st.Lacks = append(st.Lacks, "IP→ASN table (@ip-location-db/asn): ASN/ASOrg empty; embedded VPN/hosting ASN lists and organisation-name patterns cannot apply to bare addresses")
	}
	if st.VPN == "embedded" {
		st.Lacks = append(st.Lacks, "X4BNet VPN ranges and ASN list (~11k IPv4 / ~500 IPv6 ranges, per-provider Mullvad/ProtonVPN/PIA/Apple lists): only embedded VPN ASNs and user lists")
	}
	if st.Hosting == "embedded" {
		st.Lacks = append(st.Lacks, "X4BNet datacenter ranges and ASN list (~43k IPv4 / ~9k IPv6 ranges, ~900 ASNs): only embedded hosting ASNs and user lists")
	}
	return db, st, nil
}

// providerFiles are X4BNet's per-provider VPN range lists and the provider names reported.
var providerFiles = []struct{ file, name string }{
	{"mullvadvpn.txt", "Mullvad"},
	{"protonvpn.txt", "ProtonVPN"},
	{"pia.txt", "PIA"},
	{"apple.txt", "iCloud Private Relay"},
}

func glob(pattern string) string {
	m, _ := filepath.Glob(pattern)
	if len(m) == 0 {
		return ""
	}
	sort.Strings(m)
	return m[len(m)-1] // newest version sorts last
}

func (db *DB) label(s string, user bool) uint32 {
	k := labelKey{s, user}
	if i, ok := db.labelIdx[k]; ok {
		return i
	}
	db.labels = append(db.labels, s)
	db.userLabel = append(db.userLabel, user)
	i := uint32(len(db.labels) - 1)
	db.labelIdx[k] = i
	return i
}

type labelKey struct {
	s    string
	user bool
}

// LoadList reads a user list file (see ReadList) of kind.
func (db *DB) LoadList(path, kind string) error {
	f, err := os.Open(path)
	if err != nil {
		return &bonafide.Error{Kind: bonafide.NotFound, Op: "ipinfo.LoadList", Err: err}
	}
	defer f.Close()
	return db.ReadList(f, path, kind)
}

func (db *DB) rebuild() {
	db.vpn = build(append([]interval(nil), db.vpnIvs...))
	db.host = build(append([]interval(nil), db.hostIvs...))
	db.corp = build(append([]interval(nil), db.corpIvs...))
}

// tarFile calls fn with the contents of each member of the gzip'd tarball path for which want
// returns true, streaming.
func tarFile(path string, want func(name string) bool, fn func(r io.Reader, member string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return &bonafide.InputError{File: path, Msg: "not a gzip tarball", Err: err}
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &bonafide.InputError{File: path, Msg: "bad tar archive", Err: err}
		}
		if h.Typeflag == tar.TypeReg && want(h.Name) {
			if err := fn(tr, path+":"+h.Name); err != nil {
				return err
			}
		}
	}
}

func (db *DB) loadCountry(tgz string) error {
	found := false
	err := tarFile(tgz, func(n string) bool { return filepath.Base(n) == "geo-whois-asn-country.mmdb" }, func(r io.Reader, member string) error {
		found = true
		buf, err := io.ReadAll(r)
		if err != nil {
			return &bonafide.InputError{File: member, Msg: "read failed", Err: err}
		}
		rd, err := maxminddb.OpenBytes(buf)
		if err != nil {
			return &bonafide.InputError{File: member, Msg: "not a MaxMind DB", Err: err}
		}
		defer rd.Close()
		codes := map[string]uint32{}
		byOffset := map[uintptr]uint32{}
		var ivs []interval
		for res := range rd.Networks() {
			if err := res.Err(); err != nil {
				return &bonafide.InputError{File: member, Msg: "corrupt search tree", Err: err}
			}
			idx, ok := byOffset[res.Offset()]
			if !ok {
				var rec struct {
					CountryCode string `maxminddb:"country_code"`
				}
				if err := res.Decode(&rec); err != nil {
					return &bonafide.InputError{File: member, Record: res.Prefix().String(), Field: "country_code", Msg: "cannot decode", Err: err}
				}
				cc := strings.ToUpper(rec.CountryCode)
				if idx, ok = codes[cc]; !ok {
					idx = uint32(len(db.countries))
					db.countries = append(db.countries, cc)
					codes[cc] = idx
				}
				byOffset[res.Offset()] = idx
			}
			p := res.Prefix()
			if !p.IsValid() {
				continue
			}
			s, e := prefixRange(p)
			ivs = append(ivs, interval{s, e, idx})
		}
		db.country = build(ivs)
		return nil
	})
	if err == nil && !found {
		err = &bonafide.InputError{File: tgz, Msg: "no package/geo-whois-asn-country.mmdb inside"}
	}
	return err
}

func (db *DB) loadASN(tgz string) error {
	type ak struct {
		asn uint32
		org string
	}
	index := map[ak]uint32{}
	var ivs []interval
	n := 0
	err := tarFile(tgz, func(name string) bool {
		b := filepath.Base(name)
		return b == "asn-ipv4.csv" || b == "asn-ipv6.csv"
	}, func(r io.Reader, member string) error {
		n++
		return readASNCSV(r, member, func(first, last netip.Addr, asn uint32, org string) {
			k := ak{asn, org}
			idx, ok := index[k]
			if !ok {
				idx = uint32(len(db.asns))
				db.asns = append(db.asns, asnEntry{asn: asn, org: org, orgProvider: matchOrg(org)})
				index[k] = idx
			}
			ivs = append(ivs, interval{key(first), key(last), idx})
		})
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return &bonafide.InputError{File: tgz, Msg: "no package/asn-ipv4.csv or asn-ipv6.csv inside"}
	}
	db.asn = build(ivs)
	return nil
}

// readASNCSV parses the @ip-location-db/asn CSV layout: first,last,asn,organisation (no
// header; organisation quoted when it holds a comma). Errors are *bonafide.InputError naming
// file, line and field.
func readASNCSV(r io.Reader, name string, fn func(first, last netip.Addr, asn uint32, org string)) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 4
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bonafide.CSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		first, err := netip.ParseAddr(rec[0])
		if err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "first", Msg: "not an IP address", Err: err}
		}
		last, err := netip.ParseAddr(rec[1])
		if err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "last", Msg: "not an IP address", Err: err}
		}
		if first.Is4() != last.Is4() || last.Less(first) {
			return &bonafide.InputError{File: name, Line: line, Field: "last", Msg: fmt.Sprintf("range %s-%s is not ordered within one family", first, last)}
		}
		asn, err := strconv.ParseUint(rec[2], 10, 32)
		if err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "asn", Msg: "not an AS number", Err: err}
		}
		fn(first.Unmap(), last.Unmap(), uint32(asn), strings.Clone(rec[3]))
	}
}

// readPrefixes reads one CIDR prefix (or bare address) per line; '#' starts a comment.
func readPrefixes(r io.Reader, name string, fn func(netip.Prefix)) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		p, err := parsePrefix(s)
		if err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "prefix", Msg: fmt.Sprintf("%q is not a CIDR prefix", s)}
		}
		fn(p)
	}
	if err := sc.Err(); err != nil {
		return &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.IndexByte(s, '/') < 0 {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return p, err
	}
	if p.Addr().Zone() != "" {
		return netip.Prefix{}, errors.New("zone not allowed")
	}
	if p.Addr().Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, errors.New("IPv4-mapped prefix shorter than /96")
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// parseASN parses "AS12345" or "as12345" (or a bare number).
func parseASN(s string) (uint32, bool) {
	if len(s) > 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's') {
		s = s[2:]
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

// readASNList reads X4BNet's ASN lists: "AS9009 # M247, GB (NordVPN)". The comment becomes the
// label.
func readASNList(r io.Reader, name string, m map[uint32]string) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		s, comment, _ := strings.Cut(sc.Text(), "#")
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		a, ok := parseASN(s)
		if !ok {
			return &bonafide.InputError{File: name, Line: line, Field: "asn", Msg: fmt.Sprintf("%q is not an AS number", s)}
		}
		m[a] = strings.TrimSpace(comment)
	}
	if err := sc.Err(); err != nil {
		return &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	return nil
}

// matchOrg returns the VPN provider whose name pattern occurs as whole words in org.
func matchOrg(org string) string {
	words := strings.FieldsFunc(strings.ToLower(org), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, p := range vpnOrgPatterns {
	next:
		for i := 0; i+len(p.words) <= len(words); i++ {
			for j, w := range p.words {
				if words[i+j] != w {
					continue next
				}
			}
			return p.provider
		}
	}
	return ""
}

func checkKind(kind string) error {
	switch kind {
	case KindVPN, KindHosting, KindCorporate:
		return nil
	}
	return bonafide.Errorf(bonafide.Invalid, "ipinfo", "unknown list kind %q (want vpn, hosting or corporate)", kind)
}

// AddRanges adds user-supplied prefixes of kind (KindVPN, KindHosting, KindCorporate) with a
// label (reported as Named, and as VPNProvider for KindVPN). More specific prefixes win over
// the files' ranges of the same kind. Not safe concurrently with Lookup.
func (db *DB) AddRanges(kind, label string, prefixes []netip.Prefix) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	l := db.label(label, true)
	dst := db.kindIvs(kind)
	for _, p := range prefixes {
		if !p.IsValid() {
			return bonafide.Errorf(bonafide.Invalid, "ipinfo.AddRanges", "invalid prefix %v", p)
		}
		p, err := parsePrefix(p.String())
		if err != nil {
			return bonafide.Errorf(bonafide.Invalid, "ipinfo.AddRanges", "invalid prefix %v: %v", p, err)
		}
		s, e := prefixRange(p)
		*dst = append(*dst, interval{s, e, l})
	}
	db.rebuild()
	return nil
}

func (db *DB) kindIvs(kind string) *[]interval {
	switch kind {
	case KindVPN:
		return &db.vpnIvs
	case KindHosting:
		return &db.hostIvs
	}
	return &db.corpIvs
}

// AddASNs marks whole autonomous systems as kind with a label (user entries win over the
// built-in ASN lists). Not safe concurrently with Lookup.
func (db *DB) AddASNs(kind, label string, asns ...uint32) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	for _, a := range asns {
		db.userASN[a] = userASN{kind, label}
	}
	return nil
}

// ReadList reads a user list in the package's text format ("CIDR<TAB>label" or
// "AS12345<TAB>label" per line) as entries of kind. name is the file name used in errors
// (*bonafide.InputError with line and field "prefix" or "asn").
func (db *DB) ReadList(r io.Reader, name, kind string) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	type ent struct {
		label string
		p     netip.Prefix
		asn   uint32
		isASN bool
	}
	var ents []ent
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		f, label := s, ""
		if i := strings.IndexAny(s, " \t"); i >= 0 {
			f, label = s[:i], strings.TrimSpace(s[i+1:])
		}
		if len(f) > 2 && strings.EqualFold(f[:2], "as") {
			a, ok := parseASN(f)
			if !ok {
				return &bonafide.InputError{File: name, Line: line, Field: "asn", Msg: fmt.Sprintf("%q is not an AS number", f)}
			}
			ents = append(ents, ent{label: label, asn: a, isASN: true})
			continue
		}
		p, err := parsePrefix(f)
		if err != nil {
			return &bonafide.InputError{File: name, Line: line, Field: "prefix", Msg: fmt.Sprintf("%q is not a CIDR prefix, address or AS number", f)}
		}
		ents = append(ents, ent{label: label, p: p})
	}
	if err := sc.Err(); err != nil {
		return &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	dst := db.kindIvs(kind)
	for _, e := range ents {
		if e.isASN {
			db.userASN[e.asn] = userASN{kind, e.label}
			continue
		}
		s, en := prefixRange(e.p)
		*dst = append(*dst, interval{s, en, db.label(e.label, true)})
	}
	db.rebuild()
	return nil
}

// Lookup returns what the DB knows about a. It does not allocate. An invalid address yields
// the zero Info.
// documentation are the address blocks reserved for examples (RFC 5737, RFC 3849).
var documentation = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
}

func isDocumentation(a netip.Addr) bool {
	for _, p := range documentation {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (db *DB) Lookup(a netip.Addr) Info {
	var in Info
	if !a.IsValid() {
		return in
	}
	a = a.Unmap()
	k := key(a)
	// Private, loopback, link-local and documentation addresses (RFC 1918, 4193, 5737, 3849)
	// are in no country; the public country database places some anyway (whois data). The AS
	// tables and a customer's own lists (corporate egress, named VPNs) still apply to them.
	if v, ok := db.country.find(k); ok && !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !isDocumentation(a) {
		in.Country = db.countries[v]
	}
	var ent *asnEntry
	if v, ok := db.asn.find(k); ok {
		ent = &db.asns[v]
		in.ASN, in.ASOrg = ent.asn, ent.org
	}
	if v, ok := db.corp.find(k); ok {
		in.Corporate, in.Named = true, db.labels[v]
		return in
	}
	if v, ok := db.vpn.find(k); ok {
		in.VPN = true
		in.VPNProvider = db.labels[v]
		if db.userLabel[v] {
			in.Named = db.labels[v]
		}
	}
	if v, ok := db.host.find(k); ok {
		in.Hosting = true
		if db.userLabel[v] && in.Named == "" {
			in.Named = db.labels[v]
		}
	}
	if ent != nil {
		if u, ok := db.userASN[ent.asn]; ok {
			switch u.kind {
			case KindCorporate:
				return Info{Country: in.Country, ASN: in.ASN, ASOrg: in.ASOrg, Corporate: true, Named: u.label}
			case KindVPN:
				in.VPN = true
				if in.VPNProvider == "" {
					in.VPNProvider = u.label
				}
			case KindHosting:
				in.Hosting = true
			}
			if in.Named == "" {
				in.Named = u.label
			}
		}
		if l, ok := db.vpnASN[ent.asn]; ok {
			in.VPN = true
			if in.VPNProvider == "" {
				in.VPNProvider = l
			}
		}
		if ent.orgProvider != "" {
			in.VPN = true
			if in.VPNProvider == "" {
				in.VPNProvider = ent.orgProvider
			}
		}
		if _, ok := db.hostASN[ent.asn]; ok {
			in.Hosting = true
		}
	}
	return in
}
