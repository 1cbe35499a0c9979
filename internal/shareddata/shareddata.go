// Package shareddata locates the workspace's reference data (../shared/data beside the
// repository) for tests and benchmarks, with the project's rule: when CI=true a missing file
// fails the test; otherwise the test is skipped with a message naming the file.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot returns the nearest folder above the working directory that holds go.mod (the
// repository root when tests run), or "" when there is none.
func ModuleRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Dir returns the absolute path of ../shared/data relative to the module root, or "" when
// there is no module root.
func Dir() string {
	root := ModuleRoot()
	if root == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(root), "shared", "data")
}

// Path returns the path of rel inside the shared data folder. When the file is missing it
// fails the test under CI=true and skips it otherwise, naming the file either way.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		Missing(tb, p)
	}
	return p
}

// Missing reports a missing reference file: it fails the test under CI=true and skips it
// otherwise, naming the file.
func Missing(tb testing.TB, path string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("reference data %s is missing (CI=true)", path)
	}
	tb.Skipf("reference data %s is missing; skipping", path)
}
