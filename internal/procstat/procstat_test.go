package procstat

import (
	"runtime"
	"testing"
)

func TestPeakRSSMiB(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	if got := PeakRSSMiB(); got < 64 {
		t.Fatalf("peak RSS %.1f MiB after touching 64 MiB", got)
	}
	runtime.KeepAlive(buf)
}
