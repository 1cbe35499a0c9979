package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestRefIsPersona(t *testing.T) {
	janPhone := phone("+48123456789", "PL")
	employee := func(pid, name string, ids ...bonafide.Identifier) *bonafide.Person {
		p := person(pid, name, ids...)
		p.Role = bonafide.RoleEmployee
		return p
	}
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"referee is another applicant under another name", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			person("A-2", "Piotr Nowak", janPhone)},
			[]string{"A-1 ref:phone:+48123456789 50 [A-2]"}},
		{"referee is another applicant under the same name", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			person("A-2", "Jan Kowalski", janPhone)},
			[]string{"A-1 ref:phone:+48123456789 50 [A-2]"}},
		{"an employee vouching under their own name is ordinary", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			employee("E-7", "Jan Kowalski", janPhone)}, nil},
		{"an employee's contact under another name", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			employee("E-7", "Piotr Nowak", janPhone)},
			[]string{"A-1 ref:phone:+48123456789 50 [E-7]"}},
		{"candidate's own duplicate record", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			person("A-2", "Ann Lee", janPhone)}, nil},
		{"no match", []*bonafide.Person{
			withRefs(person("A-1", "Ann Lee"), ref("Jan Kowalski", "Nordwind GmbH", janPhone)),
			person("A-2", "Piotr Nowak", phone("+48999999999", "PL"))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "REF-IS-PERSONA", run(detectRefIsPersona, tt.people, Env{}), tt.want)
		})
	}
}
