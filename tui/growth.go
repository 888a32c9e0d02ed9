package tui

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
)

// growthTab shows the growth timeline: the runway, a line chart of the
// monthly cost, the figures every quarter of the horizon and the months
// something happens. Without growth it says in one line how to get one;
// the tab stays, so the tabs keep their numbers (1-7) whatever the plan.
// height is the window's rows: a taller window gets a taller chart.
func growthTab(p *advisor.Plan, width, height int, s *Styles) string {
	var b strings.Builder
	t := p.Timeline
	if t == nil {
		return wrapStyled(noGrowth, width, 0, s.Faint)
	}
	b.WriteString(wrapStyled(fmt.Sprintf("Growth over %s at %s", export.MonthsWord(t.Months), export.GrowthRate(t.GrowthPct)), width, 0, s.Title))
	b.WriteString("\n")
	labelled(&b, s, width, "Runway", human.Capitalise(export.RunwayText(t))+".")
	b.WriteString("\n")
	chart, caption := export.GrowthChart(t, width, chartRows(height))
	for _, l := range strings.Split(chart, "\n") {
		b.WriteString(s.Bar.Render(strings.TrimRight(l, " ")))
		b.WriteString("\n")
	}
	b.WriteString(wrapStyled(caption, width, 0, s.Faint))
	b.WriteString("\n\n")
	b.WriteString(export.GrowthTable(p, width, s.Strong.Render))
	heading(&b, s, "Milestones")
	events := export.GrowthEvents(t)
	if len(events) == 0 {
		b.WriteString(wrapStyled(fmt.Sprintf("Nothing changes within %s: the plan holds.", export.MonthsWord(t.Months)), width, 0, s.Faint))
	}
	for _, e := range events {
		bullet(&b, fmt.Sprintf("Month %d: %s", e.Month, e.Text), width, s.Faint)
	}
	return strings.TrimRight(b.String(), "\n")
}

// chartRows is the most rows the growth chart takes in a window height
// rows high: 9 at 24 rows and fewer, so the table's head shows below it at
// 80x24, and half of each row past 24 up to 17, which leaves the table and
// the milestones of a two-year timeline on the first screen at 120x40.
func chartRows(height int) int {
	return min(17, 9+max(0, height-24)/2)
}

// noGrowth is the Growth tab without growth: one line at the narrowest
// window, naming the question by its label on the Data page.
var noGrowth = "No timeline without growth: press b, answer " + answers.Growth.Label + "."
