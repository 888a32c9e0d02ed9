package human

import (
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, with a tab\tand\na line break", "plain text, with a tab\tand\na line break"},
		{"Acme — café ✓", "Acme — café ✓"},
		{"x\x1b]0;owned\x07y", `x\x1b]0;owned\ay`},
		{"/tmp/a\x1b[31mred.yaml", `/tmp/a\x1b[31mred.yaml`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bad \xff byte", `bad \xff byte`},
		{"carriage\rreturn", `carriage\rreturn`},
		{"right\u202eto left", `right\u202eto left`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`},
		{"👩\u200d💻", "👩\u200d💻"},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShortQuotes(t *testing.T) {
	long := strings.Repeat("é", 100)
	for _, tt := range []struct{ in, want string }{
		{`no quotes`, `no quotes`},
		{`short "abc" kept`, `short "abc" kept`},
		{`a "` + long + `" cut`, `a "` + strings.Repeat("é", 9) + `…" cut`},
		{`escaped "a\"b` + long + `" cut`, `escaped "a\"b` + strings.Repeat("é", 6) + `…" cut`},
		{`unbalanced " quote`, `unbalanced " quote`},
	} {
		if got := ShortQuotes(tt.in, 10); got != tt.want {
			t.Errorf("ShortQuotes(%.40q, 10) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Cut("abc", 3); got != "abc" {
		t.Errorf("Cut(abc, 3) = %q", got)
	}
}
