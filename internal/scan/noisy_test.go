package scan

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// noisyPopulation is a generated applicant population whose identifiers are raw (Value empty,
// as intake leaves them) with realistic spelling noise, plus its ground truth.
type noisyPopulation struct {
	People []*bonafide.Person
	// Network[i] is the planted persona network of People[i], 0 for none.
	Network []int
	// Edges are the planted connections: persona A and B share a resource of Kind.
	Edges []plantedEdge
}

// plantedEdge is one planted connection inside a network (stars: facilitator and member).
type plantedEdge struct {
	A, B string
	Kind string // edgeNames, "star-shipping" or "star-iban"
}

// A name entry with its spellings (Cyrillic first, then romanisations).
var noisyGiven = [][]string{
	{"Дмитрий", "Dmitriy", "Dmitrij", "Dmitry"}, {"Сергей", "Sergey", "Sergej", "Sergei"},
	{"Андрей", "Andrey", "Andrej", "Andrei"}, {"Алексей", "Aleksey", "Aleksej", "Alexey"},
	{"Юрий", "Yuriy", "Jurij", "Yuri"}, {"Наталья", "Natalya", "Natalja", "Natalia"},
	{"Татьяна", "Tatyana", "Tatjana", "Tatiana"}, {"Михаил", "Mikhail", "Michail", "Mikhail"},
	{"John"}, {"Anna"}, {"Lukas"}, {"Maria"}, {"Jonas"}, {"Sofia"}, {"Oliver"}, {"Emma"},
	{"Noah"}, {"Chloe"}, {"Priya"}, {"Omar"}, {"Lena"}, {"Felix"}, {"Hannah"}, {"Samuel"},
	{"Grace"}, {"Ethan"}, {"Laura"}, {"Miguel"}, {"Jakob"}, {"Clara"}, {"Thomas"}, {"Julia"},
	{"Daniel"}, {"Sara"}, {"Henry"}, {"Ruby"}, {"Kofi"}, {"Aoife"}, {"Wei"}, {"Yuki"},
}

var noisyFamily = [][]string{
	{"Иванов", "Ivanov", "Iwanow", "Ivanov"}, {"Смирнов", "Smirnov", "Smirnow", "Smirnov"},
	{"Кузнецов", "Kuznetsov", "Kusnezow", "Kuznecov"}, {"Попов", "Popov", "Popow", "Popov"},
	{"Соколов", "Sokolov", "Sokolow", "Sokolov"}, {"Волков", "Volkov", "Wolkow", "Volkov"},
	{"Морозов", "Morozov", "Morosow", "Morozov"}, {"Павлов", "Pavlov", "Pawlow", "Pavlov"},
}

// Syllables for Latin family names: most surnames are rare.
var (
	nSylA = []string{"ba", "ber", "cas", "dor", "el", "fal", "gar", "hol", "in", "jas", "kel", "lam", "mor", "nev", "or", "pan", "ros", "sal", "tor", "ven", "wes", "yar", "zol", "bren", "dal", "fen", "gil", "har"}
	nSylB = []string{"a", "e", "i", "o", "u", "ar", "en", "il", "on", "us", "and", "ell", "ing", "orn"}
	nSylC = []string{"berg", "ford", "man", "son", "ski", "vic", "eiro", "ez", "ini", "ley", "ton", "hardt", "ström", "field"}
)

var (
	streetsDEn = []string{"Haupt", "Bahnhof", "Linden", "Garten", "Schiller", "Goethe", "Kirch", "Ring", "Berliner", "Mozart", "Wald", "Feld"}
	citiesDE   = []string{"Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden"}
	streetsGBn = []string{"High", "Station", "Church", "Victoria", "Manor", "Park", "Mill", "King", "Queen", "North"}
	citiesGB   = []string{"London", "Leeds", "Manchester", "Bristol", "Glasgow"}
	areasGB    = []string{"E1", "N4", "SW9", "LS6", "M14", "BS3", "G12", "EH7", "B15", "NW3"}
	employers  = []string{"Nordwind Software", "Bluefin Analytics", "Kestrel Labs", "Orbital Data", "Pinecrest Systems", "Larkspur Digital", "Quantix GmbH", "Harbor Cloud", "Vantage Apps", "Ironleaf Tech", "Silverline IT", "Cobalt Works"}
	techs      = []string{"Go", "Kubernetes", "React", "TypeScript", "PostgreSQL", "Kafka", "Terraform", "Python", "Rust", "GraphQL", "Redis", "AWS", "gRPC", "Java", "Spring", "Node.js"}
	verbs      = []string{"built", "designed", "led", "migrated", "maintained", "optimised", "rewrote", "scaled", "automated", "shipped", "refactored", "launched"}
	objects    = []string{"a payments platform", "the billing service", "an internal dashboard", "a recommendation engine", "the mobile backend", "a data pipeline", "the search cluster", "a CI system", "an identity provider", "a logistics API", "the reporting stack", "a chat service"}
	outcomes   = []string{"cutting latency by %d percent", "serving %d thousand users", "reducing costs by %d percent", "raising test coverage to %d percent", "handling %d million events a day", "saving %d engineer hours a month"}
	intros     = []string{"is a senior software engineer with %d years of experience", "is a full stack developer with %d years in remote teams", "is a backend engineer who has spent %d years on distributed systems", "is a cloud engineer with %d years of hands-on work"}
	hobbies    = []string{"enjoys mentoring junior developers", "contributes to open source on weekends", "writes a blog about system design", "speaks at local meetups", "likes clean code and code review", "has a keen interest in security"}
)

type ngen struct {
	r      *rand.Rand
	serial int
	pop    noisyPopulation
}

func (g *ngen) next() int { g.serial++; return g.serial }

// uniq8 returns 8 digits unique per call (a permutation of a counter).
func (g *ngen) uniq8() string { return fmt.Sprintf("%08d", (g.next()*7919+104729)%100000000) }

type nname struct {
	given, family int // family < 0: syllable surname in tail
	tail          string
}

func (g *ngen) drawName(slavic bool) nname {
	if slavic {
		return nname{given: g.r.IntN(8), family: g.r.IntN(len(noisyFamily))}
	}
	s := nSylA[g.r.IntN(len(nSylA))] + nSylB[g.r.IntN(len(nSylB))] + nSylC[g.r.IntN(len(nSylC))]
	return nname{given: 8 + g.r.IntN(len(noisyGiven)-8), family: -1, tail: strings.ToUpper(s[:1]) + s[1:]}
}

func (n nname) spell(v int) string {
	gv := noisyGiven[n.given]
	if n.family < 0 {
		return gv[0] + " " + n.tail
	}
	fv := noisyFamily[n.family]
	return gv[v%len(gv)] + " " + fv[v%len(fv)]
}

func (n nname) local() string {
	s := strings.ToLower(noisyGiven[n.given][len(noisyGiven[n.given])-1])
	if n.family < 0 {
		return s + strings.ToLower(asciiOnly(n.tail))
	}
	return s + strings.ToLower(noisyFamily[n.family][1])
}

func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (g *ngen) dob() string {
	return fmt.Sprintf("%d-%02d-%02d", 1965+g.r.IntN(40), 1+g.r.IntN(12), 1+g.r.IntN(28))
}

// email is a mailbox; variant renders it with noise (Gmail: dots, +tags, case).
type email struct {
	local, domain string
}

func (g *ngen) newEmail(n nname, gmail bool) email {
	d := "gmail.com"
	if !gmail {
		d = []string{"outlook.com", "gmx.de", "web.de", "proton.me", "yahoo.co.uk"}[g.r.IntN(5)]
	}
	return email{n.local() + fmt.Sprint(g.next()), d}
}

func (g *ngen) renderEmail(e email) string {
	l := e.local
	if e.domain == "gmail.com" {
		if g.r.IntN(2) == 0 { // dots
			var b strings.Builder
			for i, r := range l {
				if i > 0 && g.r.IntN(4) == 0 {
					b.WriteByte('.')
				}
				b.WriteRune(r)
			}
			l = b.String()
		}
		if g.r.IntN(2) == 0 {
			l += "+" + []string{"jobs", "apply", "work", "cv"}[g.r.IntN(4)]
		}
	}
	switch g.r.IntN(3) {
	case 0:
		l = strings.ToUpper(l[:1]) + l[1:]
	case 1:
		l = strings.ToUpper(l)
	}
	return l + "@" + e.domain
}

// phone is a national significant number in a country; rendered in several formats.
type phone struct{ cc, nsn string }

func (g *ngen) newPhone(cc string) phone {
	d := g.uniq8()
	switch cc {
	case "DE":
		return phone{cc, "151" + d}
	}
	if g.r.IntN(2) == 0 {
		return phone{cc, "56" + d}
	}
	return phone{cc, "79" + d}
}

func (g *ngen) renderPhone(p phone) string {
	n := p.nsn
	if p.cc == "DE" {
		switch g.r.IntN(4) {
		case 0:
			return "+49 " + n[:3] + " " + n[3:7] + " " + n[7:]
		case 1:
			return "0" + n[:3] + "-" + n[3:]
		case 2:
			return "0049 " + n
		}
		return "+49" + n
	}
	switch g.r.IntN(4) {
	case 0:
		return "+44 " + n[:2] + " " + n[2:6] + " " + n[6:]
	case 1:
		return "0044 " + n
	case 2:
		return "0" + n[:4] + " " + n[4:]
	}
	return "+44" + n
}

// newIBAN returns a mod-97-valid IBAN, unique per call.
func (g *ngen) newIBAN(cc string) string {
	var bban string
	if cc == "DE" {
		bban = "37040044" + "00" + g.uniq8()
	} else {
		bban = "NWBK" + "60" + fmt.Sprintf("%02d", g.r.IntN(100)) + "00" + g.uniq8()[:8]
		bban = bban[:18]
	}
	m := 0
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			m = (m*100 + int(c-'A') + 10) % 97
		} else {
			m = (m*10 + int(c-'0')) % 97
		}
	}
	return fmt.Sprintf("%s%02d%s", cc, 98-m, bban)
}

func (g *ngen) renderIBAN(s string) string {
	switch g.r.IntN(3) {
	case 0:
		var b strings.Builder
		for i := 0; i < len(s); i += 4 {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[i:min(i+4, len(s))])
		}
		return b.String()
	case 1:
		return strings.ToLower(s)
	}
	return s
}

// address is a postal address; rendered with spelling noise (Straße/Str./STRASSE, commas).
type address struct {
	cc, street, city, postcode string
	num                        int
}

func (g *ngen) newAddress(cc string) address {
	if cc == "DE" {
		return address{cc, streetsDEn[g.r.IntN(len(streetsDEn))], citiesDE[g.r.IntN(len(citiesDE))], fmt.Sprintf("%05d", 10000+g.r.IntN(89999)), 1 + g.r.IntN(200)}
	}
	pc := areasGB[g.r.IntN(len(areasGB))] + fmt.Sprintf(" %d%c%c", g.r.IntN(10), 'A'+g.r.IntN(26), 'A'+g.r.IntN(26))
	return address{cc, streetsGBn[g.r.IntN(len(streetsGBn))], citiesGB[g.r.IntN(len(citiesGB))], pc, 1 + g.r.IntN(200)}
}

func (g *ngen) renderAddress(a address, owner string) string {
	s := g.renderAddressLine(a)
	if a.cc != owner { // an address abroad names its country, as cross-border forms ask
		s += []string{", ", " ", "\n"}[g.r.IntN(3)] + map[string][]string{
			"DE": {"Germany", "Deutschland", "DE"}, "GB": {"United Kingdom", "UK", "GB"}}[a.cc][g.r.IntN(3)]
	}
	return s
}

func (g *ngen) renderAddressLine(a address) string {
	if a.cc == "DE" {
		switch g.r.IntN(4) {
		case 0:
			return fmt.Sprintf("%sstraße %d, %s %s", a.street, a.num, a.postcode, a.city)
		case 1:
			return fmt.Sprintf("%sstr. %d %s %s", a.street, a.num, a.postcode, a.city)
		case 2:
			return strings.ToUpper(fmt.Sprintf("%sstrasse %d, %s %s", a.street, a.num, a.postcode, a.city))
		}
		return fmt.Sprintf("%sstrasse %d, %s, %s", a.street, a.num, a.postcode, a.city)
	}
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d %s Street, %s %s", a.num, a.street, a.city, a.postcode)
	case 1:
		return strings.ToUpper(fmt.Sprintf("%d %s St., %s, %s", a.num, a.street, a.city, a.postcode))
	}
	return fmt.Sprintf("%d %s Street %s %s", a.num, a.street, a.city, a.postcode)
}

// resume is a template of sentences; name and employer are filled in per person.
type resume struct{ sentences []string }

// rare returns a proper name (project, client, product) from a vocabulary of about 90,000, as
// real résumés name their own projects and clients: most such words are rare across résumés.
func (g *ngen) rare() string {
	s := nSylA[g.r.IntN(len(nSylA))] + nSylB[g.r.IntN(len(nSylB))] + nSylA[g.r.IntN(len(nSylA))] + nSylB[g.r.IntN(len(nSylB))]
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *ngen) sentence() string {
	if g.r.IntN(2) == 0 {
		return g.plainSentence()
	}
	return fmt.Sprintf([]string{"The project was called %s and ran for %s.", "Clients included %s and %s.", "Key products: %s, %s."}[g.r.IntN(3)], g.rare(), g.rare())
}

func (g *ngen) plainSentence() string {
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("At EMPLOYER they %s %s in %s and %s, %s.", verbs[g.r.IntN(len(verbs))], objects[g.r.IntN(len(objects))],
			techs[g.r.IntN(len(techs))], techs[g.r.IntN(len(techs))], fmt.Sprintf(outcomes[g.r.IntN(len(outcomes))], 10+g.r.IntN(80)))
	case 1:
		return fmt.Sprintf("Before that they %s %s using %s with a team of %d, %s.", verbs[g.r.IntN(len(verbs))], objects[g.r.IntN(len(objects))],
			techs[g.r.IntN(len(techs))], 3+g.r.IntN(20), fmt.Sprintf(outcomes[g.r.IntN(len(outcomes))], 10+g.r.IntN(80)))
	}
	return fmt.Sprintf("NAME also %s and %s %s on %s for %d months.", hobbies[g.r.IntN(len(hobbies))], verbs[g.r.IntN(len(verbs))],
		objects[g.r.IntN(len(objects))], techs[g.r.IntN(len(techs))], 2+g.r.IntN(30))
}

func (g *ngen) newResume() resume {
	r := resume{[]string{"NAME " + fmt.Sprintf(intros[g.r.IntN(len(intros))], 3+g.r.IntN(15)) + " and currently works at EMPLOYER."}}
	for len(strings.Fields(strings.Join(r.sentences, " "))) < 200 { // a one-page résumé
		r.sentences = append(r.sentences, g.sentence())
	}
	return r
}

// renderResume fills in the name and an employer; edited changes one sentence.
func (g *ngen) renderResume(r resume, name string, edited bool) string {
	s := append([]string(nil), r.sentences...)
	if edited {
		s[1+g.r.IntN(len(s)-1)] = g.sentence()
	}
	t := strings.Join(s, " ")
	t = strings.ReplaceAll(t, "NAME", name)
	return strings.ReplaceAll(t, "EMPLOYER", employers[g.r.IntN(len(employers))])
}

// nperson is a person under construction.
type nperson struct {
	p    *bonafide.Person
	name nname
	cc   string
}

func (g *ngen) add(network int, slavic bool) *nperson {
	cc := "DE"
	if g.r.IntN(5) < 2 {
		cc = "GB"
	}
	n := g.drawName(slavic)
	p := &bonafide.Person{
		ID:      fmt.Sprintf("P-%05d", len(g.pop.People)+1),
		Role:    bonafide.RoleApplicant,
		Name:    n.spell(g.r.IntN(4)),
		Country: []string{cc, strings.ToLower(cc), map[string]string{"DE": "Germany", "GB": "United Kingdom"}[cc]}[g.r.IntN(3)],
	}
	if g.r.IntN(100) < 85 {
		p.BirthDate = g.dob()
	}
	np := &nperson{p: p, name: n, cc: cc}
	g.ident(np, bonafide.KindEmail, bonafide.PurposeContact, g.renderEmail(g.newEmail(n, g.r.IntN(2) == 0)))
	g.ident(np, bonafide.KindPhone, bonafide.PurposeContact, g.renderPhone(g.newPhone(cc)))
	g.ident(np, bonafide.KindAddress, bonafide.PurposeHome, g.renderAddress(g.newAddress(cc), cc))
	g.ident(np, bonafide.KindIP, bonafide.PurposeApplication, fmt.Sprintf("10.%d.%d.%d", g.next()%250, g.serial/250%250, 1+g.serial/62500%250))
	if g.r.IntN(10) < 9 {
		g.ident(np, bonafide.KindDevice, bonafide.PurposeApplication, fmt.Sprintf("fp-%x", g.next()*2654435761))
	}
	if g.r.IntN(10) < 6 {
		g.ident(np, bonafide.KindIBAN, bonafide.PurposePayout, g.renderIBAN(g.newIBAN(cc)))
	}
	if g.r.IntN(2) == 0 {
		p.Documents = map[string]string{"resume": g.renderResume(g.newResume(), p.Name, false)}
	}
	if g.r.IntN(10) < 3 { // a profile photo of their own
		p.Photos = []bonafide.Photo{{Source: fmt.Sprintf("photos/%s.jpg", p.ID), Kind: "profile", PHash: g.r.Uint64() | 1}}
	}
	g.pop.People = append(g.pop.People, p)
	g.pop.Network = append(g.pop.Network, network)
	return np
}

func (g *ngen) ident(np *nperson, k bonafide.IdentifierKind, pur bonafide.Purpose, raw string) {
	np.p.Identifiers = append(np.p.Identifiers, bonafide.Identifier{Kind: k, Purpose: pur, Raw: raw})
}

// Edge kinds that join two personas of one network.
const (
	edgeEmail = iota
	edgePhone
	edgeIBAN
	edgeDevice
	edgeShipping
	edgeResume
	edgePersona // same persona again: transliterated name, same birth date
	edgePhoto   // one stolen or generated face, re-encoded and resized per persona
	nEdgeKinds
)

var edgeNames = [...]string{"email", "phone", "iban", "device", "shipping", "resume", "persona", "photo"}

// join plants one shared resource of kind k between a and b, each with its own noise.
func (g *ngen) join(k int, a, b *nperson, tmpl resume) {
	g.pop.Edges = append(g.pop.Edges, plantedEdge{a.p.ID, b.p.ID, edgeNames[k]})
	switch k {
	case edgeEmail:
		e := g.newEmail(a.name, g.r.IntN(5) > 0)
		g.ident(a, bonafide.KindEmail, bonafide.PurposeContact, g.renderEmail(e))
		g.ident(b, bonafide.KindEmail, bonafide.PurposeContact, g.renderEmail(e))
	case edgePhone:
		ph := g.newPhone(a.cc)
		g.ident(a, bonafide.KindPhone, bonafide.PurposeContact, g.renderPhone(ph))
		g.ident(b, bonafide.KindPhone, bonafide.PurposeContact, g.renderPhone(ph))
		if a.cc != b.cc { // a national spelling needs the owner's country
			b.p.Identifiers[len(b.p.Identifiers)-1].Raw = "+" + map[string]string{"DE": "49", "GB": "44"}[ph.cc] + ph.nsn
		}
	case edgeIBAN:
		s := g.newIBAN(a.cc)
		g.ident(a, bonafide.KindIBAN, bonafide.PurposePayout, g.renderIBAN(s))
		g.ident(b, bonafide.KindIBAN, bonafide.PurposePayout, g.renderIBAN(s))
	case edgeDevice:
		d := fmt.Sprintf("fp-%x", g.next()*2654435761)
		g.ident(a, bonafide.KindDevice, bonafide.PurposeApplication, d)
		g.ident(b, bonafide.KindDevice, bonafide.PurposeApplication, strings.ToUpper(d))
	case edgeShipping:
		ad := g.newAddress(a.cc)
		g.ident(a, bonafide.KindAddress, bonafide.PurposeShipping, g.renderAddress(ad, a.cc))
		g.ident(b, bonafide.KindAddress, bonafide.PurposeShipping, g.renderAddress(ad, b.cc))
	case edgeResume:
		for _, x := range []*nperson{a, b} {
			if x.p.Documents == nil {
				x.p.Documents = map[string]string{}
			}
			x.p.Documents["resume"] = g.renderResume(tmpl, x.p.Name, true)
		}
	case edgePhoto:
		// Re-encoding and resizing move a 64-bit pHash by 0–2 bits (internal/link/photo's
		// TestDistances on real JPEG/PNG copies); each persona's copy gets its own flips.
		base := g.r.Uint64() | 1
		for _, x := range []*nperson{a, b} {
			h := base
			for range g.r.IntN(3) {
				h ^= 1 << (1 + g.r.IntN(63))
			}
			x.p.Photos = append(x.p.Photos, bonafide.Photo{Source: fmt.Sprintf("photos/%s.jpg", x.p.ID), Kind: "profile", PHash: h})
		}
	case edgePersona:
		b.name = a.name
		v := g.r.IntN(4)
		if b.name.spell(v) == a.p.Name {
			v = (v + 1) % 4
		}
		b.p.Name = a.name.spell(v)
		if a.p.BirthDate == "" {
			a.p.BirthDate = g.dob()
		}
		b.p.BirthDate = a.p.BirthDate
	}
}

// network plants one persona network of n people; it returns its size.
func (g *ngen) network(id, n int) int {
	slavic := g.r.IntN(2) == 0
	ms := make([]*nperson, n)
	for i := range ms {
		ms[i] = g.add(id, slavic)
	}
	tmpl := g.newResume()
	kind := func(persona bool) int {
		for {
			k := g.r.IntN(nEdgeKinds)
			if k != edgePersona || (persona && slavic) {
				return k
			}
		}
	}
	switch shape := g.r.IntN(4); {
	case n == 2 || shape == 0: // chain: A–B by phone, B–C by device, …
		for i := 1; i < n; i++ {
			g.join(kind(true), ms[i-1], ms[i], tmpl)
		}
	case shape == 1: // ring
		for i := 1; i < n; i++ {
			g.join(kind(true), ms[i-1], ms[i], tmpl)
		}
		g.join(kind(false), ms[n-1], ms[0], tmpl)
	default: // star around a facilitator's shipping address or payout IBAN
		if shape == 2 {
			ad := g.newAddress(ms[0].cc)
			for _, m := range ms {
				g.ident(m, bonafide.KindAddress, bonafide.PurposeShipping, g.renderAddress(ad, m.cc))
				g.pop.Edges = append(g.pop.Edges, plantedEdge{ms[0].p.ID, m.p.ID, "star-shipping"})
			}
		} else {
			s := g.newIBAN(ms[0].cc)
			for _, m := range ms {
				g.ident(m, bonafide.KindIBAN, bonafide.PurposePayout, g.renderIBAN(s))
				g.pop.Edges = append(g.pop.Edges, plantedEdge{ms[0].p.ID, m.p.ID, "star-iban"})
			}
		}
	}
	return n
}

// generateNoisy returns n applicants: about 5 % in planted persona networks of 2 to 12, the
// rest single applicants, households, siblings, common names in one postcode, 150 people
// shipping to one office and 100 applying from one coworking IP.
func generateNoisy(n int, seed uint64) noisyPopulation {
	g := &ngen{r: rand.New(rand.NewPCG(seed, seed^0x5deece66d))}
	netLeft := n / 20
	nets := 0
	for len(g.pop.People) < n {
		left := n - len(g.pop.People)
		switch u := g.r.Float64(); {
		case netLeft >= 2 && left >= 2 && u < 0.02:
			size := min(2+g.r.IntN(11), netLeft, left)
			if size < 2 {
				continue
			}
			nets++
			netLeft -= g.network(nets, size)
		case left >= 2 && u < 0.035: // household: different names, same home, often the same IP
			g.household(false)
		case left >= 2 && u < 0.045: // siblings: same surname, same home, different phones
			g.household(true)
		case left >= 4 && u < 0.05: // common name in one postcode, different birth dates
			g.commonName(3 + g.r.IntN(3))
		default:
			g.add(0, g.r.IntN(5) == 0)
		}
	}
	// Benign hubs over ordinary applicants: an office shipping address held by 150 and a
	// coworking IP held by 100.
	office := address{"DE", "Friedrich", "Berlin", "10117", 68}
	cowork := "198.51.100.23"
	perm := g.r.Perm(n)
	placed := 0
	for _, i := range perm {
		if g.pop.Network[i] != 0 {
			continue
		}
		p := g.pop.People[i]
		np := &nperson{p: p}
		switch {
		case placed < 150:
			g.ident(np, bonafide.KindAddress, bonafide.PurposeShipping, g.renderAddress(office, homeCountry(p)))
		case placed < 250:
			for j := range p.Identifiers {
				if p.Identifiers[j].Kind == bonafide.KindIP {
					p.Identifiers[j].Raw = []string{cowork, "::ffff:" + cowork}[g.r.IntN(2)]
				}
			}
		default:
		}
		placed++
		if placed >= 250 {
			break
		}
	}
	return g.pop
}

func (g *ngen) sameHome(a, b *nperson) {
	b.cc = a.cc
	for j := range b.p.Identifiers {
		if b.p.Identifiers[j].Kind == bonafide.KindAddress && b.p.Identifiers[j].Purpose == bonafide.PurposeHome {
			b.p.Identifiers[j].Raw = a.p.Identifiers[j].Raw
		}
	}
	b.p.Country = a.p.Country
}

func (g *ngen) household(siblings bool) {
	a, b := g.add(0, false), g.add(0, false)
	g.sameHome(a, b)
	if siblings {
		b.name.family, b.name.tail = a.name.family, a.name.tail
		for b.name.given == a.name.given {
			b.name.given = 8 + g.r.IntN(len(noisyGiven)-8)
		}
		b.p.Name = b.name.spell(0)
	}
	if g.r.IntN(3) > 0 {
		for j := range b.p.Identifiers {
			if b.p.Identifiers[j].Kind == bonafide.KindIP {
				b.p.Identifiers[j].Raw = a.p.Identifiers[3].Raw
			}
		}
	}
}

func (g *ngen) commonName(k int) {
	first := g.add(0, false)
	first.name = nname{given: 8 + g.r.IntN(4), family: -1, tail: []string{"Smith", "Müller", "Schmidt", "Jones"}[g.r.IntN(4)]}
	first.p.Name = first.name.spell(0)
	var home address
	for j := range first.p.Identifiers {
		if first.p.Identifiers[j].Purpose == bonafide.PurposeHome {
			home = g.newAddress(first.cc)
			first.p.Identifiers[j].Raw = g.renderAddress(home, first.cc)
		}
	}
	for i := 1; i < k; i++ {
		x := g.add(0, false)
		x.name, x.cc, x.p.Country, x.p.Name = first.name, first.cc, first.p.Country, first.p.Name
		x.p.BirthDate = g.dob()
		h := g.newAddress(first.cc)
		h.postcode, h.city = home.postcode, home.city
		for j := range x.p.Identifiers {
			if x.p.Identifiers[j].Purpose == bonafide.PurposeHome {
				x.p.Identifiers[j].Raw = g.renderAddress(h, first.cc)
			}
		}
	}
}

// homeCountry is the ISO code behind a generated person's Country spelling.
func homeCountry(p *bonafide.Person) string {
	if strings.EqualFold(p.Country, "DE") || p.Country == "Germany" {
		return "DE"
	}
	return "GB"
}
