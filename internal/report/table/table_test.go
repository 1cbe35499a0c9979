package table_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
	"github.com/bonafide-oss/bonafide/internal/report/reporttest"
	"github.com/bonafide-oss/bonafide/internal/report/table"
)

func render(t *testing.T, r *report.Report, opt table.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := table.Write(&buf, r, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWritePlain(t *testing.T) {
	r := reporttest.Six(t)
	r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: "p7", Name: "Emma Clarke", Band: bonafide.BandLow})
	got := render(t, r, table.Options{Width: 100})
	want := strings.Join([]string{
		"#  SCORE  BAND    ID  NAME                       TOP REASONS",
		"1     75  high    p1  Daniel Weber               PAY-ACCOUNT-SHARED (+35): Payout IBAN shared with …",
		"2     65  high    p2  Jonas Richter              PAY-ACCOUNT-SHARED (+35): Payout IBAN shared with …",
		"3     55  high    p3  Miguel Santos              APP-SHARED-IDENT (+30): Phone +4915112345678 is al…",
		"4     25  medium  p4  Tiago Costa                REF-SHARED-ACROSS (+25): Reference Markus Becker i…",
		"5     20  medium  p5  Oliver Hughes              SHIP-ADDR-REUSED (+20): Laptop shipping address al…",
		"6     12  low     p6  <script>alert(1)</script>  SHIP-ADDR-REUSED (+20): Laptop shipping address al…",
		"6 people screened; 6 with findings (11 findings): 3 high, 2 medium, 1 low in 1.25s. Scores explain; a person decides.",
		"",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if w := uniseg.StringWidth(line); i > 0 && i < 7 && w != 100 {
			t.Errorf("line %d is %d cells wide, want 100", i, w)
		}
	}
}

func TestLimitAndEveryone(t *testing.T) {
	r := reporttest.Six(t)
	r.Assessments = append(r.Assessments, bonafide.Assessment{PersonID: "p7", Name: "Emma Clarke", Band: bonafide.BandLow})
	tests := []struct {
		name      string
		limit     int
		rows      int
		contains  string
		notExists string
	}{
		{"all with findings", 0, 6, "3 high", "p7"},
		{"top two", 2, 2, "(showing 2 of 6 with findings)", "p3"},
		{"limit above count", 50, 6, "1 low in", "showing"},
		{"everyone", -1, 7, "Emma Clarke", "showing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := render(t, r, table.Options{Limit: tc.limit, Width: 80})
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if got := len(lines) - 2; got != tc.rows {
				t.Errorf("rows = %d, want %d:\n%s", got, tc.rows, out)
			}
			if !strings.Contains(out, tc.contains) {
				t.Errorf("output lacks %q:\n%s", tc.contains, out)
			}
			if strings.Contains(out, tc.notExists) {
				t.Errorf("output has %q:\n%s", tc.notExists, out)
			}
		})
	}
	// The person without findings shows "-" as band when everyone is listed.
	out := render(t, r, table.Options{Limit: -1, Width: 80})
	if !strings.Contains(out, "7      0  -       p7  Emma Clarke") {
		t.Errorf("no-finding row wrong:\n%s", out)
	}
}

func TestColor(t *testing.T) {
	r := reporttest.Six(t)
	// Untrusted text carrying escape sequences and bidi overrides must never reach the terminal.
	r.Assessments[0].Name = "Evil\x1b[2J\x1b]0;pwned\x07 \u202eName\u202c"
	r.Assessments[1].Reasons = []string{"X (+1): line\nbreak\tand \x9b31m C1"}
	plain := render(t, r, table.Options{Color: false})
	if strings.ContainsAny(plain, "\x1b\x07\u009b\u202e\u202c") {
		t.Errorf("plain output has control characters: %q", plain)
	}
	if !strings.Contains(plain, "Evil\uFFFD[2J\uFFFD]0;pwned\uFFFD \uFFFDName\uFFFD") {
		t.Errorf("name not cleaned as expected: %q", plain)
	}
	if !strings.Contains(plain, "X (+1): line break and \uFFFD31m C1") {
		t.Errorf("reason not cleaned as expected: %q", plain)
	}
	colored := render(t, r, table.Options{Color: true})
	for _, want := range []string{"\x1b[1;31mhigh  \x1b[0m", "\x1b[33mmedium\x1b[0m", "\x1b[36mlow   \x1b[0m", "\x1b[1m#  SCORE", "\x1b[1;31m3 high\x1b[0m"} {
		if !strings.Contains(colored, want) {
			t.Errorf("coloured output lacks %q:\n%q", want, colored)
		}
	}
	// Only our own sequences: every ESC starts one of the SGR codes we emit.
	for _, part := range strings.Split(colored, "\x1b")[1:] {
		ok := false
		for _, p := range []string{"[0m", "[1m", "[1;31m", "[33m", "[36m"} {
			if strings.HasPrefix(part, p) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("unexpected escape sequence before %q", part)
		}
	}
}

func TestWideAndEmpty(t *testing.T) {
	r := &report.Report{
		Assessments: []bonafide.Assessment{{
			PersonID: "wide-1", Name: "山田太郎山田太郎山田太郎山田太郎山田太郎", Score: 7.5, Band: bonafide.BandLow,
			Findings: []bonafide.Finding{{SignalID: "APP-PHONE-VOIP"}, {SignalID: "APP-PHONE-VOIP"}, {SignalID: "APP-IP-ANON"}},
		}},
		Stats: report.Stats{People: 1, Findings: 3, Low: 1},
	}
	out := render(t, r, table.Options{Width: 90})
	want := "1    7.5  low     wide-1  山田太郎山田太郎山田太郎山…   APP-PHONE-VOIP · APP-IP-ANON\n" +
		"1 person screened; 1 with findings (3 findings): 0 high, 0 medium, 1 low. Scores explain; a person decides.\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("got\n%s\nwant suffix\n%s", out, want)
	}
	empty := render(t, &report.Report{Stats: report.Stats{People: 3}}, table.Options{})
	if want := "No person has a finding.\n3 people screened; 0 with findings (0 findings): 0 high, 0 medium, 0 low. Scores explain; a person decides.\n"; empty != want {
		t.Errorf("empty report: got %q, want %q", empty, want)
	}
}

// FuzzWrite checks that no untrusted text brings a control character, a bidi control or
// invalid UTF-8 into the plain table, and that every person line fits the width.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"Evil\x1b[2J", "\x9b31m", "\u202eabc", "山田太郎", "a\tb\nc", "\xff\xfe", ""} {
		f.Add(s, s, 80)
	}
	f.Fuzz(func(t *testing.T, name, reason string, width int) {
		width = 40 + abs(width)%200
		r := &report.Report{Assessments: []bonafide.Assessment{{
			PersonID: reason, Name: name, Score: 10, Band: bonafide.Band(name), Reasons: []string{reason, name},
			Findings: []bonafide.Finding{{SignalID: name}},
		}}}
		out := render(t, r, table.Options{Width: width})
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		for _, c := range out {
			if c != '\n' && (unicode.IsControl(c) || c == '\u202e' || c == '\u2066') {
				t.Fatalf("control character %U in %q", c, out)
			}
		}
		lines := strings.Split(out, "\n")
		if w := uniseg.StringWidth(lines[1]); w > width+maxOverflow(width) {
			t.Fatalf("line %q is %d cells, width %d", lines[1], w, width)
		}
	})
}

// maxOverflow is how far a line may exceed a small width: the fixed columns (at most
// 1+5+6+22+28+10 cells) plus the minimum reasons column, less the width.
func maxOverflow(width int) int { return max(0, 72+16-width) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// BenchmarkWrite100k lists 100,000 people (everyone, Limit -1).
func BenchmarkWrite100k(b *testing.B) {
	r := &report.Report{Assessments: make([]bonafide.Assessment, 100_000)}
	for i := range r.Assessments {
		r.Assessments[i] = bonafide.Assessment{PersonID: fmt.Sprintf("p%06d", i), Name: "Applicant Name", Score: 30,
			Band: bonafide.BandMedium, Reasons: []string{"APP-SHARED-IDENT (+30): phone shared with another applicant"},
			Findings: []bonafide.Finding{{SignalID: "APP-SHARED-IDENT"}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := table.Write(io.Discard, r, table.Options{Limit: -1, Color: true}); err != nil {
			b.Fatal(err)
		}
	}
}
