package human

import (
	"regexp"
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
