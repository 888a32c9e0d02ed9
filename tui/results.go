package tui

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/export"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// resultsMode is what the results page is showing.
type resultsMode int

const (
	modeBrowse resultsMode = iota
	modeDialog
	modeWhatIf
)

// resultsEvent is what the results page asks of the program.
type resultsEvent int

const (
	resultsNothing resultsEvent = iota
	resultsBack                 // b: back to the answers
	resultsQuit                 // q
	resultsAdopted              // a what-if became the answers
)

// resultsContext is what the results are drawn with besides the plan.
type resultsContext struct {
	ladder  int    // stages on the ladder
	pattern string // steady or spiky as chosen on the form; "" when not said
	height  int    // the window's rows, set as the tab is drawn
}

// resultsPage shows the plan in tabs, and runs export, save and what-if.
type resultsPage struct {
	plan    *advisor.Plan
	answers answers.Answers
	ad      *advisor.Advisor
	styles  *Styles
	keys    resultKeys
	wkeys   whatIfKeys
	dkeys   dialogKeys
	help    help.Model
	width   int
	height  int
	dir     string
	ctx     resultsContext

	tab      tab
	vp       viewport.Model
	rendered map[tab]string // tab content for the current width and plan
	mode     resultsMode
	dialog   *dialog
	whatif   *whatIfPage
	status   string
	isErr    bool
	queue    keyQueue // keys typed while a dialog's focus moves
}

func newResultsPage(ad *advisor.Advisor, s *Styles, a answers.Answers, p *advisor.Plan, dir string, width, height int, ctx resultsContext) *resultsPage {
	r := &resultsPage{plan: p, answers: a.Clone(), ad: ad, styles: s, keys: newResultKeys(), wkeys: newWhatIfKeys(),
		dkeys: newDialogKeys(), help: help.New(), dir: dir, vp: viewport.New(), ctx: ctx}
	r.applyHelpStyles()
	r.resize(width, height)
	return r
}

func (r *resultsPage) applyHelpStyles() { r.help.Styles = r.styles.helpStyles() }

func (r *resultsPage) restyle(s *Styles) {
	r.styles = s
	r.applyHelpStyles()
	if r.dialog != nil {
		r.dialog.restyle(s)
	}
	r.rendered = nil
	r.refresh(false)
}

// headerHeight is the title, the tabs and their rule.
const headerHeight = 3

func (r *resultsPage) resize(width, height int) {
	r.width, r.height = width, height
	r.help.SetWidth(width)
	r.rendered = nil
	r.refresh(false)
}

// footer is the rows under the content: the status (wrapped, never cut),
// or where the view is scrolled to, then the keys.
func (r *resultsPage) footer() string {
	var b strings.Builder
	// The status row is always there, so the content's height does not
	// change as it scrolls; a long message wraps onto more rows.
	b.WriteString(r.statusLine())
	b.WriteString("\n")
	switch {
	case r.mode == modeDialog && r.dialog != nil:
		b.WriteString(ansiFit(r.help.ShortHelpView(append(r.dialog.keys(), r.dkeys.Cancel)), r.width))
	case r.mode == modeWhatIf && r.help.ShowAll:
		b.WriteString(r.help.FullHelpView(r.wkeys.FullHelp()))
	case r.mode == modeWhatIf:
		b.WriteString(ansiFit(r.help.ShortHelpView(r.wkeys.ShortHelp()), r.width))
	case r.help.ShowAll:
		cols := r.keys.FullHelp()
		if r.width < 80 {
			cols = r.keys.columns(2)
		}
		b.WriteString(r.help.FullHelpView(cols))
	default:
		b.WriteString(ansiFit(r.help.ShortHelpView(r.keys.ShortHelp()), r.width))
	}
	return b.String()
}

// bodyHeight is the rows for the tab's content: all but the header and
// the footer. A dialog takes the tab row and rule too.
func (r *resultsPage) bodyHeight() int {
	h := r.height - headerHeight - lipgloss.Height(r.footer())
	if r.mode == modeDialog {
		h += 2
	}
	return max(1, h)
}

// refresh lays out the content for the current tab or what-if.
func (r *resultsPage) refresh(top bool) {
	r.vp.SetWidth(r.width)
	var content string
	switch r.mode {
	case modeWhatIf:
		content = r.whatif.content(r.width, r.styles)
	default:
		if r.rendered == nil {
			r.rendered = map[tab]string{}
		}
		c, ok := r.rendered[r.tab]
		if !ok {
			ctx := r.ctx
			ctx.height = r.height
			c = renderTab(r.tab, r.plan, r.width, r.styles, ctx)
			r.rendered[r.tab] = c
		}
		content = c
	}
	y := r.vp.YOffset()
	r.vp.SetContent(content)
	r.vp.SetHeight(r.bodyHeight())
	if top {
		r.vp.GotoTop()
	} else {
		r.vp.SetYOffset(y)
	}
	if r.dialog != nil && (r.dialog.width != r.width || r.dialog.height != r.bodyHeight()) {
		r.dialog.resize(r.width, r.bodyHeight())
	}
}

func (r *resultsPage) setStatus(text string, isErr bool) {
	r.status, r.isErr = text, isErr
	r.refresh(false)
}

func (r *resultsPage) update(msg tea.Msg) (tea.Cmd, resultsEvent) {
	switch msg := msg.(type) {
	case writtenMsg:
		return r.written(msg), resultsNothing
	}
	switch r.mode {
	case modeDialog:
		return r.updateDialog(msg), resultsNothing
	case modeWhatIf:
		return r.updateWhatIf(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, resultsNothing
	}
	if r.status != "" {
		r.status = ""
		r.refresh(false)
	}
	switch {
	case key.Matches(k, r.keys.Quit):
		return nil, resultsQuit
	case key.Matches(k, r.keys.Back):
		return nil, resultsBack
	case key.Matches(k, r.keys.NextTab):
		r.tab = (r.tab + 1) % tab(len(tabNames))
		r.refresh(true)
	case key.Matches(k, r.keys.PrevTab):
		r.tab = (r.tab + tab(len(tabNames)) - 1) % tab(len(tabNames))
		r.refresh(true)
	case key.Matches(k, r.keys.Pick):
		r.tab = tab(k.String()[0] - '1')
		r.refresh(true)
	case key.Matches(k, r.keys.Up):
		r.vp.ScrollUp(1)
	case key.Matches(k, r.keys.Down):
		r.vp.ScrollDown(1)
	case key.Matches(k, r.keys.PageUp):
		r.vp.PageUp()
	case key.Matches(k, r.keys.PageDn):
		r.vp.PageDown()
	case key.Matches(k, r.keys.Top):
		r.vp.GotoTop()
	case key.Matches(k, r.keys.Bottom):
		r.vp.GotoBottom()
	case key.Matches(k, r.keys.Help):
		r.help.ShowAll = !r.help.ShowAll
		r.refresh(false)
	case key.Matches(k, r.keys.Export):
		return r.openDialog(dialogExport), resultsNothing
	case key.Matches(k, r.keys.Save):
		return r.openDialog(dialogSave), resultsNothing
	case key.Matches(k, r.keys.WhatIf):
		r.whatif = newWhatIfPage(r.ad, r.answers, r.plan)
		r.mode = modeWhatIf
		r.help.ShowAll = false
		r.refresh(true)
	}
	return nil, resultsNothing
}

func (r *resultsPage) openDialog(kind dialogKind) tea.Cmd {
	r.mode = modeDialog
	r.help.ShowAll = false
	r.dialog = newDialog(kind, r.dir, r.styles, r.width, r.bodyHeight())
	r.queue = keyQueue{}
	r.refresh(false)
	return r.dialog.init()
}

func (r *resultsPage) closeDialog(status string, isErr bool) {
	r.mode, r.dialog = modeBrowse, nil
	r.setStatus(status, isErr)
}

// written ends a write: the dialog closes with what was written, or stays
// open with the reason under the file name.
func (r *resultsPage) written(msg writtenMsg) tea.Cmd {
	if r.dialog == nil {
		return nil
	}
	if msg.err != nil {
		r.dialog.failed(msg.err)
		r.refresh(false)
		return r.dialog.init()
	}
	r.closeDialog(msg.describe(r.dir), false)
	return nil
}

func (r *resultsPage) updateDialog(msg tea.Msg) tea.Cmd {
	d := r.dialog
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, r.dkeys.Cancel) {
		r.closeDialog("Cancelled; nothing written.", false)
		return nil
	}
	if d.writing {
		return nil
	}
	cmd, done := r.queue.handle(func() *huh.Form { return d.form }, msg, func(m tea.Msg) (tea.Cmd, bool) {
		_, c := d.form.Update(m)
		d.follow()
		return c, d.form.State != huh.StateNormal
	})
	r.refresh(false)
	if !done {
		return cmd
	}
	switch d.step {
	case stepAsk:
		path, format := d.resolve()
		d.target, d.format = path, format
		if isDir(path) {
			d.failed(fmt.Errorf("%s is a directory; give a file name", shownPath(r.dir, path)))
			r.refresh(false)
			return d.init()
		}
		if exists(path) {
			d.confirmForm()
			r.refresh(false)
			return d.init()
		}
		d.writing = true
		return writeCmd(d.kind, path, format, false, r.plan, r.answers)
	default:
		if !d.ok {
			r.closeDialog("Kept "+shownPath(r.dir, d.target)+"; nothing written.", false)
			return nil
		}
		d.writing = true
		return writeCmd(d.kind, d.target, d.format, true, r.plan, r.answers)
	}
}

func (r *resultsPage) updateWhatIf(msg tea.Msg) (tea.Cmd, resultsEvent) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, resultsNothing
	}
	w := r.whatif
	if r.status != "" {
		r.status = ""
		r.refresh(false)
	}
	switch {
	case key.Matches(k, r.wkeys.Quit):
		return nil, resultsQuit
	case key.Matches(k, r.wkeys.Help):
		r.help.ShowAll = !r.help.ShowAll
		r.refresh(false)
	case key.Matches(k, r.wkeys.Close):
		r.mode, r.whatif = modeBrowse, nil
		r.help.ShowAll = false
		r.refresh(true)
	case key.Matches(k, r.wkeys.Next):
		w.sel = (w.sel + 1) % len(scenarios)
		r.refresh(true)
	case key.Matches(k, r.wkeys.Prev):
		w.sel = (w.sel + len(scenarios) - 1) % len(scenarios)
		r.refresh(true)
	case key.Matches(k, r.wkeys.Pick):
		w.sel = int(k.String()[0] - '1')
		r.refresh(true)
	case key.Matches(k, r.wkeys.Up):
		r.vp.ScrollUp(max(1, lineIf(k.String() == "pgup", r.vp.Height())))
	case key.Matches(k, r.wkeys.Down):
		r.vp.ScrollDown(max(1, lineIf(k.String() == "pgdown" || k.String() == "space", r.vp.Height())))
	case key.Matches(k, r.wkeys.Adopt):
		res := w.results[w.sel]
		if res.err != nil {
			r.setStatus(res.err.Error(), true)
			return nil, resultsNothing
		}
		r.answers, r.plan = res.answers.Clone(), res.plan
		r.mode, r.whatif, r.rendered = modeBrowse, nil, nil
		r.help.ShowAll = false
		r.setStatus("Kept the change: "+res.change+". Press b to see it in your answers.", false)
		r.refresh(true)
		return nil, resultsAdopted
	}
	return nil, resultsNothing
}

func lineIf(cond bool, n int) int {
	if cond {
		return n
	}
	return 1
}

func (r *resultsPage) view() string {
	s := r.styles
	var b strings.Builder
	b.WriteString(r.titleRow())
	b.WriteString("\n")
	switch r.mode {
	case modeDialog:
		// The dialog takes the tab row and its rule: a 60×16 window has
		// room for it then.
		b.WriteString(fitLines(indentBlock(r.dialog.box(), min(2, max(0, r.width-ansiWidth(firstLine(r.dialog.box()))))), r.width, r.bodyHeight()))
	case modeWhatIf:
		b.WriteString(r.whatif.tabs(r.width, s))
		b.WriteString("\n")
		b.WriteString(s.Rule.Render(strings.Repeat("─", r.width)))
		b.WriteString("\n")
		b.WriteString(fitLines(r.vp.View(), r.width, r.vp.Height()))
	default:
		tabs, rule := r.tabRow()
		b.WriteString(tabs)
		b.WriteString("\n")
		b.WriteString(rule)
		b.WriteString("\n")
		b.WriteString(fitLines(r.vp.View(), r.width, r.vp.Height()))
	}
	b.WriteString("\n")
	b.WriteString(r.footer())
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// titleRow is the product, its stage and its cost with the budget verdict;
// the left side gives way (first the program's name, then the stage's)
// before the verdict does.
func (r *resultsPage) titleRow() string {
	s := r.styles
	p := r.plan
	right := human.USD(p.Cost.MonthlyUSD) + "/mo"
	switch bu := p.Budget; {
	case bu == nil:
	case !bu.Fits:
		right = s.Bad.Render(right + " over budget")
	case p.Cost.HighUSD > bu.MonthlyUSD:
		right = s.Warn.Render(right + ", high band over budget")
	default:
		right = s.Good.Render(right + " fits budget")
	}
	name := s.Strong.Render(export.OneLine(p.Name))
	stage := s.Faint.Render(fmt.Sprintf(" · stage %d: %s", p.Stage.Number, p.Stage.Name))
	room := r.width - ansiWidth(right) - 2
	for _, left := range []string{
		s.Title.Render("scaleplan") + "  " + name + stage,
		name + stage,
		name + s.Faint.Render(fmt.Sprintf(" · stage %d", p.Stage.Number)),
	} {
		if ansiWidth(left) <= room {
			return spread(left, right, r.width)
		}
	}
	return spread(name, right, r.width)
}

// tabRow draws the tab names and the rule under them; the current tab's
// part of the rule is heavy, so it shows without colour too. The row takes
// the first form that fits: numbered names, full names, first words, first
// words without padding; failing those, the tabs around the current one.
func (r *resultsPage) tabRow() (string, string) {
	s := r.styles
	first := make([]string, len(tabNames))
	numbered := make([]string, len(tabNames))
	for i, n := range tabNames {
		first[i] = strings.Fields(n)[0]
		numbered[i] = fmt.Sprintf("%d %s", i+1, n)
	}
	type form struct {
		names []string
		pad   string
	}
	forms := []form{{numbered, " "}, {tabNames, " "}, {first, " "}, {first, ""}}
	width := func(f form) int {
		w := len(f.names) - 1
		for _, n := range f.names {
			w += len([]rune(n)) + 2*len(f.pad)
		}
		return w
	}
	chosen := forms[len(forms)-1]
	for _, f := range forms {
		if width(f) <= r.width {
			chosen = f
			break
		}
	}
	lo, hi := 0, len(chosen.names)
	for width(form{chosen.names[lo:hi], chosen.pad})+2 > r.width && hi-lo > 1 {
		// Keep the current tab in view: drop the tab farthest from it.
		if int(r.tab)-lo > hi-1-int(r.tab) {
			lo++
		} else {
			hi--
		}
	}
	var row, rule strings.Builder
	if lo > 0 {
		row.WriteString(s.Faint.Render("‹"))
		rule.WriteString(s.Rule.Render("─"))
	}
	for i := lo; i < hi; i++ {
		cell := chosen.pad + chosen.names[i] + chosen.pad
		w := len([]rune(cell))
		if tab(i) == r.tab {
			row.WriteString(s.TabActive.Render(cell))
			rule.WriteString(s.TabRule.Render(strings.Repeat("━", w)))
		} else {
			row.WriteString(s.TabInactive.Render(cell))
			rule.WriteString(s.Rule.Render(strings.Repeat("─", w)))
		}
		if i < hi-1 {
			row.WriteString(s.Faint.Render("│"))
			rule.WriteString(s.Rule.Render("┴"))
		}
	}
	if hi < len(chosen.names) {
		row.WriteString(s.Faint.Render("›"))
		rule.WriteString(s.Rule.Render("─"))
	}
	used := ansiWidth(rule.String())
	if used < r.width {
		rule.WriteString(s.Rule.Render(strings.Repeat("─", r.width-used)))
	}
	return ansiFit(row.String(), r.width), ansiFit(rule.String(), r.width)
}

// statusLine is the last message, wrapped to the width, or where the view
// is scrolled to.
func (r *resultsPage) statusLine() string {
	s := r.styles
	if r.status != "" {
		st := s.Status
		if r.isErr {
			st = s.StatusErr
		}
		return wrapANSI(st.Render(r.status), r.width)
	}
	if r.mode == modeDialog {
		return ""
	}
	if r.vp.TotalLineCount() > r.vp.Height() {
		more := "↑↓ scroll"
		switch {
		case r.vp.AtTop():
			more = "↓ more below"
		case r.vp.AtBottom():
			more = "↑ more above"
		}
		return ansiFit(s.Faint.Render(fmt.Sprintf("%s · %d%%", more, int(r.vp.ScrollPercent()*100))), r.width)
	}
	return ""
}
