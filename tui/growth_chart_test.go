package tui

import (
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
)

// TestGrowthTabOfAFlatCostPastInt64: pressing 7 on a plan whose cost is
// flat above 2^63 a month showed "Caught panic" and exited; the tab draws.
func TestGrowthTabOfAFlatCostPastInt64(t *testing.T) {
	p := &advisor.Plan{Timeline: &advisor.Timeline{GrowthPct: 1000, Months: 6}}
	for m := 0; m <= 6; m++ {
		p.Timeline.Points = append(p.Timeline.Points, advisor.Month{Month: m, MonthlyUSD: 2e19, StageID: "planet-scale", StageNumber: 8})
	}
	out := growthTab(p, 80, 24, NewStyles(true, true))
	if !strings.Contains(out, "Monthly cost by month.") {
		t.Errorf("growth tab: %q", out)
	}
}
