package bonafide

// Link is one piece of evidence that two people are connected: a shared identifier, a
// near-duplicate résumé, a reused photo, a shared referee, a referral, a GitHub follow or a
// shared commit e-mail. Links are kept with their evidence so that reports and the UI can show
// why two people are in one persona network.
type Link struct {
	A      string  `json:"a"`      // person ID; A < B
	B      string  `json:"b"`      // person ID
	Kind   string  `json:"kind"`   // "email", "phone", "iban", "wallet", "device", "ip", "address", "shipping", "url", "resume", "photo", "reference", "referral", "github_follow", "github_commit", "github_email", "github_repo", "name_dob", "name_postcode", "same_name" (weight 0: one name applying twice)
	Value  string  `json:"value"`  // the shared value, or a description of the similarity ("Jaccard 0.91")
	Weight float64 `json:"weight"` // 0..1: how strongly this evidence alone says "same operator"
	Signal string  `json:"signal"` // the signal the evidence supports, e.g. "APP-SHARED-IDENT"
}

// Cluster is a persona network: people connected by links (NET-CLUSTER).
type Cluster struct {
	ID      string   `json:"id"`      // stable: derived from the smallest member ID
	Members []string `json:"members"` // person IDs, sorted
	// Confidence is 0..1: how sure the evidence makes the grouping, from the strongest links
	// that hold the cluster together (see internal/link).
	Confidence float64 `json:"confidence"`
	Links      []Link  `json:"links"` // every link among members
	// Path is the strongest evidence chain through the cluster: the links of its maximum
	// spanning tree, strongest first.
	Path []Link `json:"path"`
}
