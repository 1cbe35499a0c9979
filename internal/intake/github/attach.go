package githubintake

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Skip is an export that was not attached to anyone: File names its file and Why says why,
// prefixed "record <n>: " when the file holds an array of exports.
type Skip struct {
	File string
	Why  string
}

// Attach sets Person.GitHub on each person whose GitHub profile identifier (Kind url,
// canonical Value "github:<login in lower case>", as internal/normalize writes it) names the
// login of an export. people must be normalised. Every person naming the login gets the same
// account (several records naming one account is for the shared-identifier rules to judge).
//
// An export no one names is returned as a Skip, not an error; so is one whose only claimants
// already have an account attached (a person naming two GitHub profiles gets the export met
// first, in exports order). The same login exported twice is an error (*bonafide.InputError
// naming both places); Attach then changes no one.
func Attach(people []*bonafide.Person, exports []Export) ([]Skip, error) {
	first := make(map[string]*Export, len(exports))
	for i := range exports {
		e := &exports[i]
		login := strings.ToLower(e.Account.Login)
		if prev, dup := first[login]; dup {
			return nil, &bonafide.InputError{File: e.File, Line: e.Line, Record: strconv.Itoa(e.Record), Field: "user.login",
				Msg: fmt.Sprintf("GitHub login %q exported twice: also at %s record %d", e.Account.Login, prev.File, prev.Record)}
		}
		first[login] = e
	}
	byLogin := make(map[string][]*bonafide.Person)
	for _, p := range people {
		seen := ""
		for _, id := range p.Identifiers {
			if id.Kind != bonafide.KindURL {
				continue
			}
			login, ok := strings.CutPrefix(id.Value, "github:")
			if !ok || login == "" || login == seen {
				continue
			}
			seen = login
			byLogin[login] = append(byLogin[login], p)
		}
	}
	var skips []Skip
	for i := range exports {
		e := &exports[i]
		prefix := ""
		if e.Array {
			prefix = "record " + strconv.Itoa(e.Record) + ": "
		}
		claimants := byLogin[strings.ToLower(e.Account.Login)]
		if len(claimants) == 0 {
			skips = append(skips, Skip{e.File, fmt.Sprintf("%sno applicant with GitHub login %q", prefix, e.Account.Login)})
			continue
		}
		attached := 0
		var busy []string
		for _, p := range claimants {
			if p.GitHub != nil {
				busy = append(busy, fmt.Sprintf("%s (has %s)", p.ID, p.GitHub.Login))
				continue
			}
			p.GitHub = e.Account
			attached++
		}
		if attached == 0 {
			skips = append(skips, Skip{e.File, fmt.Sprintf("%sGitHub login %q: its applicants already have another GitHub account attached: %s",
				prefix, e.Account.Login, strings.Join(busy, ", "))})
		}
	}
	return skips, nil
}
