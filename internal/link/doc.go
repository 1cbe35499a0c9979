// Package link resolves persona networks: it finds people who are, or are run by, the same
// operator (NET-CLUSTER; FBI22, GTIG25: one worker ran 12 personas; RF26: 22+ personas against
// 1,100+ companies) and keeps, for every connection, the evidence behind it. docs/linking.md
// explains the model with examples; this comment is the reference.
//
// # Blocking
//
// Nobody is compared with everybody. Each person gets blocking keys, interned as 64-bit
// hashes: one per canonical identifier (e-mail, phone, IBAN, wallet, device, profile URL,
// postal address, IP), one per referee e-mail and phone, and two fuzzy keys built from the
// name:
//
//   - name + birth date: PhoneticKey(name) with a full "YYYY-MM-DD" birth date;
//   - name + postcode: PhoneticKey(name) with the country and postcode of a home address.
//
// The name is folded (normalize.Name), transliterated (Cyrillic and Greek → Latin, our table:
// see Transliterate) and coded per token by a Soundex-family phonetic code (Phonetic), then
// the codes are sorted, so "Дмитрий Иванов", "Ivanov, Dmitriy" and "Dmitrij Iwanow" share a
// key. Names with fewer than two coded tokens make no fuzzy key. A name alone is never a
// key: a common name would make a block of thousands; it is always paired with a second key
// (birth date, postcode). A city alone is never a key.
//
// Two people are a candidate pair when they hold a common key held by at most
// Options.MaxBlock people (default 50). A key held by more is a hub (an office address for
// 200 employees' laptops, a coworking IP, "Maria Silva" in a big Lisbon postcode): it never
// makes a pair, and adds its weight only to pairs found through other evidence.
//
// # Evidence
//
// Each piece of evidence is a bonafide.Link with a weight 0..1, how strongly it alone says
// "same operator" (see Weight):
//
//	iban, wallet     0.95  shared payout account (PAY-ACCOUNT-SHARED)
//	device           0.9   same device fingerprint
//	email            0.9   same canonical mailbox (Gmail dots and +tags already folded)
//	url              0.9   same profile
//	phone            0.85  same E.164 number
//	name_dob         0.8   phonetic name key and birth date
//	shipping         0.7   an address one ships to that is not one's own home, also given by
//	                       the other (as shipping or home) (SHIP-ADDR-REUSED)
//	reference        0.6   same referee e-mail/phone, or a referee contact that is the
//	                       other's own (REF-SHARED-ACROSS, REF-IS-PERSONA)
//	referral         0.3   one referred the other (ReferralLinks; NET-REFERRAL)
//	ip               0.3   same application IP (NAT, offices, VPN exits)
//	name_postcode    0.3   phonetic name key and home postcode
//	address          0.25  same home address (families and flatmates share one)
//	same_name        0     note: both records carry the same NameKey
//	(a shared city)  —     never evidence
//
// Links from other packages (near-duplicate résumés, reused photos, GitHub rings) arrive
// through AddLinks with their own weights. The evidence of one pair combines as a noisy-OR
// over distinct kinds, 1 − Π(1 − w), the strongest link of each kind counting once (Combine):
// a shared IBAN and IP give 0.965; a shared home address and IP 0.475. A pair is joined when
// the combination reaches Options.Threshold (default 0.6), so a household (address + IP) or
// a common name in one postcode never joins, while any one strong identifier does.
//
// Same name: two records with one NameKey and exact shared identifiers are most likely one
// person applying twice. They are still linked, so the cluster shows it, and the pair gets an
// extra link of kind same_name with weight 0 whose Value is the name key; Findings reports a
// cluster whose members all share one name as a duplicate application (severity info,
// weight 0), not as a persona network.
//
// # Clusters
//
// Joined pairs are merged in a union-find (path halving, union by size, int32 indexes). A
// cluster's Links are every link among its members; its Path is its maximum spanning tree
// over combined pair evidence, strongest edge first, each edge giving all of its pair's
// links; its Confidence is the weakest edge of that tree, the evidence that holds the
// cluster together at its weakest point (rounded to 4 decimals). Its ID is "N-" and its
// smallest member ID, so it is stable across runs and independent of input order.
//
// # Incremental resolution
//
// Add compares new people only with the holders of their own non-hub keys. When a key
// becomes a hub during an Add, the pairs it alone justified are dropped and the union-find
// is rebuilt from the remaining pairs (linear in the number of pairs, not of people), so
// adding people in several calls gives the same clusters as one call. Key hashes are 64-bit
// with a per-process random seed (hash/maphash): an accidental collision among ten million
// keys has a probability of about 3·10⁻⁶, and nobody can craft one.
//
// ReferralLinks and ReferenceLinks build referral and shared-referee links for AddLinks or
// for callers without a Resolver; Findings turns clusters into NET-CLUSTER and NET-REFERRAL
// findings.
package link
