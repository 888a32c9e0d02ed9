package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs the command in-process and fails the test when it takes
// more than a few seconds: a FIFO opened with a blocking call waits for a
// writer for ever, and /dev/zero read whole never ends.
func runWithin(t *testing.T, s *Streams, args ...string) int {
	t.Helper()
	done := make(chan int, 1)
	go func() { done <- Run(args, s) }()
	select {
	case code := <-done:
		return code
	case <-time.After(10 * time.Second):
		t.Fatalf("scaleplan %s: still running after 10s", strings.Join(args, " "))
	}
	return 0
}

// specialFiles makes a FIFO and a link to /dev/zero named like answers files.
func specialFiles(t *testing.T) (fifo, zero string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero")
	}
	dir := t.TempDir()
	fifo = filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero = filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	return fifo, zero
}

func TestSpecialFilesAreRefusedNotWaitedOn(t *testing.T) {
	fifo, zero := specialFiles(t)
	plan := filepath.Join(t.TempDir(), "plan.yaml")
	if err := os.WriteFile(plan, []byte("version: 1\nusers: 1000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, zero} {
		for _, args := range [][]string{
			{"plan", "--answers", path},
			{"sweep", "--answers", path, "--users", "1k..10k", "--steps", "2"},
			{"diff", path, plan},
			{"diff", plan, path},
		} {
			name := strings.Join(args, " ")
			name = strings.NewReplacer(filepath.Dir(path)+string(filepath.Separator), "", filepath.Dir(plan)+string(filepath.Separator), "").Replace(name)
			t.Run(name, func(t *testing.T) {
				s, out, errb, _ := advisorStreams(t, "", false)
				if code := runWithin(t, s, args...); code != ExitUsage {
					t.Errorf("exit %d, want %d; stderr %q", code, ExitUsage, errb)
				}
				if !strings.Contains(errb.String(), "not a regular file") || out.Len() != 0 {
					t.Errorf("stdout %q, stderr %q; want only the refusal", out, errb)
				}
			})
		}
	}
}

func TestOtherReadsRefuseSpecialFiles(t *testing.T) {
	t.Run("the advisor's --answers", func(t *testing.T) {
		fifo, zero := specialFiles(t)
		for _, path := range []string{fifo, zero} {
			s, _, errb, _ := advisorStreams(t, "", false)
			if code := runWithin(t, s, "--accessible", "--answers", path); code != ExitUsage || !strings.Contains(errb.String(), "--answers "+path+": not a regular file") {
				t.Errorf("exit %d, stderr %q", code, errb)
			}
		}
	})
	t.Run("the saved answers", func(t *testing.T) {
		lines := strings.Join([]string{"Line Co", "", "40k", "", "", "", ""}, "\n") + "\n"
		s, out, errb, state := advisorStreams(t, lines, false)
		if err := os.MkdirAll(filepath.Dir(state), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/dev/zero", state); err != nil {
			t.Skip(err)
		}
		runWithin(t, s, "--accessible")
		if !strings.Contains(errb.String(), "ignoring the saved answers: "+state+": not a regular file") || !strings.Contains(out.String(), "Line Co") {
			t.Errorf("stdout %q, stderr %q", out, errb)
		}
	})
	t.Run("the interview history", func(t *testing.T) {
		s, _, errb, state := advisorStreams(t, "", false)
		history := filepath.Join(filepath.Dir(state), "history.jsonl")
		if err := os.MkdirAll(filepath.Dir(history), 0o700); err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS == "windows" || syscall.Mkfifo(history, 0o600) != nil {
			t.Skip("no FIFOs")
		}
		if code := runWithin(t, s, "interview", "--history"); code != ExitError || !strings.Contains(errb.String(), history+": not a regular file") {
			t.Errorf("exit %d, stderr %q", code, errb)
		}
	})
	t.Run("an existing decision record", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "adr")
		s, _, errb, _ := advisorStreams(t, "", false)
		if code := runWithin(t, s, "plan", "--users", "50000", "--adr", dir); code != ExitOK {
			t.Fatalf("exit %d, stderr %q", code, errb)
		}
		records, _ := filepath.Glob(filepath.Join(dir, "0001-*.md"))
		if len(records) != 1 || os.Remove(records[0]) != nil || runtime.GOOS == "windows" || syscall.Mkfifo(records[0], 0o600) != nil {
			t.Skip("no record to replace with a FIFO")
		}
		s, _, errb, _ = advisorStreams(t, "", false)
		if code := runWithin(t, s, "plan", "--users", "50000", "--adr", dir, "--force"); code != ExitError || !strings.Contains(errb.String(), records[0]+": not a regular file") {
			t.Errorf("exit %d, stderr %q", code, errb)
		}
	})
}

func TestInterviewHistoryIsReadThroughALimit(t *testing.T) {
	s, _, errb, state := advisorStreams(t, "", false)
	history := filepath.Join(filepath.Dir(state), "history.jsonl")
	if err := os.MkdirAll(filepath.Dir(history), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", history); err != nil {
		t.Skip(err)
	}
	if code := runWithin(t, s, "interview", "--history"); code != ExitError || !strings.Contains(errb.String(), "not a regular file") {
		t.Errorf("exit %d, stderr %q", code, errb)
	}
}

// zeros is endless input without a line break, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestTypedInputWithoutLineBreaksEnds: endless input without a line break
// (/dev/zero) stops the line-by-line modes, saying why.
func TestTypedInputWithoutLineBreaksEnds(t *testing.T) {
	for _, args := range [][]string{
		{"interview", "--scenario", "pastebin", "--plain"},
		{"--accessible"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			s, _, errb, _ := advisorStreams(t, "", false)
			s.In = zeros{}
			runWithin(t, s, args...)
			// Input with no line break is a line too long to be typed:
			// the run says so, rather than that the input ended.
			if !strings.Contains(errb.String(), "a line of input longer than") {
				t.Errorf("stderr does not say a line too long stopped it: %q", errb.String()[max(0, errb.Len()-300):])
			}
		})
	}
}
