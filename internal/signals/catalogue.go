package signals

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/bonafide-oss/bonafide/bonafide"
)

//go:embed catalogue.json
var catalogueJSON []byte

//go:embed sources.json
var sourcesJSON []byte

type catalogueData struct {
	signals []bonafide.Signal
	byID    map[string]int
	sources []bonafide.Source
}

// loadCatalogue parses the embedded data once. The data is compiled into the binary and checked
// by TestCatalogueIntegrity, so a parse error is a programming error and panics.
var loadCatalogue = sync.OnceValue(func() *catalogueData {
	c, err := parseCatalogue(catalogueJSON, sourcesJSON)
	if err != nil {
		panic(err)
	}
	return c
})

func parseCatalogue(sigJSON, srcJSON []byte) (*catalogueData, error) {
	c := &catalogueData{byID: map[string]int{}}
	if err := json.Unmarshal(sigJSON, &c.signals); err != nil {
		return nil, fmt.Errorf("signals: catalogue.json: %w", err)
	}
	if err := json.Unmarshal(srcJSON, &c.sources); err != nil {
		return nil, fmt.Errorf("signals: sources.json: %w", err)
	}
	for i, s := range c.signals {
		if _, dup := c.byID[s.ID]; dup {
			return nil, fmt.Errorf("signals: catalogue.json: duplicate signal %q", s.ID)
		}
		c.byID[s.ID] = i
	}
	return c, nil
}

func cloneSignal(s bonafide.Signal) bonafide.Signal {
	s.Sources = slices.Clone(s.Sources)
	return s
}

// Catalogue returns every signal of the catalogue in catalogue order (by phase, as in
// SIGNALS.md). The slice and its elements are copies: callers may modify them.
func Catalogue() []bonafide.Signal {
	c := loadCatalogue()
	out := make([]bonafide.Signal, len(c.signals))
	for i, s := range c.signals {
		out[i] = cloneSignal(s)
	}
	return out
}

// Lookup returns the signal with the given ID ("APP-PHONE-VOIP") and true, or the zero Signal
// and false when the catalogue has no such signal.
func Lookup(id string) (bonafide.Signal, bool) {
	c := loadCatalogue()
	i, ok := c.byID[id]
	if !ok {
		return bonafide.Signal{}, false
	}
	return cloneSignal(c.signals[i]), true
}

// Sources returns the published references the catalogue cites, keyed by short key ("FBI22").
// URL is empty where no official address could be confirmed.
func Sources() []bonafide.Source {
	return slices.Clone(loadCatalogue().sources)
}
