package indicator

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// checkWritable writes l as STIX, reads it back and requires the same kinds and values:
// canonical values must survive the export.
func checkWritable(t *testing.T, l *List) {
	var buf bytes.Buffer
	if err := WriteSTIX(&buf, l, WriteOptions{Created: created}); err != nil {
		t.Fatalf("WriteSTIX: %v", err)
	}
	back, err := ReadSTIX(&buf, "back.json", Options{Name: l.Name, Version: l.Version})
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, buf.String())
	}
	if len(back.Features) != len(l.Features) || len(back.Parties) != len(l.Parties) {
		t.Fatalf("read back %d features, %d parties; wrote %d, %d", len(back.Features), len(back.Parties), len(l.Features), len(l.Parties))
	}
	for i, f := range l.Features {
		if g := back.Features[i]; g.Kind != f.Kind || g.Value != f.Value || g.Field != f.Field {
			t.Fatalf("feature %d: wrote %+v, read %+v", i, f, g)
		}
	}
	for i, p := range l.Parties {
		if back.Parties[i].Name != p.Name {
			t.Fatalf("party %d: wrote %q, read %q", i, p.Name, back.Parties[i].Name)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	if data, err := os.ReadFile("../../../examples/indicators/dprk-it-workers.csv"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("type,value,chain\nwallet,0x7e57c0ffee00000000000000000000000000beef,ETH\n"))
	f.Add([]byte("type,value,tlp,confidence,first_seen\nemail,\"a,b\"@example.com,white,5,2024-01-01T10:00:00+02:00\n"))
	f.Add([]byte("value,type\nhttps://example.com/x/,url\nExample Co,company\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadCSV(bytes.NewReader(data), "f.csv", Options{})
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || l != nil {
				t.Fatalf("error %v is not an InputError (list %v)", err, l)
			}
			return
		}
		if len(l.Entries) != len(l.Features)+len(l.Parties) {
			t.Fatalf("%d entries for %d features and %d parties", len(l.Entries), len(l.Features), len(l.Parties))
		}
		checkWritable(t, l)
	})
}

func FuzzReadSTIX(f *testing.F) {
	if data, err := os.ReadFile("../../../examples/indicators/dprk-it-workers.stix.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","id":"indicator--1","pattern_type":"stix","pattern":"[url:value = 'https://x.example/a'] OR [x-phone-number:value = '+12025550143']","valid_from":"2024-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"user-account","id":"user-account--1","account_type":"github","account_login":"octo"},{"type":"identity","id":"identity--2","identity_class":"individual","name":" A  B "}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadSTIX(bytes.NewReader(data), "f.json", Options{})
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || l != nil {
				t.Fatalf("error %v is not an InputError (list %v)", err, l)
			}
			return
		}
		checkWritable(t, l)
	})
}
