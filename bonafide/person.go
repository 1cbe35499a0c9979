package bonafide

import (
	"encoding/json"
	"time"
)

// Role says in which capacity a Person is known.
type Role string

// Roles.
const (
	RoleApplicant Role = "applicant" // applied for a job or a platform account
	RoleEmployee  Role = "employee"  // hired; post-hire telemetry applies
	RoleReference Role = "reference" // named as a referee by an applicant
)

// Person is an applicant or employee as one source presented them.
//
// ID is stable across re-imports of the same record: it is the source's own record ID (the
// CSV `id` column, a JSON Resume's bonafide.id, an ATS candidate ID), or "<file>#<n>" for a
// JSON Resume without one, so re-running a scan on the same input updates rather than
// duplicates. Raw keeps the record exactly as read, for audit and reports.
type Person struct {
	ID       string `json:"id"`
	Role     Role   `json:"role"`
	Source   string `json:"source"`         // where the record came from: file path or system name
	SourceID string `json:"source_id"`      // the source's own ID for the record
	Line     int    `json:"line,omitempty"` // 1-based line (CSV) or record index (JSON) in Source

	Name string `json:"name"` // full name as presented

	// Country is the claimed country of residence, ISO 3166-1 alpha-2 upper case ("DE", "PT",
	// "GB"). Empty when not stated. It is compared with other evidence (phone, IBAN, sign-ins),
	// never used as a signal on its own.
	Country  string `json:"country,omitempty"`
	TimeZone string `json:"time_zone,omitempty"` // claimed IANA zone, e.g. "Europe/Berlin"

	Identifiers []Identifier `json:"identifiers,omitempty"`
	Claims      []Claim      `json:"claims,omitempty"`
	References  []Reference  `json:"references,omitempty"`
	Application *Application `json:"application,omitempty"`

	// Documents holds free text the applicant submitted (résumé, cover letter), keyed by kind
	// ("resume", "cover_letter"). Used for template detection.
	Documents map[string]string `json:"documents,omitempty"`

	// ReferredBy is the Person.ID (or name, when the ID is unknown) of whoever referred them.
	ReferredBy string `json:"referred_by,omitempty"`

	// BirthDate is the stated date of birth, "YYYY-MM-DD" (or "YYYY"), when a source gives one.
	// It is a blocking key for entity resolution only, never a signal.
	BirthDate string `json:"birth_date,omitempty"`

	// Photos are the profile, ID or interview photos the person presented.
	Photos []Photo `json:"photos,omitempty"`

	// GitHub is the person's GitHub account as exported from GitHub's REST API, when given.
	GitHub *GitHubAccount `json:"github,omitempty"`

	Raw json.RawMessage `json:"raw,omitempty"`
}

// IdentifierKind is the type of an Identifier.
type IdentifierKind string

// Identifier kinds. The canonical Value of each is produced by internal/normalize.
const (
	KindEmail   IdentifierKind = "email"   // canonical mailbox: lower case, Gmail dots and +tags removed, IDN domain in punycode
	KindPhone   IdentifierKind = "phone"   // E.164, e.g. "+4915112345678"
	KindAddress IdentifierKind = "address" // canonical postal address: "<country>|<postcode>|<street tokens>"
	KindIBAN    IdentifierKind = "iban"    // IBAN without spaces, upper case, mod-97 valid
	KindWallet  IdentifierKind = "wallet"  // "<chain>:<address>", e.g. "ETH:0xabc…" (lower case for ETH)
	KindURL     IdentifierKind = "url"     // profile or site: "github:<handle>", "linkedin:<handle>", or "web:<host><path>"
	KindDevice  IdentifierKind = "device"  // device fingerprint or hardware ID as given by the source
	KindIP      IdentifierKind = "ip"      // IP address in canonical text form
)

// Purpose says what an identifier is used for by its owner.
type Purpose string

// Purposes.
const (
	PurposeContact     Purpose = "contact"     // how the person is reached
	PurposeHome        Purpose = "home"        // home / residence address on file or ID
	PurposeShipping    Purpose = "shipping"    // where the company laptop is to be shipped
	PurposePayout      Purpose = "payout"      // where wages go (IBAN, wallet)
	PurposeProfile     Purpose = "profile"     // public profile (GitHub, LinkedIn, website)
	PurposeApplication Purpose = "application" // device or IP the application was submitted from
)

// Identifier is one typed datum that can link people: an e-mail, a phone, a postal address, an
// IBAN, a wallet, a profile URL, a device or an IP.
type Identifier struct {
	Kind    IdentifierKind `json:"kind"`
	Purpose Purpose        `json:"purpose,omitempty"`
	Raw     string         `json:"raw"`             // as presented
	Value   string         `json:"value,omitempty"` // canonical; empty when Raw could not be normalised
	// Country is the country the identifier itself points to, ISO 3166-1 alpha-2: a phone's
	// region, an IBAN's country, an address's country. Empty when unknown.
	Country string `json:"country,omitempty"`
	// Attrs holds kind-specific facts found while normalising: for phones "line_type"
	// (mobile, fixed_line, voip, …); for e-mails "domain"; for wallets "chain".
	Attrs map[string]string `json:"attrs,omitempty"`
	// Error says why Raw could not be normalised (Value is then empty).
	Error string `json:"error,omitempty"`
}

// Attr returns Attrs[key], or "" when unset.
func (i Identifier) Attr(key string) string {
	if i.Attrs == nil {
		return ""
	}
	return i.Attrs[key]
}

// ClaimKind is the type of a Claim.
type ClaimKind string

// Claim kinds.
const (
	ClaimEmployment  ClaimKind = "employment"
	ClaimEducation   ClaimKind = "education"
	ClaimResidence   ClaimKind = "residence"
	ClaimNationality ClaimKind = "nationality" // recorded for document checks only; never a signal
)

// Claim is something a person states about themselves: a job, a degree, where they live.
//
// Start and End are at month precision (day 1, UTC). A zero Start is unknown; a zero End with
// Current set means "to date".
type Claim struct {
	Kind     ClaimKind `json:"kind"`
	Org      string    `json:"org,omitempty"`     // employer, school
	Title    string    `json:"title,omitempty"`   // position, degree
	Country  string    `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Start    time.Time `json:"start,omitempty"`
	End      time.Time `json:"end,omitempty"`
	Current  bool      `json:"current,omitempty"`
	FullTime bool      `json:"full_time,omitempty"`
	Text     string    `json:"text,omitempty"` // description, highlights, technologies mentioned
}

// Reference is a referee named by an applicant.
type Reference struct {
	Name         string       `json:"name"`
	Company      string       `json:"company,omitempty"` // employer the referee claims
	Title        string       `json:"title,omitempty"`
	Relationship string       `json:"relationship,omitempty"` // "manager", "colleague", "client"
	Identifiers  []Identifier `json:"identifiers,omitempty"`  // e-mail, phone of the referee
	// Verified is set when the referee was confirmed through an independently found company
	// contact (REF-UNVERIFIED otherwise).
	Verified bool `json:"verified,omitempty"`
}

// Application is one application event.
type Application struct {
	Position    string    `json:"position,omitempty"`
	SubmittedAt time.Time `json:"submitted_at,omitempty"`
	Channel     string    `json:"channel,omitempty"` // job board, platform, referral
	UserAgent   string    `json:"user_agent,omitempty"`
	// StartDate is the agreed or planned start date for hires; zero when unknown.
	StartDate time.Time `json:"start_date,omitempty"`
}

// IdentifiersOf returns the person's identifiers of kind k (any purpose when purpose is "").
func (p *Person) IdentifiersOf(k IdentifierKind, purpose Purpose) []Identifier {
	var out []Identifier
	for _, id := range p.Identifiers {
		if id.Kind == k && (purpose == "" || id.Purpose == purpose) {
			out = append(out, id)
		}
	}
	return out
}

// Photo is a photo a person presented: a profile picture, an ID scan, an interview still.
// Photos are compared by perceptual hash, so a re-encoded or resized copy still matches
// (APP-PHOTO-REUSE, INT-FACE-OTHER-IDENTITY).
type Photo struct {
	Source string `json:"source"`         // path (relative to the input file) or URL as given
	Kind   string `json:"kind,omitempty"` // "profile", "id", "interview"
	// PHash is the 64-bit DCT perceptual hash of the image (goimagehash PerceptionHash), or 0
	// when the image could not be read (Error says why).
	PHash uint64 `json:"phash,omitempty"`
	Error string `json:"error,omitempty"`
}

// GitHubAccount is a GitHub account in the shapes of GitHub's REST API (GET /users/{u},
// /users/{u}/repos, /repos/{o}/{r}/commits, /users/{u}/followers and /following), reduced to
// what persona analysis needs: when the account was made, whom it follows, where it committed
// and with which e-mail addresses (NET-GITHUB-AGED, NET-GITHUB-RING; SEAL).
type GitHubAccount struct {
	Login     string         `json:"login"`
	ID        int64          `json:"id,omitempty"`
	Name      string         `json:"name,omitempty"`
	Email     string         `json:"email,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	Followers []string       `json:"followers,omitempty"` // logins
	Following []string       `json:"following,omitempty"` // logins
	Repos     []GitHubRepo   `json:"repos,omitempty"`
	Commits   []GitHubCommit `json:"commits,omitempty"`
}

// GitHubRepo is one repository of an account.
type GitHubRepo struct {
	FullName  string    `json:"full_name"` // "owner/name"
	Fork      bool      `json:"fork,omitempty"`
	Parent    string    `json:"parent,omitempty"` // full name of the forked repository
	CreatedAt time.Time `json:"created_at,omitempty"`
}

// GitHubCommit is one commit authored by the account, in any repository.
type GitHubCommit struct {
	Repo        string    `json:"repo"` // "owner/name"
	SHA         string    `json:"sha"`
	AuthorName  string    `json:"author_name,omitempty"`
	AuthorEmail string    `json:"author_email,omitempty"`
	AuthorDate  time.Time `json:"author_date"` // as the commit states it: can be backdated
}
