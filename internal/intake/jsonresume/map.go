package jsonresume

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	csvintake "github.com/bonafide-oss/bonafide/internal/intake/csv"
	"github.com/bonafide-oss/bonafide/internal/normalize"
)

// walker reads typed values out of a decoded JSON object, remembering the first error with its
// JSON path. After an error every read returns the zero value.
type walker struct {
	path, err string
}

func (w *walker) fail(path, format string, args ...any) {
	if w.err == "" {
		w.path, w.err = path, fmt.Sprintf(format, args...)
	}
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func index(parent string, i int) string { return parent + "[" + strconv.Itoa(i) + "]" }

// str returns m[key] trimmed; "" when absent or null.
func (w *walker) str(m map[string]any, parent, key string) string {
	v := m[key]
	if v == nil || w.err != "" {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		w.fail(join(parent, key), "want a string, got %s", typeName(v))
		return ""
	}
	return strings.TrimSpace(s)
}

// boolean returns m[key]; def when absent or null.
func (w *walker) boolean(m map[string]any, parent, key string, def bool) bool {
	v := m[key]
	if v == nil || w.err != "" {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		w.fail(join(parent, key), "want true or false, got %s", typeName(v))
		return def
	}
	return b
}

// object returns m[key] as an object; nil when absent or null.
func (w *walker) object(m map[string]any, parent, key string) map[string]any {
	return w.asObject(m[key], join(parent, key))
}

func (w *walker) asObject(v any, path string) map[string]any {
	if v == nil || w.err != "" {
		return nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		w.fail(path, "want an object, got %s", typeName(v))
		return nil
	}
	return o
}

// array returns m[key] as an array; nil when absent or null.
func (w *walker) array(m map[string]any, parent, key string) []any {
	v := m[key]
	if v == nil || w.err != "" {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		w.fail(join(parent, key), "want an array, got %s", typeName(v))
		return nil
	}
	return a
}

// strings returns m[key], an array of strings, trimmed, without empty ones.
func (w *walker) strings(m map[string]any, parent, key string) []string {
	path := join(parent, key)
	var out []string
	for i, v := range w.array(m, parent, key) {
		if v == nil {
			continue
		}
		s, ok := v.(string)
		if !ok {
			w.fail(index(path, i), "want a string, got %s", typeName(v))
			return nil
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// month reads a JSON Resume date (YYYY-MM-DD, YYYY-MM or YYYY) at month precision.
func (w *walker) month(m map[string]any, parent, key string) time.Time {
	s := w.str(m, parent, key)
	if s == "" {
		return time.Time{}
	}
	t, err := normalize.Month(s)
	if err != nil {
		w.fail(join(parent, key), "%q is not a date; want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	return t
}

// only fails when m has a key outside allowed, naming the first (in sorted order).
func (w *walker) only(m map[string]any, path string, allowed ...string) {
	if w.err != "" {
		return
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		w.fail(join(path, unknown[0]), "unknown key %q in %s; valid keys: %s", unknown[0], path, strings.Join(allowed, ", "))
	}
}

// Keys of the bonafide extension object and its parts.
var (
	extKeys         = []string{"id", "role", "timeZone", "birthDate", "shippingAddress", "payout", "application", "referredBy", "references", "work", "coverLetter"}
	payoutKeys      = []string{"iban", "wallet", "provider"}
	applicationKeys = []string{"ip", "deviceId", "submittedAt", "position", "channel", "startDate", "userAgent"}
	extRefKeys      = []string{"name", "company", "title", "relationship", "email", "phone", "verified"}
	extWorkKeys     = []string{"fullTime", "country"}
)

// mapResume builds a person from one résumé object; defaultID is used without bonafide.id.
func mapResume(w *walker, m map[string]any, defaultID string) *bonafide.Person {
	basics := w.object(m, "", "basics")
	ext := w.object(m, "", "bonafide")
	w.only(ext, "bonafide", extKeys...)

	p := &bonafide.Person{Role: bonafide.RoleApplicant}
	p.SourceID = w.str(ext, "bonafide", "id")
	p.ID = p.SourceID
	if p.ID == "" {
		p.ID = defaultID
		p.SourceID = defaultID
	}
	switch role := w.str(ext, "bonafide", "role"); strings.ToLower(role) {
	case "", "applicant":
	case "employee":
		p.Role = bonafide.RoleEmployee
	default:
		w.fail("bonafide.role", "%q is not a role; want applicant or employee", role)
	}
	p.Name = w.str(basics, "basics", "name")
	if p.Name == "" && w.err == "" {
		w.fail("basics.name", "missing; every résumé needs a name")
	}
	p.TimeZone = w.str(ext, "bonafide", "timeZone")
	p.ReferredBy = w.str(ext, "bonafide", "referredBy")
	if s := w.str(ext, "bonafide", "birthDate"); s != "" {
		d, err := csvintake.ParseBirthDate(s)
		if err != nil {
			w.fail("bonafide.birthDate", "%v", err)
		}
		p.BirthDate = d
	}
	// basics.image becomes the profile photo; Parse reads and hashes it.
	if s := w.str(basics, "basics", "image"); s != "" {
		p.Photos = []bonafide.Photo{{Source: s, Kind: "profile"}}
	}

	// Identifiers, in the same order as the CSV importer adds them.
	add := func(kind bonafide.IdentifierKind, purpose bonafide.Purpose, raw string, attrs map[string]string) {
		if raw != "" {
			p.Identifiers = append(p.Identifiers, bonafide.Identifier{Kind: kind, Purpose: purpose, Raw: raw, Attrs: attrs})
		}
	}
	add(bonafide.KindEmail, bonafide.PurposeContact, w.str(basics, "basics", "email"), nil)
	add(bonafide.KindPhone, bonafide.PurposeContact, w.str(basics, "basics", "phone"), nil)
	loc := w.object(basics, "basics", "location")
	p.Country = w.str(loc, "basics.location", "countryCode")
	add(bonafide.KindAddress, bonafide.PurposeHome, address(w, loc), nil)
	add(bonafide.KindAddress, bonafide.PurposeShipping, w.str(ext, "bonafide", "shippingAddress"), nil)
	payout := w.object(ext, "bonafide", "payout")
	w.only(payout, "bonafide.payout", payoutKeys...)
	var provider map[string]string
	if v := w.str(payout, "bonafide.payout", "provider"); v != "" {
		provider = map[string]string{"provider": v}
	}
	add(bonafide.KindIBAN, bonafide.PurposePayout, w.str(payout, "bonafide.payout", "iban"), copyAttrs(provider))
	add(bonafide.KindWallet, bonafide.PurposePayout, w.str(payout, "bonafide.payout", "wallet"), copyAttrs(provider))
	add(bonafide.KindURL, bonafide.PurposeProfile, w.str(basics, "basics", "url"), nil)
	for i, v := range w.array(basics, "basics", "profiles") {
		path := index("basics.profiles", i)
		prof := w.asObject(v, path)
		network := strings.ToLower(w.str(prof, path, "network"))
		url, username := w.str(prof, path, "url"), w.str(prof, path, "username")
		switch {
		case url != "":
			add(bonafide.KindURL, bonafide.PurposeProfile, url, networkAttr(network))
		case username != "" && profileNetworks[network]:
			add(bonafide.KindURL, bonafide.PurposeProfile, username, networkAttr(network))
		}
		// A bare username on another network cannot be canonicalised; it stays in Raw.
	}
	app := w.object(ext, "bonafide", "application")
	w.only(app, "bonafide.application", applicationKeys...)
	add(bonafide.KindIP, bonafide.PurposeApplication, w.str(app, "bonafide.application", "ip"), nil)
	add(bonafide.KindDevice, bonafide.PurposeApplication, w.str(app, "bonafide.application", "deviceId"), nil)
	p.Application = application(w, app)

	p.Claims = claims(w, m, ext)
	p.References = references(w, m, ext)

	var doc []string
	if s := w.str(basics, "basics", "summary"); s != "" {
		doc = append(doc, s)
	}
	for i, v := range w.array(m, "", "work") {
		path := index("work", i)
		job := w.asObject(v, path)
		if s := w.str(job, path, "summary"); s != "" {
			doc = append(doc, s)
		}
		if hs := w.strings(job, path, "highlights"); len(hs) > 0 {
			doc = append(doc, "- "+strings.Join(hs, "\n- "))
		}
	}
	if len(doc) > 0 {
		p.Documents = map[string]string{"resume": strings.Join(doc, "\n\n")}
	}
	if s := w.str(ext, "bonafide", "coverLetter"); s != "" {
		if p.Documents == nil {
			p.Documents = make(map[string]string, 1)
		}
		p.Documents["cover_letter"] = s
	}
	return p
}

// profileNetworks are the basics.profiles networks (lower case) whose bare usernames
// normalize.Profile can canonicalise, given as its hint.
var profileNetworks = map[string]bool{"github": true, "linkedin": true, "gitlab": true, "x": true, "twitter": true}

// networkAttr returns the Attrs carrying a profile's network hint, or nil for other networks.
func networkAttr(network string) map[string]string {
	if !profileNetworks[network] {
		return nil
	}
	return map[string]string{normalize.AttrNetwork: network}
}

func copyAttrs(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// address joins basics.location into one comma-separated line:
// "<address>, <postalCode> <city>, <region>, <countryCode>". Empty without a street address or
// postal code (a city alone does not identify a home).
func address(w *walker, loc map[string]any) string {
	const path = "basics.location"
	street := w.str(loc, path, "address")
	postal := w.str(loc, path, "postalCode")
	city := w.str(loc, path, "city")
	region := w.str(loc, path, "region")
	country := w.str(loc, path, "countryCode")
	if street == "" && postal == "" {
		return ""
	}
	var parts []string
	for _, s := range []string{street, strings.TrimSpace(postal + " " + city), region, country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func application(w *walker, app map[string]any) *bonafide.Application {
	const path = "bonafide.application"
	a := bonafide.Application{
		Position:  w.str(app, path, "position"),
		Channel:   w.str(app, path, "channel"),
		UserAgent: w.str(app, path, "userAgent"),
	}
	if s := w.str(app, path, "submittedAt"); s != "" {
		t, err := parseTime(s)
		if err != nil {
			w.fail(path+".submittedAt", "%v", err)
		}
		a.SubmittedAt = t
	}
	if s := w.str(app, path, "startDate"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			w.fail(path+".startDate", "%q is not a date; want YYYY-MM-DD", s)
		}
		a.StartDate = t
	}
	if a == (bonafide.Application{}) {
		return nil
	}
	return &a
}

// parseTime reads an RFC 3339 time, or a date YYYY-MM-DD as midnight UTC.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time; want RFC 3339 (2026-11-02T09:14:00Z) or YYYY-MM-DD", s)
}

// claims maps work (with bonafide.work[i] merged in) to employment claims and education to
// education claims.
func claims(w *walker, m, ext map[string]any) []bonafide.Claim {
	var out []bonafide.Claim
	work := w.array(m, "", "work")
	extWork := w.array(ext, "bonafide", "work")
	if len(extWork) > len(work) && w.err == "" {
		w.fail(index("bonafide.work", len(work)), "bonafide.work has %d entries but work has %d; bonafide.work[i] adds to work[i]", len(extWork), len(work))
	}
	for i, v := range work {
		path := index("work", i)
		job := w.asObject(v, path)
		c := bonafide.Claim{Kind: bonafide.ClaimEmployment, FullTime: true}
		c.Org = w.str(job, path, "name")
		if c.Org == "" {
			c.Org = w.str(job, path, "company") // JSON Resume before 1.0
		}
		c.Title = w.str(job, path, "position")
		c.Start = w.month(job, path, "startDate")
		c.End = w.month(job, path, "endDate")
		c.Current = w.str(job, path, "endDate") == ""
		checkOrder(w, path, c)
		var text []string
		if s := w.str(job, path, "summary"); s != "" {
			text = append(text, s)
		}
		text = append(text, w.strings(job, path, "highlights")...)
		c.Text = strings.Join(text, "\n")
		if i < len(extWork) {
			epath := index("bonafide.work", i)
			e := w.asObject(extWork[i], epath)
			w.only(e, epath, extWorkKeys...)
			c.FullTime = w.boolean(e, epath, "fullTime", true)
			c.Country = w.str(e, epath, "country")
		}
		out = append(out, c)
	}
	for i, v := range w.array(m, "", "education") {
		path := index("education", i)
		ed := w.asObject(v, path)
		c := bonafide.Claim{Kind: bonafide.ClaimEducation}
		c.Org = w.str(ed, path, "institution")
		studyType, area := w.str(ed, path, "studyType"), w.str(ed, path, "area")
		switch {
		case studyType != "" && area != "":
			c.Title = studyType + " in " + area
		default:
			c.Title = studyType + area
		}
		c.Start = w.month(ed, path, "startDate")
		c.End = w.month(ed, path, "endDate")
		c.Current = c.End.IsZero() && !c.Start.IsZero()
		checkOrder(w, path, c)
		c.Text = strings.Join(w.strings(ed, path, "courses"), "\n")
		out = append(out, c)
	}
	return out
}

func checkOrder(w *walker, path string, c bonafide.Claim) {
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		w.fail(path+".endDate", "%s is before startDate %s", c.End.Format("2006-01"), c.Start.Format("2006-01"))
	}
}

// references maps references and adds bonafide.references to them, matched by name (case-
// insensitively) or appended.
func references(w *walker, m, ext map[string]any) []bonafide.Reference {
	var out []bonafide.Reference
	for i, v := range w.array(m, "", "references") {
		path := index("references", i)
		r := w.asObject(v, path)
		if name := w.str(r, path, "name"); name != "" {
			out = append(out, bonafide.Reference{Name: name})
		}
		w.str(r, path, "reference") // type check only; the text stays in Raw
	}
	matched := make([]bool, len(out))
	for i, v := range w.array(ext, "bonafide", "references") {
		path := index("bonafide.references", i)
		e := w.asObject(v, path)
		w.only(e, path, extRefKeys...)
		name := w.str(e, path, "name")
		if name == "" {
			w.fail(path+".name", "missing; every reference needs a name")
			return nil
		}
		j := -1
		for k := range out {
			if !matched[k] && strings.EqualFold(out[k].Name, name) {
				j = k
				break
			}
		}
		if j < 0 {
			out = append(out, bonafide.Reference{Name: name})
			matched = append(matched, false)
			j = len(out) - 1
		}
		matched[j] = true
		r := &out[j]
		r.Company = w.str(e, path, "company")
		r.Title = w.str(e, path, "title")
		r.Relationship = strings.ToLower(w.str(e, path, "relationship"))
		r.Verified = w.boolean(e, path, "verified", false)
		if s := w.str(e, path, "email"); s != "" {
			r.Identifiers = append(r.Identifiers, bonafide.Identifier{Kind: bonafide.KindEmail, Purpose: bonafide.PurposeContact, Raw: s})
		}
		if s := w.str(e, path, "phone"); s != "" {
			r.Identifiers = append(r.Identifiers, bonafide.Identifier{Kind: bonafide.KindPhone, Purpose: bonafide.PurposeContact, Raw: s})
		}
	}
	return out
}
