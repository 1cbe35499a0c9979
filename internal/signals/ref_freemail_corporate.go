package signals

import (
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// notAnEmployer are Company values that do not claim a company employer.
var notAnEmployer = map[string]bool{
	"": true, "-": true, "n/a": true, "na": true, "none": true, "self": true, "self-employed": true,
	"self employed": true, "freelance": true, "freelancer": true, "independent": true, "private": true,
}

// detectRefFreemailCorporate is REF-FREEMAIL-CORPORATE (Crosschq): a reference claims a company
// employer (Reference.Company, not "freelance"/"self-employed"/…) but gives a free-mail or
// disposable e-mail domain (Env.Domains) or a VoIP phone. Weak alone (small firms use Gmail):
// weight 10 per contact, cap 20. Keyed "ref:<kind>:<canonical>".
func detectRefFreemailCorporate(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for ri := range p.References {
		r := &p.References[ri]
		company := strings.TrimSpace(r.Company)
		if notAnEmployer[strings.ToLower(company)] {
			continue
		}
		for ii := range r.Identifiers {
			id := &r.Identifiers[ii]
			if id.Value == "" {
				continue
			}
			var why string
			switch id.Kind {
			case bonafide.KindEmail:
				if e.Domains == nil {
					continue
				}
				d := emailDomain(id)
				switch e.Domains.Class(d) {
				case "freemail":
					why = "a free-mail address (" + d + ")"
				case "disposable":
					why = "a disposable-mailbox address (" + d + ")"
				default:
					continue
				}
			case bonafide.KindPhone:
				if id.Attr("line_type") != "voip" {
					continue
				}
				why = "a VoIP number"
			default:
				continue
			}
			name := r.Name
			if name == "" {
				name = "A reference"
			}
			emit(e.finding("REF-FREEMAIL-CORPORATE", p, refKeyString(id), 0,
				name+" claims to work at "+company+" but gives "+why+": "+display(id)+".",
				[]bonafide.Evidence{
					{Field: refField(ri, id), Value: id.Value, Note: "The reference's contact is " + why + "."},
					{Field: "references[" + strconv.Itoa(ri) + "].company", Value: company, Note: "The reference claims this employer."},
				}, nil))
		}
	}
}
