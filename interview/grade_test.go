package interview

import (
	"math"
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
	} {
		if got := ratioText(tt.v, tt.ref); got != tt.want {
			t.Errorf("ratioText(%g, %g) = %q, want %q", tt.v, tt.ref, got, tt.want)
		}
	}
}
