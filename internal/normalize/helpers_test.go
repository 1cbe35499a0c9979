package normalize

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns the path of rel under the shared reference data, found by walking up to
// the directory holding go.mod and then "../shared/data".
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		missing(t, p)
	}
	return p
}

// missing fails under CI=true and skips otherwise, naming the file.
func missing(t testing.TB, path string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("reference data %s is missing", path)
	}
	t.Skipf("reference data %s is missing; skipping", path)
}
