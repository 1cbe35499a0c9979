package link

// pairQuality compares the resolver's clusters with the population's truth, pairwise:
// precision = correctly joined pairs / joined pairs, recall = correctly joined / true pairs.
func pairQuality(r *Resolver, pop Population) (precision, recall float64, fp, fn int) {
	type key struct{ a, b int32 }
	op := map[string]int32{}
	for i, p := range pop.People {
		op[p.ID] = pop.Operator[i]
	}
	byOp := map[int32][]string{}
	for i, p := range pop.People {
		byOp[pop.Operator[i]] = append(byOp[pop.Operator[i]], p.ID)
	}
	truePairs := 0
	for _, ms := range byOp {
		truePairs += len(ms) * (len(ms) - 1) / 2
	}
	joined, correct := 0, 0
	for _, c := range r.Clusters(2) {
		for i := range c.Members {
			for j := i + 1; j < len(c.Members); j++ {
				joined++
				if op[c.Members[i]] == op[c.Members[j]] {
					correct++
				}
			}
		}
	}
	precision, recall = 1, 1
	if joined > 0 {
		precision = float64(correct) / float64(joined)
	}
	if truePairs > 0 {
		recall = float64(correct) / float64(truePairs)
	}
	return precision, recall, joined - correct, truePairs - correct
}
