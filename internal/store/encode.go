package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bonafide-oss/bonafide/bonafide"
	sjson "github.com/segmentio/encoding/json"
)

// jsonFlags make github.com/segmentio/encoding/json produce exactly what encoding/json's
// Marshal produces (sorted map keys, HTML escaped), two to three times faster and without
// allocating. Stored records and hashes therefore do not depend on which of the two wrote them.
const jsonFlags = sjson.EscapeHTML | sjson.SortMapKeys

// Person states in a batch.
const (
	stateNew = iota + 1
	stateChanged
	stateUnchanged
)

// personRow is a person ready to store.
type personRow struct {
	p      *bonafide.Person
	pk     int64  // people.pk: stored, or assigned for a new person
	record string // JSON of p without Raw
	raw    any    // string(p.Raw), or nil when empty
	hash   string // hex SHA-256 of record and raw
	state  int8
	old    []identKey // stored identifier rows of a changed person, sorted
}

// findingRow is a finding ready to store.
type findingRow struct {
	f                          *bonafide.Finding
	evidence, sources, related string // JSON
	hash                       string // hex SHA-256 of the stored columns other than the key
}

// encodeChunk is how many people an encoder takes at a time; the writer inserts them as soon
// as they are ready, in ID order.
const encodeChunk = maxRowsPerInsert

// encoding is the state of the helpers of one SaveScan: they encode people and findings and
// sort identifier rows on the other cores while the writer inserts.
type encoding struct {
	ready    []chan struct{}    // closed when chunk i of the people is encoded and classified
	errs     []error            // per chunk
	idents   chan []identKey    // identifier rows of the new people, sorted
	findings chan findingResult // the prepared findings
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

type findingResult struct {
	rows []findingRow
	err  error
}

// wait stops the helpers early (when the writer gave up) and waits for them.
func (e *encoding) wait() {
	e.cancel()
	e.wg.Wait()
}

// encode starts the helpers. They work in the order the writer needs their results: encoders
// encode and hash rows chunk by chunk, in ID order, and classify each person against stored;
// then the identifier rows of the people not stored are collected and sorted; then the
// findings are encoded. One core is left to the writer.
func encode(ctx context.Context, rows []personRow, stored map[string]storedPerson, codes *codebook, compute func() ([]bonafide.Finding, error)) *encoding {
	ctx, cancel := context.WithCancel(ctx)
	n := (len(rows) + encodeChunk - 1) / encodeChunk
	e := &encoding{ready: make([]chan struct{}, n), errs: make([]error, n), idents: make(chan []identKey, 1),
		findings: make(chan findingResult, 1), cancel: cancel}
	for i := range e.ready {
		e.ready[i] = make(chan struct{})
	}
	var next atomic.Int64
	var encoders sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0)-1, n)) {
		encoders.Go(func() {
			var buf []byte
			h := sha256.New()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				chunk := rows[i*encodeChunk : min((i+1)*encodeChunk, len(rows))]
				buf, e.errs[i] = encodeChunkRows(chunk, buf[:0], h)
				for j := range chunk {
					r := &chunk[j]
					switch old, ok := stored[r.p.ID]; {
					case !ok:
						r.state = stateNew
					case old.hash != r.hash:
						r.state = stateChanged
					default:
						r.state = stateUnchanged
					}
				}
				close(e.ready[i])
			}
		})
	}
	e.wg.Go(func() {
		encoders.Wait()
		if ctx.Err() != nil {
			e.idents <- nil
			e.findings <- findingResult{err: ctx.Err()}
			return
		}
		e.idents <- newIdentifiers(rows, stored, codes)
		fr, err := prepareComputed(compute)
		e.findings <- findingResult{fr, err}
	})
	return e
}

// encodeChunkRows encodes the records of chunk into buf (returned for reuse), converts them to
// one string that the chunk's records share, and hashes each person: SHA-256 over the record's
// length, the record and the raw record.
func encodeChunkRows(chunk []personRow, buf []byte, h hash.Hash) ([]byte, error) {
	ends := make([]int, len(chunk))
	for j := range chunk {
		q := *chunk[j].p
		q.Raw = nil
		var err error
		if buf, err = sjson.Append(buf, &q, jsonFlags); err != nil {
			return buf, fmt.Errorf("person %q: %w", q.ID, err)
		}
		ends[j] = len(buf)
	}
	all := string(buf)
	var sum [sha256.Size]byte
	var n [8]byte
	start := 0
	for j := range chunk {
		r := &chunk[j]
		r.record = all[start:ends[j]]
		h.Reset()
		binary.BigEndian.PutUint64(n[:], uint64(ends[j]-start))
		h.Write(n[:])
		h.Write(buf[start:ends[j]])
		h.Write(r.p.Raw)
		r.hash = hex.EncodeToString(h.Sum(sum[:0]))
		if len(r.p.Raw) > 0 {
			r.raw = string(r.p.Raw)
		}
		start = ends[j]
	}
	return buf, nil
}

// checkFindings rejects findings without a person or a signal, or with a weight that is not a
// finite number.
func checkFindings(findings []bonafide.Finding) error {
	for i := range findings {
		f := &findings[i]
		if f.PersonID == "" || f.SignalID == "" {
			return errors.New("finding " + strconv.Itoa(i) + " lacks a person or signal ID")
		}
		if math.IsNaN(f.Weight) || math.IsInf(f.Weight, 0) {
			return fmt.Errorf("finding %d (%s on %s): weight %v is not a finite number", i, f.SignalID, f.PersonID, f.Weight)
		}
	}
	return nil
}

// prepareFindings keeps the last of each (person, signal, key), encodes the JSON columns and
// the content hash, and returns the rows in primary-key order.
func prepareFindings(findings []bonafide.Finding) ([]findingRow, error) {
	type key struct{ person, signal, key string }
	last := make(map[key]int, len(findings))
	for i := range findings {
		f := &findings[i]
		last[key{f.PersonID, f.SignalID, f.Key}] = i
	}
	out := make([]findingRow, 0, len(last))
	h := sha256.New()
	var sum [sha256.Size]byte
	var n [8]byte
	var buf []byte
	var cols [3]string
	for i := range findings {
		f := &findings[i]
		if last[key{f.PersonID, f.SignalID, f.Key}] != i {
			continue
		}
		var err error
		for c, v := range [...]any{f.Evidence, f.Sources, f.Related} {
			if buf, err = sjson.Append(buf[:0], v, jsonFlags); err != nil {
				return nil, fmt.Errorf("finding %d: %w", i, err)
			}
			cols[c] = string(buf)
		}
		h.Reset()
		for _, part := range [...]string{string(f.Severity), strconv.FormatFloat(f.Weight, 'g', -1, 64), f.Summary, cols[0], cols[1], cols[2]} {
			binary.BigEndian.PutUint64(n[:], uint64(len(part)))
			h.Write(n[:])
			h.Write([]byte(part))
		}
		out = append(out, findingRow{f: f, evidence: cols[0], sources: cols[1], related: cols[2], hash: hex.EncodeToString(h.Sum(sum[:0]))})
	}
	slices.SortFunc(out, func(a, b findingRow) int {
		if c := strings.Compare(a.f.PersonID, b.f.PersonID); c != 0 {
			return c
		}
		if c := strings.Compare(a.f.SignalID, b.f.SignalID); c != 0 {
			return c
		}
		return strings.Compare(a.f.Key, b.f.Key)
	})
	return out, nil
}

// prepareComputed calls compute (the caller's findings, possibly still being computed while
// the people are written), checks them and prepares their rows.
func prepareComputed(compute func() ([]bonafide.Finding, error)) ([]findingRow, error) {
	findings, err := compute()
	if err != nil {
		return nil, errComputed{err}
	}
	if err := checkFindings(findings); err != nil {
		return nil, err
	}
	return prepareFindings(findings)
}

// errComputed carries an error of the caller's compute function through unchanged.
type errComputed struct{ err error }

func (e errComputed) Error() string { return e.err.Error() }
func (e errComputed) Unwrap() error { return e.err }
