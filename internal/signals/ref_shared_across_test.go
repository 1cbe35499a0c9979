package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestRefSharedAcross(t *testing.T) {
	jan := func() bonafide.Reference { return ref("Jan Kowalski", "Nordwind GmbH", email("jan@nordwind.de")) }
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"one referee for three personas", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), jan()), withRefs(person("A-2", "Bo Chen"), jan()), withRefs(person("A-3", "Cy Diaz"), jan())},
			[]string{"A-1 ref:email:jan@nordwind.de 35 [A-2 A-3]", "A-2 ref:email:jan@nordwind.de 35 [A-1 A-3]", "A-3 ref:email:jan@nordwind.de 35 [A-1 A-2]"}},
		{"same candidate applying twice", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), jan()), withRefs(person("A-2", "Ann Lee"), jan())}, nil},
		{"referee listed twice by one candidate", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), jan(), jan())}, nil},
		{"different referees", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), jan()), withRefs(person("A-2", "Bo Chen"), ref("Eva", "Y", email("eva@y.de")))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "REF-SHARED-ACROSS", run(detectRefSharedAcross, tt.people, Env{}), tt.want)
		})
	}
}
