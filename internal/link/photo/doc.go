// Package photo finds reused photos across people: APP-PHOTO-REUSE (SEAL, FBI25). Persona
// networks dress many applicants in one face — a stolen profile picture, a generated one, a
// stock portrait — usually re-encoded, resized or cropped on the way from one profile to the
// next, so photos are compared by perceptual hash rather than by bytes.
//
// Three parts:
//
//   - Hash and HashFile read an image (JPEG, PNG, GIF, WebP) within size limits that resist
//     decompression bombs and return its 64-bit DCT perceptual hash (goimagehash
//     PerceptionHash). Intake (internal/intake/csv, internal/intake/jsonresume) calls them and
//     stores the hash as bonafide.Photo.PHash.
//   - Index finds, for each hash added, the earlier ones within a Hamming radius (default 8 of
//     64 bits), exactly, by multi-index hashing over 4 blocks of 16 bits; adding to an index of
//     1,000,000 random hashes takes tens of microseconds, so batches can be added incrementally.
//   - Links turns the matches among people into bonafide.Link values (Kind "photo", weight 0.9
//     at distance 0 down to 0.7 at the radius) and APP-PHOTO-REUSE findings on both people.
//
// Measured distances (synthetic portraits; see DefaultRadius, and TestDistances -v): copies
// re-encoded as JPEG at quality 60 or 95, converted PNG↔JPEG, resized to 50 % or 150 % or made
// ±8 % brighter are 0–2 bits from the original; crops of up to 2 % of the width or height 0–8;
// larger crops leave the radius more and more often (5 %: about half). Different pictures are
// about 30 bits apart, but about 1 pair in 10,000 of same-layout headshots comes within 8 bits:
// a photo link is strong evidence, not proof, and at a million photos such chance matches are
// expected — corroborate before acting. Mirroring, rotation and recolouring defeat the hash by
// design.
package photo
