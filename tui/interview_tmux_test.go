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

	"github.com/scaleplan/scaleplan/interview"
)

// TestInterviewRealTerminal runs `scaleplan interview --timer 30m` in a
// real terminal, tmux at 100x30: it picks the pastebin scenario from the
// list, types the reference answer to every step, reads each verdict and
// the report, quits, and checks the exit status and the attempt kept in
// the history. In CI (CI=true; .ci/run installs tmux) a missing tmux fails
// the test; elsewhere it skips.
func TestInterviewRealTerminal(t *testing.T) {
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
	state := filepath.Join(dir, "state")
	exitFile := filepath.Join(dir, "exit")

	socket := "scaleplan-interview-test-" + strconv.Itoa(os.Getpid())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = tm("kill-server") })
	script := fmt.Sprintf("cd %s && env HOME=%s XDG_STATE_HOME=%s %s interview --timer 30m; echo $? > %s",
		shellQuote(dir), shellQuote(dir), shellQuote(state), shellQuote(bin), shellQuote(exitFile))
	if out, err := tm("new-session", "-d", "-s", "iv", "-x", "100", "-y", "30", "sh", "-c", script); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	screen := func() string {
		out, _ := tm("capture-pane", "-p", "-t", "iv")
		return out
	}
	waitScreen := func(texts ...string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := screen()
			ok := true
			for _, text := range texts {
				ok = ok && strings.Contains(s, text)
			}
			if ok {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("the screen never showed %q:\n%s", texts, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	send := func(keys ...string) {
		t.Helper()
		if out, err := tm(append([]string{"send-keys", "-t", "iv"}, keys...)...); err != nil {
			t.Fatalf("send-keys %v: %v\n%s", keys, err, out)
		}
	}

	waitScreen("Which interview?", "URL shortener", "Pastebin")
	send("Down", "Enter")
	waitScreen("Interview · Pastebin", "Press enter to start.", "⏱ 30:00")
	send("Enter")

	// The same session the program runs, for its reference answers.
	kb := testKB(t)
	sc, _ := kb.Scenario("pastebin")
	ref, err := interview.NewSession(kb, sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	for {
		q, ok := ref.Current()
		if !ok {
			break
		}
		waitScreen(fmt.Sprintf("%d/%d  %s", q.Number, q.Of, q.Title))
		answer := perfectAnswer(t, ref, q)
		if _, err := ref.Answer(answer); err != nil {
			t.Fatal(err)
		}
		send("-l", answer)
		send("Enter")
		waitScreen(q.Title+": full marks, 10/10", "Press enter for the next question.")
		send("Enter")
	}
	report := waitScreen("Score: 90 of 90 (100%) · Pastebin", "score 90/90")
	if !strings.Contains(report, "Step") || !strings.Contains(report, "Reference") {
		t.Errorf("the report shows no table:\n%s", report)
	}
	send("q")
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, err := os.ReadFile(exitFile)
		if err == nil && strings.TrimSpace(string(b)) != "" {
			if code := strings.TrimSpace(string(b)); code != "0" {
				t.Errorf("q exited with %s", code)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the program did not exit after q:\n%s", screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	attempts, skipped, err := interview.LoadHistory(filepath.Join(state, "scaleplan", "history.jsonl"))
	if err != nil || skipped != 0 || len(attempts) != 1 {
		t.Fatalf("history: %d attempts, %d skipped, %v", len(attempts), skipped, err)
	}
	if a := attempts[0]; a.Scenario != "pastebin" || a.Percent != 100 {
		t.Errorf("kept attempt %+v, want pastebin at 100%%", a)
	}
}
