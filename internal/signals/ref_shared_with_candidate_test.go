package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestRefSharedWithCandidate(t *testing.T) {
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"reference uses the candidate's phone", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee", phone("+4915112345678", "DE")),
				ref("Jan Kowalski", "Nordwind GmbH", email("jan@nordwind.de"), phone("+4915112345678", "DE")))},
			[]string{"A-1 ref:phone:+4915112345678 50"}},
		{"reference uses the candidate's e-mail", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee", email("ann@gmail.com")), ref("Jan", "X", email("ann@gmail.com")))},
			[]string{"A-1 ref:email:ann@gmail.com 50"}},
		{"someone else's phone is REF-IS-PERSONA, not this", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan", "X", phone("+4915112345678", "DE"))),
			person("A-2", "Bo Chen", phone("+4915112345678", "DE"))}, nil},
		{"independent reference", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee", email("ann@gmail.com")), ref("Jan", "X", email("jan@nordwind.de")))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "REF-SHARED-WITH-CANDIDATE", run(detectRefSharedWithCandidate, tt.people, Env{}), tt.want)
		})
	}
}
