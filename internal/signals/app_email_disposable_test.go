package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestEmailDisposable(t *testing.T) {
	unnormalised := bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "x@mailinator.com"}
	noAttr := id(bonafide.KindEmail, bonafide.PurposeContact, "y@inbox.mailinator.com")
	tests := []struct {
		name    string
		people  []*bonafide.Person
		domains DomainClassifier
		want    []string
	}{
		{"disposable", []*bonafide.Person{person("A-1", "Ann", email("ann@mailinator.com"))}, testDomains,
			[]string{"A-1 email:ann@mailinator.com 25"}},
		{"subdomain via value", []*bonafide.Person{person("A-1", "Ann", noAttr)}, testDomains,
			[]string{"A-1 email:y@inbox.mailinator.com 25"}},
		{"freemail is not disposable", []*bonafide.Person{person("A-1", "Ann", email("ann@gmail.com"))}, testDomains, nil},
		{"corporate", []*bonafide.Person{person("A-1", "Ann", email("ann@nordwind.de"))}, testDomains, nil},
		{"not normalised", []*bonafide.Person{person("A-1", "Ann", unnormalised)}, testDomains, nil},
		{"no classifier", []*bonafide.Person{person("A-1", "Ann", email("ann@mailinator.com"))}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectEmailDisposable, tt.people, Env{Domains: tt.domains})
			checkBrief(t, "APP-EMAIL-DISPOSABLE", fs, tt.want)
		})
	}
	fs := run(detectEmailDisposable, []*bonafide.Person{person("A-1", "Ann", email("ann@mailinator.com"))}, Env{Domains: testDomains})
	if want := "E-mail ann@mailinator.com is on a disposable-mailbox domain (mailinator.com)."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}
