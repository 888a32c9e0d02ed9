package tui

import (
	"path/filepath"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

// TestFinalSaveIsNeverOverwritten: the save made as the advisor ends wins
// over a background save queued before it and run after it, so ctrl+c
// right after typing keeps what was typed, not an answer from a keystroke
// earlier.
func TestFinalSaveIsNeverOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers.yaml")
	s := &saver{path: path}
	early := answers.Answers{Version: answers.Version}
	early.SetValue(answers.Users, 1)
	late := answers.Answers{Version: answers.Version}
	late.SetValue(answers.Users, 150e3)
	queued := s.save(early, formMemo{})
	if queued == nil {
		t.Fatal("a new answer queued no save")
	}
	if err := s.final(late, formMemo{}); err != nil {
		t.Fatal(err)
	}
	queued() // the background save, late
	got, err := LoadSaved(path)
	if err != nil {
		t.Fatal(err)
	}
	if users, _ := got.Value(answers.Users); users != 150e3 {
		t.Errorf("kept users = %g, want the final 150000", users)
	}
}
