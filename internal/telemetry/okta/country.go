package okta

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryAliases are English country names Okta's geolocation (MaxMind GeoIP2 English names)
// uses that differ from the CLDR English names in golang.org/x/text, keyed lower-case.
var countryAliases = map[string]string{
	"hong kong":                              "HK",
	"macao":                                  "MO",
	"macau":                                  "MO",
	"myanmar":                                "MM",
	"burma":                                  "MM",
	"turkey":                                 "TR",
	"türkiye":                                "TR",
	"czech republic":                         "CZ",
	"ivory coast":                            "CI",
	"cote d'ivoire":                          "CI",
	"côte d'ivoire":                          "CI",
	"republic of korea":                      "KR",
	"korea, republic of":                     "KR",
	"democratic people's republic of korea":  "KP",
	"korea, democratic people's republic of": "KP",
	"dprk":                                   "KP",
	"russian federation":                     "RU",
	"republic of lithuania":                  "LT",
	"republic of moldova":                    "MD",
	"moldova, republic of":                   "MD",
	"iran, islamic republic of":              "IR",
	"viet nam":                               "VN",
	"lao people's democratic republic":       "LA",
	"syrian arab republic":                   "SY",
	"the netherlands":                        "NL",
	"united states of america":               "US",
	"usa":                                    "US",
	"united kingdom of great britain and northern ireland": "GB",
	"great britain":                    "GB",
	"cape verde":                       "CV",
	"swaziland":                        "SZ",
	"east timor":                       "TL",
	"vatican city":                     "VA",
	"congo":                            "CG",
	"republic of the congo":            "CG",
	"dr congo":                         "CD",
	"democratic republic of the congo": "CD",
	"palestine":                        "PS",
	"macedonia":                        "MK",
	"st kitts and nevis":               "KN",
	"st lucia":                         "LC",
	"st vincent and grenadines":        "VC",
	"bosnia and herzegovina":           "BA",
}

var (
	countryOnce  sync.Once
	countryNames map[string]string
)

// CountryCode returns the ISO 3166-1 alpha-2 code for an English country name as Okta's
// geographicalContext.country gives it ("United States" → "US", "North Korea" → "KP"),
// matching case-insensitively against the CLDR English region names of golang.org/x/text
// plus countryAliases. A two-letter code is returned upper-cased as is; an unknown name
// gives "".
func CountryCode(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if len(name) == 2 {
		if strings.EqualFold(name, "UK") {
			return "GB"
		}
		if r, err := language.ParseRegion(name); err == nil && r.IsCountry() {
			return r.String()
		}
	}
	countryOnce.Do(buildCountryNames)
	k := strings.ToLower(name)
	if c, ok := countryAliases[k]; ok {
		return c
	}
	return countryNames[k]
}

func buildCountryNames() {
	countryNames = make(map[string]string, 300)
	namer := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) || r.Canonicalize() != r {
				continue
			}
			// First code wins: CLDR also names the reserved "UK" "United Kingdom".
			if n := strings.ToLower(namer.Name(r)); n != "" && countryNames[n] == "" {
				countryNames[n] = r.String()
			}
		}
	}
}
