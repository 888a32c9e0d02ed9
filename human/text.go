package human

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Wrap fits text into width columns (display cells), breaking only at
// spaces so ids like read-replica stay whole; lines after the first start
// with indent, and a word longer than the width gets a line of its own.
// Line breaks in text (YAML block scalars) are folded into spaces.
func Wrap(text string, width int, indent string) string {
	width = max(10, width)
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n"+indent)
}

// Capitalise upper-cases the first letter of s.
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
