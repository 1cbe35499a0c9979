package synth

import (
	"net/netip"
)

// pool is a residential access network of one country: a /20 inside an ISP's consumer
// address space, and a city its subscribers live in (as Entra would geolocate them).
type pool struct {
	prefix  netip.Prefix
	asn     uint32
	country string // ISO 3166-1 alpha-2
	city    string
	state   string
	lat     float64
	lon     float64
}

func p(prefix string, asn uint32, country, city, state string, lat, lon float64) pool {
	return pool{netip.MustParsePrefix(prefix), asn, country, city, state, lat, lon}
}

// homePools are the residential prefixes home addresses are drawn from, by country. Every
// prefix's country, ASN and absence of VPN/hosting flags is checked against the project's IP
// databases by TestAddressesAgainstIPData.
var homePools = map[string][]pool{
	"DE": {
		p("79.192.0.0/20", 3320, "DE", "Berlin", "Berlin", 52.52, 13.405),
		p("91.3.32.0/20", 3320, "DE", "Munich", "Bavaria", 48.137, 11.575),
		p("217.80.0.0/20", 3320, "DE", "Hamburg", "Hamburg", 53.551, 9.994),
	},
	"PT": {
		p("85.241.16.0/20", 3243, "PT", "Lisbon", "Lisboa", 38.722, -9.139),
		p("89.180.64.0/20", 2860, "PT", "Porto", "Porto", 41.158, -8.629),
		p("94.63.0.0/20", 12353, "PT", "Braga", "Braga", 41.545, -8.427),
	},
	"GB": {
		p("86.128.32.0/20", 2856, "GB", "London", "England", 51.507, -0.128),
		p("81.129.0.0/20", 2856, "GB", "Manchester", "England", 53.481, -2.243),
		p("109.150.0.0/20", 2856, "GB", "Bristol", "England", 51.455, -2.588),
	},
	"NL": {
		p("77.161.0.0/20", 1136, "NL", "Amsterdam", "Noord-Holland", 52.368, 4.904),
		p("84.24.0.0/20", 33915, "NL", "Utrecht", "Utrecht", 52.091, 5.122),
	},
	"PL": {
		p("83.4.0.0/20", 5617, "PL", "Warsaw", "Mazowieckie", 52.23, 21.012),
	},
	"ES": {
		p("83.33.0.0/20", 3352, "ES", "Madrid", "Madrid", 40.417, -3.704),
		p("88.8.0.0/20", 3352, "ES", "Barcelona", "Catalonia", 41.385, 2.173),
	},
	"FR": {
		p("90.12.0.0/20", 3215, "FR", "Paris", "Ile-de-France", 48.857, 2.352),
		p("86.200.0.0/20", 3215, "FR", "Lyon", "Auvergne-Rhone-Alpes", 45.764, 4.836),
	},
	"IE": {
		p("86.42.0.0/20", 5466, "IE", "Dublin", "Dublin", 53.35, -6.26),
	},
	"US": {
		p("73.15.0.0/20", 7922, "US", "San Francisco", "California", 37.775, -122.419),
		p("98.33.0.0/20", 7922, "US", "Seattle", "Washington", 47.606, -122.332),
		p("24.8.0.0/20", 7922, "US", "Denver", "Colorado", 39.739, -104.99),
		p("68.44.0.0/20", 7922, "US", "Philadelphia", "Pennsylvania", 39.953, -75.165),
		p("174.51.0.0/20", 7922, "US", "Chicago", "Illinois", 41.878, -87.63),
		p("71.190.0.0/20", 701, "US", "New York", "New York", 40.713, -74.006),
	},
}

// Foreign residential networks used by planted cases.
var (
	poolCN    = p("113.120.0.0/20", 4134, "CN", "Fuzhou", "Fujian", 26.074, 119.296)
	poolCNUni = p("123.112.0.0/20", 4808, "CN", "Beijing", "Beijing", 39.904, 116.407)
	poolRU    = p("95.24.0.0/20", 8402, "RU", "Vladivostok", "Primorsky Krai", 43.115, 131.885)
	poolKR    = p("121.140.0.0/20", 4766, "KR", "Seoul", "Seoul", 37.566, 126.978)
)

// farmPools are the laptop farms' home networks: two in the US, one in GB.
var farmPools = []pool{
	p("73.15.16.0/20", 7922, "US", "Phoenix", "Arizona", 33.448, -112.074),
	p("71.190.16.0/20", 701, "US", "Baltimore", "Maryland", 39.29, -76.612),
	p("62.31.0.0/20", 5089, "GB", "Leicester", "England", 52.637, -1.139),
}

// vpnExits are Mullvad VPN exits (AS39351, 31173 Services AB; X4BNet per-provider list),
// geolocated by Entra to Amsterdam.
var vpnExits = []pool{
	p("185.65.134.0/24", 39351, "NL", "Amsterdam", "Noord-Holland", 52.368, 4.904),
	p("193.32.249.0/24", 39351, "NL", "Amsterdam", "Noord-Holland", 52.368, 4.904),
}

// Corporate VPN egress (documentation ranges; corporate-egress.txt).
var (
	corpEU = p("198.51.100.0/25", 0, "DE", "Frankfurt am Main", "Hesse", 50.11, 8.682)
	corpUS = p("198.51.100.128/25", 0, "US", "Ashburn", "Virginia", 39.044, -77.487)
	corpV6 = netip.MustParsePrefix("2001:db8:c0de::/48")
)

func egressList() []byte {
	return []byte("# Corporate VPN egress (ipinfo user list, kind corporate): CIDR<TAB>label\n" +
		corpEU.prefix.String() + "\tcorporate VPN egress Frankfurt\n" +
		corpUS.prefix.String() + "\tcorporate VPN egress Ashburn\n" +
		corpV6.String() + "\tcorporate VPN egress IPv6\n")
}

// addrIn returns the n-th host address of a /20 or /24 IPv4 prefix (skipping .0 and .255).
func addrIn(pf netip.Prefix, n uint32) netip.Addr {
	size := uint32(1) << (32 - pf.Bits())
	b := pf.Addr().As4()
	base := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	off := n % size
	if off&0xff == 0 {
		off++
	}
	if off&0xff == 0xff {
		off--
	}
	v := base + off
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// countryZones gives each HR country its IANA zones, locale and SMS country code.
var countryZones = map[string]struct {
	zones  []string
	locale string
}{
	"DE": {[]string{"Europe/Berlin"}, "de-DE"},
	"PT": {[]string{"Europe/Lisbon"}, "pt-PT"},
	"GB": {[]string{"Europe/London"}, "en-GB"},
	"NL": {[]string{"Europe/Amsterdam"}, "nl-NL"},
	"PL": {[]string{"Europe/Warsaw"}, "pl-PL"},
	"ES": {[]string{"Europe/Madrid"}, "es-ES"},
	"FR": {[]string{"Europe/Paris"}, "fr-FR"},
	"IE": {[]string{"Europe/Dublin"}, "en-IE"},
	"US": {[]string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}, "en-US"},
}

// countries in HR-assignment order, with weights (per 100 employees).
var countryMix = []struct {
	c string
	w int
}{{"US", 30}, {"DE", 14}, {"GB", 12}, {"NL", 8}, {"PL", 9}, {"ES", 8}, {"FR", 8}, {"PT", 6}, {"IE", 5}}

var firstNames = map[string][]string{
	"DE": {"Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Sophie", "Tobias", "Katrin", "Jürgen", "Sabine"},
	"PT": {"João", "Inês", "Tiago", "Beatriz", "Rui", "Mariana", "Pedro", "Catarina"},
	"GB": {"Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Charlotte", "Thomas", "Grace"},
	"NL": {"Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Bram", "Femke"},
	"PL": {"Jakub", "Zuzanna", "Kacper", "Maja", "Piotr", "Agnieszka", "Michał", "Ewa"},
	"ES": {"Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Carmen", "Javier", "Elena"},
	"FR": {"Louis", "Chloé", "Gabriel", "Léa", "Hugo", "Manon", "Arthur", "Camille"},
	"IE": {"Conor", "Aoife", "Seán", "Niamh", "Cian", "Saoirse", "Darragh", "Ciara"},
	"US": {"James", "Olivia", "Michael", "Emma", "Daniel", "Ava", "Ethan", "Mia", "Noah", "Harper", "Logan", "Abigail", "Kevin", "Megan"},
}

var lastNames = map[string][]string{
	"DE": {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch"},
	"PT": {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins"},
	"GB": {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker"},
	"NL": {"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"},
	"PL": {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"},
	"ES": {"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez"},
	"FR": {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"},
	"IE": {"Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle"},
	"US": {"Johnson", "Miller", "Davis", "Garcia", "Anderson", "Martinez", "Thompson", "Moore", "Clark", "Lewis", "Hall", "Young"},
}
