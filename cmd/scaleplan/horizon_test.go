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

// TestNumberFlagsRefuseUnderscores: every flag that takes a number refuses
// 1_000 alike, naming the flag and saying how to write it; --growth 1_000
// used to mean 1000% a month.
func TestNumberFlagsRefuseUnderscores(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--users", "2M", "--growth", "1_000"}, `--growth "1_000": write numbers without _ (1000)`},
		{[]string{"plan", "--users", "2M", "--availability", "99_9"}, `--availability "99_9": write numbers without _ (999)`},
		{[]string{"plan", "--users", "1_000"}, `--users "1_000": write numbers without _ (1000)`},
		{[]string{"plan", "--users", "2M", "--max-cost", "1_000"}, `--max-cost "1_000": write numbers without _ (1000)`},
		{[]string{"plan", "--users", "2M", "--growth", "5", "--horizon", "1_2"}, `--horizon "1_2": write numbers without _ (12)`},
		{[]string{"sweep", "--users", "1..1000", "--steps", "1_0"}, `--steps "1_0": write numbers without _ (10)`},
		{[]string{"interview", "--scenario", "chat", "--timer", "4_5"}, `--timer "4_5": write numbers without _ (45)`},
	} {
		code, out, errs := runInProcess(tt.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, "scaleplan: "+tt.want) {
			t.Errorf("%q: exit %d, stdout %.80q, stderr %q; want exit 2 and %q", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestEmptyNumberFlagsAreRefused: --max-cost "" (an unset variable in a
// CI script) used to turn the cost gate off without a word, and --timer ""
// the countdown; an empty value for a flag that takes a number is an
// error naming the flag.
func TestEmptyNumberFlagsAreRefused(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--users", "2M", "--max-cost", ""}, `--max-cost "": empty value; want an amount in USD per month`},
		{[]string{"plan", "--users", "2M", "--max-cost", " "}, `--max-cost " ": empty value; want an amount in USD per month`},
		{[]string{"interview", "--scenario", "chat", "--timer", ""}, `--timer "": empty value; want a duration from 1s to 24h`},
		{[]string{"plan", "--users", "2M", "--growth", "5", "--horizon", ""}, `--horizon "": want months like 24`},
		{[]string{"plan", "--users", ""}, `--users "": empty value; want a number`},
		{[]string{"sweep", "--users", "1..100", "--steps", ""}, `--steps "": want a whole number of points`},
	} {
		code, out, errs := runInProcess(tt.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, "scaleplan: "+tt.want) {
			t.Errorf("%q: exit %d, stdout %.80q, stderr %q; want exit 2 and %q", tt.args, code, out, errs, tt.want)
		}
	}
}
