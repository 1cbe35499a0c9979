package ofac

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bonafide-oss/bonafide/bonafide"
)

const fixture = "testdata/sdn_advanced_small.xml"

const nkRisk = "North Korea Sanctions Regulations, sections 510.201 and 510.210"

// fixtureEntries is what the hand-written fixture holds.
var fixtureEntries = []Entry{
	{
		ID:       "90001",
		Name:     "Paekdu Star IT & Software Cooperation Company",
		Aliases:  []string{"Paektu Star IT Company", "PSIT"},
		Type:     "Entity",
		Programs: []string{"DPRK3", "DPRK4"},
		Lists:    []string{"SDN List"},
		Features: []Feature{
			{Type: "Email Address", Kind: bonafide.KindEmail, Raw: "hr@paekdustar-it.example"},
			{Type: "Email Address", Kind: bonafide.KindEmail, Raw: "Dev.Team@Freelance-Mail.example"},
			{Type: "Website", Kind: bonafide.KindURL, Raw: "https://www.paekdustar-it.example/portfolio"},
			{Type: "Phone Number", Kind: bonafide.KindPhone, Raw: "86 433 555 0199"},
			{Type: "Digital Currency Address - ETH", Kind: bonafide.KindWallet, Raw: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
			{Type: "Digital Currency Address - XBT", Kind: bonafide.KindWallet, Raw: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		},
		SecondarySanctionsRisks: []string{nkRisk},
	},
	{
		ID:         "90002",
		Name:       "Petrov Ivan",                           // the "Primary Latin" name, not the first (Cyrillic) one
		Aliases:    []string{"Петров Иван", "Petrov Vanya"}, // the alias equal to Name is dropped
		Type:       "Individual",
		Programs:   []string{"CYBER2", "SDGT"}, // from the SDN List and the Consolidated List entries
		Lists:      []string{"SDN List", "Consolidated List"},
		BirthDates: []string{"1990-01-02"}, // the Birthdate feature's DatePeriod
		Features: []Feature{
			{Type: "Email Address", Kind: bonafide.KindEmail, Raw: "ivan.petrov@mail.example"},
			{Type: "Digital Currency Address - ETH", Kind: bonafide.KindWallet, Raw: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"},
		},
	},
	{
		ID:                      "90003",
		Name:                    "CHOLLIMA SEA",
		Type:                    "Vessel",
		Programs:                []string{"NPWMD"},
		Lists:                   []string{"SDN List"},
		SecondarySanctionsRisks: []string{nkRisk},
	},
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFixture(t *testing.T) {
	data := readFixture(t)
	l, err := Read(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != "2025-03-07" {
		t.Errorf("Version = %q, want 2025-03-07", l.Version)
	}
	if want := sha256Hex(data); l.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", l.SHA256, want)
	}
	if !reflect.DeepEqual(withoutRaw(l.Entries), fixtureEntries) {
		t.Errorf("entries:\n got %#v\nwant %#v", l.Entries, fixtureEntries)
	}
}

func TestOpenFixture(t *testing.T) {
	data := readFixture(t)
	dir := t.TempDir()
	gz := filepath.Join(dir, "sdn_advanced.xml.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// A bzip2 file under a name that does not say so: recognised by its magic bytes.
	bzNoExt := filepath.Join(dir, "sdn_advanced.bin")
	bz, err := os.ReadFile(fixture + ".bz2")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bzNoExt, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fixture, fixture + ".bz2", gz, bzNoExt} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			l, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if l.Version != "2025-03-07" || l.SHA256 != sha256Hex(data) {
				t.Errorf("Version %q SHA256 %s", l.Version, l.SHA256)
			}
			if !reflect.DeepEqual(withoutRaw(l.Entries), fixtureEntries) {
				t.Errorf("entries:\n got %#v\nwant %#v", l.Entries, fixtureEntries)
			}
		})
	}
}

// TestReadSmallReads reads through readers that return one byte at a time, or data together
// with io.EOF, so that tokens span buffer refills.
func TestReadSmallReads(t *testing.T) {
	data := readFixture(t)
	readers := map[string]func(io.Reader) io.Reader{
		"OneByteReader": iotest.OneByteReader,
		"DataErrReader": iotest.DataErrReader,
		"HalfReader":    iotest.HalfReader,
	}
	for name, wrap := range readers {
		t.Run(name, func(t *testing.T) {
			l, err := Read(wrap(bytes.NewReader(data)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(withoutRaw(l.Entries), fixtureEntries) || l.SHA256 != sha256Hex(data) {
				t.Errorf("entries:\n got %#v\nwant %#v", l.Entries, fixtureEntries)
			}
			_, err = Read(wrap(bytes.NewReader(data[:11096])), nil)
			want := `(reader):221 record DistinctParty FixedRef=90002 field "DistinctParties": truncated XML: input ends at byte offset 11096 (unexpected end of input inside markup)`
			if err == nil || err.Error() != want {
				t.Errorf("truncated: error %v, want %s", err, want)
			}
		})
	}
}

func TestReadKeep(t *testing.T) {
	data := readFixture(t)
	tests := []struct {
		name string
		keep func(*Entry) bool
		want []string
	}{
		{"nil keeps all", nil, []string{"90001", "90002", "90003"}},
		{"IsDPRK", IsDPRK, []string{"90001"}},
		{"HasDPRKNexus", HasDPRKNexus, []string{"90001", "90003"}},
		{"has wallet", func(e *Entry) bool { return len(e.FeaturesOf(bonafide.KindWallet)) > 0 }, []string{"90001", "90002"}},
		{"none", func(*Entry) bool { return false }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(bytes.NewReader(data), tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range l.Entries {
				got = append(got, e.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKeepSeesAssembledEntry(t *testing.T) {
	var seen []Entry
	_, err := Read(bytes.NewReader(readFixture(t)), func(e *Entry) bool {
		seen = append(seen, *e)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withoutRaw(seen), fixtureEntries) {
		t.Errorf("keep saw %#v", seen)
	}
}

func TestFeatureKind(t *testing.T) {
	tests := []struct {
		typ   string
		kind  bonafide.IdentifierKind
		ok    bool
		chain string
	}{
		{"Email Address", bonafide.KindEmail, true, ""},
		{"Website", bonafide.KindURL, true, ""},
		{"Phone Number", bonafide.KindPhone, true, ""},
		{"Digital Currency Address - ETH", bonafide.KindWallet, true, "ETH"},
		{"Digital Currency Address - XBT", bonafide.KindWallet, true, "XBT"},
		{"Digital Currency Address - USDT", bonafide.KindWallet, true, "USDT"},
		{"Birthdate", "", false, ""},
		{"Vessel Call Sign", "", false, ""},
		{"SWIFT/BIC", "", false, ""},
	}
	for _, tt := range tests {
		k, ok := FeatureKind(tt.typ)
		if k != tt.kind || ok != tt.ok {
			t.Errorf("FeatureKind(%q) = %q, %v; want %q, %v", tt.typ, k, ok, tt.kind, tt.ok)
		}
		if c := (Feature{Type: tt.typ}).Chain(); c != tt.chain {
			t.Errorf("Chain(%q) = %q, want %q", tt.typ, c, tt.chain)
		}
	}
}

func TestIsDPRKProgram(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"DPRK", true}, {"DPRK2", true}, {"DPRK3", true}, {"DPRK4", true}, {"DPRK-NKSPEA", true},
		{"dprk3", true}, {" DPRK4 ", true},
		{"NPWMD", false}, {"CYBER2", false}, {"CYBER4", false}, {"SDGT", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsDPRKProgram(tt.code); got != tt.want {
			t.Errorf("IsDPRKProgram(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// cut returns the fixture up to the first occurrence of marker (exclusive), and the offset.
func cut(t *testing.T, data []byte, marker string) ([]byte, int) {
	t.Helper()
	i := bytes.Index(data, []byte(marker))
	if i < 0 {
		t.Fatalf("marker %q not in fixture", marker)
	}
	return data[:i], i
}

func TestReadErrors(t *testing.T) {
	data := readFixture(t)
	inParty, _ := cut(t, data, `<NamePartValue NamePartGroupID="9513"`)
	inTag, _ := cut(t, data, `ScriptID="215" ScriptStatusID="1" Acronym="false">Petrov</NamePartValue>`)
	inEntries, _ := cut(t, data, `<SanctionsEntry ID="90003"`)
	beforeEnd, _ := cut(t, data, `</Sanctions>`)
	replace := func(old, new string) []byte {
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%q not in fixture", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	tests := []struct {
		name string
		in   []byte
		want string // the whole error message
	}{
		{"empty", nil, "(reader):1: not an OFAC SDN advanced XML file: no root element (at byte offset 0)"},
		{"csv", []byte("ent_num,SDN_Name\n36,AEROCARIBBEAN AIRLINES\n"),
			"(reader):1: not an OFAC SDN advanced XML file: text before the root element (at byte offset 0)"},
		{"bzip2 given to Read", []byte("BZh91AY&SY\x00\x01"),
			"(reader):1: input is compressed (bzip2 or gzip): decompress it first or use Open (at byte offset 0)"},
		{"UN list", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"><INDIVIDUALS/></CONSOLIDATED_LIST>`),
			`(reader):1 field "CONSOLIDATED_LIST": not an OFAC SDN advanced XML file: root element is <CONSOLIDATED_LIST>, want <Sanctions> (at byte offset 21)`},
		{"no DateOfIssue", []byte(`<Sanctions><DistinctParties/><SanctionsEntries/></Sanctions>`),
			`(reader):1 field "DateOfIssue": not an OFAC SDN advanced XML file: no DateOfIssue (at byte offset 48)`},
		{"no SanctionsEntries", []byte(`<Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day></DateOfIssue><DistinctParties/></Sanctions>`),
			`(reader):1 field "SanctionsEntries": not an OFAC SDN advanced XML file: no SanctionsEntries (at byte offset 101)`},
		{"bad date", replace("<Month>3</Month>", "<Month>13</Month>"),
			`(reader):9 field "DateOfIssue": invalid issue date Year="2025" Month="13" Day="7" (at byte offset 717)`},
		{"truncated in a party", inParty,
			`(reader):221 record DistinctParty FixedRef=90002 field "DistinctParties": truncated XML: input ends at byte offset 11058 (unexpected end of input: <DocumentedNamePart> not closed)`},
		{"truncated in a tag", inTag,
			`(reader):221 record DistinctParty FixedRef=90002 field "DistinctParties": truncated XML: input ends at byte offset 11096 (unexpected end of input inside markup)`},
		{"truncated in entries", inEntries,
			`(reader):384 field "SanctionsEntries": truncated XML: input ends at byte offset 18586 (unexpected end of input: <SanctionsEntries> not closed)`},
		{"truncated before root end", beforeEnd,
			`(reader):403: truncated XML: input ends at byte offset 19340 (unexpected end of input: <Sanctions> not closed)`},
		{"mismatched end tag", replace("</Alias>\n          <NamePartGroups>", "</Aliases>\n          <NamePartGroups>"),
			`(reader):128 record DistinctParty FixedRef=90001 field "DistinctParties": malformed XML at byte offset 6569: element <Alias> closed by </Aliases>`},
		{"unknown entity", replace("IT &amp; Software", "IT &nbsp; Software"),
			`(reader):111 record DistinctParty FixedRef=90001 field "DistinctParties": malformed XML at byte offset 5590: unknown entity &nbsp;`},
		{"invalid UTF-8", replace("Петров", "\xff\xfe"),
			`(reader):213 record DistinctParty FixedRef=90002 field "DistinctParties": malformed XML at byte offset 10636: invalid UTF-8`},
		{"text after root", append(append([]byte{}, data...), "junk"...),
			"(reader):403: text after the root element (at byte offset 19352)"},
		{"second root", append(append([]byte{}, data...), "<Sanctions/>"...),
			`(reader):404 field "Sanctions": content after the root element (at byte offset 19353)`},
		{"duplicate party", replace(`<DistinctParty FixedRef="90002">
      <Comment />
      <Profile ID="90002"`, `<DistinctParty FixedRef="90002">
      <Comment />
      <Profile ID="90001"`),
			`(reader):208 record DistinctParty FixedRef=90002 field "Profile": duplicate Profile ID 90001 (at byte offset 10218)`},
		{"non-UTF-8 encoding", replace(`encoding="utf-8"`, `encoding="ISO-8859-1"`),
			`(reader):1: malformed XML at byte offset 0: unsupported encoding "ISO-8859-1" (want UTF-8)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(bytes.NewReader(tt.in), nil)
			if err == nil {
				t.Fatalf("no error; %d entries", len(l.Entries))
			}
			if l != nil {
				t.Errorf("list %v returned with error", l)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if k := bonafide.KindOf(err); k != bonafide.Invalid {
				t.Errorf("kind %s, want invalid", k)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	bz, err := os.ReadFile(fixture + ".bz2")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	corrupt := append([]byte{}, bz...)
	for i := 100; i < 200; i++ {
		corrupt[i] ^= 0x55
	}
	tests := []struct {
		name string
		path string
		kind bonafide.ErrorKind
		want string // substring of the message
	}{
		{"missing", filepath.Join(dir, "nope.xml.bz2"), bonafide.NotFound, "no such file"},
		{"bz2 name, plain content", write("plain.xml.bz2", readFixture(t)), bonafide.Invalid,
			"plain.xml.bz2: name ends in .bz2 but the content is not bz2-compressed"},
		{"truncated bz2", write("short.xml.bz2", bz[:len(bz)/2]), bonafide.Invalid,
			"short.xml.bz2: truncated compressed data: the stream ends after 0 bytes of XML: unexpected EOF"},
		{"corrupt bz2", write("bad.xml.bz2", corrupt), bonafide.Invalid, "bad.xml.bz2: corrupt compressed data after 0 bytes of XML: bzip2 data invalid"},
		{"empty", write("empty.xml", nil), bonafide.Invalid, "empty.xml:1: not an OFAC SDN advanced XML file: no root element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.path, nil)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if k := bonafide.KindOf(err); k != tt.kind {
				t.Errorf("kind %s, want %s", k, tt.kind)
			}
		})
	}
}

// errReader fails after n bytes.
type errReader struct {
	r io.Reader
	n int
}

func (e *errReader) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, errDisk
	}
	if len(p) > e.n {
		p = p[:e.n]
	}
	n, err := e.r.Read(p)
	e.n -= n
	return n, err
}

var errDisk = errors.New("disk on fire")

func TestReadIOError(t *testing.T) {
	_, err := Read(&errReader{r: bytes.NewReader(readFixture(t)), n: 5000}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, errDisk) {
		t.Fatalf("error %v does not wrap the read error", err)
	}
	if k := bonafide.KindOf(err); k != bonafide.Internal {
		t.Errorf("kind %s, want internal", k)
	}
	if want := "ofac.Read: (reader): reading after 5000 bytes: disk on fire"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// withoutRaw returns copies of entries with the raw-record location cleared, for comparing
// with expectations written without offsets.
func withoutRaw(entries []Entry) []Entry {
	out := make([]Entry, len(entries))
	for i, e := range entries {
		e.RawOffset, e.RawLength = 0, 0
		out[i] = e
	}
	return out
}

// TestRawRecord: every entry's raw record is its own <DistinctParty> element, read back from
// the plain, bzip2 and gzip fixtures alike.
func TestRawRecord(t *testing.T) {
	for _, name := range []string{"sdn_advanced_small.xml", "sdn_advanced_small.xml.bz2", "sdn_advanced.xml.gz"} {
		path := filepath.Join("testdata", name)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		l, err := Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range l.Entries {
			e := &l.Entries[i]
			raw, err := RawRecord(path, e)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			s := string(raw)
			if !strings.HasPrefix(s, "<DistinctParty") || !strings.HasSuffix(s, "</DistinctParty>") || !strings.Contains(s, `FixedRef="`+e.ID+`"`) {
				t.Errorf("%s entry %s: raw record %.80q … %.40q", name, e.ID, s, s[max(0, len(s)-40):])
			}
		}
	}
	if _, err := RawRecord(filepath.Join("testdata", "missing.xml"), &Entry{}); bonafide.KindOf(err) != bonafide.NotFound {
		t.Errorf("missing file: %v", err)
	}
}
