package screen

import (
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// Common given and family names across the populations that apply for remote roles in Europe
// (none is a listed party's full name; several share tokens with listed ones: Mohammed, Ali,
// Kim, Petrov). Every pairing is a benign applicant for the alert-rate measurement.
var (
	benignGiven = []string{"Anna", "Lukas", "Mia", "Jonas", "Sofia", "Tiago", "Inês", "João", "Oliver", "Amelia",
		"Noah", "Leon", "Emma", "Mateo", "Yuki", "Wei", "Priya", "Arjun", "Fatima", "Omar", "Zeynep", "Emre",
		"Olga", "Dmytro", "Aoife", "Felix", "Beatriz", "Hannah", "Samuel", "Ji-woo", "Min-jun", "Kofi",
		"Mohammed", "Ahmed", "Aleksandr", "Sergei", "Ivan", "Li", "Hyun-woo", "Maria"}
	benignFamily = []string{"Müller", "Schmidt", "Fischer", "Weber", "Silva", "Santos", "Ferreira", "Costa", "Smith",
		"Jones", "Taylor", "Nguyen", "Kim", "Park", "Chen", "Wang", "Patel", "Shah", "Yılmaz", "Kaya",
		"Kowalski", "Nowak", "Murphy", "Hoffmann", "Oliveira", "Rodrigues", "Mensah", "Novak", "Rossi",
		"Ivanov", "Petrov", "Hassan", "Ali", "Khan", "Lee", "Choi", "Kuznetsova", "Al-Sayed", "Haddad", "Popescu"}
)

// TestAlertRate measures how many benign applicants with common names a name screen flags
// against every list in the shared data, without and with a stated date of birth, at the
// screen command's threshold (0.78) and at the scan's (ScanThreshold). It asserts the scan's
// rate with birth dates stays under 2 %: analysts must not drown in namesakes.
func TestAlertRate(t *testing.T) {
	shareddata.Path(t, PathOFACSDN)
	ix, _, err := Load(shareddata.Dir())
	if err != nil {
		t.Fatal(err)
	}
	n := len(benignGiven) * len(benignFamily)
	rate := func(threshold float64, dob string) float64 {
		s := &Screener{Index: ix, Threshold: threshold}
		flagged := 0
		for _, g := range benignGiven {
			for _, f := range benignFamily {
				if len(s.ScreenPerson(&bonafide.Person{ID: "x", Name: g + " " + f, BirthDate: dob})) > 0 {
					flagged++
				}
			}
		}
		return float64(flagged) / float64(n)
	}
	var scanDOB float64
	for _, th := range []float64{0.78, ScanThreshold} {
		without, with := rate(th, ""), rate(th, "1996-04-12")
		t.Logf("threshold %.2f: %d benign names, %.1f %% flagged without a birth date, %.1f %% with one (1996)", th, n, 100*without, 100*with)
		if th == ScanThreshold {
			scanDOB = with
		}
	}
	if scanDOB > 0.02 {
		t.Errorf("scan threshold flags %.1f %% of benign applicants with a birth date; want ≤ 2 %%", 100*scanDOB)
	}
}
