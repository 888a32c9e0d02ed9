package human

import "testing"

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
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
