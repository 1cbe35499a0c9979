package minhash

// bucketTable maps one band's 32-bit band keys to the latest document in that bucket, with
// open addressing (linear probing) over 8-byte slots. Two band contents with equal 32-bit
// keys share a bucket; that only adds a candidate, which the full signature comparison then
// rejects.
type bucketTable struct {
	slots []bucketSlot // len is a power of two
	n     int          // slots in use
}

type bucketSlot struct {
	key  uint32
	head int32 // 1 + document index; 0 = empty slot
}

// reserve makes room for n more entries without growing.
func (t *bucketTable) reserve(n int) {
	want := t.n + n
	size := max(len(t.slots), 64)
	for want*4 > size*3 {
		size <<= 1
	}
	if size != len(t.slots) {
		t.rehash(size)
	}
}

func (t *bucketTable) rehash(size int) {
	old := t.slots
	t.slots = make([]bucketSlot, size)
	mask := uint32(size - 1)
	for _, s := range old {
		if s.head == 0 {
			continue
		}
		i := s.key & mask
		for t.slots[i].head != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// swap sets the bucket's latest document to head and returns the previous one (0 = none).
func (t *bucketTable) swap(key uint32, head int32) int32 {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.rehash(max(64, len(t.slots)*2))
	}
	mask := uint32(len(t.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.head == 0 {
			s.key, s.head = key, head
			t.n++
			return 0
		}
		if s.key == key {
			old := s.head
			s.head = head
			return old
		}
	}
}
