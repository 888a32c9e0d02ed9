package export_test

import (
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
			out = export.GrowthChart(flatTimeline(24, usd), 80, 8)
		}()
		if out == "" || !strings.Contains(out, "┼") {
			t.Errorf("GrowthChart of a flat $%g drew no chart: %q", usd, out)
		}
	}
	// The label is the cost, not the 0 the line is drawn at.
	if out := export.GrowthChart(flatTimeline(3, 48), 80, 8); !strings.Contains(out, "$48") {
		t.Errorf("the flat line is not labelled $48: %q", out)
	}
}
