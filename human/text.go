package human

import (
	"strconv"
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

// Articles mends "a" before a number read with a vowel sound: "an 8-vCPU
// primary", "an 11 GB cache", "an 18% share", "an 800 GB disk". Text built
// from templates puts numbers where a word was, so the article is chosen
// after the number is known.
//
// An article is an "a" or "A" that starts a word (no ASCII letter, digit
// or underscore before it), then one space, then the number: digits and
// commas. Every rendered text passes through here, so it is a scan of the
// bytes that returns s itself when nothing changes, not a regular
// expression (TestArticlesMatchesTheRegexp keeps the two the same).
func Articles(s string) string {
	var b strings.Builder // s up to done, mended; empty until the first change
	done := 0
	for i := 0; i+2 < len(s); i++ {
		if c := s[i]; c != 'a' && c != 'A' || s[i+1] != ' ' || !isDigit(s[i+2]) || i > 0 && isWordByte(s[i-1]) {
			continue
		}
		end := i + 3
		for end < len(s) && (isDigit(s[end]) || s[end] == ',') {
			end++
		}
		if vowelNumber(s[i+2 : end]) {
			if done == 0 {
				b.Grow(len(s) + 4)
			}
			b.WriteString(s[done : i+1])
			b.WriteByte('n')
			done = i + 1
		}
		i = end - 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByte is a byte of a word as \b sees one: an ASCII letter, digit or
// underscore. A byte of a multi-byte character is none.
func isWordByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// vowelNumber reports a whole number said with a vowel sound first: eight,
// eleven, eighteen, eighty, eight hundred, eleven thousand...
func vowelNumber(num string) bool {
	group, _, grouped := strings.Cut(num, ",")
	if !grouped {
		lead := len(num) % 3 // the digits said before the first "thousand", "million"
		if lead == 0 {
			lead = 3
		}
		group = num[:min(lead, len(num))]
	}
	return group[0] == '8' || group == "11" || group == "18"
}

// Printable makes text from a person or a file safe to show on a terminal:
// a control character other than a line break or tab, which a terminal
// would act on (ESC starts an escape sequence, BEL rings), is shown as its
// Go escape (\x1b, \a), and so is a byte that is not UTF-8. Text without
// them is returned as it is.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + hexByte(s[i]))
		case isControl(r):
			q := strconv.QuoteRune(r) // '\x1b', '\a', '\u0085'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Cut shortens text quoted from a file or a person to at most n
// characters, ending in "…" where it was cut: an error quotes what was
// wrong, not a 400 KB value or a whole file.
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

// ShortQuotes cuts every Go-quoted value in msg (as %q writes them) to at
// most n characters (Cut): messages quote what a file or a flag held, and
// that may be anything up to a file's size limit.
func ShortQuotes(msg string, n int) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := strings.IndexByte(msg[i:], '"')
		if j < 0 {
			b.WriteString(msg[i:])
			break
		}
		b.WriteString(msg[i : i+j])
		i += j
		q, err := strconv.QuotedPrefix(msg[i:])
		if err != nil {
			b.WriteByte('"')
			i++
			continue
		}
		i += len(q)
		if v, err := strconv.Unquote(q); err == nil && utf8.RuneCountInString(v) > n {
			q = strconv.Quote(Cut(v, n))
		}
		b.WriteString(q)
	}
	return b.String()
}

// isControl reports a character a terminal acts on rather than shows,
// besides the line break and tab, or an invisible format character
// (IsFormat).
func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || IsFormat(r)
}

// IsFormat reports an invisible Unicode format character (category Cf)
// other than the zero-width joiner and non-joiner, which emoji and some
// scripts need: a bidirectional override such as U+202E shows text in
// another order than it is stored ("Acme\u202eexe.txt" reads as
// "Acmetxt.exe"), and others hide text. Text from a person or a file drops
// them (or shows them escaped on a terminal, Printable), as it does ESC.
func IsFormat(r rune) bool {
	return r >= 0xad && r != '\u200c' && r != '\u200d' && unicode.Is(unicode.Cf, r)
}

func needsEscape(s string) bool {
	for _, r := range s {
		if isControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
