package normalize

import (
	"strings"
	"testing"
)

func TestProfile(t *testing.T) {
	tests := []struct{ raw, hint, want string }{
		{"https://github.com/Octocat/", "", "github:octocat"},
		{"http://www.github.com/octocat/hello-world/tree/main", "", "github:octocat"},
		{"github.com/octocat", "website", "github:octocat"},
		{"octocat", "github", "github:octocat"},
		{"@Octocat", "GitHub", "github:octocat"},
		{"https://octocat.github.io/", "", "github:octocat"},
		{"https://gist.github.com/octocat/6cad326836d38bd3a7ae", "", "github:octocat"},
		{"github:OctoCat", "", "github:octocat"},
		{"https://www.linkedin.com/in/Jane-Doe-12345/", "", "linkedin:jane-doe-12345"},
		{"https://de.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-123?trk=abc", "", "linkedin:jürgen-müller-123"},
		{"linkedin.com/in/jane-doe", "linkedin", "linkedin:jane-doe"},
		{"jane-doe", "linkedin", "linkedin:jane-doe"},
		{"https://pt.linkedin.com/in/joao-silva", "", "linkedin:joao-silva"},
		{"https://www.linkedin.com/company/acme", "", "web:linkedin.com/company/acme"},
		{"https://gitlab.com/Jane.Doe", "", "gitlab:jane.doe"},
		{"jane.doe", "gitlab", "gitlab:jane.doe"},
		{"https://twitter.com/JaneDoe", "", "x:janedoe"},
		{"https://x.com/janedoe/status/1", "", "x:janedoe"},
		{"https://mobile.twitter.com/janedoe", "", "x:janedoe"},
		{"https://www.Example.COM/Blog/?utm_source=cv#top", "", "web:example.com/Blog"},
		{"http://example.com:8080/", "", "web:example.com"},
		{"example.com", "website", "web:example.com"},
		{"www.jane-doe.dev/", "", "web:jane-doe.dev"},
		{"https://münchen.de/", "", "web:xn--mnchen-3ya.de"},
		{"web:example.com/Blog", "", "web:example.com/Blog"},
		{"https://m.example.org/a//b/", "", "web:example.org/a/b"},
	}
	for _, tt := range tests {
		got, err := Profile(tt.raw, tt.hint)
		if err != nil || got != tt.want {
			t.Errorf("Profile(%q, %q) = %q, %v; want %q", tt.raw, tt.hint, got, err, tt.want)
		}
	}
}

func TestProfileErrors(t *testing.T) {
	tests := []struct{ raw, hint, why string }{
		{"", "", "empty"},
		{"octocat", "", "without a hint"},
		{"octocat", "website", "neither"},
		{"octo cat", "github", "neither"},
		{"mailto:jane@example.com", "", "not http"},
		{"ftp://example.com/x", "", "not http"},
		{"https://github.com/orgs/acme", "", "without a user handle"},
		{"https://github.com/", "", "without a user handle"},
		{"https://twitter.com/intent/tweet", "", "without a user handle"},
		{"octocat", "myspace", "unknown hint"},
		{"github:octo_cat", "", "not a valid github handle"},
		{"x:averyveryverylonghandle", "", "at most 15"},
		{"https://exa_mple.com", "", "host"},
	}
	for _, tt := range tests {
		got, err := Profile(tt.raw, tt.hint)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("Profile(%q, %q) = %q, %v; want an error containing %q", tt.raw, tt.hint, got, err, tt.why)
		}
	}
}
