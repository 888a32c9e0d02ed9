package tui

import (
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// memoVersion is the form.yaml format this build writes.
const memoVersion = 1

// formMemo is what the questionnaire remembers beside the answers: what an
// answers file does not say. The answers say what the plan needs; the memo
// says how the person gave them, so going back (b) or resuming shows the
// form as they left it. It is kept next to the saved answers, in form.yaml,
// and read back only where it agrees with them: the answers file stays the
// one source of what was answered.
type formMemo struct {
	Version int `yaml:"version"`
	// Kind is the product kind picked on the Product page. Its preset's
	// values are in the answers already; knowing it, a later pick replaces
	// them rather than mixing two kinds.
	Kind string `yaml:"kind,omitempty"`
	// Pattern is "steady" or "spiky" as chosen; "" for don't know (spiky
	// is also a trait in the answers, steady is not).
	Pattern string `yaml:"pattern,omitempty"`
	// Typed holds text the answers keep only as a number: daily users
	// given as a share of monthly users ("20%").
	Typed map[string]string `yaml:"typed,omitempty"`
	// Focus is the key of the field the person was on.
	Focus string `yaml:"focus,omitempty"`
}

// memoPath is where the memo for the answers at statePath is kept.
func memoPath(statePath string) string {
	return filepath.Join(filepath.Dir(statePath), "form.yaml")
}

// loadMemo reads the memo kept beside the answers at statePath. A missing
// or unreadable memo is an empty one: it only ever adds to the answers.
func loadMemo(statePath string) formMemo {
	if statePath == "" {
		return formMemo{}
	}
	data, err := os.ReadFile(memoPath(statePath))
	if err != nil {
		return formMemo{}
	}
	var m formMemo
	if yaml.Unmarshal(data, &m) != nil || m.Version != memoVersion {
		return formMemo{}
	}
	return m
}

// saveMemo writes the memo beside the answers at statePath, privately, as
// the answers are.
func saveMemo(statePath string, m formMemo) error {
	if statePath == "" {
		return nil
	}
	m.Version = memoVersion
	data, err := yaml.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(statePath), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(memoPath(statePath), data, 0o600, true)
}
