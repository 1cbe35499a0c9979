package ofac

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Open reads a .xml, .xml.bz2 or .xml.gz file by path. The compression is recognised by the
// file's magic bytes ("BZh" for bzip2, 1f 8b for gzip); a name ending in .bz2 or .gz whose
// content is not compressed that way is an error. Compressed input is decompressed on a
// second goroutine, which has stopped when Open returns. keep is as for Read. A missing file
// is a *bonafide.Error of kind NotFound; other errors are as for Read, naming path.
func Open(path string, keep func(*Entry) bool) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		kind := bonafide.Internal
		if errors.Is(err, fs.ErrNotExist) {
			kind = bonafide.NotFound
		}
		return nil, &bonafide.Error{Kind: kind, Op: "ofac.Open", Err: err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	magic, _ := br.Peek(3) // a short or unreadable file fails below, with a located error
	ext := strings.ToLower(filepath.Ext(path))
	var src io.Reader
	switch {
	case len(magic) == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h':
		src = bzip2.NewReader(br)
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &bonafide.InputError{File: path, Msg: "bad gzip header", Err: err}
		}
		src = zr
	case ext == ".bz2" || ext == ".gz":
		return nil, &bonafide.InputError{File: path,
			Msg: "name ends in " + ext + " but the content is not " + strings.TrimPrefix(ext, ".") + "-compressed"}
	default:
		h := sha256.New()
		return parse(path, &hashReader{r: br, h: h}, h, keep)
	}
	h := sha256.New()
	pr := startPipe(src, h)
	defer pr.close()
	return parse(path, pr, h, keep)
}

// pipe moves decompressed data from a producer goroutine to the parser in large chunks, so that
// decompression (one core) and parsing (another) overlap. Buffers circulate between the two
// channels; none is allocated after start.
type pipe struct {
	full   chan chunk
	free   chan []byte
	done   chan struct{} // closed by the consumer to stop the producer
	exited chan struct{} // closed by the producer when it returns

	cur []byte // unread part of the current chunk
	buf []byte // the current chunk's buffer, to return to free
	err error  // sticky error from the producer
}

type chunk struct {
	data []byte
	err  error // io.EOF at the end of the input, or the read error
}

const (
	pipeChunk   = 1 << 20
	pipeBuffers = 4
)

// startPipe starts the producer goroutine, which reads src, feeds h and hands chunks over until
// src is exhausted or close is called. The caller must call close.
func startPipe(src io.Reader, h hash.Hash) *pipe {
	p := &pipe{
		full:   make(chan chunk, pipeBuffers),
		free:   make(chan []byte, pipeBuffers),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range pipeBuffers {
		p.free <- make([]byte, pipeChunk)
	}
	go func() {
		defer close(p.exited)
		for {
			var buf []byte
			select {
			case buf = <-p.free:
			case <-p.done:
				return
			}
			n, err := fill(src, buf)
			h.Write(buf[:n])
			select {
			case p.full <- chunk{data: buf[:n], err: err}:
			case <-p.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

// fill reads into buf until it is full or src fails; the error is nil only when buf is full.
func fill(src io.Reader, buf []byte) (int, error) {
	n, idle := 0, 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m > 0 {
			idle = 0
		} else if idle++; idle >= 100 {
			return n, io.ErrNoProgress // as bufio does, rather than spin forever
		}
	}
	return n, nil
}

// Read implements io.Reader.
func (p *pipe) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.buf != nil {
			p.free <- p.buf[:cap(p.buf)]
			p.buf = nil
		}
		c := <-p.full
		p.cur, p.buf, p.err = c.data, c.data, c.err
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// close stops the producer and waits for it to return.
func (p *pipe) close() {
	close(p.done)
	<-p.exited
}

// RawRecord returns the raw <DistinctParty> element of e from the file it was read from (.xml,
// .xml.bz2 or .xml.gz): the list's own record, for audit trails and case reports. Reading a
// compressed file decompresses up to the record. Errors: NotFound for a missing file; Invalid
// when the file ends before the record (not the file e came from).
func RawRecord(path string, e *Entry) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		kind := bonafide.Internal
		if errors.Is(err, fs.ErrNotExist) {
			kind = bonafide.NotFound
		}
		return nil, &bonafide.Error{Kind: kind, Op: "ofac.RawRecord", Err: err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var src io.Reader = br
	if magic, _ := br.Peek(3); len(magic) == 3 && string(magic) == "BZh" {
		src = bzip2.NewReader(br)
	} else if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &bonafide.InputError{File: path, Msg: "bad gzip header", Err: err}
		}
		src = zr
	}
	if _, err := io.CopyN(io.Discard, src, e.RawOffset); err != nil {
		return nil, &bonafide.InputError{File: path, Record: "DistinctParty FixedRef=" + e.ID, Msg: "file ends before the record", Err: err}
	}
	b := make([]byte, e.RawLength)
	if _, err := io.ReadFull(src, b); err != nil {
		return nil, &bonafide.InputError{File: path, Record: "DistinctParty FixedRef=" + e.ID, Msg: "file ends inside the record", Err: err}
	}
	return b, nil
}
