package tui

import "charm.land/bubbles/v2/key"

// askKeys are the questionnaire's own keys; huh adds its field keys
// (enter, tab, shift+tab, arrows) in the form's help line.
type askKeys struct {
	Results key.Binding
	Abort   key.Binding
}

func newAskKeys() askKeys {
	return askKeys{
		Results: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "see the plan now")),
		Abort:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "save answers and quit")),
	}
}

func (k askKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Results, k.Abort} }
func (k askKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// resultKeys are the results view's keys.
type resultKeys struct {
	NextTab, PrevTab, Pick   key.Binding
	Up, Down, PageUp, PageDn key.Binding
	Top, Bottom              key.Binding
	Export, Save, WhatIf     key.Binding
	Back, Help, Quit, Abort  key.Binding
}

func newResultKeys() resultKeys {
	return resultKeys{
		NextTab: key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", "next tab")),
		PrevTab: key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", "previous tab")),
		Pick:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7"), key.WithHelp("1-7", "go to a tab")),
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:  key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDn:  key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "space"), key.WithHelp("pgdn/space", "page down")),
		Top:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		Bottom:  key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "bottom")),
		Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Save:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save answers")),
		WhatIf:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "what if")),
		Back:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "back to answers")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Abort:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "keep answers, quit")),
	}
}

// ShortHelp is the one-line help bar: short words so it fits 80 columns.
func (k resultKeys) ShortHelp() []key.Binding {
	short := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	return []key.Binding{
		short(k.NextTab, "←/→", "tabs"), short(k.Down, "↑/↓", "scroll"), short(k.Export, "e", "export"),
		short(k.Save, "s", "save"), short(k.WhatIf, "w", "what if"), short(k.Back, "b", "back"),
		k.Quit, short(k.Help, "?", "more"),
	}
}

// FullHelp is what ? shows: every key, by what it is for, in three
// columns.
func (k resultKeys) FullHelp() [][]key.Binding { return k.columns(3) }

// columns lays every key out in n columns, top to bottom: two fit a
// 60-column window, three need 80.
func (k resultKeys) columns(n int) [][]key.Binding {
	all := []key.Binding{k.NextTab, k.PrevTab, k.Pick, k.Up, k.Down, k.PageUp, k.PageDn, k.Top,
		k.Bottom, k.Export, k.Save, k.WhatIf, k.Back, k.Help, k.Quit, k.Abort}
	per := (len(all) + n - 1) / n
	var cols [][]key.Binding
	for i := 0; i < len(all); i += per {
		cols = append(cols, all[i:min(i+per, len(all))])
	}
	return cols
}

// whatIfKeys choose and apply a change.
type whatIfKeys struct {
	Next, Prev, Pick   key.Binding
	Up, Down           key.Binding
	Adopt, Close, Quit key.Binding
	Help, Abort        key.Binding
}

func newWhatIfKeys() whatIfKeys {
	return whatIfKeys{
		Next:  key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", "next change")),
		Prev:  key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", "previous change")),
		Pick:  key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "pick a change")),
		Up:    key.NewBinding(key.WithKeys("up", "k", "pgup"), key.WithHelp("↑/↓", "scroll")),
		Down:  key.NewBinding(key.WithKeys("down", "j", "pgdown", "space")),
		Adopt: key.NewBinding(key.WithKeys("enter", "a"), key.WithHelp("enter/a", "keep this change")),
		Close: key.NewBinding(key.WithKeys("esc", "w", "b"), key.WithHelp("esc/w/b", "back to the plan")),
		Quit:  key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Abort: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "keep answers, quit")),
	}
}

func (k whatIfKeys) ShortHelp() []key.Binding {
	short := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	return []key.Binding{short(k.Next, "←/→", "change"), short(k.Pick, "1-4", "pick"), short(k.Up, "↑/↓", "scroll"),
		short(k.Adopt, "enter", "keep it"), short(k.Close, "esc", "back"), k.Quit, short(k.Help, "?", "more")}
}

// FullHelp is what ? shows in what-if: every key, by what it is for.
func (k whatIfKeys) FullHelp() [][]key.Binding {
	scroll := k.Up
	scroll.SetHelp("↑/↓ pgup/pgdn", "scroll")
	return [][]key.Binding{{k.Next, k.Prev, k.Pick, scroll}, {k.Adopt, k.Close, k.Help, k.Quit, k.Abort}}
}

// dialogKeys are shown under export and save dialogs.
type dialogKeys struct{ Cancel key.Binding }

func newDialogKeys() dialogKeys {
	return dialogKeys{Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
}
