package indicator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaBase = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"

// dirLoader serves the OASIS schemas' $id URLs from the shared data folder.
type dirLoader string

func (d dirLoader) Load(url string) (any, error) {
	rel, ok := strings.CutPrefix(url, schemaBase)
	if !ok {
		return nil, os.ErrNotExist
	}
	f, err := os.Open(filepath.Join(string(d), filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// bundleSchema compiles the STIX 2.1 bundle schema from /work/shared/data/stix/schemas.
func bundleSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := filepath.Dir(filepath.Dir(shareddata.Path(t, "stix/schemas/common/bundle.json")))
	c := jsonschema.NewCompiler()
	c.UseLoader(dirLoader(dir))
	s, err := c.Compile(schemaBase + "common/bundle.json")
	if err != nil {
		t.Fatalf("compile STIX schema: %v", err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not validate against the STIX 2.1 schema: %v", name, err)
	}
}

func TestSchemaSelfCheck(t *testing.T) {
	// The schema must reject what STIX forbids, or the validation tests below prove nothing.
	s := bundleSchema(t)
	bad := `{"type":"bundle","id":"bundle--65af5869-3077-4efc-ad96-ca536276c0ad","objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--52dca42c-0b05-45f2-90d4-54f58e761a2e","created":"2024-06-01T09:00:00.000Z","modified":"2024-06-01T09:00:00.000Z","pattern_type":"stix","valid_from":"2024-03-02T00:00:00Z"}]}`
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err := s.Validate(inst); err == nil {
		t.Fatal("indicator without pattern validated")
	}
	ok := shareddata.Path(t, "stix/examples/indicator-for-c2-ip-address.json")
	data, err := os.ReadFile(ok)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, s, ok, data)
}

func TestExampleBundleValidates(t *testing.T) {
	s := bundleSchema(t)
	data, err := os.ReadFile(examplePath(t, "dprk-it-workers.stix.json"))
	if err != nil {
		t.Fatal(err)
	}
	validate(t, s, "examples/indicators/dprk-it-workers.stix.json", data)
}

func TestWrittenBundleValidates(t *testing.T) {
	s := bundleSchema(t)
	for _, name := range []string{"dprk-it-workers.csv", "dprk-it-workers.stix.json"} {
		l := readExample(t, name)
		var buf bytes.Buffer
		if err := WriteSTIX(&buf, l, WriteOptions{Created: created}); err != nil {
			t.Fatal(err)
		}
		validate(t, s, "WriteSTIX("+name+")", buf.Bytes())
	}
}
