package human

import (
	"regexp"
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

// articleBeforeNumber finds "a" or "A" before a number.
var articleBeforeNumber = regexp.MustCompile(`\b([Aa]) ([0-9][0-9,]*)`)

// Articles mends "a" before a number read with a vowel sound: "an 8-vCPU
// primary", "an 11 GB cache", "an 18% share", "an 800 GB disk". Text built
// from templates puts numbers where a word was, so the article is chosen
// after the number is known.
func Articles(s string) string {
	return articleBeforeNumber.ReplaceAllStringFunc(s, func(m string) string {
		article, num := m[:1], m[2:]
		if !vowelNumber(num) {
			return m
		}
		return article + "n " + num
	})
}

// vowelNumber reports a whole number said with a vowel sound first: eight,
// eleven, eighteen, eighty, eight hundred, eleven thousand...
func vowelNumber(num string) bool {
	digits := strings.ReplaceAll(num, ",", "")
	lead := len(digits) % 3 // the digits said before the first "thousand", "million"
	if lead == 0 {
		lead = 3
	}
	group := digits[:min(lead, len(digits))]
	if strings.Contains(num, ",") {
		group, _, _ = strings.Cut(num, ",")
	}
	return group[0] == '8' || group == "11" || group == "18"
}
