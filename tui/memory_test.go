package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// goTo moves the focus to the field with key, as a person would: enter
// forward, shift+tab back.
func (d *driver) goTo(key string, forward bool) {
	d.t.Helper()
	for range 40 {
		if d.focused() == key {
			return
		}
		if forward {
			d.keys("tab")
		} else {
			d.keys("shift+tab")
		}
	}
	d.t.Fatalf("never reached %s; on %s", key, d.focused())
}

// raw is the text in a typed field, as the form holds it.
func (d *driver) raw(key string) string { return *d.m.ask.st.raw[key] }

// TestDailyUsersShareSurvivesTheResults types daily users as a share,
// looks at the plan and comes back: the field still says the share, and a
// new monthly figure moves the daily users with it.
func TestDailyUsersShareSurvivesTheResults(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("Acme")
	d.keys("enter")
	d.answer("1M")
	d.answer("20%")
	d.keys("ctrl+r")
	if v := value(d.m.Answers(), answers.DAU); v == nil || *v != 200_000 {
		t.Fatalf("20%% of 1M daily users is not 200,000: %v", v)
	}
	d.keys("b")
	if got := d.raw("dau"); got != "20%" {
		t.Fatalf("after b the daily users read %q, not the share typed", got)
	}
	d.goTo("users", false)
	d.keys("backspace", "backspace")
	d.answer("3M")
	if v := value(d.m.Answers(), answers.DAU); v == nil || *v != 600_000 {
		t.Fatalf("the share did not follow the new monthly users: %v", v)
	}
}

// TestKindIsRememberedAndSwitchingReplacesIt picks a kind, goes to the
// plan and back, and picks another: the new kind's values replace the old
// kind's, none left behind, and a resume knows the kind too.
func TestKindIsRememberedAndSwitchingReplacesIt(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "state", "answers.yaml")
	d := newDriver(t, opts, 80, 24)
	d.answer("Acme")
	d.keys("down", "down", "enter") // social: spiky, media, jobs, search, 50:1
	d.answer("2M")
	d.keys("ctrl+r")
	a := d.m.Answers()
	if !slices.Contains(a.Traits, "media") || !slices.Contains(a.Traits, "spiky") {
		t.Fatalf("the social preset was not applied: %s", answers.Marshal(a))
	}
	d.keys("b")
	if d.m.ask.st.kind != "social" {
		t.Fatalf("the kind is forgotten after b: %q", d.m.ask.st.kind)
	}
	d.goTo("kind", false)
	for range 8 {
		d.keys("down")
	}
	d.goTo("kind", false)
	// Internal tool: steady, no traits, 5:1, 80 requests a user.
	for i := range 10 {
		if *d.m.ask.st.choice("kind") == "internal" {
			break
		}
		if i == 9 {
			t.Fatal("could not pick the internal tool")
		}
		d.keys("up")
	}
	d.keys("enter")
	a = d.m.Answers()
	if len(a.Traits) != 0 {
		t.Errorf("the social preset's traits stayed after switching to an internal tool: %v", a.Traits)
	}
	if v := value(a, answers.ReadRatio); v == nil || *v != 5 {
		t.Errorf("reads per write is %v, not the internal tool's 5", v)
	}
	if v := value(a, answers.RequestsPerUser); v == nil || *v != 80 {
		t.Errorf("requests per user is %v, not the internal tool's 80", v)
	}
	if d.m.ask.st.pattern != patternSteady {
		t.Errorf("the pattern is %q, not the internal tool's steady", d.m.ask.st.pattern)
	}

	// Quit and resume: the kind and the field are as they were left.
	d.keys("ctrl+c")
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil {
		t.Fatalf("nothing saved: %v", err)
	}
	ropts := opts
	ropts.Saved = saved
	r := newDriver(t, ropts, 80, 24)
	r.keys("enter") // resume
	if r.m.ask.st.kind != "internal" {
		t.Errorf("the kind is forgotten after a resume: %q", r.m.ask.st.kind)
	}
	if got := r.focused(); got != "users" {
		t.Errorf("the resume starts on %q, not on the field left (monthly users)", got)
	}
}

// TestResumeLandsOnTheLastField answers into the Data page and quits: the
// next start resumes there, not on the first page.
func TestResumeLandsOnTheLastField(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
	d := newDriver(t, opts, 80, 24)
	d.answer("Acme")
	d.keys("enter")
	d.answer("2M")
	d.answer("")
	d.answer("")
	d.answer("")
	d.keys("enter")
	d.answer("") // concurrent users: derived
	d.answer("20:1")
	if d.focused() != "write_bytes" {
		t.Fatalf("on %q", d.focused())
	}
	d.keys("ctrl+c")
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil {
		t.Fatal("nothing saved", err)
	}
	if _, err := os.Stat(memoPath(opts.StatePath)); err != nil {
		t.Fatalf("the form's memo was not kept beside the answers: %v", err)
	}
	opts.Saved = saved
	r := newDriver(t, opts, 80, 24)
	r.keys("enter")
	if got := r.focused(); got != "write_bytes" {
		t.Errorf("resumed on %q, want write_bytes, the field left", got)
	}
	r.mustContain("3/5 Data")
}

// TestMemoOnlyWhereItAgrees keeps a memo that disagrees with the answers
// from changing them: a share that no longer gives the daily users, a kind
// the form does not know.
func TestMemoOnlyWhereItAgrees(t *testing.T) {
	a := mustAnswers(t, "users", "1M", "dau", "300k")
	st := newFormState(testKB(t), a, NewStyles(true, false).Form(), false,
		formMemo{Kind: "no-such-kind", Typed: map[string]string{"dau": "20%"}, Pattern: patternSteady})
	if got := *st.raw["dau"]; got != "300k" {
		t.Errorf("a share giving 200,000 replaced 300,000 daily users: %q", got)
	}
	if st.kind != "" {
		t.Errorf("an unknown kind was taken: %q", st.kind)
	}
	if st.pattern != patternSteady {
		t.Errorf("steady, as remembered, was lost: %q", st.pattern)
	}
}

// TestAssumedListsTrueAssumptionsAndWhere chooses Spiky: the peak factor
// that gives is the person's choice, not an assumption; figures worked out
// from answers alone are not listed; each entry names its page.
func TestAssumedListsTrueAssumptionsAndWhere(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("Acme")
	d.keys("enter")
	d.answer("2M")
	d.answer("")
	d.answer("")
	d.answer("")
	d.keys("up", "enter") // spiky
	d.keys("ctrl+r")
	text := flatten(renderTab(tabSummary, d.m.Plan(), 80, NewStyles(true, true), d.m.res.ctx))
	_, list, ok := strings.Cut(text, "Assumed, because you did not say")
	if !ok {
		t.Fatalf("no Assumed list:\n%s", text)
	}
	for _, bad := range []string{"Peak ÷ average traffic", "Reads per day", "Writes per day", "Peak requests per second"} {
		if strings.Contains(list, bad) {
			t.Errorf("%q is listed as assumed:\n%s", bad, list)
		}
	}
	for _, want := range []string{"Traffic Requests per daily user per day: 100", "Daily active users:", "of monthly users", "Data Reads per write", "Reach Regions users are in", "Constraints Engineers"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list does not say %q:\n%s", want, list)
		}
	}
}

// TestSummaryShowsTheCLIsFacts: the cost band and the availability
// verdict, and no "fits" when the high band is over the budget.
func TestSummaryShowsTheCLIsFacts(t *testing.T) {
	s := NewStyles(true, true)
	p := advise(t, mustAnswers(t, "users", "2M", "availability", "99.95", "budget", "15000"))
	text := flatten(renderTab(tabSummary, p, 100, s, resultsContext{ladder: 9}))
	for _, want := range []string{"with one-year commitments to", "with headroom", "The parts compose to", "target", "Stage " + itoa(p.Stage.Number) + " of the 9-stage ladder"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Summary does not say %q:\n%s", want, text)
		}
	}
	// A budget between the typical cost and the high band.
	b := (p.Cost.MonthlyUSD + p.Cost.HighUSD) / 2
	q := advise(t, mustAnswers(t, "users", "2M", "availability", "99.95", "budget", itoa(int(b))))
	if q.Budget == nil || !q.Budget.Fits || q.Cost.HighUSD <= q.Budget.MonthlyUSD {
		t.Fatalf("the budget is not between the typical cost and the high band: %+v, %+v", q.Budget, q.Cost)
	}
	text = flatten(renderTab(tabSummary, q, 100, s, resultsContext{}))
	if strings.Contains(text, "fits the") {
		t.Errorf("the Summary says the budget fits while the high band is over it:\n%s", text)
	}
	if !strings.Contains(text, "high band is over it") {
		t.Errorf("the Summary does not say the high band is over the budget:\n%s", text)
	}
}

// TestWhatIfKeys: enter keeps a change, ? lists every key there.
func TestWhatIfKeys(t *testing.T) {
	opts := testOptions(t)
	a := goldenAnswers(t)
	opts.Answers = &a
	d := newDriver(t, opts, 80, 24)
	d.keys("w", "?")
	d.mustContain("shift+tab/←", "1-4", "enter/a", "esc/w/b", "ctrl+c")
	d.keys("?", "2", "enter")
	if users := value(d.m.Answers(), answers.Users); d.m.res.mode != modeBrowse || users == nil || *users != 1e6 {
		t.Fatalf("enter did not keep traffic ÷2: %s", answers.Marshal(d.m.Answers()))
	}
}

// TestHelpListsTheTabNumbers: ? on the results names 1-7.
func TestHelpListsTheTabNumbers(t *testing.T) {
	opts := testOptions(t)
	a := goldenAnswers(t)
	opts.Answers = &a
	d := newDriver(t, opts, 80, 24)
	d.keys("?")
	d.mustContain("1-7", "go to a tab")
	d.keys("?", "7")
	if d.m.res.tab != tabGrowth {
		t.Errorf("7 went to tab %d", d.m.res.tab)
	}
}

// TestActiveTabAlwaysShows walks every tab at 60 columns: the current one
// is always on the tab row.
func TestActiveTabAlwaysShows(t *testing.T) {
	opts := testOptions(t)
	a := goldenAnswers(t)
	opts.Answers = &a
	d := newDriver(t, opts, 60, 16)
	for i, name := range tabNames {
		d.keys(itoa(i + 1))
		tabs, _ := d.m.res.tabRow()
		if !strings.Contains(ansi.Strip(tabs), strings.Fields(name)[0]) {
			t.Errorf("tab %d (%s) is not on the tab row at 60 columns: %q", i+1, name, ansi.Strip(tabs))
		}
	}
}

// TestExportFailureKeepsTheDialog writes into a directory that does not
// exist: the dialog stays with the reason under the file name, and a good
// name then writes.
func TestExportFailureKeepsTheDialog(t *testing.T) {
	opts := testOptions(t)
	a := goldenAnswers(t)
	opts.Answers = &a
	d := newDriver(t, opts, 60, 16)
	d.keys("e")
	d.mustContain("plan.md (enter to accept)")
	d.keys("down", "down", "enter")
	d.answer("missing/plan.json")
	if d.m.res.mode != modeDialog {
		t.Fatalf("the dialog closed on a failed write:\n%s", d.view())
	}
	d.mustContain("✗ missing/plan.json: cannot write in missing")
	for range len("missing/plan.json") {
		d.keys("backspace")
	}
	d.answer("plan.json")
	if d.m.res.mode != modeBrowse {
		t.Fatalf("the dialog did not close after writing:\n%s", d.view())
	}
	d.mustContain("Wrote plan.json (json")
	if _, err := os.Stat(filepath.Join(opts.Dir, "plan.json")); err != nil {
		t.Fatal(err)
	}
}

// TestMoneyInOneUnit: on a plan costing millions, figures read side by side
// (the cost line, the what-if page, the costs and components columns)
// never mix $972,874 with $3.5M.
func TestMoneyInOneUnit(t *testing.T) {
	p := advise(t, mustAnswers(t, "users", "500M", "regions", "4", "availability", "99.99", "budget", "15000"))
	if p.Cost.MonthlyUSD < 1e6 {
		t.Fatalf("the plan costs %v, not millions", p.Cost.MonthlyUSD)
	}
	grouped := regexp.MustCompile(`\$\d{1,3},\d{3}`)
	s := NewStyles(true, true)
	w := newWhatIfPage(advisor.New(testKB(t)), p.Answers, p)
	for name, text := range map[string]string{
		"cost line":  costLine(p, s),
		"what-if":    w.content(100, s),
		"costs":      renderTab(tabCosts, p, 100, s, resultsContext{}),
		"components": renderTab(tabComponents, p, 100, s, resultsContext{}),
	} {
		if m := grouped.FindString(ansi.Strip(text)); m != "" {
			t.Errorf("the %s shows %s beside millions:\n%s", name, m, ansi.Strip(text))
		}
	}
}

// TestDialogFollowsAResize opens the export dialog on a large window and
// shrinks it to the smallest: the dialog lays out again, whole, keeping
// the field it was on and what was typed.
func TestDialogFollowsAResize(t *testing.T) {
	opts := testOptions(t)
	a := goldenAnswers(t)
	opts.Answers = &a
	d := newDriver(t, opts, 120, 40)
	d.keys("e", "down", "down", "enter")
	d.typeText("acme.json")
	for _, size := range [][2]int{{60, 16}, {60, 20}, {80, 24}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := d.view()
		if !strings.Contains(v, "Export the plan") || !strings.Contains(v, "╰") || !strings.Contains(v, "> acme.json") {
			t.Errorf("at %dx%d the dialog is not whole, or lost what was typed:\n%s", size[0], size[1], v)
		}
		for i, l := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("at %dx%d line %d is %d wide", size[0], size[1], i+1, w)
			}
		}
	}
}

// TestResumeShowsProviderLabel: the resume offer names a provider as its
// catalog does.
func TestResumeShowsProviderLabel(t *testing.T) {
	rows := savedRows(testKB(t), mustAnswers(t, "users", "50k", "provider", "hetzner"), formMemo{})
	for _, r := range rows {
		if r[0] == answers.Provider.Label && r[1] != "Hetzner" {
			t.Errorf("the provider reads %q, not its catalog's label", r[1])
		}
	}
}
