package githubintake

import (
	"errors"
	"reflect"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func person(id string, logins ...string) *bonafide.Person {
	p := &bonafide.Person{ID: id, Name: id}
	p.Identifiers = append(p.Identifiers, bonafide.Identifier{Kind: bonafide.KindEmail, Raw: "x@example.pt", Value: "x@example.pt"})
	for _, l := range logins {
		p.Identifiers = append(p.Identifiers, bonafide.Identifier{Kind: bonafide.KindURL, Purpose: bonafide.PurposeProfile, Raw: "https://github.com/" + l, Value: l})
	}
	return p
}

func export(file string, rec int, array bool, login string) Export {
	return Export{File: file, Record: rec, Line: 1, Array: array, Account: &bonafide.GitHubAccount{Login: login}}
}

func TestAttach(t *testing.T) {
	tests := []struct {
		name    string
		people  []*bonafide.Person
		exports []Export
		want    map[string]string // person ID → attached login ("" none)
		skips   []Skip
	}{
		{
			name:    "match ignoring case",
			people:  []*bonafide.Person{person("A-1", "github:lena-hoffmann"), person("A-2", "linkedin:lena-hoffmann")},
			exports: []Export{export("lena.github.json", 1, false, "Lena-Hoffmann")},
			want:    map[string]string{"A-1": "Lena-Hoffmann", "A-2": ""},
		},
		{
			name:    "no applicant",
			people:  []*bonafide.Person{person("A-1", "github:someone"), person("A-2", "web:github.io/ghost")},
			exports: []Export{export("ghost.github.json", 1, false, "ghost")},
			want:    map[string]string{"A-1": "", "A-2": ""},
			skips:   []Skip{{"ghost.github.json", `no applicant with GitHub login "ghost"`}},
		},
		{
			name:   "array: some records match",
			people: []*bonafide.Person{person("A-1", "github:marco-silva-dev"), person("A-3", "github:emre-yilmaz-codes")},
			exports: []Export{export("ring.github.json", 1, true, "marco-silva-dev"), export("ring.github.json", 2, true, "j-kowalczyk"),
				export("ring.github.json", 3, true, "emre-yilmaz-codes")},
			want:  map[string]string{"A-1": "marco-silva-dev", "A-3": "emre-yilmaz-codes"},
			skips: []Skip{{"ring.github.json", `record 2: no applicant with GitHub login "j-kowalczyk"`}},
		},
		{
			name:    "two records name one account",
			people:  []*bonafide.Person{person("A-1", "github:dev1"), person("A-2", "github:dev1")},
			exports: []Export{export("dev1.github.json", 1, false, "dev1")},
			want:    map[string]string{"A-1": "dev1", "A-2": "dev1"},
		},
		{
			name:    "one person, two profiles: first export wins",
			people:  []*bonafide.Person{person("A-1", "github:old-handle", "github:new-handle")},
			exports: []Export{export("new.github.json", 1, false, "new-handle"), export("old.github.json", 1, false, "old-handle")},
			want:    map[string]string{"A-1": "new-handle"},
			skips:   []Skip{{"old.github.json", `GitHub login "old-handle": its applicants already have another GitHub account attached: A-1 (has new-handle)`}},
		},
		{
			name:    "same identifier twice on a person",
			people:  []*bonafide.Person{person("A-1", "github:dev1", "github:dev1")},
			exports: []Export{export("dev1.github.json", 1, false, "dev1")},
			want:    map[string]string{"A-1": "dev1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			skips, err := Attach(tt.people, tt.exports)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.people {
				got := ""
				if p.GitHub != nil {
					got = p.GitHub.Login
				}
				if got != tt.want[p.ID] {
					t.Errorf("%s: attached %q, want %q", p.ID, got, tt.want[p.ID])
				}
			}
			if !reflect.DeepEqual(skips, tt.skips) {
				t.Errorf("skips = %q, want %q", skips, tt.skips)
			}
		})
	}
}

func TestAttachDuplicateLogin(t *testing.T) {
	p := person("A-1", "github:dev1")
	exports := []Export{export("a.github.json", 1, false, "dev1"), export("b.github.json", 2, true, "DEV1")}
	skips, err := Attach([]*bonafide.Person{p}, exports)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || skips != nil {
		t.Fatalf("err = %v, skips %v", err, skips)
	}
	want := `b.github.json:1 record 2 field "user.login": GitHub login "DEV1" exported twice: also at a.github.json record 1`
	if ie.Error() != want {
		t.Errorf("err = %q\nwant %q", ie.Error(), want)
	}
	if p.GitHub != nil {
		t.Errorf("attached despite the error")
	}
}
