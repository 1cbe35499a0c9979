// Package rmm recognises remote monitoring and management (RMM) and remote-access tools in
// endpoint telemetry: process executables and install paths, network domains, and installed
// package names (issue 5, signal TEL-RMM; sources MAND24, LOLRMM). DPRK IT workers on a
// laptop farm use such tools (AnyDesk, TeamViewer, Chrome Remote Desktop, RustDesk, …) to
// drive the company laptop from elsewhere; a customer's approved tools are allow-listed.
//
// Load reads the LOLRMM catalogue (rmm/rmm_tools.json in the reference data folder,
// magicsword-io/LOLRMM, Apache-2.0); Default returns a small embedded catalogue of the most
// common remote-access tools (see embedded.go) for when that file is missing. The LOLRMM
// rmm_domains.csv holds the same domains as rmm_tools.json and is not read.
//
// All Match methods are case-insensitive for ASCII and do not allocate.
package rmm

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"encoding/json"
	"github.com/bonafide-oss/bonafide/bonafide"
)

// Sources of a Tool.
const (
	SourceLOLRMM   = "LOLRMM"
	SourceEmbedded = "embedded"
)

// How a Tool was matched (Tool.By).
const (
	ByProcess = "process" // executable file name
	ByPath    = "path"    // install path glob
	ByDomain  = "domain"  // network domain
	ByPackage = "package" // installed package / product name
)

// Tool is a recognised remote-access tool.
type Tool struct {
	Name     string // tool name as the catalogue writes it ("AnyDesk")
	Category string // LOLRMM category: "RMM" or "RAT"; embedded tools are "RMM"
	Source   string // SourceLOLRMM or SourceEmbedded
	Allowed  bool   // on the customer's allow-list (see Allow): not a finding
	By       string // how it matched: ByProcess, ByPath, ByDomain or ByPackage
}

type glob struct {
	pat  string // lower-case; '*' any run, '?' one char; '/' and '\' are equal
	tool int
}

// Catalogue is an index of tools. Build it with Load or Default; call Allow before sharing it
// between goroutines (the Match methods are safe for concurrent use).
type Catalogue struct {
	tools     []Tool
	allowed   []bool
	exe       map[string]int    // lower-case executable basename → tool
	exeGlobs  [256][]glob       // basename globs ("rustdesk*.exe") by first byte; wildcard-first ones under '*'
	pathGlobs []glob            // full-path globs ("c:\program files\anydesk\*"), all of them
	pathBySeg map[string][]glob // path globs by their last wildcard-free segment ("anydesk")
	pathRest  []glob            // path globs with no wildcard-free segment
	domExact  map[string]int    // lower-case host → tool
	domSuffix map[string]int    // "*.anydesk.com" stored as "anydesk.com": matches sub-domains only
	domGlobs  []glob            // other wildcard domains ("plus*.site24x7.com")
	pkgFirst  map[string][]int
	pkgNames  []string // tool name without a trailing "(…)" remark, for MatchPackage
}

func newCatalogue() *Catalogue {
	return &Catalogue{exe: map[string]int{}, domExact: map[string]int{}, domSuffix: map[string]int{}, pkgFirst: map[string][]int{}}
}

// genericExe are executable names too generic to identify a tool alone (LOLRMM lists some as
// files of a tool's installer); they match only through a path glob.
var genericExe = map[string]bool{
	"setup.exe": true, "install.exe": true, "installer.exe": true, "update.exe": true,
	"updater.exe": true, "autoupdate.exe": true, "uninstall.exe": true, "unins000.exe": true,
	"agent.exe": true, "service.exe": true, "client.exe": true, "server.exe": true,
	"launcher.exe": true, "plink.exe": true, "putty.exe": true, "ssh.exe": true, "svchost.exe": true,
	"cmd.exe": true, "powershell.exe": true, "python.exe": true, "java.exe": true, "javaw.exe": true,
	"node.exe": true, "msiexec.exe": true, "rundll32.exe": true, "explorer.exe": true,
}

func (c *Catalogue) addTool(t Tool) int {
	c.tools = append(c.tools, t)
	c.allowed = append(c.allowed, false)
	i := len(c.tools) - 1
	pn := t.Name
	if j := strings.Index(pn, " ("); j > 0 {
		pn = pn[:j]
	}
	c.pkgNames = append(c.pkgNames, pn)
	if w := firstWord(strings.ToLower(pn)); w != "" {
		c.pkgFirst[w] = append(c.pkgFirst[w], i)
	}
	return i
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t(-_."); i >= 0 {
		return s[:i]
	}
	return s
}

func isSep(b byte) bool { return b == '/' || b == '\\' }

// addExe indexes an executable name or install path entry for tool i.
func (c *Catalogue) addExe(entry string, i int) {
	e := strings.ToLower(strings.TrimSpace(entry))
	if e == "" {
		return
	}
	if strings.ContainsAny(e, "/\\") {
		p := e
		if isSep(p[len(p)-1]) {
			p += "*"
		}
		c.pathGlobs = append(c.pathGlobs, glob{p, i})
		c.indexPath(glob{p, i})
		base := e[strings.LastIndexAny(e, "/\\")+1:]
		if !strings.ContainsAny(base, "*?") && (strings.HasSuffix(base, ".exe") || strings.HasSuffix(base, ".app")) {
			c.addBase(base, i)
		}
		return
	}
	if strings.ContainsAny(e, "*?") {
		k := e[0]
		if k == '?' {
			k = '*'
		}
		c.exeGlobs[k] = append(c.exeGlobs[k], glob{e, i})
		return
	}
	c.addBase(e, i)
}

func (c *Catalogue) addBase(base string, i int) {
	if genericExe[base] {
		return
	}
	if _, ok := c.exe[base]; !ok { // first tool wins
		c.exe[base] = i
	}
}

var regexClass = regexp.MustCompile(`\[[^\]]*\](\{[0-9,]+\}|[+*])?`)

// addDomain indexes a LOLRMM network domain for tool i. Placeholders ("user_managed",
// "<operator-configured …>") are skipped; regex character classes become '*'; a ":port" is
// dropped.
func (c *Catalogue) addDomain(d string, i int) {
	d = strings.ToLower(strings.TrimSpace(d))
	if d == "" || d == "user_managed" || strings.ContainsAny(d, "<> ") {
		return
	}
	d = regexClass.ReplaceAllString(d, "*")
	if j := strings.LastIndexByte(d, ':'); j >= 0 {
		d = d[:j]
	}
	d = strings.TrimSuffix(d, ".")
	switch {
	case strings.HasPrefix(d, "*.") && !strings.ContainsAny(d[2:], "*?"):
		if _, ok := c.domSuffix[d[2:]]; !ok {
			c.domSuffix[d[2:]] = i
		}
	case strings.ContainsAny(d, "*?"):
		c.domGlobs = append(c.domGlobs, glob{d, i})
	default:
		if _, ok := c.domExact[d]; !ok {
			c.domExact[d] = i
		}
	}
}

// lolrmmTool is the part of a rmm_tools.json entry that is read.
type lolrmmTool struct {
	Name     string
	Category string
	Details  struct {
		PEMetadata        json.RawMessage // object, array of objects, or null
		InstallationPaths []string
	}
	Artifacts struct {
		Network []struct {
			Domains []string
		}
	}
}

type peMeta struct {
	Filename         string
	OriginalFileName string
}

// Load reads dir/rmm/rmm_tools.json (LOLRMM) and adds the embedded tools' names that LOLRMM
// lacks. A missing file is an error wrapping os.ErrNotExist (use Default then); a malformed
// one is a *bonafide.InputError naming the record index and field.
func Load(dir string) (*Catalogue, error) {
	name := filepath.Join(dir, "rmm", "rmm_tools.json")
	f, err := os.Open(name)
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "rmm.Load", Err: err}
	}
	defer f.Close()
	c, err := Parse(bufio.NewReaderSize(f, 1<<16), name)
	if err != nil {
		return nil, err
	}
	c.addEmbedded()
	return c, nil
}

// Parse reads a LOLRMM rmm_tools.json array from r, streaming one tool at a time; name is the
// file name used in errors.
func Parse(r io.Reader, name string) (*Catalogue, error) {
	c := newCatalogue()
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, &bonafide.InputError{File: name, Msg: "want a JSON array of LOLRMM tools", Err: err}
	}
	for n := 0; dec.More(); n++ {
		rec := "[" + itoa(n) + "]"
		var t lolrmmTool
		if err := dec.Decode(&t); err != nil {
			return nil, &bonafide.InputError{File: name, Record: rec, Msg: "bad tool record", Err: err}
		}
		if strings.TrimSpace(t.Name) == "" {
			return nil, &bonafide.InputError{File: name, Record: rec, Field: "Name", Msg: "tool has no name"}
		}
		var pes []peMeta
		if pm := t.Details.PEMetadata; len(pm) > 0 && string(pm) != "null" {
			if pm[0] == '[' {
				err = json.Unmarshal(pm, &pes)
			} else {
				var one peMeta
				err = json.Unmarshal(pm, &one)
				pes = append(pes, one)
			}
			if err != nil {
				return nil, &bonafide.InputError{File: name, Record: rec, Field: "Details.PEMetadata", Msg: "want an object or an array of objects", Err: err}
			}
		}
		cat := t.Category
		if cat == "" {
			cat = "RMM"
		}
		i := c.addTool(Tool{Name: strings.TrimSpace(t.Name), Category: cat, Source: SourceLOLRMM})
		for _, p := range pes {
			c.addExe(p.Filename, i)
			c.addExe(p.OriginalFileName, i)
		}
		for _, p := range t.Details.InstallationPaths {
			c.addExe(p, i)
		}
		for _, nw := range t.Artifacts.Network {
			for _, d := range nw.Domains {
				c.addDomain(d, i)
			}
		}
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, &bonafide.InputError{File: name, Msg: "bad end of array", Err: err}
	}
	return c, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Default returns the embedded catalogue (see embedded.go).
func Default() *Catalogue {
	c := newCatalogue()
	c.addEmbedded()
	return c
}

func (c *Catalogue) addEmbedded() {
	for _, e := range embedded {
		i := -1
		for j, t := range c.tools {
			if strings.EqualFold(t.Name, e.name) {
				i = j
				break
			}
		}
		if i < 0 {
			i = c.addTool(Tool{Name: e.name, Category: "RMM", Source: SourceEmbedded})
		}
		for _, x := range e.exes {
			c.addExe(x, i)
		}
		for _, d := range e.domains {
			c.addDomain(d, i)
		}
	}
}

// Allow marks the customer's approved tools, matched case-insensitively by tool name; matches
// of them report Allowed=true. It returns the names that matched no tool in the catalogue.
func (c *Catalogue) Allow(names ...string) (unknown []string) {
	for _, n := range names {
		found := false
		for i, t := range c.tools {
			if strings.EqualFold(strings.TrimSpace(n), t.Name) {
				c.allowed[i] = true
				found = true
			}
		}
		if !found {
			unknown = append(unknown, n)
		}
	}
	return unknown
}

// Tools returns the catalogue's tools sorted by name.
func (c *Catalogue) Tools() []Tool {
	out := make([]Tool, len(c.tools))
	for i, t := range c.tools {
		t.Allowed = c.allowed[i]
		out[i] = t
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

func (c *Catalogue) result(i int, by string) (Tool, bool) {
	t := c.tools[i]
	t.Allowed = c.allowed[i]
	t.By = by
	return t, true
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// lowerInto lowers s (ASCII only) into buf, returning false when it does not fit.
func lowerInto(buf []byte, s string) ([]byte, bool) {
	if len(s) > cap(buf) {
		return nil, false
	}
	buf = buf[:len(s)]
	for i := 0; i < len(s); i++ {
		buf[i] = lower(s[i])
	}
	return buf, true
}

// match reports whether s matches the lower-case glob pat, folding ASCII case and treating
// '/' and '\' as equal.
func match(pat, s string) bool {
	px, sx := 0, 0
	nextP, nextS := -1, -1
	for px < len(pat) || sx < len(s) {
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				nextP, nextS = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			default:
				if sx < len(s) {
					d := lower(s[sx])
					if c == d || (isSep(c) && isSep(d)) {
						px++
						sx++
						continue
					}
				}
			}
		}
		if nextS > 0 && nextS <= len(s) {
			px, sx = nextP, nextS
			continue
		}
		return false
	}
	return true
}

// MatchProcess matches an executable file name (name, e.g. "AnyDesk.exe") and/or its full
// path (path, e.g. `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`, or a Unix path). When name is
// empty the last element of path is used. Exact names are tried first, then name globs, then
// install path globs.
func (c *Catalogue) MatchProcess(name, path string) (Tool, bool) {
	if name == "" && path != "" {
		j := len(path) - 1
		for j >= 0 && !isSep(path[j]) {
			j--
		}
		name = path[j+1:]
	}
	if name != "" {
		var arr [128]byte
		if b, ok := lowerInto(arr[:0], name); ok {
			if i, ok := c.exe[string(b)]; ok {
				return c.result(i, ByProcess)
			}
		}
		for _, bucket := range [2]byte{lower(name[0]), '*'} {
			for _, g := range c.exeGlobs[bucket] {
				if match(g.pat, name) {
					return c.result(g.tool, ByProcess)
				}
			}
		}
	}
	if path != "" {
		// Only the globs keyed by one of the path's segments can match (see indexPath); the
		// few without a literal segment are tried after.
		var arr [512]byte
		if lp, ok := lowerInto(arr[:0], path); ok {
			start := 0
			for j := 0; j <= len(lp); j++ {
				if j < len(lp) && !isSep(lp[j]) {
					continue
				}
				if j > start {
					for _, g := range c.pathBySeg[string(lp[start:j])] {
						if match(g.pat, path) {
							return c.result(g.tool, ByPath)
						}
					}
				}
				start = j + 1
			}
		} else {
			for _, g := range c.pathGlobs {
				if match(g.pat, path) {
					return c.result(g.tool, ByPath)
				}
			}
		}
		for _, g := range c.pathRest {
			if match(g.pat, path) {
				return c.result(g.tool, ByPath)
			}
		}
	}
	return Tool{}, false
}

// indexPath files a path glob under its last segment that has no wildcard (and is not a
// drive letter), so MatchProcess tries it only for paths holding that segment; a glob without
// such a segment goes to pathRest. '*' in these globs may span separators, but a literal
// segment of the pattern is still a whole segment of any path it matches, because separators
// around it are literal too.
func (c *Catalogue) indexPath(g glob) {
	if c.pathBySeg == nil {
		c.pathBySeg = map[string][]glob{}
	}
	segs := strings.FieldsFunc(g.pat, func(r rune) bool { return r == '/' || r == '\\' })
	for k := len(segs) - 1; k >= 0; k-- {
		sg := segs[k]
		if sg == "" || strings.ContainsAny(sg, "*?") || (len(sg) == 2 && sg[1] == ':') {
			continue
		}
		// The segment must be bounded by separators (or the pattern's ends) in the pattern.
		c.pathBySeg[sg] = append(c.pathBySeg[sg], g)
		return
	}
	c.pathRest = append(c.pathRest, g)
}

// MatchDomain matches a host name against the tools' network domains: exact names, LOLRMM
// wildcards "*.example.com" (any sub-domain, not the bare domain, as LOLRMM writes the bare
// one separately) and other globs. A trailing dot is ignored.
func (c *Catalogue) MatchDomain(host string) (Tool, bool) {
	host = strings.TrimSuffix(host, ".")
	var arr [256]byte
	b, ok := lowerInto(arr[:0], host)
	if !ok || len(b) == 0 {
		return Tool{}, false
	}
	if i, ok := c.domExact[string(b)]; ok {
		return c.result(i, ByDomain)
	}
	for j := 0; j < len(b); j++ {
		if b[j] == '.' {
			if i, ok := c.domSuffix[string(b[j+1:])]; ok {
				return c.result(i, ByDomain)
			}
		}
	}
	for _, g := range c.domGlobs {
		if match(g.pat, host) {
			return c.result(g.tool, ByDomain)
		}
	}
	return Tool{}, false
}

// MatchPackage matches an installed package or product name ("AnyDesk", "TeamViewer 15",
// "Chrome Remote Desktop Host") against tool names: the package name must start with the
// whole tool name, followed by its end, a space, '-', '_', '.', '(' or a digit. The longest
// tool name wins.
func (c *Catalogue) MatchPackage(name string) (Tool, bool) {
	var arr [256]byte
	b, ok := lowerInto(arr[:0], strings.TrimSpace(name))
	if !ok || len(b) == 0 {
		return Tool{}, false
	}
	end := 0
	for end < len(b) && !strings.ContainsRune(" \t(-_.", rune(b[end])) {
		end++
	}
	best, bestLen := -1, 0
	for _, i := range c.pkgFirst[string(b[:end])] {
		tn := c.pkgNames[i]
		if len(tn) > len(b) || len(tn) <= bestLen {
			continue
		}
		okName := true
		for k := 0; k < len(tn); k++ {
			if lower(tn[k]) != b[k] {
				okName = false
				break
			}
		}
		if !okName {
			continue
		}
		if len(tn) < len(b) {
			if nx := b[len(tn)]; !(nx == ' ' || nx == '-' || nx == '_' || nx == '.' || nx == '(' || ('0' <= nx && nx <= '9')) {
				continue
			}
		}
		best, bestLen = i, len(tn)
	}
	if best < 0 {
		return Tool{}, false
	}
	return c.result(best, ByPackage)
}
