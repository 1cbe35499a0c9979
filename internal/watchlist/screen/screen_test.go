package screen

import (
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

func TestBirthDate(t *testing.T) {
	for in, want := range map[string]string{
		"1964-07-17":                 "1964-07-17",
		"1971":                       "1971",
		"1950-1955":                  "1950/1955",
		"07 Jan 1930":                "1930-01-07",
		"7 January 1930":             "1930-01-07",
		"Jan 1950":                   "1950-01",
		"circa 1947":                 "1946/1948",
		"01 Jan 1947 to 31 Dec 1947": "1947-01-01/1947-12-31",
		"1946-01-01/1946-12-31":      "1946-01-01/1946-12-31",
		"17/07/1964":                 "1964-07-17",
		"":                           "",
		"unknown":                    "",
		"31 Foo 1950":                "",
	} {
		if got := BirthDate(in); got != want {
			t.Errorf("BirthDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoadShared loads every list the shared data folder holds and checks counts per list and
// per DPRK programme set, then screens listed DPRK people with and without their dates of birth.
func TestLoadShared(t *testing.T) {
	shareddata.Path(t, PathOFACSDN)
	shareddata.Path(t, PathUN)
	dir := shareddata.Dir()
	ix, loaded, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, l := range loaded {
		got[l.List] = [2]int{l.Parties, l.DPRK}
	}
	want := map[string][2]int{
		ListOFACSDN:  {18367, 538},
		ListOFACCons: {442, 0},
		ListUN:       {1003, 155},
	}
	for list, w := range want {
		if got[list] != w {
			t.Errorf("%s: %v parties/DPRK, want %v", list, got[list], w)
		}
	}
	if ix.Len() != 18367+442+1003 {
		t.Errorf("index holds %d parties", ix.Len())
	}
	s := &Screener{Index: ix}
	// Kim Yo Jong: OFAC lists 1989-09-26.
	hit := func(p *bonafide.Person) *bonafide.WatchlistHit {
		for _, h := range s.ScreenPerson(p) {
			if h.List == ListOFACSDN && h.EntryID == "21444" {
				return &h
			}
		}
		return nil
	}
	base := hit(&bonafide.Person{ID: "a", Name: "Kim Yo Jung"})
	if base == nil {
		t.Fatal("Kim Yo Jung not matched to OFAC 21444")
	}
	same := hit(&bonafide.Person{ID: "a", Name: "Kim Yo Jung", BirthDate: "1989-09-26"})
	if base.Score >= 0.95 {
		t.Fatalf("base score %.3f leaves no room for a boost", base.Score)
	}
	if same == nil || same.Score <= base.Score || !strings.Contains(same.Detail, "equals listed 1989-09-26") {
		t.Errorf("same birth date should raise the score: base %+v, same %+v", base, same)
	}
	other := hit(&bonafide.Person{ID: "a", Name: "Kim Yo Jung", BirthDate: "1996-02-11"})
	if other != nil && other.Score >= base.Score {
		t.Errorf("a birth date 7 years off should lower the score: %+v", other)
	}
}
