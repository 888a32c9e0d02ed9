package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/interview"
	"github.com/scaleplan/scaleplan/knowledge"
)

// DrillOptions configure the full-screen interview and quiz.
type DrillOptions struct {
	Title           string        // shown at the top left
	Timer           time.Duration // countdown; 0 for none
	Dark            bool          // the background is dark, until the terminal says otherwise
	FixedBackground bool          // ignore the terminal's report of its background (tests)
	NoColor         bool          // NO_COLOR
	Width, Height   int           // the first frame's size, before the terminal reports it
	Now             func() time.Time
}

// DrillResult is how a full-screen drill ended.
type DrillResult struct {
	Aborted bool // ctrl+c or SIGINT: the drill is unfinished
}

// RunDrill runs an interview or a quiz full-screen, drawing on out
// (standard error) and reading keys from in. It returns when the person
// leaves the report, or presses ctrl+c (Aborted).
func RunDrill(ctx context.Context, d interview.Drill, opts DrillOptions, in io.Reader, out io.Writer, env []string) (DrillResult, error) {
	m := NewDrill(d, opts)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env))
	final, err := p.Run()
	if fm, ok := final.(*DrillModel); ok && fm != nil {
		m = fm
	}
	res := DrillResult{Aborted: m.aborted}
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
		res.Aborted, err = true, nil
	}
	return res, err
}

// drillState is the page the drill is on.
type drillState int

const (
	drillIntro    drillState = iota // the scenario and its givens
	drillAsk                        // a question and the answer being typed
	drillFeedback                   // the verdict on the last answer
	drillDone                       // the report
)

// drillKeys are the drill's keys, with their help.
type drillKeys struct {
	Submit, Next, Quit, Abort, Up, Down, PageUp, PageDown key.Binding
}

func newDrillKeys() drillKeys {
	return drillKeys{
		Submit:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer (empty skips)")),
		Next:     key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "next")),
		Quit:     key.NewBinding(key.WithKeys("q", "esc", "enter"), key.WithHelp("q", "quit")),
		Abort:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "stop")),
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "scroll")),
		Down:     key.NewBinding(key.WithKeys("down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
	}
}

// DrillModel is a full-screen interview or quiz: the intro, then each
// question with an answer line, the verdict after each answer, and the
// report, with an optional countdown. It draws; the Drill grades. Tests
// drive it with messages.
type DrillModel struct {
	d      interview.Drill
	opts   DrillOptions
	keys   drillKeys
	styles *Styles
	dark   bool
	width  int
	height int
	state  drillState

	input    textinput.Model
	vp       viewport.Model
	q        interview.Question
	fb       interview.Feedback
	errMsg   string
	now      func() time.Time
	deadline time.Time
	timeUp   bool
	aborted  bool
}

// drillTickMsg advances the countdown.
type drillTickMsg time.Time

// NewDrill builds the full-screen model for a drill.
func NewDrill(d interview.Drill, opts DrillOptions) *DrillModel {
	m := &DrillModel{d: d, opts: opts, keys: newDrillKeys(), dark: opts.Dark, width: opts.Width, height: opts.Height, now: opts.Now}
	if m.now == nil {
		m.now = time.Now
	}
	if m.width <= 0 || m.height <= 0 {
		m.width, m.height = 80, 24
	}
	if opts.Timer > 0 {
		m.deadline = m.now().Add(opts.Timer)
	}
	m.styles = NewStyles(m.dark, opts.NoColor)
	m.input = textinput.New()
	m.input.Prompt = "> "
	m.restyleInput()
	m.vp = viewport.New()
	m.vp.SoftWrap = false
	m.layout()
	m.toIntro()
	return m
}

// Aborted reports that the person pressed ctrl+c.
func (m *DrillModel) Aborted() bool { return m.aborted }

// Done reports that the drill is over and the report is on screen.
func (m *DrillModel) Done() bool { return m.state == drillDone }

func (m *DrillModel) restyleInput() {
	st := textinput.DefaultStyles(m.dark)
	if m.opts.NoColor {
		plain := lipgloss.NewStyle()
		st.Focused = textinput.StyleState{Text: plain, Placeholder: plain, Suggestion: plain, Prompt: plain}
		st.Blurred = st.Focused
		st.Cursor.Color = lipgloss.NoColor{}
	}
	st.Cursor.Blink = false
	m.input.SetStyles(st)
}

// Init asks for the background and starts the countdown.
func (m *DrillModel) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.opts.Timer > 0 {
		cmds = append(cmds, m.tick())
	}
	return tea.Batch(cmds...)
}

func (m *DrillModel) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return drillTickMsg(t) })
}

// bodyHeight is the rows between the header and the footer: the title
// and its rule above; the rule, the answer line and the hint (wrapped,
// never cut) below.
func (m *DrillModel) bodyHeight() int { return max(1, m.height-3-lipgloss.Height(m.footer())) }

func (m *DrillModel) layout() {
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(m.bodyHeight())
	m.input.SetWidth(max(10, m.width-4))
}

func (m *DrillModel) contentWidth() int { return min(m.width, interview.MaxWidth) }

func (m *DrillModel) toIntro() {
	m.state = drillIntro
	m.vp.SetContent(m.d.Intro(m.contentWidth()))
	m.vp.GotoTop()
}

func (m *DrillModel) toNext() tea.Cmd {
	q, ok := m.d.Current()
	if !ok {
		m.toDone()
		return nil
	}
	m.state, m.q, m.errMsg = drillAsk, q, ""
	m.input.Reset()
	m.setQuestion()
	return m.input.Focus()
}

func (m *DrillModel) setQuestion() {
	s, w := m.styles, m.contentWidth()
	var b strings.Builder
	context := m.q.Context
	if g, ok := m.d.(interface{ Givens(width int) string }); ok {
		context = g.Givens(w) // wrapped for this window, not the 80 columns Context is
	}
	if context != "" {
		b.WriteString(s.Faint.Render(strings.TrimRight(context, "\n")))
		b.WriteString("\n\n")
	}
	b.WriteString(s.Strong.Render(fmt.Sprintf("%d/%d  %s", m.q.Number, m.q.Of, m.q.Title)))
	b.WriteString("\n")
	b.WriteString(lipgloss.Wrap(m.q.Ask, w, " "))
	b.WriteString("\n")
	if m.q.Multi {
		keys := make([]string, len(m.q.Choices))
		for i, c := range m.q.Choices {
			keys[i] = c.Key
		}
		b.WriteString(s.Label.Render(indentBlock(listWrap(keys, w-2), 2)))
		b.WriteString("\n")
	} else {
		for _, c := range m.q.Choices {
			lead := fmt.Sprintf("  %3s  ", c.Key)
			if c.ID != "" {
				lead += fmt.Sprintf("%-24s ", c.ID)
			}
			// A long choice wraps under itself rather than being cut.
			pad := strings.Repeat(" ", ansiWidth(lead))
			b.WriteString(lead + strings.ReplaceAll(wrapANSI(c.Label, max(10, w-ansiWidth(lead))), "\n", "\n"+pad))
			b.WriteString("\n")
		}
	}
	m.vp.SetContent(strings.TrimRight(b.String(), "\n"))
	m.vp.GotoBottom()
}

func (m *DrillModel) toFeedback(fb interview.Feedback) {
	m.state, m.fb = drillFeedback, fb
	m.input.Blur()
	s := m.styles
	text := strings.TrimRight(interview.FeedbackText(fb, m.contentWidth()), "\n")
	head, rest, _ := strings.Cut(text, "\n")
	style := s.Bad
	switch fb.Grade {
	case interview.GradeFull:
		style = s.Good
	case interview.GradePartial, interview.GradeLittle:
		style = s.Warn
	case interview.GradeSkipped:
		style = s.Label
	}
	var b strings.Builder
	b.WriteString(s.Strong.Render(fmt.Sprintf("%d/%d  %s", m.q.Number, m.q.Of, m.q.Title)))
	b.WriteString("\n\n")
	b.WriteString(style.Render(head))
	if rest != "" {
		b.WriteString("\n" + rest)
	}
	m.vp.SetContent(b.String())
	m.vp.GotoTop()
}

func (m *DrillModel) toDone() {
	m.state = drillDone
	m.input.Blur()
	m.vp.SetContent(strings.TrimRight(m.d.Report(m.contentWidth()), "\n"))
	m.vp.GotoTop()
}

// refresh redraws the page's content at the current size and colours.
func (m *DrillModel) refresh() {
	switch m.state {
	case drillIntro:
		off := m.vp.YOffset()
		m.toIntro()
		m.vp.SetYOffset(off)
	case drillAsk:
		m.setQuestion()
	case drillFeedback:
		m.toFeedback(m.fb)
	case drillDone:
		off := m.vp.YOffset()
		m.toDone()
		m.vp.SetYOffset(off)
	}
}

// Update handles keys, the countdown and the terminal's size and colours,
// then fits the content to the rows the footer leaves.
func (m *DrillModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	model, cmd := m.update(msg)
	m.fitBody()
	return model, cmd
}

// fitBody gives the content the rows the footer leaves, which change with
// the hint or an error; content scrolled to its end stays there.
func (m *DrillModel) fitBody() {
	if h := m.bodyHeight(); h != m.vp.Height() {
		atEnd := m.vp.AtBottom()
		m.vp.SetHeight(h)
		if atEnd {
			m.vp.GotoBottom()
		}
	}
}

func (m *DrillModel) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width <= 0 || msg.Height <= 0 {
			return m, nil
		}
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		m.refresh()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opts.FixedBackground || msg.IsDark() == m.dark {
			return m, nil
		}
		m.dark = msg.IsDark()
		m.styles = m.styles.restyle(m.dark)
		m.restyleInput()
		m.refresh()
		return m, nil
	case drillTickMsg:
		if m.state == drillDone {
			return m, nil
		}
		if !time.Time(msg).Before(m.deadline) || !m.now().Before(m.deadline) {
			m.timeUp = true
			m.d.Stop("time is up")
			m.toDone()
			return m, nil
		}
		return m, m.tick()
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Abort) {
			m.aborted = true
			return m, tea.Quit
		}
		if m.tooSmall() {
			return m, nil
		}
		return m, m.updateKey(msg)
	case tea.PasteMsg:
		if m.state == drillAsk {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

func (m *DrillModel) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.PageUp):
		m.vp.PageUp()
		return nil
	case key.Matches(msg, m.keys.PageDown):
		m.vp.PageDown()
		return nil
	case key.Matches(msg, m.keys.Up):
		m.vp.ScrollUp(1)
		return nil
	case key.Matches(msg, m.keys.Down):
		m.vp.ScrollDown(1)
		return nil
	}
	switch m.state {
	case drillIntro:
		switch {
		case key.Matches(msg, m.keys.Next):
			return m.toNext()
		}
	case drillAsk:
		if key.Matches(msg, m.keys.Submit) {
			fb, err := m.d.Answer(m.input.Value())
			if err != nil {
				m.errMsg = err.Error()
				return nil
			}
			m.errMsg = ""
			m.toFeedback(fb)
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	case drillFeedback:
		switch {
		case key.Matches(msg, m.keys.Next):
			return m.toNext()
		}
	case drillDone:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return tea.Quit
		}
	}
	return nil
}

func (m *DrillModel) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View draws the drill full-window.
func (m *DrillModel) View() tea.View { return fullWindow(m.render()) }

func (m *DrillModel) render() string {
	if m.tooSmall() {
		return tooSmallNote(m.width, m.height, "stop")
	}
	s := m.styles
	var right []string
	switch m.state {
	case drillAsk, drillFeedback:
		right = append(right, fmt.Sprintf("%d/%d", m.q.Number, m.q.Of))
	case drillDone:
		if pts, most := m.d.Score(); most > 0 {
			right = append(right, fmt.Sprintf("score %s/%s", trimNum(pts), trimNum(most)))
		}
	}
	if m.opts.Timer > 0 {
		left := m.deadline.Sub(m.now())
		if m.timeUp || m.state == drillDone {
			left = max(0, left)
		}
		label := "⏱ " + interview.Countdown(left)
		if m.timeUp {
			label = "time is up"
		}
		if left < time.Minute && m.state != drillDone {
			label = s.Warn.Render(label)
		}
		right = append(right, label)
	}
	title := m.opts.Title
	if title == "" {
		title = "scaleplan"
	}
	var b strings.Builder
	b.WriteString(spread(s.Title.Render(title), strings.Join(right, " · "), m.width))
	b.WriteString("\n")
	b.WriteString(s.Rule.Render(strings.Repeat("─", m.width)))
	b.WriteString("\n")
	b.WriteString(fitLines(m.vp.View(), m.width, m.bodyHeight()))
	b.WriteString("\n")
	b.WriteString(s.Rule.Render(strings.Repeat("─", m.width)))
	b.WriteString("\n")
	b.WriteString(m.footer())
	return fitLines(b.String(), m.width, m.height)
}

// footer is what goes under the content: what enter does and the keys, or
// the answer line with the hint or the error under it, wrapped.
func (m *DrillModel) footer() string {
	s := m.styles
	switch m.state {
	case drillIntro:
		return s.Label.Render("Press enter to start.") + "\n" + m.help("enter", "start", "↑/↓", "scroll", "ctrl+c", "stop")
	case drillAsk:
		line := s.Faint.Render(m.q.Hint + " · enter answers, empty skips")
		if m.errMsg != "" {
			line = s.StatusErr.Render(m.errMsg)
		}
		return ansiFit(m.input.View(), m.width) + "\n" + wrapANSI(line, m.width)
	case drillFeedback:
		return s.Label.Render("Press enter for the next question.") + "\n" + m.help("enter", "next", "↑/↓", "scroll", "ctrl+c", "stop")
	}
	return s.Label.Render("The end. Scroll to read it all.") + "\n" + m.help("↑/↓ pgup/pgdn", "scroll", "q", "quit")
}

// help draws key/description pairs on one line.
func (m *DrillModel) help(pairs ...string) string {
	s := m.styles
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, s.HelpKey.Render(pairs[i])+" "+s.HelpDesc.Render(pairs[i+1]))
	}
	return ansiFit(strings.Join(parts, s.HelpSep.Render(" · ")), m.width)
}

// listWrap joins items with commas into lines of at most width columns,
// never breaking an item (ids like read-replica stay whole).
func listWrap(items []string, width int) string {
	var lines []string
	line := ""
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		switch {
		case line == "":
			line = it
		case ansiWidth(line)+1+ansiWidth(it) <= width:
			line += " " + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	return strings.Join(append(lines, line), "\n")
}

func trimNum(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// PickScenario asks which scenario to practise, full-screen; aborted is
// true on ctrl+c.
func PickScenario(ctx context.Context, kb *knowledge.Base, opts DrillOptions, in io.Reader, out io.Writer, env []string) (id string, aborted bool, err error) {
	m := newPickModel(kb, opts)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env))
	final, err := p.Run()
	if fm, ok := final.(*pickModel); ok && fm != nil {
		m = fm
	}
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return "", true, nil
	}
	if err != nil {
		return "", false, err
	}
	if m.aborted || m.form.State != huh.StateCompleted {
		return "", true, nil
	}
	return m.choice, false, nil
}

// pickModel is the scenario picker: one huh select.
type pickModel struct {
	form          *huh.Form
	styles        *Styles
	choice        string
	aborted       bool
	width, height int
}

func newPickModel(kb *knowledge.Base, opts DrillOptions) *pickModel {
	m := &pickModel{styles: NewStyles(opts.Dark, opts.NoColor), width: 80, height: 24}
	var options []huh.Option[string]
	for i, sc := range kb.Scenarios {
		options = append(options, huh.NewOption(fmt.Sprintf("%2d  %s", i+1, sc.Title), sc.ID))
	}
	if len(kb.Scenarios) > 0 {
		m.choice = kb.Scenarios[0].ID
	}
	m.form = huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title("Which interview?").
			Description("Estimate, then design; each answer is graded against scaleplan's plan.").
			Options(options...).Height(min(len(options)+2, 18)).Value(&m.choice),
	)).WithTheme(m.styles.Form()).WithShowHelp(true).WithWidth(76)
	return m
}

func (m *pickModel) Init() tea.Cmd { return m.form.Init() }

func (m *pickModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 1), max(msg.Height, 1)
		m.form.WithWidth(max(20, min(m.width-4, 76)))
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" || msg.String() == "esc" {
			m.aborted = true
			return m, tea.Quit
		}
	}
	_, cmd := m.form.Update(msg)
	if m.form.State == huh.StateCompleted {
		return m, tea.Quit
	}
	return m, cmd
}

func (m *pickModel) View() tea.View {
	out := m.styles.Title.Render("scaleplan interview") + "\n\n" + m.form.View()
	v := tea.NewView(fitLines(out, m.width, m.height))
	v.AltScreen = true
	return v
}
