package csvintake

import (
	"fmt"
	"strings"
)

// Kind is the kind of an intake CSV file, recognised from its header row.
type Kind string

// Kinds of intake CSV file.
const (
	Applicants Kind = "applicants" // one applicant or employee per row; header has id and name
	References Kind = "references" // one referee per row; header has applicant_id and reference_name
	Employment Kind = "employment" // one role per row; header has applicant_id and employer
)

// Column indexes of the applicants file, in documentation order.
const (
	aID = iota
	aName
	aRole
	aEmail
	aPhone
	aCountry
	aTimeZone
	aAddress
	aShippingAddress
	aIBAN
	aWallet
	aPayoutProvider
	aGitHub
	aLinkedIn
	aWebsite
	aApplicationIP
	aDeviceID
	aUserAgent
	aAppliedAt
	aStartDate
	aPosition
	aChannel
	aReferredBy
	aResumeText
	aCoverLetter
	aPhoto
	aBirthDate
)

// Column indexes of the references file.
const (
	rApplicantID = iota
	rName
	rCompany
	rTitle
	rRelationship
	rEmail
	rPhone
	rVerified
)

// Column indexes of the employment file.
const (
	eApplicantID = iota
	eEmployer
	eTitle
	eStart
	eEnd
	eFullTime
	eCountry
	eDescription
)

// schema is the column set of one kind of file: names in index order, and which are required.
type schema struct {
	kind     Kind
	columns  []string
	required []int
}

var schemas = []schema{
	{Applicants, []string{"id", "name", "role", "email", "phone", "country", "time_zone", "address",
		"shipping_address", "iban", "wallet", "payout_provider", "github", "linkedin", "website",
		"application_ip", "device_id", "user_agent", "applied_at", "start_date", "position",
		"channel", "referred_by", "resume_text", "cover_letter", "photo", "birth_date"}, []int{aID, aName}},
	{References, []string{"applicant_id", "reference_name", "reference_company", "reference_title",
		"relationship", "reference_email", "reference_phone", "verified"}, []int{rApplicantID, rName}},
	{Employment, []string{"applicant_id", "employer", "title", "start", "end", "full_time",
		"country", "description"}, []int{eApplicantID, eEmployer}},
}

// Columns returns the column names a file of kind k may have (besides x_-prefixed ones), in
// documentation order; the first two are required.
func Columns(k Kind) []string {
	for _, s := range schemas {
		if s.kind == k {
			return append([]string(nil), s.columns...)
		}
	}
	return nil
}

// Detect returns the kind of file whose header row is header: Applicants when it has id and
// name columns, References when it has applicant_id and reference_name, Employment when it has
// applicant_id and employer (names are matched trimmed and case-insensitively). The error, when
// none matches, lists the columns each kind lacks.
func Detect(header []string) (Kind, error) {
	have := make(map[string]bool, len(header))
	for _, h := range header {
		have[headerName(strings.TrimPrefix(h, bom))] = true
	}
	var lacks []string
	for _, s := range schemas {
		var missing []string
		for _, i := range s.required {
			if !have[s.columns[i]] {
				missing = append(missing, s.columns[i])
			}
		}
		if len(missing) == 0 {
			return s.kind, nil
		}
		lacks = append(lacks, fmt.Sprintf("%s file needs %s (lacks %s)", s.kind,
			requiredNames(s), strings.Join(missing, ", ")))
	}
	return "", fmt.Errorf("header matches no intake CSV: %s", strings.Join(lacks, "; "))
}

func requiredNames(s schema) string {
	names := make([]string, len(s.required))
	for i, c := range s.required {
		names[i] = s.columns[c]
	}
	return strings.Join(names, " and ")
}

// suggest returns the known column closest to an unknown one, or "" when none is close.
func suggest(unknown string, columns []string) string {
	best, bestD := "", 3
	for _, c := range columns {
		if strings.HasSuffix(c, "_"+unknown) {
			return c
		}
		if d := editDistance(unknown, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
