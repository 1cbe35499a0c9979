package match

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DIXON", "DICKSONX", 0.813},
		{"JELLYFISH", "SMELLYFISH", 0.896},
		{"ABC", "ABC", 1},
		{"", "", 1},
		{"ABC", "", 0},
		{"ABC", "XYZ", 0},
	} {
		if got := JaroWinkler(tc.a, tc.b); math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"Дмитрий Иванов", []string{"dmitry", "ivanov"}},
		{"Dmitriy Ivanov", []string{"dmitry", "ivanov"}},
		{"Dmitrij Iwanow", []string{"dmitry", "ivanov"}},
		{"Dmitrii IVANOV", []string{"dmitry", "ivanov"}},
		{"Михаил Ходорковский", []string{"hodorkovsky", "mihail"}},
		{"Mikhail Khodorkovsky", []string{"hodorkovsky", "mihail"}},
		{"Юрий Гагарин", []string{"gagarin", "yury"}},
		{"Michail Chodorkowskij", []string{"chodorkovsky", "michail"}},
		{"Youri Gagarin", []string{"gagarin", "yuri"}},
		{"Kim Jong-un", []string{"jongun", "kim"}},
		{"Kim Jong Un", []string{"jongun", "kim"}},
		{"Kim Jongun", []string{"jongun", "kim"}},
		{"CH'OE SO'K MIN", []string{"choe", "sokmin"}},
		{"José Müller-Lüdenscheidt", []string{"jose", "ludenscheidt", "muler"}},
		{"Al-Qa'ida", []string{"al", "qaida"}},
		{"ＫＩＭ ＫＩＭ", []string{"kim"}},
		{"Straße", []string{"strase"}},
		{"Mohammed / Muhammad", []string{"mohamed", "muhamad"}},
		{"", nil},
		{" -- ,; ", nil},
	} {
		if got := Tokens(tc.name); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		q, c     string
		min, max float64
	}{
		{"Дмитрий Иванов", "Dmitrij Iwanow", 1, 1},
		{"Kim Jong-un", "KIM JONG UN", 1, 1},
		{"Ivanov Dmitry", "Dmitry Ivanov", 1, 1},
		{"Михаил Ходорковский", "Michail Chodorkowskij", 0.93, 0.94},
		{"KIM TONG-HO", "KIM TONG CHOL", 0.92, 0.94}, // different people: known false hit (joined given names share a prefix)
		{"PAK HWA SONG", "PAK HWA-SONG", 1, 1},
		{"SONG HYOK RI", "RI SONG HYOK", 1, 1},                          // two readings: surname first or last
		{"Dmitry Sergeyevich Ivanov", "Dmitry Ivanov", 0.91, 0.92},      // missing middle name
		{"Dmitry Sergeyevich Ivanov", "Dmitry Sergeyevich", 0.88, 0.89}, // missing surname costs more
		{"BOSCO TGAANDA", "BOSCO TAGANDA", 0.80, 0.82},                  // one transposition
		{"John Ivanov", "Dmitry Ivanov", 0.5, 0.6},
		{"Muhammad", "Muhammad Ali", 0.65, 0.67}, // one-token name penalised
		{"KIM", "KIM JONG UN", 0.39, 0.41},
		{"Kim Song Chol", "Kim Sok Chol", 0.85, 0.86}, // hard negative: close
		{"Alice Smith", "Dmitry Ivanov", 0, 0},
		{"x", "", 0, 0},
		{"", "", 0, 0},
	} {
		got := Score(tc.q, tc.c)
		if got < tc.min || got > tc.max {
			t.Errorf("Score(%q, %q) = %.4f, want in [%.2f, %.2f]", tc.q, tc.c, got, tc.min, tc.max)
		}
	}
}

func TestBest(t *testing.T) {
	names := []string{"KIM JONG UN", "Kim Jong-un", "Kim Jong Un", "Kim Chong-un"}
	s, m := Best("Kim Jongun", names)
	if s != 1 || m != "KIM JONG UN" {
		t.Errorf("Best = %.3f %q, want 1 %q", s, m, "KIM JONG UN")
	}
	s, m = Best("Chong-un Kim", []string{"Pak Ui Chun", "Kim Chong-un"})
	if s != 1 || m != "Kim Chong-un" {
		t.Errorf("Best = %.3f %q, want 1 %q", s, m, "Kim Chong-un")
	}
	for _, q := range []string{"Kim Jongun", "Chong-un Kim", "Pak", ""} {
		s1, m1 := Best(q, names)
		s2, m2 := NewList(names).Best(q)
		if s1 != s2 || m1 != m2 {
			t.Errorf("List.Best(%q) = %.3f %q, Best = %.3f %q", q, s2, m2, s1, m1)
		}
	}
	if s, m := (&List{}).Best("Kim"); s != 0 || m != "" {
		t.Errorf("empty List.Best = %.3f %q, want 0 \"\"", s, m)
	}
	if s, m := Best("Kim", nil); s != 0 || m != "" {
		t.Errorf("Best(nil) = %.3f %q, want 0 \"\"", s, m)
	}
}

func FuzzScore(f *testing.F) {
	for _, s := range [][2]string{{"Kim Jong-un", "KIM JONG UN"}, {"Дмитрий", "Dmitrij"}, {"", "a"}, {"CH'OE-", "--"}, {"a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G", "a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		s := Score(a, b)
		if !(s >= 0 && s <= 1) {
			t.Fatalf("Score(%q, %q) = %v, want 0..1", a, b, s)
		}
		if ta := Tokens(a); len(ta) > 0 && Score(a, a) < 0.999 {
			t.Fatalf("Score(%q, itself) = %v, want 1", a, Score(a, a))
		}
	})
}

// BenchmarkBest runs Best by brute force against 20,000 synthetic names; the reported
// µs/query is the cost of one query against the whole list.
func BenchmarkBest(b *testing.B) {
	sur := []string{"KIM", "PAK", "RI", "CHOE", "IVANOV", "AL-TIKRITI", "HAQQANI", "MUHAMMAD", "SMITH", "GARCIA"}
	giv := []string{"JONG UN", "SONG CHOL", "DMITRY", "ABDUL RAHMAN", "HYOK", "MARIA", "QASIM", "YURI", "HWA SONG", "ALI"}
	names := make([]string, 20000)
	for i := range names {
		names[i] = fmt.Sprintf("%s %s %c%c", sur[i%len(sur)], giv[(i/10)%len(giv)], 'A'+rune(i/100%26), 'A'+rune(i%26))
	}
	b.Run("Best", func(b *testing.B) {
		for b.Loop() {
			Best("Kim Jong-un", names)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/query")
	})
	b.Run("List.Best", func(b *testing.B) {
		l := NewList(names)
		for b.Loop() {
			l.Best("Kim Jong-un")
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/query")
	})
}
