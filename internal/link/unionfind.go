package link

// unionFind is a flat disjoint-set forest over int32 person indexes with path halving and
// union by size. next threads each set into a circular list, so a set's members are listed in
// time proportional to its size.
type unionFind struct {
	parent []int32
	size   []int32
	next   []int32
}

// grow adds singleton sets until there are n elements.
func (u *unionFind) grow(n int) {
	for i := len(u.parent); i < n; i++ {
		u.parent = append(u.parent, int32(i))
		u.size = append(u.size, 1)
		u.next = append(u.next, int32(i))
	}
}

// reset makes every element a singleton again.
func (u *unionFind) reset() {
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
		u.next[i] = int32(i)
	}
}

func (u *unionFind) find(x int32) int32 {
	p := u.parent
	for p[x] != x {
		p[x] = p[p[x]]
		x = p[x]
	}
	return x
}

// union joins the sets of a and b and reports whether they were apart.
func (u *unionFind) union(a, b int32) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
	u.next[ra], u.next[rb] = u.next[rb], u.next[ra]
	return true
}

// members appends the elements of x's set to dst.
func (u *unionFind) members(x int32, dst []int32) []int32 {
	dst = append(dst, x)
	for y := u.next[x]; y != x; y = u.next[y] {
		dst = append(dst, y)
	}
	return dst
}
