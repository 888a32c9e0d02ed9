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

func newResultsPage(ad *advisor.Advisor, s *Styles, a answers.Answers, p *advisor.Plan, dir string, width, height int) *resultsPage {
	r := &resultsPage{plan: p, answers: a.Clone(), ad: ad, styles: s, keys: newResultKeys(), wkeys: newWhatIfKeys(),
		dkeys: newDialogKeys(), help: help.New(), dir: dir, vp: viewport.New()}
	r.applyHelpStyles()
	r.resize(width, height)
	return r
}

func (r *resultsPage) applyHelpStyles() { r.help.Styles = r.styles.helpStyles() }

func (r *resultsPage) restyle(s *Styles) {
	r.styles = s
	r.applyHelpStyles()
	r.rendered = nil
	r.refresh(false)
}

// footerHeight is the rows under the content: status and help, or the full help.
func (r *resultsPage) footerHeight() int {
	if r.help.ShowAll && r.mode == modeBrowse {
		return 1 + lineCount(r.help.FullHelpView(r.keys.FullHelp()))
	}
	return 2
}

// headerHeight is the title, the tabs and their rule.
const headerHeight = 3

func (r *resultsPage) resize(width, height int) {
	r.width, r.height = width, height
	r.help.SetWidth(width)
	r.rendered = nil
	r.refresh(false)
}

// refresh lays out the content for the current tab or what-if.
func (r *resultsPage) refresh(top bool) {
	r.vp.SetWidth(r.width)
	r.vp.SetHeight(max(1, r.height-headerHeight-r.footerHeight()))
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
			c = renderTab(r.tab, r.plan, r.width, r.styles)
			r.rendered[r.tab] = c
		}
		content = c
	}
	y := r.vp.YOffset()
	r.vp.SetContent(content)
	if top {
		r.vp.GotoTop()
	} else {
		r.vp.SetYOffset(y)
	}
}

func (r *resultsPage) setStatus(text string, isErr bool) { r.status, r.isErr = text, isErr }

func (r *resultsPage) update(msg tea.Msg) (tea.Cmd, resultsEvent) {
	switch msg := msg.(type) {
	case writtenMsg:
		if msg.err != nil {
			r.setStatus(msg.err.Error(), true)
		} else {
			r.setStatus(msg.describe(r.dir), false)
		}
		return nil, resultsNothing
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
	r.status = ""
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
		r.refresh(true)
	default:
		if n := k.String(); len(n) == 1 && n[0] >= '1' && int(n[0]-'1') < len(tabNames) {
			r.tab = tab(n[0] - '1')
			r.refresh(true)
		}
	}
	return nil, resultsNothing
}

func (r *resultsPage) openDialog(kind dialogKind) tea.Cmd {
	r.dialog = newDialog(kind, r.dir, r.styles.Form(), r.width)
	r.mode = modeDialog
	r.queue = keyQueue{}
	return r.dialog.form.Init()
}

func (r *resultsPage) closeDialog(status string, isErr bool) {
	r.mode, r.dialog = modeBrowse, nil
	r.setStatus(status, isErr)
	r.refresh(false)
}

func (r *resultsPage) updateDialog(msg tea.Msg) tea.Cmd {
	d := r.dialog
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, r.dkeys.Cancel) {
		r.closeDialog("Cancelled; nothing written.", false)
		return nil
	}
	cmd, done := r.queue.handle(func() *huh.Form { return d.form }, msg, func(m tea.Msg) (tea.Cmd, bool) {
		_, c := d.form.Update(m)
		return c, d.form.State != huh.StateNormal
	})
	if !done {
		return cmd
	}
	switch d.step {
	case stepAsk:
		path, format := d.resolve()
		d.target, d.format = path, format
		if exists(path) {
			d.confirmForm()
			return d.form.Init()
		}
		r.closeDialog("Writing "+shownPath(r.dir, path)+"…", false)
		return writeCmd(d.kind, path, format, false, r.plan, r.answers)
	default:
		if !d.ok {
			r.closeDialog("Kept "+shownPath(r.dir, d.target)+"; nothing written.", false)
			return nil
		}
		r.closeDialog("Writing "+shownPath(r.dir, d.target)+"…", false)
		return writeCmd(d.kind, d.target, d.format, true, r.plan, r.answers)
	}
}

func (r *resultsPage) updateWhatIf(msg tea.Msg) (tea.Cmd, resultsEvent) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, resultsNothing
	}
	w := r.whatif
	switch {
	case key.Matches(k, r.wkeys.Quit):
		return nil, resultsQuit
	case key.Matches(k, r.wkeys.Close):
		r.mode, r.whatif = modeBrowse, nil
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
	// Title: the product, its stage and its cost.
	name := export.OneLine(r.plan.Name)
	left := s.Title.Render("scaleplan") + "  " + s.Strong.Render(name) + s.Faint.Render(fmt.Sprintf(" · stage %d (0–8): %s", r.plan.Stage.Number, r.plan.Stage.Name))
	right := human.USD(r.plan.Cost.MonthlyUSD) + "/mo"
	if bu := r.plan.Budget; bu != nil && !bu.Fits {
		right = s.Bad.Render(right + " over budget")
	} else if bu != nil {
		right = s.Good.Render(right + " fits budget")
	}
	b.WriteString(spread(left, right, r.width))
	b.WriteString("\n")
	// Tabs, with a heavy rule under the current one.
	if r.mode == modeWhatIf {
		b.WriteString(r.whatif.tabs(r.width, s))
		b.WriteString("\n")
		b.WriteString(s.Rule.Render(strings.Repeat("─", r.width)))
	} else {
		tabs, rule := r.tabRow()
		b.WriteString(tabs)
		b.WriteString("\n")
		b.WriteString(rule)
	}
	b.WriteString("\n")
	// Content.
	body := r.vp.View()
	if r.mode == modeDialog {
		body = r.dialogView()
	}
	b.WriteString(fitLines(body, r.width, r.vp.Height()))
	b.WriteString("\n")
	// Status and help.
	b.WriteString(r.statusLine())
	b.WriteString("\n")
	switch {
	case r.mode == modeDialog:
		b.WriteString(ansiFit(r.help.ShortHelpView([]key.Binding{r.dkeys.Cancel}), r.width))
	case r.mode == modeWhatIf:
		b.WriteString(ansiFit(r.help.ShortHelpView(r.wkeys.ShortHelp()), r.width))
	case r.help.ShowAll:
		b.WriteString(fitLines(r.help.FullHelpView(r.keys.FullHelp()), r.width, r.footerHeight()-1))
	default:
		b.WriteString(ansiFit(r.help.ShortHelpView(r.keys.ShortHelp()), r.width))
	}
	return b.String()
}

// tabRow draws the tab names and the rule under them; the current tab's
// part of the rule is heavy, so it shows without colour too. Names shorten
// to their first word when the row is too wide.
func (r *resultsPage) tabRow() (string, string) {
	s := r.styles
	names := tabNames
	total := 0
	for _, n := range names {
		total += len([]rune(n)) + 4
	}
	if total > r.width {
		short := make([]string, len(names))
		for i, n := range names {
			short[i] = strings.Fields(n)[0]
		}
		names = short
	}
	var row, rule strings.Builder
	for i, n := range names {
		cell := " " + n + " "
		w := len([]rune(cell))
		if tab(i) == r.tab {
			row.WriteString(s.TabActive.Render(cell))
			rule.WriteString(s.TabRule.Render(strings.Repeat("━", w)))
		} else {
			row.WriteString(s.TabInactive.Render(cell))
			rule.WriteString(s.Rule.Render(strings.Repeat("─", w)))
		}
		if i < len(names)-1 {
			row.WriteString(s.Faint.Render("│"))
			rule.WriteString(s.Rule.Render("┴"))
		}
	}
	used := ansiWidth(rule.String())
	if used < r.width {
		rule.WriteString(s.Rule.Render(strings.Repeat("─", r.width-used)))
	}
	return ansiFit(row.String(), r.width), ansiFit(rule.String(), r.width)
}

func (r *resultsPage) statusLine() string {
	s := r.styles
	if r.status != "" {
		st := s.Status
		if r.isErr {
			st = s.StatusErr
		}
		return ansiFit(st.Render(r.status), r.width)
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

// dialogView draws the export or save dialog in a box.
func (r *resultsPage) dialogView() string {
	d := r.dialog
	inner := r.styles.DialogTitle.Render(d.title()) + "\n\n" + d.form.View()
	box := r.styles.Dialog.Render(inner)
	return indentBlock(box, 2)
}
