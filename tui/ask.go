package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// askEvent is what the questionnaire asks of the program after an update.
type askEvent int

const (
	askNothing askEvent = iota
	askDone             // the last page was answered
	askResults          // show the plan now (ctrl+r)
)

// header is the rows above the form: the page crumbs, and a blank line
// when the window is tall enough to spare it.
func (p *askPage) header() int {
	if p.height < 24 {
		return 1
	}
	return 2
}

// askPage is the questionnaire: five short pages of huh fields, with a
// live line showing the stage and peak the answers so far imply.
type askPage struct {
	st     *formState
	form   *huh.Form
	ad     *advisor.Advisor
	styles *Styles
	keys   askKeys
	help   help.Model
	width  int
	height int
	ladder int // stages on the ladder, for "stage 5 of 9"

	live     *advisor.Plan    // the plan for the answers so far; nil without traffic
	liveErr  error            // why there is no plan
	liveKey  string           // the answers the live plan is for
	invalid  []*answers.Field // fields whose text does not read; the live plan is then out of date
	focus    string           // the focused field's key
	formH    int              // the height given to the form
	formView string           // the form as last drawn, by fit after every change
	typed    keyQueue         // keys typed while the focus moves
	notice   string           // a message under the form, e.g. why the plan cannot show yet
	failure  string           // the answers could not be saved
}

func newAskPage(kb *knowledge.Base, ad *advisor.Advisor, s *Styles, a answers.Answers, memo formMemo, width, height int) *askPage {
	p := &askPage{st: newFormState(kb, a, s.Form(), false, memo), ad: ad, styles: s, keys: newAskKeys(), help: help.New(),
		width: width, height: height, ladder: len(kb.Stages)}
	p.help.Styles = s.helpStyles()
	var groups []*huh.Group
	for _, fields := range p.st.pages {
		var fs []huh.Field
		for _, fi := range fields {
			fs = append(fs, fi.shown)
		}
		groups = append(groups, huh.NewGroup(fs...))
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled()) // ctrl+c saves and quits, handled above the form
	// The multi-select toggles with x or space; say both, as the title does.
	km.MultiSelect.Toggle.SetHelp("x/space", "pick")
	// Errors are drawn under their own field (shownField), not in the footer.
	p.form = huh.NewForm(groups...).WithTheme(s.Form()).WithKeyMap(km).WithShowHelp(true).WithShowErrors(false)
	p.resize(width, height)
	p.refreshLive()
	return p
}

// init starts the form on the field with key focus, or on the first.
func (p *askPage) init(focus string) tea.Cmd {
	cmd := p.form.Init()
	if focus != "" {
		cmd = tea.Batch(cmd, p.focusKey(focus))
	}
	p.fit()
	return cmd
}

func (p *askPage) resize(width, height int) {
	p.width, p.height = width, height
	p.formH = 0
	p.st.fitWidth(width)
	p.form.WithWidth(width)
	p.help.SetWidth(width)
	p.fit()
}

// fit keeps the form inside its rows. huh sizes a group's fields to the
// height given but draws a blank line and its footer (help) below them, so
// the height given is shrunk by what overflows. The rows below the form
// (the live line, a notice) wrap, so they are measured first.
func (p *askPage) fit() {
	avail := max(6, p.height-p.header()-lipgloss.Height(p.footer()))
	if p.formH == 0 || p.formH > avail {
		p.formH = avail
		p.setFormHeight()
	}
	for range 3 {
		p.formView = p.form.View()
		over := lipgloss.Height(p.formView) - avail
		if over <= 0 {
			return
		}
		p.formH = max(4, p.formH-over)
		p.setFormHeight()
	}
	p.formView = p.form.View()
}

// setFormHeight gives the form its rows and has it place the focused field
// in them again: huh scrolls a page for the rows it had when last drawn.
func (p *askPage) setFormHeight() {
	p.form.WithHeight(p.formH)
	p.redraw()
}

func (p *askPage) restyle(s *Styles) {
	p.styles = s
	p.help.Styles = s.helpStyles()
	p.fit()
	p.form.WithTheme(s.Form())
}

// answers is every answer given so far that parses.
func (p *askPage) answers() answers.Answers { return p.st.answers() }

// memo is what the form remembers beside the answers, with the field it is on.
func (p *askPage) memo() formMemo { return p.st.memo(p.focus) }

func (p *askPage) update(msg tea.Msg) (tea.Cmd, askEvent) {
	ev := askNothing
	cmd, _ := p.typed.handle(func() *huh.Form { return p.form }, msg, func(m tea.Msg) (tea.Cmd, bool) {
		c, e := p.deliver(m)
		if e != askNothing {
			ev = e
		}
		return c, e != askNothing
	})
	return cmd, ev
}

// deliver passes one message to the form.
func (p *askPage) deliver(msg tea.Msg) (tea.Cmd, askEvent) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		p.notice = ""
		if key.Matches(k, p.keys.Results) {
			if p.live == nil {
				p.notice = "No plan yet: " + p.liveReason()
				p.fit()
				return nil, askNothing
			}
			return nil, askResults
		}
		if p.leavesTrafficPage(k) && !hasTraffic(p.st.answers()) {
			// Checked as the page is left forward, never going back: the
			// focus goes to the first traffic question, the reason under it.
			cmd := p.focusKey(answers.Users.Key)
			if f := p.shownField(answers.Users.Key); f != nil {
				f.note = human.Capitalise(errNoTraffic.Error()) + "."
			}
			p.redraw()
			p.refreshLive()
			p.fit()
			return cmd, askNothing
		}
	}
	_, cmd := p.form.Update(msg)
	p.st.applyPreset()
	p.st.refreshDefaults()
	p.refreshLive()
	p.fit()
	if p.form.State == huh.StateCompleted {
		return cmd, askDone
	}
	return cmd, askNothing
}

// redrawMsg makes huh draw its page again: a group draws its fields only
// when it gets a message.
type redrawMsg struct{}

// redraw has the form draw the current page again, after a note changed.
func (p *askPage) redraw() { p.form.Update(redrawMsg{}) }

// leavesTrafficPage reports a key that moves on from the Traffic page's
// last field.
func (p *askPage) leavesTrafficPage(k tea.KeyPressMsg) bool {
	fields := p.st.pages[pageTraffic]
	if len(fields) == 0 || p.form.GetFocusedField() != huh.Field(fields[len(fields)-1].shown) {
		return false
	}
	switch k.String() {
	case "enter", "tab":
		return true
	}
	return false
}

// where finds a field's page and its place on the page; -1 when it is not
// on the form.
func (p *askPage) where(match func(fieldInfo) bool) (page, int) {
	for pg, fields := range p.st.pages {
		for i, fi := range fields {
			if match(fi) {
				return page(pg), i
			}
		}
	}
	return -1, -1
}

func (p *askPage) shownField(key string) *shownField {
	pg, i := p.where(func(fi fieldInfo) bool { return fi.key == key })
	if pg < 0 {
		return nil
	}
	return p.st.pages[pg][i].shown
}

// focusKey moves the focus to the field with key at once, across pages. It
// steps a field at a time, as enter and shift+tab would, so each page keeps
// the field it was last on: going back a page lands where going forward
// left it.
func (p *askPage) focusKey(key string) tea.Cmd {
	tp, ti := p.where(func(fi fieldInfo) bool { return fi.key == key })
	if tp < 0 {
		return nil
	}
	var cmds []tea.Cmd
	for range 64 {
		cur := p.form.GetFocusedField()
		cp, ci := p.where(func(fi fieldInfo) bool { return huh.Field(fi.shown) == cur })
		if cp < 0 || cp == tp && ci == ti {
			break
		}
		last := len(p.st.pages[cp]) - 1
		switch {
		case cp < tp && ci == last:
			cmds = append(cmds, cur.Blur(), p.form.NextGroup())
		case cp > tp && ci == 0:
			cmds = append(cmds, cur.Blur(), p.form.PrevGroup())
		case cp < tp || cp == tp && ci < ti:
			cmds = append(cmds, p.form.NextField())
		default:
			cmds = append(cmds, p.form.PrevField())
		}
		if p.form.GetFocusedField() == cur {
			break // huh would not move: stay rather than loop
		}
	}
	return tea.Batch(cmds...)
}

// focusMoved reports, once, that the focus left a field: the moment an
// answer counts as given and is saved.
func (p *askPage) focusMoved() bool {
	f := p.form.GetFocusedField()
	if f == nil {
		return false
	}
	k := f.GetKey()
	moved := k != p.focus
	p.focus = k
	if moved {
		p.st.commit()
	}
	return moved
}

// refreshLive advises on the answers so far, when they changed, and notes
// the fields whose text does not read.
func (p *askPage) refreshLive() {
	a, errs := p.st.answersExcept("")
	p.invalid = p.invalid[:0]
	for _, q := range textQuestions {
		if errs[q.key] != nil {
			p.invalid = append(p.invalid, q.field)
		}
	}
	k := string(answers.Marshal(a))
	if k == p.liveKey {
		return
	}
	p.liveKey = k
	p.live, p.liveErr = nil, nil
	if !hasTraffic(a) {
		return
	}
	p.live, p.liveErr = p.ad.Advise(a)
}

func (p *askPage) liveReason() string {
	if p.liveErr != nil {
		return p.liveErr.Error()
	}
	return "give monthly users, daily users or a measured peak on the Traffic page"
}

// page is the page of the focused field.
func (p *askPage) page() page {
	f := p.form.GetFocusedField()
	if pg, _ := p.where(func(fi fieldInfo) bool { return huh.Field(fi.shown) == f }); pg >= 0 {
		return pg
	}
	return pageProduct
}

func (p *askPage) view() string {
	var b strings.Builder
	b.WriteString(p.crumbs())
	b.WriteString(strings.Repeat("\n", p.header()))
	b.WriteString(fitLines(p.formView, p.width, p.height-p.header()-lipgloss.Height(p.footer())))
	b.WriteString("\n")
	b.WriteString(p.footer())
	return b.String()
}

// crumbs is the title and the pages, the current one numbered; the title
// goes first when the row is too narrow.
func (p *askPage) crumbs() string {
	s := p.styles
	now := p.page()
	var crumbs []string
	for i, name := range pageNames {
		switch {
		case page(i) < now:
			crumbs = append(crumbs, s.PageDone.Render("✓ "+name))
		case page(i) == now:
			crumbs = append(crumbs, s.PageNow.Render(fmt.Sprintf("%d/%d %s", i+1, len(pageNames), name)))
		default:
			crumbs = append(crumbs, s.PageTodo.Render(name))
		}
	}
	row := strings.Join(crumbs, s.Faint.Render(" › "))
	if full := s.Title.Render("scaleplan") + "  " + row; ansiWidth(full) <= p.width {
		return full
	}
	return ansiFit(row, p.width)
}

// footer is the rule, the live line and the keys, or a notice in their
// place; each wraps to the width rather than being cut.
func (p *askPage) footer() string {
	s := p.styles
	var b strings.Builder
	b.WriteString(s.Rule.Render(strings.Repeat("─", p.width)))
	b.WriteString("\n")
	b.WriteString(wrapANSI(p.liveLine(), p.width))
	b.WriteString("\n")
	switch {
	case p.failure != "":
		b.WriteString(wrapANSI(s.StatusErr.Render(p.failure), p.width))
	case p.notice != "":
		b.WriteString(wrapANSI(s.StatusErr.Render(p.notice), p.width))
	default:
		b.WriteString(ansiFit(p.help.ShortHelpView(p.keys.ShortHelp()), p.width))
	}
	return b.String()
}

// liveLine is the stage, peak and cost the answers so far imply, from the
// advisor; "—" until there is a traffic figure. While a field's text does
// not read, the plan shown is the one before it, and says so.
func (p *askPage) liveLine() string {
	s := p.styles
	label := s.LiveLabel.Render("Live ")
	if p.live == nil {
		why := "give monthly users, daily users or a peak"
		if p.liveErr != nil {
			why = p.liveErr.Error()
		}
		return label + s.Live.Render("stage —") + s.Faint.Render(" · "+why)
	}
	pl := p.live
	over := pl.Budget != nil && !pl.Budget.Fits
	tail := ""
	if over {
		tail = " over budget"
	}
	figures := fmt.Sprintf(" · peak %s rps · %s/mo", human.Count(pl.Inputs.PeakRPS), human.USD(pl.Cost.MonthlyUSD))
	text := fmt.Sprintf("stage %d %s", pl.Stage.Number, pl.Stage.Name) + figures
	if ansiWidth("Live "+text+tail) > p.width {
		text = fmt.Sprintf("stage %d", pl.Stage.Number) + figures // the name gives way first
	}
	if len(p.invalid) > 0 {
		var names []string
		for _, f := range p.invalid {
			names = append(names, f.Label)
		}
		return label + s.Warn.Render("out of date until "+strings.Join(names, ", ")+" reads: ") + s.Faint.Render(text)
	}
	line := label + s.Live.Render(text)
	if over {
		line += " " + s.Bad.Render("over budget")
	}
	return line
}

// wrapANSI wraps styled text to width, never cutting it.
func wrapANSI(text string, width int) string {
	lines := strings.Split(lipgloss.Wrap(text, max(10, width), " "), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
