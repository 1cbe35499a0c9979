package ofac

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// fuzzDoc is a minimal document in the shape of the SDN file: one party with a name, an e-mail
// feature and a program.
const fuzzDoc = `<?xml version="1.0" encoding="utf-8"?><Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day></DateOfIssue>` +
	`<ReferenceValueSets><FeatureTypeValues><FeatureType ID="21">Email Address</FeatureType></FeatureTypeValues>` +
	`<PartySubTypeValues><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType></PartySubTypeValues>` +
	`<PartyTypeValues><PartyType ID="2">Entity</PartyType></PartyTypeValues>` +
	`<SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType></SanctionsTypeValues></ReferenceValueSets>` +
	`<DistinctParties><DistinctParty FixedRef="1"><Profile ID="1" PartySubTypeID="3"><Identity><Alias Primary="true">` +
	`<DocumentedName DocNameStatusID="1"><DocumentedNamePart><NamePartValue>A &amp; B</NamePartValue></DocumentedNamePart>` +
	`</DocumentedName></Alias></Identity><Feature FeatureTypeID="21"><FeatureVersion><VersionDetail DetailTypeID="1432">a@b.example</VersionDetail>` +
	`</FeatureVersion></Feature></Profile></DistinctParty></DistinctParties>` +
	`<SanctionsEntries><SanctionsEntry ID="1" ProfileID="1" ListID="1550"><SanctionsMeasure SanctionsTypeID="1"><Comment>DPRK3</Comment>` +
	`</SanctionsMeasure></SanctionsEntry></SanctionsEntries></Sanctions>`

// fuzzSeeds adds small inputs (kept small so that minimising new inputs stays quick).
func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		fuzzDoc,
		fuzzDoc[:len(fuzzDoc)/2],
		`<Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day></DateOfIssue><DistinctParties/><SanctionsEntries/></Sanctions>`,
		`<a x='1' y="&lt;&#65;&#x42;">t<![CDATA[<c>]]><!-- c --><?pi x?><b/></a>`,
		"\ufeff<a>\r\n</a>",
		`<!DOCTYPE a [<!ELEMENT a ANY>]><a/>`,
		`<a></b>`,
		`<a b=1/>`,
		`<a>&unknown;</a>`,
		"<a>\x00</a>",
	} {
		f.Add([]byte(s))
	}
}

// FuzzRead checks that Read never panics, returns either a list or a classified error, and
// that what it returns is well formed.
func FuzzRead(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(bytes.NewReader(data), nil)
		if err != nil {
			if l != nil {
				t.Fatal("list and error both returned")
			}
			var ie *bonafide.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v is not an *InputError", err, err)
			}
			return
		}
		if len(l.Version) != 10 || len(l.SHA256) != 64 {
			t.Fatalf("version %q sha %q", l.Version, l.SHA256)
		}
		for _, e := range l.Entries {
			if e.ID == "" {
				t.Fatalf("entry without ID: %#v", e)
			}
			for _, ft := range e.Features {
				if k, ok := FeatureKind(ft.Type); !ok || k != ft.Kind || ft.Raw == "" {
					t.Fatalf("bad feature %#v", ft)
				}
			}
		}
	})
}

// FuzzScanner compares the scanner with encoding/xml: whatever encoding/xml accepts in strict
// mode, the scanner must accept and tokenize the same (names, attributes, text).
func FuzzScanner(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		mine, myErr := scannerTokens(bytes.NewReader(data))
		// Byte by byte, every token spans buffer refills: the result must not change.
		slow, slowErr := scannerTokens(iotest.OneByteReader(bytes.NewReader(data)))
		if slow != mine || fmt.Sprint(slowErr) != fmt.Sprint(myErr) {
			t.Fatalf("byte-by-byte reading differs for %q:\n%s %v\n%s %v", data, mine, myErr, slow, slowErr)
		}
		if hasDirective(data) {
			return // DOCTYPE and other directives: encoding/xml parses them more loosely
		}
		want, ok := encodingXMLTokens(data)
		if !ok {
			return
		}
		if myErr != nil {
			t.Fatalf("encoding/xml accepts %q, the scanner fails: %v", data, myErr)
		}
		if mine != want {
			t.Fatalf("tokens differ for %q:\nscanner      %s\nencoding/xml %s", data, mine, want)
		}
	})
}

// hasDirective reports whether data has "<!" other than a comment or CDATA start.
func hasDirective(data []byte) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("<!"))
		if j < 0 {
			return false
		}
		rest := data[i+j+2:]
		if !bytes.HasPrefix(rest, []byte("--")) && !bytes.HasPrefix(rest, []byte("[CDATA[")) {
			return true
		}
		i += j + 2
	}
}

// scannerTokens renders the scanner's tokens as text: S<name a="v">, E<name>, T"text"
// (adjacent text merged).
func scannerTokens(r io.Reader) (string, error) {
	s := newScanner(r)
	var out strings.Builder
	var text []byte
	flush := func() {
		if len(text) > 0 {
			fmt.Fprintf(&out, "T%q ", text)
			text = text[:0]
		}
	}
	for {
		k, err := s.Next()
		if err != nil {
			return out.String(), err
		}
		switch k {
		case tokEOF:
			flush()
			return out.String(), nil
		case tokText:
			b, err := s.Text()
			if err != nil {
				return out.String(), err
			}
			text = append(text, b...)
		case tokStart:
			flush()
			fmt.Fprintf(&out, "S<%s", s.Name())
			for _, a := range s.attrs {
				v, err := s.decode(a.value, true, s.tokOff, &s.scratch2)
				if err != nil {
					return out.String(), err
				}
				fmt.Fprintf(&out, " %s=%q", a.name, v)
			}
			out.WriteString("> ")
		case tokEnd:
			flush()
			fmt.Fprintf(&out, "E<%s> ", s.Name())
		}
	}
}

// encodingXMLTokens renders encoding/xml's tokens like scannerTokens; ok is false when
// encoding/xml (strict, checking end tags) rejects the input.
func encodingXMLTokens(data []byte) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", false
		}
	}
	d = xml.NewDecoder(bytes.NewReader(data))
	var out strings.Builder
	var text []byte
	flush := func() {
		if len(text) > 0 {
			fmt.Fprintf(&out, "T%q ", text)
			text = text[:0]
		}
	}
	raw := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			flush()
			return out.String(), true
		}
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			flush()
			fmt.Fprintf(&out, "S<%s", raw(t.Name))
			for _, a := range t.Attr {
				fmt.Fprintf(&out, " %s=%q", raw(a.Name), a.Value)
			}
			out.WriteString("> ")
		case xml.EndElement:
			flush()
			fmt.Fprintf(&out, "E<%s> ", raw(t.Name))
		}
	}
}
