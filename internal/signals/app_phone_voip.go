package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// detectPhoneVoIP is APP-PHONE-VOIP (MAND24): a phone whose libphonenumber line type is "voip"
// (Attrs["line_type"], set by internal/normalize). One finding per number, keyed
// "phone:<E.164>". Reference phones are REF-FREEMAIL-CORPORATE's business, not this one's.
func detectPhoneVoIP(e *env, p *bonafide.Person, emit func(bonafide.Finding)) {
	for i := range p.Identifiers {
		id := &p.Identifiers[i]
		if id.Kind != bonafide.KindPhone || id.Value == "" || id.Attr("line_type") != "voip" {
			continue
		}
		emit(e.finding("APP-PHONE-VOIP", p, idKeyString(id), 0,
			"Phone "+display(id)+" is a VoIP number.",
			[]bonafide.Evidence{{Field: fieldName(id), Value: id.Value,
				Note: "libphonenumber metadata gives the line type voip (a virtual number, not tied to a subscriber line)."}}, nil))
	}
}
