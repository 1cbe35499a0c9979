package sigma

import (
	"embed"
	"io/fs"
)

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

// BuiltinFS returns bonafide's own rules as Sigma YAML files (rules/*.yml), for publishing
// them to SIEMs (`bonafide rules --export DIR`).
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtinFS, "rules")
	if err != nil {
		panic(err) // the embedded directory exists at build time
	}
	return sub
}
