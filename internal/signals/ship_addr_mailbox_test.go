package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestShipAddrMailbox(t *testing.T) {
	careOfRaw := shipping("US|10001|1 main st")
	careOfRaw.Raw = "John Smith c/o Acme Logistics, 1 Main St, New York 10001"
	tests := []struct {
		name string
		id   bonafide.Identifier
		want []string
	}{
		{"po box", shipping("US|10001|po box 123", "po_box", "true"), []string{"A-1 address:US|10001|po box 123 40"}},
		{"forwarder", shipping("US|19801|1201 n orange st", "mail_forwarder", "1"), []string{"A-1 address:US|19801|1201 n orange st 40"}},
		{"care of", careOfRaw, []string{"A-1 address:US|10001|1 main st 40"}},
		{"ordinary", shipping("US|10001|1 main st", "po_box", "false"), nil},
		{"home po box is not a shipping address", func() bonafide.Identifier {
			x := home("US|10001|po box 123")
			x.Attrs = map[string]string{"po_box": "true"}
			return x
		}(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(detectShipAddrMailbox, []*bonafide.Person{person("A-1", "Ann Lee", tt.id)}, Env{})
			checkBrief(t, "SHIP-ADDR-MAILBOX", fs, tt.want)
		})
	}
}

func TestCareOf(t *testing.T) {
	for s, want := range map[string]bool{
		"c/o Acme, 1 Main St":          true,
		"John, C/O Acme":               true,
		"care of Mrs Smith, 2 High St": true,
		"Calle Olmo 5":                 false,
		"Disco/Office Park 3":          false,
	} {
		if got := careOf(s); got != want {
			t.Errorf("careOf(%q) = %v, want %v", s, got, want)
		}
	}
}
