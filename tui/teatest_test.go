package tui

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/scaleplan/scaleplan/answers"
)

// These run the advisor as a whole program (teatest's in-memory terminal,
// real command scheduling), typing as a person would.

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func TestTeatestQuestionnaireToPlanAndQuit(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "Product name")
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	tm.Type("Teatest Shop")
	tm.Send(enter)
	tm.Send(enter) // no preset
	tm.Type("300k")
	tm.Send(enter)
	for range 3 {
		tm.Send(enter)
	}
	tm.Send(enter) // pattern: don't know
	tm.Send(enter) // concurrent users: derived
	waitFor(t, tm, "Reads per write")
	tm.Send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	waitFor(t, tm, "Trade-offs")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	want := mustAnswers(t, "name", "Teatest Shop", "users", "300k")
	if got := fm.Answers(); !reflect.DeepEqual(got, want) {
		t.Errorf("answers\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(want))
	}
	if fm.Aborted() || fm.Plan() == nil || !reflect.DeepEqual(fm.Plan(), advise(t, want)) {
		t.Error("the program did not end on the advisor's plan")
	}
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil || !saved.Equal(&want) {
		t.Errorf("answers saved as they were given: %v, %v", saved, err)
	}
}

func TestTeatestCtrlCKeepsAnswers(t *testing.T) {
	tm := teatest.NewTestModel(t, New(testOptions(t)), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "Product name")
	tm.Type("Half Done")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Type("42k")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if !fm.Aborted() {
		t.Fatal("ctrl+c did not abort")
	}
	want := mustAnswers(t, "name", "Half Done", "users", "42k")
	if got := fm.Answers(); !reflect.DeepEqual(got, want) {
		t.Errorf("kept\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(want))
	}
}

func TestTeatestResizeAndTooSmall(t *testing.T) {
	a := mustAnswers(t, "users", "1M")
	opts := testOptions(t)
	opts.Answers = &a
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "Summary")
	tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	waitFor(t, tm, "needs at least")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm.Send(tea.KeyPressMsg{Code: '3', Text: "3"})
	waitFor(t, tm, "MAU")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if fm.width != 80 || fm.height != 24 || fm.res.tab != tabDiagram {
		t.Errorf("ended at %dx%d on tab %d", fm.width, fm.height, fm.res.tab)
	}
}
