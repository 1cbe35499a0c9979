package normalize

import (
	"testing"
	"unicode/utf8"
)

// Each fuzz test asserts that the parser does not panic and, where it holds, that
// normalising a canonical value again gives the same value (idempotence).

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"J.Doe+jobs@GoogleMail.com", "jürgen@müller.de", "a@b", "<x@y.org>", "mailto:a+b@outlook.com",
		"\"q\"@x.com", "a..b@x.com", "İ@x.com", "x@[1.2.3.4]", "x@1.2.3.4", "ǅ@x.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, d, err := Email(raw)
		if err != nil {
			return
		}
		c2, d2, err := Email(c)
		if err != nil || c2 != c || d2 != d {
			t.Fatalf("Email(%q) = %q, %q; again = %q, %q, %v", raw, c, d, c2, d2, err)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"+49 151 12345678", "030 1234567", "0044 20 7946 0958", "+44 56 0123 4567", "tel:+1-202-555-0143", "+800 1234 5678", "0"} {
		f.Add(s, "DE")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		p, err := Phone(raw, region)
		if err != nil {
			return
		}
		p2, err := Phone(p.E164, "")
		if err != nil || p2 != p {
			t.Fatalf("Phone(%q, %q) = %+v; again = %+v, %v", raw, region, p, p2, err)
		}
	})
}

func FuzzAddress(f *testing.F) {
	for _, s := range []string{
		"Hauptstraße 5, 10115 Berlin, Germany", "HAUPTSTRASSE 5 10115 BERLIN DE", "R. Augusta, nº 120, 2.º Esq., 1100-053 Lisboa",
		"Flat 2, 10 Downing St, London SW1A 2AA", "1600 Pennsylvania Ave NW, Washington, DC 20500, USA", "P.O. Box 12 Springfield IL 62701",
		"c/o Jane Roe, 12 Oak Rd, Leeds LS1 1AA", "Postfach 10 20 30, 10115 Berlin", "St John's Rd 5 n n 7 a", "5 main n", "DE|10115|haupt strasse 5",
		"10 20 main st flat b c", "queue uee 5", "Damrak 1, 1012 LG Amsterdam",
	} {
		f.Add(s, "")
		f.Add(s, "DE")
	}
	f.Fuzz(func(t *testing.T, raw, country string) {
		a, err := Address(raw, country)
		if err != nil {
			return
		}
		b, err := Address(a.Canonical, "")
		if err != nil || b.Canonical != a.Canonical || b.Country != a.Country || b.Postcode != a.Postcode {
			t.Fatalf("Address(%q, %q) = %+v; again = %+v, %v", raw, country, a, b, err)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"DE89 3704 0044 0532 0130 00", "gb29-nwbk-6016-1331-9268-19", "IBAN: PT50 0002 0123 1234 5678 9015 4", "XX00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, cc, err := IBAN(raw)
		if err != nil {
			return
		}
		v2, cc2, err := IBAN(v)
		if err != nil || v2 != v || cc2 != cc {
			t.Fatalf("IBAN(%q) = %q; again = %q, %v", raw, v, v2, err)
		}
	})
}

func FuzzWallet(f *testing.F) {
	for _, s := range []string{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "XBT:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
		"BC1QW508D6QEJXTDG4C3ZDRNY0ME20Z4KP8FX8N3", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		"ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "USDT:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359@1?value=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ch, c, err := Wallet(raw)
		if err != nil {
			return
		}
		ch2, c2, err := Wallet(c)
		if err != nil || c2 != c || ch2 != ch {
			t.Fatalf("Wallet(%q) = %q; again = %q, %v", raw, c, c2, err)
		}
	})
}

func FuzzProfile(f *testing.F) {
	for _, s := range []string{"https://github.com/Octocat/", "octocat", "@JaneDoe", "https://de.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-123/",
		"www.Example.COM/Blog/", "https://münchen.de/x?y#z", "web:example.com/a", "jane.doe.github.io", "https://x.com/elonmusk"} {
		f.Add(s, "github")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, raw, hint string) {
		v, err := Profile(raw, hint)
		if err != nil {
			return
		}
		v2, err := Profile(v, "")
		if err != nil || v2 != v {
			t.Fatalf("Profile(%q, %q) = %q; again = %q, %v", raw, hint, v, v2, err)
		}
	})
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"José  María O’Neill-Ruiz", "ǅemal", "김정은", "Straße", "½", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Name(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Name(%q) = %q is not valid UTF-8", s, n)
		}
		if n2 := Name(n); n2 != n {
			t.Fatalf("Name(%q) = %q; again = %q", s, n, n2)
		}
	})
}
