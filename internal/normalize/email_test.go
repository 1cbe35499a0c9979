package normalize

import (
	"errors"
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	tests := []struct {
		raw, want, domain string
	}{
		{"J.Doe+jobs@GoogleMail.com", "jdoe@gmail.com", "gmail.com"},
		{"jane.doe@gmail.com", "janedoe@gmail.com", "gmail.com"},
		{"JANE.DOE+linkedin@GMAIL.COM", "janedoe@gmail.com", "gmail.com"},
		{"j.a.n.e.d.o.e@googlemail.com", "janedoe@gmail.com", "gmail.com"},
		{"jürgen@müller.de", "jürgen@xn--mller-kva.de", "xn--mller-kva.de"},
		{"JÜRGEN@MÜLLER.DE", "jürgen@xn--mller-kva.de", "xn--mller-kva.de"},
		{"jürgen@xn--mller-kva.de", "jürgen@xn--mller-kva.de", "xn--mller-kva.de"},
		{"info@bücher.example", "info@xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"john.smith+spam@outlook.com", "john.smith@outlook.com", "outlook.com"},
		{"john.smith+x@hotmail.co.uk", "john.smith@hotmail.co.uk", "hotmail.co.uk"},
		{"a.b+c@live.de", "a.b@live.de", "live.de"},
		{"dev+jobs@icloud.com", "dev@icloud.com", "icloud.com"},
		{"dev+jobs@me.com", "dev@me.com", "me.com"},
		{"dev+jobs@proton.me", "dev@proton.me", "proton.me"},
		{"dev+jobs@protonmail.com", "dev@protonmail.com", "protonmail.com"},
		{"dev+jobs@fastmail.com", "dev@fastmail.com", "fastmail.com"},
		{"user+tag@yahoo.com", "user+tag@yahoo.com", "yahoo.com"}, // Yahoo: no plus addressing
		{"user-tag@yahoo.com", "user-tag@yahoo.com", "yahoo.com"},
		{"first.last+x@example.com", "first.last+x@example.com", "example.com"}, // unknown provider: tag kept
		{" <Jan@Nordwind.DE> ", "jan@nordwind.de", "nordwind.de"},
		{"mailto:Maria@Empresa.PT", "maria@empresa.pt", "empresa.pt"},
		{"ops@sub.domain.co.uk.", "ops@sub.domain.co.uk", "sub.domain.co.uk"},
		{"o'brien@example.ie", "o'brien@example.ie", "example.ie"},
		{"josé@correo.es", "josé@correo.es", "correo.es"},
	}
	for _, tt := range tests {
		got, dom, err := Email(tt.raw)
		if err != nil || got != tt.want || dom != tt.domain {
			t.Errorf("Email(%q) = %q, %q, %v; want %q, %q", tt.raw, got, dom, err, tt.want, tt.domain)
		}
	}
}

func TestEmailErrors(t *testing.T) {
	tests := []struct{ raw, why string }{
		{"", "empty"},
		{"   ", "empty"},
		{"plainaddress", "no @"},
		{"@example.com", "empty local part"},
		{"user@", "empty domain"},
		{"a..b@example.com", "two dots"},
		{".ab@example.com", "starts or ends with a dot"},
		{"ab.@example.com", "starts or ends with a dot"},
		{"a b@example.com", "not allowed"},
		{"a@b@example.com", "not allowed"},
		{`"quoted"@example.com`, "quoted"},
		{"x@[192.0.2.1]", "address literals"},
		{"x@localhost", "no dot"},
		{"x@192.0.2.1", "not a host name"},
		{"x@exa_mple.com", "domain"},
		{"x@example..com", "empty label"},
		{"+tag@gmail.com", "empty once the +tag"},
		{strings.Repeat("a", 65) + "@example.com", "longer than 64"},
		{"x@" + strings.Repeat("a", 64) + ".com", "longer than 63"},
	}
	for _, tt := range tests {
		_, _, err := Email(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.why) || !errors.Is(err, errEmail) {
			t.Errorf("Email(%q) error = %v; want one containing %q", tt.raw, err, tt.why)
		}
	}
}
