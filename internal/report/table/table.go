// Package table writes a scan report as a ranked terminal table: one line per person (rank,
// score, band, ID, name, top reasons), followed by a one-line summary.
//
// Names, IDs and reasons come from applicants and are untrusted: control characters (including
// ESC, so no ANSI sequence from the input reaches the terminal) and Unicode bidirectional
// controls are replaced with U+FFFD. Columns are measured in terminal cells (East Asian wide
// characters count two) and over-long values are cut with "…".
//
// The table explains, it never decides: the score is the sum of the findings behind the reasons.
package table

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
)

// Options control the table.
type Options struct {
	// Color turns on ANSI colour (bands, header, summary). The caller decides, typically with
	// isatty on the output; when false the output contains no escape sequences at all.
	Color bool
	// Limit is the number of people listed: 0 lists every person with at least one finding,
	// n > 0 the first n of those, n < 0 everyone, with or without findings.
	Limit int
	// Width is the line width in terminal cells; the reasons column takes what the others leave
	// and is cut to fit. 0 means 120. Lines may exceed Width when it is too small for the fixed
	// columns (the reasons column keeps at least 16 cells).
	Width int
}

// DefaultWidth is the line width used when Options.Width is 0.
const DefaultWidth = 120

const (
	maxIDWidth     = 22
	maxNameWidth   = 28
	minReasonWidth = 16
	reasonSep      = " · "
)

// ANSI SGR sequences.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiHigh   = "\x1b[1;31m"
	ansiMedium = "\x1b[33m"
	ansiLow    = "\x1b[36m"
)

type row struct {
	rank                     string
	score, band, id, name, r string
	bandKind                 bonafide.Band
	hasFindings              bool
}

// Write writes the ranked table for r to w. Assessments are taken in the order given (the report
// ranks them, highest score first); a person's rank is their 1-based position there. It returns
// the first write error.
func Write(w io.Writer, r *report.Report, opt Options) error {
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	withFindings := 0
	for i := range r.Assessments {
		if len(r.Assessments[i].Findings) > 0 {
			withFindings++
		}
	}
	var rows []row
	for i := range r.Assessments {
		a := &r.Assessments[i]
		has := len(a.Findings) > 0
		if !has && opt.Limit >= 0 {
			continue
		}
		if opt.Limit > 0 && len(rows) >= opt.Limit {
			break
		}
		band := string(a.Band)
		if !has || band == "" {
			band = "-"
		}
		band = cut(clean(band), len("medium"))
		rows = append(rows, row{
			rank:        strconv.Itoa(i + 1),
			score:       formatScore(a.Score),
			band:        band,
			id:          clean(a.PersonID),
			name:        clean(a.Name),
			r:           clean(reasons(a)),
			bandKind:    a.Band,
			hasFindings: has,
		})
	}

	bw := bufio.NewWriter(w)
	if len(rows) > 0 {
		hdr := row{rank: "#", score: "SCORE", band: "BAND", id: "ID", name: "NAME", r: "TOP REASONS"}
		wRank, wScore, wBand, wID, wName := cells(hdr.rank), cells(hdr.score), len("medium"), cells(hdr.id), cells(hdr.name)
		for _, rw := range rows {
			wRank = max(wRank, cells(rw.rank))
			wScore = max(wScore, cells(rw.score))
			wBand = max(wBand, cells(rw.band))
			wID = max(wID, min(maxIDWidth, cells(rw.id)))
			wName = max(wName, min(maxNameWidth, cells(rw.name)))
		}
		fixed := wRank + wScore + wBand + wID + wName + 5*2
		wReason := max(minReasonWidth, width-fixed)

		line := func(rw row, header bool) {
			var b strings.Builder
			b.WriteString(padLeft(rw.rank, wRank))
			b.WriteString("  ")
			b.WriteString(padLeft(rw.score, wScore))
			b.WriteString("  ")
			band := padRight(rw.band, wBand)
			if opt.Color && !header && rw.hasFindings {
				if c := bandColor(rw.bandKind); c != "" {
					band = c + band + ansiReset
				}
			}
			b.WriteString(band)
			b.WriteString("  ")
			b.WriteString(padRight(cut(rw.id, wID), wID))
			b.WriteString("  ")
			b.WriteString(padRight(cut(rw.name, wName), wName))
			b.WriteString("  ")
			b.WriteString(cut(rw.r, wReason))
			s := strings.TrimRight(b.String(), " ")
			if opt.Color && header {
				s = ansiBold + s + ansiReset
			}
			bw.WriteString(s)
			bw.WriteByte('\n')
		}
		line(hdr, true)
		for _, rw := range rows {
			line(rw, false)
		}
	} else {
		bw.WriteString("No person has a finding.\n")
	}
	bw.WriteString(summary(r, len(rows), withFindings, opt))
	bw.WriteByte('\n')
	return bw.Flush()
}

// summary is the closing line: people, findings, band counts, duration and, when the list was
// cut, how many were shown.
func summary(r *report.Report, shown, withFindings int, opt Options) string {
	s := r.Stats
	paint := func(code, text string) string {
		if !opt.Color {
			return text
		}
		return code + text + ansiReset
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s screened; %d with findings (%s): %s, %s, %s",
		plural(s.People, "person", "people"), withFindings, plural(s.Findings, "finding", "findings"),
		paint(ansiHigh, strconv.Itoa(s.High)+" high"),
		paint(ansiMedium, strconv.Itoa(s.Medium)+" medium"),
		paint(ansiLow, strconv.Itoa(s.Low)+" low"))
	if s.Duration > 0 {
		fmt.Fprintf(&b, " in %s", roundDuration(s.Duration))
	}
	if opt.Limit > 0 && shown < withFindings {
		fmt.Fprintf(&b, " (showing %d of %d with findings)", shown, withFindings)
	}
	b.WriteString(". Scores explain; a person decides.")
	return b.String()
}

// roundDuration keeps three significant figures or so: 12.3s, 1.25s, 312ms, 4.2ms.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

// reasons returns the person's top reasons on one line, or their signal IDs when the scorer
// gave no reasons.
func reasons(a *bonafide.Assessment) string {
	if len(a.Reasons) > 0 {
		return strings.Join(a.Reasons, reasonSep)
	}
	ids := make([]string, 0, len(a.Findings))
	seen := map[string]bool{}
	for _, f := range a.Findings {
		if !seen[f.SignalID] {
			seen[f.SignalID] = true
			ids = append(ids, f.SignalID)
		}
	}
	return strings.Join(ids, reasonSep)
}

func bandColor(b bonafide.Band) string {
	switch b {
	case bonafide.BandHigh:
		return ansiHigh
	case bonafide.BandMedium:
		return ansiMedium
	case bonafide.BandLow:
		return ansiLow
	}
	return ""
}

// formatScore prints whole scores without decimals and others with one.
func formatScore(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// clean makes untrusted text safe and single-line for a terminal: invalid UTF-8, control
// characters (C0, C1, DEL) and bidi controls become U+FFFD, except that tabs and line breaks become spaces. Joiners
// (ZWJ, ZWNJ) stay: names in several scripts need them.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD") // a stray 0x9b byte is CSI on some terminals
	ok := true
	for _, c := range s {
		if unsafeRune(c) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(c rune) rune {
		switch c {
		case '\t', '\n', '\r':
			return ' '
		}
		if unsafeRune(c) {
			return '\uFFFD'
		}
		return c
	}, s)
}

func unsafeRune(c rune) bool {
	switch {
	case unicode.IsControl(c): // C0, DEL, C1: ESC starts ANSI sequences
		return true
	case c == '\u061C', c == '\u200E', c == '\u200F', // bidi marks
		c >= '\u202A' && c <= '\u202E', // bidi embeddings and overrides
		c >= '\u2066' && c <= '\u2069': // bidi isolates
		return true
	}
	return false
}

// cells is the display width of s in terminal cells.
func cells(s string) int { return uniseg.StringWidth(s) }

// cut shortens s to at most w cells, ending with "…" when cut.
func cut(s string, w int) string {
	if cells(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		gw := g.Width()
		if used+gw > w-1 {
			break
		}
		b.WriteString(g.Str())
		used += gw
	}
	b.WriteString("…")
	return b.String()
}

func padRight(s string, w int) string {
	if n := w - cells(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

func padLeft(s string, w int) string {
	if n := w - cells(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}
