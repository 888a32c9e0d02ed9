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

// askChrome is the rows around the form: a header and a blank line above,
// a rule, the live line and the keys below.
const askChrome = 5

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

	live     *advisor.Plan // the plan for the answers so far; nil without traffic
	liveErr  error         // why there is no plan
	liveKey  string        // the answers the live plan is for
	focus    string        // the focused field's key
	formH    int           // the height given to the form
	formView string        // the form as last drawn, by fit after every change
	typed    keyQueue      // keys typed while the focus moves
	notice   string        // a message under the form, e.g. why the plan cannot show yet
}

func newAskPage(kb *knowledge.Base, ad *advisor.Advisor, s *Styles, a answers.Answers, width, height int) *askPage {
	p := &askPage{st: newFormState(kb, a, s.Form(), false), ad: ad, styles: s, keys: newAskKeys(), help: help.New(), width: width, height: height}
	p.help.Styles = s.helpStyles()
	var groups []*huh.Group
	for _, fields := range p.st.pages {
		var fs []huh.Field
		for _, fi := range fields {
			fs = append(fs, fi.field)
		}
		groups = append(groups, huh.NewGroup(fs...))
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled()) // ctrl+c saves and quits, handled above the form
	p.form = huh.NewForm(groups...).WithTheme(s.Form()).WithKeyMap(km).WithShowHelp(true)
	p.resize(width, height)
	p.refreshLive()
	return p
}

func (p *askPage) init() tea.Cmd { return p.form.Init() }

func (p *askPage) resize(width, height int) {
	p.width, p.height = width, height
	p.formH = 0
	p.form.WithWidth(width)
	p.help.SetWidth(width)
	p.fit()
}

// fit keeps the form inside its rows. huh sizes a group's fields to the
// height given but draws a blank line and its footer (help, or the
// errors) below them, so the height given is shrunk by what overflows.
func (p *askPage) fit() {
	avail := max(6, p.height-askChrome)
	if p.formH == 0 {
		p.formH = avail
		p.form.WithHeight(p.formH)
	}
	for range 3 {
		p.formView = p.form.View()
		over := lipgloss.Height(p.formView) - avail
		if over <= 0 {
			return
		}
		p.formH = max(4, p.formH-over)
		p.form.WithHeight(p.formH)
	}
	p.formView = p.form.View()
}

func (p *askPage) restyle(s *Styles) {
	p.styles = s
	p.help.Styles = s.helpStyles()
	p.fit()
	p.form.WithTheme(s.Form())
}

// answers is every answer given so far that parses.
func (p *askPage) answers() answers.Answers { return p.st.answers() }

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
				return nil, askNothing
			}
			return nil, askResults
		}
	}
	_, cmd := p.form.Update(msg)
	p.st.applyPreset()
	p.refreshLive()
	p.fit()
	if p.form.State == huh.StateCompleted {
		return cmd, askDone
	}
	return cmd, askNothing
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

// refreshLive advises on the answers so far, when they changed.
func (p *askPage) refreshLive() {
	a := p.st.answers()
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
	if f == nil {
		return pageProduct
	}
	for i, fields := range p.st.pages {
		for _, fi := range fields {
			if fi.field == f {
				return page(i)
			}
		}
	}
	return pageProduct
}

func (p *askPage) view() string {
	s := p.styles
	var b strings.Builder
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
	b.WriteString(ansiFit(s.Title.Render("scaleplan")+"  "+strings.Join(crumbs, s.Faint.Render(" › ")), p.width))
	b.WriteString("\n\n")
	b.WriteString(fitLines(p.formView, p.width, p.height-askChrome))
	b.WriteString("\n")
	b.WriteString(s.Rule.Render(strings.Repeat("─", p.width)))
	b.WriteString("\n")
	b.WriteString(ansiFit(p.liveLine(), p.width))
	b.WriteString("\n")
	if p.notice != "" {
		b.WriteString(ansiFit(s.StatusErr.Render(p.notice), p.width))
	} else {
		b.WriteString(ansiFit(p.help.ShortHelpView(p.keys.ShortHelp()), p.width))
	}
	return b.String()
}

// liveLine is the stage, peak and cost the answers so far imply, from the
// advisor; "—" until there is a traffic figure.
func (p *askPage) liveLine() string {
	s := p.styles
	label := s.LiveLabel.Render("Live ")
	if p.live == nil {
		why := "give users, daily users or a peak"
		if p.liveErr != nil {
			why = p.liveErr.Error()
		}
		return label + s.Live.Render("stage — · peak — rps") + s.Faint.Render(" · "+why)
	}
	pl := p.live
	text := fmt.Sprintf("stage %d %s · peak %s rps · %s/mo", pl.Stage.Number, pl.Stage.Name, human.Count(pl.Inputs.PeakRPS), human.USD(pl.Cost.MonthlyUSD))
	line := label + s.Live.Render(text)
	if pl.Budget != nil && !pl.Budget.Fits {
		line += " " + s.Bad.Render("over budget")
	}
	return line
}
