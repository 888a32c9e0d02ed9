package export_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
)

// flatTimeline is months of the same monthly cost.
func flatTimeline(months int, usd float64) *advisor.Timeline {
	t := &advisor.Timeline{GrowthPct: 1000, Months: months}
	for m := 0; m <= months; m++ {
		t.Points = append(t.Points, advisor.Month{Month: m, MonthlyUSD: usd, StageID: "planet-scale", StageNumber: 8})
	}
	return t
}

// TestGrowthChartOfAFlatCostPastInt64: asciigraph indexes its grid with a
// flat line's value, which overflows past 2^63 and panicked; the chart is
// drawn, labelled with the cost.
func TestGrowthChartOfAFlatCostPastInt64(t *testing.T) {
	for _, usd := range []float64{0, 48, 9.3e18, 1e19, 1e300} {
		var out string
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("GrowthChart of a flat $%g: panic %v", usd, r)
				}
			}()
			out, _ = export.GrowthChart(flatTimeline(24, usd), 80, 9)
		}()
		if out == "" || !strings.Contains(out, "┼") {
			t.Errorf("GrowthChart of a flat $%g drew no chart: %q", usd, out)
		}
	}
	// The label is the cost, not the 0 the line is drawn at.
	if out, _ := export.GrowthChart(flatTimeline(3, 48), 80, 9); !strings.Contains(out, "$48") {
		t.Errorf("the flat line is not labelled $48: %q", out)
	}
}

// drawnChart is a GrowthChart read back: the row each month is drawn in
// (0 the bottom row) and the value each labelled row carries.
type drawnChart struct {
	rows   int
	month  []int           // month -> row
	labels map[int]float64 // row -> the value its label says
	units  map[int]float64 // row -> its label's last digit: 1 for $287, 100,000 for $2.5M
}

// readChart reads a chart of months+1 points drawn plot columns wide,
// where (plot-1) is a multiple of months so that every month has a
// column of its own. A month's row is the row where the line leaves its
// column's left edge: ─, ╯ (from below) or ╮ (from above); the last
// month's is where the line arrives in the column before it.
func readChart(tb testing.TB, chart string, months int) drawnChart {
	tb.Helper()
	lines := strings.Split(chart, "\n")
	var grid [][]rune
	d := drawnChart{labels: map[int]float64{}, units: map[int]float64{}}
	plot := 0
	for _, l := range lines {
		r := []rune(l)
		if i := slices.Index(r, '└'); i >= 0 {
			plot = len(r) - i - 1
			break
		}
		grid = append(grid, r)
	}
	d.rows = len(grid)
	if plot == 0 || d.rows == 0 {
		tb.Fatalf("no chart in\n%s", chart)
	}
	if (plot-1)%months != 0 {
		tb.Fatalf("plot %d columns wide: months do not fall on columns", plot)
	}
	cell := func(row, col int) rune { // row from the bottom, col from the plot's left
		r := grid[d.rows-1-row]
		axis := slices.IndexFunc(r, func(c rune) bool { return c == '┤' || c == '┼' })
		if axis < 0 || axis+1+col >= len(r) {
			return ' '
		}
		return r[axis+1+col]
	}
	for row := range d.rows {
		r := grid[d.rows-1-row]
		axis := slices.IndexFunc(r, func(c rune) bool { return c == '┤' || c == '┼' })
		if text := strings.TrimSpace(string(r[:axis])); text != "" {
			d.labels[row], d.units[row] = parseUSD(tb, text)
		}
	}
	find := func(col int, glyphs string) int {
		found := -1
		for row := range d.rows {
			if strings.ContainsRune(glyphs, cell(row, col)) {
				if found >= 0 {
					tb.Fatalf("column %d has %q in rows %d and %d:\n%s", col, glyphs, found, row, chart)
				}
				found = row
			}
		}
		if found < 0 {
			tb.Fatalf("column %d has none of %q:\n%s", col, glyphs, chart)
		}
		return found
	}
	per := (plot - 1) / months
	for m := range months {
		d.month = append(d.month, find(m*per, "─╯╮"))
	}
	d.month = append(d.month, find(plot-2, "─╭╰"))
	return d
}

// parseUSD reads a dollar label, $287, $3,999, $640K, $2.5M, and the
// value of its last digit.
func parseUSD(tb testing.TB, s string) (v, unit float64) {
	tb.Helper()
	mult := 1.0
	body := strings.ReplaceAll(strings.TrimPrefix(s, "$"), ",", "")
	for suf, m := range map[string]float64{"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12} {
		if strings.HasSuffix(body, suf) {
			body, mult = strings.TrimSuffix(body, suf), m
		}
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil {
		tb.Fatalf("label %q is not a dollar figure", s)
	}
	unit = mult
	if i := strings.IndexByte(body, '.'); i >= 0 {
		unit = mult * math.Pow10(i+1-len(body))
	}
	return v * mult, unit
}

// chartOnColumns draws GrowthChart for the narrowest width from 40 up at
// which every month falls on a column of its own.
func chartOnColumns(tb testing.TB, t *advisor.Timeline, rows int) (chart, caption string) {
	tb.Helper()
	for width := 40; width <= 400; width++ {
		chart, caption = export.GrowthChart(t, width, rows)
		for _, l := range strings.Split(chart, "\n") {
			r := []rune(l)
			if i := slices.Index(r, '└'); i >= 0 && (len(r)-i-2)%t.Months == 0 {
				return chart, caption
			}
		}
	}
	tb.Fatalf("no width puts each of %d months on a column", t.Months)
	return "", ""
}

// checkChartTrue checks what a reader takes from a chart of costs drawn
// on at most rows rows: months a doubling or more apart are on different
// rows, the higher cost higher, while the costs span no more than rows-2
// doublings (rows 2x apart fit them); the labels are evenly spaced,
// linearly or in ratio as the caption says, and each month is drawn in the
// row nearest its cost on that scale; a log axis is labelled with round
// numbers.
func checkChartTrue(t *testing.T, name string, costs []float64, rows int, chart, caption string) {
	t.Helper()
	d := readChart(t, chart, len(costs)-1)
	if n := d.rows; n > rows {
		t.Errorf("%s: %d rows, more than %d", name, n, rows)
	}
	lo, hi := slices.Min(costs), slices.Max(costs)
	for i := range costs {
		if hi > lo*math.Pow(2, float64(rows-2)) {
			break
		}
		for j := range costs {
			if costs[i] > 0 && costs[j] >= 2*costs[i] && d.month[j] <= d.month[i] {
				t.Errorf("%s: month %d ($%.0f) is drawn in row %d, month %d ($%.0f, %.1fx) in row %d:\n%s",
					name, i, costs[i], d.month[i], j, costs[j], costs[j]/costs[i], d.month[j], chart)
			}
		}
	}
	logScale := strings.Contains(caption, "log scale")
	if logScale != (lo > 0 && hi > 10*lo) {
		t.Errorf("%s: costs from $%.0f to $%.0f (%.1fx), caption %q", name, lo, hi, hi/lo, caption)
	}
	labelled := slices.Sorted(maps.Keys(d.labels))
	if len(labelled) == 1 && d.rows == 1 {
		for m, c := range costs {
			if math.Abs(c-d.labels[0]) > 0.01*c {
				t.Errorf("%s: a flat chart labelled %g, month %d costs %g", name, d.labels[0], m, c)
			}
		}
		return
	}
	if len(labelled) < 2 {
		t.Fatalf("%s: %d labels:\n%s", name, len(labelled), chart)
	}
	// The scale the bottom and top labels set: a value's height in rows.
	b, top := labelled[0], labelled[len(labelled)-1]
	vb, vt := d.labels[b], d.labels[top]
	height := func(v float64) float64 {
		if logScale {
			return float64(b) + math.Log(v/vb)/math.Log(vt/vb)*float64(top-b)
		}
		return float64(b) + (v-vb)/(vt-vb)*float64(top-b)
	}
	// Labels are rounded to their last digit, and so is the scale the
	// two set: off moves a label by half its last digit, in rows.
	off := func(r int) float64 {
		if logScale {
			return d.units[r] / 2 / d.labels[r] / (math.Log(vt/vb) / float64(top-b))
		}
		return d.units[r] / 2 / ((vt - vb) / float64(top-b))
	}
	slack := off(b) + off(top) + 1e-9
	for _, r := range labelled {
		if h := height(d.labels[r]); math.Abs(h-float64(r)) > slack+off(r) {
			t.Errorf("%s: the label %g of row %d belongs %.2f rows up:\n%s", name, d.labels[r], r, h, chart)
		}
		if logScale {
			v := d.labels[r]
			m := v / math.Pow10(int(math.Floor(math.Log10(v)))-1)
			if math.Abs(m-math.Round(m)) > 1e-6 {
				t.Errorf("%s: log axis label %g is not a round number", name, v)
			}
		} else if len(labelled) != d.rows {
			t.Errorf("%s: a linear axis with %d of %d rows labelled", name, len(labelled), d.rows)
		}
	}
	for m, c := range costs {
		if h := height(c); math.Abs(h-float64(d.month[m])) > 0.5+slack {
			t.Errorf("%s: month %d ($%.0f) belongs %.2f rows up, drawn in row %d:\n%s", name, m, c, h, d.month[m], chart)
		}
	}
}

// geometric is a timeline whose cost grows by a factor each month.
func geometric(months int, usd, factor float64) *advisor.Timeline {
	t := &advisor.Timeline{GrowthPct: (factor - 1) * 100, Months: months}
	for m := 0; m <= months; m++ {
		t.Points = append(t.Points, advisor.Month{Month: m, MonthlyUSD: usd, StageID: "autoscale", StageNumber: 5})
		usd *= factor
	}
	return t
}

func costsOf(t *advisor.Timeline) []float64 {
	var out []float64
	for _, p := range t.Points {
		out = append(out, p.MonthlyUSD)
	}
	return out
}

// TestGrowthChartSeparatesEarlyMonths: at 10% a month for 40 months the
// cost spans 45x, and on nine linear rows the first eight months, to a
// doubling, were all in the bottom row. Every doubling moves the line up
// a row now, on the rows a terminal summary, a small window and a large
// one give the chart, and what the axis says is true.
func TestGrowthChartSeparatesEarlyMonths(t *testing.T) {
	for _, tc := range []struct {
		name string
		tl   *advisor.Timeline
	}{
		{"10% for 40 months from $21K", geometric(40, 21_000, 1.1)},
		{"10% for 24 months from $9.5K", geometric(24, 9_503, 1.1)},
		{"12% for 120 months from $287", geometric(120, 287, 1.12)},
		{"3% for 24 months from $500", geometric(24, 500, 1.03)},
		{"1000% for 3 months from $48", geometric(3, 48, 11)},
		{"a flat $48", flatTimeline(6, 48)},
	} {
		for _, rows := range []int{9, 12, 17} {
			chart, caption := chartOnColumns(t, tc.tl, rows)
			name := fmt.Sprintf("%s on %d rows", tc.name, rows)
			checkChartTrue(t, name, costsOf(tc.tl), rows, chart, caption)
			if again, _ := chartOnColumns(t, tc.tl, rows); again != chart {
				t.Errorf("%s: drawn twice, two charts:\n%s\n%s", name, chart, again)
			}
		}
	}
	// The new user's case: months 0 to 8 ($21K to $45K) are not one row.
	tl := geometric(40, 21_000, 1.1)
	chart, _ := chartOnColumns(t, tl, 9)
	d := readChart(t, chart, 40)
	if d.month[8] <= d.month[0] {
		t.Errorf("months 0 and 8 in rows %d and %d:\n%s", d.month[0], d.month[8], chart)
	}
}

// TestGrowthChartOfEveryPlanIsTrue: the cost charts of the growth plans
// (answers files, short and long horizons, slow and explosive growth)
// keep doublings apart and their labels true.
func TestGrowthChartOfEveryPlanIsTrue(t *testing.T) {
	for name, p := range growthPlans(t) {
		for _, rows := range []int{9, 12} {
			chart, caption := chartOnColumns(t, p.Timeline, rows)
			checkChartTrue(t, fmt.Sprintf("%s on %d rows", name, rows), costsOf(p.Timeline), rows, chart, caption)
		}
	}
}

// TestGrowthChartOfRandomCostsIsTrue: costs that rise and fall by up to
// half a month, from a tenth of a cent to trillions, on the rows the
// renderings use.
func TestGrowthChartOfRandomCostsIsTrue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		months := 1 + r.IntN(120)
		tl := &advisor.Timeline{GrowthPct: 10, Months: months}
		usd := math.Pow(10, -3+15*r.Float64())
		for m := 0; m <= months; m++ {
			tl.Points = append(tl.Points, advisor.Month{Month: m, MonthlyUSD: usd, StageID: "autoscale", StageNumber: 5})
			usd *= 0.7 + 0.9*r.Float64()
		}
		rows := 9 + r.IntN(9)
		chart, caption := chartOnColumns(t, tl, rows)
		checkChartTrue(t, fmt.Sprintf("series %d (%d months from $%.2f) on %d rows", i, months, tl.Points[0].MonthlyUSD, rows), costsOf(tl), rows, chart, caption)
	}
}

// TestGrowthChartOfExtremeRanges: costs from a subnormal to the largest
// float64 draw a chart that fits its width, with no label past float64's
// range ($∞, $NaN) and none printed to hundreds of digits.
func TestGrowthChartOfExtremeRanges(t *testing.T) {
	for _, ends := range [][2]float64{{1, 1.7e308}, {1e-300, 1e308}, {4.9e-324, 1.7e308}, {1e307, 1.7e308}, {0.001, 0.5}} {
		tl := &advisor.Timeline{GrowthPct: 10, Months: 2, Points: []advisor.Month{
			{MonthlyUSD: ends[0]}, {Month: 1, MonthlyUSD: ends[0]/2 + ends[1]/2}, {Month: 2, MonthlyUSD: ends[1]}}}
		for _, rows := range []int{9, 12, 17} {
			chart, caption := export.GrowthChart(tl, 80, rows)
			for _, l := range strings.Split(chart+"\n"+caption, "\n") {
				if strings.ContainsAny(l, "∞") || strings.Contains(l, "NaN") || strings.Contains(l, "Inf") || len([]rune(l)) > 80 {
					t.Errorf("$%g to $%g on %d rows: %q\n%s", ends[0], ends[1], rows, l, chart)
				}
			}
		}
	}
}
