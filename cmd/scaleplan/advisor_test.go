package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/answers"
)

// typist types one key at a time, a few milliseconds apart, as a person
// does: a whole string read at once would reach the form before the field
// an enter moves to has the focus, which no keyboard can do.
type typist struct{ rest string }

func (t *typist) Read(p []byte) (int, error) {
	if t.rest == "" {
		return 0, io.EOF
	}
	time.Sleep(5 * time.Millisecond)
	if len(p) == 0 {
		return 0, nil
	}
	p[0], t.rest = t.rest[0], t.rest[1:]
	return 1, nil
}

// advisorStreams are streams for `scaleplan` with no command: in is what
// the person types, tty says whether standard input and error are a terminal.
func advisorStreams(t *testing.T, in string, tty bool, env ...string) (*Streams, *bytes.Buffer, *bytes.Buffer, string) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	s := &Streams{In: &typist{rest: in}, Out: &out, Err: &errb, InTTY: tty, ErrTTY: tty,
		Env: append([]string{"HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state"), "TERM=xterm-256color"}, env...)}
	return s, &out, &errb, filepath.Join(dir, "state", "scaleplan", "answers.yaml")
}

func TestAdvisorNotOnATerminalPrintsHelp(t *testing.T) {
	for _, env := range [][]string{nil, {"ACCESSIBLE=1"}} {
		s, out, errb, _ := advisorStreams(t, "", false, env...)
		if code := Run(nil, s); code != ExitUsage {
			t.Errorf("env %v: exit %d, want %d", env, code, ExitUsage)
		}
		if out.Len() != 0 || !strings.Contains(errb.String(), "Usage:") || !strings.Contains(errb.String(), "--accessible") {
			t.Errorf("env %v: want the help on stderr only; stdout %q, stderr %q", env, out, errb)
		}
	}
}

func TestAdvisorCtrlCKeepsAnswersAndExits130(t *testing.T) {
	// Typed into the full-screen advisor: a name, enter, no preset, then
	// monthly users and ctrl+c (0x03) before pressing enter.
	s, out, errb, state := advisorStreams(t, "Glue Co\r\r150k\x03", true)
	if code := Run(nil, s); code != ExitAborted {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitAborted, errb)
	}
	if out.Len() != 0 {
		t.Errorf("an interrupted advisor wrote to stdout: %q", out)
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatalf("answers not kept: %v", err)
	}
	a, err := answers.Parse(state, data)
	if users, ok := a.Value(answers.Users); err != nil || a.Name != "Glue Co" || !ok || users != 150e3 {
		t.Errorf("kept %q, %v", data, err)
	}
	if !strings.Contains(errb.String(), "your answers are kept in "+state) {
		t.Errorf("stderr does not say where the answers are: %q", errb)
	}
}

func TestAdvisorAccessibleReadsPipedLines(t *testing.T) {
	lines := strings.Join([]string{"Line Co", "", "40k", "", "", "", ""}, "\n") + "\n"
	s, out, errb, state := advisorStreams(t, lines, false)
	if code := Run([]string{"--accessible"}, s); code != ExitOK {
		t.Fatalf("exit %d; stderr %s", code, errb)
	}
	if !strings.Contains(out.String(), "Line Co — stage") || strings.Contains(out.String(), "\x1b") {
		t.Errorf("stdout is not the plain plan: %q", out)
	}
	if !strings.Contains(errb.String(), "Monthly active users") {
		t.Errorf("the prompts are not on stderr: %q", errb)
	}
	if _, err := os.Stat(state); err != nil {
		t.Errorf("answers not kept: %v", err)
	}
}

func TestAdvisorAnswersFileIsChecked(t *testing.T) {
	s, _, errb, _ := advisorStreams(t, "", true)
	if code := Run([]string{"--answers", filepath.Join(t.TempDir(), "missing.yaml")}, s); code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errb.String(), "--answers") {
		t.Errorf("stderr %q", errb)
	}
}

// TestAdvisorAccessibleSaysALongLineStoppedIt: a line past the typed-input
// limit stops the line-by-line advisor with that reason, not "the input
// ended", and the answers before it are kept.
func TestAdvisorAccessibleSaysALongLineStoppedIt(t *testing.T) {
	lines := "Long Co\n" + strings.Repeat("A", 100_000) + "\n9\n50k\n"
	s, _, errb, state := advisorStreams(t, lines, false)
	Run([]string{"--accessible"}, s)
	if !strings.Contains(errb.String(), "Stopped: a line of input longer than") || strings.Contains(errb.String(), "The input ended") {
		t.Errorf("stderr does not say a long line stopped it: %q", errb.String())
	}
	if data, err := os.ReadFile(state); err != nil || !strings.Contains(string(data), "Long Co") {
		t.Errorf("the name before the long line is not kept: %q, %v", data, err)
	}
}
