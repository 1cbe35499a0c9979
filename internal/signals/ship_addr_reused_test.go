package signals

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestShipAddrReused(t *testing.T) {
	farm := "US|10001|1 main st"
	tests := []struct {
		name   string
		people []*bonafide.Person
		want   []string
	}{
		{"laptop farm: three hires ship to one address", []*bonafide.Person{
			person("E-1", "Ann Lee", home("PT|1100-053|rua augusta 120"), shipping(farm)),
			person("E-2", "Bo Chen", home("DE|10115|invalidenstr 1"), shipping(farm)),
			person("E-3", "Cy Diaz", shipping(farm))},
			[]string{"E-1 address:US|10001|1 main st 45 [E-2 E-3]", "E-2 address:US|10001|1 main st 45 [E-1 E-3]", "E-3 address:US|10001|1 main st 45 [E-1 E-2]"}},
		{"ships to someone else's home", []*bonafide.Person{
			person("E-1", "Ann Lee", shipping(farm)), person("E-2", "Bo Chen", home(farm))},
			[]string{"E-1 address:US|10001|1 main st 45 [E-2]"}},
		{"couple sharing a home", []*bonafide.Person{
			person("E-1", "Ann Lee", home(farm), shipping(farm)), person("E-2", "Bo Chen", home(farm), shipping(farm))}, nil},
		{"same person twice", []*bonafide.Person{
			person("E-1", "Ann Lee", shipping(farm)), person("E-2", "Ann Lee", shipping(farm))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBrief(t, "SHIP-ADDR-REUSED", run(detectShipAddrReused, tt.people, Env{}), tt.want)
		})
	}
}

// TestShipAddrReusedHub: a farm address used by 100 hires (a hub above bigThreshold), two of
// them without a name, plus the farm owner's home: counts and caps hold on the hub path.
func TestShipAddrReusedHub(t *testing.T) {
	farm := "US|10001|1 main st"
	people := []*bonafide.Person{person("H-000", "Farm Owner", home(farm))}
	for i := range 100 {
		name := fmt.Sprintf("Hire %03d", i)
		if i < 2 {
			name = ""
		}
		people = append(people, person(fmt.Sprintf("H-%03d", i+1), name, shipping(farm)))
	}
	fs := run(detectShipAddrReused, people, Env{})
	if len(fs) != 100 {
		t.Fatalf("%d findings, want 100 (the owner ships nothing)", len(fs))
	}
	for _, f := range fs {
		if len(f.Related) != MaxRelated || !strings.Contains(f.Evidence[0].Note, "by 100 differently named people") {
			t.Fatalf("%s: %d related, note %q", f.PersonID, len(f.Related), f.Evidence[0].Note)
		}
		if f.Related[0] != "H-000" {
			t.Fatalf("%s: owner not first related: %v", f.PersonID, f.Related[:3])
		}
	}
}
