// Package shareddata locates the workspace's reference data (../shared/data beside the
// repository) for tests and benchmarks, with the project's rule: when CI=true a missing file
// fails the test; otherwise the test is skipped with a message naming the file.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of ../shared/data relative to the module root (the nearest
// folder above the working directory holding go.mod), or "" when there is no module root.
func Dir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data")
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Path returns the path of rel inside the shared data folder. When the file is missing it
// fails the test under CI=true and skips it otherwise, naming the file either way.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("reference data %s is missing (CI=true): %v", p, err)
		}
		tb.Skipf("reference data %s is missing; skipping", p)
	}
	return p
}
