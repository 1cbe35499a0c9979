// Package procstat reads this process's resource figures from Linux /proc, for the benchmarks'
// reported metrics (bench/README.md quotes them).
package procstat

import (
	"os"
	"strconv"
	"strings"
)

// PeakRSSMiB returns the process's high-water resident set size (VmHWM in /proc/self/status)
// in MiB, or 0 where /proc is not available.
func PeakRSSMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
