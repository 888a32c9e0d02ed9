package main

import (
	"strings"
	"testing"
)

func TestParseHorizon(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"24", 24}, {"24m", 24}, {"24 months", 24}, {"1 month", 1}, {"24mo", 24}, {" 36M ", 36},
		{"2y", 24}, {"2 years", 24}, {"1.5y", 18}, {"10yr", 120}, {"0.25y", 3}, {"120", 120},
	} {
		got, err := parseHorizon(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseHorizon(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "0", "-3", "121", "11y", "1.5", "1.5m", "0.1y", "2w", "2 days", "m", "y", "1e1", "NaN", "Inf", "0x10", "2yy", "24 m o"} {
		if got, err := parseHorizon(in); err == nil {
			t.Errorf("parseHorizon(%q) = %d, want an error", in, got)
		} else if !strings.Contains(err.Error(), "want months like 24, 24m or 2y (1 to 120 months)") {
			t.Errorf("parseHorizon(%q): %v", in, err)
		}
	}
}

// FuzzParseHorizon: whatever the text, a horizon is 1 to 120 months or an error.
func FuzzParseHorizon(f *testing.F) {
	for _, s := range []string{"24", "24m", "2y", "1.5 years", "", "1e400", "-0", "0.5y", "120 months"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseHorizon(s)
		if err == nil && (m < 1 || m > 120) {
			t.Fatalf("parseHorizon(%q) = %d", s, m)
		}
	})
}
