package synth

import (
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// FuzzStream: any small workforce, period, seed and start date gives events that the
// project's parsers accept (Stream parses every line it generates), in time order, inside the
// requested window.
func FuzzStream(f *testing.F) {
	f.Add(uint8(20), uint8(7), int64(7), int64(0))
	f.Add(uint8(1), uint8(1), int64(-1), int64(-20000))
	f.Add(uint8(120), uint8(3), int64(99), int64(9000))
	f.Fuzz(func(t *testing.T, emps, days uint8, seed, startDays int64) {
		opt := Options{Employees: int(emps%150) + 1, Days: int(days%10) + 1, Seed: seed,
			Start: time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC).AddDate(0, 0, int(startDays%40000))}
		from := opt.Start.Truncate(24 * time.Hour)
		to := from.AddDate(0, 0, opt.Days)
		var prev time.Time
		n := 0
		err := Stream(opt, func(e *bonafide.Event) error {
			n++
			if e.Timestamp.Before(prev) || e.Timestamp.Before(from) || !e.Timestamp.Before(to) {
				t.Fatalf("event %d at %v: out of order or outside [%v, %v)", n, e.Timestamp, from, to)
			}
			prev = e.Timestamp
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
