//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"
)

// TestPlanOnASilentTerminal runs plan on a pseudo-terminal with nothing
// behind it: no terminal answers the background-colour query. Only
// coloured text asks, and then waits at most backgroundWait; every other
// format, NO_COLOR, TERM=dumb and -o never ask. No run hangs waiting for
// an answer: the bound below is far above a plan's time plus the wait, so
// only a wait without its timeout fails it, not a busy machine (how fast
// a plan runs is BenchmarkProcess's to measure).
func TestPlanOnASilentTerminal(t *testing.T) {
	bin := scaleplanBinary(t)
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		asks bool
	}{
		{"coloured text", nil, nil, true},
		{"text under NO_COLOR", nil, []string{"NO_COLOR=1"}, false},
		{"text on a dumb terminal", nil, []string{"TERM=dumb"}, false},
		{"markdown", []string{"--format", "md"}, nil, false},
		{"json", []string{"--format", "json"}, nil, false},
		{"yaml", []string{"--format", "yaml"}, nil, false},
		{"mermaid", []string{"--format", "mermaid"}, nil, false},
		{"a text file", []string{"-o", "plan.txt"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			master, slave := openPTY(t)
			var screen bytes.Buffer
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // drain the terminal, answering nothing
				defer wg.Done()
				_, _ = io.Copy(&screen, master)
			}()
			// The fastest of three runs; each must ask, or not, as expected.
			dir := t.TempDir()
			took := time.Hour
			for range 3 {
				cmd := exec.Command(bin, append([]string{"plan", "--users", "50k", "--force"}, tc.args...)...)
				cmd.Dir = dir
				cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
				cmd.Env = append([]string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color"}, tc.env...)
				start := time.Now()
				if err := cmd.Run(); err != nil {
					t.Fatalf("plan: %v", err)
				}
				took = min(took, time.Since(start))
			}
			slave.Close()
			master.Close()
			wg.Wait()
			t.Logf("%v", took.Round(time.Millisecond))
			if asks := strings.Count(screen.String(), ansi.RequestBackgroundColor); asks != 3 && tc.asks || asks != 0 && !tc.asks {
				t.Errorf("asked the terminal for its background %d times in 3 runs; want %v", asks, map[bool]string{true: "each time", false: "never"}[tc.asks])
			}
			if hang := backgroundWait + 10*time.Second; took >= hang {
				t.Errorf("plan took %v on a silent terminal: it waits for an answer past the %v it allows", took, backgroundWait)
			}
		})
	}
}

// openPTY opens a pseudo-terminal pair; nothing answers on the master side
// unless the test writes to it.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err == nil {
		err = unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0)
	}
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	return m, s
}

// TestDarkBackgroundReadsTheAnswer answers the query as a terminal with a
// light background does: the answer is read, at once.
func TestDarkBackgroundReadsTheAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, reply string
		dark        bool
	}{
		{"light, BEL", "\x1b]11;rgb:ffff/ffff/ffff\a\x1b[?62;22c", false},
		{"dark, ST", "\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\\x1b[?62;22c", true},
		{"no colour, only attributes", "\x1b[?1;2c", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			master, slave := openPTY(t)
			defer master.Close()
			defer slave.Close()
			go func() { // the terminal: wait for the query, then answer
				buf := make([]byte, 64)
				var seen []byte
				for !bytes.Contains(seen, []byte(ansi.RequestPrimaryDeviceAttributes)) {
					n, err := master.Read(buf)
					if err != nil {
						return
					}
					seen = append(seen, buf[:n]...)
				}
				_, _ = io.WriteString(master, tc.reply)
			}()
			s := &Streams{In: slave, Out: slave}
			start := time.Now()
			if got := s.DarkBackground(); got != tc.dark {
				t.Errorf("dark = %v, want %v", got, tc.dark)
			}
			if took := time.Since(start); took >= backgroundWait {
				t.Errorf("took %v: the answer was not read as it came", took)
			}
		})
	}
}
