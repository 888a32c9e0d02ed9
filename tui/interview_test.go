package tui

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/scaleplan/scaleplan/interview"
)

// drillDriver runs a DrillModel as a program would, without a terminal or
// timers, like driver does for the advisor.
type drillDriver struct {
	t    testing.TB
	m    *DrillModel
	quit bool
}

func newDrillDriver(t testing.TB, d interview.Drill, opts DrillOptions, width, height int) *drillDriver {
	t.Helper()
	opts.FixedBackground, opts.Dark = true, true
	dd := &drillDriver{t: t, m: NewDrill(d, opts)}
	dd.run(dd.m.Init())
	dd.send(tea.WindowSizeMsg{Width: width, Height: height})
	return dd
}

func (d *drillDriver) send(msgs ...tea.Msg) {
	d.t.Helper()
	for _, msg := range msgs {
		_, cmd := d.m.Update(msg)
		d.run(cmd)
	}
}

func (d *drillDriver) run(cmd tea.Cmd) {
	d.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			d.t.Fatal("commands keep producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		if pc := reflect.ValueOf(c).Pointer(); pc == blinkPC || pc == tickPC {
			continue
		}
		msg := c()
		if _, ok := msg.(tea.QuitMsg); ok {
			d.quit = true
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
			queue = append(append([]tea.Cmd{}, v.Convert(cmdSliceType).Interface().([]tea.Cmd)...), queue...)
			continue
		}
		if msg == nil {
			continue
		}
		_, next := d.m.Update(msg)
		queue = append([]tea.Cmd{next}, queue...)
	}
}

func (d *drillDriver) keys(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

func (d *drillDriver) answer(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	d.keys("enter")
}

func (d *drillDriver) view() string { return ansi.Strip(d.m.View().Content) }

func (d *drillDriver) mustContain(wants ...string) {
	d.t.Helper()
	v := d.view()
	flat := flatten(v)
	for _, w := range wants {
		if !strings.Contains(v, w) && !strings.Contains(flat, flatten(w)) {
			d.t.Fatalf("the screen does not show %q:\n%s", w, v)
		}
	}
}

// interviewClock is fixed, so countdowns and durations do not move.
func interviewClock() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }

func newInterview(t testing.TB, id string) *interview.Session {
	t.Helper()
	kb := testKB(t)
	sc, ok := kb.Scenario(id)
	if !ok {
		t.Fatalf("no scenario %s", id)
	}
	s, err := interview.NewSession(kb, sc, interviewClock)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// perfectAnswer is the reference answer to the step on screen.
func perfectAnswer(t testing.TB, s *interview.Session, q interview.Question) string {
	t.Helper()
	if v, ok := s.ReferenceValue(q.ID); ok {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	switch q.ID {
	case "stage":
		return strconv.Itoa(s.Plan.Stage.Number)
	case "components":
		var ids []string
		for _, c := range s.Plan.Components {
			if c.ID != "egress" {
				ids = append(ids, c.ID)
			}
		}
		return strings.Join(ids, ",")
	case "breaks_first":
		return s.Plan.BreaksFirst.ID
	}
	t.Fatalf("no answer for %s", q.ID)
	return ""
}

func TestDrillInterviewFlow(t *testing.T) {
	s := newInterview(t, "pastebin")
	d := newDrillDriver(t, s, DrillOptions{Title: "Interview · Pastebin", Now: interviewClock}, 80, 24)
	d.mustContain("Interview · Pastebin", "Pastebin", "Given", "Writes per day", "1M", "Press enter to start.")

	d.keys("enter")
	d.mustContain("1/9  Average QPS", "Average requests per second over a day", "> ", "requests per second, like 12k")
	// An answer that cannot be read stays, with the reason.
	d.answer("lots")
	d.mustContain(`"lots": want requests per second`)
	if d.m.state != drillAsk {
		t.Fatalf("an unreadable answer left the question (state %d)", d.m.state)
	}
	for range 4 {
		d.keys("backspace")
	}
	for {
		q, ok := s.Current()
		if !ok {
			break
		}
		d.answer(perfectAnswer(t, s, q))
		d.mustContain(q.Title+": full marks, 10/10", "Press enter for the next question.")
		d.keys("enter")
	}
	if !d.m.Done() {
		t.Fatalf("not on the report after the last step:\n%s", d.view())
	}
	d.mustContain("Score: 90 of 90 (100%) · Pastebin", "score 90/90", "Step", "You said", "Reference")
	d.keys("down", "pgdown")
	d.keys("q")
	if !d.quit || d.m.Aborted() {
		t.Errorf("q on the report: quit %v, aborted %v", d.quit, d.m.Aborted())
	}
}

func TestDrillSkipAndAbort(t *testing.T) {
	s := newInterview(t, "chat")
	d := newDrillDriver(t, s, DrillOptions{Now: interviewClock}, 80, 24)
	d.keys("enter", "enter") // start, then skip the first step
	d.mustContain("Average QPS: skipped, 0/10", "the reference is")
	d.keys("enter")
	d.mustContain("2/9  Peak QPS")
	d.keys("ctrl+c")
	if !d.quit || !d.m.Aborted() {
		t.Errorf("ctrl+c: quit %v, aborted %v", d.quit, d.m.Aborted())
	}
}

func TestDrillTimer(t *testing.T) {
	s := newInterview(t, "chat")
	now := interviewClock()
	d := newDrillDriver(t, s, DrillOptions{Timer: 2 * time.Minute, Now: func() time.Time { return now }}, 80, 24)
	d.mustContain("⏱ 2:00")
	d.keys("enter")
	now = now.Add(90 * time.Second)
	d.send(drillTickMsg(now))
	d.mustContain("⏱ 0:30", "1/9")
	now = now.Add(31 * time.Second)
	d.send(drillTickMsg(now))
	if !d.m.Done() {
		t.Fatalf("the time ran out but the drill goes on:\n%s", d.view())
	}
	d.mustContain("time is up", "Stopped: time is up")
	if r := s.Result(); r.Stopped != "time is up" || r.Score != 0 {
		t.Errorf("stopped %q with %g points", r.Stopped, r.Score)
	}
}

func TestDrillQuiz(t *testing.T) {
	q, err := interview.NewQuiz(testKB(t), interview.QuizOptions{Seed: 1, Count: 2, Topics: []string{"powers"}})
	if err != nil {
		t.Fatal(err)
	}
	d := newDrillDriver(t, q, DrillOptions{Title: "Quiz"}, 80, 24)
	d.mustContain("Quiz: 2 cards on powers. Seed 1")
	d.keys("enter")
	d.mustContain("1/2  Powers of two", "2^20 is about how many?")
	d.answer("1M")
	d.mustContain("Right: 1M (1,048,576)")
	d.keys("enter", "enter", "enter")
	d.mustContain("Score: 1 of 2 (50%) · seed 1")
}

func TestDrillTooSmall(t *testing.T) {
	d := newDrillDriver(t, newInterview(t, "chat"), DrillOptions{}, 50, 12)
	d.mustContain("The terminal is 50×12.", "needs at least 60×16")
	d.keys("enter")
	if d.m.state != drillIntro {
		t.Error("a key on a too-small screen moved the drill on")
	}
}

// TestDrillGoldenViews draws the interview's screens at 60x16, 80x24 and
// 120x40 and compares them, as plain text, with testdata/TestDrillGoldenViews.
// Run with -update after a deliberate change and read the diff.
func TestDrillGoldenViews(t *testing.T) {
	screens := []struct {
		name string
		keys func(d *drillDriver, s *interview.Session)
	}{
		{name: "intro"},
		{name: "question", keys: func(d *drillDriver, s *interview.Session) { d.keys("enter") }},
		{name: "error", keys: func(d *drillDriver, s *interview.Session) { d.keys("enter"); d.answer("twelve") }},
		{name: "feedback", keys: func(d *drillDriver, s *interview.Session) { d.keys("enter"); d.answer("~10,000") }},
		{name: "stage", keys: func(d *drillDriver, s *interview.Session) {
			d.keys("enter")
			for range 6 {
				d.keys("enter", "enter")
			}
		}},
		{name: "report", keys: func(d *drillDriver, s *interview.Session) {
			d.keys("enter")
			for {
				q, ok := s.Current()
				if !ok {
					break
				}
				d.answer(perfectAnswer(t, s, q))
				d.keys("enter")
			}
		}},
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				s := newInterview(t, "url-shortener")
				d := newDrillDriver(t, s, DrillOptions{Title: "Interview · URL shortener", Timer: 45 * time.Minute, Now: interviewClock}, size[0], size[1])
				if sc.keys != nil {
					sc.keys(d, s)
				}
				golden.RequireEqual(t, d.view()+"\n")
			})
		}
	}
}
