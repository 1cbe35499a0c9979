package signals

import (
	"strconv"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// refField names a reference identifier in evidence: "references[1].email".
func refField(ri int, id *bonafide.Identifier) string {
	return "references[" + strconv.Itoa(ri) + "]." + string(id.Kind)
}

// refKeyString keys a finding on a reference contact: "ref:<kind>:<canonical>".
func refKeyString(id *bonafide.Identifier) string {
	return "ref:" + string(id.Kind) + ":" + id.Value
}

// refLabel is "Reference Jan Kowalski's phone +49 30 1234567".
func refLabel(r *bonafide.Reference, id *bonafide.Identifier) string {
	who := "Reference"
	if r.Name != "" {
		who += " " + r.Name + "'s"
	} else {
		who += "'s"
	}
	what := "e-mail"
	if id.Kind == bonafide.KindPhone {
		what = "phone"
	}
	return who + " " + what + " " + display(id)
}
