package stream

import (
	"bufio"
	"bytes"
	"context"
	encsv "encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/ingest"
)

// Publish splits r into records (see Split) and publishes each to Subject(source) with the
// header HeaderSource, after making sure the stream exists. It returns the number published;
// on error, the records before the bad one are published (JetStream has no multi-message
// transaction) and the error is Split's *bonafide.InputError or a server error. Publishing is
// asynchronous with at most 1024 unacknowledged messages in flight; every message is
// acknowledged by the server (stored) when Publish returns nil.
func Publish(ctx context.Context, js jetstream.JetStream, source string, r io.Reader) (int, error) {
	if _, err := ingest.Parser(source); err != nil {
		return 0, err
	}
	if _, err := EnsureStream(ctx, js, 0); err != nil {
		return 0, err
	}
	subject := Subject(source)
	var pending []jetstream.PubAckFuture
	wait := func() error {
		for _, f := range pending {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				return &bonafide.Error{Kind: bonafide.Internal, Op: "stream.Publish", Err: err}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pending = pending[:0]
		return nil
	}
	n := 0
	err := Split(r, source, source, func(rec []byte) error {
		m := nats.NewMsg(subject)
		m.Header.Set(HeaderSource, source)
		m.Data = rec
		f, err := js.PublishMsgAsync(m)
		if err != nil {
			return &bonafide.Error{Kind: bonafide.Internal, Op: "stream.Publish", Err: err}
		}
		pending = append(pending, f)
		n++
		if len(pending) >= 1024 {
			return wait()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, wait()
}

// Split reads r (named name in errors) as source exports it and calls fn with each record, one
// message's worth: for source "csv" the header line and one row (re-encoded as RFC 4180, so a
// quoted field with a line break stays one record); for the JSON sources one JSON value per
// record, on one line: JSON lines (or concatenated values) give each value as read, a JSON
// array gives each element, and an API envelope — an object whose only array member is
// "value" (Graph), "items" (Google Workspace) or "records" (Azure Event Hubs) beside
// "@odata.*", "kind", "etag" and "nextPageToken" members — gives each element. A value spread
// over several lines is compacted. fn must not keep rec. Arrays are streamed; a top-level
// object (record or envelope) is held in memory while it is split. Bad JSON or CSV is an
// *bonafide.InputError naming name and the 1-based record index (JSON) or line (CSV).
func Split(r io.Reader, source, name string, fn func(rec []byte) error) error {
	if source == "csv" {
		return splitCSV(r, name, fn)
	}
	br := bufio.NewReaderSize(r, 1<<16)
	// Skip a UTF-8 BOM and leading white space to see how the JSON starts.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &bonafide.InputError{File: name, Msg: "read failed", Err: err}
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			br.Discard(1)
			continue
		}
		break
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	first, _ := br.Peek(1)
	var buf bytes.Buffer
	emit := func(v json.RawMessage) error {
		if bytes.ContainsAny(v, "\r\n") {
			buf.Reset()
			if err := json.Compact(&buf, v); err != nil {
				return err
			}
			v = buf.Bytes()
		}
		return fn(v)
	}
	rec := 0
	bad := func(err error) error {
		return &bonafide.InputError{File: name, Record: strconv.Itoa(rec + 1), Msg: "bad JSON", Err: err}
	}
	if first[0] == '[' {
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
		for dec.More() {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return bad(err)
			}
			if err := emit(v); err != nil {
				return err
			}
			rec++
		}
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return bad(errors.New("data after the JSON array"))
		}
		return nil
	}
	for {
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bad(err)
		}
		if elems, ok := envelope(v); ok {
			for _, e := range elems {
				if err := emit(e); err != nil {
					return err
				}
				rec++
			}
			continue
		}
		if err := emit(v); err != nil {
			return err
		}
		rec++
	}
}

// envelope returns the elements of an API envelope object.
func envelope(v json.RawMessage) ([]json.RawMessage, bool) {
	if len(v) == 0 || v[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return nil, false
	}
	var elems []json.RawMessage
	found := 0
	for k, x := range m {
		switch {
		case k == "value" || k == "items" || k == "records":
			if json.Unmarshal(x, &elems) != nil {
				return nil, false
			}
			found++
		case strings.HasPrefix(k, "@odata."), k == "kind", k == "etag", k == "nextPageToken":
		default:
			return nil, false
		}
	}
	return elems, found == 1
}

func splitCSV(r io.Reader, name string, fn func([]byte) error) error {
	cr := encsv.NewReader(r)
	cr.ReuseRecord = true
	var head bytes.Buffer
	var buf bytes.Buffer
	w := encsv.NewWriter(&buf)
	for first := true; ; first = false {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bonafide.CSVError(name, err)
		}
		buf.Reset()
		if err := w.Write(row); err != nil {
			return err
		}
		w.Flush()
		if first {
			head.Write(buf.Bytes())
			continue
		}
		rec := make([]byte, 0, head.Len()+buf.Len())
		rec = append(append(rec, head.Bytes()...), buf.Bytes()...)
		if err := fn(rec); err != nil {
			return err
		}
	}
}
