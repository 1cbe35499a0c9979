package link

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// TestPairEvidence: two people, what links them and whether they are joined.
func TestPairEvidence(t *testing.T) {
	tests := []struct {
		name   string
		a, b   *bonafide.Person
		links  []string
		joined bool
	}{
		{"shared payout IBAN joins",
			person("A", "Ann Lee", iban("DE89370400440532013000")), person("B", "Bo Chen", iban("DE89370400440532013000")),
			[]string{"A-B iban=0.95 DE89370400440532013000"}, true},
		{"shared device and IP",
			person("A", "Ann Lee", device("fp-1"), ip("2001:db8::1")), person("B", "Bo Chen", device("fp-1"), ip("2001:db8::1")),
			[]string{"A-B device=0.90 fp-1", "A-B ip=0.30 2001:db8::1"}, true},
		{"laptop shipped to another applicant's home",
			person("A", "Ann Lee", shipping("GB|E1 6AN|high street 5")), person("B", "Bo Chen", home("GB|E1 6AN|high street 5")),
			[]string{"A-B shipping=0.70 GB|E1 6AN|high street 5"}, true},
		{"household: home address and IP do not join",
			person("A", "Ann Lee", home("DE|10115|haupt strasse 5"), ip("2001:db8::7")), person("B", "Tom Lee", home("DE|10115|haupt strasse 5"), ip("2001:db8::7")),
			[]string{"A-B address=0.25 DE|10115|haupt strasse 5", "A-B ip=0.30 2001:db8::7"}, false},
		{"shipping to one's own home is one's home",
			person("A", "Ann Lee", home("DE|10115|haupt strasse 5"), shipping("DE|10115|haupt strasse 5")), person("B", "Tom Lee", home("DE|10115|haupt strasse 5")),
			[]string{"A-B address=0.25 DE|10115|haupt strasse 5"}, false},
		{"same referee contact",
			withReferee(person("A", "Ann Lee"), "cto@gmail.com"), withReferee(person("B", "Bo Chen"), "cto@gmail.com"),
			[]string{"A-B reference=0.60 cto@gmail.com"}, true},
		{"referee is another applicant's own mailbox",
			withReferee(person("A", "Ann Lee"), "bo@gmail.com"), person("B", "Bo Chen", email("bo@gmail.com")),
			[]string{"A-B reference=0.60 bo@gmail.com"}, true},
		{"transliterated name and birth date",
			withDOB(person("A", "Дмитрий Иванов"), "1990-04-02"), withDOB(person("B", "Dmitriy Ivanov"), "1990-04-02"),
			[]string{"A-B name_dob=0.80 1990-04-02"}, true},
		{"same name, other birth date",
			withDOB(person("A", "Dmitriy Ivanov"), "1990-04-02"), withDOB(person("B", "Dmitriy Ivanov"), "1991-04-02"),
			nil, false},
		{"a birth year is not a key",
			withDOB(person("A", "Dmitriy Ivanov"), "1990"), withDOB(person("B", "Dmitriy Ivanov"), "1990"),
			nil, false},
		{"phonetic name in one postcode is weak",
			person("A", "Maria Santos", home("PT|1100-053|rua augusta 1")), person("B", "María Santos", home("PT|1100-053|rua prata 9")),
			[]string{"A-B name_postcode=0.30 PT|1100-053", "A-B same_name=0.00 maria santos"}, false},
		{"same city is nothing",
			person("A", "Maria Santos", home("PT|1100-053|rua augusta 1")), person("B", "María Santos", home("PT|1200-001|rua prata 9")),
			nil, false},
		{"one person applying twice: linked and flagged",
			person("A", "Ann Lee", phone("+447700900123")), person("B", "LEE, Ann", phone("+447700900123")),
			[]string{"A-B phone=0.85 +447700900123", "A-B same_name=0.00 ann lee"}, true},
		{"unnamed records are never the same name",
			person("A", "", phone("+447700900123")), person("B", "", phone("+447700900123")),
			[]string{"A-B phone=0.85 +447700900123"}, true},
		{"unnormalised values never match",
			person("A", "Ann Lee", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "n/a"}), person("B", "Bo Chen", bonafide.Identifier{Kind: bonafide.KindPhone, Raw: "n/a"}),
			nil, false},
		{"one identifier in two kinds is two keys",
			person("A", "Ann Lee", device("x1")), person("B", "Bo Chen", ip("x1")),
			nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewResolver(Options{})
			got := r.Add([]*bonafide.Person{tt.a, tt.b})
			if !slices.Equal(brief(got), tt.links) {
				t.Errorf("links = %q, want %q", brief(got), tt.links)
			}
			c, _ := r.ClusterOf("A")
			if joined := len(c.Members) == 2; joined != tt.joined {
				t.Errorf("joined = %v, want %v (cluster %v)", joined, tt.joined, c.Members)
			}
		})
	}
}

// TestHubs: a shared office address held by 200 people joins nobody and makes no pairs; two of
// them who also share an IBAN are joined, with the hub's weight added to their evidence.
func TestHubs(t *testing.T) {
	var people []*bonafide.Person
	for i := 0; i < 200; i++ {
		p := person("E-"+strconv.Itoa(1000+i), "Employee "+strconv.Itoa(i), shipping("DE|10117|friedrich strasse 100"), email("e"+strconv.Itoa(i)+"@corp.example"))
		people = append(people, p)
	}
	r := NewResolver(Options{})
	if links := r.Add(people); len(links) != 0 {
		t.Fatalf("office address made %d links, e.g. %v", len(links), links[0])
	}
	if cs := r.Clusters(2); len(cs) != 0 {
		t.Fatalf("office address made clusters %v", members(cs))
	}
	a := person("X-1", "Ann Lee", shipping("DE|10117|friedrich strasse 100"), iban("DE02120300000000202051"))
	b := person("X-2", "Bo Chen", shipping("DE|10117|friedrich strasse 100"), iban("DE02120300000000202051"))
	links := r.Add([]*bonafide.Person{a, b})
	want := []string{"X-1-X-2 iban=0.95 DE02120300000000202051", "X-1-X-2 shipping=0.70 DE|10117|friedrich strasse 100"}
	if !slices.Equal(brief(links), want) {
		t.Fatalf("links = %q, want %q", brief(links), want)
	}
	cs := r.Clusters(2)
	if len(cs) != 1 || !slices.Equal(cs[0].Members, []string{"X-1", "X-2"}) {
		t.Fatalf("clusters = %v", members(cs))
	}
	if math.Abs(cs[0].Confidence-0.985) > 1e-9 {
		t.Errorf("confidence = %v, want 0.985 (IBAN and hub address)", cs[0].Confidence)
	}
}

// TestHubFlip: a key that becomes a hub in a later Add stops justifying the pairs it made, so
// incremental resolution ends where batch resolution does.
func TestHubFlip(t *testing.T) {
	mk := func(i int, extra ...bonafide.Identifier) *bonafide.Person {
		return person("P-"+strconv.Itoa(i), "Person "+strconv.Itoa(i), append([]bonafide.Identifier{device("shared-kiosk")}, extra...)...)
	}
	first := []*bonafide.Person{mk(1, iban("DE02120300000000202051")), mk(2, iban("DE02120300000000202051")), mk(3)}
	second := []*bonafide.Person{mk(4)}
	opt := Options{MaxBlock: 3}

	inc := NewResolver(opt)
	inc.Add(first)
	if got := members(inc.Clusters(2)); !slices.Equal(got, []string{"[P-1 P-2 P-3]"}) {
		t.Fatalf("before the flip: %v", got)
	}
	inc.Add(second)
	batch := NewResolver(opt)
	batch.Add(append(append([]*bonafide.Person{}, first...), second...))
	want := []string{"[P-1 P-2]"}
	for name, r := range map[string]*Resolver{"incremental": inc, "batch": batch} {
		cs := r.Clusters(2)
		if got := members(cs); !slices.Equal(got, want) {
			t.Errorf("%s: clusters %v, want %v", name, got, want)
		}
	}
	if !reflect.DeepEqual(inc.Clusters(1), batch.Clusters(1)) {
		t.Errorf("incremental and batch clusters differ:\n%+v\n%+v", inc.Clusters(2), batch.Clusters(2))
	}
	// The IBAN pair keeps the hub device as evidence.
	c, _ := inc.ClusterOf("P-1")
	if got := brief(c.Links); !slices.Equal(got, []string{"P-1-P-2 device=0.90 shared-kiosk", "P-1-P-2 iban=0.95 DE02120300000000202051"}) {
		t.Errorf("links = %q", got)
	}
}

// TestIncrementalEqualsBatch: the same generated population added at once, in two halves, in
// uneven chunks and person by person gives identical clusters, links, paths and confidences.
func TestIncrementalEqualsBatch(t *testing.T) {
	pop := Generate(GenerateOptions{N: 4000, Seed: 3})
	// A small MaxBlock makes many keys turn into hubs between calls.
	for _, opt := range []Options{{}, {MaxBlock: 4}} {
		batch := NewResolver(opt)
		batch.Add(pop.People)
		want := batch.Clusters(1)
		if len(batch.Clusters(2)) < 50 {
			t.Fatalf("only %d clusters: generator too tame for the test", len(batch.Clusters(2)))
		}
		splits := map[string][]int{
			"halves":  {2000},
			"uneven":  {1, 7, 500, 1333, 1334, 3999},
			"singles": nil,
		}
		for name, cuts := range splits {
			r := NewResolver(opt)
			if name == "singles" {
				for _, p := range pop.People {
					r.Add([]*bonafide.Person{p})
				}
			} else {
				prev := 0
				for _, c := range append(cuts, len(pop.People)) {
					r.Add(pop.People[prev:c])
					prev = c
				}
			}
			if got := r.Clusters(1); !reflect.DeepEqual(got, want) {
				t.Errorf("MaxBlock %d, %s: clusters differ from one Add (%d vs %d clusters)", opt.MaxBlock, name, len(got), len(want))
			}
			if r.Len() != batch.Len() {
				t.Errorf("%s: Len %d, want %d", name, r.Len(), batch.Len())
			}
		}
	}
}

// TestDeterministic: cluster IDs, members, links and paths do not depend on input order.
func TestDeterministic(t *testing.T) {
	pop := Generate(GenerateOptions{N: 3000, Seed: 5})
	r1 := NewResolver(Options{})
	r1.Add(pop.People)
	shuffled := slices.Clone(pop.People)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	r2 := NewResolver(Options{})
	r2.Add(shuffled)
	c1, c2 := r1.Clusters(2), r2.Clusters(2)
	if !reflect.DeepEqual(c1, c2) {
		t.Fatalf("clusters depend on input order")
	}
	for _, c := range c1 {
		if c.ID != ClusterID(c.Members) || c.ID != "N-"+c.Members[0] {
			t.Fatalf("cluster ID %q for members %v", c.ID, c.Members)
		}
	}
}

// TestClusterShape: members, links, maximum-spanning-tree path and confidence of one cluster.
func TestClusterShape(t *testing.T) {
	people := []*bonafide.Person{
		person("A", "Ann Lee", iban("DE02120300000000202051"), ip("2001:db8::9")),
		person("B", "Bo Chen", iban("DE02120300000000202051"), phone("+351912345678")),
		person("C", "Cy Diaz", phone("+351912345678"), device("fp-c"), ip("2001:db8::3")),
		person("D", "Di Evans", device("fp-c"), ip("2001:db8::3")),
		person("E", "Ed Fox", ip("2001:db8::9")), // weakly tied to A only: not a member
	}
	r := NewResolver(Options{})
	r.Add(people)
	cs := r.Clusters(2)
	if len(cs) != 1 {
		t.Fatalf("clusters = %v", members(cs))
	}
	c := cs[0]
	if c.ID != "N-A" || !slices.Equal(c.Members, []string{"A", "B", "C", "D"}) {
		t.Errorf("cluster %s %v", c.ID, c.Members)
	}
	wantPath := []string{"A-B iban=0.95 DE02120300000000202051", "C-D device=0.90 fp-c", "C-D ip=0.30 2001:db8::3", "B-C phone=0.85 +351912345678"}
	var gotPath []string
	for _, l := range c.Path {
		gotPath = append(gotPath, brief([]bonafide.Link{l})...)
	}
	if !slices.Equal(gotPath, wantPath) {
		t.Errorf("path = %q, want %q", gotPath, wantPath)
	}
	if c.Confidence != 0.85 {
		t.Errorf("confidence = %v, want 0.85 (the B–C phone)", c.Confidence)
	}
	if len(c.Links) != 4 || c.Links[0].Kind != KindIBAN {
		t.Errorf("links = %q", brief(c.Links))
	}
	if all := r.Clusters(1); len(all) != 2 || !slices.Equal(all[1].Members, []string{"E"}) || all[1].Confidence != 0 || all[1].Links != nil {
		t.Errorf("Clusters(1) = %+v", all)
	}
	if e, ok := r.ClusterOf("E"); !ok || e.ID != "N-E" || len(e.Members) != 1 {
		t.Errorf("ClusterOf(E) = %+v, %v", e, ok)
	}
	if _, ok := r.ClusterOf("nobody"); ok {
		t.Error("ClusterOf(unknown) = ok")
	}
}

// TestAddLinks: external evidence adds to key evidence; unknown people are added and indexed
// later; duplicates merge.
func TestAddLinks(t *testing.T) {
	r := NewResolver(Options{})
	r.Add([]*bonafide.Person{
		person("A", "Maria Santos", home("PT|1100-053|rua augusta 1")),
		person("B", "Mária Santos", home("PT|1100-053|rua prata 9")),
	})
	if cs := r.Clusters(2); len(cs) != 0 {
		t.Fatalf("name and postcode alone joined %v", members(cs))
	}
	photo := bonafide.Link{A: "B", B: "A", Kind: "photo", Value: "Hamming 3", Weight: 0.5, Signal: "APP-PHOTO-REUSE"}
	r.AddLinks([]bonafide.Link{photo, photo, {A: "A", B: "A", Kind: "photo", Weight: 1}, {A: "", B: "A", Kind: "photo", Weight: 1}})
	c, _ := r.ClusterOf("A")
	if !slices.Equal(c.Members, []string{"A", "B"}) || math.Abs(c.Confidence-0.65) > 1e-9 {
		t.Fatalf("after photo link: %v confidence %v", c.Members, c.Confidence)
	}
	want := []string{"A-B name_postcode=0.30 PT|1100-053", "A-B photo=0.50 Hamming 3", "A-B same_name=0.00 maria santos"}
	if got := brief(c.Links); !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
	// A person first named by a link, added later.
	r.AddLinks([]bonafide.Link{{A: "Z", B: "A", Kind: "resume", Value: "Jaccard 0.91", Weight: 0.55, Signal: "APP-RESUME-NEARDUP"}})
	if r.Len() != 3 {
		t.Fatalf("Len = %d, want 3", r.Len())
	}
	if c, _ := r.ClusterOf("Z"); len(c.Members) != 1 {
		t.Fatalf("résumé link alone joined %v", c.Members)
	}
	links := r.Add([]*bonafide.Person{person("Z", "Maria Santos", home("PT|1100-053|rua flores 2"))})
	c, _ = r.ClusterOf("Z")
	if !slices.Equal(c.Members, []string{"A", "B", "Z"}) {
		t.Fatalf("after adding Z: %v (new links %q)", c.Members, brief(links))
	}
	if r.Len() != 3 {
		t.Errorf("Len = %d, want 3", r.Len())
	}
}

func TestAddSkipsRepeatsAndNils(t *testing.T) {
	r := NewResolver(Options{})
	r.Add([]*bonafide.Person{
		person("A", "Ann Lee", phone("+447700900001")),
		nil,
		person("", "No ID", phone("+447700900001")),
		person("A", "Ann Lee again", phone("+447700900002")),
	})
	if r.Len() != 1 {
		t.Fatalf("Len = %d, want 1", r.Len())
	}
	links := r.Add([]*bonafide.Person{person("B", "Bo Chen", phone("+447700900001")), person("C", "Cy", phone("+447700900002"))})
	if got := brief(links); !slices.Equal(got, []string{"A-B phone=0.85 +447700900001"}) {
		t.Errorf("links = %q: the first record of A wins", got)
	}
	if again := r.Add([]*bonafide.Person{person("B", "Bo Chen", phone("+447700900001"))}); len(again) != 0 {
		t.Errorf("re-adding B returned %q", brief(again))
	}
}

// TestQuality: on 10,000 generated applicants (planted networks, duplicate applications,
// households, office and coworking hubs, common names) the clusters' pairwise precision and
// recall are both at least 0.95.
func TestQuality(t *testing.T) {
	pop := Generate(GenerateOptions{N: 10_000, Seed: 11})
	r := NewResolver(Options{})
	r.Add(pop.People)
	p, rc, fp, fn := pairQuality(r, pop)
	t.Logf("precision %.4f recall %.4f (%d false, %d missed pairs)", p, rc, fp, fn)
	if p < 0.95 || rc < 0.95 {
		t.Errorf("precision %.4f, recall %.4f: want both ≥ 0.95", p, rc)
	}
}

// TestProcsAgree: the number of shards and workers (from GOMAXPROCS) changes nothing in the
// links Add returns or in the clusters.
func TestProcsAgree(t *testing.T) {
	pop := Generate(GenerateOptions{N: 5000, Seed: 9})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var wantLinks []bonafide.Link
	var want []bonafide.Cluster
	for i, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		r := NewResolver(Options{})
		links := r.Add(pop.People[:3000])
		links = append(links, r.Add(pop.People[3000:])...)
		got := r.Clusters(1)
		if i == 0 {
			wantLinks, want = links, got
			continue
		}
		if !reflect.DeepEqual(links, wantLinks) {
			t.Errorf("GOMAXPROCS %d: Add returned other links (%d vs %d)", procs, len(links), len(wantLinks))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("GOMAXPROCS %d: other clusters", procs)
		}
	}
}
