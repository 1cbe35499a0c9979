package stream

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Checkpoints stores the consumer's checkpoint: the processor snapshot and the stream sequence
// of the last message whose effect it holds. Save must be atomic (after a crash Load returns
// either the previous or the new checkpoint, whole) and durable before it returns.
type Checkpoints interface {
	// Load returns the last saved checkpoint; ok is false when none was ever saved.
	Load() (seq uint64, state []byte, ok bool, err error)
	Save(seq uint64, state []byte) error
}

// FileCheckpoints keeps the checkpoint in one file at Path, written to Path+".tmp", synced,
// renamed over Path and the folder synced. The file is "BFCKPT1\n", the sequence (8 bytes
// big-endian), the state length (8 bytes) and the state, then a CRC-32 (IEEE) of all that; a
// damaged file is an Invalid error naming it.
type FileCheckpoints struct {
	Path string
}

const ckptMagic = "BFCKPT1\n"

// Load reads the checkpoint file; a missing file is no checkpoint.
func (f FileCheckpoints) Load() (uint64, []byte, bool, error) {
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, &bonafide.Error{Kind: bonafide.Internal, Op: "stream.Checkpoint", Err: err}
	}
	seq, state, err := decodeCheckpoint(b)
	if err != nil {
		return 0, nil, false, &bonafide.InputError{File: f.Path, Field: "checkpoint", Msg: err.Error()}
	}
	return seq, state, true, nil
}

func decodeCheckpoint(b []byte) (uint64, []byte, error) {
	const head = len(ckptMagic) + 16
	if len(b) < head+4 || string(b[:len(ckptMagic)]) != ckptMagic {
		return 0, nil, errors.New("not a bonafide checkpoint")
	}
	seq := binary.BigEndian.Uint64(b[len(ckptMagic):])
	n := binary.BigEndian.Uint64(b[len(ckptMagic)+8:])
	if n != uint64(len(b)-head-4) {
		return 0, nil, errors.New("truncated checkpoint")
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(b[len(b)-4:]) {
		return 0, nil, errors.New("checkpoint checksum mismatch")
	}
	return seq, b[head : len(b)-4], nil
}

func encodeCheckpoint(seq uint64, state []byte) []byte {
	b := make([]byte, 0, len(ckptMagic)+16+len(state)+4)
	b = append(b, ckptMagic...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint64(b, uint64(len(state)))
	b = append(b, state...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// Save writes the checkpoint atomically and durably.
func (f FileCheckpoints) Save(seq uint64, state []byte) error {
	wrap := func(err error) error {
		return &bonafide.Error{Kind: bonafide.Internal, Op: "stream.Checkpoint", Err: err}
	}
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return wrap(err)
	}
	tmp := f.Path + ".tmp"
	fh, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return wrap(err)
	}
	if _, err := fh.Write(encodeCheckpoint(seq, state)); err != nil {
		fh.Close()
		return wrap(err)
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return wrap(err)
	}
	if err := fh.Close(); err != nil {
		return wrap(err)
	}
	if err := os.Rename(tmp, f.Path); err != nil {
		return wrap(err)
	}
	if d, err := os.Open(filepath.Dir(f.Path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
