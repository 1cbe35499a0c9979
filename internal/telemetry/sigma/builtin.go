package sigma

import "embed"

//go:embed rules/*.yml
var builtinFS embed.FS

// BuiltinRules parses bonafide's own event detections (the embedded rules/ directory).
func BuiltinRules() ([]*Rule, error) { return ParseFS(builtinFS, "rules") }

// Builtin compiles bonafide's own event detections into an Engine.
func Builtin() (*Engine, error) {
	rules, err := BuiltinRules()
	if err != nil {
		return nil, err
	}
	return Compile(rules...)
}
