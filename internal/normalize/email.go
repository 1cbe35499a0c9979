package normalize

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Mailbox providers whose sub-addressing is known. Sources: Gmail help "Use Gmail aliases"
// (dots ignored, +tag delivered to the same inbox; googlemail.com is the same service);
// Microsoft "Plus addressing in Exchange Online / Outlook.com"; Apple iCloud+ "+" aliases;
// Proton "addresses with +" ; Fastmail "plus addressing". Yahoo uses "-" disposable addresses
// that are separate mailboxes on the account, so it is left alone.
var (
	gmailDomains = map[string]bool{"gmail.com": true, "googlemail.com": true}
	plusDomains  = map[string]bool{
		"gmail.com": true, "googlemail.com": true,
		"outlook.com": true, "hotmail.com": true, "live.com": true, "msn.com": true,
		"outlook.de": true, "hotmail.de": true, "live.de": true, "outlook.pt": true, "hotmail.co.uk": true,
		"live.co.uk": true, "outlook.co.uk": true, "hotmail.fr": true, "live.fr": true, "outlook.fr": true,
		"hotmail.es": true, "outlook.es": true, "hotmail.it": true, "live.it": true, "outlook.it": true,
		"live.nl": true, "outlook.com.br": true, "hotmail.com.br": true,
		"icloud.com": true, "me.com": true, "mac.com": true,
		"proton.me": true, "protonmail.com": true, "protonmail.ch": true, "pm.me": true,
		"fastmail.com": true, "fastmail.fm": true,
	}
)

// errEmail wraps every Email error so callers can test with errors.Is.
var errEmail = errors.New("invalid e-mail address")

func emailErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errEmail, fmt.Sprintf(format, args...))
}

// Email canonicalises a mailbox. It trims the input and a "mailto:" prefix or enclosing
// angle brackets, lower-cases the local part (NFC for internationalised local parts,
// RFC 6531), converts the domain to punycode with IDNA's Lookup profile (UTS #46), and
// applies the provider rules above: for gmail.com/googlemail.com dots in the local part are
// removed and googlemail.com becomes gmail.com; for providers with plus addressing the
// "+tag" is removed. domain is the canonical (ASCII) domain.
//
// Errors (wrapping a common "invalid e-mail address" error) say why: empty, no "@",
// empty or over-long local part (> 64 octets), quoted local parts or address literals
// (not supported), a character not allowed in a local part, dots at the ends or doubled,
// a domain IDNA rejects, a domain without a dot or with an all-numeric top-level label,
// or a total over 254 octets (RFC 5321).
func Email(raw string) (canonical, domain string, err error) {
	s := strings.TrimSpace(raw)
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = strings.TrimSpace(s[7:])
	}
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return "", "", emailErr("empty")
	}
	if len(s) > 1024 {
		return "", "", emailErr("longer than 1024 bytes")
	}
	if !utf8.ValidString(s) {
		return "", "", emailErr("not valid UTF-8")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", "", emailErr("no @ in %q", s)
	}
	local, dom := s[:at], s[at+1:]
	if local == "" {
		return "", "", emailErr("empty local part")
	}
	if dom == "" {
		return "", "", emailErr("empty domain")
	}
	if local[0] == '"' {
		return "", "", emailErr("quoted local parts are not supported")
	}
	if dom[0] == '[' {
		return "", "", emailErr("address literals are not supported")
	}
	if isASCII(local) {
		local = strings.ToLower(local)
	} else {
		local = norm.NFC.String(strings.ToLower(norm.NFC.String(local)))
	}
	if err := checkLocal(local); err != nil {
		return "", "", err
	}
	dom = strings.TrimSuffix(dom, ".")
	ascii, err := idna.Lookup.ToASCII(dom)
	if err != nil {
		return "", "", emailErr("domain %q: %v", dom, err)
	}
	if err := checkDomain(ascii); err != nil {
		return "", "", err
	}
	if plusDomains[ascii] {
		if i := strings.IndexByte(local, '+'); i >= 0 {
			local = local[:i]
		}
	}
	if gmailDomains[ascii] {
		local = strings.ReplaceAll(local, ".", "")
		ascii = "gmail.com"
	}
	if local == "" {
		return "", "", emailErr("local part is empty once the +tag is removed")
	}
	if len(local) > 64 {
		return "", "", emailErr("local part longer than 64 octets")
	}
	canonical = local + "@" + ascii
	if len(canonical) > 254 {
		return "", "", emailErr("longer than 254 octets")
	}
	return canonical, ascii, nil
}

// checkLocal accepts RFC 5322 dot-atoms with RFC 6531 UTF-8 letters, digits and marks.
func checkLocal(l string) error {
	if l[0] == '.' || l[len(l)-1] == '.' {
		return emailErr("local part starts or ends with a dot")
	}
	if strings.Contains(l, "..") {
		return emailErr("local part has two dots in a row")
	}
	for _, r := range l {
		if r < utf8.RuneSelf {
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z') || strings.ContainsRune(".!#$%&'*+-/=?^_`{|}~", r) {
				continue
			}
			return emailErr("character %q not allowed in the local part", r)
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return emailErr("character %q not allowed in the local part", r)
		}
	}
	return nil
}

// checkDomain requires a host name of at least two labels, each 1–63 octets, with a top-level
// label that is not all digits (so IPv4 addresses are rejected), 253 octets at most.
func checkDomain(d string) error {
	if len(d) > 253 {
		return emailErr("domain longer than 253 octets")
	}
	if !strings.Contains(d, ".") {
		return emailErr("domain %q has no dot", d)
	}
	labels := 0
	last := ""
	for l := range strings.SplitSeq(d, ".") {
		if l == "" {
			return emailErr("domain %q has an empty label", d)
		}
		if len(l) > 63 {
			return emailErr("domain label longer than 63 octets")
		}
		labels++
		last = l
	}
	allDigits := true
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			allDigits = false
			break
		}
	}
	if allDigits {
		return emailErr("domain %q is not a host name", d)
	}
	return nil
}
