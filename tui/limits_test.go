package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// TestFieldMaximumIsRefused types values past the knowledge base's
// plausible maximum: the field refuses them in the words the command line
// uses (the advisor's), the value never becomes an answer, and nothing of
// it reaches the saved answers.
func TestFieldMaximumIsRefused(t *testing.T) {
	kb := testKB(t)
	for _, tt := range []struct {
		key, in string
		nav     []string // answers before the field, after the kind
	}{
		{"users", "5e90", nil},
		{"dau", "9e9", []string{"2M"}},
		{"requests_per_user", "1e300", []string{"2M", ""}},
	} {
		t.Run(tt.key, func(t *testing.T) {
			opts := testOptions(t)
			opts.StatePath = filepath.Join(t.TempDir(), "state", "answers.yaml")
			d := newDriver(t, opts, 80, 24)
			d.answer("Acme")
			d.keys("enter")
			for _, a := range tt.nav {
				d.answer(a)
			}
			if d.focused() != tt.key {
				t.Fatalf("on %q, want %q", d.focused(), tt.key)
			}
			d.answer(tt.in)
			if d.focused() != tt.key {
				t.Fatalf("%s %s, past its maximum, was accepted:\n%s", tt.key, tt.in, d.view())
			}
			f, _ := answers.Lookup(tt.key)
			var a answers.Answers
			if err := a.Set(f, tt.in); err != nil {
				t.Fatal(err)
			}
			cliErr, ok := answers.AsError(advisor.New(kb).Check(a))
			if !ok || !strings.HasPrefix(cliErr.Msg, "the maximum is ") {
				t.Fatalf("the advisor does not refuse %s %s for its maximum: %v", tt.key, tt.in, cliErr)
			}
			d.mustContain(fmt.Sprintf("✗ %q: %s", tt.in, cliErr.Msg))
			got := d.m.Answers()
			if v, ok := got.Value(f); ok {
				t.Errorf("%s past its maximum became an answer: %s", tt.key, human.Count(v))
			}
			d.keys("shift+tab") // the focus moves: the answers so far are saved
			saved, err := LoadSaved(opts.StatePath)
			if err != nil || saved == nil {
				t.Fatalf("nothing saved: %v", err)
			}
			if saved.Has(f) {
				t.Errorf("the saved answers hold %s past its maximum:\n%s", tt.key, answers.Marshal(*saved))
			}
		})
	}
}

// TestWhatIfErrorWraps opens what-if on answers that doubling would take
// past the maximum: the reason is shown whole, wrapped to the width, at
// every size.
func TestWhatIfErrorWraps(t *testing.T) {
	a := mustAnswers(t, "name", "Everyone", "users", "8e9", "dau", "5e9")
	_, want := advisor.New(testKB(t)).Advise(answers.ScaleTraffic(a, 2))
	if want == nil {
		t.Fatal("doubling every traffic figure is plannable: the test checks nothing")
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		opts := testOptions(t)
		opts.Answers = &a
		d := newDriver(t, opts, size[0], size[1])
		d.keys("w")
		d.mustContain("Cannot work this one out: " + want.Error())
		for _, l := range strings.Split(d.view(), "\n") {
			if strings.Contains(l, "…") && !strings.Contains(l, "•") { // the keys' line may be cut
				t.Errorf("%dx%d: the reason is cut:\n%s", size[0], size[1], d.view())
			}
		}
	}
}
