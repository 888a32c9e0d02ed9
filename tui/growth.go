package tui

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
)

// growthTab shows the growth timeline: the runway, a line chart of the
// monthly cost, the figures every quarter of the horizon and the months
// something happens. Without growth it says how to get one.
func growthTab(p *advisor.Plan, width int, s *Styles) string {
	var b strings.Builder
	t := p.Timeline
	if t == nil {
		heading(&b, s, "Growth")
		b.WriteString(wrapStyled("No monthly growth was given, so there is no timeline. Press b and answer the growth question "+
			"(or run scaleplan plan --growth 12% --horizon 24m) to see, month by month, the users, peak, data and cost, "+
			"when each component and stage arrives, and how long today's architecture lasts.", width, 0, s.Faint))
		return b.String()
	}
	b.WriteString(wrapStyled(fmt.Sprintf("Growth over %d months at %s", t.Months, export.GrowthRate(t.GrowthPct)), width, 0, s.Title))
	b.WriteString("\n")
	labelled(&b, s, width, "Runway", human.Capitalise(export.RunwayText(t))+".")
	b.WriteString("\n")
	for _, l := range strings.Split(export.GrowthChart(t, width, 8), "\n") {
		b.WriteString(s.Bar.Render(strings.TrimRight(l, " ")))
		b.WriteString("\n")
	}
	b.WriteString(s.Faint.Render("Monthly cost by month."))
	b.WriteString("\n\n")
	b.WriteString(export.GrowthTable(p, width, s.Strong.Render))
	heading(&b, s, "Milestones")
	events := export.GrowthEvents(t)
	if len(events) == 0 {
		b.WriteString(wrapStyled(fmt.Sprintf("Nothing changes within %d months: the plan holds.", t.Months), width, 0, s.Faint))
	}
	for _, e := range events {
		bullet(&b, fmt.Sprintf("Month %d: %s", e.Month, e.Text), width, s.Faint)
	}
	return strings.TrimRight(b.String(), "\n")
}
