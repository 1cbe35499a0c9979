package link

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// GenerateOptions shape a synthetic population (Generate). Zero values mean the defaults.
type GenerateOptions struct {
	N    int    // people
	Seed uint64 // same seed, same population
	// NetworkRate is the share of people who are personas of planted networks (default 0.03).
	NetworkRate float64
	// DuplicateRate is the share of people who apply a second time under another spelling of
	// their name (Cyrillic or Latin, another romanisation, surname first) with the same birth
	// date (default 0.01).
	DuplicateRate float64
	// HouseholdRate is the share of people living with relatives who share their home address,
	// surname and usually their IP (default 0.03).
	HouseholdRate float64
	// HubRate is the share of people whose laptop ships to one of a few company offices, and
	// the share who apply from a coworking IP, each hub held by HubSize people (default 0.01).
	HubRate float64
	HubSize int // default 200
}

// Population is a generated population with its ground truth.
type Population struct {
	People []*bonafide.Person
	// Operator[i] identifies who is behind People[i]: people with the same value are one
	// person applying twice or one operator's personas; everyone else has a value of their own.
	Operator []int32
}

// Generate returns a fictional applicant population with planted persona networks and benign
// coincidences, deterministic for a seed, for tests and benchmarks of entity resolution.
// Identifiers are already canonical (as internal/normalize leaves them; Raw shows a noisy
// spelling where the noise matters: Gmail dots and +tags), so a benchmark measures
// resolution, not normalisation. Each person has about six identifiers: e-mail, phone, home
// address, IP, usually a device and a payout IBAN, often a GitHub profile, sometimes a wallet,
// a shipping address or referees; 85 % give a birth date.
//
// Planted, with the operator in Population.Operator:
//   - persona networks of 2 to 22 people (star, chain and tree shapes) whose personas have
//     different names, birth dates and homes and are joined along a spanning tree by a shared
//     IBAN, device, phone, mailbox (spelt differently), laptop-farm shipping address, profile
//     or fabricated referee, plus extra shared resources;
//   - duplicate applications: the same person again under another spelling of the name
//     ("Дмитрий Иванов" / "Dmitriy Ivanov" / "IVANOV, Dmitrij"), same birth date, new
//     e-mail, sometimes the same phone or device.
//
// Benign, each person their own operator: households (shared home, surname, IP), office
// shipping addresses and coworking IPs held by HubSize people, and common names (a Zipf-like
// draw from the name lists) in the same postcodes.
func Generate(opt GenerateOptions) Population {
	if opt.NetworkRate == 0 {
		opt.NetworkRate = 0.03
	}
	if opt.DuplicateRate == 0 {
		opt.DuplicateRate = 0.01
	}
	if opt.HouseholdRate == 0 {
		opt.HouseholdRate = 0.03
	}
	if opt.HubRate == 0 {
		opt.HubRate = 0.01
	}
	if opt.HubSize <= 0 {
		opt.HubSize = 200
	}
	g := &gen{
		r:   rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		opt: opt,
	}
	g.pop.People = make([]*bonafide.Person, 0, opt.N)
	g.pop.Operator = make([]int32, 0, opt.N)
	g.idents = make([]bonafide.Identifier, 0, opt.N*7)

	nNet := int(float64(opt.N) * opt.NetworkRate)
	nDup := int(float64(opt.N) * opt.DuplicateRate)
	for len(g.pop.People) < opt.N {
		left := opt.N - len(g.pop.People)
		switch u := g.r.Float64(); {
		case nNet > 0 && u < opt.NetworkRate:
			nNet -= g.network(min(left, nNet))
		case nDup > 0 && left >= 2 && u < opt.NetworkRate+opt.DuplicateRate:
			g.duplicate()
			nDup--
		case left >= 2 && u < opt.NetworkRate+opt.DuplicateRate+opt.HouseholdRate/2.5:
			g.household(min(left, 2+g.r.IntN(3)))
		default:
			g.single()
		}
	}
	return g.pop
}

type gen struct {
	r      *rand.Rand
	opt    GenerateOptions
	pop    Population
	nextOp int32
	serial int
	idents []bonafide.Identifier // one backing array for everyone's identifiers
}

// A name with its spellings; a person picks one, a duplicate application another. Every
// spelling of one entry has the same PhoneticKey (tested).
type nameVariants []string

var givenNames = []nameVariants{
	{"Anna"}, {"Lukas"}, {"Maria"}, {"Jonas"}, {"Sofia"}, {"Tiago"}, {"Inês"}, {"João"}, {"Oliver"},
	{"Amelia"}, {"Noah"}, {"Isla"}, {"Leon"}, {"Emma"}, {"Mateo"}, {"Chloe"}, {"Yuki"}, {"Wei"},
	{"Priya"}, {"Arjun"}, {"Fatima"}, {"Omar"}, {"Zeynep"}, {"Emre"}, {"Aoife"}, {"Ciarán"},
	{"Lena"}, {"Felix"}, {"Beatriz"}, {"Rui"}, {"Hannah"}, {"Samuel"}, {"Grace"}, {"Ethan"},
	{"Kofi"}, {"Ama"}, {"Paul"}, {"Laura"}, {"Miguel"}, {"Carla"}, {"Jakob"}, {"Clara"},
	{"Thomas"}, {"Julia"}, {"Daniel"}, {"Sara"}, {"Pedro"}, {"Marta"}, {"Henry"}, {"Ruby"},
	{"Дмитрий", "Dmitriy", "Dmitry", "Dmitrij"},
	{"Сергей", "Sergey", "Sergei", "Sergej"},
	{"Александр", "Aleksandr", "Alexander", "Oleksandr"},
	{"Юрий", "Yuri", "Yuriy", "Jurij"},
	{"Ольга", "Olga"},
	{"Наталья", "Natalya", "Natalia", "Natalja"},
	{"Андрей", "Andrey", "Andrei", "Andrej"},
	{"Михаил", "Mikhail"},
	{"Екатерина", "Yekaterina", "Ekaterina", "Jekaterina"},
	{"Алексей", "Aleksey", "Alexey", "Alexei"},
	{"Татьяна", "Tatyana", "Tatiana", "Tatjana"},
	{"Максим", "Maksim", "Maxim"},
}

var familyNames = []nameVariants{
	{"Müller", "Mueller"}, {"Schmidt"}, {"Schneider"}, {"Fischer"}, {"Weber"}, {"Silva"}, {"Santos"},
	{"Ferreira"}, {"Pereira"}, {"Costa"}, {"Smith"}, {"Jones"}, {"Taylor"}, {"Brown"}, {"Williams"},
	{"Nguyen"}, {"Kim"}, {"Park"}, {"Chen"}, {"Wang"}, {"Patel"}, {"Shah"}, {"Yılmaz"}, {"Kaya"},
	{"Kowalski"}, {"Nowak"}, {"Murphy"}, {"Kelly"}, {"Hoffmann"}, {"Wagner"}, {"Oliveira"},
	{"Rodrigues"}, {"Evans"}, {"Walker"}, {"Mensah"}, {"Boateng"}, {"Novak"}, {"Horvat"}, {"Rossi"},
	{"Bianchi"}, {"Schröder", "Schroeder"}, {"Gonçalves", "Goncalves"}, {"Becker"}, {"Lopes"},
	{"Иванов", "Ivanov", "Iwanow"},
	{"Смирнов", "Smirnov", "Smirnow"},
	{"Кузнецов", "Kuznetsov", "Kusnezow"},
	{"Попов", "Popov", "Popow"},
	{"Соколов", "Sokolov", "Sokolow"},
	{"Шевченко", "Shevchenko", "Schewtschenko"},
	{"Чайковский", "Chaykovskiy", "Tschaikowski"},
	{"Волков", "Volkov", "Wolkow"},
}

// Syllables for the long tail of family names (most people's surname is rare).
var (
	sylA = []string{"ba", "ber", "cas", "dor", "el", "fal", "gar", "hol", "in", "jas", "kel", "lam", "mor", "nev", "or", "pan", "quin", "ros", "sal", "tor", "ul", "ven", "wes", "yar", "zol", "bren", "dal", "fen", "gil", "har"}
	sylB = []string{"a", "e", "i", "o", "u", "ar", "en", "il", "on", "us", "and", "ell", "ing", "orn", "ust"}
	sylC = []string{"berg", "ford", "man", "son", "ski", "vic", "eiro", "ez", "ini", "ova", "ley", "ton", "hardt", "ström", "ides"}
)

type place struct{ cc, postcode, street string }

var (
	streetsDE = []string{"haupt strasse", "leopold strasse", "oster strasse", "berliner strasse", "garten strasse", "schul strasse", "bahnhof strasse", "ring strasse", "linden strasse", "kirch strasse"}
	streetsPT = []string{"rua augusta", "rua santa catarina", "avenue liberdade", "rua flores", "rua ouro", "travessa almada", "largo carmo", "rua prata"}
	streetsGB = []string{"high street", "oxford road", "station road", "church street", "victoria road", "green lane", "manor road", "park avenue"}
)

// postcodeOfN draws a postcode: a few big postcodes hold many people (u² skew).
func (g *gen) postcode() place {
	u := g.r.Float64()
	switch c := g.r.IntN(10); {
	case c < 5:
		n := 10000 + int(u*u*89999)
		return place{"DE", strconv.Itoa(n), streetsDE[g.r.IntN(len(streetsDE))]}
	case c < 8:
		n := 1000 + int(u*u*8999)
		return place{"PT", strconv.Itoa(n) + "-" + pad3(g.r.IntN(1000)), streetsPT[g.r.IntN(len(streetsPT))]}
	default:
		areas := []string{"E", "N", "SW", "M", "B", "LS", "EH", "G"}
		a := areas[int(u*u*float64(len(areas)))]
		return place{"GB", a + strconv.Itoa(1+g.r.IntN(20)) + " " + strconv.Itoa(g.r.IntN(10)) + string(rune('A'+g.r.IntN(26))) + string(rune('A'+g.r.IntN(26))), streetsGB[g.r.IntN(len(streetsGB))]}
	}
}

func pad3(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 3-len(s)) + s
}

func (g *gen) homeAddress() (string, string) {
	p := g.postcode()
	v := p.cc + "|" + p.postcode + "|" + p.street + " " + strconv.Itoa(1+g.r.IntN(300))
	if g.r.IntN(2) == 0 {
		v += " unit " + strconv.Itoa(1+g.r.IntN(40))
	}
	return v, p.cc
}

// pick draws an index with a Zipf-like skew towards the start of a list.
func (g *gen) pick(n int) int {
	u := g.r.Float64()
	return int(u * u * float64(n))
}

type drawnName struct {
	given, family int // indexes; family < 0: a syllable name in famTail
	famTail       string
}

func (g *gen) drawName() drawnName {
	d := drawnName{given: g.pick(len(givenNames)), family: -1}
	if g.r.IntN(2) == 0 {
		d.family = g.pick(len(familyNames))
	} else {
		s := sylA[g.r.IntN(len(sylA))] + sylB[g.r.IntN(len(sylB))] + sylC[g.r.IntN(len(sylC))]
		d.famTail = strings.ToUpper(s[:1]) + s[1:]
	}
	return d
}

// spell writes a drawn name with spelling variant v (0 = the first spelling of each part, so
// Cyrillic for Slavic names; other values pick among the others).
func (d drawnName) spell(v int, surnameFirst bool) string {
	gv := givenNames[d.given]
	given := gv[v%len(gv)]
	family := d.famTail
	if d.family >= 0 {
		fv := familyNames[d.family]
		family = fv[v%len(fv)]
	}
	// A Cyrillic given name goes with a Cyrillic surname and a Latin one with a Latin one.
	if cyr(given) != cyr(family) {
		for i := 0; i < 4; i++ {
			if d.family >= 0 {
				fv := familyNames[d.family]
				family = fv[(v+i)%len(fv)]
			}
			if cyr(given) == cyr(family) {
				break
			}
			given = gv[(v+i+1)%len(gv)]
			if cyr(given) == cyr(family) {
				break
			}
		}
	}
	if surnameFirst {
		return strings.ToUpper(family) + ", " + given
	}
	return given + " " + family
}

func cyr(s string) bool {
	for _, r := range s {
		return r >= 0x400 && r <= 0x4ff
	}
	return false
}

func (g *gen) birthDate() string {
	y := 1965 + g.r.IntN(40)
	m := 1 + g.r.IntN(12)
	d := 1 + g.r.IntN(28)
	return strconv.Itoa(y) + "-" + pad2(m) + "-" + pad2(d)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// unique returns a number unique to this call within the population (a scrambled counter).
func (g *gen) unique() uint64 {
	g.serial++
	return mix64(uint64(g.serial) ^ g.opt.Seed<<20)
}

var mailDomains = []string{"gmail.com", "outlook.com", "gmx.de", "web.de", "sapo.pt", "proton.me", "yahoo.co.uk", "icloud.com"}

func (g *gen) email(local string) string {
	return local + strconv.FormatUint(g.unique()%1e9, 36) + "@" + mailDomains[g.r.IntN(len(mailDomains))]
}

func (g *gen) phone(cc string) string {
	n := g.unique() % 1e8
	switch cc {
	case "DE":
		return "+49151" + pad8(n)
	case "PT":
		return "+3519" + pad8(n)
	}
	return "+447" + pad8(n) + strconv.Itoa(int(n%10))
}

func pad8(n uint64) string {
	s := strconv.FormatUint(n, 10)
	return strings.Repeat("0", 8-len(s)) + s
}

// iban returns a mod-97-valid IBAN unique within the population.
func (g *gen) iban(cc string) string {
	n := g.unique()
	var bban string
	switch cc {
	case "DE":
		bban = pad8(n%1e8) + "00" + pad8((n>>27)%1e8)
	case "PT":
		bban = "0002" + pad8(n%1e8) + pad8((n>>27)%1e8) + "5"
	default:
		bban = "NWBK" + pad8(n % 1e8)[2:] + pad8((n>>27)%1e8)
	}
	return cc + ibanCheck(cc, bban) + bban
}

// ibanCheck computes ISO 13616 check digits: 98 − (BBAN + country + "00") mod 97.
func ibanCheck(cc, bban string) string {
	m := 0
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			m = (m*100 + v) % 97
		} else {
			m = (m*10 + int(c-'0')) % 97
		}
	}
	return pad2(98 - m)
}

func (g *gen) ip() string {
	n := g.unique()
	return "2001:db8:" + strconv.FormatUint(n>>48, 16) + ":" + strconv.FormatUint((n>>32)&0xffff, 16) + "::" + strconv.FormatUint(n&0xffff|1, 16)
}

func (g *gen) device() string { return "fp-" + strconv.FormatUint(g.unique(), 16) }

func (g *gen) wallet() string {
	a, b, c := g.unique(), g.unique(), g.unique()
	s := strconv.FormatUint(a, 16) + strconv.FormatUint(b, 16) + strconv.FormatUint(c, 16)
	for len(s) < 40 {
		s += "0"
	}
	return "ETH:0x" + s[:40]
}

func id(k bonafide.IdentifierKind, p bonafide.Purpose, v string) bonafide.Identifier {
	return bonafide.Identifier{Kind: k, Purpose: p, Raw: v, Value: v}
}

// person builds one ordinary applicant.
type draft struct {
	name  drawnName
	spell int
	cc    string
	home  string
	dob   string
	p     *bonafide.Person
}

func (g *gen) newPerson(op int32, d *draft) *bonafide.Person {
	n := len(g.pop.People)
	p := &bonafide.Person{ID: "P-" + strconv.Itoa(n+1), Role: bonafide.RoleApplicant}
	if d.home == "" {
		d.home, d.cc = g.homeAddress()
	}
	if d.dob == "" && g.r.IntN(100) < 85 {
		d.dob = g.birthDate()
	}
	p.Name = d.name.spell(d.spell, g.r.IntN(10) == 0)
	p.Country = d.cc
	p.BirthDate = d.dob
	start := len(g.idents)
	g.idents = append(g.idents,
		id(bonafide.KindEmail, bonafide.PurposeContact, g.email(strings.ToLower(asciiLocal(p.Name)))),
		id(bonafide.KindPhone, bonafide.PurposeContact, g.phone(d.cc)),
		id(bonafide.KindAddress, bonafide.PurposeHome, d.home),
		id(bonafide.KindIP, bonafide.PurposeApplication, g.ip()),
	)
	if g.r.IntN(10) < 9 {
		g.idents = append(g.idents, id(bonafide.KindDevice, bonafide.PurposeApplication, g.device()))
	}
	if g.r.IntN(10) < 7 {
		g.idents = append(g.idents, id(bonafide.KindIBAN, bonafide.PurposePayout, g.iban(d.cc)))
	}
	if g.r.IntN(10) < 4 {
		g.idents = append(g.idents, id(bonafide.KindURL, bonafide.PurposeProfile, "github:"+strings.ToLower(asciiLocal(p.Name))+strconv.Itoa(n)))
	}
	if g.r.IntN(20) == 0 {
		g.idents = append(g.idents, id(bonafide.KindWallet, bonafide.PurposePayout, g.wallet()))
	}
	if g.r.IntN(10) == 0 {
		g.idents = append(g.idents, id(bonafide.KindAddress, bonafide.PurposeShipping, d.home))
	}
	if g.r.Float64() < g.opt.HubRate {
		g.idents = append(g.idents, id(bonafide.KindAddress, bonafide.PurposeShipping, g.office()))
	}
	if g.r.Float64() < g.opt.HubRate {
		g.idents[start+3] = id(bonafide.KindIP, bonafide.PurposeApplication, g.coworkingIP())
	}
	p.Identifiers = g.idents[start:len(g.idents):len(g.idents)]
	if g.r.IntN(10) < 3 {
		p.References = []bonafide.Reference{{Name: "Referee " + strconv.Itoa(n),
			Identifiers: []bonafide.Identifier{id(bonafide.KindEmail, "", "ref"+strconv.FormatUint(g.unique()%1e9, 36)+"@example-corp.com")}}}
	}
	g.pop.People = append(g.pop.People, p)
	g.pop.Operator = append(g.pop.Operator, op)
	d.p = p
	return p
}

// office returns the shipping address of one of the company offices; each serves HubSize
// people on average.
func (g *gen) office() string {
	hubs := max(1, int(float64(g.opt.N)*g.opt.HubRate)/g.opt.HubSize)
	return "DE|10117|friedrich strasse " + strconv.Itoa(100+g.r.IntN(hubs))
}

func (g *gen) coworkingIP() string {
	hubs := max(1, int(float64(g.opt.N)*g.opt.HubRate)/g.opt.HubSize)
	return "2001:db8:ffff::" + strconv.FormatInt(int64(1+g.r.IntN(hubs)), 16)
}

func asciiLocal(name string) string {
	var b strings.Builder
	for _, t := range latinTokens(name) {
		for i := 0; i < len(t); i++ {
			if c := t[i]; c >= 'a' && c <= 'z' {
				b.WriteByte(c)
			}
		}
		b.WriteByte('.')
	}
	return b.String()
}

func (g *gen) op() int32 {
	g.nextOp++
	return g.nextOp
}

func (g *gen) single() {
	g.newPerson(g.op(), &draft{name: g.drawName(), spell: 1 + g.r.IntN(3)})
}

// household: relatives at one address with one surname and usually one IP.
func (g *gen) household(n int) {
	base := g.drawName()
	home, cc := g.homeAddress()
	ip := g.ip()
	for i := 0; i < n; i++ {
		d := draft{name: base, spell: 1, home: home, cc: cc}
		d.name.given = g.r.IntN(len(givenNames))
		for j := 0; j < 4 && i > 0 && d.name.given == base.given; j++ {
			d.name.given = g.r.IntN(len(givenNames))
		}
		if i > 0 && d.name.given == base.given { // twins with one name do not exist here
			continue
		}
		p := g.newPerson(g.op(), &d)
		if g.r.IntN(10) < 8 {
			setIdent(p, bonafide.KindIP, "", ip)
		}
	}
}

// duplicate: one person applying twice under two spellings of their name.
func (g *gen) duplicate() {
	op := g.op()
	d1 := draft{name: g.drawName(), spell: g.r.IntN(4), dob: g.birthDate()}
	p1 := g.newPerson(op, &d1)
	d2 := draft{name: d1.name, spell: d1.spell + 1 + g.r.IntN(3), dob: d1.dob}
	p2 := g.newPerson(op, &d2)
	if g.r.IntN(2) == 0 {
		setIdent(p2, bonafide.KindPhone, "", identValue(p1, bonafide.KindPhone, ""))
	}
	if g.r.IntN(3) == 0 {
		if v := identValue(p1, bonafide.KindDevice, ""); v != "" {
			setIdent(p2, bonafide.KindDevice, bonafide.PurposeApplication, v)
		}
	}
}

// network plants one operator's personas (at most max); returns how many.
func (g *gen) network(maxN int) int {
	sizes := []int{2, 2, 3, 3, 4, 4, 4, 5, 6, 6, 8, 8, 12, 22}
	n := min(sizes[g.r.IntN(len(sizes))], maxN)
	if n < 2 {
		g.single()
		return 1
	}
	op := g.op()
	shape := g.r.IntN(3) // 0 star, 1 chain, 2 random tree
	farm, _ := g.homeAddress()
	ps := make([]*bonafide.Person, n)
	for i := range ps {
		ps[i] = g.newPerson(op, &draft{name: g.drawName(), spell: g.r.IntN(4)})
	}
	kinds := []bonafide.IdentifierKind{bonafide.KindIBAN, bonafide.KindIBAN, bonafide.KindDevice, bonafide.KindDevice,
		bonafide.KindPhone, bonafide.KindEmail, bonafide.KindAddress, bonafide.KindAddress, bonafide.KindURL, "reference"}
	for i := 1; i < n; i++ {
		parent := 0
		switch shape {
		case 1:
			parent = i - 1
		case 2:
			parent = g.r.IntN(i)
		}
		g.share(ps[parent], ps[i], kinds[g.r.IntN(len(kinds))], farm)
		if g.r.IntN(3) == 0 { // extra shared resource with anyone in the network
			g.share(ps[g.r.IntN(n)], ps[i], kinds[g.r.IntN(len(kinds))], farm)
		}
	}
	return n
}

// share gives b a copy of a's resource of kind k (creating one on a when missing). Addresses
// are the laptop farm's shipping address; "reference" is a fabricated referee both list.
func (g *gen) share(a, b *bonafide.Person, k bonafide.IdentifierKind, farm string) {
	if a == b {
		return
	}
	switch k {
	case bonafide.KindAddress:
		setIdent(a, k, bonafide.PurposeShipping, farm)
		setIdent(b, k, bonafide.PurposeShipping, farm)
	case "reference":
		contact := ""
		if len(a.References) > 0 && len(a.References[0].Identifiers) > 0 {
			contact = a.References[0].Identifiers[0].Value
		} else {
			contact = "cto" + strconv.FormatUint(g.unique()%1e9, 36) + "@gmail.com"
			a.References = append(a.References, bonafide.Reference{Name: "J. Referee", Identifiers: []bonafide.Identifier{id(bonafide.KindEmail, "", contact)}})
		}
		b.References = append(b.References, bonafide.Reference{Name: "John Referee", Identifiers: []bonafide.Identifier{id(bonafide.KindEmail, "", contact)}})
	case bonafide.KindEmail:
		v := identValue(a, k, "")
		setIdent(b, k, bonafide.PurposeContact, v)
		b.Identifiers[0].Raw = gmailNoise(v, g.r)
	default:
		purpose := bonafide.PurposeApplication
		switch k {
		case bonafide.KindIBAN:
			purpose = bonafide.PurposePayout
		case bonafide.KindPhone:
			purpose = bonafide.PurposeContact
		case bonafide.KindURL:
			purpose = bonafide.PurposeProfile
		}
		v := identValue(a, k, "")
		if v == "" {
			switch k {
			case bonafide.KindIBAN:
				v = g.iban(a.Country)
			case bonafide.KindDevice:
				v = g.device()
			case bonafide.KindURL:
				v = "github:" + strconv.FormatUint(g.unique()%1e9, 36)
			}
			setIdent(a, k, purpose, v)
		}
		setIdent(b, k, purpose, v)
	}
}

// gmailNoise spells a mailbox as an applicant might: dots inside the local part and a +tag.
func gmailNoise(v string, r *rand.Rand) string {
	local, dom, ok := strings.Cut(v, "@")
	if !ok || len(local) < 3 {
		return v
	}
	i := 1 + r.IntN(len(local)-1)
	return local[:i] + "." + local[i:] + "+jobs" + "@" + dom
}

func identValue(p *bonafide.Person, k bonafide.IdentifierKind, purpose bonafide.Purpose) string {
	for _, id := range p.Identifiers {
		if id.Kind == k && (purpose == "" || id.Purpose == purpose) {
			return id.Value
		}
	}
	return ""
}

// setIdent sets p's first identifier of kind k (and purpose, when given) to v, or adds one.
func setIdent(p *bonafide.Person, k bonafide.IdentifierKind, purpose bonafide.Purpose, v string) {
	for i := range p.Identifiers {
		if p.Identifiers[i].Kind == k && (purpose == "" || p.Identifiers[i].Purpose == purpose) {
			p.Identifiers[i].Value, p.Identifiers[i].Raw = v, v
			return
		}
	}
	if purpose == "" {
		purpose = bonafide.PurposeContact
	}
	p.Identifiers = append(p.Identifiers, id(k, purpose, v))
}
