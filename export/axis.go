package export

import (
	"math"
	"slices"
)

// The vertical axis of a terminal chart. A chart has a dozen rows or
// fewer: on a linear axis a cost that grows 10% a month spends its first
// eight months in the bottom row of a fortyfold range, flat just where a
// reader acts. A log axis gives equal growth equal height, so each
// doubling gets its rows wherever it happens.

// linearSpan is the widest range, the largest value over the smallest,
// drawn on a linear axis. Up to it the smallest value and its double are
// at least 8/9 of a row apart on linearRows rows: never in one row. A
// wider range is drawn on a log axis.
const linearSpan = 10

// linearRows is the most rows a linear axis takes: they separate a
// doubling already, and more rows go to the wide ranges that need them.
const linearRows = 9

// axis places values on the rows of a chart and says which rows carry a
// label. Row 0 is the bottom row.
type axis struct {
	rows int
	// pos is a value's height in rows above the bottom row's centre;
	// the value is drawn in the row it rounds to.
	pos func(v float64) float64
	// value is the value at the centre of a row, and whether the row is
	// labelled with it.
	value func(row int) (float64, bool)
	// labelStep is, on a log axis, the factor between one label and the
	// next (2, 10, 100...); 0 on a linear axis.
	labelStep float64
}

// newAxis fits values to at most rows rows: a linear axis of up to
// linearRows rows, every one labelled, while the values span linearSpan or
// less; a log axis otherwise, labelled with round numbers only.
func newAxis(values []float64, rows int) axis {
	lo, hi := slices.Min(values), slices.Max(values)
	rows = max(rows, 1)
	if lo > 0 && hi > lo*linearSpan && rows >= 2 {
		if a, ok := logAxis(lo, hi, rows); ok {
			return a
		}
	}
	rows = min(rows, linearRows)
	if hi == lo || rows == 1 {
		return axis{rows: 1, pos: func(float64) float64 { return 0 }, value: func(int) (float64, bool) { return lo, true }}
	}
	// Measured from the smallest value, never from zero: a flat line past
	// 2^63 would otherwise index the grid out of range.
	step := (hi - lo) / float64(rows-1)
	return axis{
		rows:  rows,
		pos:   func(v float64) float64 { return (v - lo) / step },
		value: func(row int) (float64, bool) { return lo + float64(row)*step, true },
	}
}

// lattice is a log axis whose labels are round numbers: the rows are
// equal steps of log10, per of them from one label to the next, and a
// label falls on every per-th row.
type lattice struct {
	anchor  int     // a label is 10^anchor
	double  bool    // labels double (10^anchor × 2^k); else they are 10^(anchor + decades×k)
	decades int     // decades from one label to the next, when not doubling
	per     int     // rows from one label to the next
	r0, r1  int     // the bottom and top rows, counted from the anchor's
	logStep float64 // log10 of the factor between labels
	// partial leaves unlabelled the doubling rows whose value is not a
	// number of two significant figures ($1,280), rather than print it.
	partial bool
}

// logAxis finds a lattice that fits lo to hi in rows rows, the first of:
// rows 2^(1/3), 2^(1/2) or 2 apart, labelled every doubling from a power
// of ten while every label is a number of two significant figures ($25,
// $5,000, $640K); rows at most 1.8x apart (four or more to a decade),
// labelled at powers of ten; rows 2x apart labelled where the doubling is
// a number of two figures; then fewer rows to a decade, or several
// decades to a row for the widest ranges. Rows at most 2x apart keep
// values a doubling apart in different rows: the first three do.
func logAxis(lo, hi float64, rows int) (axis, bool) {
	var found *lattice
	try := func(l lattice) bool {
		idx := func(v float64) float64 {
			return float64(l.per) * (math.Log10(v) - float64(l.anchor)) / l.logStep
		}
		// The end rows are those the smallest and largest values are drawn
		// in: each is within half a row of its row's centre.
		l.r0 = int(math.Round(idx(lo)))
		l.r1 = int(math.Round(idx(hi)))
		if l.r1-l.r0+1 > rows {
			return false
		}
		labels := 0
		for r := l.r0; r <= l.r1; r++ {
			if _, ok := l.label(r); !ok {
				continue
			}
			if l.double && !l.partial {
				if v, _ := l.label(r); !twoFigures(v) {
					return false
				}
			}
			labels++
		}
		if labels < 2 {
			return false
		}
		found = &l
		return true
	}
	floor, ceil := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(lo)))
	doubling := func(per int, partial bool) bool {
		for _, anchor := range []int{ceil, floor} {
			if try(lattice{anchor: anchor, double: true, per: per, logStep: math.Log10(2), partial: partial}) {
				return true
			}
		}
		return false
	}
	done := doubling(3, false) || doubling(2, false) || doubling(1, false)
	// 10^(1/4) is 1.78: four rows to a decade still part a doubling.
	for per := rows - 1; per >= 4 && !done; per-- {
		done = try(lattice{decades: 1, per: per, logStep: 1})
	}
	done = done || doubling(1, true)
	for per := 3; per >= 1 && !done; per-- {
		done = try(lattice{decades: 1, per: per, logStep: 1})
	}
	// Several decades a row: a log10 range is at most about 630 decades.
	for d := 2; !done && d <= 700; d++ {
		done = try(lattice{decades: d, per: 1, logStep: float64(d)})
	}
	if !done {
		return axis{}, false
	}
	l := *found
	step := l.logStep / float64(l.per)
	base := float64(l.anchor) + float64(l.r0)*step
	labelStep := 2.0
	if !l.double {
		labelStep = math.Pow10(l.decades)
	}
	return axis{
		rows:      l.r1 - l.r0 + 1,
		pos:       func(v float64) float64 { return (math.Log10(v) - base) / step },
		value:     func(row int) (float64, bool) { return l.label(row + l.r0) },
		labelStep: labelStep,
	}, true
}

// label is the value of lattice row r, counted from the anchor's, when
// the row is labelled.
func (l lattice) label(r int) (float64, bool) {
	if r%l.per != 0 {
		return 0, false
	}
	k := r / l.per
	var v float64
	if l.double {
		v = math.Ldexp(math.Pow10(l.anchor), k)
	} else {
		v = math.Pow10(l.anchor + l.decades*k)
	}
	// A row past float64's range, at the ends of the widest charts, is
	// left unlabelled rather than called $∞ or $0.
	if math.IsInf(v, 0) || v == 0 {
		return v, false
	}
	return v, !l.double || !l.partial || twoFigures(v)
}

// twoFigures reports a number of at most two significant figures: 25,
// 5,000 and 640,000, not 1,280 or 125.
func twoFigures(v float64) bool {
	m := v / math.Pow10(int(math.Floor(math.Log10(v)))-1)
	return math.Abs(m-math.Round(m)) < 1e-6*m
}
