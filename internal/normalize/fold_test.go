package normalize

import "testing"

func TestNameKey(t *testing.T) {
	for in, want := range map[string]string{
		"María Santos":    "maria santos",
		"SANTOS, Maria":   "maria santos",
		"  Jan  Kowalski": "jan kowalski",
		"José-Luis Pérez": "jose luis perez",
		"李 小龍":            "小龍 李",
		"":                "",
		"--":              "",
	} {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNameKey(f *testing.F) {
	f.Add("María Santos")
	f.Add("SANTOS, Maria")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		if NameKey(k) != k {
			t.Fatalf("NameKey not idempotent: %q -> %q -> %q", s, k, NameKey(k))
		}
	})
}
