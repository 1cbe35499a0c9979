// Package enrich adds facts about identifiers that their canonical form does not carry. So far:
// e-mail domain classes (disposable mailbox, free webmail), used by the APP-EMAIL-DISPOSABLE
// (Sardine, FBI22) and REF-FREEMAIL-CORPORATE (Crosschq) signals.
package enrich

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Domain classes returned by Domains.Class.
const (
	Disposable = "disposable" // throwaway mailbox service (mailinator.com, yopmail.com, …)
	Freemail   = "freemail"   // free webmail provider (gmail.com, gmx.de, sapo.pt, …)
)

//go:embed disposable.txt
var embeddedDisposable []byte

//go:embed freemail.txt
var embeddedFreemail []byte

// Domains classifies e-mail domains. It is immutable after construction and safe for
// concurrent use.
type Domains struct {
	disposable, freemail         map[string]struct{}
	disposableSrc, freemailSrc   string
	disposableSkip, freemailSkip int
}

// Embedded returns the built-in lists: about a hundred well-known disposable-mailbox domains and
// about a hundred major free-mail providers, compiled by hand from public facts. They keep
// bonafide useful offline; Load reads the full public lists.
func Embedded() *Domains {
	d := &Domains{disposableSrc: "embedded", freemailSrc: "embedded"}
	var err error
	if d.disposable, d.disposableSkip, err = parseList(bytes.NewReader(embeddedDisposable), "disposable.txt"); err != nil {
		panic(err) // compiled-in data; covered by tests
	}
	if d.freemail, d.freemailSkip, err = parseList(bytes.NewReader(embeddedFreemail), "freemail.txt"); err != nil {
		panic(err)
	}
	return d
}

// Load reads a disposable-domain blocklist and a free-mail list, one domain per line with "#"
// comments (the formats of disposable-email-domains' disposable_email_blocklist.conf and
// willwhite/freemail's free.txt). A path of "" keeps the embedded list of that class; a file's
// domains are added to it (the embedded lists stay as a floor: the 2020 free-mail list lacks
// proton.me and other newer providers). Lines that are not domain names (no dot, spaces, stray text such as "404: not
// found") are skipped and counted (Skipped).
//
// Errors: a missing file is a bonafide.Error of kind NotFound; a file with no domain at all is
// a *bonafide.InputError naming it (a download that saved an error page, say).
func Load(disposablePath, freemailPath string) (*Domains, error) {
	d := Embedded()
	if disposablePath != "" {
		m, skip, err := readList(disposablePath)
		if err != nil {
			return nil, err
		}
		for k := range d.disposable {
			m[k] = struct{}{}
		}
		d.disposable, d.disposableSkip, d.disposableSrc = m, skip, disposablePath
	}
	if freemailPath != "" {
		m, skip, err := readList(freemailPath)
		if err != nil {
			return nil, err
		}
		for k := range d.freemail {
			m[k] = struct{}{}
		}
		d.freemail, d.freemailSkip, d.freemailSrc = m, skip, freemailPath
	}
	return d, nil
}

func readList(path string) (map[string]struct{}, int, error) {
	f, err := os.Open(path)
	if err != nil {
		kind := bonafide.Internal
		if errors.Is(err, fs.ErrNotExist) {
			kind = bonafide.NotFound
		}
		return nil, 0, &bonafide.Error{Kind: kind, Op: "enrich.Load", Msg: "domain list", Err: err}
	}
	defer f.Close()
	return parseList(f, path)
}

// maxLine bounds one line of a list; domain names are at most 253 bytes.
const maxLine = 64 << 10

func parseList(r io.Reader, name string) (map[string]struct{}, int, error) {
	m := map[string]struct{}{}
	skipped := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		dom, ok := canonicalDomain(s)
		if !ok {
			skipped++
			continue
		}
		m[dom] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, &bonafide.InputError{File: name, Line: line + 1, Msg: "cannot read line", Err: err}
	}
	if len(m) == 0 {
		return nil, 0, &bonafide.InputError{File: name, Msg: "no domain names found"}
	}
	return m, skipped, nil
}

// canonicalDomain lower-cases an ASCII domain name, drops one trailing dot and checks it has at
// least two labels of letters, digits and inner hyphens (punycode "xn--" labels included).
func canonicalDomain(s string) (string, bool) {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if len(s) > 253 || !strings.Contains(s, ".") {
		return "", false
	}
	for label := range strings.SplitSeq(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
		}
	}
	return s, true
}

// Class returns "disposable", "freemail" or "" for a domain (lower-case ASCII or punycode; upper
// case and one trailing dot are tolerated). A subdomain of a listed domain has its class
// (x.mailinator.com is disposable). Disposable wins when a domain is on both lists.
func (d *Domains) Class(domain string) string {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if domain == "" {
		return ""
	}
	if hasSuffixIn(d.disposable, domain) {
		return Disposable
	}
	if hasSuffixIn(d.freemail, domain) {
		return Freemail
	}
	return ""
}

// hasSuffixIn reports whether domain or one of its parent domains is in m.
func hasSuffixIn(m map[string]struct{}, domain string) bool {
	for {
		if _, ok := m[domain]; ok {
			return true
		}
		i := strings.IndexByte(domain, '.')
		if i < 0 {
			return false
		}
		domain = domain[i+1:]
	}
}

// Counts returns how many distinct domains each class holds.
func (d *Domains) Counts() (disposable, freemail int) {
	return len(d.disposable), len(d.freemail)
}

// Skipped returns how many non-empty, non-comment lines of each list were not domain names.
func (d *Domains) Skipped() (disposable, freemail int) {
	return d.disposableSkip, d.freemailSkip
}

// Source says where the lists came from: "embedded" when both are built in, else
// "disposable=<path or embedded>, freemail=<path or embedded>".
func (d *Domains) Source() string {
	if d.disposableSrc == "embedded" && d.freemailSrc == "embedded" {
		return "embedded"
	}
	return fmt.Sprintf("disposable=%s, freemail=%s", d.disposableSrc, d.freemailSrc)
}
