// Package reporttest holds the hand-built report every report format's tests share.
package reporttest

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/report"
)

//go:embed six.json
var six []byte

// Six returns a fresh copy of the six-person report: two clusters (p1–p4 through a shared
// phone, IBAN and referee; p5–p6 through a shipping address), with untrusted text (markup in a
// name and an evidence note) for escaping tests.
func Six(tb testing.TB) *report.Report {
	tb.Helper()
	var r report.Report
	if err := json.Unmarshal(six, &r); err != nil {
		tb.Fatal(err)
	}
	return &r
}
