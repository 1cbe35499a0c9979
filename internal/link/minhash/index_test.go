package minhash

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// Realistic résumés: an edited template must match at the defaults, different résumés of the
// same trade (shared phrases such as "fully remote, distributed teams", "code review",
// "Kubernetes, Docker, Terraform") must not.
func TestRealisticResumes(t *testing.T) {
	santos := readFixture(t, "resume_santos.txt")
	kowalski := readFixture(t, "resume_kowalski_edited.txt")
	okafor := readFixture(t, "resume_okafor.txt")
	nguyen := readFixture(t, "resume_nguyen.txt")
	// Only the name and contact line changed.
	renamed := strings.Replace(strings.Replace(santos, "MARIA SANTOS", "ANA FERREIRA", 1),
		"maria.santos.dev@gmail.com | +351 912 345 678 | github.com/msantos-dev",
		"ana.ferreira.pt@proton.me | +351 934 111 222 | github.com/aferreira", 1)
	tests := []struct {
		name         string
		a, b         string
		match        bool
		exactMin     float64 // exact Jaccard bounds, to keep the fixtures honest
		exactMax     float64
		sharedPhrase bool
	}{
		{"edited template: names, contacts, employers, school, 2 sentences", santos, kowalski, true, 0.68, 0.74, true},
		{"renamed copy", santos, renamed, true, 0.9, 1, true},
		{"same trade, different people (fintech backend)", santos, okafor, false, 0, 0.05, false},
		{"same trade, different people (full-stack)", santos, nguyen, false, 0, 0.05, false},
		{"edited template vs other", kowalski, okafor, false, 0, 0.05, false},
		{"two unrelated", okafor, nguyen, false, 0, 0.05, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exact := exactJaccard(tt.a, tt.b, Options{})
			if exact < tt.exactMin || exact > tt.exactMax {
				t.Errorf("exact Jaccard %.3f outside [%.2f, %.2f]", exact, tt.exactMin, tt.exactMax)
			}
			ix := NewIndex(Options{})
			if ms := ix.Add("A-1", tt.a); ms != nil {
				t.Fatalf("first document matched: %v", ms)
			}
			ms := ix.Add("A-2", tt.b)
			if got := len(ms) == 1; got != tt.match {
				t.Fatalf("matched = %v (%+v), want %v (exact %.3f)", got, ms, tt.match, exact)
			}
			if !tt.match {
				return
			}
			m := ms[0]
			if m.A != "A-2" || m.B != "A-1" {
				t.Errorf("match %s–%s, want A-2–A-1", m.A, m.B)
			}
			if d := m.Jaccard - exact; d > 0.12 || d < -0.12 {
				t.Errorf("estimate %.3f, exact %.3f", m.Jaccard, exact)
			}
			if len(m.Shared) == 0 || len(m.Shared) > 3 {
				t.Fatalf("Shared = %q, want 1–3 phrases", m.Shared)
			}
			na, nb := strings.Join(Tokens(tt.a), " "), strings.Join(Tokens(tt.b), " ")
			for _, s := range m.Shared {
				if len(strings.Fields(s)) != 3 || !strings.Contains(na, s) || !strings.Contains(nb, s) {
					t.Errorf("shared phrase %q is not a 3-word phrase of both texts", s)
				}
			}
		})
	}
}

func TestAddSkipsShortAndSameID(t *testing.T) {
	long := readFixture(t, "resume_santos.txt")
	short := "Senior engineer. Go, Kubernetes, AWS. Lisbon. References available upon request."
	ix := NewIndex(Options{})
	if ms := ix.Add("A-1", short); ms != nil || ix.Len() != 0 {
		t.Errorf("short document: matches %v, Len %d; want skipped", ms, ix.Len())
	}
	ix.Add("A-1", short)
	if ix.Len() != 0 {
		t.Errorf("short document indexed")
	}
	ix.Add("A-1", long)
	if ms := ix.Add("A-1", long); ms != nil {
		t.Errorf("same ID matched itself: %v", ms)
	}
	if ms := ix.Add("A-2", long); len(ms) != 2 || ms[0].Jaccard != 1 || ms[0].B != "A-1" || ms[1].B != "A-1" {
		t.Errorf("copy under new ID: %+v, want 2 matches with A-1 at 1.0", ms)
	}
	if ix.Len() != 3 {
		t.Errorf("Len = %d, want 3", ix.Len())
	}
	// A document that is long only thanks to boilerplate is skipped.
	ad := strings.Repeat("we are hiring remote engineers for our growing platform team ", 5)
	ix2 := NewIndex(Options{Boilerplate: []string{ad}})
	if ms := ix2.Add("B-1", ad+"I am keen to apply"); ms != nil || ix2.Len() != 0 {
		t.Errorf("boilerplate-only document indexed")
	}
}

func TestThresholdAndOrder(t *testing.T) {
	base := strings.Fields(readFixture(t, "resume_okafor.txt"))
	edit := func(every int) string {
		ws := append([]string(nil), base...)
		for i := 0; i < len(ws); i += every {
			ws[i] = fmt.Sprintf("edit%d", i)
		}
		return strings.Join(ws, " ")
	}
	ix := NewIndex(Options{Threshold: 0.3})
	ix.Add("light", edit(40))
	ix.Add("heavy", edit(12))
	ms := ix.Add("orig", strings.Join(base, " "))
	if len(ms) != 2 || ms[0].B != "light" || ms[1].B != "heavy" || ms[0].Jaccard <= ms[1].Jaccard {
		t.Fatalf("matches %+v, want light then heavy", ms)
	}
	strict := NewIndex(Options{Threshold: 1.01})
	strict.Add("x", edit(1000))
	if ms := strict.Add("y", edit(1000)); ms != nil {
		t.Errorf("threshold above 1 matched: %+v", ms)
	}
}

// AddAll (parallel signing) must give exactly what one Add after another gives.
func TestAddAllEqualsAdd(t *testing.T) {
	c := genCorpus(5000, 200, 0.3, 3)
	for _, procs := range []int{1, 2, 4} {
		prev := runtime.GOMAXPROCS(procs)
		seq := NewIndex(Options{Seed: 9})
		var want []Match
		for i := range c.texts {
			want = append(want, seq.Add(c.ids[i], c.texts[i])...)
		}
		got := NewIndex(Options{Seed: 9}).AddAll(c.ids, c.texts)
		runtime.GOMAXPROCS(prev)
		if len(want) == 0 {
			t.Fatal("no matches in generated corpus")
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("GOMAXPROCS %d: AddAll gave %d matches, Add %d, or they differ", procs, len(got), len(want))
		}
	}
	// Incremental: one AddAll of everything equals AddAll of halves on one index.
	whole := NewIndex(Options{}).AddAll(c.ids, c.texts)
	ix := NewIndex(Options{})
	parts := append(ix.AddAll(c.ids[:2500], c.texts[:2500]), ix.AddAll(c.ids[2500:], c.texts[2500:])...)
	if !reflect.DeepEqual(whole, parts) {
		t.Fatalf("AddAll in two parts differs from one AddAll")
	}
}

// Planted near-duplicate families are found, unrelated documents are not paired.
func TestPlantedFamilies(t *testing.T) {
	c := genCorpus(10000, 300, 0.2, 5)
	opt := Options{}.withDefaults()
	ms := NewIndex(opt).AddAll(c.ids, c.texts)
	idx := make(map[string]int, len(c.ids))
	for i, id := range c.ids {
		idx[id] = i
	}
	found := make(map[[2]int]bool)
	for _, m := range ms {
		a, b := idx[m.A], idx[m.B]
		if c.family[a] < 0 || c.family[a] != c.family[b] {
			t.Errorf("false match %s–%s (est %.2f, exact %.3f)", m.A, m.B, m.Jaccard, exactJaccard(c.texts[a], c.texts[b], opt))
		}
		found[[2]int{min(a, b), max(a, b)}] = true
	}
	members := make(map[int][]int)
	for i, f := range c.family {
		if f >= 0 {
			members[f] = append(members[f], i)
		}
	}
	var clear, clearFound, pairs int
	for _, mem := range members {
		for x := range mem {
			for y := x + 1; y < len(mem); y++ {
				a, b := min(mem[x], mem[y]), max(mem[x], mem[y])
				pairs++
				if exactJaccard(c.texts[a], c.texts[b], opt) >= opt.Threshold+0.1 {
					clear++
					if found[[2]int{a, b}] {
						clearFound++
					}
				}
			}
		}
	}
	recall := float64(clearFound) / float64(clear)
	t.Logf("%d planted pairs, %d with exact Jaccard ≥ %.1f, %d of those found (recall %.3f); %d matches in all",
		pairs, clear, opt.Threshold+0.1, clearFound, recall, len(ms))
	if clear < 500 || recall < 0.99 {
		t.Errorf("recall %.3f over %d clear planted pairs, want ≥ 0.99 over ≥ 500", recall, clear)
	}
}
