package minhash

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bonafide-oss/bonafide/internal/normalize"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ,;  ", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"José's CV: Go/Kubernetes", []string{"joses", "cv", "go", "kubernetes"}},
		{"don't  DON’T", []string{"dont", "dont"}},
		{"Straße Ørsted Łódź", []string{"strasse", "orsted", "lodz"}},
		{"NGUYỄN THỊ LAN, Hồ Chí Minh", []string{"nguyen", "thi", "lan", "ho", "chi", "minh"}},
		{"full-stack e-commerce", []string{"full", "stack", "e", "commerce"}},
		{"p99 latency by 42% in 2020–2021", []string{"p99", "latency", "by", "42", "in", "2020", "2021"}},
		{"ﬁle ＡＢＣ", []string{"file", "abc"}},
		{"½ cup ǆem", []string{"cup", "dzem"}}, // "½" is no letter or digit, as in normalize.Name
		{"'''", nil},
		{"C++ & C#", []string{"c", "c"}},
		{"bad\xffbyte", []string{"badbyte"}},
		{"서울 개발자", []string{"서울", "개발자"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Tokens must split and fold exactly as normalize.Name does on the whole text.
func TestTokensAgreeWithNormalizeName(t *testing.T) {
	for _, s := range []string{
		readFixture(t, "resume_santos.txt"),
		readFixture(t, "resume_nguyen.txt"),
		"José  María O’Neill-Ruiz",
		"Dvořák, Ægir; Þór — ½ ſ test ǅ",
		"a\u0301b c\u0308d",
	} {
		if got, want := strings.Join(Tokens(s), " "), normalize.Name(s); got != want {
			t.Errorf("Tokens(%q) joined = %q, normalize.Name = %q", s, got, want)
		}
	}
}

func TestShingleHashes(t *testing.T) {
	opt := Options{}
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one", 1},
		{"one two", 1},
		{"one two three", 1},
		{"one two three four five", 3},
	}
	for _, tt := range tests {
		if got := len(ShingleHashes(tt.in, opt)); got != tt.want {
			t.Errorf("len(ShingleHashes(%q)) = %d, want %d", tt.in, got, tt.want)
		}
	}
	// Normalisation makes these equal; numbers are one class.
	a := ShingleHashes("Led the MIGRATION, in 2019.", opt)
	b := ShingleHashes("led the migration in 2021", opt)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("normalised shingles differ: %x vs %x", a, b)
	}
	if c := ShingleHashes("led a migration in 2021", opt); c[0] == a[0] {
		t.Errorf("different words gave the same shingle hash")
	}
}

func TestSignatureBasics(t *testing.T) {
	text := readFixture(t, "resume_santos.txt")
	sig := Signature(text, Options{})
	if len(sig) != DefaultHashes {
		t.Fatalf("len = %d, want %d", len(sig), DefaultHashes)
	}
	if got := Similarity(sig, Signature(text, Options{})); got != 1 {
		t.Errorf("same text similarity = %v, want 1", got)
	}
	// Case, punctuation and diacritics do not change the signature.
	variant := strings.ToUpper(strings.ReplaceAll(text, ",", " ;"))
	if got := Similarity(sig, Signature(variant, Options{})); got != 1 {
		t.Errorf("normalised variant similarity = %v, want 1", got)
	}
	if got := len(Signature(text, Options{Hashes: 37, Bands: 5})); got != 37 {
		t.Errorf("len with Hashes 37 = %d", got)
	}
	empty := Signature("", Options{Hashes: 8})
	for _, v := range empty {
		if v != math.MaxUint64 {
			t.Fatalf("empty text signature %x, want all MaxUint64", empty)
		}
	}
	if got := Similarity(sig, sig[:10]); got != 0 {
		t.Errorf("Similarity of different lengths = %v, want 0", got)
	}
	// Stop shingles are left out: a text that is all stop shingles signs as empty.
	stopped := Signature("alpha beta gamma delta", Options{Hashes: 8, Stop: ShingleHashes("alpha beta gamma delta", Options{})})
	if !reflect.DeepEqual(stopped, empty) {
		t.Errorf("all-stop text signature %x, want empty %x", stopped, empty)
	}
	bp := Signature("alpha beta gamma delta", Options{Hashes: 8, Boilerplate: []string{"Alpha, beta; gamma delta!"}})
	if !reflect.DeepEqual(bp, empty) {
		t.Errorf("all-boilerplate text signature %x, want empty", bp)
	}
}

func TestSignatureDeterminism(t *testing.T) {
	text := readFixture(t, "resume_okafor.txt")
	a := Signature(text, Options{Seed: 42})
	b := Signature(text, Options{Seed: 42})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different signatures")
	}
	c := Signature(text, Options{Seed: 43})
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave equal signatures")
	}
	// Golden values pin the hash functions: a change here invalidates stored signatures and
	// stop lists, so it must be deliberate.
	g := Signature("Senior backend engineer with seven years of experience in Go", Options{Hashes: 4, Seed: 1})
	want := []uint64{0x13fe7cf0a8dd64a0, 0x41c2d014f2c632f1, 0x085e1df7243c9590, 0x0d2b4bca4efb511f}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("golden signature = %#x, want %#x", g, want)
	}
}

// The MinHash estimate must be unbiased and within the binomial error of the exact Jaccard
// similarity, over random pairs across the whole range of similarity.
func TestEstimateAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	vocab := vocabulary(5000, r)
	opt := Options{}.withDefaults()
	var sumErr, sumSq, sumVar float64
	n := 0
	for pair := range 300 {
		words := make([]string, 150+r.IntN(300))
		for i := range words {
			words[i] = vocab[r.IntN(len(vocab))]
		}
		other := slices.Clone(words)
		p := float64(pair%10) / 12 // replace 0 % … 75 % of words
		for i := range other {
			if r.Float64() < p {
				other[i] = vocab[r.IntN(len(vocab))]
			}
		}
		x, y := strings.Join(words, " "), strings.Join(other, " ")
		o := opt
		o.Seed = uint64(pair)
		exact := exactJaccard(x, y, o)
		est := Similarity(Signature(x, o), Signature(y, o))
		sd := math.Sqrt(exact * (1 - exact) / float64(opt.Hashes))
		if d := math.Abs(est - exact); d > 5*sd+1.0/128 {
			t.Errorf("pair %d: estimate %.3f, exact %.3f: off by %.3f > 5σ (σ=%.3f)", pair, est, exact, d, sd)
		}
		sumErr += est - exact
		sumSq += (est - exact) * (est - exact)
		sumVar += sd * sd
		n++
	}
	if bias := sumErr / float64(n); math.Abs(bias) > 0.01 {
		t.Errorf("mean error %.4f, want |bias| ≤ 0.01", bias)
	}
	rms, want := math.Sqrt(sumSq/float64(n)), math.Sqrt(sumVar/float64(n))
	if rms > 1.3*want {
		t.Errorf("RMS error %.4f, more than 1.3× the binomial %.4f", rms, want)
	}
	t.Logf("%d pairs: mean error %+.4f, RMS %.4f (binomial %.4f)", n, sumErr/float64(n), rms, want)
}

func TestOptionsDefaults(t *testing.T) {
	got := Options{Threshold: math.NaN(), Bands: 500, Hashes: 64}.withDefaults()
	want := Options{Shingle: 3, Hashes: 64, Bands: 64, Threshold: 0.5, MinTokens: 30, MinShingles: 12}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
	if got := (Options{}).withDefaults(); got.Hashes != 128 || got.Bands != 32 || got.Shingle != 3 || got.Threshold != 0.5 {
		t.Errorf("zero Options → %+v", got)
	}
}

func FuzzSignature(f *testing.F) {
	f.Add("Senior full-stack engineer with 9+ years of experience", uint64(0), 3, 16)
	f.Add("NGUYỄN THỊ LAN — Hồ Chí Minh ½ ﬁle", uint64(7), 1, 5)
	f.Add("bad\xff\xfe bytes ' ’ `", uint64(1), 0, 0)
	f.Add("", uint64(3), -2, 1000)
	f.Fuzz(func(t *testing.T, text string, seed uint64, shingle, hashes int) {
		opt := Options{Seed: seed, Shingle: shingle%8 - 1, Hashes: hashes % 300}
		a := Signature(text, opt)
		b := Signature(text, opt)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("same text gave different signatures")
		}
		if want := opt.withDefaults().Hashes; len(a) != want {
			t.Fatalf("len %d, want %d", len(a), want)
		}
		toks := Tokens(text)
		for _, tok := range toks {
			if tok == "" || strings.ContainsAny(tok, " \t\n") || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q", tok)
			}
		}
		// The signature depends only on the normalised tokens.
		if c := Signature(strings.Join(toks, " "), opt); !reflect.DeepEqual(a, c) {
			t.Fatalf("signature of joined tokens %q differs", strings.Join(toks, " "))
		}
		ix := NewIndex(Options{Seed: seed, MinTokens: 1, MinShingles: 1})
		ix.Add("a", text)
		if ms := ix.Add("b", text); len(toks) > 0 && len(ms) != 1 {
			t.Fatalf("identical texts gave %d matches", len(ms))
		}
	})
}
