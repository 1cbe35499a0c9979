package intake

import (
	"io"

	githubintake "github.com/bonafide-oss/bonafide/internal/intake/github"
)

// loadGitHub reads a GitHub account export (*.github.json); its accounts are attached to
// people in finish.
func (b *batch) loadGitHub(path string, r io.Reader) error {
	exports, err := githubintake.Parse(path, r)
	if err != nil {
		return err
	}
	b.github = append(b.github, exports...)
	return nil
}

// attachGitHub sets Person.GitHub from the exports read, once people are normalised (their
// GitHub profile identifiers canonical). Exports no one names become notes.
func (b *batch) attachGitHub() error {
	if len(b.github) == 0 {
		return nil
	}
	skips, err := githubintake.Attach(b.people, b.github)
	if err != nil {
		return err
	}
	for _, s := range skips {
		b.note(s.File, s.Why)
	}
	return nil
}
