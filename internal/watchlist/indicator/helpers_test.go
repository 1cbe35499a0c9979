package indicator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

var created = time.Date(2024, 12, 1, 10, 30, 0, 0, time.UTC)

// examplePath returns the path of a file in the repository's examples/indicators.
func examplePath(t *testing.T, name string) string {
	t.Helper()
	root := shareddata.ModuleRoot()
	if root == "" {
		t.Fatal("no module root")
	}
	return filepath.Join(root, "examples", "indicators", name)
}

func readExample(t *testing.T, name string) *List {
	t.Helper()
	f, err := os.Open(examplePath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read := ReadCSV
	if strings.HasSuffix(name, ".json") {
		read = ReadSTIX
	}
	l, err := read(f, name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
