package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestRefFreemailCorporate(t *testing.T) {
	voip := phone("+445601234567", "GB", "line_type", "voip")
	tests := []struct {
		name string
		r    bonafide.Reference
		env  Env
		want []string
	}{
		{"company on gmail", ref("Jan", "Nordwind GmbH", email("jan.k@gmail.com")), Env{Domains: testDomains},
			[]string{"A-1 ref:email:jan.k@gmail.com 10"}},
		{"company on disposable", ref("Jan", "Nordwind GmbH", email("jan@mailinator.com")), Env{Domains: testDomains},
			[]string{"A-1 ref:email:jan@mailinator.com 10"}},
		{"company with voip and proton", ref("Jan", "Nordwind GmbH", email("jan@proton.me"), voip), Env{Domains: testDomains},
			[]string{"A-1 ref:email:jan@proton.me 10", "A-1 ref:phone:+445601234567 10"}},
		{"company domain", ref("Jan", "Nordwind GmbH", email("jan@nordwind.de")), Env{Domains: testDomains}, nil},
		{"freelancer on gmail", ref("Jan", "Freelance", email("jan.k@gmail.com")), Env{Domains: testDomains}, nil},
		{"no company", ref("Jan", "", email("jan.k@gmail.com")), Env{Domains: testDomains}, nil},
		{"no classifier: only the phone test", ref("Jan", "Nordwind GmbH", email("jan.k@gmail.com"), voip), Env{},
			[]string{"A-1 ref:phone:+445601234567 10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectRefFreemailCorporate, []*bonafide.Person{withRefs(person("A-1", "Ann Lee"), tt.r)}, tt.env)
			checkBrief(t, "REF-FREEMAIL-CORPORATE", fs, tt.want)
		})
	}
	fs := run(detectRefFreemailCorporate, []*bonafide.Person{withRefs(person("A-1", "Ann Lee"),
		ref("Jan Kowalski", "Nordwind GmbH", email("jan.k@gmail.com")))}, Env{Domains: testDomains})
	if want := "Jan Kowalski claims to work at Nordwind GmbH but gives a free-mail address (gmail.com): jan.k@gmail.com."; fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}
