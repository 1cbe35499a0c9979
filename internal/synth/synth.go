// Package synth generates synthetic, fictional applicant populations in bonafide's CSV intake
// format (docs/intake.md), for benchmarks and scale tests. Output is deterministic for a seed.
//
// Every value is fictional: names are combined from common given and family names, phones are
// drawn from valid national ranges (so they normalise like real ones), IBANs carry correct
// mod-97 check digits, IPs come from the IPv6 documentation range of RFC 3849 (2001:db8::/32). A configurable share
// of applicants belongs to planted persona rings that share a phone, a payout IBAN or a shipping
// address, so detectors have work to do.
package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Options shape a population.
type Options struct {
	N        int     // applicants
	Seed     uint64  // same seed, same output
	RingRate float64 // share of applicants in persona rings (0.02 = 2 %)
	RingSize int     // personas per ring (default 4)
}

var (
	given  = []string{"Anna", "Lukas", "Mia", "Jonas", "Sofia", "Tiago", "Inês", "João", "Oliver", "Amelia", "Noah", "Isla", "Leon", "Emma", "Mateo", "Chloe", "Yuki", "Wei", "Priya", "Arjun", "Fatima", "Omar", "Zeynep", "Emre", "Olga", "Dmytro", "Aoife", "Ciarán", "Lena", "Felix", "Beatriz", "Rui", "Hannah", "Samuel", "Grace", "Ethan", "Ji-woo", "Min-jun", "Kofi", "Ama"}
	family = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Smith", "Jones", "Taylor", "Brown", "Williams", "Nguyen", "Kim", "Park", "Chen", "Wang", "Patel", "Shah", "Yılmaz", "Kaya", "Kowalski", "Nowak", "Murphy", "Kelly", "Hoffmann", "Wagner", "Oliveira", "Rodrigues", "Evans", "Walker", "Mensah", "Boateng", "Novak", "Horvat", "Rossi", "Bianchi"}
	cities = []struct{ country, city, street, postcode string }{
		{"DE", "Berlin", "Hauptstraße", "10115"}, {"DE", "München", "Leopoldstraße", "80802"}, {"DE", "Hamburg", "Osterstraße", "20259"},
		{"PT", "Lisboa", "Rua Augusta", "1100-053"}, {"PT", "Porto", "Rua de Santa Catarina", "4000-447"},
		{"GB", "London", "High Street", "E1 6AN"}, {"GB", "Manchester", "Oxford Road", "M1 5QA"},
	}
	positions = []string{"Senior Backend Developer (Go)", "Full-stack Developer (React/Node)", "WordPress Developer", "Shopify Developer", "Solidity Engineer", "Rust/Solana Developer", "Telegram Bot Developer", "DevOps Engineer"}
	domains   = []string{"gmail.com", "outlook.com", "gmx.de", "web.de", "sapo.pt", "proton.me", "yahoo.co.uk", "icloud.com"}
)

// Header is the applicants CSV header the generator writes.
var Header = []string{"id", "name", "email", "phone", "country", "address", "shipping_address", "iban", "github", "application_ip", "device_id", "applied_at", "position", "resume_text"}

// WriteApplicants writes opt.N applicants as CSV to w.
func WriteApplicants(w io.Writer, opt Options) error {
	if opt.RingSize <= 0 {
		opt.RingSize = 4
	}
	r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	ringEvery := 0
	if opt.RingRate > 0 {
		ringEvery = int(float64(opt.RingSize) / opt.RingRate) // one ring per this many applicants
	}
	var ring ringState
	rec := make([]string, len(Header))
	for i := 0; i < opt.N; i++ {
		c := cities[r.IntN(len(cities))]
		g, f := given[r.IntN(len(given))], family[r.IntN(len(family))]
		// A middle initial spreads 1,600 given/family pairs over 41,600 names, so that a
		// name and postcode are shared by chance about as rarely as in a real applicant pool.
		name := g + " " + string(rune('A'+r.IntN(26))) + ". " + f
		local := strings.ToLower(asciiFold(g) + "." + asciiFold(f) + strconv.Itoa(i))
		phone := phoneFor(r, c.country)
		iban := ibanFor(r, c.country)
		// Flat and house numbers spread homes so that coincidences stay rare (a few per
		// thousand), as in a real applicant pool.
		home := fmt.Sprintf("Flat %d, %s %d, %s %s", 1+r.IntN(999), c.street, 1+r.IntN(400), c.postcode, c.city)
		ship := ""
		if ringEvery > 0 && i%ringEvery < opt.RingSize {
			if i%ringEvery == 0 {
				ring = ringState{phone: phone, iban: iban, ship: fmt.Sprintf("Flat %d, %s %d, %s %s", 1+r.IntN(40), c.street, 1+r.IntN(180), c.postcode, c.city)}
			}
			phone, ship = ring.phone, ring.ship
			if i%2 == 0 {
				iban = ring.iban
			}
		}
		rec[0] = "S-" + strconv.Itoa(i+1)
		rec[1] = name
		rec[2] = local + "@" + domains[r.IntN(len(domains))]
		rec[3] = phone
		rec[4] = c.country
		rec[5] = home
		rec[6] = ship
		rec[7] = iban
		rec[8] = "https://github.com/" + strings.ReplaceAll(local, ".", "-")
		rec[9] = fmt.Sprintf("2001:db8:%x:%x::%x", r.IntN(1<<16), r.IntN(1<<16), 1+r.IntN(1<<16)) // RFC 3849 documentation range
		rec[10] = fmt.Sprintf("fp-%016x", r.Uint64())
		rec[11] = fmt.Sprintf("2026-%02d-%02dT%02d:%02d:00Z", 10+r.IntN(2), 1+r.IntN(28), r.IntN(24), r.IntN(60))
		rec[12] = positions[r.IntN(len(positions))]
		rec[13] = ""
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type ringState struct{ phone, iban, ship string }

// phoneFor returns a mobile number in a valid national range, in international format.
func phoneFor(r *rand.Rand, country string) string {
	switch country {
	case "DE":
		return fmt.Sprintf("+49 15%d %08d", 1+r.IntN(2)*6, r.IntN(100000000)) // 0151, 0157 ranges
	case "PT":
		return fmt.Sprintf("+351 9%d%d %03d %03d", []int{1, 2, 3, 6}[r.IntN(4)], r.IntN(10), r.IntN(1000), r.IntN(1000))
	default:
		return fmt.Sprintf("+44 7%d%02d %06d", 4+r.IntN(6), r.IntN(100), r.IntN(1000000))
	}
}

// ibanFor returns a valid IBAN (correct mod-97 check digits) for DE, PT or GB.
func ibanFor(r *rand.Rand, country string) string {
	var bban string
	switch country {
	case "DE":
		bban = fmt.Sprintf("%08d%010d", 10000000+r.IntN(89999999), r.Int64N(1e10))
	case "PT":
		bban = fmt.Sprintf("0002%04d%011d%02d", r.IntN(10000), r.Int64N(1e11), r.IntN(100))
	default:
		bban = fmt.Sprintf("NWBK%06d%08d", r.IntN(1000000), r.IntN(100000000))
	}
	return country + checkDigits(country, bban) + bban
}

// checkDigits computes the ISO 13616 check digits: 98 - (BBAN+country+"00" as a number mod 97).
func checkDigits(country, bban string) string {
	var b strings.Builder
	for _, ch := range bban + country + "00" {
		if ch >= 'A' && ch <= 'Z' {
			b.WriteString(strconv.Itoa(int(ch-'A') + 10))
		} else {
			b.WriteRune(ch)
		}
	}
	n, _ := new(big.Int).SetString(b.String(), 10)
	m := new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("%02d", 98-m)
}

func asciiFold(s string) string {
	return strings.NewReplacer("ü", "ue", "ö", "oe", "ä", "ae", "ß", "ss", "ê", "e", "é", "e", "ã", "a", "á", "a", "ı", "i", "ğ", "g", "ş", "s", "ç", "c", "í", "i", "ó", "o", "-", "").Replace(s)
}
