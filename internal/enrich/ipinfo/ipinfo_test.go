package ipinfo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

var (
	fullOnce sync.Once
	fullDB   *DB
	fullSt   Status
	fullErr  error
)

// openFull opens the shared reference data once per test binary.
func openFull(tb testing.TB) (*DB, Status) {
	tb.Helper()
	dir := shareddata.Path(tb, "ip")
	shareddata.Path(tb, "network/x4bnet/output/vpn/ipv4.txt")
	fullOnce.Do(func() { fullDB, fullSt, fullErr = Open(filepath.Dir(dir)) })
	if fullErr != nil {
		tb.Fatal(fullErr)
	}
	return fullDB, fullSt
}

func TestLookupSharedData(t *testing.T) {
	db, st := openFull(t)
	if len(st.Missing) != 0 || len(st.Lacks) != 0 || st.VPN != "x4bnet" || st.Hosting != "x4bnet" {
		t.Errorf("status = %+v", st)
	}
	if st.CountryRanges < 100000 || st.ASNRanges < 100000 || st.VPNRanges < 1000 || st.HostingRanges < 10000 {
		t.Errorf("tables too small: %+v", st)
	}
	tests := []struct {
		ip   string
		want Info
	}{
		{"8.8.8.8", Info{Country: "US", ASN: 15169, ASOrg: "Google LLC", Hosting: true}},
		{"2001:4860:4860::8888", Info{Country: "US", ASN: 15169, ASOrg: "Google LLC", Hosting: true}},
		{"::ffff:8.8.8.8", Info{Country: "US", ASN: 15169, ASOrg: "Google LLC", Hosting: true}},
		// X4BNet per-provider list input/vpn/ips/mullvadvpn.txt: 23.144.160.67/32
		{"23.144.160.67", Info{Country: "US", ASN: 32727, ASOrg: "SB Professional Services", VPN: true, VPNProvider: "Mullvad"}},
		// Mullvad's own AS39351 (31173 Services AB)
		{"185.65.134.1", Info{Country: "NL", ASN: 39351, ASOrg: "31173 Services AB", VPN: true, Hosting: true, VPNProvider: "Mullvad"}},
		// iCloud Private Relay egress (X4BNet apple.txt 104.28.28.0/26)
		{"104.28.28.1", Info{Country: "AU", ASN: 13335, ASOrg: "Cloudflare, Inc.", VPN: true, Hosting: true, VPNProvider: "iCloud Private Relay"}},
		// whole-word organisation match: "ALLASTRILLA" is not Astrill
		{"160.30.166.5", Info{Country: "PH", ASN: 140323, ASOrg: "ALLASTRILLA ENTERPRISES"}},
		{"3.5.0.1", Info{Country: "US", ASN: 14618, ASOrg: "Amazon.com, Inc.", Hosting: true}},
		{"192.0.2.1", Info{}},
	}
	for _, tt := range tests {
		if got := db.Lookup(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Lookup(%s) = %+v, want %+v", tt.ip, got, tt.want)
		}
	}
}

func TestLookupNoAlloc(t *testing.T) {
	db, _ := openFull(t)
	a := netip.MustParseAddr("23.144.160.67")
	b := netip.MustParseAddr("2001:4860:4860::8888")
	if n := testing.AllocsPerRun(100, func() { db.Lookup(a); db.Lookup(b) }); n != 0 {
		t.Errorf("Lookup allocates %v times", n)
	}
}

// writeTGZ writes a gzip'd tarball with the given members into path.
func writeTGZ(t *testing.T, path string, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// miniDir copies testdata/mini and adds a fictional ASN tarball.
func miniDir(t *testing.T, asnCSV string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/mini")); err != nil {
		t.Fatal(err)
	}
	writeTGZ(t, filepath.Join(dir, "ip", "ip-location-db-asn-1.0.0.tgz"), map[string]string{
		"package/asn-ipv4.csv": asnCSV,
		"package/README.md":    "fixture",
	})
	return dir
}

const miniASN = `198.51.100.0,198.51.100.255,64500,Example VPN Net
203.0.113.0,203.0.113.127,64501,"Example Hosting, Inc."
203.0.113.128,203.0.113.255,64502,Astrill Systems Corp
192.0.2.0,192.0.2.255,64503,Example Corp
`

func TestOpenMini(t *testing.T) {
	db, st, err := Open(miniDir(t, miniASN))
	if err != nil {
		t.Fatal(err)
	}
	if st.Country != "none" || !strings.HasSuffix(st.ASN, "ip-location-db-asn-1.0.0.tgz") || st.VPN != "x4bnet" || st.ASNRanges != 4 {
		t.Errorf("status = %+v", st)
	}
	if len(st.Lacks) != 1 || !strings.Contains(st.Lacks[0], "country") {
		t.Errorf("Lacks = %q", st.Lacks)
	}
	// user lists
	if err := db.ReadList(strings.NewReader("# corporate egress\n192.0.2.0/28\tHQ egress\n"), "corp.txt", KindCorporate); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRanges(KindVPN, "Astrill (case 42)", []netip.Prefix{netip.MustParsePrefix("2001:db8:42::/48")}); err != nil {
		t.Fatal(err)
	}
	vpnList := filepath.Join(t.TempDir(), "vpn.txt")
	if err := os.WriteFile(vpnList, []byte("AS64503  Example VPN reseller\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := db.LoadList(vpnList, KindVPN); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ip   string
		want Info
	}{
		{"198.51.100.7", Info{ASN: 64500, ASOrg: "Example VPN Net", VPN: true, VPNProvider: "Mullvad"}},
		{"198.51.100.8", Info{ASN: 64500, ASOrg: "Example VPN Net", VPN: true, VPNProvider: "Example VPN network"}},
		{"203.0.113.5", Info{ASN: 64501, ASOrg: "Example Hosting, Inc.", Hosting: true}},
		{"203.0.113.200", Info{ASN: 64502, ASOrg: "Astrill Systems Corp", VPN: true, Hosting: true, VPNProvider: "Astrill"}},
		{"192.0.2.1", Info{ASN: 64503, ASOrg: "Example Corp", Corporate: true, Named: "HQ egress"}},
		{"192.0.2.100", Info{ASN: 64503, ASOrg: "Example Corp", VPN: true, VPNProvider: "Example VPN reseller", Named: "Example VPN reseller"}},
		{"2001:db8:42::1", Info{VPN: true, VPNProvider: "Astrill (case 42)", Named: "Astrill (case 42)"}},
		{"2001:db8:100::1", Info{VPN: true}},
		{"2001:db8:200::1", Info{}},
	}
	for _, tt := range tests {
		if got := db.Lookup(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Lookup(%s) = %+v, want %+v", tt.ip, got, tt.want)
		}
	}
}

func TestOpenEmbeddedOnly(t *testing.T) {
	db, st, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	if st.VPN != "embedded" || st.Hosting != "embedded" || len(st.Lacks) != 4 {
		t.Errorf("status = %+v", st)
	}
	if got := db.Lookup(netip.MustParseAddr("8.8.8.8")); got != (Info{}) {
		t.Errorf("embedded Lookup = %+v", got)
	}
	if err := db.AddASNs(KindHosting, "x", 1); err != nil {
		t.Error(err)
	}
	if err := db.AddRanges("bogus", "x", nil); bonafide.KindOf(err) != bonafide.Invalid {
		t.Errorf("AddRanges(bogus) err = %v", err)
	}
	if db.hostASN[24940] != "Hetzner" || db.vpnASN[209854] != "Surfshark" {
		t.Error("embedded ASN defaults missing")
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, in, kind string
		want           string
	}{
		{"vpn.txt", "# ok\n203.0.113.0/24\tx\n203.0.113.0/33\tbad\n", KindVPN, `vpn.txt:3 field "prefix": "203.0.113.0/33" is not a CIDR prefix`},
		{"asn.txt", "ASX1\tbad\n", KindHosting, `asn.txt:1 field "asn": "ASX1" is not an AS number`},
	}
	db, _, _ := Open("")
	for _, tt := range tests {
		err := db.ReadList(strings.NewReader(tt.in), tt.name, tt.kind)
		var ie *bonafide.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadList(%s) err = %v, want %q", tt.name, err, tt.want)
		}
	}
	// bad ASN CSV in a tarball
	_, _, err := Open(miniDir(t, "198.51.100.0,198.51.100.255,64500,ok\n198.51.100.0,nope,1,x\n"))
	if err == nil || !strings.Contains(err.Error(), `asn-ipv4.csv:2 field "last": not an IP address`) {
		t.Errorf("bad CSV err = %v", err)
	}
	_, _, err = Open(miniDir(t, "198.51.100.0,198.51.100.255,AS1,x\n"))
	if err == nil || !strings.Contains(err.Error(), `asn-ipv4.csv:1 field "asn"`) {
		t.Errorf("bad asn err = %v", err)
	}
}

func TestBuildFlatten(t *testing.T) {
	k := func(s string) u128 { return key(netip.MustParseAddr(s)) }
	p := func(s string, v uint32) interval {
		a, b := prefixRange(netip.MustParsePrefix(s))
		return interval{a, b, v}
	}
	tb := build([]interval{p("10.0.0.0/8", 1), p("10.1.0.0/16", 2), p("10.1.2.0/24", 3), p("10.2.0.0/16", 1), p("::/0", 9)})
	tests := []struct {
		ip   string
		want uint32
	}{
		{"10.0.0.1", 1}, {"10.1.0.1", 2}, {"10.1.2.3", 3}, {"10.1.3.0", 2}, {"10.255.255.255", 1},
		{"10.2.0.5", 1}, {"11.0.0.0", 9}, {"::1", 9}, {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 9},
	}
	for _, tt := range tests {
		if v, ok := tb.find(k(tt.ip)); !ok || v != tt.want {
			t.Errorf("find(%s) = %d,%v want %d", tt.ip, v, ok, tt.want)
		}
	}
	s, e := prefixRange(netip.MustParsePrefix("2001:db8::/64"))
	if s != k("2001:db8::") || e != k("2001:db8::ffff:ffff:ffff:ffff") {
		t.Errorf("prefixRange /64 = %v %v", s, e)
	}
	s, e = prefixRange(netip.MustParsePrefix("2001:db8::/33"))
	if e != k("2001:db8:7fff:ffff:ffff:ffff:ffff:ffff") || s != k("2001:db8::") {
		t.Errorf("prefixRange /33 = %v %v", s, e)
	}
}

func FuzzReadList(f *testing.F) {
	f.Add("203.0.113.0/24\tAstrill\nAS64500\tx\n# c\n\n2001:db8::/32 y\n")
	f.Add("::ffff:1.2.3.4/120\tz\n1.2.3.4\n")
	f.Fuzz(func(t *testing.T, s string) {
		db, _, _ := Open("")
		err := db.ReadList(strings.NewReader(s), "f.txt", KindVPN)
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "f.txt" || ie.Line < 1 {
				t.Fatalf("error %v not a located InputError", err)
			}
			return
		}
		for _, iv := range db.vpnIvs {
			if _, ok := db.vpn.find(iv.start); !ok {
				t.Fatalf("start of added range not found")
			}
		}
	})
}

func FuzzReadASNCSV(f *testing.F) {
	f.Add(miniASN)
	f.Add("2001::,2001::ffff,6939,Hurricane Electric LLC\n")
	f.Fuzz(func(t *testing.T, s string) {
		var ivs []interval
		err := readASNCSV(strings.NewReader(s), "a.csv", func(a, b netip.Addr, asn uint32, org string) {
			if b.Less(a) || a.Is4() != b.Is4() {
				t.Fatalf("bad range %v-%v accepted", a, b)
			}
			ivs = append(ivs, interval{key(a), key(b), asn})
		})
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "a.csv" {
				t.Fatalf("error %v not an InputError", err)
			}
			return
		}
		tb := build(ivs)
		for i := 1; i < len(tb.starts); i++ {
			if !tb.ends[i-1].less(tb.starts[i]) {
				t.Fatalf("ranges overlap after build")
			}
		}
		for i := 1; i < len(tb.starts4); i++ {
			if tb.ends4[i-1] >= tb.starts4[i] {
				t.Fatalf("IPv4 ranges overlap after build")
			}
		}
		for _, iv := range ivs {
			if _, ok := tb.find(iv.start); !ok {
				t.Fatalf("start of a range not found")
			}
			if _, ok := tb.find(iv.end); !ok {
				t.Fatalf("end of a range not found")
			}
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	db, _ := openFull(b)
	addrs := make([]netip.Addr, 1024)
	for i := range addrs {
		x := uint32(i) * 2654435761
		if i%4 == 3 {
			addrs[i] = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, byte(x), byte(x >> 8), byte(x >> 16), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
		} else {
			addrs[i] = netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		db.Lookup(addrs[i&1023])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

// TestBuildLargeIndex checks the IPv4 two-level index against a linear scan.
func TestBuildLargeIndex(t *testing.T) {
	var ivs []interval
	x := uint32(12345)
	for i := 0; i < 6000; i++ {
		x = x*1664525 + 1013904223
		a := netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), 0})
		bits := 16 + int(x%9) // /16 … /24, nested and disjoint
		s, e := prefixRange(netip.PrefixFrom(a, bits))
		ivs = append(ivs, interval{s, e, uint32(i)})
	}
	tb := build(append([]interval(nil), ivs...))
	if tb.idx4 == nil {
		t.Fatal("no index built")
	}
	for i := 0; i < 20000; i++ {
		x = x*1664525 + 1013904223
		k := key(netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}))
		// naive: the smallest enclosing interval, later-added first among equal sizes
		want, wok := uint32(0), false
		var best u128
		for j := len(ivs) - 1; j >= 0; j-- {
			iv := ivs[j]
			if !k.less(iv.start) && !iv.end.less(k) {
				size := u128{iv.end.hi - iv.start.hi, iv.end.lo - iv.start.lo}
				if !wok || size.less(best) {
					want, wok, best = iv.val, true, size
				}
			}
		}
		got, ok := tb.find(k)
		if ok != wok || got != want {
			t.Fatalf("find(%v) = %d,%v want %d,%v", k, got, ok, want, wok)
		}
	}
}

func FuzzX4BNetLists(f *testing.F) {
	f.Add("2.26.157.0/24\n2001:550:1d05::/48\n# c\n")
	f.Add("AS9009 # M247, GB (NordVPN)\nAS20448 # VPNtranet, LLC.\n")
	f.Fuzz(func(t *testing.T, s string) {
		check := func(err error) {
			if err != nil {
				var ie *bonafide.InputError
				if !errors.As(err, &ie) || ie.File != "x.txt" {
					t.Fatalf("error %v not an InputError", err)
				}
			}
		}
		check(readPrefixes(strings.NewReader(s), "x.txt", func(p netip.Prefix) {
			if !p.IsValid() {
				t.Fatalf("invalid prefix accepted")
			}
		}))
		check(readASNList(strings.NewReader(s), "x.txt", map[uint32]string{}))
	})
}

// TestReservedAddressesHaveNoCountry: documentation and private addresses get no country from
// the real country database, whatever its whois data says.
func TestReservedAddressesHaveNoCountry(t *testing.T) {
	shareddata.Path(t, "ip/ip-location-db-geo-whois-asn-country-mmdb-2.3.2026061719.tgz")
	db, _, err := Open(shareddata.Dir())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"198.51.100.7", "192.0.2.1", "203.0.113.9", "10.1.2.3", "192.168.1.10", "2001:db8::1", "fd00::1"} {
		if c := db.Lookup(netip.MustParseAddr(a)).Country; c != "" {
			t.Errorf("%s placed in %s", a, c)
		}
	}
	if c := db.Lookup(netip.MustParseAddr("8.8.8.8")).Country; c != "US" {
		t.Errorf("8.8.8.8 in %q", c)
	}
}
