package bonafide

import "time"

// CaseStatus is where a case stands. Only a person moves a case; bonafide never decides.
type CaseStatus string

// Case statuses.
const (
	CaseOpen      CaseStatus = "open"
	CaseConfirmed CaseStatus = "confirmed" // an analyst confirmed fraud; reportable
	CaseCleared   CaseStatus = "cleared"   // an analyst cleared the people in it
)

// Decision is a human decision recorded on a case, with who made it and why (GDPR Art. 22).
type Decision struct {
	At      time.Time  `json:"at"`
	By      string     `json:"by"`
	Status  CaseStatus `json:"status"`
	Comment string     `json:"comment"`
}

// Case groups people an analyst investigates together, with their findings and decisions.
type Case struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Status    CaseStatus `json:"status"`
	PersonIDs []string   `json:"person_ids"`
	Findings  []Finding  `json:"findings"`
	Decisions []Decision `json:"decisions"`
	// TLP is the Traffic Light Protocol marking for sharing ("TLP:AMBER", …).
	TLP     string    `json:"tlp"`
	Created time.Time `json:"created"`
}
