package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/answers"
)

// TestTrafficPageTrapRecovers runs the built program in tmux at 60x16, the
// smallest window it draws in, and walks into what used to trap people:
// every traffic question left empty, then on. The focus goes to monthly
// users with the reason under it; shift+tab goes back to the Product page;
// a figure then lets the Traffic page go; ctrl+c keeps the answers. In CI
// (CI=true; .ci/run installs tmux) a missing tmux fails the test;
// elsewhere it skips.
func TestTrafficPageTrapRecovers(t *testing.T) {
	term := startTerminal(t, "trap")
	if out, err := term.tm("resize-window", "-t", term.session, "-x", "60", "-y", "16"); err != nil {
		t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	waitScreen, send := term.waitScreen, term.send
	waitScreen("Product name", "1/5 Product")
	send("Enter", "Enter") // no name, no kind
	waitScreen("2/5 Traffic", "Monthly active users")
	for range 4 {
		send("Enter") // monthly, daily, per user, peak: all empty
	}
	waitScreen("Is the traffic steady or spiky?")
	send("Enter") // steady or spiky: don't know
	waitScreen("Users connected at once at peak")
	send("Enter") // and on, with no traffic figure
	screen := waitScreen("✗ Give a traffic figure to go on", "2/5 Traffic")
	if !strings.Contains(screen, "┃ Monthly active users") {
		t.Fatalf("the focus is not on monthly users:\n%s", screen)
	}

	// Back is never blocked.
	send("BTab")
	waitScreen("1/5 Product", "What kind of product is it?")
	if strings.Contains(term.screen(), "Give a traffic figure") {
		t.Errorf("the reason stayed after the focus moved:\n%s", term.screen())
	}

	// Forward again, with a figure this time.
	send("Enter")
	waitScreen("2/5 Traffic")
	send("-l", "50k")
	send("Enter", "Enter", "Enter", "Enter", "Enter", "Enter")
	waitScreen("3/5 Data", "Reads per write")

	send("C-c")
	deadline := time.Now().Add(15 * time.Second)
	for {
		if b, err := os.ReadFile(term.exitFile); err == nil && strings.TrimSpace(string(b)) != "" {
			if code := strings.TrimSpace(string(b)); code != "130" {
				t.Errorf("ctrl+c exited with %s, want 130", code)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the program did not exit:\n%s", term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	saved, err := LoadSaved(filepath.Join(term.state, "scaleplan", "answers.yaml"))
	if err != nil || saved == nil {
		t.Fatalf("no answers kept: %v", err)
	}
	if users, ok := saved.Value(answers.Users); !ok || users != 50_000 {
		t.Errorf("kept answers:\n%s", answers.Marshal(*saved))
	}
}
