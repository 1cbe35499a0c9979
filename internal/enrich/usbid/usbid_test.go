package usbid

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func TestLoadShared(t *testing.T) {
	db, err := Load(shareddata.Path(t, "usb/usb.ids"))
	if err != nil {
		t.Fatal(err)
	}
	if v, p := db.Len(); v < 2000 || p < 10000 {
		t.Errorf("Len = %d vendors, %d products", v, p)
	}
	tests := []struct {
		vid, pid uint16
		v, p     string
	}{
		{0x1d6b, 0x0104, "Linux Foundation", "Multifunction Composite Gadget"},
		{0x1d6b, 0x0002, "Linux Foundation", "2.0 root hub"},
		{0x0003, 0x0000, "Club Mac", ""},
		{0xffff, 0xfffe, "", ""},
	}
	for _, tt := range tests {
		if v, p := db.Names(tt.vid, tt.pid); v != tt.v || p != tt.p {
			t.Errorf("Names(%04x,%04x) = %q,%q want %q,%q", tt.vid, tt.pid, v, p, tt.v, tt.p)
		}
	}
}

func TestParseFixtureAndDefault(t *testing.T) {
	f, err := os.Open("testdata/mini.ids")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := Parse(f, "mini.ids")
	if err != nil {
		t.Fatal(err)
	}
	if v, p := db.Len(); v != 2 || p != 3 {
		t.Errorf("Len = %d,%d want 2,3 (class section lines must not count)", v, p)
	}
	if v, p := db.Names(0x046d, 0xc077); v != "Logitech, Inc." || p != "Mouse" {
		t.Errorf("Names = %q %q", v, p)
	}
	d := Default()
	if v, p := d.Names(0x1d6b, 0x0104); v != "Linux Foundation" || p != "Multifunction Composite Gadget" || d.Source != "embedded" {
		t.Errorf("Default Names = %q %q", v, p)
	}
}

func TestParseBad(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1d6b  Linux Foundation\n\tzz04  bad\n", `bad.ids:2 field "product": "zz04  bad" does not start with a 4-digit hex ID`},
		{"# only comments\n", `bad.ids field "vendor": no vendor lines`},
		{"1d6b  LF\n\t01  short\n", `bad.ids:2 field "product"`},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in), "bad.ids")
		var ie *bonafide.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) err = %v, want %q", tt.in, err, tt.want)
		}
	}
	if _, err := Load(t.TempDir() + "/none.ids"); !errors.Is(err, os.ErrNotExist) || bonafide.KindOf(err) != bonafide.NotFound {
		t.Errorf("Load(missing) err = %v", err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name                        string
		vid, pid, man, prod, serial string
		want                        Class
	}{
		{"pikvm default", "1d6b", "0104", "PiKVM", "PiKVM Composite Device", "CAFEBABE",
			Class{KindIPKVM, "PiKVM", `USB 1d6b:0104 with manufacturer "PiKVM", product "PiKVM Composite Device", serial "CAFEBABE" matches PiKVM's default descriptor`, true}},
		{"pikvm serial only", "0x1D6B", "0x0104", "", "", "cafebabe",
			Class{KindIPKVM, "PiKVM", `USB 1d6b:0104 with serial "cafebabe" matches PiKVM's default descriptor`, true}},
		{"tinypilot", "VID_1D6B", "PID_0104", "tinypilot", "Multifunction USB Device", "6b65a5f1",
			Class{KindIPKVM, "TinyPilot", `USB 1d6b:0104 with manufacturer "tinypilot", product "Multifunction USB Device" matches TinyPilot's default descriptor`, true}},
		{"gadget alone", "1d6b", "0104", "Acme", "Multifunction USB Device", "",
			Class{KindIPKVM, "Linux USB gadget", "USB 1d6b:0104 (Linux Foundation Multifunction Composite Gadget) is the default ID of PiKVM and TinyPilot but also of any Linux USB gadget: supporting evidence only", false}},
		{"blikvm name", "1d6b", "0104", "BliKVM", "BliKVM v4", "",
			Class{KindIPKVM, "BliKVM", `USB 1d6b:0104 manufacturer string "BliKVM" names BliKVM`, true}},
		{"jetkvm other id", "", "", "", "JetKVM Keyboard", "",
			Class{KindIPKVM, "JetKVM", `product string "JetKVM Keyboard" names JetKVM`, true}},
		{"jiggler", "0e0f", "0003", "", "USB Mouse Jiggler", "",
			Class{KindJiggler, "mouse jiggler", `USB 0e0f:0003 product string "USB Mouse Jiggler" names mouse jiggler`, true}},
		{"mouse mover", "1234", "5678", "Generic", "Mouse Mover", "",
			Class{KindJiggler, "mouse jiggler", `USB 1234:5678 product string "Mouse Mover" names mouse jiggler`, true}},
		{"logitech mouse", "046d", "c077", "Logitech", "USB Optical Mouse", "",
			Class{}},
		{"bad ids", "zz", "", "", "", "", Class{}},
	}
	for _, tt := range tests {
		if got := Classify(tt.vid, tt.pid, tt.man, tt.prod, tt.serial); got != tt.want {
			t.Errorf("%s: Classify = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want uint16
		ok   bool
	}{
		{"1d6b", 0x1d6b, true}, {"0x0104", 0x0104, true}, {"VID_046D", 0x046d, true}, {" 4 ", 4, true},
		{"", 0, false}, {"12345", 0, false}, {"0x", 0, false}, {"-1", 0, false}, {"g", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseID(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseID(%q) = %x, %v", tt.in, got, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	b, _ := os.ReadFile("testdata/mini.ids")
	f.Add(string(b))
	f.Add("1d6b\n\t0104\n")
	f.Fuzz(func(t *testing.T, s string) {
		db, err := Parse(strings.NewReader(s), "f.ids")
		if err != nil {
			var ie *bonafide.InputError
			if !errors.As(err, &ie) || ie.File != "f.ids" {
				t.Fatalf("error %v not an InputError", err)
			}
			return
		}
		db.Names(0x1d6b, 0x0104)
	})
}

func FuzzClassify(f *testing.F) {
	f.Add("1d6b", "0104", "PiKVM", "PiKVM Composite Device", "CAFEBABE")
	f.Fuzz(func(t *testing.T, vid, pid, man, prod, ser string) {
		c := Classify(vid, pid, man, prod, ser)
		if c.Kind == "" && (c.Strong || c.Name != "" || c.Evidence != "") {
			t.Fatalf("empty kind with data: %+v", c)
		}
		if c.Kind != "" && c.Evidence == "" {
			t.Fatalf("no evidence: %+v", c)
		}
	})
}
