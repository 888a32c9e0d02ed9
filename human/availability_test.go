package human_test

import (
	"testing"

	"github.com/scaleplan/scaleplan/human"
)

func TestAvailability(t *testing.T) {
	for _, tt := range []struct {
		pct  float64
		want string
	}{
		{99.5, "99.5%"},
		{99.0025, "99%"},
		{99.92, "99.92%"},
		{99.95, "99.95%"},
		{99.9975, "99.9975%"},
		{99.9449, "99.944%"}, // cut, not rounded up to 99.945%
		{99.99996, "99.99996%"},
		{99.99937, "99.99937%"},
		{100, "100%"},
		{90, "90%"},
	} {
		if got := human.Availability(tt.pct); got != tt.want {
			t.Errorf("Availability(%v) = %q, want %q", tt.pct, got, tt.want)
		}
	}
}
