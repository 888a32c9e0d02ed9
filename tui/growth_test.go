package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
)

// TestGrowthTab: without growth the tab says how to get a timeline; with
// growth it draws the chart, the table and the milestones within the width.
func TestGrowthTab(t *testing.T) {
	ad := advisor.New(testKB(t))
	s := NewStyles(true, true)
	flat, err := ad.Advise(mustAnswers(t, "users", "50k"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ansi.Strip(renderTab(tabGrowth, flat, 80, s, resultsContext{})); !strings.Contains(got, "No monthly growth was given") {
		t.Errorf("without growth the tab reads:\n%s", got)
	}
	for _, growth := range []string{"12%", "1000%", "0.5"} {
		p, err := ad.Advise(mustAnswers(t, "users", "50k", "growth", growth))
		if err != nil {
			t.Fatal(err)
		}
		for _, width := range []int{60, 80, 120} {
			out := ansi.Strip(renderTab(tabGrowth, p, width, s, resultsContext{}))
			for _, want := range []string{"Growth over 24 months", "Runway", "┤", "Month", "Monthly cost by month."} {
				if !strings.Contains(out, want) {
					t.Errorf("%s growth, width %d: no %q in\n%s", growth, width, want, out)
				}
			}
			for i, line := range strings.Split(out, "\n") {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s growth, width %d: line %d is %d columns: %q", growth, width, i+1, w, line)
				}
			}
		}
	}
}
