package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/guptarohit/asciigraph"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// The growth timeline's renderings: a Markdown section with a table, two
// Mermaid xychart-beta charts (cost, peak traffic) and a Mermaid timeline
// of the milestones; a terminal line chart; and the wording they share.

// GrowthRate says a monthly growth rate with its yearly effect: "12% a
// month (3.9x a year)".
func GrowthRate(pct float64) string {
	year := math.Pow(1+pct/100, 12)
	return fmt.Sprintf("%s%% a month (%s a year)", trimFloat(pct), loadX(&year))
}

// When says how far off a trigger is, as advisor.When does: "in month 12
// at 12% growth, with 3.9x today's traffic", "at 6.0x today's traffic";
// "" with neither.
func When(x, months *float64, growthPct float64) string {
	return advisor.When(x, months, growthPct)
}

// GrowthEvent is what happens in one month of the timeline, in words.
type GrowthEvent struct {
	Month int
	Text  string   // "reaches stage 3, Load balancer + horizontal scaling; adds Load balancer, Shared session store"
	Items []string // the same as separate events, for a Mermaid timeline
}

// GrowthEvents groups a timeline's milestones by month and words them.
func GrowthEvents(t *advisor.Timeline) []GrowthEvent {
	var out []GrowthEvent
	for i := 0; i < len(t.Milestones); {
		month := t.Milestones[i].Month
		var stages, comps, items []string
		var limit string
		for ; i < len(t.Milestones) && t.Milestones[i].Month == month; i++ {
			m := t.Milestones[i]
			switch m.Kind {
			case advisor.MilestoneStage:
				s := fmt.Sprintf("stage %d, %s", stageNumber(t, m), m.Name)
				stages = append(stages, s)
				items = append(items, human.Capitalise(s))
			case advisor.MilestoneComponent:
				comps = append(comps, m.Name)
				items = append(items, "+ "+m.Name)
			case advisor.MilestoneLimit:
				limit = "today's architecture reaches its limit: " + m.Name
				items = append(items, human.Capitalise(limit))
			}
		}
		var parts []string
		if len(stages) > 0 {
			parts = append(parts, "reaches "+strings.Join(stages, ", then "))
		}
		if len(comps) > 0 {
			parts = append(parts, "adds "+strings.Join(comps, ", "))
		}
		if limit != "" {
			parts = append(parts, limit)
		}
		out = append(out, GrowthEvent{Month: month, Text: strings.Join(parts, "; "), Items: items})
	}
	return out
}

// stageNumber finds a stage milestone's number: the stages crossed in a
// month run up to the month's stage, one per milestone.
func stageNumber(t *advisor.Timeline, m advisor.Milestone) int {
	n := t.Points[m.Month].StageNumber
	after := 0
	seen := false
	for _, o := range t.Milestones {
		if o.Month != m.Month || o.Kind != advisor.MilestoneStage {
			continue
		}
		if seen {
			after++
		}
		if o == m {
			seen = true
		}
	}
	return n - after
}

// RunwayText says how long today's architecture lasts: until the first of
// today's limits is passed, the limit that breaks first. The plan may
// change before that, at thresholds below the capacities: a runway that
// holds says the milestones still come.
func RunwayText(t *advisor.Timeline) string {
	r := t.Runway
	switch {
	case r == nil && len(t.Milestones) > 0:
		return "no limit of today's architecture is reached within the " + MonthsWord(t.Months) + ", though the plan changes on the way (the milestones)"
	case r == nil:
		return "today's architecture holds for the whole " + MonthsWord(t.Months)
	case r.Months == 0:
		return fmt.Sprintf("none: already at today's load the limit is %s; %s", r.Says, r.Fix)
	}
	return fmt.Sprintf("%s: then today's architecture reaches its limit, %s; %s", MonthsWord(r.Months), r.Says, r.Fix)
}

// MonthsWord is n months in words: "1 month", "24 months".
func MonthsWord(n int) string {
	if n == 1 {
		return "1 month"
	}
	return strconv.Itoa(n) + " months"
}

// growthRows picks the months a table or chart shows: every month up to two
// years, then every third or sixth, always with the last; with marks, also
// the months something happens.
func growthRows(t *advisor.Timeline, marks bool) []advisor.Month {
	step := 1
	switch {
	case t.Months > 60:
		step = 6
	case t.Months > 24:
		step = 3
	}
	marked := map[int]bool{}
	if marks {
		for _, m := range t.Milestones {
			marked[m.Month] = true
		}
	}
	var out []advisor.Month
	for _, p := range t.Points {
		if p.Month%step == 0 || p.Month == t.Months || marked[p.Month] {
			out = append(out, p)
		}
	}
	return out
}

// GrowthCharts returns two Mermaid xychart-beta diagrams: the monthly cost
// and the peak requests per second over the timeline.
func GrowthCharts(t *advisor.Timeline) (cost, peak string) {
	rows := growthRows(t, false)
	months := make([]string, len(rows))
	costs := make([]string, len(rows))
	peaks := make([]string, len(rows))
	for i, p := range rows {
		months[i] = strconv.Itoa(p.Month)
		costs[i] = strconv.FormatFloat(math.Round(p.MonthlyUSD), 'f', -1, 64)
		peaks[i] = strconv.FormatFloat(math.Round(p.PeakRPS*10)/10, 'f', -1, 64)
	}
	chart := func(title, axis string, values []string) string {
		var b strings.Builder
		b.WriteString("xychart-beta\n")
		fmt.Fprintf(&b, "  title \"%s\"\n", title)
		fmt.Fprintf(&b, "  x-axis \"Month\" [%s]\n", strings.Join(months, ", "))
		fmt.Fprintf(&b, "  y-axis \"%s\"\n", axis)
		fmt.Fprintf(&b, "  line [%s]\n", strings.Join(values, ", "))
		return b.String()
	}
	rate := trimFloat(t.GrowthPct) + "% a month"
	return chart("Monthly cost at "+rate, "USD a month", costs),
		chart("Peak requests per second at "+rate, "Requests per second", peaks)
}

// GrowthMilestones returns a Mermaid timeline of the months something
// happens; "" when nothing does.
func GrowthMilestones(t *advisor.Timeline) string {
	events := GrowthEvents(t)
	if len(events) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("timeline\n")
	fmt.Fprintf(&b, "  title Milestones at %s%% monthly growth\n", trimFloat(t.GrowthPct))
	for _, e := range events {
		items := make([]string, len(e.Items))
		for i, it := range e.Items {
			items[i] = timelineText(it)
		}
		fmt.Fprintf(&b, "  Month %d : %s\n", e.Month, strings.Join(items, " : "))
	}
	return b.String()
}

// timelineText keeps an event's text from ending the event (':'), starting
// a comment ('%%', '#') or breaking the line.
func timelineText(s string) string {
	r := strings.NewReplacer(":", " -", ";", ",", "#", "", "%", " percent", "\n", " ", "\r", " ", "\t", " ")
	return strings.Join(strings.Fields(r.Replace(s)), " ")
}

// filesNote says why month 0 can show no files yet cost their storage.
const filesNote = "Data and files are what is stored as the month begins; the cost bills the month, so it includes the files that month's writes add."

// hasFiles reports a timeline with files in object storage, which get a
// column of their own: billed as stored, they are often what the cost
// grows with.
func hasFiles(t *advisor.Timeline) bool {
	return slices.ContainsFunc(t.Points, func(m advisor.Month) bool { return m.ObjectGB > 0 })
}

// markdownGrowth writes the timeline section of the Markdown document.
func markdownGrowth(w *mdWriter, p *advisor.Plan) {
	t := p.Timeline
	if t == nil {
		return
	}
	w.heading(2, "Growth over "+MonthsWord(t.Months))
	files := hasFiles(t)
	if files {
		w.line("Traffic grows %s; the stored data and files grow by each month's writes. Month 0 is today. %s", GrowthRate(t.GrowthPct), filesNote)
	} else {
		w.line("Traffic grows %s; the stored data grows by each month's writes. Month 0 is today.", GrowthRate(t.GrowthPct))
	}
	w.line("")
	w.line("**Runway: %s.**", MarkdownText(RunwayText(t)))
	w.line("")
	rows := [][]string{}
	for _, m := range growthRows(t, true) {
		month := strconv.Itoa(m.Month)
		if m.Month == 0 {
			month = "0 (today)"
		}
		row := []string{month, human.Count(m.Users), human.Count(m.PeakRPS), human.GB(m.DataGB)}
		if files {
			row = append(row, human.GB(m.ObjectGB))
		}
		rows = append(rows, append(row, human.USD(m.MonthlyUSD), fmt.Sprintf("%d, `%s`", m.StageNumber, m.StageID)))
	}
	head := []string{"Month", "Users", "Peak rps", "Data stored"}
	if files {
		head = append(head, "Files stored")
	}
	w.table(append(head, "Monthly cost", "Stage"), rows)
	cost, peak := GrowthCharts(t)
	for _, chart := range []string{cost, peak} {
		w.line("")
		w.line("```mermaid")
		w.b.WriteString(chart)
		w.line("```")
	}
	w.heading(3, "Milestones")
	events := GrowthEvents(t)
	if len(events) == 0 {
		w.line("Nothing changes within %s: the plan above holds.", MonthsWord(t.Months))
		return
	}
	w.line("```mermaid")
	w.b.WriteString(GrowthMilestones(t))
	w.line("```")
	w.line("")
	for _, e := range events {
		w.bullet(fmt.Sprintf("**Month %d**: %s.", e.Month, MarkdownText(e.Text)))
	}
}

// GrowthChart draws the monthly cost over the timeline as a terminal line
// chart at most width columns wide and rows rows high, plus the month axis,
// and returns it with its caption. Costs spanning more than linearSpan are
// drawn on a log axis labelled with round numbers, which the caption
// says; narrower ones on a linear axis of up to linearRows rows, every row
// labelled. Every label is the value at the centre of its row.
func GrowthChart(t *advisor.Timeline, width, rows int) (chart, caption string) {
	costs := make([]float64, len(t.Points))
	for i, p := range t.Points {
		costs[i] = p.MonthlyUSD
	}
	ax := newAxis(costs, rows)
	top := float64(ax.rows - 1)
	// asciigraph draws a value in the row round(value) once the bounds are
	// 0 and the top row and the height is the rows between them: the axis's
	// positions are the rows.
	ys := make([]float64, len(costs))
	for i, c := range costs {
		ys[i] = min(max(ax.pos(c), 0), top)
	}
	var labels []float64
	for r := range ax.rows {
		if v, ok := ax.value(r); ok {
			labels = append(labels, v)
		}
	}
	usd := human.USDAlike(labels...)
	if ax.labelStep > 0 {
		// A log axis's labels are numbers of two figures, and printed
		// whole: $0.025 is not $0.03.
		cents := usd
		usd = func(v float64) string {
			if v >= 10 {
				return cents(v)
			}
			s := strconv.FormatFloat(v, 'g', 2, 64)
			if !strings.Contains(s, "e") {
				if i := strings.IndexByte(s, '.'); i < 0 {
					s += ".00"
				} else if len(s)-i < 3 {
					s += "0"
				}
			}
			return "$" + s
		}
	}
	label := func(y float64) string {
		if v, ok := ax.value(int(math.Round(y))); ok {
			return usd(v)
		}
		return ""
	}
	labelW := 0
	for _, v := range labels {
		labelW = max(labelW, len(usd(v)))
	}
	plot := func(plotW int) string {
		return asciigraph.Plot(ys,
			asciigraph.Height(max(1, ax.rows-1)),
			asciigraph.LowerBound(0),
			asciigraph.UpperBound(top),
			asciigraph.Width(plotW),
			asciigraph.Offset(2),
			asciigraph.YAxisValueFormatter(label),
			asciigraph.XAxisRange(0, float64(t.Months)),
			asciigraph.XAxisTickCount(min(t.Months+1, 7)),
			asciigraph.XAxisValueFormatter(func(v float64) string { return strconv.Itoa(int(math.Round(v))) }),
		)
	}
	// The library places the axis labels itself: draw, and narrow the plot
	// by what overflows.
	plotW := max(10, width-labelW-3)
	out := plot(plotW)
	widest := 0
	for _, l := range strings.Split(out, "\n") {
		widest = max(widest, lipgloss.Width(l))
	}
	if widest > width && plotW > 10 {
		out = plot(max(10, plotW-(widest-width)))
	}
	caption = "Monthly cost by month."
	if ax.labelStep > 0 {
		caption = "Monthly cost by month, on a log scale: each label is " + timesText(ax.labelStep) + " the one below."
	}
	return out, caption
}

// timesText is a factor between labels in words: "twice", "10x", "1,000x".
func timesText(f float64) string {
	if f == 2 {
		return "twice"
	}
	if f <= 1e15 {
		return human.Grouped(f) + "x"
	}
	return strconv.FormatFloat(f, 'g', 3, 64) + "x"
}

// textChartRows is the most rows the terminal summary's chart takes: on a
// log axis, rows 1.4x apart for a range of up to 32x, and at most 2x apart
// up to 1,000x.
const textChartRows = 12

// textGrowth writes the timeline section of the terminal summary.
func textGrowth(b *strings.Builder, p *advisor.Plan, width int, s textStyles, wrap func(int, string, lipgloss.Style) string) {
	t := p.Timeline
	if t == nil {
		return
	}
	fmt.Fprintf(b, "\n%s\n", wrap(0, fmt.Sprintf("Growth: %s at %s", MonthsWord(t.Months), GrowthRate(t.GrowthPct)), s.heading))
	fmt.Fprintf(b, "%s\n\n", wrap(2, "Runway: "+RunwayText(t), s.dim))
	chart, caption := GrowthChart(t, width-2, textChartRows)
	for _, l := range strings.Split(chart, "\n") {
		fmt.Fprintf(b, "  %s\n", strings.TrimRight(l, " "))
	}
	fmt.Fprintf(b, "%s\n\n", wrap(2, caption, s.dim))
	b.WriteString(GrowthTable(p, width, s.label.Render))
	if hasFiles(t) {
		fmt.Fprintf(b, "%s\n", wrap(2, filesNote, s.dim))
	}
	events := GrowthEvents(t)
	if len(events) == 0 {
		fmt.Fprintf(b, "\n%s\n", wrap(2, fmt.Sprintf("Nothing changes within %s.", MonthsWord(t.Months)), s.dim))
		return
	}
	b.WriteString("\n")
	for _, e := range events {
		label := fmt.Sprintf("  Month %-3d ", e.Month)
		body := lipgloss.Wrap(e.Text, width-len(label), " ")
		fmt.Fprintf(b, "%s%s\n", s.label.Render(label), strings.ReplaceAll(body, "\n", "\n"+strings.Repeat(" ", len(label))))
	}
}

// GrowthTable writes the timeline's figures every quarter of the horizon as
// aligned columns for a terminal width columns wide: month, users, peak,
// data, cost and stage, or the essentials when the width is under 64.
// header styles the header line.
func GrowthTable(p *advisor.Plan, width int, header func(...string) string) string {
	t := p.Timeline
	var b strings.Builder
	rows := quarterly(t)
	var costs []float64
	for _, m := range rows {
		costs = append(costs, m.MonthlyUSD)
	}
	usd := human.USDAlike(costs...) // one unit down the column
	wide := width >= 64
	if wide {
		// Files in object storage get a column where there are any, and
		// the stage column moves right by its width.
		row, indent, files := "  %-5s %9s %9s %10s %10s  %s", 51, hasFiles(t)
		if files && width >= 75 {
			row, indent = "  %-5s %9s %9s %10s %10s %10s  %s", 62
			b.WriteString(header(fmt.Sprintf(row, "Month", "Users", "Peak rps", "Data", "Files", "Cost", "Stage")) + "\n")
		} else {
			files = false
			b.WriteString(header(fmt.Sprintf(row, "Month", "Users", "Peak rps", "Data", "Cost", "Stage")) + "\n")
		}
		for i, m := range rows {
			// The stage is named where it changes; a long name wraps in its
			// column rather than being cut.
			stage := []string{strconv.Itoa(m.StageNumber)}
			if i == 0 || rows[i-1].StageID != m.StageID {
				name := wrapLines(stageName(p, m), max(10, width-indent-3), 3)
				stage = []string{stage[0] + " " + name[0]}
				for _, more := range name[1:] {
					stage = append(stage, "  "+more)
				}
			}
			cols := []any{strconv.Itoa(m.Month), human.Count(m.Users), human.Count(m.PeakRPS), human.GB(m.DataGB)}
			if files {
				cols = append(cols, human.GB(m.ObjectGB))
			}
			fmt.Fprintf(&b, row+"\n", append(cols, usd(m.MonthlyUSD), stage[0])...)
			for _, more := range stage[1:] {
				fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", indent), more)
			}
		}
		return b.String()
	}
	const row = "  %-5s %7s %7s %9s %5s"
	b.WriteString(header(fmt.Sprintf(row, "Month", "Users", "Peak", "Cost", "Stage")) + "\n")
	for _, m := range rows {
		fmt.Fprintf(&b, row+"\n", strconv.Itoa(m.Month), human.Count(m.Users), human.Count(m.PeakRPS), usd(m.MonthlyUSD), strconv.Itoa(m.StageNumber))
	}
	return b.String()
}

// stageName is a month's stage as people read it ("Auto-scaling"): today's
// stage's name, or the name the timeline gave it when it arrived.
func stageName(p *advisor.Plan, m advisor.Month) string {
	if m.StageID == p.Stage.ID {
		return p.Stage.Name
	}
	for _, ms := range p.Timeline.Milestones {
		if ms.Kind == advisor.MilestoneStage && ms.ID == m.StageID {
			return ms.Name
		}
	}
	return m.StageID
}

// quarterly picks months 0, a quarter, half, three quarters and all of the
// horizon.
func quarterly(t *advisor.Timeline) []advisor.Month {
	step := max(1, t.Months/4)
	var out []advisor.Month
	for _, m := range t.Points {
		if m.Month%step == 0 || m.Month == t.Months {
			out = append(out, m)
		}
	}
	return out
}

// nextStageWhen is " (in month 12 at 12% growth, with 3.9x today's traffic)"
// for the next stage; "" when it has neither.
func nextStageWhen(p *advisor.Plan) string {
	n := p.NextStage
	if n == nil {
		return ""
	}
	if w := When(n.AtLoadX, n.InMonths, p.Inputs.Growth); w != "" {
		return " (" + w + ")"
	}
	return ""
}
