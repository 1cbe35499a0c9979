// Package ingest runs a telemetry file through a source parser and a processor (the detection
// engine, internal/telemetry/detect) in one streaming pass: batch ingest of identity-provider
// sign-in logs and endpoint logs (issue 5, post-hire telemetry).
//
// Sources maps the --source names to the parsers of internal/telemetry/<source>; Run streams
// one reader through one of them, handing each bonafide.Event to Processor.Process as it is
// parsed, so memory does not grow with the file. The first bad record stops the run with the
// parser's located error (*bonafide.InputError naming file, line or record, and field); the
// caller must then not store anything from the batch.
package ingest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/csv"
	"github.com/bonafide-oss/bonafide/internal/telemetry/entra"
	"github.com/bonafide-oss/bonafide/internal/telemetry/gworkspace"
	"github.com/bonafide-oss/bonafide/internal/telemetry/okta"
	"github.com/bonafide-oss/bonafide/internal/telemetry/osquery"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sysmon"
)

// ParseFunc is the signature every telemetry parser exports as Parse: it streams r (named name
// in errors) and calls fn with one newly allocated event per record; an error from fn stops it
// and is returned as it is.
type ParseFunc func(r io.Reader, name string, fn func(*bonafide.Event) error) error

// Sources maps a source name (the --source flag, and bonafide.Event.Source) to its parser:
// entra, okta, gworkspace, osquery, sysmon, csv. Read-only.
var Sources = map[string]ParseFunc{
	entra.Source:      entra.Parse,
	okta.Source:       okta.Parse,
	gworkspace.Source: gworkspace.Parse,
	osquery.Source:    osquery.Parse,
	sysmon.Source:     sysmon.Parse,
	csv.Source:        csv.Parse,
}

// SourceNames returns the keys of Sources, sorted.
func SourceNames() []string {
	names := make([]string, 0, len(Sources))
	for n := range Sources {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Processor consumes events one at a time on a single goroutine; the detection engine
// (*detect.Engine) satisfies it. Process may enrich the event in place and may retain it.
type Processor interface {
	Process(ev *bonafide.Event)
}

// ProcessorFunc adapts a function to Processor.
type ProcessorFunc func(ev *bonafide.Event)

// Process calls f(ev).
func (f ProcessorFunc) Process(ev *bonafide.Event) { f(ev) }

// Stats says what a Run did: Events handed to the processor, Errors (0, or 1 when a bad record
// stopped the run), Bytes read from the reader, and the wall-clock Elapsed time.
type Stats struct {
	Events  int64
	Errors  int64
	Bytes   int64
	Elapsed time.Duration
}

// Parser returns the parser for src, or an Invalid *bonafide.Error naming the known sources.
func Parser(src string) (ParseFunc, error) {
	p, ok := Sources[src]
	if !ok {
		return nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "ingest",
			Err: fmt.Errorf("unknown source %q (known: %v)", src, SourceNames())}
	}
	return p, nil
}

// Run parses r (named name in errors) with the parser of src and hands every event to proc, in
// order. It returns when r is exhausted, at the first bad record (the parser's
// *bonafide.InputError, Stats.Errors 1), or when ctx is cancelled (ctx.Err(), checked every
// 256 events). Events already processed when it fails stay processed: callers that persist
// results must discard the batch on error.
func Run(ctx context.Context, src string, r io.Reader, name string, proc Processor) (Stats, error) {
	parse, err := Parser(src)
	if err != nil {
		return Stats{}, err
	}
	start := time.Now()
	cr := &CountingReader{R: r}
	var st Stats
	err = parse(cr, name, func(ev *bonafide.Event) error {
		if st.Events&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		proc.Process(ev)
		st.Events++
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	st.Bytes = cr.N()
	st.Elapsed = time.Since(start)
	if err != nil && bonafide.KindOf(err) == bonafide.Invalid {
		st.Errors = 1
	}
	return st, err
}

// CountingReader counts the bytes read through it; N is safe to call from another goroutine
// (e.g. a progress display).
type CountingReader struct {
	R io.Reader
	n atomic.Int64
}

// Read reads from R and counts.
func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// N returns the bytes read so far.
func (c *CountingReader) N() int64 { return c.n.Load() }
