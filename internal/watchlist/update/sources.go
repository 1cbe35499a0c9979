// Package update keeps a managed reference-data folder current: it downloads each reference
// list (sanctions lists, e-mail domain lists, the LOLRMM catalogue, usb.ids) from its publisher,
// or imports it from a local folder, validates it with the project's own reader, and swaps it in
// atomically, recording what it fetched in a manifest (lists.json) in the folder.
//
// The managed folder has the layout of the project's ../shared/data (for example
// sanctions/un/UN_consolidated.xml, email/freemail.txt), so scan and screen read it like any
// --data folder. Its default location is DefaultDir. See docs/lists.md.
//
// Update semantics, per list: a conditional GET (If-None-Match / If-Modified-Since from the
// manifest; 304 means unchanged); checksum verification when the Source names a checksum URL;
// the download goes to a staging folder inside the data folder (same file system), is validated,
// then renamed over the old file. On any failure the previous file stays byte-identical, the
// staging folder is removed and Result.Err names the list, the URL and what failed. One failing
// list does not stop the others.
package update

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/watchlist/eu"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofac"
	"github.com/bonafide-oss/bonafide/internal/watchlist/ofaclegacy"
	"github.com/bonafide-oss/bonafide/internal/watchlist/uk"
	"github.com/bonafide-oss/bonafide/internal/watchlist/un"
)

// File is one file of a list: where it is published and where it lives in the data folder.
type File struct {
	// URL is the publisher's download address. Tests and the --url flag replace it.
	URL string
	// Path is the file's slash-separated path relative to the data folder.
	Path string
	// Alt are other names the same file may have in a folder (relative paths): an import takes
	// the first of Path, Alt... that exists and keeps its name; a download writes Path and
	// removes any Alt copy so that readers do not see a stale file.
	Alt []string
	// ChecksumURL, when set, is fetched after the download; the file's SHA-256 must appear in
	// it (formats: "SHA256(name) = hex", "hex  name" or a bare hex digest).
	ChecksumURL string
	// ChecksumFile, when set, is the data-folder path of a checksum file the publisher ships
	// beside the list ("SHA256(sdn_advanced.xml) = hex"); an import (--from) that finds it
	// checks the SHA-256 of the file's content — decompressed, when the copy is .bz2 or .gz —
	// against it, and refuses a mismatch.
	ChecksumFile string
	// NPM, when true, makes URL an npm registry metadata address
	// ("https://registry.npmjs.org/<package>/latest"): the file is the tarball it names
	// (dist.tarball), verified against the registry's dist.integrity (sha512).
	NPM bool
}

// Source is one reference list.
type Source struct {
	// Name is the list's short key, e.g. "OFAC-SDN"; --only and --url use it.
	Name string
	// Title says what the list is, for humans.
	Title string
	// Files are the list's files, all required; a multi-file list is validated as a set.
	Files []File
	// Validate parses the list's files (paths in Files order, as found on disk) with the
	// project's reader and returns the list's version (publication date or version string; ""
	// when the list carries none), its entry count, and the reader's error.
	Validate func(paths []string) (version string, entries int, err error)
}

// URLs of the publishers. OFAC: Sanctions List Service (SLS) exports; the SLS also publishes
// SHA-256 checksums of its files, but the checksum endpoint's address is not confirmed here, so
// the default Sources leave ChecksumURL empty (set it in code, or pass the file through --from).
const (
	slsExports = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
	// URLUN is the UN Security Council consolidated list (XML).
	URLUN = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
	// URLEU is the EU Financial Sanctions Files (FSF) full list, XML 1.1, with the public token
	// the Commission documents on its download page.
	URLEU = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
	// URLOFSI is HM Treasury / OFSI's consolidated list, 2022 CSV format.
	URLOFSI = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"
	// URLUKSL is the FCDO UK Sanctions List as CSV. NOT CONFIRMED: taken from the FCDO's
	// "UK sanctions list" publication page as remembered; override it with --url UK-SL=URL.
	URLUKSL = "https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
)

// x4b is the raw-file address of the X4BNet/lists_vpn repository's main branch.
const x4b = "https://raw.githubusercontent.com/X4BNet/lists_vpn/main/"

// validateIP opens the staged files with internal/enrich/ipinfo (the reader the telemetry
// engine uses): part picks which table must have loaded and how many ranges it holds. The
// staged paths keep the data folder's layout, so their root is a data folder.
func validateIP(part func(ipinfo.Status) (string, int)) func([]string) (string, int, error) {
	return func(paths []string) (string, int, error) {
		root := stagingRoot(paths[0])
		if root == "" {
			return "", 0, fmt.Errorf("%s: not in a data folder layout", paths[0])
		}
		_, st, err := ipinfo.Open(root)
		if err != nil {
			return "", 0, err
		}
		src, n := part(st)
		if src == "none" || n == 0 {
			return "", 0, fmt.Errorf("%s: no ranges read (looked for %s)", root, strings.Join(st.Missing, ", "))
		}
		return "", n, nil
	}
}

// stagingRoot returns the data folder a staged file belongs to: the path less its
// "ip/…" or "network/…" part.
func stagingRoot(p string) string {
	p = filepath.ToSlash(p)
	for _, top := range []string{"/ip/", "/network/"} {
		if i := strings.LastIndex(p, top); i >= 0 {
			return filepath.FromSlash(p[:i])
		}
	}
	return ""
}

// Sources returns the known lists with their default (publisher) URLs. The result is a fresh
// copy each call, so callers may change URLs.
func Sources() []Source {
	return []Source{
		{Name: "OFAC-SDN", Title: "OFAC SDN list, advanced XML (FBI22, FBI23: DPRK designations, e-mails, wallets)",
			Files: []File{{URL: slsExports + "SDN_ADVANCED.XML", Path: "sanctions/ofac/sdn_advanced.xml",
				Alt:          []string{"sanctions/ofac/sdn_advanced.xml.bz2", "sanctions/ofac/sdn_advanced.xml.gz"},
				ChecksumFile: "sanctions/ofac/sdn_advanced_checksum.txt"}},
			Validate: validateOFAC},
		{Name: "OFAC-SDN-CSV", Title: "OFAC SDN list, legacy CSV files",
			Files: []File{
				{URL: slsExports + "SDN.CSV", Path: "sanctions/ofac-legacy/sdn.csv"},
				{URL: slsExports + "ALT.CSV", Path: "sanctions/ofac-legacy/alt.csv"},
				{URL: slsExports + "ADD.CSV", Path: "sanctions/ofac-legacy/add.csv"},
				{URL: slsExports + "SDN_COMMENTS.CSV", Path: "sanctions/ofac-legacy/sdn_comments.csv"},
			},
			Validate: validateLegacy(ofaclegacy.SDNFiles)},
		{Name: "OFAC-CONS", Title: "OFAC consolidated non-SDN list, legacy CSV files",
			Files: []File{
				{URL: slsExports + "CONS_PRIM.CSV", Path: "sanctions/ofac-legacy/consolidated/cons_prim.csv"},
				{URL: slsExports + "CONS_ALT.CSV", Path: "sanctions/ofac-legacy/consolidated/cons_alt.csv"},
				{URL: slsExports + "CONS_ADD.CSV", Path: "sanctions/ofac-legacy/consolidated/cons_add.csv"},
			},
			Validate: validateLegacy(ofaclegacy.ConsolidatedFiles)},
		{Name: "UN", Title: "UN Security Council consolidated list",
			Files:    []File{{URL: URLUN, Path: "sanctions/un/UN_consolidated.xml"}},
			Validate: validateUN},
		{Name: "EU", Title: "EU consolidated financial sanctions list (FSF XML)",
			Files:    []File{{URL: URLEU, Path: "sanctions/eu/eu_fsf.xml"}},
			Validate: validateEU},
		{Name: "UK-OFSI", Title: "UK OFSI consolidated list of financial sanctions targets",
			Files:    []File{{URL: URLOFSI, Path: "sanctions/uk/ConList.csv"}},
			Validate: validateUK(uk.ReadOFSI)},
		{Name: "UK-SL", Title: "UK FCDO sanctions list (URL unconfirmed; override with --url)",
			Files:    []File{{URL: URLUKSL, Path: "sanctions/uk/UK-Sanctions-List.csv"}},
			Validate: validateUK(uk.ReadUKSL)},
		{Name: "DISPOSABLE", Title: "disposable e-mail domains (disposable-email-domains)",
			Files: []File{{URL: "https://raw.githubusercontent.com/disposable-email-domains/disposable-email-domains/main/disposable_email_blocklist.conf",
				Path: "email/disposable_email_blocklist.conf"}},
			Validate: validateDomains(true)},
		{Name: "FREEMAIL", Title: "free webmail domains (willwhite/freemail; 2020, unmaintained)",
			Files: []File{{URL: "https://raw.githubusercontent.com/willwhite/freemail/master/data/free.txt",
				Path: "email/freemail.txt"}},
			Validate: validateDomains(false)},
		{Name: "LOLRMM", Title: "LOLRMM catalogue of remote monitoring and management tools",
			Files:    []File{{URL: "https://lolrmm.io/api/rmm_tools.json", Path: "rmm/rmm_tools.json"}},
			Validate: validateLOLRMM},
		{Name: "IP-COUNTRY", Title: "IP → country (@ip-location-db/geo-whois-asn-country-mmdb, npm; CC0)",
			Files: []File{{URL: "https://registry.npmjs.org/@ip-location-db/geo-whois-asn-country-mmdb/latest", NPM: true,
				Path: "ip/ip-location-db-geo-whois-asn-country-mmdb-latest.tgz", Alt: []string{"ip/ip-location-db-geo-whois-asn-country-mmdb-*.tgz"}}},
			Validate: validateIP(func(st ipinfo.Status) (string, int) { return st.Country, st.CountryRanges })},
		{Name: "IP-ASN", Title: "IP range → ASN and AS organisation (@ip-location-db/asn, npm; CC-BY-4.0 DB-IP, RouteViews)",
			Files: []File{{URL: "https://registry.npmjs.org/@ip-location-db/asn/latest", NPM: true,
				Path: "ip/ip-location-db-asn-latest.tgz", Alt: []string{"ip/ip-location-db-asn-*.tgz"}}},
			Validate: validateIP(func(st ipinfo.Status) (string, int) { return st.ASN, st.ASNRanges })},
		{Name: "X4BNET", Title: "VPN and datacenter (hosting) ranges and ASNs (X4BNet/lists_vpn; MIT)",
			Files: []File{
				{URL: x4b + "output/vpn/ipv4.txt", Path: "network/x4bnet/output/vpn/ipv4.txt"},
				{URL: x4b + "output/vpn/ipv6.txt", Path: "network/x4bnet/output/vpn/ipv6.txt"},
				{URL: x4b + "output/datacenter/ipv4.txt", Path: "network/x4bnet/output/datacenter/ipv4.txt"},
				{URL: x4b + "output/datacenter/ipv6.txt", Path: "network/x4bnet/output/datacenter/ipv6.txt"},
				{URL: x4b + "input/vpn/ASN.txt", Path: "network/x4bnet/input/vpn/ASN.txt"},
				{URL: x4b + "input/datacenter/ASN.txt", Path: "network/x4bnet/input/datacenter/ASN.txt"},
			},
			Validate: validateIP(func(st ipinfo.Status) (string, int) {
				if st.VPN != "x4bnet" || st.Hosting != "x4bnet" {
					return "none", 0
				}
				return "x4bnet", st.VPNRanges + st.HostingRanges
			})},
		{Name: "USB-IDS", Title: "USB vendor and product IDs (linux-usb.org)",
			Files:    []File{{URL: "http://www.linux-usb.org/usb.ids", Path: "usb/usb.ids"}},
			Validate: validateUSB},
	}
}

func validateOFAC(paths []string) (string, int, error) {
	n := 0
	l, err := ofac.Open(paths[0], func(*ofac.Entry) bool { n++; return false })
	if err != nil {
		return "", 0, err
	}
	if n == 0 {
		return "", 0, &bonafide.InputError{File: paths[0], Msg: "no parties in the list"}
	}
	return l.Version, n, nil
}

func validateLegacy(f ofaclegacy.Files) func([]string) (string, int, error) {
	return func(paths []string) (string, int, error) {
		es, err := ofaclegacy.ReadFiles(filepath.Dir(paths[0]), f)
		if err != nil {
			return "", 0, err
		}
		if len(es) == 0 {
			return "", 0, &bonafide.InputError{File: paths[0], Msg: "no parties in the list"}
		}
		return "", len(es), nil
	}
}

var (
	reUNDate = regexp.MustCompile(`dateGenerated="([0-9]{4}-[0-9]{2}-[0-9]{2})`)
	reEUDate = regexp.MustCompile(`generationDate="([0-9]{4}-[0-9]{2}-[0-9]{2})`)
)

// headVersion returns the first submatch of re in the first 4 KiB of path.
func headVersion(path string, re *regexp.Regexp) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := f.Read(buf)
	if m := re.FindSubmatch(buf[:n]); m != nil {
		return string(m[1])
	}
	return ""
}

func readEntries[E any](path string, read func(*os.File) ([]E, error)) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	es, err := read(f)
	if err != nil {
		return 0, err
	}
	if len(es) == 0 {
		return 0, &bonafide.InputError{File: path, Msg: "no parties in the list"}
	}
	return len(es), nil
}

func validateUN(paths []string) (string, int, error) {
	n, err := readEntries(paths[0], func(f *os.File) ([]un.Entry, error) { return un.Read(f) })
	if err != nil {
		return "", 0, err
	}
	return headVersion(paths[0], reUNDate), n, nil
}

func validateEU(paths []string) (string, int, error) {
	n, err := readEntries(paths[0], func(f *os.File) ([]eu.Entry, error) { return eu.Read(f) })
	if err != nil {
		return "", 0, err
	}
	return headVersion(paths[0], reEUDate), n, nil
}

var reUKDate = regexp.MustCompile(`^(?:Last Updated,|Report Date:?\s*)"?([^",\r\n]+)`)

func validateUK(read func(io.Reader) ([]uk.Entry, error)) func([]string) (string, int, error) {
	return func(paths []string) (string, int, error) {
		n, err := readEntries(paths[0], func(f *os.File) ([]uk.Entry, error) { return read(f) })
		if err != nil {
			return "", 0, err
		}
		return strings.TrimSpace(headVersion(paths[0], reUKDate)), n, nil
	}
}

// validateDomains checks the list with enrich.Load (which rejects a file with no domain name)
// and counts its non-comment lines.
func validateDomains(disposable bool) func([]string) (string, int, error) {
	return func(paths []string) (string, int, error) {
		var err error
		if disposable {
			_, err = enrich.Load(paths[0], "")
		} else {
			_, err = enrich.Load("", paths[0])
		}
		if err != nil {
			return "", 0, err
		}
		n := 0
		err = eachLine(paths[0], func(s string) error {
			if i := strings.IndexByte(s, '#'); i >= 0 {
				s = s[:i]
			}
			if strings.TrimSpace(s) != "" {
				n++
			}
			return nil
		})
		return "", n, err
	}
}

func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return &bonafide.InputError{File: path, Line: line + 1, Msg: "cannot read line", Err: err}
	}
	return nil
}

// validateLOLRMM checks rmm_tools.json is a JSON array of tools, each with a Name; the version
// is the latest LastModified date.
func validateLOLRMM(paths []string) (string, int, error) {
	b, err := os.ReadFile(paths[0])
	if err != nil {
		return "", 0, err
	}
	var tools []struct {
		Name         string
		LastModified string
	}
	if err := json.Unmarshal(b, &tools); err != nil {
		return "", 0, &bonafide.InputError{File: paths[0], Msg: "not a JSON array of tools", Err: err}
	}
	version := ""
	for i, t := range tools {
		if strings.TrimSpace(t.Name) == "" {
			return "", 0, &bonafide.InputError{File: paths[0], Record: fmt.Sprintf("[%d]", i), Field: "Name", Msg: "empty tool name"}
		}
		if t.LastModified > version {
			version = t.LastModified
		}
	}
	if len(tools) == 0 {
		return "", 0, &bonafide.InputError{File: paths[0], Msg: "no tools"}
	}
	return version, len(tools), nil
}

var reVendor = regexp.MustCompile(`^[0-9a-f]{4}  \S`)

// validateUSB checks usb.ids has a "# Version:" header and vendor lines ("04b4  Cypress…");
// entries counts vendors.
func validateUSB(paths []string) (string, int, error) {
	version, n, line := "", 0, 0
	err := eachLine(paths[0], func(s string) error {
		line++
		if v, ok := strings.CutPrefix(s, "# Version:"); ok && version == "" {
			version = strings.TrimSpace(v)
		}
		if reVendor.MatchString(s) {
			n++
		}
		if bytes.IndexByte([]byte(s), 0) >= 0 {
			return &bonafide.InputError{File: paths[0], Line: line, Msg: "NUL byte: not a text file"}
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	if version == "" || n == 0 {
		return "", 0, &bonafide.InputError{File: paths[0], Msg: "no \"# Version:\" header or no vendor lines: not a usb.ids file"}
	}
	return version, n, nil
}
