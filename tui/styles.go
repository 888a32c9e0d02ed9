package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every style the advisor draws with, built once from the
// terminal's background and NO_COLOR. Meaning never rests on colour alone:
// added, removed and resized rows carry +, − and ~, the current tab is
// underlined with a heavy rule, and errors say so in words.
type Styles struct {
	Title, Subtitle, Faint, Label, Strong  lipgloss.Style
	Good, Bad, Warn, Accent                lipgloss.Style
	Added, Removed, Resized                lipgloss.Style
	PageDone, PageNow, PageTodo            lipgloss.Style
	TabActive, TabInactive, TabRule, Rule  lipgloss.Style
	Live, LiveLabel, Status, StatusErr     lipgloss.Style
	Bar, BarTotal                          lipgloss.Style
	HelpKey, HelpDesc, HelpSep             lipgloss.Style
	Dialog, DialogTitle, Diagram, Selected lipgloss.Style

	dark, noColor bool
	form          *liveTheme
}

// palette picks a colour for the background, or none at all under NO_COLOR.
type palette struct {
	noColor bool
	ld      lipgloss.LightDarkFunc
}

func (p palette) c(light, dark string) color.Color {
	if p.noColor {
		return lipgloss.NoColor{}
	}
	return p.ld(lipgloss.Color(light), lipgloss.Color(dark))
}

// restyle rebuilds s for another background, keeping the same form theme
// so huh fields already built follow.
func (s *Styles) restyle(dark bool) *Styles {
	n := NewStyles(dark, s.noColor)
	n.form = s.form
	if n.form != nil {
		n.form.st = formStyles(dark, s.noColor)
	}
	return n
}

// NewStyles builds the styles for a dark or light background; noColor
// drops every colour and keeps bold, underline and reverse.
func NewStyles(dark, noColor bool) *Styles {
	p := palette{noColor: noColor, ld: lipgloss.LightDark(dark)}
	accent := p.c("#5A3FC0", "#B7A6FF")
	faint := p.c("#6B6B6B", "#8E8E8E")
	label := p.c("#555555", "#AAAAAA")
	good := p.c("#1B7F3B", "#5FD68A")
	bad := p.c("#B00020", "#FF6B81")
	warn := p.c("#8A5A00", "#F2C14E")
	st := lipgloss.NewStyle
	return &Styles{
		Title:       st().Bold(true).Foreground(accent),
		Subtitle:    st().Foreground(label),
		Faint:       st().Foreground(faint),
		Label:       st().Foreground(label),
		Strong:      st().Bold(true),
		Good:        st().Foreground(good),
		Bad:         st().Bold(true).Foreground(bad),
		Warn:        st().Foreground(warn),
		Accent:      st().Foreground(accent),
		Added:       st().Bold(true).Foreground(good),
		Removed:     st().Bold(true).Foreground(bad),
		Resized:     st().Bold(true).Foreground(warn),
		PageDone:    st().Foreground(good),
		PageNow:     st().Bold(true).Underline(true).Foreground(accent),
		PageTodo:    st().Foreground(faint),
		TabActive:   st().Bold(true).Foreground(accent),
		TabInactive: st().Foreground(label),
		TabRule:     st().Foreground(accent),
		Rule:        st().Foreground(faint),
		Live:        st().Foreground(accent),
		LiveLabel:   st().Bold(true),
		Status:      st().Foreground(good),
		StatusErr:   st().Bold(true).Foreground(bad),
		Bar:         st().Foreground(accent),
		BarTotal:    st().Bold(true),
		HelpKey:     st().Foreground(label).Bold(true),
		HelpDesc:    st().Foreground(faint),
		HelpSep:     st().Foreground(faint),
		Dialog:      st().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		DialogTitle: st().Bold(true).Foreground(accent),
		Diagram:     st().Foreground(p.c("#303030", "#D0D0D0")),
		Selected:    st().Reverse(true).Bold(true),
		dark:        dark,
		noColor:     noColor,
	}
}

// helpStyles style a help bar.
func (s *Styles) helpStyles() help.Styles {
	return help.Styles{
		ShortKey: s.HelpKey, ShortDesc: s.HelpDesc, ShortSeparator: s.HelpSep,
		FullKey: s.HelpKey, FullDesc: s.HelpDesc, FullSeparator: s.HelpSep, Ellipsis: s.HelpSep,
	}
}

// Form is the huh theme matching these styles.
func (s *Styles) Form() huh.Theme {
	if s.form == nil {
		s.form = newLiveTheme(s.dark, s.noColor)
	}
	return s.form
}

// liveTheme is a huh theme whose styles can change after fields took it: a
// huh field keeps the first theme it is given, so a change of background
// swaps the styles inside instead. huh asks for styles on every draw, so
// they are built once per background, not per call.
type liveTheme struct{ st *huh.Styles }

func newLiveTheme(dark, noColor bool) *liveTheme { return &liveTheme{st: formStyles(dark, noColor)} }

// Theme implements huh.Theme.
func (t *liveTheme) Theme(bool) *huh.Styles { return t.st }

// formStyles are the huh styles matching Styles. Fields sit one line apart
// so a page of questions fits 24 rows.
func formStyles(dark, noColor bool) *huh.Styles {
	p := palette{noColor: noColor, ld: lipgloss.LightDark(dark)}
	t := huh.ThemeBase(dark)
	t.FieldSeparator = lipgloss.NewStyle().SetString("\n")
	accent := p.c("#5A3FC0", "#B7A6FF")
	faint := p.c("#6B6B6B", "#8E8E8E")
	normal := p.c("#1A1A1A", "#E4E4E4")
	good := p.c("#1B7F3B", "#5FD68A")
	bad := p.c("#B00020", "#FF6B81")
	pink := p.c("#B0178A", "#F780E2")
	f := &t.Focused
	f.Base = f.Base.BorderForeground(accent)
	f.Card = f.Base
	f.Title = f.Title.Foreground(accent).Bold(true)
	f.Description = f.Description.Foreground(faint)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(bad)
	f.ErrorMessage = lipgloss.NewStyle().Foreground(bad).Bold(true)
	f.SelectSelector = f.SelectSelector.Foreground(pink)
	f.MultiSelectSelector = f.MultiSelectSelector.Foreground(pink)
	f.Option = f.Option.Foreground(normal)
	f.SelectedOption = f.SelectedOption.Foreground(good)
	f.SelectedPrefix = lipgloss.NewStyle().Foreground(good).SetString("[x] ")
	f.UnselectedPrefix = lipgloss.NewStyle().Foreground(faint).SetString("[ ] ")
	f.UnselectedOption = f.UnselectedOption.Foreground(normal)
	f.FocusedButton = f.FocusedButton.Reverse(true).Bold(true)
	f.BlurredButton = lipgloss.NewStyle().Padding(0, 2).MarginRight(1).Foreground(faint)
	f.TextInput.Cursor = f.TextInput.Cursor.Foreground(good)
	f.TextInput.Placeholder = lipgloss.NewStyle().Foreground(faint)
	f.TextInput.Prompt = f.TextInput.Prompt.Foreground(pink)
	f.TextInput.Text = f.TextInput.Text.Foreground(normal)
	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = t.Blurred.Title.Foreground(faint).Bold(false)
	t.Blurred.Description = t.Blurred.Description.Foreground(faint)
	t.Blurred.SelectSelector = lipgloss.NewStyle().Foreground(faint).SetString("> ")
	t.Blurred.MultiSelectSelector = lipgloss.NewStyle().SetString("  ")
	t.Blurred.NextIndicator = lipgloss.NewStyle()
	t.Blurred.PrevIndicator = lipgloss.NewStyle()
	t.Group.Title = f.Title
	t.Group.Description = f.Description
	t.Help.ShortKey = lipgloss.NewStyle().Foreground(faint).Bold(true)
	t.Help.ShortDesc = lipgloss.NewStyle().Foreground(faint)
	t.Help.ShortSeparator = lipgloss.NewStyle().Foreground(faint)
	t.Help.FullKey = t.Help.ShortKey
	t.Help.FullDesc = t.Help.ShortDesc
	t.Help.FullSeparator = t.Help.ShortSeparator
	return t
}
