package ofac

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"encoding/xml"
	"fmt"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

const realFile = "sanctions/ofac/sdn_advanced.xml.bz2"

var real struct {
	once sync.Once
	list *List
	err  error
}

// realList opens the real SDN file once for all tests.
func realList(t *testing.T) *List {
	t.Helper()
	path := shareddata.Path(t, realFile)
	real.once.Do(func() { real.list, real.err = Open(path, nil) })
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.list
}

func TestRealFile(t *testing.T) {
	l := realList(t)
	if l.Version != "2025-11-19" {
		t.Errorf("Version = %q, want 2025-11-19", l.Version)
	}
	// sdn_advanced_checksum.txt holds the SHA-256 of the uncompressed XML:
	// "SHA256(sdn_advanced.xml) = 36c5…".
	sum, err := os.ReadFile(shareddata.Path(t, "sanctions/ofac/sdn_advanced_checksum.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, want, ok := strings.Cut(strings.TrimSpace(string(sum)), "= ")
	if !ok || l.SHA256 != want {
		t.Errorf("SHA256 = %s, checksum file says %q", l.SHA256, sum)
	}

	// The data README says 18,367 parties and 538 under DPRK programs; both hold.
	if len(l.Entries) != 18367 {
		t.Errorf("%d entries, want 18367", len(l.Entries))
	}
	types := map[string]int{}
	var dprk, nexus, noName, noProgram int
	dprkWith := map[bonafide.IdentifierKind]int{} // DPRK entries having at least one feature of a kind
	dprkFeatures := map[bonafide.IdentifierKind]int{}
	for i := range l.Entries {
		e := &l.Entries[i]
		types[e.Type]++
		if e.Name == "" {
			noName++
		}
		if len(e.Programs) == 0 {
			noProgram++
		}
		if HasDPRKNexus(e) {
			nexus++
		}
		if !IsDPRK(e) {
			continue
		}
		dprk++
		seen := map[bonafide.IdentifierKind]bool{}
		for _, f := range e.Features {
			dprkFeatures[f.Kind]++
			if !seen[f.Kind] {
				seen[f.Kind] = true
				dprkWith[f.Kind]++
			}
		}
	}
	if want := map[string]int{"Entity": 9359, "Individual": 7303, "Vessel": 1370, "Aircraft": 335}; !reflect.DeepEqual(types, want) {
		t.Errorf("types %v, want %v", types, want)
	}
	if noName != 0 || noProgram != 0 {
		t.Errorf("%d entries without a name, %d without a program", noName, noProgram)
	}
	if dprk != 538 {
		t.Errorf("%d DPRK entries, want 538", dprk)
	}
	// 130 more parties are NPWMD-only with North Korea secondary sanctions risk.
	if nexus != 668 {
		t.Errorf("%d entries with a DPRK nexus, want 668", nexus)
	}
	t.Logf("issue %s: %d entries, %d DPRK, %d with a DPRK nexus", l.Version, len(l.Entries), dprk, nexus)
	t.Logf("DPRK entries with email %d, website %d, phone %d, wallet %d",
		dprkWith[bonafide.KindEmail], dprkWith[bonafide.KindURL], dprkWith[bonafide.KindPhone], dprkWith[bonafide.KindWallet])
	t.Logf("DPRK features: email %d, website %d, phone %d, wallet %d",
		dprkFeatures[bonafide.KindEmail], dprkFeatures[bonafide.KindURL], dprkFeatures[bonafide.KindPhone], dprkFeatures[bonafide.KindWallet])
	wantWith := map[bonafide.IdentifierKind]int{bonafide.KindEmail: 8, bonafide.KindURL: 5, bonafide.KindPhone: 2, bonafide.KindWallet: 9}
	if !reflect.DeepEqual(dprkWith, wantWith) {
		t.Errorf("DPRK entries per feature kind %v, want %v", dprkWith, wantWith)
	}
	wantFeatures := map[bonafide.IdentifierKind]int{bonafide.KindEmail: 27, bonafide.KindURL: 14, bonafide.KindPhone: 3, bonafide.KindWallet: 115}
	if !reflect.DeepEqual(dprkFeatures, wantFeatures) {
		t.Errorf("DPRK features per kind %v, want %v", dprkFeatures, wantFeatures)
	}
}

// TestRealFileEntries checks well-known DPRK IT-worker related and DPRK cyber parties.
func TestRealFileEntries(t *testing.T) {
	l := realList(t)
	byID := make(map[string]*Entry, len(l.Entries))
	for i := range l.Entries {
		byID[l.Entries[i].ID] = &l.Entries[i]
	}
	tests := []struct {
		id       string
		name     string
		typ      string
		programs []string
		alias    string    // one of the aliases, when set
		features []Feature // must all be present
		nFeat    int       // number of digital/contact features
		dprk     bool      // IsDPRK
		nexus    bool      // HasDPRKNexus
	}{
		// DPRK IT-worker front companies: listed without e-mail or website features in this issue.
		{id: "43379", name: "Chinyong Information Technology Cooperation Company", typ: "Entity",
			programs: []string{"DPRK2"}, alias: "Jinyong IT Cooperation Company", dprk: true, nexus: true},
		{id: "24977", name: "Yanbian Silverstar Network Technology Co., Ltd.", typ: "Entity",
			programs: []string{"DPRK3", "DPRK4"}, alias: "Yanbian Silverstar", dprk: true, nexus: true},
		{id: "24978", name: "Volasys Silver Star", typ: "Entity", programs: []string{"DPRK3", "DPRK4"}, dprk: true, nexus: true},
		{id: "54764", name: "Korea Sobaeksu Trading Corporation", typ: "Entity", programs: []string{"NPWMD"},
			alias: "Korea Sobaeksu United Corporation", dprk: false, nexus: true},
		{id: "55062", name: "Shenyang Geumpungri Network Technology Co., Ltd", typ: "Entity", programs: []string{"DPRK2"}, dprk: true, nexus: true},
		// IT-worker revenue facilitators with wallets.
		{id: "43377", name: "Kim Sang Man", typ: "Individual", programs: []string{"DPRK4"}, nFeat: 6, dprk: true, nexus: true,
			features: []Feature{
				{"Digital Currency Address - XBT", bonafide.KindWallet, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"},
				{"Digital Currency Address - ETH", bonafide.KindWallet, "0x97b1043abd9e6fc31681635166d430a458d14f9c"},
				{"Digital Currency Address - USDT", bonafide.KindWallet, "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40"},
			}},
		{id: "55065", name: "Andreyev Vitaliy Sergeyevich", typ: "Individual", programs: []string{"DPRK2"}, nFeat: 1, dprk: true, nexus: true,
			features: []Feature{{"Digital Currency Address - XBT", bonafide.KindWallet, "1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T"}}},
		{id: "42498", name: "Sim Hyon Sop", typ: "Individual", programs: []string{"NPWMD"}, nFeat: 3, dprk: false, nexus: true,
			features: []Feature{{"Digital Currency Address - ETH", bonafide.KindWallet, "0x4f47bc496083c727c5fbe3ce9cdf2b0f6496270c"}}},
		// An IT worker designated under a cyber program, with a webmail address.
		{id: "49970", name: "Song Kum Hyok", typ: "Individual", programs: []string{"CYBER4"}, nFeat: 1, dprk: false, nexus: false,
			features: []Feature{{"Email Address", bonafide.KindEmail, "wangge327@yahoo.com"}}},
		// DPRK parties with e-mail, website and phone features.
		{id: "52131", name: "Okryu Trading Company", typ: "Entity", programs: []string{"DPRK4"}, nFeat: 1, dprk: true, nexus: true,
			features: []Feature{{"Email Address", bonafide.KindEmail, "okryu@star-co.net.kp"}}},
		{id: "45430", name: "Kimsuky", typ: "Entity", programs: []string{"DPRK2"}, dprk: true, nexus: true, nFeat: 25,
			features: []Feature{
				{"Email Address", bonafide.KindEmail, "hongsiao@naver.com"},
				{"Email Address", bonafide.KindEmail, "syshim10@mofa.lat"},
				{"Website", bonafide.KindURL, "onerearth.xyz"},
			}},
		{id: "44437", name: "Sinbad", typ: "Entity", programs: []string{"CYBER2", "DPRK3"}, nFeat: 6, dprk: true, nexus: true,
			features: []Feature{
				{"Website", bonafide.KindURL, "https://sinbad.io"},
				{"Email Address", bonafide.KindEmail, "support@sinbad.io"},
				{"Digital Currency Address - XBT", bonafide.KindWallet, "bc1qq7p0es3dv5hcynjjf40f2xjjr6qp5py47d2f6n847vduuq9gvnyq7y9ecd"},
			}},
		{id: "28263", name: "Tian Yinyin", typ: "Individual", programs: []string{"CYBER2", "DPRK3"}, nFeat: 10, dprk: true, nexus: true,
			features: []Feature{
				{"Email Address", bonafide.KindEmail, "417136259@qq.com"},
				{"Phone Number", bonafide.KindPhone, "8613621583465"},
				{"Digital Currency Address - XBT", bonafide.KindWallet, "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"},
			}},
		{id: "27307", name: "Lazarus Group", typ: "Entity", programs: []string{"DPRK3"}, nFeat: 8, dprk: true, nexus: true,
			features: []Feature{{"Digital Currency Address - ETH", bonafide.KindWallet, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"}}},
		// Not DPRK at all.
		{id: "36", name: "AEROCARIBBEAN AIRLINES", typ: "Entity", programs: []string{"CUBA"}, alias: "AERO-CARIBBEAN"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e := byID[tt.id]
			if e == nil {
				t.Fatalf("FixedRef %s not in the list", tt.id)
			}
			if e.Name != tt.name || e.Type != tt.typ || !slices.Equal(e.Programs, tt.programs) {
				t.Errorf("got %q %s %v, want %q %s %v", e.Name, e.Type, e.Programs, tt.name, tt.typ, tt.programs)
			}
			if tt.alias != "" && !slices.Contains(e.Aliases, tt.alias) {
				t.Errorf("aliases %q lack %q", e.Aliases, tt.alias)
			}
			if len(e.Features) != tt.nFeat {
				t.Errorf("%d features, want %d: %v", len(e.Features), tt.nFeat, e.Features)
			}
			for _, f := range tt.features {
				if !slices.Contains(e.Features, f) {
					t.Errorf("feature %v missing from %v", f, e.Features)
				}
			}
			if IsDPRK(e) != tt.dprk || HasDPRKNexus(e) != tt.nexus {
				t.Errorf("IsDPRK %v HasDPRKNexus %v, want %v %v", IsDPRK(e), HasDPRKNexus(e), tt.dprk, tt.nexus)
			}
		})
	}
}

// TestRealFileWallets cross-checks the wallet features against the per-chain address lists
// published from the same issue (brave-intl/ofac-sanctioned-digital-currency-addresses).
func TestRealFileWallets(t *testing.T) {
	l := realList(t)
	for _, chain := range []string{"ETH", "XBT", "USDT", "TRX"} {
		t.Run(chain, func(t *testing.T) {
			b, err := os.ReadFile(shareddata.Path(t, "sanctions/ofac/sanctioned_addresses_"+chain+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, s := range strings.Fields(string(b)) {
				want[s] = true
			}
			got := map[string]bool{}
			for i := range l.Entries {
				for _, f := range l.Entries[i].Features {
					if f.Chain() == chain {
						got[f.Raw] = true
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d distinct %s addresses, the published list has %d", len(got), chain, len(want))
				for s := range want {
					if !got[s] {
						t.Errorf("missing %s", s)
					}
				}
				for s := range got {
					if !want[s] {
						t.Errorf("extra %s", s)
					}
				}
			}
		})
	}
}

// TestRealFileMatchesEncodingXML compares every entry with an independent reader built on
// encoding/xml's reflection decoder.
func TestRealFileMatchesEncodingXML(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (decodes 121 MB with encoding/xml)")
	}
	l := realList(t)
	f, err := os.Open(shareddata.Path(t, realFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := referenceRead(bzip2.NewReader(bufio.NewReader(f)))
	if err != nil {
		t.Fatal(err)
	}
	if ref.Version != l.Version || len(ref.Entries) != len(l.Entries) {
		t.Fatalf("reference: %s %d entries; reader: %s %d", ref.Version, len(ref.Entries), l.Version, len(l.Entries))
	}
	bad := 0
	for i := range l.Entries {
		if !reflect.DeepEqual(withoutRaw(l.Entries[i:i+1]), ref.Entries[i:i+1]) {
			t.Errorf("entry %d differs:\n got %#v\nwant %#v", i, l.Entries[i], ref.Entries[i])
			if bad++; bad > 5 {
				t.FailNow()
			}
		}
	}
}

func TestFixtureMatchesEncodingXML(t *testing.T) {
	ref, err := referenceRead(bytes.NewReader(readFixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	if ref.Version != "2025-03-07" || !reflect.DeepEqual(ref.Entries, fixtureEntries) {
		t.Errorf("reference reader disagrees on the fixture:\n%#v", ref)
	}
}

// referenceRead is a slow, independent implementation of Read on encoding/xml (no errors
// beyond XML syntax, no checksum), used as an oracle.
// ymd is a DatePeriod's Year, Month and Day, for referenceRead.
type ymd struct {
	Year  int `xml:"Year"`
	Month int `xml:"Month"`
	Day   int `xml:"Day"`
}

func (d ymd) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func referenceRead(r io.Reader) (*List, error) {
	type item struct {
		ID        string `xml:"ID,attr"`
		PartyType string `xml:"PartyTypeID,attr"`
		Text      string `xml:",chardata"`
	}
	type refSets struct {
		FeatureType     []item `xml:"FeatureTypeValues>FeatureType"`
		PartySubType    []item `xml:"PartySubTypeValues>PartySubType"`
		PartyType       []item `xml:"PartyTypeValues>PartyType"`
		DocNameStatus   []item `xml:"DocNameStatusValues>DocNameStatus"`
		DetailReference []item `xml:"DetailReferenceValues>DetailReference"`
		SanctionsType   []item `xml:"SanctionsTypeValues>SanctionsType"`
		List            []item `xml:"ListValues>List"`
	}
	type party struct {
		FixedRef string `xml:"FixedRef,attr"`
		Profile  struct {
			ID       string `xml:"ID,attr"`
			SubType  string `xml:"PartySubTypeID,attr"`
			Identity []struct {
				Alias []struct {
					Primary string `xml:"Primary,attr"`
					Names   []struct {
						Status string   `xml:"DocNameStatusID,attr"`
						Parts  []string `xml:"DocumentedNamePart>NamePartValue"`
					} `xml:"DocumentedName"`
				} `xml:"Alias"`
			} `xml:"Identity"`
			Feature []struct {
				Type   string `xml:"FeatureTypeID,attr"`
				Detail []struct {
					Ref  string `xml:"DetailReferenceID,attr"`
					Text string `xml:",chardata"`
				} `xml:"FeatureVersion>VersionDetail"`
				Period []struct {
					From ymd `xml:"Start>From"`
					To   ymd `xml:"End>To"`
				} `xml:"FeatureVersion>DatePeriod"`
			} `xml:"Feature"`
		} `xml:"Profile"`
	}
	type sanctionsEntry struct {
		ProfileID string `xml:"ProfileID,attr"`
		ListID    string `xml:"ListID,attr"`
		Measures  []struct {
			Type    string `xml:"SanctionsTypeID,attr"`
			Comment string `xml:"Comment"`
		} `xml:"SanctionsMeasure"`
	}
	var (
		date    struct{ Year, Month, Day int }
		sets    refSets
		parties []party
		entries []sanctionsEntry
	)
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "DateOfIssue":
			err = d.DecodeElement(&date, &se)
		case "ReferenceValueSets":
			err = d.DecodeElement(&sets, &se)
		case "DistinctParty":
			var p party
			err = d.DecodeElement(&p, &se)
			parties = append(parties, p)
		case "SanctionsEntry":
			var e sanctionsEntry
			err = d.DecodeElement(&e, &se)
			entries = append(entries, e)
		case "Locations", "IDRegDocuments", "ProfileRelationships":
			err = d.Skip()
		}
		if err != nil {
			return nil, err
		}
	}
	lookup := func(items []item) map[string]item {
		m := map[string]item{}
		for _, it := range items {
			it.Text = strings.TrimSpace(it.Text)
			m[it.ID] = it
		}
		return m
	}
	featureTypes, subTypes, partyTypes := lookup(sets.FeatureType), lookup(sets.PartySubType), lookup(sets.PartyType)
	statuses, details, sanctionsTypes, lists := lookup(sets.DocNameStatus), lookup(sets.DetailReference), lookup(sets.SanctionsType), lookup(sets.List)
	add := func(list []string, s string) []string {
		if s == "" || slices.Contains(list, s) {
			return list
		}
		return append(list, s)
	}
	out := &List{Version: fmt.Sprintf("%04d-%02d-%02d", date.Year, date.Month, date.Day)}
	index := map[string]int{}
	for _, p := range parties {
		e := Entry{ID: p.FixedRef}
		st := subTypes[p.Profile.SubType]
		e.Type = st.Text
		if e.Type == "Unknown" || e.Type == "" {
			e.Type = partyTypes[st.PartyType].Text
		}
		type name struct {
			primary, latin bool
			text           string
		}
		var names []name
		for _, id := range p.Profile.Identity {
			for _, a := range id.Alias {
				for _, n := range a.Names {
					var parts []string
					for _, s := range n.Parts {
						if s = strings.TrimSpace(s); s != "" {
							parts = append(parts, s)
						}
					}
					if len(parts) > 0 {
						names = append(names, name{a.Primary == "true", statuses[n.Status].Text == "Primary Latin", strings.Join(parts, " ")})
					}
				}
			}
		}
		primary := -1
		for i, n := range names {
			if n.primary && (primary < 0 || n.latin && !names[primary].latin) {
				primary = i
			}
		}
		if primary >= 0 {
			e.Name = names[primary].text
		}
		for i, n := range names {
			if i != primary && n.text != e.Name {
				e.Aliases = add(e.Aliases, n.text)
			}
		}
		for _, f := range p.Profile.Feature {
			typ := featureTypes[f.Type].Text
			for _, d := range f.Period {
				if typ != "Birthdate" {
					continue
				}
				from, to := d.From.String(), d.To.String()
				if to != "" && to != from {
					from += "/" + to
				}
				if from != "" {
					e.BirthDates = add(e.BirthDates, from)
				}
			}
			for _, det := range f.Detail {
				text := strings.TrimSpace(det.Text)
				if k, ok := FeatureKind(typ); ok && text != "" {
					e.Features = append(e.Features, Feature{Type: typ, Kind: k, Raw: text})
				}
				if typ == "Secondary sanctions risk:" && det.Ref != "" {
					e.SecondarySanctionsRisks = add(e.SecondarySanctionsRisks, details[det.Ref].Text)
				}
			}
		}
		index[p.Profile.ID] = len(out.Entries)
		out.Entries = append(out.Entries, e)
	}
	for _, se := range entries {
		i, ok := index[se.ProfileID]
		if !ok {
			continue
		}
		e := &out.Entries[i]
		e.Lists = add(e.Lists, lists[se.ListID].Text)
		for _, m := range se.Measures {
			if sanctionsTypes[m.Type].Text == "Program" {
				e.Programs = add(e.Programs, strings.TrimSpace(m.Comment))
			}
		}
	}
	return out, nil
}

// Benchmarks on the real 2025-11-19 issue (3.4 MB bzip2, 121 MB XML). Run with
//
//	go test -run '^$' -bench . -benchtime 5x ./internal/watchlist/ofac/

// cpuTime returns the process's user+system CPU time; benchmarks report it per op ("cpu-ms/op")
// beside the wall time, because on a shared machine the wall time depends on the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs fn b.N times and reports the CPU time per op.
func loop(b *testing.B, fn func()) {
	start := cpuTime()
	n := 0
	for b.Loop() {
		fn()
		n++
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(n), "cpu-ms/op")
}

// BenchmarkOpen is the whole job: decompress the .bz2 and parse, overlapped on two goroutines.
func BenchmarkOpen(b *testing.B) {
	path := shareddata.Path(b, realFile)
	b.ReportAllocs()
	loop(b, func() {
		if _, err := Open(path, nil); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkBzip2 is decompression alone, compress/bzip2 to io.Discard: the floor for Open.
func BenchmarkBzip2(b *testing.B) {
	path := shareddata.Path(b, realFile)
	loop(b, func() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, bzip2.NewReader(bufio.NewReaderSize(f, 1<<16)))
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n)
	})
}

// realXML returns the decompressed real file.
func realXML(b *testing.B) []byte {
	f, err := os.Open(shareddata.Path(b, realFile))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(bzip2.NewReader(bufio.NewReader(f)))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkRead is parsing alone (with the SHA-256), from the XML in memory.
func BenchmarkRead(b *testing.B) {
	data := realXML(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	loop(b, func() {
		if _, err := Read(bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkEncodingXMLTokens is the anchor: what encoding/xml alone costs to tokenize the same
// bytes (Decoder.Token to the end, decoding nothing).
func BenchmarkEncodingXMLTokens(b *testing.B) {
	data := realXML(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	loop(b, func() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestRealFileBirthDates: the Birthdate features of the 2025-11-19 issue, as exact dates,
// years and circa ranges.
func TestRealFileBirthDates(t *testing.T) {
	l := realList(t)
	with, ranges := 0, 0
	byID := map[string][]string{}
	for _, e := range l.Entries {
		if len(e.BirthDates) > 0 {
			with++
			byID[e.ID] = e.BirthDates
		}
		for _, d := range e.BirthDates {
			if strings.Contains(d, "/") {
				ranges++
			}
		}
	}
	if with != 7184 || ranges != 1324 {
		t.Errorf("%d parties with a birth date, %d circa ranges; want 7184, 1324", with, ranges)
	}
	for id, want := range map[string][]string{
		"21444": {"1989-09-26"},                                     // Kim Yo Jong
		"2679":  {"1938-01-01/1938-12-31", "1936-01-01/1936-12-31"}, // circa years
	} {
		if !reflect.DeepEqual(byID[id], want) {
			t.Errorf("party %s birth dates %v, want %v", id, byID[id], want)
		}
	}
}

// TestRealFileDPRKPrograms: parties per DPRK programme in the 2025-11-19 issue (a party can be
// under several; 538 distinct parties in all, TestRealFile).
func TestRealFileDPRKPrograms(t *testing.T) {
	l := realList(t)
	got := map[string]int{}
	for _, e := range l.Entries {
		for _, p := range e.Programs {
			if strings.HasPrefix(p, "DPRK") {
				got[p]++
			}
		}
	}
	want := map[string]int{"DPRK": 69, "DPRK2": 124, "DPRK3": 160, "DPRK4": 190, "DPRK-NKSPEA": 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parties per DPRK programme %v, want %v", got, want)
	}
}
