package usbid

import (
	"fmt"
	"strings"
)

// Kinds of Class.
const (
	KindIPKVM   = "ipkvm"   // IP-KVM: keyboard/video/mouse over IP (TEL-IPKVM, MSFT26)
	KindJiggler = "jiggler" // mouse jiggler / mover (TEL-JIGGLER)
)

// Class is what Classify concluded about one USB device.
type Class struct {
	Kind     string // KindIPKVM, KindJiggler, or "" when nothing matched
	Name     string // device family ("PiKVM", "TinyPilot", "Linux USB gadget", "mouse jiggler")
	Evidence string // what matched, in words
	Strong   bool   // device strings identify it; false = supporting evidence only
}

// Linux Foundation vendor ID and the Multifunction Composite Gadget product ID (usb.ids:
// "1d6b Linux Foundation / 0104 Multifunction Composite Gadget"). Any Linux USB gadget
// (libcomposite) may use it, so on its own it is supporting evidence only.
const (
	vidLinuxFoundation = 0x1d6b
	pidCompositeGadget = 0x0104
)

// signature is a documented default USB identity of an IP-KVM.
type signature struct {
	name                          string
	vid, pid                      uint16
	manufacturer, product, serial string // "" = not part of the signature
}

// signatures: the devices' default USB descriptors (operators can change them).
//   - PiKVM: kvmd's default OTG configuration presents 1d6b:0104 with manufacturer "PiKVM",
//     product "PiKVM Composite Device", serial "CAFEBABE" (PiKVM documentation, pikvm/kvmd;
//     recorded in the reference data README).
//   - TinyPilot: its USB gadget script presents 1d6b:0104 with manufacturer "tinypilot",
//     product "Multifunction USB Device" (tiny-pilot/tinypilot; reference data README).
var signatures = []signature{
	{"PiKVM", vidLinuxFoundation, pidCompositeGadget, "PiKVM", "PiKVM Composite Device", "CAFEBABE"},
	{"TinyPilot", vidLinuxFoundation, pidCompositeGadget, "tinypilot", "Multifunction USB Device", ""},
}

// namePattern is a word found in a device's manufacturer or product string.
type namePattern struct {
	word, kind, name string
}

// namePatterns are product names of IP-KVM projects and jiggler products, matched
// case-insensitively in the manufacturer and product strings. Sources: the projects' own
// names — PiKVM (pikvm.org), TinyPilot (tinypilotkvm.com), BliKVM (blicube, a PiKVM-based
// KVM), NanoKVM (Sipeed), JetKVM (jetkvm.com) — and the generic names that hardware and
// software jigglers are sold under ("Mouse Jiggler", "mouse mover"). Whether each project's firmware puts its name into the USB strings by default is
// not asserted beyond PiKVM and TinyPilot; a match means the strings name the device.
var namePatterns = []namePattern{
	{"pikvm", KindIPKVM, "PiKVM"},
	{"tinypilot", KindIPKVM, "TinyPilot"},
	{"blikvm", KindIPKVM, "BliKVM"},
	{"nanokvm", KindIPKVM, "NanoKVM"},
	{"jetkvm", KindIPKVM, "JetKVM"},
	{"jiggler", KindJiggler, "mouse jiggler"},
	{"jiggle", KindJiggler, "mouse jiggler"},
	{"mouse mover", KindJiggler, "mouse jiggler"},
	{"mousemover", KindJiggler, "mouse jiggler"},
}

// Classify classifies a USB device from its vendor and product IDs (hex strings as ParseID
// accepts; "" or invalid = unknown) and its manufacturer, product and serial strings:
//
//   - a documented IP-KVM signature (1d6b:0104 plus a matching manufacturer, product or
//     serial string) → Strong IP-KVM;
//   - an IP-KVM or jiggler name in the manufacturer or product string → Strong, of that kind;
//   - 1d6b:0104 alone → IP-KVM "Linux USB gadget", not Strong (any Linux gadget uses it);
//   - otherwise the zero Class.
func Classify(vendorID, productID, manufacturer, product, serial string) Class {
	vid, verr := ParseID(vendorID)
	pid, perr := ParseID(productID)
	idOK := verr == nil && perr == nil
	gadget := idOK && vid == vidLinuxFoundation && pid == pidCompositeGadget
	man, prod, ser := strings.TrimSpace(manufacturer), strings.TrimSpace(product), strings.TrimSpace(serial)

	for _, s := range signatures {
		if !idOK || vid != s.vid || pid != s.pid {
			continue
		}
		var hits []string
		if s.manufacturer != "" && strings.EqualFold(man, s.manufacturer) {
			hits = append(hits, fmt.Sprintf("manufacturer %q", man))
		}
		if s.product != "" && strings.EqualFold(prod, s.product) {
			hits = append(hits, fmt.Sprintf("product %q", prod))
		}
		if s.serial != "" && strings.EqualFold(ser, s.serial) {
			hits = append(hits, fmt.Sprintf("serial %q", ser))
		}
		// TinyPilot's product string alone is generic; require its manufacturer.
		if len(hits) == 0 || (s.name == "TinyPilot" && !strings.EqualFold(man, s.manufacturer)) {
			continue
		}
		return Class{Kind: KindIPKVM, Name: s.name, Strong: true,
			Evidence: fmt.Sprintf("USB %04x:%04x with %s matches %s's default descriptor", vid, pid, strings.Join(hits, ", "), s.name)}
	}
	lm, lp := strings.ToLower(man), strings.ToLower(prod)
	for _, p := range namePatterns {
		field, val := "", ""
		switch {
		case strings.Contains(lm, p.word):
			field, val = "manufacturer", man
		case strings.Contains(lp, p.word):
			field, val = "product", prod
		default:
			continue
		}
		ev := fmt.Sprintf("%s string %q names %s", field, val, p.name)
		if idOK {
			ev = fmt.Sprintf("USB %04x:%04x %s", vid, pid, ev)
		}
		return Class{Kind: p.kind, Name: p.name, Strong: true, Evidence: ev}
	}
	if gadget {
		return Class{Kind: KindIPKVM, Name: "Linux USB gadget",
			Evidence: "USB 1d6b:0104 (Linux Foundation Multifunction Composite Gadget) is the default ID of PiKVM and TinyPilot but also of any Linux USB gadget: supporting evidence only"}
	}
	return Class{}
}
