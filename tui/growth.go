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
func growthTab(p *advisor.Plan, width int, s *Styles) string {
	var b strings.Builder
	t := p.Timeline
	if t == nil {
		return wrapStyled(noGrowth, width, 0, s.Faint)
	}
	b.WriteString(wrapStyled(fmt.Sprintf("Growth over %s at %s", export.MonthsWord(t.Months), export.GrowthRate(t.GrowthPct)), width, 0, s.Title))
	b.WriteString("\n")
	labelled(&b, s, width, "Runway", human.Capitalise(export.RunwayText(t))+".")
	b.WriteString("\n")
	chart, caption := export.GrowthChart(t, width, 9)
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

// noGrowth is the Growth tab without growth: one line at the narrowest
// window, naming the question by its label on the Data page.
var noGrowth = "No timeline without growth: press b, answer " + answers.Growth.Label + "."
