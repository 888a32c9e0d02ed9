package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// keyQueue holds keys typed while a huh form moves its focus. huh moves
// the focus when its own command comes back, not on the key that asked for
// it, so keys typed in between (a paste of several lines, tmux send-keys,
// a fast typist) would land in the field being left: "/" typed after
// choosing a format would open the format list's filter. The keys wait
// here until the focus has moved, then go on in order.
type keyQueue struct {
	waiting bool
	from    huh.Field
	seen    int // messages other than keys since the navigation key
	queue   []tea.Msg
}

// isKeyInput reports a message that is the person typing.
func isKeyInput(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		return true
	}
	return false
}

// isNavKey reports a key that moves a huh form's focus.
func isNavKey(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false
	}
	switch k.String() {
	case "enter", "tab", "shift+tab":
		return true
	}
	return false
}

// handle passes msg to deliver unless it must wait, then replays waiting
// keys once the focus of form() has moved. deliver reports done when the
// form has finished, which drops any keys still waiting.
func (q *keyQueue) handle(form func() *huh.Form, msg tea.Msg, deliver func(tea.Msg) (tea.Cmd, bool)) (tea.Cmd, bool) {
	isKey := isKeyInput(msg)
	if isKey && q.waiting {
		q.queue = append(q.queue, msg)
		return nil, false
	}
	before := form().GetFocusedField()
	cmd, done := deliver(msg)
	if done {
		*q = keyQueue{}
		return cmd, true
	}
	focused := form().GetFocusedField()
	switch {
	case isNavKey(msg) && focused != nil && focused == before && fieldError(focused) == nil:
		// The key asked huh to move the focus, which it does when its
		// command comes back; a focus already moved (the page moved it
		// itself) has nothing to wait for.
		q.waiting, q.from, q.seen = true, focused, 0
	case q.waiting && !isKey:
		q.seen++
		// The focus message comes back within a message or two; the
		// bound keeps keys from waiting for ever when nothing moves (back
		// on the first field).
		if focused != q.from || q.seen > 8 {
			q.waiting = false
		}
	}
	cmds := []tea.Cmd{cmd}
	for !q.waiting && len(q.queue) > 0 {
		next := q.queue[0]
		q.queue = q.queue[1:]
		c, done := q.handle(form, next, deliver)
		cmds = append(cmds, c)
		if done {
			*q = keyQueue{}
			return tea.Batch(cmds...), true
		}
	}
	return tea.Batch(cmds...), false
}

// busy reports keys waiting, or a focus move they wait for.
func (q *keyQueue) busy() bool { return q.waiting || len(q.queue) > 0 }
