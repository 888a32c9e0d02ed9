package tui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
)

func TestQuestionnaireToResults(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	if got := d.focused(); got != "name" {
		t.Fatalf("starts on %q, want the product name", got)
	}
	d.answer("Acme Photos")
	d.keys("enter") // kind: no preset
	d.answer("2M")
	d.answer("20%")       // daily users as a share of monthly users
	d.answer("")          // requests per user: don't know
	d.answer("")          // peak: don't know
	d.keys("up", "enter") // spiky
	d.answer("")          // concurrent users: derived
	d.answer("20:1")
	d.answer("") // bytes per write: don't know
	d.answer("") // bytes per response: don't know
	d.answer("") // bytes kept as a file: don't know
	d.answer("") // writes that update: don't know
	d.answer("") // queries per request: don't know
	d.answer("500")
	d.answer("") // files kept today: none
	d.answer("15%")
	d.answer("")
	d.keys("up", "up", "enter")       // two continents
	d.keys("up", "up", "up", "enter") // 99.95%
	d.answer("$15,000")
	d.answer("8")
	d.keys("enter")                           // provider: don't know
	d.keys("space", "down", "space", "enter") // search, media
	if d.m.state != stateResults {
		t.Fatalf("the last page did not open the results:\n%s", d.view())
	}
	want := mustAnswers(t, "name", "Acme Photos", "users", "2M", "dau", "400000", "read_ratio", "20", "data_gb", "500",
		"growth", "15%", "regions", "2", "availability", "99.95", "budget", "15000", "team", "8", "traits", "media,search,spiky")
	got := d.m.Answers()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("answers\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(want))
	}
	if !reflect.DeepEqual(d.m.Plan(), advise(t, want)) {
		t.Error("the plan on screen is not the advisor's plan for these answers")
	}
	d.mustContain("Acme Photos", "Summary", "Components", "Diagram", "Costs", "Trade-offs", "Next")
}

func TestNumbersAcceptCLISpellings(t *testing.T) {
	for _, tt := range []struct{ in, key string }{{"2M", "users"}, {"150k", "users"}, {"2e6", "users"}, {"2,000,000", "users"}} {
		t.Run(tt.in, func(t *testing.T) {
			d := newDriver(t, testOptions(t), 80, 24)
			d.answer("")
			d.keys("enter")
			d.answer(tt.in)
			if d.focused() != "dau" {
				t.Fatalf("%q was refused:\n%s", tt.in, d.view())
			}
			f, _ := answers.Lookup(tt.key)
			var want answers.Answers
			if err := want.Set(f, tt.in); err != nil {
				t.Fatal(err)
			}
			wantV, _ := want.Value(answers.Users)
			a := d.m.Answers()
			if got, ok := a.Value(answers.Users); !ok || got != wantV {
				t.Errorf("users = %v (given %v), want %v", got, ok, wantV)
			}
		})
	}
}

func TestInvalidInputIsExplainedAndRefused(t *testing.T) {
	for _, tt := range []struct {
		name  string
		nav   []string // answers before the field
		field string
		in    string
	}{
		{"a malformed count", nil, "users", "2MM"},
		{"below the range", nil, "users", "0"},
		{"a ratio of nothing", []string{"2M", "", "", "", ""}, "read_ratio", "3:0"},
		{"a percentage that is words", []string{"2M", "", "", "", "", "", "", "", "", "", "", "", ""}, "growth", "fast"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newDriver(t, testOptions(t), 80, 24)
			d.answer("")
			d.keys("enter")
			for i, a := range tt.nav {
				d.answer(a)
				if i == 3 {
					d.keys("enter") // the pattern select
				}
			}
			if d.focused() != tt.field {
				t.Fatalf("on %q, want %q", d.focused(), tt.field)
			}
			d.answer(tt.in)
			f, _ := answers.Lookup(tt.field)
			var scratch answers.Answers
			wantErr := scratch.Set(f, tt.in)
			if wantErr == nil {
				t.Fatalf("%q is valid for %s", tt.in, tt.field)
			}
			if d.focused() != tt.field {
				t.Fatalf("%q was accepted", tt.in)
			}
			d.mustContain(wantErr.Error())
			if v, ok := answersField(d.m.Answers(), tt.field); ok {
				t.Errorf("the invalid text became an answer: %v", v)
			}
		})
	}
}

func answersField(a answers.Answers, key string) (float64, bool) {
	f, _ := answers.Lookup(key)
	return a.Value(f)
}

// value is a numeric answer, or nil when it was not given.
func value(a answers.Answers, f *answers.Field) *float64 {
	if v, ok := a.Value(f); ok {
		return &v
	}
	return nil
}

// show writes a numeric answer for a failure message: its value, or that
// it was not given.
func show(a answers.Answers, f *answers.Field) string {
	if v, ok := a.Value(f); ok {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "not given"
}

func TestCrossFieldChecksNameTheFlags(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("")
	d.keys("enter")
	d.answer("1M")
	d.answer("2M")
	if d.focused() != "dau" {
		t.Fatal("more daily than monthly users was accepted")
	}
	d.mustContain("dau (2,000,000) is more than users (1,000,000)")
}

// TestDailyAboveMonthlyUsersCanBeFixedEitherWay gives more daily than
// monthly users: daily users refuse to go on with the reason under them,
// monthly users never hold the focus back, so either can be changed.
func TestDailyAboveMonthlyUsersCanBeFixedEitherWay(t *testing.T) {
	const conflict = "dau (5,000) is more than users (1,000)"
	start := func(t *testing.T) *driver {
		d := newDriver(t, testOptions(t), 80, 24)
		d.answer("")
		d.keys("enter")
		d.answer("1000")
		d.answer("5000")
		if d.focused() != "dau" {
			t.Fatalf("more daily than monthly users went on to %q", d.focused())
		}
		d.mustContain("✗ " + conflict)
		d.keys("shift+tab")
		if d.focused() != "users" {
			t.Fatalf("shift+tab from daily users went to %q", d.focused())
		}
		d.keys("enter") // monthly users as they are: on to daily users, which say why
		if d.focused() != "dau" {
			t.Fatalf("monthly users held the focus back:\n%s", d.view())
		}
		d.mustContain("✗ " + conflict)
		return d
	}
	t.Run("more monthly users", func(t *testing.T) {
		d := start(t)
		d.keys("shift+tab", "backspace", "backspace", "backspace", "backspace")
		d.answer("10000")
		if d.focused() != "dau" {
			t.Fatalf("monthly users above daily users did not go on: on %q", d.focused())
		}
		if strings.Contains(d.view(), conflict) {
			t.Errorf("the conflict stayed after monthly users were raised:\n%s", d.view())
		}
		d.keys("enter")
		if d.focused() != "requests_per_user" {
			t.Fatalf("daily users below monthly users did not go on:\n%s", d.view())
		}
		if u, dau := show(d.m.Answers(), answers.Users), show(d.m.Answers(), answers.DAU); u != "10000" || dau != "5000" {
			t.Errorf("answers users %s, dau %s; want 10000 and 5000", u, dau)
		}
	})
	t.Run("fewer daily users", func(t *testing.T) {
		d := start(t)
		d.keys("backspace", "backspace", "backspace", "backspace")
		d.answer("500")
		if d.focused() != "requests_per_user" {
			t.Fatalf("daily users below monthly users did not go on:\n%s", d.view())
		}
		if d.m.ask.live == nil {
			t.Errorf("no live plan once the conflict is settled:\n%s", d.view())
		}
	})
}

// TestTrafficPageNeedsAFigure leaves every traffic question empty and tries
// to go on: the focus goes to monthly users with the reason under it, going
// back is never blocked, and a figure lets the page go.
func TestTrafficPageNeedsAFigure(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("")
	d.keys("enter")
	for range 4 {
		d.answer("")
	}
	d.keys("enter") // the pattern
	d.answer("")    // concurrent users: on to the Data page, it would be
	if d.focused() != "users" {
		t.Fatalf("left the Traffic page without a traffic figure, or the focus is not on monthly users:\n%s", d.view())
	}
	d.mustContain("✗ " + human.Capitalise(errNoTraffic.Error()))
	// Back is never blocked, and the note goes with the focus.
	d.keys("shift+tab")
	if d.focused() != "kind" {
		t.Fatalf("shift+tab from monthly users went to %q, not back to the kind", d.focused())
	}
	if strings.Contains(d.view(), errNoTraffic.Error()) {
		t.Error("the traffic note stayed after the focus moved")
	}
	d.keys("shift+tab")
	if d.focused() != "name" {
		t.Fatalf("shift+tab went to %q, not the product name", d.focused())
	}
	d.keys("enter", "enter")
	d.answer("50k")
	for range 3 {
		d.answer("")
	}
	d.keys("enter")
	d.answer("") // concurrent users
	if d.focused() != "read_ratio" {
		t.Fatalf("with monthly users the Traffic page did not let go: on %q", d.focused())
	}
}

// TestErrorsStayWithTheirField types a bad value: the error is drawn under
// the field, the live line says it is out of date, and both go when the
// focus leaves; going back past the bad text is never blocked.
func TestErrorsStayWithTheirField(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("")
	d.keys("enter")
	d.answer("50k")
	d.answer("20%")
	d.typeText("lots")
	d.keys("enter")
	if d.focused() != "requests_per_user" {
		t.Fatalf("a bad value moved the focus to %q", d.focused())
	}
	lines := strings.Split(d.view(), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "> lots") })
	if at < 0 || at+1 >= len(lines) || !strings.Contains(lines[at+1], `✗ "lots"`) {
		t.Fatalf("the error is not under its field:\n%s", d.view())
	}
	d.mustContain("out of date until Requests per daily user per day reads")
	d.keys("shift+tab")
	if d.focused() != "dau" {
		t.Fatalf("shift+tab from a bad value went to %q", d.focused())
	}
	if strings.Contains(d.view(), `✗ "lots"`) {
		t.Error("the error stayed after the focus moved")
	}
	d.mustContain("out of date until Requests per daily user per day reads")
	d.keys("enter")
	d.keys("backspace", "backspace", "backspace", "backspace")
	d.answer("80")
	if strings.Contains(d.view(), "out of date") {
		t.Errorf("the live line is still out of date with every field read:\n%s", d.view())
	}
}

func TestDontKnowBecomesAnAssumption(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	toResults(t, d)
	p := d.m.Plan()
	var keys []string
	for _, a := range p.Assumptions {
		keys = append(keys, a.Key)
	}
	for _, k := range []string{"read_ratio", "requests_per_user", "availability", "team"} {
		if !slices.Contains(keys, k) {
			t.Errorf("%s left empty is not listed as an assumption (%v)", k, keys)
		}
	}
	d.keys("G") // the list is at the end of the Summary
	d.mustContain("Assumed, because you did not say")
}

func TestEveryFieldSaysWhyAndItsDefault(t *testing.T) {
	st := newFormState(testKB(t), answers.Answers{}, NewStyles(true, false).Form(), false, formMemo{})
	n := 0
	for _, fields := range st.pages {
		for _, fi := range fields {
			n++
			if fi.why == "" || strings.Contains(fi.why, "\n") || len(fi.why) > 76 {
				t.Errorf("%s: the help must be one line of at most 76 characters: %q", fi.key, fi.why)
			}
			if fi.dflt == "" {
				t.Errorf("%s: no default for \"don't know\"", fi.key)
			}
		}
	}
	if n != 24 {
		t.Errorf("%d fields, want 24", n)
	}
}

func TestPresetsAreValidAnswers(t *testing.T) {
	if len(presets) != 8 {
		t.Errorf("%d presets, want the eight kinds", len(presets))
	}
	for _, p := range presets {
		var a answers.Answers
		for k, v := range p.Values {
			f, ok := answers.Lookup(k)
			if !ok {
				t.Errorf("%s: %s is not an answer", p.ID, k)
				continue
			}
			if err := a.Set(f, v); err != nil {
				t.Errorf("%s: %s: %v", p.ID, k, err)
			}
			if _, ok := questionByKey(k); !ok {
				t.Errorf("%s: %s is not on the form", p.ID, k)
			}
		}
		if !slices.Contains(availabilityChoices, p.Avail) {
			t.Errorf("%s: availability %q is not an option", p.ID, p.Avail)
		}
		for _, tr := range p.Traits {
			if !slices.ContainsFunc(formTraits, func(f struct{ id, label string }) bool { return f.id == tr }) {
				t.Errorf("%s: trait %q is not on the form", p.ID, tr)
			}
		}
	}
}

func TestPresetFillsOnlyWhatIsEmptyOrItsOwn(t *testing.T) {
	st := newFormState(testKB(t), mustAnswers(t, "read_ratio", "3"), NewStyles(true, false).Form(), false, formMemo{})
	st.kind = "social"
	st.applyPreset()
	a := st.answers()
	if rr, _ := a.Value(answers.ReadRatio); rr != 3 {
		t.Errorf("the preset overwrote a typed read ratio: %v", rr)
	}
	if rpu, ok := a.Value(answers.RequestsPerUser); !ok || rpu != 200 {
		t.Errorf("the preset did not fill requests per user: %v", show(a, answers.RequestsPerUser))
	}
	if !slices.Contains(a.Traits, "spiky") || !slices.Contains(a.Traits, "media") {
		t.Errorf("the preset's traits are missing: %v", a.Traits)
	}
	// Another kind replaces the first one's values, not the typed one.
	st.kind = "internal"
	st.applyPreset()
	a = st.answers()
	if rpu, rr := value(a, answers.RequestsPerUser), value(a, answers.ReadRatio); rpu == nil || *rpu != 80 || rr == nil || *rr != 3 || slices.Contains(a.Traits, "spiky") {
		t.Errorf("switching kinds: %s", answers.Marshal(a))
	}
	// No preset takes its values away again.
	st.kind = ""
	st.applyPreset()
	a = st.answers()
	if rr := value(a, answers.ReadRatio); a.Has(answers.RequestsPerUser) || a.Has(answers.Growth) || rr == nil || *rr != 3 {
		t.Errorf("clearing the kind: %s", answers.Marshal(a))
	}
}

func TestPresetShowsOnTheForm(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("")
	d.keys("down", "down", "enter") // social
	d.answer("2M")
	d.answer("")
	if d.focused() != "requests_per_user" {
		t.Fatalf("on %s", d.focused())
	}
	d.mustContain("> 200")
}

func TestLiveLineFollowsTheAdvisor(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.mustContain("Live stage — · give monthly users")
	d.answer("")
	d.keys("enter")
	d.typeText("2M") // not yet entered: the line follows typing
	p := advise(t, mustAnswers(t, "users", "2M"))
	d.mustContain("stage "+itoa(p.Stage.Number)+" "+p.Stage.Name, "peak "+human.Count(p.Inputs.PeakRPS)+" rps")
	d.keys("backspace", "backspace")
	d.mustContain("Live stage — · give monthly users")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestKeysTypedWhileTheFocusMovesLandInTheNextField(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("")
	d.keys("enter")
	// All at once, before any command comes back: what tmux send-keys and
	// pastes do.
	var msgs []tea.Msg
	for _, r := range "2M" {
		msgs = append(msgs, keyMsg(string(r)))
	}
	msgs = append(msgs, keyMsg("enter"))
	for _, r := range "500k" {
		msgs = append(msgs, keyMsg(string(r)))
	}
	d.sendHeld(msgs...)
	d.flush()
	a := d.m.Answers()
	users, dau := value(a, answers.Users), value(a, answers.DAU)
	if users == nil || *users != 2e6 || dau == nil || *dau != 5e5 {
		t.Fatalf("users %v, dau %v; want 2M and 500k", show(a, answers.Users), show(a, answers.DAU))
	}
}

func TestCtrlCKeepsEveryAnswerSoFar(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	d.answer("Acme")
	d.keys("enter")
	d.answer("2M")
	d.typeText("300k") // typed, not yet entered: still an answer given
	d.keys("ctrl+c")
	if !d.m.Aborted() || !d.quit {
		t.Fatal("ctrl+c did not quit as aborted")
	}
	want := mustAnswers(t, "name", "Acme", "users", "2M", "dau", "300k")
	if got := d.m.Answers(); !reflect.DeepEqual(got, want) {
		t.Errorf("kept\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(want))
	}
}

func TestAnswersAreSavedAsTheyAreGiven(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "state", "answers.yaml")
	d := newDriver(t, opts, 80, 24)
	d.answer("Acme")
	d.keys("enter")
	d.answer("2M")
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil {
		t.Fatalf("nothing saved after two answers: %v", err)
	}
	if users := value(*saved, answers.Users); saved.Name != "Acme" || users == nil || *users != 2e6 {
		t.Errorf("saved\n%s", answers.Marshal(*saved))
	}
	fi, err := os.Stat(opts.StatePath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, %v; want 0600", fi.Mode(), err)
	}
}

func TestResumeOffersTheSavedAnswers(t *testing.T) {
	saved := mustAnswers(t, "name", "Old", "users", "50k", "budget", "500")
	for _, tt := range []struct {
		name string
		keys []string
		want answers.Answers
	}{
		{"resume", []string{"enter"}, saved},
		{"start over", []string{"right", "enter"}, answers.Answers{Version: answers.Version}},
		{"start over with n", []string{"n", "enter"}, answers.Answers{Version: answers.Version}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(t)
			opts.Saved = &saved
			d := newDriver(t, opts, 80, 24)
			d.mustContain("Pick up where you left off?", "Monthly active users", "50,000", "Resume", "Start over")
			d.keys(tt.keys...)
			if d.m.state != stateAsk {
				t.Fatalf("still on the prompt:\n%s", d.view())
			}
			if got := d.m.Answers(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answers\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(tt.want))
			}
		})
	}
}

func TestPreloadedAnswersOpenOnThePlan(t *testing.T) {
	a := mustAnswers(t, "name", "Pre", "users", "5M", "budget", "1k")
	opts := testOptions(t)
	opts.Answers = &a
	d := newDriver(t, opts, 80, 24)
	if d.m.state != stateResults {
		t.Fatal("--answers did not open the plan")
	}
	d.mustContain("Pre", "over budget")
}

func TestTabsAndHelp(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	toResults(t, d)
	for i, k := range []string{"tab", "tab", "right", "l", "tab", "tab"} {
		d.keys(k)
		if want := tab((i + 1) % len(tabNames)); d.m.res.tab != want {
			t.Fatalf("after %s the tab is %d, want %d", k, d.m.res.tab, want)
		}
	}
	d.keys("shift+tab")
	if d.m.res.tab != tabNext {
		t.Fatalf("shift+tab from Summary went to %d", d.m.res.tab)
	}
	d.keys("left", "left")
	if d.m.res.tab != tabCosts {
		t.Fatalf("← twice from Next went to %d", d.m.res.tab)
	}
	d.keys("3")
	if d.m.res.tab != tabDiagram {
		t.Fatal("3 did not jump to the diagram")
	}
	d.mustContain("╭─ Web", "rps peak")
	d.keys("?")
	d.mustContain("previous tab", "page down", "keep answers, quit")
	d.keys("?")
	d.mustContain("e export", "w what if", "q quit")
}

func TestTabsShowTheAdvisorsPlan(t *testing.T) {
	a := mustAnswers(t, "name", "Acme", "users", "2M", "budget", "500")
	opts := testOptions(t)
	opts.Answers = &a
	d := newDriver(t, opts, 120, 40)
	p := d.m.Plan()
	d.mustContain(human.USD(p.Cost.MonthlyUSD), "OVER the $500 budget")
	d.keys("2")
	d.mustContain(p.Components[0].Name)
	d.keys("4")
	d.mustContain("Monthly cost by component: "+human.USD(p.Cost.MonthlyUSD), "█")
	d.keys("6")
	if p.NextStage != nil {
		d.mustContain("Stage " + itoa(p.NextStage.Number))
	}
}

func TestExportWritesAFileThatParses(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 80, 24)
	toResults(t, d)
	d.keys("e")
	d.mustContain("Export the plan", "json")
	d.keys("down", "down", "enter") // json
	d.keys("enter")                 // the default name
	path := filepath.Join(opts.Dir, "plan.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no export: %v\n%s", err, d.view())
	}
	var got advisor.Plan
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if string(data) != string(export.JSON(d.m.Plan())) {
		t.Error("the export is not the JSON exporter's output")
	}
	d.mustContain("Wrote plan.json (json")

	// Again to the same file: it asks first, and "keep it" keeps it.
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.keys("e", "enter")
	d.typeText("plan.json")
	d.keys("enter")
	d.mustContain("Replace it?")
	d.keys("enter") // the default is to keep it
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Fatal("the file was replaced without a yes")
	}
	d.mustContain("nothing written")
	d.keys("e", "enter")
	d.typeText("plan.json")
	d.keys("enter", "left", "enter")
	if b, _ := os.ReadFile(path); string(b) == "mine" {
		t.Fatalf("Replace did not replace:\n%s", d.view())
	}
}

func TestExportNamePicksTheFormat(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 80, 24)
	toResults(t, d)
	d.keys("e", "enter") // md chosen
	d.typeText("out.yaml")
	d.keys("enter")
	data, err := os.ReadFile(filepath.Join(opts.Dir, "out.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(export.YAML(d.m.Plan())) {
		t.Error("a .yaml name did not write YAML")
	}
}

func TestExportCancels(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 80, 24)
	toResults(t, d)
	d.keys("e", "esc")
	if d.m.res.mode != modeBrowse {
		t.Fatal("esc did not close the dialog")
	}
	entries, _ := os.ReadDir(opts.Dir)
	if len(entries) != 0 {
		t.Errorf("a cancelled export wrote %v", entries)
	}
}

func TestSavedAnswersGiveTheSamePlan(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 80, 24)
	d.answer("Round Trip")
	d.keys("down", "down", "down", "enter") // e-commerce
	d.answer("750k")
	d.answer("25%")
	d.keys("ctrl+r")
	d.keys("s")
	d.typeText("mine.yaml")
	d.keys("enter")
	path := filepath.Join(opts.Dir, "mine.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no answers file: %v\n%s", err, d.view())
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if !samePlans(advise(t, a), d.m.Plan()) {
		t.Error("the saved answers give another plan")
	}
	d.mustContain("scaleplan plan --answers mine.yaml")
}

func TestWhatIfHighlightsTheChange(t *testing.T) {
	a := mustAnswers(t, "users", "2M", "traits", "search")
	opts := testOptions(t)
	opts.Answers = &a
	d := newDriver(t, opts, 120, 40)
	base := d.m.Plan()
	d.keys("w")
	d.mustContain("What if?", "Traffic ×2", "Traffic ÷2", "+1 region", "One more nine")
	for i, sc := range []answers.Answers{answers.ScaleTraffic(a, 2), answers.ScaleTraffic(a, 0.5)} {
		d.keys(string(rune('1' + i)))
		diff := advisor.Compare(base, advise(t, sc))
		v := d.view()
		for _, c := range diff.Added {
			if !regexp.MustCompile(`(?m)^\+ ` + regexp.QuoteMeta(c.Name)).MatchString(v) {
				t.Errorf("%s: added %s is not marked +:\n%s", scenarios[i].label, c.Name, v)
			}
		}
		for _, c := range diff.Resized {
			if !regexp.MustCompile(`(?m)^~ ` + regexp.QuoteMeta(c.Name)).MatchString(v) {
				t.Errorf("%s: resized %s is not marked ~:\n%s", scenarios[i].label, c.Name, v)
			}
		}
		for _, c := range diff.Removed {
			if !regexp.MustCompile(`(?m)^− ` + regexp.QuoteMeta(c.Name)).MatchString(v) {
				t.Errorf("%s: removed %s is not marked −:\n%s", scenarios[i].label, c.Name, v)
			}
		}
		if len(diff.Added)+len(diff.Resized)+len(diff.Removed) == 0 {
			t.Errorf("%s changes nothing for 2M users; pick a livelier fixture", scenarios[i].label)
		}
	}
	d.keys("3")
	d.mustContain("regions 1 → 2")
	d.keys("4")
	d.mustContain("availability 99% → 99.9%")
	d.keys("1", "a") // keep traffic ×2
	if users := value(d.m.Answers(), answers.Users); d.m.res.mode != modeBrowse || users == nil || *users != 4e6 {
		t.Fatalf("adopting did not keep the change: %s", answers.Marshal(d.m.Answers()))
	}
	d.mustContain("Kept the change")
}

func TestBackToTheAnswers(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	toResults(t, d)
	d.keys("b")
	if d.m.state != stateAsk {
		t.Fatal("b did not go back to the answers")
	}
	// Back on the field left for the plan (ctrl+r on daily users).
	if d.focused() != "dau" {
		t.Fatalf("b went back to %q, not to the field last left", d.focused())
	}
	for d.focused() != "name" {
		d.keys("shift+tab")
	}
	d.mustContain("> Acme")
	d.keys("enter", "enter")
	d.mustContain("> 2M")
}

func TestQuit(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	toResults(t, d)
	d.keys("q")
	if !d.quit || d.m.Aborted() {
		t.Fatal("q did not quit normally")
	}
}

func TestTooSmallSaysSo(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	toResults(t, d)
	d.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	d.mustContain("The terminal is 50×12", "at least 60×16")
	d.keys("q") // nothing the person cannot see happens
	if d.quit {
		t.Fatal("a key acted on a screen too small to show it")
	}
	d.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	d.mustContain("Summary")
}

// TestViewsFitEverySize resizes through sizes and pages and checks that
// every frame is exactly the terminal's size.
func TestViewsFitEverySize(t *testing.T) {
	sizes := [][2]int{{60, 16}, {80, 24}, {100, 30}, {120, 40}, {200, 60}}
	check := func(d *driver, where string) {
		t.Helper()
		lines := strings.Split(d.view(), "\n")
		w, h := d.m.width, d.m.height
		if len(lines) != h {
			t.Errorf("%s at %dx%d: %d lines", where, w, h, len(lines))
		}
		for i, l := range lines {
			if lw := ansiWidth(l); lw > w {
				t.Errorf("%s at %dx%d: line %d is %d wide: %q", where, w, h, i+1, lw, l)
			}
		}
	}
	d := newDriver(t, testOptions(t), 80, 24)
	for _, s := range sizes {
		d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		check(d, "product page")
	}
	toResults(t, d)
	for ti := range tabNames {
		for _, s := range sizes {
			d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			check(d, tabNames[ti])
		}
		d.keys("tab")
	}
	d.keys("w")
	for _, s := range sizes {
		d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		check(d, "what-if")
	}
	d.keys("esc", "e")
	for _, s := range sizes {
		d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		check(d, "export")
	}
}

func TestNoColorDrawsNoColours(t *testing.T) {
	opts := testOptions(t)
	opts.NoColor = true
	d := newDriver(t, opts, 80, 24)
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(38|48);[25];`)
	if v := d.m.View().Content; colour.MatchString(v) {
		t.Errorf("NO_COLOR questionnaire has colour: %q", v)
	}
	toResults(t, d)
	for range tabNames {
		if v := d.m.View().Content; colour.MatchString(v) {
			t.Errorf("NO_COLOR tab %d has colour", d.m.res.tab)
		}
		d.keys("tab")
	}
}

func TestLightBackgroundRestyles(t *testing.T) {
	opts := testOptions(t)
	opts.FixedBackground = false
	d := newDriver(t, opts, 80, 24)
	dark := d.m.View().Content
	d.send(tea.BackgroundColorMsg{Color: lightGrey{}})
	if d.m.dark {
		t.Fatal("a light background was taken for dark")
	}
	if d.m.View().Content == dark {
		t.Error("the light background draws the same colours as the dark")
	}
}

type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

func TestRawTextRoundTrips(t *testing.T) {
	for _, v := range []float64{1, 7, 999, 1000, 1500, 2e6, 1.5e6, 1234567, 1.5, 3.25e9, 1e10, 12345.678} {
		// Stored data, a count that may be a fraction (users are whole).
		var a answers.Answers
		a.SetValue(answers.DataGB, v)
		raw := rawText(a, "data_gb")
		var b answers.Answers
		err := b.Set(answers.DataGB, raw)
		if got, ok := b.Value(answers.DataGB); err != nil || !ok || got != v {
			t.Errorf("%v → %q → %v, %v", v, raw, show(b, answers.DataGB), err)
		}
	}
	var rr answers.Answers
	rr.SetValue(answers.ReadRatio, 2.5)
	if got := rawText(rr, "read_ratio"); got != "2.5:1" {
		t.Errorf("read ratio shown as %q", got)
	}
}

func TestCtrlCWaitsForKeysTypedBeforeIt(t *testing.T) {
	d := newDriver(t, testOptions(t), 80, 24)
	var msgs []tea.Msg
	for _, k := range []string{"Q", "enter", "enter", "9", "k", "ctrl+c"} {
		msgs = append(msgs, keyMsg(k))
	}
	d.sendHeld(msgs...)
	d.flush()
	if !d.m.Aborted() {
		t.Fatal("ctrl+c did not abort")
	}
	if got, want := d.m.Answers(), mustAnswers(t, "name", "Q", "users", "9k"); !reflect.DeepEqual(got, want) {
		t.Errorf("kept\n%s\nwant\n%s", answers.Marshal(got), answers.Marshal(want))
	}
}
