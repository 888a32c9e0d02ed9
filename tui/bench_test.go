package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkKeystrokeAsk is one key typed into a questionnaire field at
// 120x40: the update (which re-advises for the live line) and the frame
// drawn after it. Target: at most 2 ms.
func BenchmarkKeystrokeAsk(b *testing.B) {
	d := newDriver(b, testOptions(b), 120, 40)
	d.answer("Bench")
	d.keys("enter")
	d.typeText("2M")
	keys := []tea.Msg{keyMsg("5"), keyMsg("backspace")}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.m.Update(keys[i%2])
		_ = d.m.View()
	}
}

// BenchmarkKeystrokeResults is one tab switch on the results at 120x40,
// update and frame.
func BenchmarkKeystrokeResults(b *testing.B) {
	a := mustAnswers(b, "name", "Bench", "users", "2M", "traits", "search,media,jobs", "budget", "15k")
	opts := testOptions(b)
	opts.Answers = &a
	d := newDriver(b, opts, 120, 40)
	tabKey := keyMsg("tab")
	b.ResetTimer()
	for b.Loop() {
		d.m.Update(tabKey)
		_ = d.m.View()
	}
}

// BenchmarkScrollResults is one line scrolled on the diagram at 120x40.
func BenchmarkScrollResults(b *testing.B) {
	a := mustAnswers(b, "users", "2M", "traits", "search,media,jobs")
	opts := testOptions(b)
	opts.Answers = &a
	d := newDriver(b, opts, 120, 40)
	d.keys("3")
	keys := []tea.Msg{keyMsg("down"), keyMsg("up")}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.m.Update(keys[i%2])
		_ = d.m.View()
	}
}

// BenchmarkFirstFrame is starting the advisor and drawing its first frame.
func BenchmarkFirstFrame(b *testing.B) {
	opts := testOptions(b)
	opts.Width, opts.Height = 120, 40
	for b.Loop() {
		m := New(opts)
		_ = m.View()
	}
}
