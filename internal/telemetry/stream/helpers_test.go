package stream

import (
	"testing"

	"github.com/bonafide-oss/bonafide/internal/telemetry/entra"
	"github.com/bonafide-oss/bonafide/internal/telemetry/ingest"
)

var parseEntra = entra.Parse

func sourceParser(t *testing.T, source string) ingest.ParseFunc {
	t.Helper()
	p, err := ingest.Parser(source)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
