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
}
