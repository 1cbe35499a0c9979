package watchlist

import "strings"

// Entry is one listed party as a list reader returns it (internal/watchlist/un, eu, uk,
// ofaclegacy): the list's own ID, the primary name, aliases, party type, programmes, countries
// and birth dates as the list gives them, and the raw record for audit and reports. Each reader
// documents how its list's fields map onto these.
type Entry struct {
	ID         string   // the list's own reference for the party
	Name       string   // primary name
	Aliases    []string // other names, de-duplicated, in list order
	Type       string   // "Individual", "Entity", "Vessel", "Aircraft", "Ship", or the list's code
	Programs   []string // sanctions programmes / regimes, de-duplicated
	Countries  []string // nationality, birth and address countries, as the list gives them
	BirthDates []string // as the list gives them (ISO dates where the list has them)
	Raw        []byte   // the record as read
}

// AppendUnique appends s, whitespace-collapsed, unless it is empty or already in list.
func AppendUnique(list []string, s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
