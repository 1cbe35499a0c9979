package link

import (
	"testing"
)

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Дмитрий Иванов", "Dmitriy Ivanov"},
		{"Щукина Юлия", "Shchukina Yuliya"},
		{"ЖУКОВ", "ZhUKOV"},
		{"Олександр Шевченко", "Oleksandr Shevchenko"},
		{"Їжак Ґудзь", "Yizhak Gudz"},
		{"Ђорђе Њего", "Djordje Njego"},
		{"Γιώργος Παπαδόπουλος", "Giorgos Papadopoylos"},
		{"Müller", "Müller"},
		{"plain ascii", "plain ascii"},
		{"a\xffb", "a\xffb"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhonetic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dmitriy", "TMTR"}, {"Dmitrij", "TMTR"}, {"Dmitry", "TMTR"}, {"Дмитрий", "TMTR"}, {"Dmitrii", "TMTR"},
		{"Ivanov", "AFNF"}, {"Iwanow", "AFNF"}, {"Ivanoff", "AFNF"}, {"Иванов", "AFNF"},
		{"Yuri", "AR"}, {"Juri", "AR"}, {"Iouri", "AR"}, {"Jurij", "AR"}, {"Юрий", "AR"},
		{"Müller", "MLR"}, {"Mueller", "MLR"}, {"Muller", "MLR"},
		{"Schmidt", "SMT"}, {"Schmitt", "SMT"}, {"Smith", "SMT"},
		{"Aleksandr", "ALKSNTR"}, {"Alexander", "ALKSNTR"}, {"Oleksandr", "ALKSNTR"}, {"Александр", "ALKSNTR"},
		{"Shevchenko", "SFCNK"}, {"Schewtschenko", "SFCNK"}, {"Шевченко", "SFCNK"},
		{"Chaykovskiy", "CKFSK"}, {"Tschaikowski", "CKFSK"}, {"Чайковский", "CKFSK"},
		{"Kuznetsov", "KSNSF"}, {"Kusnezow", "KSNSF"},
		{"Cecilia", "SSL"}, {"Carla", "KRL"}, {"Philipp", "FLP"}, {"Thomas", "TMS"}, {"Quinn", "KN"},
		{"Xavier", "KSFR"}, {"Anna", "AN"}, {"Hannah", "AN"},
		{"Ji-woo", "AF"}, {"O'Brien", "APRN"}, {"Kim2", "KM"},
		{"金", "金"}, {"민준", "민준"}, {"", ""}, {"123", ""}, {"Wolfeschlegelsteinhausenbergerdorff", "FLFSLKLS"},
	}
	for _, tt := range tests {
		if got := Phonetic(tt.in); got != tt.want {
			t.Errorf("Phonetic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameKeys(t *testing.T) {
	tests := []struct {
		name, nameKey, phonKey string
	}{
		{"Дмитрий Иванов", "dmitrii ivanov", "AFNF TMTR"},
		{"Dmitriy Ivanov", "dmitriy ivanov", "AFNF TMTR"},
		{"IVANOV, Dmitrij", "dmitrij ivanov", "AFNF TMTR"},
		{"Dmitry Iwanow", "dmitry iwanow", "AFNF TMTR"},
		{"Иванов, Дмитрий", "dmitrii ivanov", "AFNF TMTR"},
		{"José María O’Neill-Ruiz", "jose maria oneill ruiz", "ANL AS MR RS"},
		{"SANTOS, María", "maria santos", "MR SNTS"},
		{"  ", "", ""},
		{"R2-D2", "d2 r2", "R T"},
		{"Ольга Смирнова", "olga smirnova", "ALK SMRNF"},
	}
	for _, tt := range tests {
		if got := NameKey(tt.name); got != tt.nameKey {
			t.Errorf("NameKey(%q) = %q, want %q", tt.name, got, tt.nameKey)
		}
		if got := PhoneticKey(tt.name); got != tt.phonKey {
			t.Errorf("PhoneticKey(%q) = %q, want %q", tt.name, got, tt.phonKey)
		}
	}
}

// TestNameHashes checks that the hashes the resolver computes without building strings agree
// with NameKey and PhoneticKey: equal keys, equal hashes, and the reverse.
func TestNameHashes(t *testing.T) {
	names := []string{
		"Дмитрий Иванов", "Dmitriy Ivanov", "IVANOV, Dmitrij", "Иванов Дмитрий", "dmitrii ivanov",
		"Maria Santos", "SANTOS, María", "Mária  Santos ", "Maria Santos Silva", "Ana Santos",
		"O'Brien Sean", "Sean OBrien", "Sean O Brien", "", "--", "Kim", "金 民準", "Ji-woo Kim",
		"a b c d e f g h i j k l m n o", "o n m l k j i h g f e d c b a",
	}
	type hs struct {
		n, p uint64
		k    int
	}
	got := map[string]hs{}
	for _, n := range names {
		nh, ph, k, _ := nameHashes(n, nil)
		got[n] = hs{nh, ph, k}
		if (nh == 0) != (NameKey(n) == "") {
			t.Errorf("%q: name hash %x but NameKey %q", n, nh, NameKey(n))
		}
		if (ph == 0) != (PhoneticKey(n) == "") {
			t.Errorf("%q: phonetic hash %x but PhoneticKey %q", n, ph, PhoneticKey(n))
		}
	}
	for _, a := range names {
		for _, b := range names {
			if (got[a].n == got[b].n) != (NameKey(a) == NameKey(b)) {
				t.Errorf("%q vs %q: name hashes equal %v, NameKeys %q %q", a, b, got[a].n == got[b].n, NameKey(a), NameKey(b))
			}
			if (got[a].p == got[b].p) != (PhoneticKey(a) == PhoneticKey(b)) {
				t.Errorf("%q vs %q: phonetic hashes equal %v, PhoneticKeys %q %q", a, b, got[a].p == got[b].p, PhoneticKey(a), PhoneticKey(b))
			}
		}
	}
}

// TestGeneratorVariants: every spelling of a generator name has one phonetic code, so a
// duplicate application under another spelling is findable.
func TestGeneratorVariants(t *testing.T) {
	for _, list := range [][]nameVariants{givenNames, familyNames} {
		for _, vs := range list {
			want := Phonetic(vs[0])
			for _, v := range vs[1:] {
				if got := Phonetic(v); got != want {
					t.Errorf("Phonetic(%q) = %q, but Phonetic(%q) = %q", v, got, vs[0], want)
				}
			}
		}
	}
}
