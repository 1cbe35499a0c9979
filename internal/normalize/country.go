package normalize

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryTables holds the lookup tables behind Country, built once on first use from the
// CLDR data in golang.org/x/text: ISO 3166-1 alpha-2 and alpha-3 codes, and the country
// names in English, German, Portuguese, French, Spanish, Italian and Dutch, keyed by their
// Name form ("vereinigtes konigreich").
type countryTables struct {
	codes map[string]string // lower-case alpha-2 / alpha-3 → ISO2
	names map[string]string // Name(country name) → ISO2
}

// notCountries are codes x/text accepts as countries that are not current ISO 3166-1
// assignments: exceptionally reserved codes, and codes deleted from ISO 3166-1 (listed in ISO
// 3166-3, e.g. DD East Germany, whose CLDR name is "Germany"); plus "UK", an alias of GB.
// XK (Kosovo, user-assigned) is kept: banks and the IBAN registry use it.
var notCountries = map[string]bool{
	"AC": true, "AN": true, "BU": true, "CP": true, "CQ": true, "CS": true, "CT": true, "DD": true,
	"DG": true, "DY": true, "EA": true, "FQ": true, "FX": true, "HV": true, "IC": true, "JT": true,
	"MI": true, "NH": true, "NQ": true, "NT": true, "PC": true, "PU": true, "PZ": true, "RH": true,
	"SU": true, "TA": true, "TP": true, "UK": true, "VD": true, "WK": true, "YD": true, "YU": true,
	"ZR": true,
}

// countryAliases are names and codes in common use that CLDR's display names do not cover.
var countryAliases = map[string]string{
	"uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
	"wales": "GB", "northern ireland": "GB", "united kingdom of great britain and northern ireland": "GB",
	"grossbritannien": "GB", "gra bretanha": "GB", "inglaterra": "GB", "u k": "GB",
	"usa": "US", "u s": "US", "u s a": "US", "united states of america": "US", "america": "US",
	"eua": "US", "eeuu": "US", "vereinigte staaten von amerika": "US", "estados unidos da america": "US",
	"the netherlands": "NL", "holland": "NL", "paises baixos": "NL", "holanda": "NL", "nederland": "NL", "czech republic": "CZ",
	"republic of korea": "KR", "korea republic of": "KR", "korea": "KR", "korea south": "KR",
	"democratic peoples republic of korea": "KP", "korea democratic peoples republic of": "KP",
	"dprk": "KP", "korea north": "KP", "russian federation": "RU", "viet nam": "VN",
	"turkiye": "TR", "ivory coast": "CI", "cote divoire": "CI", "cape verde": "CV", "cabo verde": "CV",
	"swaziland": "SZ", "eswatini": "SZ", "burma": "MM", "myanmar": "MM",
	"democratic republic of the congo": "CD", "republic of the congo": "CG", "congo": "CG", "vatican": "VA", "vatican city": "VA",
	"holy see": "VA", "palestine": "PS", "state of palestine": "PS", "macau": "MO", "macao": "MO",
	"hong kong": "HK", "uae": "AE", "macedonia": "MK", "north macedonia": "MK",
	"republic of moldova": "MD", "moldova": "MD", "iran islamic republic of": "IR", "syrian arab republic": "SY",
	"lao pdr": "LA", "laos": "LA", "bolivia plurinational state of": "BO", "venezuela bolivarian republic of": "VE",
	"tanzania united republic of": "TZ", "united republic of tanzania": "TZ", "taiwan province of china": "TW",
	"brunei darussalam": "BN", "deutschland": "DE", "federal republic of germany": "DE",
	"brasil": "BR", "espana": "ES", "osterreich": "AT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH",
	"republic of ireland": "IE", "eire": "IE", "congo democratic republic of the": "CD", "dr congo": "CD",
	"drc": "CD", "east timor": "TL", "micronesia": "FM", "st lucia": "LC", "saint lucia": "LC",
}

var countryOnce = sync.OnceValue(buildCountryTables)

func buildCountryTables() *countryTables {
	t := &countryTables{codes: make(map[string]string, 600), names: make(map[string]string, 2500)}
	namers := []interface{ Name(x any) string }{
		display.English.Regions(), display.German.Regions(), display.Portuguese.Regions(),
		display.French.Regions(), display.Spanish.Regions(), display.Italian.Regions(), display.Dutch.Regions(),
	}
	var code [2]byte
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			code[0], code[1] = a, b
			c := string(code[:])
			if notCountries[c] {
				continue
			}
			r, err := language.ParseRegion(c)
			if err != nil || !r.IsCountry() || r.String() != c || r.ISO3() == "ZZZ" {
				continue
			}
			t.codes[strings.ToLower(c)] = c
			t.codes[strings.ToLower(r.ISO3())] = c
			for _, n := range namers {
				dn := n.Name(r)
				variants := [3]string{dn, strings.ReplaceAll(dn, "&", "and"), ""}
				if rest, ok := strings.CutPrefix(dn, "St. "); ok {
					variants[2] = "Saint " + strings.ReplaceAll(rest, "&", "and")
				}
				for _, v := range variants {
					if name := Name(v); name != "" {
						if _, dup := t.names[name]; !dup {
							t.names[name] = c
						}
					}
				}
			}
		}
	}
	for k, v := range countryAliases {
		if len(k) <= 3 && !strings.Contains(k, " ") {
			t.codes[k] = v
		} else {
			t.names[k] = v
		}
	}
	return t
}

// Country maps an ISO 3166-1 alpha-2 or alpha-3 code (any case) or a country name in English,
// German, Portuguese, French, Spanish, Italian or Dutch ("Deutschland", "Alemanha",
// "Reino Unido", "Vereinigtes Königreich", "The Netherlands") to its ISO 3166-1 alpha-2 code in
// upper case. "UK" maps to "GB". ok is false when s is not recognised (iso2 is then "").
// Names are compared in their Name form, so case, diacritics and punctuation do not matter.
func Country(s string) (iso2 string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return "", false
	}
	t := countryOnce()
	if len(s) <= 3 && isASCII(s) {
		if c, ok := t.codes[strings.ToLower(s)]; ok {
			return c, true
		}
	}
	return t.lookupName(Name(s))
}

// lookupName looks up an already folded country name, also without a leading "the".
func (t *countryTables) lookupName(n string) (string, bool) {
	if c, ok := t.names[n]; ok {
		return c, true
	}
	if rest, ok := strings.CutPrefix(n, "the "); ok {
		if c, ok := t.names[rest]; ok {
			return c, true
		}
	}
	return "", false
}

// countryDefault canonicalises a caller's default country: "" stays "", anything Country
// does not recognise becomes "".
func countryDefault(s string) string {
	if s == "" {
		return ""
	}
	if len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z' && s != "UK" {
		return s
	}
	c, _ := Country(s)
	return c
}
