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
