//go:build race

package sigma

// raceEnabled: the race detector drops sync.Pool items (regexp keeps its machines there), so
// allocation counts are meaningless under -race.
const raceEnabled = true
