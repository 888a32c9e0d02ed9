package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// TestRealTerminal runs the built program in a real terminal, tmux at
// 100x30: it types the answers, reads the results screen, exports a file
// with e and checks that it parses, then quits and checks the exit status
// and the kept answers. In CI (CI=true; .ci/run installs tmux) a missing
// tmux fails the test; elsewhere it skips.
func TestRealTerminal(t *testing.T) {
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
	work := filepath.Join(dir, "work")
	state := filepath.Join(dir, "state")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	exitFile := filepath.Join(dir, "exit")

	// A server of our own, without the user's configuration.
	socket := "scaleplan-test-" + strconv.Itoa(os.Getpid())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = tm("kill-server") })
	script := fmt.Sprintf("cd %s && env HOME=%s XDG_STATE_HOME=%s %s; echo $? > %s",
		shellQuote(work), shellQuote(dir), shellQuote(state), shellQuote(bin), shellQuote(exitFile))
	if out, err := tm("new-session", "-d", "-s", "sp", "-x", "100", "-y", "30", "sh", "-c", script); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	screen := func() string {
		out, _ := tm("capture-pane", "-p", "-t", "sp")
		return out
	}
	// A real terminal takes real time: poll the screen until it shows text.
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
		if out, err := tm(append([]string{"send-keys", "-t", "sp"}, keys...)...); err != nil {
			t.Fatalf("send-keys %v: %v\n%s", keys, err, out)
		}
	}
	typeLine := func(text string) {
		t.Helper()
		if text != "" {
			send("-l", text)
		}
		send("Enter")
	}

	waitScreen("Product name", "1/5 Product")
	typeLine("Tmux Bakery")
	send("Down", "Down", "Down", "Enter") // e-commerce
	waitScreen("Monthly active users")
	typeLine("800k")
	typeLine("30%")
	typeLine("")
	typeLine("")
	send("Enter") // pattern: the preset's spiky
	waitScreen("3/5 Data")
	for range 5 {
		typeLine("")
	}
	waitScreen("Where are your users?")
	send("Enter", "Enter") // reach and availability as they are
	waitScreen("Monthly infrastructure budget")
	typeLine("25k")
	typeLine("5")
	send("Enter", "Enter") // provider, traits as the preset set them
	results := waitScreen("Summary", "Components", "Diagram", "Costs", "Trade-offs & risks", "Next", "Tmux Bakery")
	if !strings.Contains(results, "stage") || !strings.Contains(results, "/mo") {
		t.Fatalf("the results screen shows no stage or cost:\n%s", results)
	}

	send("e")
	waitScreen("Export the plan")
	send("Down", "Down", "Enter") // json
	typeLine("bakery.json")
	waitScreen("Wrote bakery.json")
	data, err := os.ReadFile(filepath.Join(work, "bakery.json"))
	if err != nil {
		t.Fatalf("the export is not on disk: %v\n%s", err, screen())
	}
	var plan advisor.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatalf("the export does not parse: %v", err)
	}
	if plan.Name != "Tmux Bakery" || plan.Answers.Users == nil || *plan.Answers.Users != 8e5 {
		t.Errorf("the export is not this plan: %s, %v", plan.Name, plan.Answers.Users)
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
	saved, err := LoadSaved(filepath.Join(state, "scaleplan", "answers.yaml"))
	if err != nil || saved == nil {
		t.Fatalf("no answers kept: %v", err)
	}
	if !samePlan(t, *saved, &plan) {
		t.Error("the kept answers do not give the exported plan")
	}
}

// samePlan reports whether a gives the same plan as p, compared
// as JSON as a script would.
func samePlan(t *testing.T, a answers.Answers, p *advisor.Plan) bool {
	got, err := json.Marshal(advise(t, a))
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(got) == string(want)
}
