package human

import "testing"

// A value a hair under a unit's boundary prints in the next unit, never as
// 1,000 of the smaller one.
func TestGBAtUnitBoundaries(t *testing.T) {
	for v, want := range map[float64]string{0.9999999: "1 GB", 0.5: "500 MB", 999.9999: "1 TB", 999999.9: "1 PB", 1: "1 GB"} {
		if got := GB(v); got != want {
			t.Errorf("GB(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestCountOfAnyMagnitudeIsShort: a count past a million T reads as a
// magnitude with an exponent, so an absurd figure never prints 300 digits.
func TestCountOfAnyMagnitudeIsShort(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{999e15, "999000T"},
		{1e18, "1e+18"},
		{1e300, "1e+300"},
		{-2.5e40, "-2.5e+40"},
	} {
		if got := Count(tt.v); got != tt.want {
			t.Errorf("Count(%g) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
