package tui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// TestRealTerminal runs the built program in a real terminal, tmux at
// 100x30: it types the answers, reads the results screen, exports a file
// with e and checks that it parses, then quits and checks the exit status
// and the kept answers. In CI (CI=true; .ci/run installs tmux) a missing
// tmux fails the test; elsewhere it skips.
func TestRealTerminal(t *testing.T) {
	term := startTerminal(t, "sp")
	work, state := term.work, term.state
	screen, waitScreen, send := term.screen, term.waitScreen, term.send
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
	typeLine("")  // concurrent users: derived
	waitScreen("3/5 Data")
	// read ratio, bytes per write, bytes per response, bytes kept as a
	// file, writes that update, queries per request, data, files, growth,
	// retention
	for range 10 {
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
	if users, ok := plan.Answers.Value(answers.Users); plan.Name != "Tmux Bakery" || !ok || users != 8e5 {
		t.Errorf("the export is not this plan: %s, %v", plan.Name, show(plan.Answers, answers.Users))
	}

	send("q")
	term.waitExit()
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
