package main

import (
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// TestHelpShowsAnswerDefaults checks every command that takes answer
// flags: its --help gives each answer's default (or how it is derived) and
// its plausible maximum, from the knowledge base.
func TestHelpShowsAnswerDefaults(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(&Streams{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &strings.Builder{}})
	var withAnswers []string
	for _, c := range root.Commands() {
		if c.Flags().Lookup(answers.Users.Flag()) != nil {
			withAnswers = append(withAnswers, c.Name())
		}
	}
	if len(withAnswers) < 3 {
		t.Fatalf("answer flags on %q only; expected plan, stages and sweep", withAnswers)
	}
	for _, name := range withAnswers {
		code, out, errOut := runInProcess(name, "--help")
		if code != 0 {
			t.Fatalf("%s --help: exit %d\n%s", name, code, errOut)
		}
		lines := map[string]string{}
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "--") {
				lines[strings.TrimPrefix(f[0], "--")] = l
			}
		}
		for _, f := range answers.Fields {
			line, ok := lines[f.Flag()]
			if !ok {
				t.Errorf("%s --help has no --%s", name, f.Flag())
				continue
			}
			var want []string
			if c, ok := kb.Constant(f.Default); ok {
				want = append(want, "default "+f.Display(c.Value))
			} else if f.Derived != "" {
				want = append(want, "default "+f.Derived)
			}
			if c, ok := kb.Constant(f.Max); ok {
				want = append(want, "at most "+f.Display(c.Value))
			}
			for _, w := range want {
				if !strings.Contains(line, w) {
					t.Errorf("%s --help: --%s does not say %q:\n%s", name, f.Flag(), w, line)
				}
			}
		}
	}
}
