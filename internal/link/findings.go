package link

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/signals"
)

// MaxRelated is the most other members a finding lists in Related; the summary gives the
// full count.
const MaxRelated = 20

// MaxEvidence is the most links a NET-CLUSTER finding lists as evidence.
const MaxEvidence = 20

// Findings returns the network findings of clusters, ordered by person, signal and key:
//
//   - NET-CLUSTER (FBI22, GTIG25) for every member of every cluster with ≥ 2 members. The
//     summary gives the size, the number of distinct names and the confidence; the evidence
//     is the cluster's strongest evidence path (its maximum spanning tree, the member's own
//     links first, at most MaxEvidence); Related lists the other members (at most
//     MaxRelated); Key is the cluster ID. Weight is the catalogue weight times the
//     confidence. A cluster whose members all carry the same name (NameKey) is one person
//     applying several times, not a persona network: its findings have severity info and
//     weight 0.
//   - NET-REFERRAL (SEAL) for a person referred by (Person.ReferredBy, an ID or a unique name)
//     a member of a cluster of ≥ 2, and for a person who referred such a member. Key is
//     "referred_by:<ID>" or "referred:<ID>", Related the other person.
//
// people gives names and referrals; members missing from it are still reported.
func Findings(clusters []bonafide.Cluster, people map[string]*bonafide.Person) []bonafide.Finding {
	var out []bonafide.Finding
	inCluster := map[string]int{}
	for ci, c := range clusters {
		if len(c.Members) < 2 {
			continue
		}
		for _, m := range c.Members {
			inCluster[m] = ci
		}
		out = append(out, clusterFindings(c, people)...)
	}
	out = append(out, referralFindings(clusters, inCluster, people)...)
	bonafide.SortFindings(out)
	return out
}

func catalogue(id string) bonafide.Signal {
	s, ok := signals.Lookup(id)
	if !ok { // the catalogue is embedded: only a broken build gets here
		panic("link: signal " + id + " missing from the catalogue")
	}
	return s
}

func clusterFindings(c bonafide.Cluster, people map[string]*bonafide.Person) []bonafide.Finding {
	sig := catalogue("NET-CLUSTER")
	names := map[string]bool{}
	unnamed := false
	for _, m := range c.Members {
		nk := ""
		if p := people[m]; p != nil {
			nk = NameKey(p.Name)
		}
		if nk == "" {
			unnamed = true
			continue
		}
		names[nk] = true
	}
	duplicate := len(names) == 1 && !unnamed
	conf := fmt.Sprintf("%.2f", c.Confidence)
	var out []bonafide.Finding
	for _, m := range c.Members {
		f := bonafide.Finding{
			PersonID: m,
			SignalID: sig.ID,
			Severity: sig.Severity,
			Weight:   math.Round(sig.Weight * c.Confidence), // whole points: scores stay readable
			Sources:  slices.Clone(sig.Sources),
			Key:      c.ID,
		}
		others := make([]string, 0, len(c.Members)-1)
		for _, o := range c.Members {
			if o != m {
				others = append(others, o)
			}
		}
		f.Related = others[:min(len(others), MaxRelated)]
		strongest := ""
		if own := memberPath(c.Path, m); len(own) > 0 {
			strongest = "; strongest evidence: " + phrase(own[0])
		}
		if duplicate {
			f.Severity = bonafide.SeverityInfo
			f.Weight = 0
			f.Summary = fmt.Sprintf("Applied %d times under the same name (cluster %s, confidence %s): probably one person applying more than once, not a persona network%s.",
				len(c.Members), c.ID, conf, strongest)
		} else {
			nn := fmt.Sprintf("%d names", len(names))
			if unnamed {
				nn += " and unnamed records"
			}
			f.Summary = fmt.Sprintf("One of %d people (%s) in persona network %s, confidence %s%s.",
				len(c.Members), nn, c.ID, conf, strongest)
		}
		f.Evidence = clusterEvidence(c, m)
		if len(others) > MaxRelated {
			f.Evidence = append(f.Evidence, bonafide.Evidence{Field: "cluster", Value: c.ID,
				Note: fmt.Sprintf("Related lists %d of the %d other members.", MaxRelated, len(others))})
		}
		out = append(out, f)
	}
	return out
}

// memberPath returns the path links that touch member m, in path order.
func memberPath(path []bonafide.Link, m string) []bonafide.Link {
	var out []bonafide.Link
	for _, l := range path {
		if (l.A == m || l.B == m) && l.Weight > 0 {
			out = append(out, l)
		}
	}
	return out
}

// clusterEvidence lists the cluster's path, m's own links first, capped at MaxEvidence.
func clusterEvidence(c bonafide.Cluster, m string) []bonafide.Evidence {
	ordered := make([]bonafide.Link, 0, len(c.Path))
	for _, l := range c.Path {
		if l.A == m || l.B == m {
			ordered = append(ordered, l)
		}
	}
	for _, l := range c.Path {
		if l.A != m && l.B != m {
			ordered = append(ordered, l)
		}
	}
	var ev []bonafide.Evidence
	for i, l := range ordered {
		if i == MaxEvidence {
			ev = append(ev, bonafide.Evidence{Field: "cluster", Value: c.ID,
				Note: fmt.Sprintf("%d more links on the evidence path are not listed.", len(ordered)-MaxEvidence)})
			break
		}
		ev = append(ev, bonafide.Evidence{Field: l.Kind, Value: l.Value, Note: capitalise(phrase(l)) + "."})
	}
	return ev
}

// kindPhrases say in words what a link of each kind means.
var kindPhrases = map[string]string{
	KindIBAN:         "share the payout IBAN",
	KindWallet:       "share the payout wallet",
	KindDevice:       "applied from the same device",
	KindEmail:        "give the same e-mail",
	KindPhone:        "give the same phone",
	KindURL:          "give the same profile",
	KindShipping:     "ship to the same address, not both their home",
	KindReference:    "name the same referee contact",
	KindAddress:      "give the same home address",
	KindIP:           "applied from the same IP address",
	KindNameDOB:      "have names that sound alike and the same birth date",
	KindNamePostcode: "have names that sound alike in the same postcode",
	KindReferral:     "are linked by a referral",
	KindSameName:     "give the same name",
	"resume":         "submitted near-duplicate résumés or cover letters",
	"photo":          "presented near-identical photos",
	"github_follow":  "have GitHub accounts that follow each other",
	"github_commit":  "have GitHub accounts that commit to each other's repositories",
	"github_email":   "have GitHub accounts committing with the same e-mail",
}

// phrase describes a link: "A-1 and A-2 share the payout IBAN DE89… (weight 0.95)".
func phrase(l bonafide.Link) string {
	p, ok := kindPhrases[l.Kind]
	if !ok {
		p = "are linked by " + l.Kind + " evidence"
	}
	if l.Kind == KindReferral {
		return fmt.Sprintf("%s (weight %.2f)", l.Value, l.Weight)
	}
	v := ""
	if l.Value != "" {
		v = " " + l.Value
	}
	if l.Kind == KindReference && l.Signal == "REF-IS-PERSONA" {
		p = "are linked by a referee contact one of them gives as their own"
	}
	return fmt.Sprintf("%s and %s %s%s (weight %.2f)", l.A, l.B, p, v, l.Weight)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func referralFindings(clusters []bonafide.Cluster, inCluster map[string]int, people map[string]*bonafide.Person) []bonafide.Finding {
	sig := catalogue("NET-REFERRAL")
	ids := make([]string, 0, len(people))
	list := make([]*bonafide.Person, 0, len(people))
	for id, p := range people {
		if p != nil && id != "" && p.ID == id {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	hasRef := false
	for _, id := range ids {
		list = append(list, people[id])
		hasRef = hasRef || strings.TrimSpace(people[id].ReferredBy) != ""
	}
	if !hasRef {
		return nil
	}
	names := nameIndex(list)
	var out []bonafide.Finding
	emit := func(who, other, key, summary string) {
		out = append(out, bonafide.Finding{
			PersonID: who, SignalID: sig.ID, Severity: sig.Severity, Weight: sig.Weight,
			Summary: summary, Sources: slices.Clone(sig.Sources), Related: []string{other}, Key: key,
			Evidence: []bonafide.Evidence{{Field: "referred_by", Value: people[who].ReferredBy,
				Note: "Referral recorded on " + who + "."}},
		})
	}
	for _, p := range list {
		if strings.TrimSpace(p.ReferredBy) == "" {
			continue
		}
		q := resolveRef(p.ReferredBy, people, names)
		if q == "" || q == p.ID {
			continue
		}
		if ci, ok := inCluster[q]; ok {
			c := clusters[ci]
			emit(p.ID, q, "referred_by:"+q, fmt.Sprintf("Referred by %s, a member of persona network %s (%d people, confidence %.2f).",
				q, c.ID, len(c.Members), c.Confidence))
		}
		if ci, ok := inCluster[p.ID]; ok {
			c := clusters[ci]
			out = append(out, bonafide.Finding{
				PersonID: q, SignalID: sig.ID, Severity: sig.Severity, Weight: sig.Weight,
				Summary: fmt.Sprintf("Referred %s, a member of persona network %s (%d people, confidence %.2f).",
					p.ID, c.ID, len(c.Members), c.Confidence),
				Sources: slices.Clone(sig.Sources), Related: []string{p.ID}, Key: "referred:" + p.ID,
				Evidence: []bonafide.Evidence{{Field: "referred_by", Value: p.ReferredBy,
					Note: "Referral recorded on " + p.ID + "."}},
			})
		}
	}
	return out
}
