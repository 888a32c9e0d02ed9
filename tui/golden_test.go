package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/scaleplan/scaleplan/answers"
)

// goldenAnswers are the answers the golden results are drawn for.
func goldenAnswers(t testing.TB) answers.Answers {
	return mustAnswers(t, "name", "Acme Photos", "users", "2M", "read_ratio", "20", "regions", "2",
		"availability", "99.95", "budget", "15000", "team", "8", "traits", "media,search")
}

// TestGoldenViews draws every screen and every dialog at 60x16 (the
// smallest the advisor draws in), 80x24 and 120x40 and compares them, as
// plain text, with testdata/TestGoldenViews. Run with -update after a
// deliberate change and read the diff as you would code.
//
// Files are written under a home directory made for the test, shown as
// ~/work, so the dialogs read the same on every machine.
func TestGoldenViews(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	work := filepath.Join(home, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "acme.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	screens := []struct {
		name  string
		setup func(t *testing.T, opts *Options) // before the model starts
		keys  func(d *driver)                   // after
	}{
		{name: "product"},
		{name: "traffic-error", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("enter")
			d.answer("2MM")
		}},
		{name: "traffic-needed", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("enter")
			for range 4 {
				d.answer("")
			}
			d.keys("enter")
		}},
		{name: "traffic-maximum", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("enter")
			d.answer("5e90")
		}},
		{name: "traffic-conflict", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("enter")
			d.answer("1000")
			d.answer("5000")
			d.keys("shift+tab", "enter") // back to monthly users and on: the conflict shows as daily users get the focus
		}},
		{name: "data-preset", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("down", "down", "enter") // social
			d.answer("2M")
			d.goTo("read_ratio", true)
		}},
		{name: "traits", keys: func(d *driver) {
			d.answer("Acme")
			d.keys("enter")
			d.answer("2M")
			d.keys("ctrl+r", "b")
			d.goTo("traits", true)
		}},
		{name: "resume", setup: func(t *testing.T, o *Options) {
			a := goldenAnswers(t)
			o.Saved = &a
			o.StatePath = filepath.Join(home, ".local", "state", "scaleplan", "answers.yaml")
		}},
		{name: "summary", setup: preload},
		{name: "summary-end", setup: preload, keys: func(d *driver) { d.keys("G") }},
		{name: "components", setup: preload, keys: func(d *driver) { d.keys("2") }},
		{name: "diagram", setup: preload, keys: func(d *driver) { d.keys("3") }},
		{name: "costs", setup: preload, keys: func(d *driver) { d.keys("4") }},
		{name: "tradeoffs", setup: preload, keys: func(d *driver) { d.keys("5") }},
		{name: "next", setup: preload, keys: func(d *driver) { d.keys("6") }},
		{name: "growth", setup: preloadGrowth, keys: func(d *driver) { d.keys("7") }},
		{name: "growth-none", setup: preload, keys: func(d *driver) { d.keys("7") }},
		{name: "help", setup: preload, keys: func(d *driver) { d.keys("?") }},
		{name: "whatif", setup: preload, keys: func(d *driver) { d.keys("w") }},
		{name: "whatif-help", setup: preload, keys: func(d *driver) { d.keys("w", "?") }},
		{name: "whatif-kept", setup: preload, keys: func(d *driver) { d.keys("w", "enter") }},
		{name: "whatif-error", setup: preloadWorld, keys: func(d *driver) { d.keys("w") }},
		{name: "export", setup: preload, keys: func(d *driver) { d.keys("e") }},
		{name: "export-file", setup: preload, keys: func(d *driver) { d.keys("e", "down", "down", "enter") }},
		{name: "export-failed", setup: preload, keys: func(d *driver) {
			d.keys("e", "down", "down", "enter")
			d.answer("missing/acme.json")
		}},
		{name: "export-replace", setup: preload, keys: func(d *driver) {
			d.keys("e", "down", "down", "enter")
			d.answer("acme.json")
		}},
		{name: "export-written", setup: preload, keys: func(d *driver) {
			d.keys("e", "down", "down", "enter")
			d.answer("acme.json")
			d.keys("left", "enter")
		}},
		{name: "save", setup: preload, keys: func(d *driver) { d.keys("s") }},
		{name: "too-small", setup: preload, keys: func(d *driver) { d.send(tea.WindowSizeMsg{Width: 59, Height: 15}) }},
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				if err := os.WriteFile(filepath.Join(work, "acme.json"), []byte("{}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				opts := testOptions(t)
				opts.Dir = work
				if sc.setup != nil {
					sc.setup(t, &opts)
				}
				d := newDriver(t, opts, size[0], size[1])
				if sc.keys != nil {
					sc.keys(d)
				}
				golden.RequireEqual(t, d.view()+"\n")
			})
		}
	}
}

func preload(t *testing.T, o *Options) {
	a := goldenAnswers(t)
	o.Answers = &a
}

// preloadGrowth is preload with 12% monthly growth, for the Growth tab.
func preloadGrowth(t *testing.T, o *Options) {
	a := goldenAnswers(t)
	if err := a.Set(answers.Growth, "12%"); err != nil {
		t.Fatal(err)
	}
	o.Answers = &a
}

// preloadWorld is answers at the world's scale, which doubling takes past
// the maximum: the what-if that cannot be worked out.
func preloadWorld(t *testing.T, o *Options) {
	a := mustAnswers(t, "name", "Everyone", "users", "8e9", "dau", "5e9")
	o.Answers = &a
}
