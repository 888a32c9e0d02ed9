package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"

	tea "charm.land/bubbletea/v2"
	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// StatePath is where the advisor keeps the last answers:
// $XDG_STATE_HOME/scaleplan/answers.yaml, or ~/.local/state/scaleplan/answers.yaml.
// getenv reads the environment the program was given.
func StatePath(getenv func(string) string) (string, error) {
	if dir := getenv("XDG_STATE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "scaleplan", "answers.yaml"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no place to keep answers: %w", err)
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "scaleplan", "answers.yaml"), nil
}

// LoadSaved reads the answers saved last time. It returns nil and no error
// when there are none, or when the file holds nothing but a version.
func LoadSaved(path string) (*answers.Answers, error) {
	if path == "" {
		return nil, nil
	}
	data, err := readfile.Read(path, answers.MaxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		return nil, err
	}
	if reflect.DeepEqual(a, answers.Answers{Version: answers.Version}) {
		return nil, nil
	}
	return &a, nil
}

// SaveAnswers writes a to path atomically, making its directory if needed.
// The file is private: answers can name an unreleased product.
func SaveAnswers(path string, a answers.Answers) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	a.Version = answers.Version
	return atomicfile.Write(path, answers.Marshal(a), 0o600, true)
}

// saver keeps the state file current as the person answers. Saves run as
// commands, off the update loop; a save older than one already written is
// dropped, so the file never goes back in time.
type saver struct {
	path string

	mu      sync.Mutex
	queued  uint64
	written uint64
	last    string // the last answers queued, marshalled
}

// savedMsg reports a background save; only failures are shown.
type savedMsg struct{ err error }

// save returns a command writing a and the form's memo beside it, or nil
// when they are what was last queued.
func (s *saver) save(a answers.Answers, memo formMemo) tea.Cmd {
	if s == nil || s.path == "" {
		return nil
	}
	m, _ := yaml.Marshal(memo)
	data := string(answers.Marshal(a)) + "\n" + string(m)
	s.mu.Lock()
	if data == s.last {
		s.mu.Unlock()
		return nil
	}
	s.last = data
	s.queued++
	seq := s.queued
	s.mu.Unlock()
	a = a.Clone()
	return func() tea.Msg {
		s.mu.Lock()
		defer s.mu.Unlock()
		if seq <= s.written {
			return nil
		}
		s.written = seq
		err := SaveAnswers(s.path, a)
		if err == nil {
			err = saveMemo(s.path, memo)
		}
		return savedMsg{err: err}
	}
}

// final writes a and memo now, as the last save: a background save still
// queued would be older, so none writes after it.
func (s *saver) final(a answers.Answers, memo formMemo) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued++
	s.written = s.queued
	if err := SaveAnswers(s.path, a); err != nil {
		return err
	}
	return saveMemo(s.path, memo)
}
