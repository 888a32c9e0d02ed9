package answers_test

import (
	"math"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

// TestNegativeZeroIsZero: "-0" is read as 0 by every parser, and a -0
// computed elsewhere is written 0, never "-0" or "-0%".
func TestNegativeZeroIsZero(t *testing.T) {
	for name, parse := range map[string]func(string) (float64, error){
		"count": answers.ParseCount, "ratio": answers.ParseRatio, "percent": answers.ParsePercent,
		"bytes": answers.ParseBytes, "money": answers.ParseMoney,
	} {
		for _, raw := range []string{"-0", "-0.0", "-0e5"} {
			v, err := parse(raw)
			if err == nil && math.Signbit(v) {
				t.Errorf("%s %q = -0", name, raw)
			}
		}
	}
	if v, err := answers.ParseRatio("0:-3"); err == nil && math.Signbit(v) {
		t.Errorf("ratio 0:-3 = -0")
	}
	negZero := math.Copysign(0, -1)
	for _, f := range []*answers.Field{answers.Users, answers.Growth, answers.ReadRatio, answers.Budget, answers.WriteBytes} {
		if got := f.Text(negZero); got[0] == '-' {
			t.Errorf("%s.Text(-0) = %q", f.Key, got)
		}
	}
}
