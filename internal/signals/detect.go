package signals

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Watchlist matches one canonical identifier against sanctions and indicator lists. It returns
// one hit per matching list entry, or nil. Detect calls it from several goroutines at once. Kind is KindEmail, KindPhone, KindURL or KindWallet;
// value is the canonical Identifier.Value (for websites the host-level "web:" form).
type Watchlist interface {
	Match(kind bonafide.IdentifierKind, value string) []bonafide.WatchlistHit
}

// NameScreener screens a person's name (with their stated date of birth and country) against
// sanctions lists, returning fuzzy hits best first, with Score in 0..1 and Detail explaining it
// (internal/watchlist/screen.Screener implements it).
// Detect calls it from several goroutines at once.
type NameScreener interface {
	ScreenPerson(p *bonafide.Person) []bonafide.WatchlistHit
}

// DomainClassifier classifies an e-mail domain (lower-case ASCII or punycode) as "disposable",
// "freemail" or "" (internal/enrich.Domains implements it). Detect calls it from several
// goroutines at once.
type DomainClassifier interface {
	Class(domain string) string
}

// Env is what detectors need besides the people.
type Env struct {
	// Domains classifies e-mail domains; nil skips APP-EMAIL-DISPOSABLE and the e-mail half of
	// REF-FREEMAIL-CORPORATE.
	Domains DomainClassifier
	// Watchlist screens identifiers; nil skips APP-WATCHLIST and PAY-WALLET-SANCTIONED.
	Watchlist Watchlist
	// Names screens names; nil skips APP-WATCHLIST-NAME.
	Names NameScreener
	// Dismissed reports whether an analyst marked a list entry a false positive for a person;
	// such hits (by name or identifier) do not alert again. Nil dismisses nothing. It must be
	// safe for concurrent use.
	Dismissed func(personID, list, entryID string) bool
	// Now is "to date" for current roles (APP-TIMELINE, APP-TECH-ANACHRONISM); zero means the
	// time Detect is called.
	Now time.Time
	// NameKey maps a full name to the form compared to decide whether two records are the same
	// person. Nil uses normalize.NameKey (order-insensitive, diacritics folded). An empty key means
	// "unknown name": such a record is never taken to be anyone else. It must be safe for
	// concurrent use.
	NameKey func(name string) string
}

// MaxRelated is the most person IDs a finding lists in Related; the evidence then gives the full
// count. It keeps output bounded for hubs (an identifier held by thousands of records).
const MaxRelated = 20

// detector finds one signal on one person. It reads the person, the shared index through env
// (env.cur is the person's index) and calls emit once per finding.
type detector func(e *env, p *bonafide.Person, emit func(bonafide.Finding))

// detectors maps each implemented signal ID to its detector; TestCatalogueIntegrity checks that
// it agrees with the catalogue's implemented flags.
var detectors = map[string]detector{
	"APP-EMAIL-DISPOSABLE":      detectEmailDisposable,
	"APP-PHONE-VOIP":            detectPhoneVoIP,
	"APP-PHONE-COUNTRY":         detectPhoneCountry,
	"APP-SHARED-IDENT":          detectSharedIdent,
	"APP-TIMELINE":              detectTimeline,
	"APP-TECH-ANACHRONISM":      detectTechAnachronism,
	"APP-WATCHLIST":             detectWatchlist,
	"APP-WATCHLIST-NAME":        detectWatchlistName,
	"APP-WATCHLIST-NAME-DOB":    detectNone, // raised by detectWatchlistName
	"SHIP-ADDR-DIFFERS":         detectShipAddrDiffers,
	"SHIP-ADDR-REUSED":          detectShipAddrReused,
	"SHIP-ADDR-MAILBOX":         detectShipAddrMailbox,
	"REF-SHARED-WITH-CANDIDATE": detectRefSharedWithCandidate,
	"REF-SHARED-ACROSS":         detectRefSharedAcross,
	"REF-IS-PERSONA":            detectRefIsPersona,
	"REF-FREEMAIL-CORPORATE":    detectRefFreemailCorporate,
	"PAY-ACCOUNT-SHARED":        detectPayAccountShared,
	"PAY-COUNTRY":               detectPayCountry,
	"PAY-WALLET-SANCTIONED":     detectWalletSanctioned,
}

// ImplementedElsewhere lists the catalogue's implemented signals whose detectors live outside
// this package: the cross-person similarity signals of persona-network resolution, which need
// indexes of their own (MinHash LSH, a Hamming-distance index, a union-find over people) —
// internal/scan runs them after Detect — and the telemetry signals (internal/telemetry/detect).
var ImplementedElsewhere = map[string]string{
	"APP-RESUME-NEARDUP": "internal/link/minhash",
	"APP-PHOTO-REUSE":    "internal/link/photo",
	"NET-CLUSTER":        "internal/link",
	"NET-REFERRAL":       "internal/link",
	"NET-GITHUB-AGED":    "internal/link/github",
	"NET-GITHUB-RING":    "internal/link/github",
	// Telemetry and onboarding signals read sign-in and endpoint events, not applications:
	// the telemetry engine (bonafide ingest) raises them.
	"TEL-VPN-EXIT":          "internal/telemetry/detect",
	"TEL-GEO-MISMATCH":      "internal/telemetry/detect",
	"TEL-IMPOSSIBLE-TRAVEL": "internal/telemetry/detect",
	"TEL-SHARED-EGRESS":     "internal/telemetry/detect",
	"TEL-SHARED-MFA":        "internal/telemetry/detect",
	"TEL-RMM":               "internal/telemetry/detect",
	"TEL-RMM-MULTI":         "internal/telemetry/detect",
	"TEL-IPKVM":             "internal/telemetry/detect",
	"TEL-JIGGLER":           "internal/telemetry/detect",
	"TEL-WORK-HOURS":        "internal/telemetry/detect",
	"TEL-CONTINUOUS":        "internal/telemetry/detect",
	"TEL-LOCALE":            "internal/telemetry/detect",
	"TEL-EARLY":             "internal/telemetry/detect",
	"ONB-FIRST-LOGIN":       "internal/telemetry/detect",
	"ONB-ACTIVATION-GEO":    "internal/telemetry/detect",
}

// detectorOrder is the detectors' IDs in a fixed order, so runs are reproducible.
var detectorOrder = func() []string {
	ids := make([]string, 0, len(detectors))
	for id := range detectors {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}()

// Detect runs every implemented detector over the population and returns the findings sorted by
// PersonID, SignalID and Key, with duplicates (same person, signal and key) removed. The result
// depends only on the input and env, never on input order or map iteration. Nil entries in
// people are ignored. It returns ctx's error if ctx is cancelled.
//
// Identifiers must already be normalised (Identifier.Value canonical; empty = skipped).
// Cost is linear in the number of identifiers: one index pass, then one pass per person, spread
// over GOMAXPROCS goroutines for large populations (env.Domains and env.Watchlist must be safe
// for concurrent use).
func Detect(ctx context.Context, people []*bonafide.Person, env Env) ([]bonafide.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e := newEnv(people, env)
	fns := make([]detector, len(detectorOrder))
	for i, id := range detectorOrder {
		fns[i] = detectors[id]
	}
	// Persons are independent once the index exists: split them into contiguous chunks, one
	// worker each, every worker with its own caches. Workers stop at the first cancelled check;
	// all have returned before Detect does.
	workers := min(runtime.GOMAXPROCS(0), len(e.people)/minPerWorker+1)
	out := make([][]bonafide.Finding, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(e.people)/workers, (w+1)*len(e.people)/workers
		we := e
		if workers > 1 {
			we = e.fork()
		}
		wg.Go(func() {
			emit := func(f bonafide.Finding) { out[w] = append(out[w], f) }
			for i := lo; i < hi; i++ {
				if (i-lo)&1023 == 0 {
					if err := ctx.Err(); err != nil {
						errs[w] = err
						return
					}
				}
				we.cur = int32(i)
				for _, fn := range fns {
					fn(we, we.people[i], emit)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, ctx.Err()
	}
	return sortFindings(slices.Concat(out...)), nil
}

// minPerWorker is the fewest people worth a goroutine of their own.
const minPerWorker = 4096

// sortFindings sorts by PersonID, SignalID, Key and drops later duplicates of the same triple.
func sortFindings(fs []bonafide.Finding) []bonafide.Finding {
	slices.SortStableFunc(fs, func(a, b bonafide.Finding) int {
		if c := cmp.Compare(a.PersonID, b.PersonID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.SignalID, b.SignalID); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return slices.CompactFunc(fs, func(a, b bonafide.Finding) bool {
		return a.PersonID == b.PersonID && a.SignalID == b.SignalID && a.Key == b.Key
	})
}
