package normalize

// Tables behind Address. Tokens are in folded form (lower case, no diacritics, ß→ss).

// pcSpec describes a country's postcode: a digits, or a digits + sep + b digits (sep '-' or
// ' '); contiguous allows the split form written without separator. Special formats (GB, NL,
// CA, IE, US) are handled in code. Sources: Universal Postal Union "Postal addressing
// systems" country sheets.
type pcSpec struct {
	a, b       int
	sep        byte
	contiguous bool
}

var postcodeSpecs = map[string]pcSpec{
	// five digits
	"DE": {a: 5}, "FR": {a: 5}, "IT": {a: 5}, "ES": {a: 5}, "FI": {a: 5}, "EE": {a: 5}, "HR": {a: 5},
	"LT": {a: 5}, "UA": {a: 5}, "MX": {a: 5}, "TR": {a: 5}, "KR": {a: 5}, "MA": {a: 5}, "DZ": {a: 5},
	"EG": {a: 5}, "SA": {a: 5}, "MY": {a: 5}, "TH": {a: 5}, "ID": {a: 5}, "PK": {a: 5}, "RS": {a: 5},
	"ME": {a: 5}, "BA": {a: 5}, "MC": {a: 5}, "SM": {a: 5}, "VA": {a: 5}, "KW": {a: 5}, "JO": {a: 5},
	"CR": {a: 5}, "DO": {a: 5}, "UY": {a: 5}, "IQ": {a: 5}, "LK": {a: 5}, "NP": {a: 5}, "GT": {a: 5},
	"MD": {a: 4}, "TW": {a: 5},
	// four digits
	"AT": {a: 4}, "BE": {a: 4}, "CH": {a: 4}, "DK": {a: 4}, "NO": {a: 4}, "HU": {a: 4}, "LU": {a: 4},
	"LI": {a: 4}, "SI": {a: 4}, "CY": {a: 4}, "AU": {a: 4}, "NZ": {a: 4}, "ZA": {a: 4}, "BG": {a: 4},
	"MK": {a: 4}, "AL": {a: 4}, "AM": {a: 4}, "GE": {a: 4}, "TN": {a: 4}, "PH": {a: 4}, "BD": {a: 4},
	"LV": {a: 4}, "AR": {a: 4}, "PY": {a: 4},
	// six digits
	"RO": {a: 6}, "RU": {a: 6}, "IN": {a: 6}, "CN": {a: 6}, "SG": {a: 6}, "BY": {a: 6}, "KZ": {a: 6},
	"KG": {a: 6}, "TJ": {a: 6}, "UZ": {a: 6}, "VN": {a: 6}, "CO": {a: 6}, "EC": {a: 6}, "NG": {a: 6},
	// split forms
	"PT": {a: 4, b: 3, sep: '-'},
	"PL": {a: 2, b: 3, sep: '-', contiguous: true},
	"BR": {a: 5, b: 3, sep: '-', contiguous: true},
	"JP": {a: 3, b: 4, sep: '-', contiguous: true},
	"SE": {a: 3, b: 2, sep: ' ', contiguous: true},
	"CZ": {a: 3, b: 2, sep: ' ', contiguous: true},
	"SK": {a: 3, b: 2, sep: ' ', contiguous: true},
	"GR": {a: 3, b: 2, sep: ' ', contiguous: true},
	"IL": {a: 7},
	"IS": {a: 3},
}

// cityFirst lists countries whose addresses put the town before the postcode
// ("London SW1A 2AA", "Washington, DC 20500"); elsewhere the postcode precedes the town.
var cityFirst = map[string]bool{
	"GB": true, "US": true, "CA": true, "AU": true, "NZ": true, "IE": true, "BR": true, "IN": true,
	"SG": true, "ZA": true, "JP": false,
}

// germanic are countries where ä/ö/ü are also written ae/oe/ue (Müller = Mueller = Muller).
var germanic = map[string]bool{"DE": true, "AT": true, "CH": true, "LI": true, "LU": true}

// directionalCountries expand street directionals (N → north).
var directionalCountries = map[string]bool{"US": true, "CA": true, "AU": true}

// postalPrefixes are country letters written before a postcode ("D-10115", "L-1234").
var postalPrefixes = map[string]string{
	"d": "DE", "a": "AT", "ch": "CH", "f": "FR", "b": "BE", "i": "IT", "l": "LU", "p": "PT", "e": "ES",
	"s": "SE", "n": "NO", "dk": "DK", "fin": "FI", "sf": "FI", "h": "HU", "nl": "NL", "lt": "LT",
	"lv": "LV", "pl": "PL", "cz": "CZ", "sk": "SK", "gr": "GR", "fl": "LI", "mc": "MC",
}

// usStates are USPS state and territory codes; with default country US a trailing "DE" is
// Delaware, not Germany.
var usStates = map[string]bool{
	"al": true, "ak": true, "az": true, "ar": true, "ca": true, "co": true, "ct": true, "de": true, "fl": true,
	"ga": true, "hi": true, "id": true, "il": true, "in": true, "ia": true, "ks": true, "ky": true, "la": true,
	"me": true, "md": true, "ma": true, "mi": true, "mn": true, "ms": true, "mo": true, "mt": true, "ne": true,
	"nv": true, "nh": true, "nj": true, "nm": true, "ny": true, "nc": true, "nd": true, "oh": true, "ok": true,
	"or": true, "pa": true, "ri": true, "sc": true, "sd": true, "tn": true, "tx": true, "ut": true, "vt": true,
	"va": true, "wa": true, "wv": true, "wi": true, "wy": true, "dc": true, "pr": true, "gu": true, "vi": true,
	"as": true, "mp": true,
}

// stopwords are articles and prepositions dropped from street names, so that
// "Avenida da Liberdade" = "Av. Liberdade" and "Rue de la Paix" = "Rue Paix".
var stopwords = map[string]bool{
	"de": true, "da": true, "do": true, "dos": true, "das": true, "del": true, "della": true, "di": true,
	"du": true, "des": true, "la": true, "le": true, "los": true, "las": true, "the": true, "of": true,
}

// numberMarkers precede a house number ("nº 120", "No. 5", "Nr. 3") and are dropped.
var numberMarkers = map[string]bool{
	"n": true, "no": true, "nr": true, "nro": true, "num": true, "numero": true, "number": true,
	"nummer": true, "hausnummer": true,
}

// unitWords introduce a flat, apartment, suite or room; they become "unit" and move, with
// their value, to the end of the canonical tokens ("Flat 2, 10 Downing St" = "10 Downing St,
// Flat 2"). Floors are not units: "2º Esq" stays in place.
var unitWords = map[string]bool{
	"flat": true, "apt": true, "apartment": true, "appartement": true, "appt": true, "app": true,
	"apto": true, "unit": true, "suite": true, "ste": true, "room": true, "rm": true, "wohnung": true,
	"whg": true, "#": true,
}

// boxDesignators are canonical box tokens that move with their number to the end, like units.
var boxDesignators = map[string]bool{"pobox": true, "pmb": true, "packstation": true, "postfiliale": true}

// expansions unify street-type and position abbreviations (English, German, Portuguese);
// "st", "dr", "r", "pl" and directionals depend on context and are handled in code.
var expansions = map[string]string{
	"rd": "road", "ave": "avenue", "av": "avenue", "avda": "avenue", "avenida": "avenue", "aven": "avenue",
	"ln": "lane", "ct": "court", "sq": "square", "blvd": "boulevard", "bd": "boulevard", "terr": "terrace",
	"tce": "terrace", "cres": "crescent", "cresc": "crescent", "gdns": "gardens", "hwy": "highway",
	"pkwy": "parkway", "cir": "circle", "bldg": "building", "fl": "floor", "flr": "floor",
	"str": "strasse", "trav": "travessa", "tv": "travessa", "lg": "largo", "lgo": "largo", "pc": "praca",
	"pca": "praca", "al": "alameda", "alam": "alameda", "estr": "estrada", "calc": "calcada",
	"urb": "urbanizacao", "lt": "lote", "esquerdo": "esq", "esquerda": "esq", "esqo": "esq",
	"direito": "dto", "direita": "dto", "dt": "dto", "dta": "dto", "dir": "dto", "fte": "frente",
}

var directionals = map[string]string{
	"n": "north", "s": "south", "e": "east", "w": "west", "ne": "northeast", "nw": "northwest",
	"se": "southeast", "sw": "southwest",
}

var fullDirectionals = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true,
}

// boxWords anchor the street part of a PO-box or locker address like a street type does.
var boxWords = map[string]bool{
	"box": true, "pobox": true, "postfach": true, "apartado": true, "apdo": true, "postbus": true,
	"postboks": true, "packstation": true, "postfiliale": true, "pmb": true, "bag": true,
}

// suffixStreetTypes end a street name (English); prefixStreetTypes begin one (Portuguese,
// Romance languages). Both in raw and expanded forms.
var suffixStreetTypes = map[string]bool{
	"street": true, "road": true, "rd": true, "avenue": true, "ave": true, "lane": true, "ln": true,
	"drive": true, "court": true, "ct": true, "place": true, "square": true, "sq": true,
	"boulevard": true, "blvd": true, "terrace": true, "crescent": true, "close": true, "gardens": true,
	"gdns": true, "highway": true, "hwy": true, "parkway": true, "pkwy": true, "way": true, "mews": true,
	"circle": true, "grove": true, "parade": true, "row": true, "walk": true, "strasse": true, "weg": true,
	"platz": true, "allee": true, "gasse": true, "damm": true, "ufer": true, "straat": true, "laan": true,
	"gracht": true, "plein": true, "kade": true,
}

var prefixStreetTypes = map[string]bool{
	"rua": true, "r": true, "avenida": true, "av": true, "avda": true, "travessa": true, "trav": true,
	"largo": true, "lg": true, "praca": true, "alameda": true, "estrada": true, "calcada": true,
	"beco": true, "rue": true, "calle": true, "via": true, "viale": true, "piazza": true, "avenue": true,
	"boulevard": true, "chemin": true, "route": true, "place": true, "ulica": true, "ul": true,
}

// germanSuffixes are street-type endings of German compound street names ("Hauptstraße").
var germanSuffixes = []string{"strasse", "str", "weg", "platz", "allee", "gasse", "damm", "ufer", "ring"}

// floorWords may follow a house number and belong to it (Portuguese floor and side).
var floorWords = map[string]bool{
	"esq": true, "esquerdo": true, "dto": true, "direito": true, "dt": true, "frente": true, "rc": true,
	"andar": true, "floor": true, "og": true, "eg": true, "etage": true, "stock": true, "cv": true,
}

// Address flags.
const (
	flagPO = 1 << iota
	flagMF
	flagCareOf
)

// phrase is a token sequence with a replacement token ("" drops it) and flags.
type phrase struct {
	words []string
	repl  string
	flag  int
}

// phrases mark PO boxes (post-office boxes, parcel lockers, poste restante) and mail
// forwarders: "c/o" (SHIP-ADDR-MAILBOX, RF26: shipping to someone other than the named
// person), USPS "PMB" (the private-mailbox designator USPS requires at commercial mail
// receiving agencies, DMM 508.1.8), "virtual office", The UPS Store and Mail Boxes Etc.
// (the largest CMRA chains), and package-forwarding (reshipping) services, which FBI24 names as
// a facilitator service. "Suite" alone is not a marker: real offices have suites. Business
// names of forwarders are dropped from the canonical form (like "c/o NAME"): the place
// matters, and the box or suite number that follows is kept.
var phrases = []phrase{
	{[]string{"post", "office", "box"}, "pobox", flagPO},
	{[]string{"p", "o", "box"}, "pobox", flagPO},
	{[]string{"po", "box"}, "pobox", flagPO},
	{[]string{"pobox"}, "pobox", flagPO},
	{[]string{"gpo", "box"}, "pobox", flagPO},
	{[]string{"locked", "bag"}, "pobox", flagPO},
	{[]string{"postfach"}, "pobox", flagPO},
	{[]string{"apartado"}, "pobox", flagPO},
	{[]string{"apdo"}, "pobox", flagPO},
	{[]string{"caixa", "postal"}, "pobox", flagPO},
	{[]string{"cx", "postal"}, "pobox", flagPO},
	{[]string{"boite", "postale"}, "pobox", flagPO},
	{[]string{"postbus"}, "pobox", flagPO},
	{[]string{"postboks"}, "pobox", flagPO},
	{[]string{"packstation"}, "packstation", flagPO},
	{[]string{"postfiliale"}, "postfiliale", flagPO},
	{[]string{"postlagernd"}, "posterestante", flagPO},
	{[]string{"poste", "restante"}, "posterestante", flagPO},
	{[]string{"posterestante"}, "posterestante", flagPO},
	{[]string{"general", "delivery"}, "posterestante", flagPO},
	{[]string{"pmb"}, "pmb", flagMF},
	{[]string{"private", "mailbox"}, "pmb", flagMF},
	{[]string{"private", "mail", "box"}, "pmb", flagMF},
	{[]string{"virtual", "office"}, "", flagMF},
	{[]string{"virtualoffice"}, "", flagMF},
	{[]string{"ups", "store"}, "", flagMF},
	{[]string{"upsstore"}, "", flagMF},
	{[]string{"mail", "boxes", "etc"}, "", flagMF},
	{[]string{"mailboxes", "etc"}, "", flagMF},
	{[]string{"mailboxesetc"}, "", flagMF},
	{[]string{"shipito"}, "", flagMF},
	{[]string{"myus"}, "", flagMF},
	{[]string{"stackry"}, "", flagMF},
	{[]string{"forward2me"}, "", flagMF},
	{[]string{"planet", "express"}, "", flagMF},
	{[]string{"planetexpress"}, "", flagMF},
	{[]string{"usgobuy"}, "", flagMF},
	{[]string{"c", "o"}, "", flagMF | flagCareOf},
	{[]string{"care", "of"}, "", flagMF | flagCareOf},
	{[]string{"r", "c"}, "rc", 0},
	{[]string{"res", "do", "chao"}, "rc", 0},
}

// phraseIndex maps a phrase's first word to the phrases starting with it, longest first.
var phraseIndex = func() map[string][]phrase {
	m := make(map[string][]phrase)
	for _, p := range phrases {
		m[p.words[0]] = append(m[p.words[0]], p)
	}
	for k, ps := range m {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		m[k] = ps
	}
	return m
}()
