// Package interview is system-design interview practice: scenarios worked
// step by step (estimates, then the design) and graded against the
// advisor's plan for the same givens, flashcards on the numbers every
// engineer should know, and the history of attempts. It owns no domain
// number: every reference value comes from the estimators and the advisor,
// exactly as `scaleplan plan` computes it.
package interview

import "math"

// Grade is how close an answer came.
type Grade string

// The grades, best first.
const (
	GradeFull    Grade = "full"    // within 20% (or exactly right)
	GradePartial Grade = "partial" // within 2x
	GradeLittle  Grade = "little"  // within the same order of magnitude (under 10x)
	GradeWrong   Grade = "wrong"   // 10x or more off, or not the answer
	GradeSkipped Grade = "skipped" // not answered
)

// The bounds of the numeric grades, on the ratio of the answer to the
// reference value. Each band is inclusive: 0.8x-1.2x is full marks.
const (
	FullWithin    = 0.2  // within 20% either way: 0.8x to 1.2x
	PartialFactor = 2.0  // within a factor of 2: 0.5x to 2x
	LittleFactor  = 10.0 // the same order of magnitude: more than 0.1x, less than 10x
)

// PointsPerStep is what each step is worth.
const PointsPerStep = 10

// share is the fraction of a step's points each grade earns.
var share = map[Grade]float64{GradeFull: 1, GradePartial: 0.5, GradeLittle: 0.2, GradeWrong: 0, GradeSkipped: 0}

// Share is the fraction of a step's points a grade earns.
func (g Grade) Share() float64 { return share[g] }

// Words says the grade in words for people.
func (g Grade) Words() string {
	switch g {
	case GradeFull:
		return "full marks"
	case GradePartial:
		return "partial marks"
	case GradeLittle:
		return "little credit"
	case GradeSkipped:
		return "skipped"
	}
	return "wrong"
}

// Ratio is the answer over the reference: 1 is exact, 2 twice too big, 0.5
// half. Zero over zero is 1; anything else over zero is +Inf.
func Ratio(answer, reference float64) float64 {
	switch {
	case answer == reference:
		return 1
	case reference == 0:
		return math.Inf(1)
	}
	return answer / reference
}

// GradeRatio grades a numeric answer by its ratio to the reference value:
// within 20% (0.8x-1.2x) full marks, within 2x (0.5x-2x) partial, the same
// order of magnitude (above 0.1x, below 10x) a little, otherwise wrong.
// Bounds are inclusive, with a hair of tolerance for floating point.
func GradeRatio(answer, reference float64) Grade {
	q := Ratio(answer, reference)
	const eps = 1e-9
	switch {
	case math.IsNaN(q) || q <= 0:
		return GradeWrong
	case q >= 1-FullWithin-eps && q <= 1+FullWithin+eps:
		return GradeFull
	case q >= 1/PartialFactor-eps && q <= PartialFactor+eps:
		return GradePartial
	case q > 1/LittleFactor+eps && q < LittleFactor-eps:
		return GradeLittle
	}
	return GradeWrong
}
