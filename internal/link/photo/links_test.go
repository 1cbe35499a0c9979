package photo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func person(id, name string, photos ...bonafide.Photo) *bonafide.Person {
	return &bonafide.Person{ID: id, Name: name, Photos: photos}
}

func profile(src string, h uint64) bonafide.Photo {
	return bonafide.Photo{Source: src, Kind: "profile", PHash: h}
}

const face = 0xC3A5_5A3C_F00F_1E2D

func TestLinkWeight(t *testing.T) {
	for _, tt := range []struct {
		d, radius int
		want      float64
	}{{0, 8, 0.9}, {2, 8, 0.85}, {4, 8, 0.8}, {5, 8, NearLinkWeight}, {8, 8, NearLinkWeight}, {9, 8, NearLinkWeight}, {1, 3, 0.85}, {0, 0, 0.9}, {8, 0, NearLinkWeight}} {
		if got := LinkWeight(tt.d, tt.radius); got != tt.want {
			t.Errorf("LinkWeight(%d, %d) = %v, want %v", tt.d, tt.radius, got, tt.want)
		}
	}
}

func TestLinksFinding(t *testing.T) {
	people := []*bonafide.Person{
		person("A-3007", "Daniel Hughes", profile("photos/daniel.jpg", face)),
		person("A-3012", "Liam Carter", profile("photos/liam.png", face^0b11)),
	}
	links, findings := Links(people, 0)
	wantLinks := []bonafide.Link{{A: "A-3007", B: "A-3012", Kind: "photo", Value: "pHash distance 2 of 64", Weight: 0.85, Signal: "APP-PHOTO-REUSE"}}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Fatalf("links = %+v\nwant %+v", links, wantLinks)
	}
	want := []bonafide.Finding{
		{
			PersonID: "A-3007", SignalID: "APP-PHOTO-REUSE", Severity: "high", Weight: 45,
			Summary: "Profile photo is the same picture as Liam Carter's (A-3012) (pHash distance 2 of 64)",
			Evidence: []bonafide.Evidence{
				{Field: "photos[0]", Value: "photos/daniel.jpg", Note: "This person's profile photo."},
				{Field: "related.photos", Value: "photos/liam.png", Note: "Liam Carter's (A-3012) profile photo."},
				{Field: "phash_distance", Value: "2", Note: "The perceptual hashes differ in 2 of 64 bits; up to 8 counts as the same picture (re-encoded, resized or slightly cropped copies differ in a few bits, different photos in about 30)."},
			},
			Sources: []string{"SEAL", "FBI25"}, Related: []string{"A-3012"}, Key: "photo:A-3012",
		},
		{
			PersonID: "A-3012", SignalID: "APP-PHOTO-REUSE", Severity: "high", Weight: 45,
			Summary: "Profile photo is the same picture as Daniel Hughes's (A-3007) (pHash distance 2 of 64)",
			Evidence: []bonafide.Evidence{
				{Field: "photos[0]", Value: "photos/liam.png", Note: "This person's profile photo."},
				{Field: "related.photos", Value: "photos/daniel.jpg", Note: "Daniel Hughes's (A-3007) profile photo."},
				{Field: "phash_distance", Value: "2", Note: "The perceptual hashes differ in 2 of 64 bits; up to 8 counts as the same picture (re-encoded, resized or slightly cropped copies differ in a few bits, different photos in about 30)."},
			},
			Sources: []string{"SEAL", "FBI25"}, Related: []string{"A-3007"}, Key: "photo:A-3007",
		},
	}
	if !reflect.DeepEqual(findings, want) {
		t.Fatalf("findings = %+v\nwant %+v", findings, want)
	}
}

// pairs renders links as "A-B:distance-weight" strings.
func pairs(links []bonafide.Link) []string {
	var out []string
	for _, l := range links {
		out = append(out, l.A+"-"+l.B+":"+l.Value[len("pHash distance "):len(l.Value)-len(" of 64")])
	}
	return out
}

func TestLinks(t *testing.T) {
	far := uint64(0x0F0F_0F0F_0F0F_0F0F)
	tests := []struct {
		name     string
		people   []*bonafide.Person
		radius   int
		want     []string // A-B:distance
		findings int
	}{
		{"none", nil, 0, nil, 0},
		{"different photos", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "Bo Kim", profile("b", far))}, 0, nil, 0},
		{"same name key is the same person", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "LEE, Ann", profile("b", face))}, 0, nil, 0},
		{"one person's two photos", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face), profile("b", face^1))}, 0, nil, 0},
		{"unhashed photos ignored", []*bonafide.Person{
			person("A1", "Ann Lee", bonafide.Photo{Source: "a", Error: "not an image"}),
			person("A2", "Bo Kim", bonafide.Photo{Source: "b"})}, 0, nil, 0},
		{"nil person ignored", []*bonafide.Person{nil, person("A1", "Ann Lee", profile("a", face))}, 0, nil, 0},
		{"at the radius", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "Bo Kim", profile("b", face^0xFF))}, 8, []string{"A1-A2:8"}, 2},
		{"beyond the radius", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "Bo Kim", profile("b", face^0x1FF))}, 8, nil, 0},
		{"custom radius", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "Bo Kim", profile("b", face^0x1FF))}, 9, []string{"A1-A2:9"}, 2},
		{"closest of several photos counts", []*bonafide.Person{
			person("A2", "Bo Kim", profile("b1", face^0b1111), profile("b2", face^0b1)),
			person("A1", "Ann Lee", profile("a", face))}, 0, []string{"A1-A2:1"}, 2},
		{"three personas, one face, input order free", []*bonafide.Person{
			person("P3", "Cy Dunn", profile("c", face^0b10)),
			person("P1", "Ann Lee", profile("a", face)),
			person("P2", "Bo Kim", profile("b", face^0b1)),
			person("P4", "Di Eze", profile("d", far))}, 0, []string{"P1-P2:1", "P1-P3:1", "P2-P3:2"}, 6},
		{"one shared, one not", []*bonafide.Person{
			person("A1", "Ann Lee", profile("a", face)), person("A2", "Ann Lee", profile("a2", face)),
			person("B1", "Bo Kim", profile("b", face))}, 0, []string{"A1-B1:0", "A2-B1:0"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, findings := Links(tt.people, tt.radius)
			if got := pairs(links); !slices.Equal(got, tt.want) {
				t.Errorf("links = %v, want %v", got, tt.want)
			}
			if len(findings) != tt.findings {
				t.Errorf("%d findings, want %d", len(findings), tt.findings)
			}
			for i := 1; i < len(findings); i++ {
				a, b := findings[i-1], findings[i]
				if a.PersonID > b.PersonID || (a.PersonID == b.PersonID && a.Key >= b.Key) {
					t.Errorf("findings not sorted: %s %s before %s %s", a.PersonID, a.Key, b.PersonID, b.Key)
				}
			}
		})
	}
}

func TestLinksKindLabels(t *testing.T) {
	people := []*bonafide.Person{
		person("A1", "Ann Lee", bonafide.Photo{Source: "id.jpg", Kind: "id", PHash: face}),
		person("A2", "Bo Kim", bonafide.Photo{Source: "x.jpg", PHash: face}),
	}
	_, f := Links(people, 0)
	if f[0].Summary != "ID photo is the same picture as Bo Kim's (A2) (pHash distance 0 of 64)" ||
		f[1].Summary != "Photo is the same picture as Ann Lee's (A1) (pHash distance 0 of 64)" ||
		f[0].Evidence[1].Note != "Bo Kim's (A2) photo." {
		t.Errorf("summaries %q, %q, note %q", f[0].Summary, f[1].Summary, f[0].Evidence[1].Note)
	}
}

// TestLinksRealImages: people whose photos are derived copies of one portrait are linked; a
// person with a different portrait is not.
func TestLinksRealImages(t *testing.T) {
	orig := portrait(42, 200, 250)
	var people []*bonafide.Person
	for i, v := range variants[:8] {
		h := hashOf(t, v.make(t, orig))
		people = append(people, person("P"+string(rune('0'+i)), "Persona "+string(rune('A'+i)), profile(v.name, h)))
	}
	people = append(people, person("Z", "Other Person", profile("other", hashOf(t, encodePNG(t, portrait(43, 200, 250))))))
	links, findings := Links(people, 0)
	if len(links) != 8*7/2 || len(findings) != 8*7 {
		t.Fatalf("%d links, %d findings; want 28, 56: %v", len(links), len(findings), pairs(links))
	}
	for _, l := range links {
		if l.A == "Z" || l.B == "Z" {
			t.Errorf("different portrait linked: %+v", l)
		}
	}
}

// BenchmarkLinks1M: Links over 1,000,000 people with one photo each (random hashes), 1 % of
// them near copies of another's photo.
func BenchmarkLinks1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 1_000_000
	people := make([]*bonafide.Person, n)
	for i := range people {
		h := rng.Uint64()
		if i > 0 && i%100 == 0 {
			h = flip(rng, people[rng.IntN(i)].Photos[0].PHash, rng.IntN(5))
		}
		people[i] = person(fmt.Sprintf("A-%07d", i), fmt.Sprintf("Person %d", i), profile("p.jpg", h))
	}
	b.ResetTimer()
	var links []bonafide.Link
	for range b.N {
		links, _ = Links(people, 0)
	}
	b.ReportMetric(float64(len(links)), "links")
}

// TestLinkerIncremental: adding people in batches finds the same links as Links over all of
// them, and each pair once.
func TestLinkerIncremental(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var people []*bonafide.Person
	for i := range 3000 {
		h := rng.Uint64()
		if i > 0 && i%7 == 0 {
			h = flip(rng, people[rng.IntN(i)].Photos[0].PHash, rng.IntN(9))
		}
		p := person(fmt.Sprintf("A-%04d", rng.IntN(1e4)*1000+i), fmt.Sprintf("Person %d", i), profile("p.jpg", h))
		if i%50 == 0 {
			p.Photos = append(p.Photos, profile("q.jpg", flip(rng, h, 30)))
		}
		people = append(people, p)
	}
	want, wantF := Links(people, 0)
	if len(want) < 400 {
		t.Fatalf("only %d links planted", len(want))
	}
	for _, batches := range []int{1, 2, 7, 3000} {
		l := NewLinker(0)
		var got []bonafide.Link
		nf := 0
		for b := range batches {
			links, findings := l.Add(people[b*len(people)/batches : (b+1)*len(people)/batches])
			got = append(got, links...)
			nf += len(findings)
		}
		slices.SortFunc(got, func(x, y bonafide.Link) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
		if !reflect.DeepEqual(got, want) || nf != len(wantF) {
			t.Errorf("%d batches: %d links, %d findings; want %d, %d", batches, len(got), nf, len(want), len(wantF))
		}
	}
}

// BenchmarkLinkerAdd1000To1M: adding a batch of 1,000 people to a Linker that holds 1,000,000
// (one photo each, random hashes, 1 % near copies).
func BenchmarkLinkerAdd1000To1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	mk := func(i int, prev []*bonafide.Person) *bonafide.Person {
		h := rng.Uint64()
		if i%100 == 0 && len(prev) > 0 {
			h = flip(rng, prev[rng.IntN(len(prev))].Photos[0].PHash, rng.IntN(5))
		}
		return person(fmt.Sprintf("A-%08d", i), fmt.Sprintf("Person %d", i), profile("p.jpg", h))
	}
	base := make([]*bonafide.Person, 0, 1_000_000)
	for i := range 1_000_000 {
		base = append(base, mk(i, base))
	}
	l := NewLinker(0)
	l.Add(base)
	next := len(base)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		batch := make([]*bonafide.Person, 1000)
		for i := range batch {
			batch[i] = mk(next, base)
			next++
		}
		b.StartTimer()
		l.Add(batch)
	}
}

// TestNearMatchIsWeaker: 6 bits apart is within the radius but beyond CertainDistance: a
// medium finding of NearFindingWeight and a link too weak to join anyone alone.
func TestNearMatchIsWeaker(t *testing.T) {
	near := uint64(face) ^ 0b111111 // 6 bits flipped
	links, findings := Links([]*bonafide.Person{
		person("A-1", "Ann Lee", profile("a.jpg", face)),
		person("A-2", "Bo Chen", profile("b.jpg", near)),
	}, 0)
	if len(links) != 1 || links[0].Weight != NearLinkWeight {
		t.Fatalf("links %+v", links)
	}
	if len(findings) != 2 || findings[0].Weight != NearFindingWeight || findings[0].Severity != bonafide.SeverityMedium ||
		!strings.Contains(findings[0].Summary, "very similar") {
		t.Fatalf("findings %+v", findings)
	}
}
