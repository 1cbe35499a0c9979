package htmlreport

import (
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestHourHeatmap(t *testing.T) {
	ev := []bonafide.Evidence{
		{Field: fieldHourHistogram, Value: "13,15,17,13,18,18,19,12,15,17,2,0,0,0,0,0,0,0,0,0,0,0,0,0"},
		{Field: fieldBestOffset, Value: "+8"},
		{Field: fieldClaimedOffset, Value: "-5"},
	}
	svg := string(hourHeatmap(ev))
	if !strings.HasPrefix(svg, `<svg class="heat"`) {
		t.Fatalf("no svg: %.80q", svg)
	}
	// 24 hour cells + 9 cells for each working-day band.
	if n := strings.Count(svg, "<rect"); n != 24+9+9 {
		t.Errorf("%d rects, want 42", n)
	}
	for _, want := range []string{"06:00 UTC: 19", "09–18 at UTC+8", "09–18 claimed UTC-5", `fill-opacity="1.00"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	// 09:00 at UTC+8 is 01:00 UTC: the best band starts at the second cell (x = 118 + 22).
	if !strings.Contains(svg, `<rect x="140" y="52" width="22" height="10" fill="#b42318"/>`) {
		t.Errorf("best band not at 01 UTC:\n%s", svg)
	}
	for _, bad := range [][]bonafide.Evidence{
		nil,
		{{Field: fieldHourHistogram, Value: "1,2,3"}},
		{{Field: fieldHourHistogram, Value: strings.Repeat("x,", 23) + "x"}},
	} {
		if got := hourHeatmap(bad); got != "" {
			t.Errorf("heatmap drawn from %v", bad)
		}
	}
}
