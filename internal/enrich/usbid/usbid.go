// Package usbid names USB devices from endpoint telemetry (vendor and product IDs, and the
// manufacturer / product / serial strings a device reports) and classifies the ones that point
// to a laptop farm: IP-KVM devices (PiKVM, TinyPilot, BliKVM, NanoKVM, JetKVM) that let a
// remote operator drive a company laptop, and mouse jigglers that keep it looking active
// (issue 5, signals TEL-IPKVM, source MSFT26, and TEL-JIGGLER, source community reporting).
//
// USB IDs are supporting evidence, never proof: operators can change a Linux USB gadget's
// strings, and hardware jigglers can clone any real mouse's IDs.
//
// Load reads the linux-usb.org usb.ids database (usb/usb.ids in the reference data folder);
// Default is a tiny embedded table (the IDs Classify relies on) for when it is missing.
package usbid

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// DB maps vendor and product IDs to the names in usb.ids. It is read-only after Load and safe
// for concurrent use.
type DB struct {
	vendors  map[uint16]string
	products map[uint32]string // vid<<16 | pid
	Source   string            // file read, or "embedded"
}

// Default returns the embedded table: the Linux Foundation vendor ID and its gadget product
// IDs (from usb.ids 2026.06.10, entries 1d6b:0100–0104), the only IDs Classify depends on. It
// lacks the ~3,000 vendors and ~20,000 products of the full usb.ids.
func Default() *DB {
	return &DB{
		Source:  "embedded",
		vendors: map[uint16]string{0x1d6b: "Linux Foundation"},
		products: map[uint32]string{
			0x1d6b0100: "PTP Gadget",
			0x1d6b0101: "Audio Gadget",
			0x1d6b0102: "EEM Gadget",
			0x1d6b0103: "NCM (Ethernet) Gadget",
			0x1d6b0104: "Multifunction Composite Gadget",
		},
	}
}

// Load reads a usb.ids file. A missing file is an error wrapping os.ErrNotExist (use Default
// then); bad content is a *bonafide.InputError naming the line and field.
func Load(path string) (*DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "usbid.Load", Err: err}
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads usb.ids text: "vvvv  Vendor" lines, "<TAB>pppp  Product" lines under them,
// deeper-indented interface lines (ignored) and, after the vendor list, other sections
// ("C 00  class", "HID …", …) that are skipped. name is used in errors.
func Parse(r io.Reader, name string) (*DB, error) {
	db := &DB{vendors: map[uint16]string{}, products: map[uint32]string{}, Source: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	inVendor := false
	var vid uint16
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimRight(sc.Text(), " \r")
		if s == "" || s[0] == '#' {
			continue
		}
		switch {
		case strings.HasPrefix(s, "\t\t"):
			continue // interface
		case s[0] == '\t':
			if !inVendor {
				continue // a line of another section
			}
			id, nm, err := idName(s[1:])
			if err != nil {
				return nil, &bonafide.InputError{File: name, Line: line, Field: "product", Msg: err.Error()}
			}
			db.products[uint32(vid)<<16|uint32(id)] = nm
		case isHex4(s):
			id, nm, err := idName(s)
			if err != nil {
				return nil, &bonafide.InputError{File: name, Line: line, Field: "vendor", Msg: err.Error()}
			}
			vid, inVendor = id, true
			db.vendors[vid] = nm
		default:
			inVendor = false // "C 00", "AT 0409", "HID 00", …: other sections
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &bonafide.InputError{File: name, Msg: "read failed", Err: err}
	}
	if len(db.vendors) == 0 {
		return nil, &bonafide.InputError{File: name, Field: "vendor", Msg: "no vendor lines"}
	}
	return db, nil
}

func isHex4(s string) bool {
	if len(s) < 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return len(s) == 4 || s[4] == ' ' || s[4] == '\t'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// idName splits "1d6b  Linux Foundation".
func idName(s string) (uint16, string, error) {
	if len(s) < 4 {
		return 0, "", fmt.Errorf("%q is not \"xxxx  name\"", s)
	}
	id, err := strconv.ParseUint(s[:4], 16, 16)
	if err != nil || (len(s) > 4 && s[4] != ' ' && s[4] != '\t') {
		return 0, "", fmt.Errorf("%q does not start with a 4-digit hex ID", s)
	}
	return uint16(id), strings.TrimSpace(s[4:]), nil
}

// Names returns the vendor and product names for vid:pid ("" when unknown).
func (db *DB) Names(vid, pid uint16) (vendor, product string) {
	return db.vendors[vid], db.products[uint32(vid)<<16|uint32(pid)]
}

// Len returns the number of vendors and products known.
func (db *DB) Len() (vendors, products int) { return len(db.vendors), len(db.products) }

// ParseID parses a USB vendor or product ID as telemetry writes it: "1d6b", "1D6B",
// "0x1d6b", "VID_1D6B", "PID_0104".
func ParseID(s string) (uint16, error) {
	t := strings.TrimSpace(s)
	if len(t) > 4 && (strings.EqualFold(t[:4], "vid_") || strings.EqualFold(t[:4], "pid_")) {
		t = t[4:]
	} else if len(t) > 2 && (t[:2] == "0x" || t[:2] == "0X") {
		t = t[2:]
	}
	if t == "" || len(t) > 4 {
		return 0, errors.New("not a 16-bit hex USB ID: " + strconv.Quote(s))
	}
	n, err := strconv.ParseUint(t, 16, 16)
	if err != nil {
		return 0, errors.New("not a 16-bit hex USB ID: " + strconv.Quote(s))
	}
	return uint16(n), nil
}
