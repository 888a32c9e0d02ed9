package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/interview"
)

// TestInterviewRealTerminal runs `scaleplan interview --timer 30m` in a
// real terminal, tmux at 100x30: it picks the pastebin scenario from the
// list, types the reference answer to every step, reads each verdict and
// the report, quits, and checks the exit status and the attempt kept in
// the history. In CI (CI=true; .ci/run installs tmux) a missing tmux fails
// the test; elsewhere it skips.
func TestInterviewRealTerminal(t *testing.T) {
	term := startTerminal(t, "iv", "interview", "--timer", "30m")
	state := term.state
	waitScreen, send := term.waitScreen, term.send

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
	term.waitExit()
	attempts, skipped, err := interview.LoadHistory(filepath.Join(state, "scaleplan", "history.jsonl"))
	if err != nil || skipped != 0 || len(attempts) != 1 {
		t.Fatalf("history: %d attempts, %d skipped, %v", len(attempts), skipped, err)
	}
	if a := attempts[0]; a.Scenario != "pastebin" || a.Percent != 100 {
		t.Errorf("kept attempt %+v, want pastebin at 100%%", a)
	}
}
