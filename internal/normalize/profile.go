package normalize

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// errProfile wraps every Profile error.
var errProfile = errors.New("invalid profile")

// Profile networks: the prefixes of Profile's canonical values.
const (
	NetGitHub   = "github"
	NetLinkedIn = "linkedin"
	NetGitLab   = "gitlab"
	NetX        = "x"
	NetWeb      = "web"
)

// profileHints maps Profile's hint values (and network names) to a network.
var profileHints = map[string]string{
	"github": NetGitHub, "linkedin": NetLinkedIn, "gitlab": NetGitLab, "x": NetX, "twitter": NetX,
	"website": NetWeb, "web": NetWeb, "url": NetWeb, "": "",
}

// reservedFirstSegment are site paths that are not user handles.
var reservedFirstSegment = map[string]map[string]bool{
	NetGitHub: {"orgs": true, "sponsors": true, "settings": true, "topics": true, "explore": true, "marketplace": true,
		"about": true, "features": true, "login": true, "join": true, "search": true, "notifications": true, "apps": true},
	NetGitLab: {"explore": true, "users": true, "groups": true, "help": true, "search": true, "dashboard": true},
	NetX: {"i": true, "home": true, "intent": true, "share": true, "search": true, "hashtag": true, "explore": true,
		"settings": true, "login": true, "messages": true, "notifications": true},
}

// Profile turns a profile URL or handle into a canonical profile identifier:
//
//	github.com/<handle>…, <handle>.github.io, gist.github.com/<handle>  → "github:<handle>"
//	linkedin.com/in/<handle> (any country subdomain)                     → "linkedin:<handle>"
//	gitlab.com/<handle>                                                 → "gitlab:<handle>"
//	twitter.com/<handle>, x.com/<handle>                                → "x:<handle>"
//	any other http(s) URL                                               → "web:<host><path>"
//
// Handles are lower case (LinkedIn handles percent-decoded and NFC). For "web:" the host is
// lower case and in punycode, without "www." or "m.", a port, query or fragment; the path
// keeps its case and loses a trailing slash. A bare handle ("octocat", "@octocat") needs hint:
// "github", "linkedin", "gitlab", "x"/"twitter", or "website" (then "example.com" is read as a
// site). Profile also accepts its own canonical values, so it is idempotent. Errors say why:
// empty, a bare handle without a hint, a handle with characters the network does not allow, a
// URL that is not http(s), or a profile URL without a handle (github.com/orgs/…).
func Profile(raw, hint string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("%w: empty", errProfile)
	}
	if len(s) > 2048 {
		return "", fmt.Errorf("%w: longer than 2048 bytes", errProfile)
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: not valid UTF-8", errProfile)
	}
	net, ok := profileHints[strings.ToLower(strings.TrimSpace(hint))]
	if !ok {
		return "", fmt.Errorf("%w: unknown hint %q", errProfile, hint)
	}
	// Canonical values and "network:handle" forms.
	if i := strings.IndexByte(s, ':'); i > 0 {
		if n, ok := profileHints[strings.ToLower(s[:i])]; ok && n != "" && !strings.HasPrefix(s[i+1:], "//") {
			if n == NetWeb {
				return webProfile(s[i+1:])
			}
			return handleProfile(n, s[i+1:])
		}
	}
	if net != "" && net != NetWeb && !strings.ContainsAny(s, "/:") && handleChars(net, strings.TrimPrefix(s, "@")) {
		return handleProfile(net, s)
	}
	if !strings.ContainsAny(s, "/.:") {
		if net == "" {
			return "", fmt.Errorf("%w: bare handle %q without a hint saying which network", errProfile, s)
		}
		return "", fmt.Errorf("%w: %q is neither a %s handle nor a URL", errProfile, s, net)
	}
	return urlProfile(s)
}

// handleChars reports whether h is made only of the characters the network allows in handles.
func handleChars(net, h string) bool {
	if h == "" {
		return false
	}
	for _, r := range h {
		switch {
		case r < utf8.RuneSelf && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')):
		case r == '-' && (net == NetGitHub || net == NetLinkedIn || net == NetGitLab):
		case r == '_' && (net == NetX || net == NetGitLab || net == NetLinkedIn):
		case r == '.' && net == NetGitLab:
		case net == NetLinkedIn && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
		default:
			return false
		}
	}
	return true
}

// handleProfile canonicalises a handle on a known network.
func handleProfile(net, h string) (string, error) {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	if net == NetLinkedIn {
		if u, err := url.PathUnescape(h); err == nil {
			h = u
		}
		h = norm.NFC.String(h)
	}
	h = strings.ToLower(h)
	if !handleChars(net, h) {
		return "", fmt.Errorf("%w: %q is not a valid %s handle", errProfile, h, net)
	}
	max := 100
	switch net {
	case NetGitHub:
		max = 39
	case NetX:
		max = 15
	case NetGitLab:
		max = 255
	}
	if utf8.RuneCountInString(h) > max {
		return "", fmt.Errorf("%w: %s handles have at most %d characters", errProfile, net, max)
	}
	return net + ":" + h, nil
}

// urlProfile canonicalises an http(s) URL.
func urlProfile(s string) (string, error) {
	if !strings.Contains(s, "://") {
		// "mailto:x", "tel:…" have a scheme; "example.com:8080/x" has a port.
		if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], "/") && (i+1 == len(s) || !isDigitByte(s[i+1])) {
			return "", fmt.Errorf("%w: scheme %q is not http(s)", errProfile, strings.ToLower(s[:i]))
		}
		s = "https://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errProfile, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: scheme %q is not http(s)", errProfile, u.Scheme)
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	if host == "" {
		return "", fmt.Errorf("%w: URL has no host", errProfile)
	}
	host, err = idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("%w: host: %v", errProfile, err)
	}
	for _, p := range []string{"www.", "m.", "mobile."} {
		if h, ok := strings.CutPrefix(host, p); ok && strings.Contains(h, ".") {
			host = h
			break
		}
	}
	segs := pathSegments(u.EscapedPath())
	first := ""
	if len(segs) > 0 {
		first = segs[0]
	}
	switch {
	case host == "github.com" || host == "gist.github.com":
		return siteHandle(NetGitHub, first)
	case strings.HasSuffix(host, ".github.io") && strings.Count(host, ".") == 2:
		return handleProfile(NetGitHub, strings.TrimSuffix(host, ".github.io"))
	case host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com"):
		if len(segs) >= 2 && segs[0] == "in" {
			return handleProfile(NetLinkedIn, segs[1])
		}
	case host == "gitlab.com":
		return siteHandle(NetGitLab, first)
	case host == "twitter.com" || host == "x.com":
		return siteHandle(NetX, first)
	}
	return webProfile(host + "/" + strings.Join(segs, "/"))
}

// siteHandle canonicalises the first path segment of a profile site.
func siteHandle(net, first string) (string, error) {
	if first == "" || reservedFirstSegment[net][strings.ToLower(first)] {
		return "", fmt.Errorf("%w: %s URL without a user handle", errProfile, net)
	}
	h, err := url.PathUnescape(first)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errProfile, err)
	}
	return handleProfile(net, h)
}

// webProfile canonicalises "host/path" (the part after "web:").
func webProfile(s string) (string, error) {
	s = strings.TrimSpace(s)
	host, path, _ := strings.Cut(s, "/")
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", fmt.Errorf("%w: URL has no host", errProfile)
	}
	if strings.ContainsAny(host, ":@?#") {
		u, err := url.Parse("https://" + s)
		if err != nil {
			return "", fmt.Errorf("%w: %v", errProfile, err)
		}
		host, path = u.Hostname(), strings.TrimPrefix(u.EscapedPath(), "/")
	}
	h, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("%w: host: %v", errProfile, err)
	}
	if !strings.Contains(h, ".") && h != "localhost" {
		return "", fmt.Errorf("%w: host %q has no dot", errProfile, h)
	}
	if k := strings.IndexAny(path, "?#"); k >= 0 {
		path = path[:k]
	}
	segs := pathSegments("/" + path)
	if len(segs) == 0 {
		return NetWeb + ":" + h, nil
	}
	return NetWeb + ":" + h + "/" + strings.Join(segs, "/"), nil
}

// pathSegments splits an escaped URL path into its non-empty segments.
func pathSegments(p string) []string {
	var segs []string
	for seg := range strings.SplitSeq(p, "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	return segs
}
