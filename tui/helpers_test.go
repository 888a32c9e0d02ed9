package tui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// blinkPC and tickPC identify commands that wait on a timer: a cursor's
// blink and tea.Tick. The driver drops them; everything else a model asks
// for runs at once.
var (
	blinkPC = func() uintptr {
		c := cursor.New()
		c.SetMode(cursor.CursorBlink)
		return reflect.ValueOf(c.Focus()).Pointer()
	}()
	tickPC = reflect.ValueOf(tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil })).Pointer()
)

var cmdSliceType = reflect.TypeOf([]tea.Cmd(nil))

// driver runs a Model as a program would, without a terminal or timers:
// each message goes through Update, and the commands it returns run at
// once, their messages delivered in order. Tests send keys and read views.
type driver struct {
	t    testing.TB
	m    *Model
	quit bool
	held []tea.Cmd // commands held back by sendHeld, run by flush
}

func testKB(t testing.TB) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

// testOptions are options with a fixed background, so views do not depend
// on the terminal the tests run in.
func testOptions(t testing.TB) Options {
	return Options{KB: testKB(t), Dark: true, FixedBackground: true, Dir: t.TempDir()}
}

func newDriver(t testing.TB, opts Options, width, height int) *driver {
	t.Helper()
	d := &driver{t: t, m: New(opts)}
	d.run(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

// send delivers messages one by one, running the commands each returns.
func (d *driver) send(msgs ...tea.Msg) {
	d.t.Helper()
	for _, msg := range msgs {
		_, cmd := d.m.Update(msg)
		d.run(cmd)
	}
}

// sendHeld delivers messages without running their commands, as when
// keys arrive faster than the program turns commands into messages.
func (d *driver) sendHeld(msgs ...tea.Msg) {
	for _, msg := range msgs {
		_, cmd := d.m.Update(msg)
		d.held = append(d.held, cmd)
	}
}

// flush runs the commands held back.
func (d *driver) flush() {
	held := d.held
	d.held = nil
	for _, c := range held {
		d.run(c)
	}
}

// run executes a command tree depth first, feeding messages back.
func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
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
		msg := d.call(c)
		if msg == nil {
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			d.quit = true
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
			inner := v.Convert(cmdSliceType).Interface().([]tea.Cmd)
			queue = append(append([]tea.Cmd{}, inner...), queue...)
			continue
		}
		_, next := d.m.Update(msg)
		queue = append([]tea.Cmd{next}, queue...)
	}
}

// call runs one command, failing the test if it blocks: a command that
// waits is a timer the driver does not know to drop.
func (d *driver) call(c tea.Cmd) tea.Msg {
	d.t.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(5 * time.Second):
		d.t.Fatal("a command blocked for 5s")
		return nil
	}
}

// keyMsg builds the key press a terminal would send for a key name.
func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+r":
		return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// keys presses keys by name.
func (d *driver) keys(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

// typeText types text a character at a time.
func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// answer types text into the focused field and presses enter.
func (d *driver) answer(s string) {
	d.t.Helper()
	d.typeText(s)
	d.keys("enter")
}

// view is the screen as plain text.
func (d *driver) view() string { return ansi.Strip(d.m.View().Content) }

// focused is the key of the focused questionnaire field.
func (d *driver) focused() string {
	d.t.Helper()
	if d.m.state != stateAsk {
		d.t.Fatalf("not on the questionnaire (state %d)", d.m.state)
	}
	return d.m.ask.form.GetFocusedField().GetKey()
}

// mustContain fails unless the view shows every want, allowing for text
// wrapped over lines.
func (d *driver) mustContain(wants ...string) {
	d.t.Helper()
	v := d.view()
	flat := flatten(v)
	for _, w := range wants {
		if !strings.Contains(v, w) && !strings.Contains(flat, flatten(w)) {
			d.t.Fatalf("the screen does not show %q:\n%s", w, v)
		}
	}
}

// advise is the advisor's plan for a, for comparing with what the TUI shows.
func advise(t testing.TB, a answers.Answers) *advisor.Plan {
	t.Helper()
	p, err := advisor.New(testKB(t)).Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mustAnswers builds answers from key/value text pairs.
func mustAnswers(t testing.TB, kv ...string) answers.Answers {
	t.Helper()
	a := answers.Answers{Version: answers.Version}
	for i := 0; i+1 < len(kv); i += 2 {
		f, ok := answers.Lookup(kv[i])
		if !ok {
			t.Fatalf("no answer %q", kv[i])
		}
		if err := a.Set(f, kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// toResults answers a small system's questions the quick way: users,
// then ctrl+r.
func toResults(t testing.TB, d *driver) {
	t.Helper()
	d.answer("Acme")
	d.keys("enter") // no preset
	d.answer("2M")
	d.keys("ctrl+r")
	if d.m.state != stateResults {
		t.Fatalf("ctrl+r did not open the results:\n%s", d.view())
	}
}

var hyphenBreak = regexp.MustCompile(`-[ \t]*\n[ \t]*`)

// flatten joins wrapped lines: runs of spaces, line breaks and the frame
// characters at line ends become one space.
func flatten(s string) string {
	s = strings.NewReplacer("│", " ", "┃", " ").Replace(s)
	s = hyphenBreak.ReplaceAllString(s, "-")
	return strings.Join(strings.Fields(s), " ")
}

// samePlans reports whether two plans are the same. Answers read from a
// file record where each was given (answers.yaml:3), which is not part of
// the answer: they are compared by value, the rest of the plans exactly.
func samePlans(a, b *advisor.Plan) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !a.Answers.Equal(&b.Answers) {
		return false
	}
	bb := *b
	bb.Answers = a.Answers
	return reflect.DeepEqual(a, &bb)
}
