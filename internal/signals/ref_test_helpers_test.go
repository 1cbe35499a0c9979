package signals

import "github.com/bonafide-oss/bonafide/bonafide"

// withRefs returns p with references attached.
func withRefs(p *bonafide.Person, refs ...bonafide.Reference) *bonafide.Person {
	p.References = refs
	return p
}
