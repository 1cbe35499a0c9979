package signals

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestPhoneVoIP(t *testing.T) {
	tests := []struct {
		name string
		p    *bonafide.Person
		want []string
	}{
		{"voip", person("A-1", "Ann", phone("+445601234567", "GB", "line_type", "voip")), []string{"A-1 phone:+445601234567 20"}},
		{"mobile", person("A-1", "Ann", phone("+4915112345678", "DE", "line_type", "mobile")), nil},
		{"unknown line type", person("A-1", "Ann", phone("+4915112345678", "DE")), nil},
		{"two numbers", person("A-1", "Ann", phone("+445601234567", "GB", "line_type", "voip"), phone("+445601234568", "GB", "line_type", "voip")),
			[]string{"A-1 phone:+445601234567 20", "A-1 phone:+445601234568 20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "APP-PHONE-VOIP", run(detectPhoneVoIP, []*bonafide.Person{tt.p}, Env{}), tt.want)
		})
	}
}
