package bonafide

// WatchlistHit is one match of a person's datum against a watchlist entry (a sanctions list
// party or a shared indicator), explained: which list, which entry, which of its fields matched
// which value of the person, and how strongly (1 for exact matches).
type WatchlistHit struct {
	List      string   `json:"list"`       // e.g. "OFAC-SDN"
	Version   string   `json:"version"`    // list issue date or checksum prefix
	EntryID   string   `json:"entry_id"`   // the list's own ID, e.g. OFAC FixedRef "36446"
	EntryName string   `json:"entry_name"` // primary name of the listed party
	Programs  []string `json:"programs"`   // e.g. ["DPRK3", "DPRK4"]
	Field     string   `json:"field"`      // the entry's feature that matched, e.g. "Email Address", "Digital Currency Address - ETH"
	Value     string   `json:"value"`      // canonical matched value
	Score     float64  `json:"score"`      // 1 for exact matches; 0..1 for fuzzy name matches
	// Detail explains a fuzzy score: the name score and each adjustment (date of birth,
	// country) with the listed value it compared, e.g. "name 0.842; birth year 1971 matches
	// listed 1971 (+0.05)". Empty for exact matches.
	Detail string `json:"detail,omitempty"`
	// Confirmed lists what besides the name agrees with the listed party: "birth date",
	// "birth year", "country". Empty for a name-only match.
	Confirmed []string `json:"confirmed,omitempty"`
	// Disposition is an analyst's earlier decision on this person and entry, when one exists
	// ("false_positive" with its reason); a hit so marked is shown but does not alert.
	Disposition string `json:"disposition,omitempty"`
}
