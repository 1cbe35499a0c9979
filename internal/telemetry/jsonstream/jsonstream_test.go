package jsonstream

import (
	"cmp"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestShapes: the same two records read from JSON lines, an array, a pretty-printed array, and
// the Graph, Reports API and diagnostic-settings envelopes, with their lines and paths.
func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"lines", "{\"id\":1}\n\n{\"id\":2}\n", []string{`1 "" {"id":1}`, `3 "" {"id":2}`}},
		{"array", `[{"id":1},{"id":2}]`, []string{`1 [0] {"id":1}`, `1 [1] {"id":2}`}},
		{"pretty array", "[\n  {\"id\": 1},\n  {\"id\": 2}\n]\n", []string{`2 [0] {"id": 1}`, `3 [1] {"id": 2}`}},
		{"graph envelope", `{"@odata.context":"x","value":[{"id":1},{"id":2}],"@odata.nextLink":"y"}`, []string{`1 value[0] {"id":1}`, `1 value[1] {"id":2}`}},
		{"reports envelope", `{"kind":"admin#reports#activities","items":[{"id":1},{"id":2}]}`, []string{`1 items[0] {"id":1}`, `1 items[1] {"id":2}`}},
		{"diagnostic records", `{"records":[{"id":1},{"id":2}]}`, []string{`1 records[0] {"id":1}`, `1 records[1] {"id":2}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := Stream(strings.NewReader(tc.in), "x.json", func(rec []byte, line int, path string) error {
				got = append(got, fmt.Sprintf("%d %s %s", line, cmp.Or(path, `""`), rec))
				return nil
			})
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestFlattener(t *testing.T) {
	var f Flattener
	var got []string
	err := f.Walk([]byte(`{"a":{"b":[1,{"c":"x"}],"n":null,"e":{}},"t":true}`), "p", func(path []byte, v Value) error {
		got = append(got, string(path)+"="+v.String())
		return nil
	})
	if want := []string{"p.a.b.0=1", "p.a.b.1.c=x", "p.t=true"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
