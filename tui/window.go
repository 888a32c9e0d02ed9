package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// fullWindow is how every screen of the program is shown: the whole
// terminal, titled, restored on exit.
func fullWindow(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "scaleplan"
	return v
}

// tooSmallNote says the terminal is below the minimum instead of drawing a
// garbled screen; then says what ctrl+c does on this screen.
func tooSmallNote(width, height int, then string) string {
	msg := fmt.Sprintf("The terminal is %d×%d.\nscaleplan needs at least %d×%d.\nEnlarge the window, or press\nctrl+c to %s.",
		width, height, MinWidth, MinHeight, then)
	w := max(width, 1)
	return lipgloss.Place(w, max(height, 1), lipgloss.Center, lipgloss.Center, lipgloss.Wrap(msg, w, " "))
}
