package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// shownField is a questionnaire field that shows its own error under it.
// huh draws a group's errors in the footer, far from the field, keeps them
// after the focus has moved, and will not leave a page while one stands;
// here the error is drawn under its field while that field has the focus,
// goes when the focus moves, and never holds the focus back from moving
// back. A page's note (the traffic check) is shown the same way.
type shownField struct {
	huh.Field
	theme   huh.Theme
	width   int
	focused bool
	err     error    // the field's own error, from its last enter or tab
	note    string   // a message the page put here; cleared when the focus leaves
	labels  []string // a list's options, to say how many are out of view
	// standing is a conflict with other answers that holds the field
	// back, shown as soon as the focus arrives; nil for none.
	standing func() error
}

func newShownField(f huh.Field) *shownField { return &shownField{Field: f} }

// Update passes msg to the field and keeps the error it reports after a key.
func (f *shownField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	m, cmd := f.Field.Update(msg)
	if inner, ok := m.(huh.Field); ok {
		f.Field = inner
	}
	if _, ok := msg.(tea.KeyPressMsg); ok && f.focused {
		f.err = f.Field.Error()
	}
	return f, cmd
}

// Focus shows the field as current, with no error of its own until the
// next enter; a conflict with other answers that it must settle shows at
// once, so arriving on it says why it will not let go.
func (f *shownField) Focus() tea.Cmd {
	f.focused, f.err = true, nil
	if f.standing != nil {
		f.err = f.standing()
	}
	return f.Field.Focus()
}

// Blur leaves the field; its error and note go with the focus.
func (f *shownField) Blur() tea.Cmd {
	f.focused, f.err, f.note = false, nil, ""
	return f.Field.Blur()
}

// Error is nil: huh would hide the keys' help and hold the page while a
// field reports one, and a field left with bad text must never block
// moving back. The field itself still refuses to move on (its validation);
// fieldError reports what it shows.
func (f *shownField) Error() error { return nil }

// shownError is the error drawn under the field, while it has the focus.
func (f *shownField) shownError() error {
	if f.focused {
		return f.err
	}
	return nil
}

// fieldError is the error a field shows: its own for a shownField, huh's
// otherwise.
func fieldError(f huh.Field) error {
	if sf, ok := f.(*shownField); ok {
		return sf.shownError()
	}
	return f.Error()
}

// message is what is shown under the field.
func (f *shownField) message() string {
	if !f.focused {
		return ""
	}
	var parts []string
	if f.err != nil {
		parts = append(parts, f.err.Error())
	}
	if f.note != "" {
		parts = append(parts, f.note)
	}
	return strings.Join(parts, "\n")
}

// View draws the field; under a list with options out of view, how many
// and how to see them; then its error or note wrapped to the field's width.
func (f *shownField) View() string {
	v := f.Field.View()
	if f.theme == nil || !f.focused {
		return v
	}
	st := f.theme.Theme(true)
	base := st.Focused.Base
	if hidden := f.hidden(v); hidden > 0 {
		more := "1 more option: ↑/↓ to see it"
		if hidden > 1 {
			more = fmt.Sprintf("%d more options: ↑/↓ to see them", hidden)
		}
		v += "\n" + base.Render(st.Focused.Description.Render("  ↕ "+more))
	}
	msg := f.message()
	if msg == "" {
		return v
	}
	w := max(10, f.width-base.GetHorizontalFrameSize()-2)
	var lines []string
	for _, l := range strings.Split(lipgloss.Wrap(msg, w, " "), "\n") {
		lines = append(lines, st.Focused.ErrorMessage.Render(strings.TrimRight(l, " ")))
	}
	return v + "\n" + base.Render("✗ "+strings.Join(lines, "\n  "))
}

// hidden counts a list's options not in view: huh scrolls a list that is
// taller than its rows without saying so.
func (f *shownField) hidden(view string) int {
	if len(f.labels) == 0 {
		return 0
	}
	plain := ansi.Strip(view)
	n := 0
	for _, l := range f.labels {
		r := []rune(l)
		if !strings.Contains(plain, string(r[:min(len(r), 14)])) {
			n++
		}
	}
	return n
}

// WithTheme, WithKeyMap, WithWidth, WithHeight and WithPosition pass on to
// the field and keep this wrapper in the group.
func (f *shownField) WithTheme(t huh.Theme) huh.Field {
	f.theme = t
	f.Field.WithTheme(t)
	return f
}

func (f *shownField) WithKeyMap(k *huh.KeyMap) huh.Field {
	f.Field.WithKeyMap(k)
	return f
}

func (f *shownField) WithWidth(w int) huh.Field {
	f.width = w
	f.Field.WithWidth(w)
	return f
}

func (f *shownField) WithHeight(h int) huh.Field {
	f.Field.WithHeight(h)
	return f
}

func (f *shownField) WithPosition(p huh.FieldPosition) huh.Field {
	f.Field.WithPosition(p)
	return f
}
