package htmlreport

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Evidence fields the hour-of-day heatmap is drawn from (TEL-WORK-HOURS findings of
// internal/telemetry/detect).
const (
	fieldHourHistogram = "activity.hour_histogram_utc" // 24 comma-separated counts, UTC hours 00..23
	fieldBestOffset    = "activity.best_utc_offset"    // "+8"
	fieldClaimedOffset = "hr.utc_offset"               // "+1"
)

// hourHeatmap draws a finding's hour-of-day activity as an inline SVG: one cell per UTC hour
// shaded by activity, with the 09:00–18:00 working day of the best-fitting offset and of the
// claimed time zone marked beneath, so a reader sees at a glance whose working day the
// activity fits. "" when the finding has no histogram.
func hourHeatmap(ev []bonafide.Evidence) template.HTML {
	var hist []float64
	best, claimed, haveBest, haveClaimed := 0, 0, false, false
	for _, e := range ev {
		switch e.Field {
		case fieldHourHistogram:
			parts := strings.Split(e.Value, ",")
			if len(parts) != 24 {
				return ""
			}
			for _, p := range parts {
				v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
				if err != nil || v < 0 {
					return ""
				}
				hist = append(hist, v)
			}
		case fieldBestOffset:
			if n, err := strconv.Atoi(strings.TrimPrefix(e.Value, "+")); err == nil && n >= -12 && n <= 14 {
				best, haveBest = n, true
			}
		case fieldClaimedOffset:
			if n, err := strconv.Atoi(strings.TrimPrefix(e.Value, "+")); err == nil && n >= -12 && n <= 14 {
				claimed, haveClaimed = n, true
			}
		}
	}
	if hist == nil {
		return ""
	}
	peak := 0.0
	for _, v := range hist {
		peak = max(peak, v)
	}
	const cw, ch, left, top = 22, 26, 118, 16
	var b strings.Builder
	height := top + ch + 16 + 2*14 + 8
	fmt.Fprintf(&b, `<svg class="heat" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="activity per UTC hour">`, left+24*cw+4, height, left+24*cw+4, height)
	fmt.Fprintf(&b, `<text x="0" y="%d" class="hl">activity (UTC)</text>`, top+ch/2+4)
	for h, v := range hist {
		op := 0.06
		if peak > 0 {
			op = 0.06 + 0.94*v/peak
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#b42318" fill-opacity="%.2f"><title>%02d:00 UTC: %g</title></rect>`,
			left+h*cw, top, cw-2, ch, op, h, v)
		if h%3 == 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="hx">%02d</text>`, left+h*cw, top-4, h)
		}
	}
	band := func(row int, off int, label, color string) {
		y := top + ch + 10 + row*14
		fmt.Fprintf(&b, `<text x="0" y="%d" class="hl">%s</text>`, y+9, template.HTMLEscapeString(label))
		start := ((9-off)%24 + 24) % 24 // 09:00 local in UTC
		for k := 0; k < 9; k++ {
			h := (start + k) % 24
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="10" fill="%s"/>`, left+h*cw, y, cw, color)
		}
	}
	row := 0
	if haveBest {
		band(row, best, fmt.Sprintf("09–18 at UTC%+d", best), "#b42318")
		row++
	}
	if haveClaimed {
		band(row, claimed, fmt.Sprintf("09–18 claimed UTC%+d", claimed), "#1d4ed8")
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and escaped labels only
}
