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
