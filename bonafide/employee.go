package bonafide

import "time"

// Employee is a hired person as post-hire telemetry sees them: the HR record that sign-in and
// endpoint activity is compared with (SIGNALS.md section 5: claimed country and time zone,
// start date, where the laptop was shipped). ID is the person's ID, the same as the applicant's
// when the hire was screened, so telemetry findings join the applicant's record.
type Employee struct {
	ID          string    `json:"id"`                     // person ID (employee_id)
	Name        string    `json:"name"`                   // display name
	Accounts    []string  `json:"accounts,omitempty"`     // UPNs, e-mails, Okta logins, Windows DOMAIN\user, lower-cased
	Hosts       []string  `json:"hosts,omitempty"`        // assigned device host names or IDs
	Country     string    `json:"country,omitempty"`      // ISO 3166-1 alpha-2 claimed residence, upper case
	TimeZone    string    `json:"time_zone,omitempty"`    // IANA, e.g. "Europe/Berlin"; "" unknown
	StartDate   time.Time `json:"start_date,omitzero"`    // first working day, UTC midnight; zero when unknown
	ShipCountry string    `json:"ship_country,omitempty"` // ISO2 where the laptop was shipped; "" unknown
	Locale      string    `json:"locale,omitempty"`       // BCP 47 tag, e.g. "de-DE"; "" unknown
}
