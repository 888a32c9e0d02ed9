package interview

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestGradeRatioBoundaries(t *testing.T) {
	tests := []struct {
		name      string
		answer    float64
		reference float64
		want      Grade
	}{
		{"exactly right", 1157, 1157, GradeFull},
		{"20% over is still full marks", 1.2, 1, GradeFull},
		{"20% under is still full marks", 0.8, 1, GradeFull},
		{"21% over is partial", 1.21, 1, GradePartial},
		{"21% under is partial", 0.79, 1, GradePartial},
		{"twice is still partial", 2, 1, GradePartial},
		{"half is still partial", 0.5, 1, GradePartial},
		{"just over twice is little", 2.01, 1, GradeLittle},
		{"just under half is little", 0.49, 1, GradeLittle},
		{"9.99x is the same order of magnitude", 9.99, 1, GradeLittle},
		{"0.101x is the same order of magnitude", 0.101, 1, GradeLittle},
		{"10x over is wrong", 10, 1, GradeWrong},
		{"10x under is wrong", 0.1, 1, GradeWrong},
		{"100x is wrong", 115_700, 1157, GradeWrong},
		{"zero for a positive reference is wrong", 0, 1157, GradeWrong},
		{"a negative answer is wrong", -1157, 1157, GradeWrong},
		{"zero for a zero reference is right", 0, 0, GradeFull},
		{"anything for a zero reference is wrong", 1, 0, GradeWrong},
		{"1.2x of a large number survives rounding", 1.2 * 25462.962962962964, 25462.962962962964, GradeFull},
		{"a tenth of a large number is wrong", 25462.962962962964 / 10, 25462.962962962964, GradeWrong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GradeRatio(tt.answer, tt.reference); got != tt.want {
				t.Errorf("GradeRatio(%g, %g) = %s, want %s (ratio %g)", tt.answer, tt.reference, got, tt.want, Ratio(tt.answer, tt.reference))
			}
		})
	}
}

func TestGradeShares(t *testing.T) {
	for g, want := range map[Grade]float64{GradeFull: 1, GradePartial: 0.5, GradeLittle: 0.2, GradeWrong: 0, GradeSkipped: 0} {
		if got := g.Share(); got != want {
			t.Errorf("%s earns %g of a step, want %g", g, got, want)
		}
	}
	if !math.IsInf(Ratio(1, 0), 1) {
		t.Errorf("Ratio(1, 0) = %g, want +Inf", Ratio(1, 0))
	}
}

func TestRatioText(t *testing.T) {
	for _, tt := range []struct {
		v, ref float64
		want   string
	}{
		{12000, 12731, "0.94x"},
		{1, 1, "1x"},
		{150, 10, "15x"},
		{1, 100, "0.01x"},
		{3, 0, "no ratio to zero"},
		// Near a band's edge the digits shown keep the grade's band.
		{2.03, 1, "2.03x"},     // little credit, not the partial 2x
		{2, 1, "2x"},           // partial, and shown so
		{1.204, 1, "1.204x"},   // partial, not the full 1.2x
		{0.496, 1, "0.496x"},   // little credit, not the partial 0.5x
		{9.96, 1, "9.96x"},     // little credit, not the wrong 10x
		{0.1004, 1, "0.1004x"}, // little credit, not the wrong 0.1x
	} {
		if got := ratioText(tt.v, tt.ref); got != tt.want {
			t.Errorf("ratioText(%g, %g) = %q, want %q", tt.v, tt.ref, got, tt.want)
		}
	}
}

// TestRatioTextAgreesWithTheGrade: over ratios spread across every band
// and crowded at its edges, the ratio shown grades as the answer does.
func TestRatioTextAgreesWithTheGrade(t *testing.T) {
	var qs []float64
	for _, edge := range []float64{1 - FullWithin, 1 + FullWithin, 1 / PartialFactor, PartialFactor, 1 / LittleFactor, LittleFactor} {
		for _, d := range []float64{0, 1e-12, 1e-8, 1e-6, 1e-4, 1e-3, 5e-3, 0.03} {
			qs = append(qs, edge+d, edge-d)
		}
	}
	for q := 0.01; q < 20; q *= 1.013 {
		qs = append(qs, q)
	}
	for _, q := range qs {
		text := ratioText(q, 1)
		shown, err := strconv.ParseFloat(strings.TrimSuffix(text, "x"), 64)
		if err != nil {
			if q < LittleFactor {
				t.Errorf("ratio %v shown as %q, not a number", q, text)
			}
			continue
		}
		if got, want := GradeRatio(shown, 1), GradeRatio(q, 1); got != want {
			t.Errorf("ratio %v shown as %q grades %s; the answer is graded %s", q, text, got, want)
		}
	}
}
