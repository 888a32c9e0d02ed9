package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// tab is one view of the results.
type tab int

const (
	tabSummary tab = iota
	tabComponents
	tabDiagram
	tabCosts
	tabTradeoffs
	tabNext
	tabGrowth
)

var tabNames = []string{"Summary", "Components", "Diagram", "Costs", "Trade-offs & risks", "Next", "Growth"}

// renderTab draws one tab's content for the width; the results page scrolls it.
func renderTab(t tab, p *advisor.Plan, width int, s *Styles, ctx resultsContext) string {
	switch t {
	case tabComponents:
		return componentsTab(p, width, s)
	case tabDiagram:
		return diagramTab(p, width, s)
	case tabCosts:
		return costsTab(p, width, s)
	case tabTradeoffs:
		return tradeoffsTab(p, width, s)
	case tabNext:
		return nextTab(p, width, s)
	case tabGrowth:
		return growthTab(p, width, ctx.height, s)
	}
	return summaryTab(p, width, s, ctx)
}

// wrapStyled wraps text to width, indents every line and styles each.
func wrapStyled(text string, width, indent int, st lipgloss.Style) string {
	body := lipgloss.Wrap(text, max(10, width-indent), " ")
	pad := strings.Repeat(" ", indent)
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		lines[i] = pad + st.Render(strings.TrimRight(l, " "))
	}
	return strings.Join(lines, "\n")
}

// labelled writes "Label    value" with the value wrapped under itself.
func labelled(b *strings.Builder, s *Styles, width int, label, value string) {
	labelledW(b, s, width, 10, label, value)
}

// labelledW is labelled with the labels lw columns wide.
func labelledW(b *strings.Builder, s *Styles, width, lw int, label, value string) {
	body := lipgloss.Wrap(value, max(10, width-lw), " ")
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if i == 0 {
			b.WriteString(s.Label.Render(fmt.Sprintf("%-*s", lw, label)))
		} else {
			b.WriteString(strings.Repeat(" ", lw))
		}
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteString("\n")
	}
}

// bullet writes "• text" wrapped with a hanging indent.
func bullet(b *strings.Builder, text string, width int, st lipgloss.Style) {
	lines := strings.Split(lipgloss.Wrap(text, max(10, width-2), " "), "\n")
	for i, l := range lines {
		if i == 0 {
			b.WriteString("• ")
		} else {
			b.WriteString("  ")
		}
		b.WriteString(st.Render(strings.TrimRight(l, " ")))
		b.WriteString("\n")
	}
}

func heading(b *strings.Builder, s *Styles, text string) {
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	b.WriteString(s.Strong.Render(text))
	b.WriteString("\n")
}

func pct(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".") + "%"
}

// when says how far off a trigger is: the month with its traffic ("in
// month 12 at 12% growth, with 3.9x today's traffic"), or a multiple of
// today's traffic found without one.
func when(x, months *float64, growthPct float64) string {
	return export.When(x, months, growthPct)
}

// costLine is the cost with its band and the budget verdict, styled. The
// budget "fits" only when the high band does too; a typical cost under the
// budget with a high band over it says so.
func costLine(p *advisor.Plan, s *Styles) string {
	c := p.Cost
	b := p.Budget
	figures := []float64{c.MonthlyUSD, c.LowUSD, c.HighUSD}
	if b != nil {
		figures = append(figures, b.MonthlyUSD)
	}
	usd := human.USDAlike(figures...) // one unit in the sentence
	line := fmt.Sprintf("%s/mo typical on %s; from %s with one-year commitments to %s with headroom",
		usd(c.MonthlyUSD), export.ProviderName(c), usd(c.LowUSD), usd(c.HighUSD))
	switch {
	case b == nil:
		return line + " · no budget given"
	case !b.Fits:
		over := fmt.Sprintf("OVER the %s budget by %s", usd(b.MonthlyUSD), usd(-b.DifferenceUSD))
		if c := export.Committed(p); c != "" {
			over += "; " + c
		}
		return line + " · " + s.Bad.Render(over+export.BudgetCaveats(p))
	case c.HighUSD > b.MonthlyUSD:
		return line + " · " + s.Warn.Render(fmt.Sprintf("under the %s budget as typical, but the high band is over it by %s", usd(b.MonthlyUSD), usd(c.HighUSD-b.MonthlyUSD))+export.BudgetCaveats(p))
	case export.Outgrown(p) != "" || export.Unpriced(p) != "":
		return line + " · " + s.Warn.Render(fmt.Sprintf("fits the %s budget, %s to spare even at the high band", usd(b.MonthlyUSD), usd(b.MonthlyUSD-c.HighUSD))+export.BudgetCaveats(p))
	}
	return line + " · " + s.Good.Render(fmt.Sprintf("fits the %s budget, %s to spare even at the high band", usd(b.MonthlyUSD), usd(b.MonthlyUSD-c.HighUSD)))
}

// stageTitle names a stage with its place on the ladder: "Stage 5 of the
// 9-stage ladder: Auto-scaling".
func stageTitle(number int, name string, ladder int) string {
	if ladder <= 0 {
		return fmt.Sprintf("Stage %d: %s", number, name)
	}
	return fmt.Sprintf("Stage %d of the %d-stage ladder (0–%d): %s", number, ladder, ladder-1, name)
}

func summaryTab(p *advisor.Plan, width int, s *Styles, ctx resultsContext) string {
	var b strings.Builder
	b.WriteString(wrapStyled(stageTitle(p.Stage.Number, p.Stage.Name, ctx.ladder), width, 0, s.Title))
	b.WriteString("\n")
	if p.Stage.Summary != "" {
		b.WriteString(wrapStyled(strings.TrimSpace(p.Stage.Summary), width, 0, s.Faint))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	e := p.Estimates
	labelled(&b, s, width, "Why", human.Capitalise(p.Stage.Why)+".")
	labelled(&b, s, width, "Cost", costLine(p, s))
	labelled(&b, s, width, "Traffic", fmt.Sprintf("%s rps at peak (%s reads/s, %s writes/s) from %s monthly and %s daily users",
		human.Count(p.Inputs.PeakRPS), human.Count(e.ReadRPS), human.Count(e.WriteRPS), human.Count(p.Inputs.Users), human.Count(p.Inputs.DAU)))
	labelled(&b, s, width, "Data", fmt.Sprintf("%s a day · %s in a year · %s at the end of retention",
		human.GB(e.NewDataGBPerDay), human.GB(e.DataGBNextYear), human.GB(e.DataGBAtRetention)))
	if e.NewObjectGBPerDay > 0 {
		labelled(&b, s, width, "Objects", fmt.Sprintf("%s a day · %s in a year · %s at the end of retention",
			human.GB(e.NewObjectGBPerDay), human.GB(e.ObjectGBNextYear), human.GB(e.ObjectGBAtRetention)))
	}
	labelled(&b, s, width, "Uptime", uptimeText(p, s))
	lat := fmt.Sprintf("about %s ms a request near the region", human.Count(p.Latency.HomeMS))
	if p.Latency.FarUsersMS > p.Latency.HomeMS {
		lat += fmt.Sprintf(", %s ms for users far away", human.Count(p.Latency.FarUsersMS))
	}
	labelled(&b, s, width, "Latency", lat)
	if l := p.BreaksFirst; l != nil {
		// The same month as the Growth tab's runway.
		labelled(&b, s, width, "Breaks", human.Capitalise(l.Says)+", "+l.When(p.Inputs.Growth))
	}
	if n := p.NextStage; n != nil {
		text := fmt.Sprintf("stage %d, %s, when %s", n.Number, n.Name, n.Trigger)
		if w := when(n.AtLoadX, n.InMonths, p.Inputs.Growth); w != "" {
			text += " (" + w + ")"
		}
		labelled(&b, s, width, "Next", text)
	}
	assumed(&b, p, width, s, ctx)
	return strings.TrimRight(b.String(), "\n")
}

// uptimeText is the target, the downtime it allows, and what the plan's
// parts compose to against it: the same verdict plan prints.
func uptimeText(p *advisor.Plan, s *Styles) string {
	if p.Availability.MeetsTarget {
		return s.Good.Render(uptime(p))
	}
	return s.Bad.Render(uptime(p))
}

// assumed lists what the plan assumed because it was not said, by the
// page of the form where each can be given: only true assumptions, so not
// a figure the person chose (steady or spiky gives the peak factor) nor one
// worked out from their answers alone.
func assumed(b *strings.Builder, p *advisor.Plan, width int, s *Styles, ctx resultsContext) {
	chosePattern := ctx.pattern != "" || slices.Contains(p.Answers.Traits, "spiky")
	byPlace := map[string][]string{}
	var places []string
	for _, a := range p.Assumptions {
		f, ok := answers.Lookup(a.Key)
		if !ok || a.Kind == "derived" && a.Source == "" || f == answers.PeakFactor && chosePattern {
			continue
		}
		item := f.Label + ": " + f.Display(a.Value)
		switch a.Formula {
		case "dau_from_users":
			item += fmt.Sprintf(" (%s of monthly users)", human.Percent(p.Capacity.DAUPerMAU))
		case "users_from_dau":
			item += fmt.Sprintf(" (daily users ÷ %s)", human.Percent(p.Capacity.DAUPerMAU))
		}
		place := "Elsewhere"
		switch {
		case f == answers.PeakFactor:
			place = pageNames[pageTraffic]
			item += " (steady or spiky?)"
		case f.Page != answers.PageNone:
			place = pageNames[f.Page]
		default:
			item += " (--" + f.Flag() + " or an answers file)"
		}
		if _, seen := byPlace[place]; !seen {
			places = append(places, place)
		}
		byPlace[place] = append(byPlace[place], item)
	}
	if len(places) == 0 {
		return
	}
	order := append(slices.Clone(pageNames), "Elsewhere")
	slices.SortStableFunc(places, func(x, y string) int { return cmp.Compare(slices.Index(order, x), slices.Index(order, y)) })
	heading(b, s, "Assumed, because you did not say")
	b.WriteString(wrapStyled("Press b to change them, on the page named.", width, 0, s.Faint))
	b.WriteString("\n")
	for _, place := range places {
		labelledW(b, s, width, 13, place, strings.Join(byPlace[place], " · "))
	}
}

func componentsTab(p *advisor.Plan, width int, s *Styles) string {
	const countW, costW = 6, 11
	rest := width - countW - costW - 3
	nameW := rest * 45 / 100
	sizeW := rest - nameW
	var b strings.Builder
	row := func(name, count, size, cost string, st lipgloss.Style) {
		line := fmt.Sprintf("%-*s %*s %-*s %*s",
			nameW, ansi.Truncate(name, nameW, "…"), countW, count,
			sizeW, ansi.Truncate(size, sizeW, "…"), costW, cost)
		b.WriteString(st.Render(line))
		b.WriteString("\n")
	}
	row("Component", "Count", "Size", "Monthly", s.Strong)
	usd := human.USDAlike(p.Cost.MonthlyUSD) // one unit down the column
	for _, c := range p.Components {
		cost := usd(c.MonthlyUSD)
		size := c.Size
		if size == "" {
			size = "priced by use"
		}
		row(c.Name, human.Count(c.Count), size, cost, lipgloss.NewStyle())
		b.WriteString(wrapStyled(human.Capitalise(c.Reason), width, 2, s.Faint))
		b.WriteString("\n")
	}
	b.WriteString(s.Rule.Render(strings.Repeat("─", width)))
	b.WriteString("\n")
	row("Total", "", "", usd(p.Cost.MonthlyUSD), s.Strong)
	b.WriteString(wrapStyled(fmt.Sprintf("%s %s on-demand prices as of %s; 730 hours a month.",
		export.ProviderName(p.Cost), p.Cost.Region, p.Cost.AsOf), width, 0, s.Faint))
	return b.String()
}

func diagramTab(p *advisor.Plan, width int, s *Styles) string {
	lines := strings.Split(strings.TrimRight(export.Diagram(p, width), "\n"), "\n")
	for i, l := range lines {
		lines[i] = s.Diagram.Render(l)
	}
	return strings.Join(lines, "\n")
}

// blocks are the eighths a bar cell is drawn with.
var blocks = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws a share (0..1) of n cells.
func bar(share float64, n int) string {
	eighths := int(math.Round(share * float64(n) * 8))
	if share > 0 && eighths == 0 {
		eighths = 1
	}
	return strings.Repeat("█", eighths/8) + blocks[eighths%8]
}

func costsTab(p *advisor.Plan, width int, s *Styles) string {
	var b strings.Builder
	total := p.Cost.MonthlyUSD
	b.WriteString(s.Title.Render("Monthly cost by component: " + human.USD(total) + "/mo"))
	b.WriteString("\n")
	b.WriteString(wrapStyled(fmt.Sprintf("%s %s on-demand prices as of %s.", export.ProviderName(p.Cost), p.Cost.Region, p.Cost.AsOf), width, 0, s.Faint))
	b.WriteString("\n\n")
	comps := slices.Clone(p.Components)
	slices.SortStableFunc(comps, func(a, b advisor.Component) int { return cmp.Compare(b.MonthlyUSD, a.MonthlyUSD) })
	usd := human.USDAlike(total) // one unit down the column
	const costW, shareW = 10, 5
	labelW := min(34, max(16, width*3/10))
	barW := max(8, width-labelW-costW-shareW-3)
	var free []string
	for _, c := range comps {
		if c.MonthlyUSD <= 0 {
			free = append(free, c.Name)
			continue
		}
		share := 0.0
		if total > 0 {
			share = c.MonthlyUSD / total
		}
		bs := bar(share, barW)
		fmt.Fprintf(&b, "%-*s %s%s %*s %*s\n", labelW, ansi.Truncate(c.Name, labelW, "…"),
			s.Bar.Render(bs), strings.Repeat(" ", barW-ansi.StringWidth(bs)),
			costW, usd(c.MonthlyUSD), shareW, shareText(share))
	}
	if len(free) > 0 {
		b.WriteString("\n")
		b.WriteString(wrapStyled("No charge of their own: "+strings.Join(free, ", ")+".", width, 0, s.Faint))
		b.WriteString("\n")
	}
	heading(&b, s, "By tier")
	var parts []string
	for _, t := range knowledge.Tiers {
		if v, ok := p.Cost.ByTier[t]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", tierTitle(t), usd(v)))
		}
	}
	b.WriteString(wrapStyled(strings.Join(parts, " · "), width, 0, lipgloss.NewStyle()))
	b.WriteString("\n")
	if p.Budget != nil {
		heading(&b, s, "Budget")
		b.WriteString(wrapANSI(costLine(p, s), width))
		b.WriteString("\n")
		for _, c := range export.CutTexts(p) {
			bullet(&b, c, width, lipgloss.NewStyle())
		}
		if short := export.Shortfall(p); short != "" {
			b.WriteString(wrapStyled(short, width, 0, lipgloss.NewStyle()))
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// shareText writes a share of the total; a sliver is "<1%", not "0%".
func shareText(share float64) string {
	if share > 0 && share < 0.005 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", share*100)
}

func tierTitle(t string) string {
	switch t {
	case "ops":
		return "Operations"
	case "async":
		return "Async"
	}
	return human.Capitalise(t)
}

func componentName(p *advisor.Plan, id string) string {
	for _, c := range p.Components {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

func tradeoffsTab(p *advisor.Plan, width int, s *Styles) string {
	var b strings.Builder
	heading(&b, s, "Trade-offs: what each choice accepts")
	if len(p.Tradeoffs) == 0 {
		b.WriteString(s.Faint.Render("None recorded."))
		b.WriteString("\n")
	}
	for _, t := range p.Tradeoffs {
		bullet(&b, componentName(p, t.Component)+": "+t.Text, width, lipgloss.NewStyle())
	}
	heading(&b, s, "Risks")
	if len(p.Risks) == 0 {
		b.WriteString(s.Faint.Render("None found for these answers."))
		b.WriteString("\n")
	}
	for _, r := range p.Risks {
		bullet(&b, human.Capitalise(r.Text), width, lipgloss.NewStyle())
	}
	if bu := p.Budget; bu != nil && !bu.Fits {
		heading(&b, s, "Over budget: what could be cut")
		if len(bu.Cuts) == 0 {
			b.WriteString(wrapStyled("Nothing here is optional at this load; raise the budget or revisit the answers.", width, 0, s.Faint))
			b.WriteString("\n")
		}
		for _, c := range export.CutTexts(p) {
			bullet(&b, c, width, lipgloss.NewStyle())
		}
		if short := export.Shortfall(p); short != "" {
			b.WriteString(wrapStyled(short, width, 0, lipgloss.NewStyle()))
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func nextTab(p *advisor.Plan, width int, s *Styles) string {
	var b strings.Builder
	heading(&b, s, "Next stage")
	if n := p.NextStage; n != nil {
		text := fmt.Sprintf("Stage %d, %s: when %s", n.Number, n.Name, n.Trigger)
		if w := when(n.AtLoadX, n.InMonths, p.Inputs.Growth); w != "" {
			text += " (" + w + ")"
		}
		b.WriteString(wrapStyled(text+".", width, 0, lipgloss.NewStyle()))
	} else {
		b.WriteString(wrapStyled("This is the last stage on the ladder.", width, 0, s.Faint))
	}
	b.WriteString("\n")
	heading(&b, s, "Deferred until a trigger")
	if len(p.Deferred) == 0 {
		b.WriteString(wrapStyled("Nothing in the next two stages is waiting on a trigger.", width, 0, s.Faint))
		b.WriteString("\n")
	}
	for _, d := range p.Deferred {
		b.WriteString("• " + s.Strong.Render(d.Name))
		b.WriteString("\n")
		text := "add it when " + d.Trigger
		if w := when(d.AtLoadX, d.InMonths, p.Inputs.Growth); w != "" {
			text += " (" + w + ")"
		}
		b.WriteString(wrapStyled(text, width, 2, s.Faint))
		b.WriteString("\n")
	}
	if l := p.BreaksFirst; l != nil {
		heading(&b, s, "What breaks first")
		text := human.Capitalise(l.Says) + "; then " + l.Fix
		b.WriteString(wrapStyled(text+".", width, 0, lipgloss.NewStyle()))
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// uptime is the plan's availability verdict in one line: the same verdict
// as the plan's JSON and its other renderings give, in fewer words.
func uptime(p *advisor.Plan) string {
	a := p.Availability
	level := strings.ToLower(a.Resilience.Name)
	allowed := human.Duration(a.DowntimeMinutesPerMonth * 60)
	if a.MeetsTarget {
		return fmt.Sprintf("%s target met: %s at %s; %s a month allowed", pct(a.TargetPct), human.Availability(a.ComposedPct), level, allowed)
	}
	if a.Resilience.Level == len(estimators.ResilienceLevels)-1 {
		return fmt.Sprintf("%s target not met: no architecture in this knowledge base reaches it (%s at %s)", pct(a.TargetPct), human.Availability(a.ComposedPct), level)
	}
	return fmt.Sprintf("%s target not met: %s at %s", pct(a.TargetPct), human.Availability(a.ComposedPct), level)
}
