package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/scaleplan/scaleplan/export"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// The smallest terminal the advisor draws in; below it, it says so.
const (
	MinWidth  = 60
	MinHeight = 16
)

// state is the page the advisor is on.
type state int

const (
	stateResume  state = iota // offering to resume the last answers
	stateAsk                  // the questionnaire
	stateResults              // the plan
)

// Model is the advisor: a resume prompt, the questionnaire and the
// results, each a small page model. It is a tea.Model; tests drive it with
// messages.
type Model struct {
	opts   Options
	ad     *advisor.Advisor
	styles *Styles
	dark   bool
	width  int
	height int
	state  state

	resume    *huh.Form
	resumeYes bool
	ask       *askPage
	res       *resultsPage
	saver     *saver
	abortKey  key.Binding
	saveErr   error
	// memo is what the form remembered when it was last left (the kind
	// picked, steady or spiky, a daily-user share, the field it was on), so
	// going back to it or resuming shows it as it was.
	memo      formMemo
	savedMemo formMemo // the memo kept beside the saved answers

	aborted      bool
	abortPending bool // ctrl+c came while typed keys were waiting
	abortQueued  int  // keys still waiting when the ctrl+c's wait last ticked
}

// abortNowMsg ends a ctrl+c that waited for typed keys, should they stop
// being taken.
type abortNowMsg struct{}

// abortTick is how long a ctrl+c waits for typed keys to make progress.
// The keys go in as fast as the program runs; the wait only ends one
// whose focus never moves, so on a busy machine it goes on while they
// are still being taken.
func abortTick() tea.Cmd {
	return tea.Tick(250*time.Millisecond, func(time.Time) tea.Msg { return abortNowMsg{} })
}

// New builds the advisor for opts. With preloaded answers that give a
// plan it opens on the results; with saved answers it offers to resume;
// otherwise it starts the questionnaire.
func New(opts Options) *Model {
	m := &Model{
		opts:     opts,
		ad:       advisor.New(opts.KB),
		dark:     opts.Dark,
		width:    max(opts.Width, 0),
		height:   max(opts.Height, 0),
		saver:    &saver{path: opts.StatePath},
		abortKey: key.NewBinding(key.WithKeys("ctrl+c")),
	}
	if m.width == 0 || m.height == 0 {
		m.width, m.height = 80, 24
	}
	m.styles = NewStyles(m.dark, opts.NoColor)
	switch {
	case opts.Answers != nil:
		a := opts.Answers.Clone()
		if p, err := m.ad.Advise(a); err == nil {
			m.toResults(a, p)
		} else {
			m.toAsk(a)
			m.ask.notice = "Cannot plan these answers yet: " + err.Error()
		}
	case opts.Saved != nil:
		m.state = stateResume
		m.resumeYes = true
		m.savedMemo = loadMemo(opts.StatePath)
		m.resume = huh.NewForm(huh.NewGroup(
			huh.NewConfirm().Key("resume").
				Title("Pick up where you left off?").
				Description("Start over keeps your last answers on disk until you answer something new.").
				Affirmative("Resume").Negative("Start over").Value(&m.resumeYes),
		)).WithTheme(m.styles.Form()).WithKeyMap(dialogKeyMap()).WithShowHelp(true)
		m.sizeResume()
	default:
		m.toAsk(answers.Answers{Version: answers.Version})
	}
	return m
}

// sizeResume fits the resume question to the window.
func (m *Model) sizeResume() {
	w := max(20, min(m.width-4, 76))
	m.resume.WithWidth(w)
	sizeForm(m.resume, w)
}

// toAsk opens the questionnaire on a, with what the form remembered.
func (m *Model) toAsk(a answers.Answers) {
	m.state = stateAsk
	m.ask = newAskPage(m.opts.KB, m.ad, m.styles, a, m.memo, m.width, m.height)
	m.ask.focusMoved()
	m.res = nil
}

func (m *Model) toResults(a answers.Answers, p *advisor.Plan) {
	if m.state == stateAsk && m.ask != nil {
		m.memo = m.ask.memo()
	}
	m.state = stateResults
	m.res = newResultsPage(m.ad, m.styles, a, p, m.opts.Dir, m.width, m.height, resultsContext{ladder: len(m.opts.KB.Stages), pattern: m.memo.Pattern})
	m.ask = nil
}

// Init asks the terminal for its background (unless there is no colour to
// choose) and starts the first page.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if !m.opts.NoColor {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	switch m.state {
	case stateResume:
		cmds = append(cmds, m.resume.Init())
	case stateAsk:
		cmds = append(cmds, m.askInit())
	}
	return tea.Batch(cmds...)
}

// askInit starts the questionnaire on the field the person was last on.
func (m *Model) askInit() tea.Cmd {
	cmd := m.ask.init(m.memo.Focus)
	m.ask.focusMoved()
	return cmd
}

// Memo is what the form remembers beside the answers.
func (m *Model) Memo() formMemo {
	switch m.state {
	case stateAsk:
		return m.ask.memo()
	case stateResume:
		return m.savedMemo
	}
	return m.memo
}

// Answers is every answer given so far: what ctrl+c keeps.
func (m *Model) Answers() answers.Answers {
	switch m.state {
	case stateAsk:
		return m.ask.answers()
	case stateResults:
		return m.res.answers.Clone()
	}
	if m.opts.Saved != nil {
		return m.opts.Saved.Clone()
	}
	return answers.Answers{Version: answers.Version}
}

// Plan is the plan on screen, or nil before the results.
func (m *Model) Plan() *advisor.Plan {
	if m.state == stateResults {
		return m.res.plan
	}
	return nil
}

// Aborted reports that the person pressed ctrl+c.
func (m *Model) Aborted() bool { return m.aborted }

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// Update routes a message to the page on screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width <= 0 || msg.Height <= 0 {
			return m, nil // not a terminal: keep drawing at the default size
		}
		m.width, m.height = msg.Width, msg.Height
		switch m.state {
		case stateAsk:
			m.ask.resize(m.width, m.height)
		case stateResults:
			m.res.resize(m.width, m.height)
		case stateResume:
			m.sizeResume()
		}
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opts.FixedBackground || msg.IsDark() == m.dark {
			return m, nil
		}
		m.dark = msg.IsDark()
		m.styles = m.styles.restyle(m.dark)
		switch m.state {
		case stateAsk:
			m.ask.restyle(m.styles)
		case stateResults:
			m.res.restyle(m.styles)
		case stateResume:
			m.resume.WithTheme(m.styles.Form())
		}
		return m, nil
	case savedMsg:
		m.saveErr = msg.err
		failure := ""
		if msg.err != nil {
			failure = "Could not save the answers: " + msg.err.Error()
		}
		switch m.state {
		case stateAsk:
			m.ask.failure = failure
			m.ask.fit()
		case stateResults:
			if failure != "" {
				m.res.setStatus(failure, true)
			}
		}
		return m, nil
	case abortNowMsg:
		if m.aborted {
			return m, nil
		}
		if left := len(m.ask.typed.queue); m.state == stateAsk && m.ask.typed.busy() && left < m.abortQueued {
			m.abortQueued = left // still being taken: wait on
			return m, abortTick()
		}
		m.aborted = true
		return m, tea.Quit
	case tea.KeyPressMsg:
		if key.Matches(msg, m.abortKey) {
			if m.state == stateAsk && m.ask.typed.busy() {
				// Keys typed before ctrl+c are still waiting for the focus
				// to move; they are answers too. Quit once they are in.
				m.abortPending, m.abortQueued = true, len(m.ask.typed.queue)+1
				return m, abortTick()
			}
			m.aborted = true
			return m, tea.Quit
		}
		if m.tooSmall() {
			return m, nil // nothing the person can see should change
		}
	}
	switch m.state {
	case stateResume:
		return m, m.updateResume(msg)
	case stateAsk:
		return m, m.updateAsk(msg)
	default:
		return m, m.updateResults(msg)
	}
}

func (m *Model) updateResume(msg tea.Msg) tea.Cmd {
	_, cmd := m.resume.Update(msg)
	if m.resume.State != huh.StateCompleted {
		return cmd
	}
	a := answers.Answers{Version: answers.Version}
	m.memo = formMemo{}
	if m.resumeYes {
		a = m.opts.Saved.Clone()
		m.memo = m.savedMemo
	}
	m.toAsk(a)
	return m.askInit()
}

func (m *Model) updateAsk(msg tea.Msg) tea.Cmd {
	cmd, ev := m.ask.update(msg)
	if m.abortPending && !m.ask.typed.busy() {
		m.aborted = true
		return tea.Batch(cmd, tea.Quit)
	}
	var save tea.Cmd
	if m.ask.focusMoved() {
		save = m.saver.save(m.ask.answers(), m.ask.memo())
	}
	switch ev {
	case askDone, askResults:
		a := m.ask.answers()
		p, err := m.ad.Advise(a)
		if err != nil {
			if ev == askDone {
				m.memo = m.ask.memo()
				m.toAsk(a) // a completed form cannot go on; start it again on the same answers
				m.ask.notice = "Cannot plan yet: " + err.Error()
				return tea.Batch(save, m.askInit())
			}
			m.ask.notice = "Cannot plan yet: " + err.Error()
			m.ask.fit()
			return tea.Batch(cmd, save)
		}
		m.toResults(a, p)
		return tea.Batch(save, m.saver.save(a, m.memo))
	}
	return tea.Batch(cmd, save)
}

func (m *Model) updateResults(msg tea.Msg) tea.Cmd {
	cmd, ev := m.res.update(msg)
	switch ev {
	case resultsQuit:
		return tea.Quit
	case resultsBack:
		a := m.res.answers.Clone()
		m.toAsk(a)
		return m.askInit()
	case resultsAdopted:
		return tea.Batch(cmd, m.saver.save(m.res.answers, m.memo))
	}
	return cmd
}

// View draws the page on screen, full-window, or a note that the terminal
// is too small.
func (m *Model) View() tea.View { return fullWindow(m.render()) }

func (m *Model) render() string {
	if m.tooSmall() {
		return tooSmallNote(m.width, m.height, "keep your answers and quit")
	}
	var out string
	switch m.state {
	case stateResume:
		out = m.resumeView()
	case stateAsk:
		out = m.ask.view()
	default:
		out = m.res.view()
	}
	return fitLines(out, m.width, m.height)
}

func (m *Model) resumeView() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render("scaleplan"))
	b.WriteString("\n\n")
	b.WriteString(wrapANSI(s.Strong.Render("Saved answers")+s.Faint.Render(" in "+homeShort(filepath.Dir(m.opts.StatePath))), m.width))
	b.WriteString("\n")
	form := m.resume.View()
	rows := savedRows(m.opts.KB, *m.opts.Saved, m.savedMemo)
	room := max(1, m.height-lipgloss.Height(b.String())-lipgloss.Height(form)-1)
	lw := 0
	for _, r := range rows {
		lw = max(lw, ansiWidth(r[0]))
	}
	for i, r := range rows {
		if i == room-1 && len(rows) > room {
			b.WriteString(s.Faint.Render(fmt.Sprintf("  and %d more", len(rows)-i)))
			b.WriteString("\n")
			break
		}
		b.WriteString(ansiFit("  "+s.Label.Render(fmt.Sprintf("%-*s", lw, r[0]))+"  "+r[1], m.width))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString(form)
	return b.String()
}

// savedRows are the saved answers as a person reads them: each answer's
// label and its value, as the form would show it.
func savedRows(kb *knowledge.Base, a answers.Answers, memo formMemo) [][2]string {
	var rows [][2]string
	if p := presetByID(memo.Kind); p.ID != "" {
		rows = append(rows, [2]string{"Kind of product", p.Label})
	}
	for _, f := range answers.Fields {
		if !a.Has(f) {
			continue
		}
		var v string
		switch f.Kind {
		case answers.KindText:
			v = export.OneLine(a.Name)
		case answers.KindTraits:
			v = strings.Join(a.Traits, ", ")
		case answers.KindWord:
			v = a.Provider
			if c := kb.Catalogs[a.Provider]; c != nil {
				v = c.Display()
			}
		default:
			n, _ := a.Value(f)
			v = f.Display(n)
			if typed, ok := memo.Typed[f.Key]; ok && sameAnswer(a, f.Key, typed) {
				v += " (" + typed + " of monthly users)"
			}
		}
		rows = append(rows, [2]string{f.Label, v})
	}
	return rows
}

// ansiFit cuts a styled line to width.
func ansiFit(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

func ansiWidth(s string) int { return ansi.StringWidth(s) }

// fitLines cuts every line to width and the block to exactly height lines.
func fitLines(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = ansiFit(strings.TrimRight(l, " "), width)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// spread puts left and right on one line of width, right-aligned; the
// left side is cut to keep the right in view.
func spread(left, right string, width int) string {
	rw := ansiWidth(right)
	if rw+12 > width {
		return ansiFit(left, width)
	}
	left = ansiFit(left, width-rw-2)
	return left + strings.Repeat(" ", width-ansiWidth(left)-rw) + right
}

func indentBlock(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}
