package link

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func ident(k bonafide.IdentifierKind, p bonafide.Purpose, v string) bonafide.Identifier {
	return bonafide.Identifier{Kind: k, Purpose: p, Raw: v, Value: v}
}

func email(v string) bonafide.Identifier {
	return ident(bonafide.KindEmail, bonafide.PurposeContact, v)
}
func phone(v string) bonafide.Identifier {
	return ident(bonafide.KindPhone, bonafide.PurposeContact, v)
}
func iban(v string) bonafide.Identifier {
	return ident(bonafide.KindIBAN, bonafide.PurposePayout, v)
}
func device(v string) bonafide.Identifier {
	return ident(bonafide.KindDevice, bonafide.PurposeApplication, v)
}
func ip(v string) bonafide.Identifier {
	return ident(bonafide.KindIP, bonafide.PurposeApplication, v)
}
func home(v string) bonafide.Identifier {
	return ident(bonafide.KindAddress, bonafide.PurposeHome, v)
}
func shipping(v string) bonafide.Identifier {
	return ident(bonafide.KindAddress, bonafide.PurposeShipping, v)
}

func person(id, name string, ids ...bonafide.Identifier) *bonafide.Person {
	return &bonafide.Person{ID: id, Name: name, Identifiers: ids}
}

// withDOB sets the birth date.
func withDOB(p *bonafide.Person, d string) *bonafide.Person {
	p.BirthDate = d
	return p
}

// withReferee adds a referee with the given e-mail.
func withReferee(p *bonafide.Person, mail string) *bonafide.Person {
	p.References = append(p.References, bonafide.Reference{Name: "Referee", Identifiers: []bonafide.Identifier{email(mail)}})
	return p
}

// brief renders links as "A-B kind=weight value" lines, sorted.
func brief(ls []bonafide.Link) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s-%s %s=%.2f %s", l.A, l.B, l.Kind, l.Weight, l.Value))
	}
	slices.Sort(out)
	return out
}

// members renders clusters as "[A B C]" strings.
func members(cs []bonafide.Cluster) []string {
	var out []string
	for _, c := range cs {
		out = append(out, "["+strings.Join(c.Members, " ")+"]")
	}
	return out
}
