package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// terminal is the built program running in a real terminal: a private tmux
// server (no user configuration) at 100x30, with its own HOME and state
// directory, so the real-terminal tests read the screen a person would see.
type terminal struct {
	t                     *testing.T
	tmux, socket, session string
	dir, work, state      string
	exitFile              string
}

// startTerminal builds the program and runs it with args in tmux. In CI
// (CI=true; .ci/run installs tmux) a missing tmux fails the test; elsewhere
// it skips.
func startTerminal(t *testing.T, session string, args ...string) *terminal {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed; CI must run the real-terminal test (.ci/run installs tmux)")
		}
		t.Skip("tmux is not installed; install it to run the real-terminal test")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to build the program: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "scaleplan")
	build := exec.Command(goBin, "build", "-o", bin, "github.com/scaleplan/scaleplan/cmd/scaleplan")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	term := &terminal{t: t, tmux: tmux, session: session, dir: dir,
		work: filepath.Join(dir, "work"), state: filepath.Join(dir, "state"), exitFile: filepath.Join(dir, "exit"),
		socket: "scaleplan-test-" + session + "-" + strconv.Itoa(os.Getpid())}
	if err := os.MkdirAll(term.work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = term.tm("kill-server") })
	command := shellQuote(bin)
	for _, a := range args {
		command += " " + shellQuote(a)
	}
	script := fmt.Sprintf("cd %s && env HOME=%s XDG_STATE_HOME=%s %s; echo $? > %s",
		shellQuote(term.work), shellQuote(dir), shellQuote(term.state), command, shellQuote(term.exitFile))
	if out, err := term.tm("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "sh", "-c", script); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	return term
}

func (term *terminal) tm(args ...string) (string, error) {
	out, err := exec.Command(term.tmux, append([]string{"-L", term.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	return string(out), err
}

func (term *terminal) screen() string {
	out, _ := term.tm("capture-pane", "-p", "-t", term.session)
	return out
}

// waitScreen polls until the screen shows every text: a real terminal
// takes real time.
func (term *terminal) waitScreen(texts ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := term.screen()
		ok := true
		for _, text := range texts {
			ok = ok && strings.Contains(s, text)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (term *terminal) send(keys ...string) {
	term.t.Helper()
	if out, err := term.tm(append([]string{"send-keys", "-t", term.session}, keys...)...); err != nil {
		term.t.Fatalf("send-keys %v: %v\n%s", keys, err, out)
	}
}

// waitExit waits for the program to end and checks it exited 0.
func (term *terminal) waitExit() {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, err := os.ReadFile(term.exitFile)
		if err == nil && strings.TrimSpace(string(b)) != "" {
			if code := strings.TrimSpace(string(b)); code != "0" {
				term.t.Errorf("the program exited with %s", code)
			}
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the program did not exit:\n%s", term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
