package normalize

import "testing"

func TestCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DE", "DE"}, {"de", "DE"}, {"DEU", "DE"}, {"Germany", "DE"}, {"Deutschland", "DE"}, {"Alemanha", "DE"},
		{"GERMANY ", "DE"}, {"GB", "GB"}, {"UK", "GB"}, {"uk", "GB"}, {"GBR", "GB"}, {"United Kingdom", "GB"},
		{"Reino Unido", "GB"}, {"Vereinigtes Königreich", "GB"}, {"Great Britain", "GB"}, {"England", "GB"},
		{"Portugal", "PT"}, {"PRT", "PT"}, {"pt", "PT"}, {"US", "US"}, {"USA", "US"}, {"U.S.A.", "US"},
		{"United States", "US"}, {"United States of America", "US"}, {"Estados Unidos", "US"},
		{"Vereinigte Staaten", "US"}, {"The Netherlands", "NL"}, {"Netherlands", "NL"}, {"Holland", "NL"},
		{"Niederlande", "NL"}, {"Países Baixos", "NL"}, {"Österreich", "AT"}, {"Schweiz", "CH"}, {"Suíça", "CH"},
		{"Czech Republic", "CZ"}, {"Czechia", "CZ"}, {"South Korea", "KR"}, {"North Korea", "KP"}, {"DPRK", "KP"},
		{"Côte d’Ivoire", "CI"}, {"Bosnia and Herzegovina", "BA"}, {"Bosnia & Herzegovina", "BA"},
		{"Trinidad and Tobago", "TT"}, {"Saint Kitts and Nevis", "KN"}, {"Russia", "RU"}, {"Russian Federation", "RU"},
		{"China", "CN"}, {"Hong Kong", "HK"}, {"Türkiye", "TR"}, {"Turkey", "TR"}, {"Brasil", "BR"}, {"España", "ES"},
		{"France", "FR"}, {"Frankreich", "FR"}, {"Kosovo", "XK"}, {"XK", "XK"}, {"Myanmar", "MM"}, {"Burma", "MM"},
		{"Ukraine", "UA"}, {"Polen", "PL"}, {"Irlanda", "IE"},
	}
	for _, tt := range tests {
		got, ok := Country(tt.in)
		if !ok || got != tt.want {
			t.Errorf("Country(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "  ", "Atlantis", "ZZ", "EU", "DD", "SU", "YU", "001", "Europe", "Berlin"} {
		if got, ok := Country(in); ok {
			t.Errorf("Country(%q) = %q, true; want not ok", in, got)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"José  María O’Neill-Ruiz", "jose maria oneill ruiz"},
		{"  JÜRGEN MÜLLER ", "jurgen muller"},
		{"Jürgen Müller", "jurgen muller"},
		{"Straße", "strasse"},
		{"Søren Kierkegård", "soren kierkegard"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Conceição Gonçalves", "conceicao goncalves"},
		{"O'Brien, Patrick J.", "obrien patrick j"},
		{"Dr. Anne-Marie d'Arc", "dr anne marie darc"},
		{"ＪＯＨＮ　ＳＭＩＴＨ", "john smith"}, // full-width, ideographic space
		{"Ǆemal", "dzemal"},
		{"김정은", "김정은"},
		{"Ким Чен Ын", "ким чен ын"},
		{"İlkay Gündoğan", "ilkay gundogan"},
		{"Ἀλέξανδρος", "αλεξανδροσ"},
		{"", ""},
		{"---", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
