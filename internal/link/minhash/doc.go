// Package minhash finds near-duplicate résumés and cover letters (APP-RESUME-NEARDUP; source
// FBI22, and GTIG25/RF26 on persona networks reusing one template with names, employers and a
// few sentences changed) with MinHash signatures and LSH banding.
//
// # Method
//
// A text is normalised into tokens (Tokens: lower case, diacritics folded as normalize.Name
// folds them with golang.org/x/text, apostrophes dropped, punctuation a separator) and cut
// into overlapping w-shingles of Options.Shingle words (default 3). Each shingle is hashed to
// 64 bits. The signature (Signature) holds, for each of Options.Hashes (128) seeded
// permutations x → a·x mod 2⁶⁴ (a odd), the least permuted shingle hash; the fraction of
// slots on which two signatures agree estimates the Jaccard similarity of the two shingle
// sets, with standard error √(J(1−J)/Hashes) (0.043 at J = 0.6). All-digit tokens count as
// one token "#", since dates, phone groups and metrics are what an edited template changes.
//
// Index splits each signature into Options.Bands (32) bands of Hashes/Bands (4) rows and
// compares a new document only with documents that share a band with it exactly; a pair of
// Jaccard J is compared with probability 1−(1−J⁴)³² (0.988 at 0.6, 0.003 at 0.1). It
// reports pairs whose estimate reaches Options.Threshold (0.6; DefaultThreshold says why not
// 0.7), with up to three shared phrases read off agreeing slots as evidence. Adding is
// incremental: earlier documents are never re-signed or re-compared with each other.
//
// # Boilerplate
//
// Text that many unrelated applicants share (a job ad pasted into every cover letter,
// "references available upon request", a careers-site template) must not make them
// near-duplicates. It is removed, not down-weighted: shingles are dropped before signing when
// they occur in more than Options.MaxDocFreq documents of the batch (FrequentShingles, a
// two-pass count run by Links; automatic limit max(50, documents/100)), when they occur in
// Options.Boilerplate (e.g. the employer's own job ads), or when listed in Options.Stop (the
// frequent shingles of an already-resolved population, for incremental adds). Documents are
// then compared on what remains, and a document with fewer than MinShingles (12) shingles
// left is skipped. The limit never goes below 50 so that a persona network's shared template
// (the largest reported, RF26, had 22+ personas) is not taken for boilerplate; within a small
// pool a job ad pasted by fewer than 50 applicants is therefore only removed when it is given
// in Options.Boilerplate.
//
// # Why not a library
//
// The Go module proxy serves github.com/ekzhu/minhash-lsh only as a 2017 pseudo-version (no
// tagged release, no change since); its LSH must be re-indexed (sorted) after inserts before it
// can be queried, so it is not incremental, and it keeps 64-bit signatures per document. The
// only other candidate in the proxy's list, github.com/mfonda/simhash (2015), is SimHash, not
// MinHash. MinHash and banding are short and are the core of this signal, so they are written
// here: a signing loop that runs eight permutations per pass over the shingles, 32-bit stored
// signatures, per-band open-addressing bucket tables whose entries head chains of documents,
// and a generation-stamped candidate set so that each pair is compared at most once.
//
// # Performance
//
// Index.AddAll signs on all cores while earlier documents are indexed. BenchmarkAddAll (100,000
// generated résumés of ~300 words, 10 % in planted near-duplicate families) on the 2-core
// development machine, while other benchmarks shared it: 27,000 documents per CPU-second
// (≈ 37 µs each: 40 % signing, 25 % tokenising, 20 % LSH buckets), 18,000–39,000 docs/s by
// the wall clock depending on the other load; 5.3 allocations and 2 KB allocated per
// document; the index holds 1.3 KB per document. BenchmarkLinks adds the boilerplate count
// (one more tokenising pass; two when frequent shingles exist) and the findings: 18,000
// documents per CPU-second.
package minhash
