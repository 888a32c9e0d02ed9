package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// MarkdownText escapes text so CommonMark and GitHub show it literally: the
// characters that can start inline syntax (emphasis, code, links, HTML,
// entities, tables, strikethrough, math) are backslash-escaped, and line
// breaks become spaces so a value cannot start a new block. Other
// punctuation stays as is so the raw document still reads well.
func MarkdownText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || human.IsFormat(r):
			// control and invisible format characters have no business in a document
		case r < 0x80 && isInlineSyntax(byte(r)):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

func isInlineSyntax(c byte) bool {
	return strings.IndexByte("\\`*_[]<>&|~$#!", c) >= 0
}

// cell is MarkdownText for a table cell; an empty cell gets a dash so the
// table reads as intentional.
func cell(s string) string {
	s = MarkdownText(s)
	if s == "" {
		return "—"
	}
	return s
}

// code writes s as a code span for a table cell: backticks around it, a
// pipe escaped so the table keeps its columns (GFM reads \| inside a code
// span in a table as a pipe), nothing else changed.
func code(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`)
	return "`" + s + "`"
}

type mdWriter struct{ b bytes.Buffer }

func (w *mdWriter) line(format string, args ...any) { fmt.Fprintf(&w.b, format+"\n", args...) }

func (w *mdWriter) heading(level int, text string) {
	w.line("")
	w.line("%s %s", strings.Repeat("#", level), text)
	w.line("")
}

func (w *mdWriter) table(header []string, rows [][]string) {
	w.line("| %s |", strings.Join(header, " | "))
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
	}
	w.line("| %s |", strings.Join(seps, " | "))
	for _, r := range rows {
		w.line("| %s |", strings.Join(r, " | "))
	}
}

func (w *mdWriter) bullet(text string) { w.line("- %s", text) }

// Markdown writes the whole plan as a document to share: summary, inputs,
// estimates with formulas, the diagram, components, what to defer, costs,
// trade-offs, risks, the next stage, where each article puts the system, and
// sources. Every piece of user text is escaped.
func Markdown(p *advisor.Plan) []byte {
	w := &mdWriter{}
	w.line("# %s: architecture plan", MarkdownText(p.Name))
	w.line("")
	w.line("**Stage %d (0–8): %s** (`%s`). %s.", p.Stage.Number, MarkdownText(p.Stage.Name), p.Stage.ID, MarkdownText(human.Capitalise(p.Stage.Why)))
	w.line("")
	w.line("Estimated cost: **%s a month** on %s (%s prices as of %s; %s).%s", human.USD(p.Cost.MonthlyUSD), MarkdownText(ProviderName(p.Cost)), MarkdownText(p.Cost.Region), MarkdownText(p.Cost.AsOf), CostBand(p.Cost), budgetSentence(p))

	w.heading(2, "Summary")
	w.line("%s", MarkdownText(p.Stage.Summary))
	w.line("")
	e := p.Estimates
	w.bullet(fmt.Sprintf("Traffic: %s monthly users, %s daily; %s rps on average, **%s rps at peak** (%s reads/s, %s writes/s).",
		human.Count(p.Inputs.Users), human.Count(p.Inputs.DAU), human.Count(e.AvgRPS), human.Count(p.Inputs.PeakRPS), human.Count(e.ReadRPS), human.Count(e.WriteRPS)))
	data := fmt.Sprintf("Data: %s new a day, %s within a year, %s at the end of retention", human.GB(e.NewDataGBPerDay), human.GB(e.DataGBNextYear), human.GB(e.DataGBAtRetention))
	if e.NewObjectGBPerDay > 0 {
		data += fmt.Sprintf(" in the database; objects %s a day, %s within a year, %s at the end of retention", human.GB(e.NewObjectGBPerDay), human.GB(e.ObjectGBNextYear), human.GB(e.ObjectGBAtRetention))
	}
	w.bullet(data + ".")
	w.bullet(fmt.Sprintf("Availability: %s%% allows %s of downtime a month. %s", trimFloat(p.Availability.TargetPct), human.Duration(p.Availability.DowntimeMinutesPerMonth*60), MarkdownText(ComposedAvailability(p))))
	if p.Latency.HomeMS > 0 {
		w.bullet(fmt.Sprintf("Latency: about %s ms per request near the serving region%s.", human.Count(p.Latency.HomeMS), farLatency(p)))
	} else {
		w.bullet("Latency: static pages served from the nearest edge of the static host.")
	}
	if p.BreaksFirst != nil {
		w.bullet("Breaks first: " + MarkdownText(breaksFirst(p.BreaksFirst, p.Inputs.Growth)) + ".")
	}
	if p.NextStage != nil {
		w.bullet(fmt.Sprintf("Next stage: %d, %s, when %s%s.", p.NextStage.Number, MarkdownText(p.NextStage.Name), MarkdownText(p.NextStage.Trigger), nextStageWhen(p)))
	}

	w.heading(2, "Architecture")
	w.line("```mermaid")
	w.b.Write(Mermaid(p))
	w.line("```")

	w.heading(2, "Components")
	rows := [][]string{}
	for _, c := range p.Components {
		rows = append(rows, []string{cell(c.Name), human.Count(c.Count), cell(c.Size), human.USD(c.MonthlyUSD), cell(c.Reason)})
	}
	w.table([]string{"Component", "Count", "Size", "Monthly", "Why, in numbers"}, rows)

	w.heading(2, "Deferred until a trigger")
	if len(p.Deferred) == 0 {
		w.line("Nothing in the next two stages is waiting on a trigger.")
	} else {
		rows = rows[:0]
		for _, d := range p.Deferred {
			when := When(d.AtLoadX, d.InMonths, p.Inputs.Growth)
			if when == "" {
				when = "—"
			}
			rows = append(rows, []string{cell(d.Name), cell(d.Trigger), cell(when)})
		}
		w.table([]string{"Component", "Add it when", "When"}, rows)
	}

	markdownGrowth(w, p)

	w.heading(2, "Cost and budget")
	rows = rows[:0]
	for _, c := range p.Components {
		if c.MonthlyUSD > 0 {
			rows = append(rows, []string{cell(c.Name), human.USD(c.MonthlyUSD), share(c.MonthlyUSD, p.Cost.MonthlyUSD)})
		}
	}
	rows = append(rows, []string{"**Total**", "**" + human.USD(p.Cost.MonthlyUSD) + "**", "100%"})
	w.table([]string{"Component", "Monthly", "Share"}, rows)
	w.line("")
	w.line("Prices: %s, %s, on-demand, as of %s; 730 hours a month.", MarkdownText(ProviderName(p.Cost)), MarkdownText(p.Cost.Region), MarkdownText(p.Cost.AsOf))
	markdownCostBands(w, p)
	if p.Budget != nil {
		w.line("")
		w.line("%s", budgetParagraph(p.Budget))
		if cuts := CutTexts(p); len(cuts) > 0 {
			w.line("")
			for _, c := range cuts {
				w.bullet(MarkdownText(c))
			}
		}
		if s := Shortfall(p); s != "" {
			w.line("")
			w.line("%s", MarkdownText(s))
		}
	}

	markdownAvailability(w, p)
	markdownWhatIfs(w, p)

	w.heading(2, "Trade-offs")
	for _, t := range p.Tradeoffs {
		w.bullet(fmt.Sprintf("**%s**: %s", MarkdownText(componentName(p, t.Component)), MarkdownText(t.Text)))
	}

	w.heading(2, "Risks and what breaks next")
	if len(p.Risks) == 0 {
		w.line("Nothing stands out at this stage.")
	}
	for _, r := range p.Risks {
		w.bullet(MarkdownText(human.Capitalise(r.Text)))
	}

	w.heading(2, "Inputs and assumptions")
	w.line("Values you gave are used as given. Everything else was assumed:")
	w.line("")
	rows = rows[:0]
	for _, a := range p.Assumptions {
		value := trimFloat(a.Value)
		if f, ok := answers.Lookup(a.Key); ok {
			value = f.Display(a.Value)
		}
		rows = append(rows, []string{code(a.Key), cell(value), cell(a.Unit), cell(a.Kind), cell(a.Basis), cell(a.Source)})
	}
	w.table([]string{"Input", "Value", "Unit", "Kind", "Basis", "Source"}, rows)

	w.heading(2, "Estimates")
	rows = rows[:0]
	for _, f := range p.Worked {
		how := cell(f.Note)
		if f.Numeric != "" {
			how = code(f.Symbolic) + " = " + cell(f.Numeric)
		}
		rows = append(rows, []string{cell(f.Label), cell(WorkedValue(f)), how})
	}
	w.table([]string{"Estimate", "Value", "How"}, rows)

	w.heading(2, "Where each article puts this system")
	if len(p.Stage.BySource) == 0 {
		w.line("None of the articles covers a system of this size.")
	} else {
		rows = rows[:0]
		for _, s := range p.Stage.BySource {
			rows = append(rows, []string{cell(s.Title), cell(s.Label), fmt.Sprintf("%d, `%s`", s.StageNumber, s.StageID)})
		}
		w.table([]string{"Article", "Its stage", "On this ladder"}, rows)
		w.line("")
		w.line("The articles place systems by user count; this plan places it by the bottlenecks its numbers show.")
	}

	w.heading(2, "Sources")
	for _, s := range p.Sources {
		w.bullet(fmt.Sprintf("%s (`%s`)", MarkdownText(s.Title), s.ID))
	}
	return w.b.Bytes()
}

func componentName(p *advisor.Plan, id string) string {
	for _, c := range p.Components {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

func budgetSentence(p *advisor.Plan) string {
	if p.Budget == nil {
		return ""
	}
	if p.Budget.Fits {
		return fmt.Sprintf(" It fits the %s budget with %s to spare%s.", human.USD(p.Budget.MonthlyUSD), human.USD(p.Budget.DifferenceUSD), MarkdownText(BudgetCaveats(p)))
	}
	over := fmt.Sprintf("Over the %s budget by %s", human.USD(p.Budget.MonthlyUSD), human.USD(-p.Budget.DifferenceUSD))
	if c := Committed(p); c != "" {
		return " **" + over + "** on demand; " + c + MarkdownText(BudgetCaveats(p)) + "."
	}
	return " **" + over + "**" + MarkdownText(BudgetCaveats(p)) + "."
}

func budgetParagraph(b *advisor.Budget) string {
	if b.Fits {
		return fmt.Sprintf("Budget: %s a month; the plan fits with %s to spare.", human.USD(b.MonthlyUSD), human.USD(b.DifferenceUSD))
	}
	s := fmt.Sprintf("Budget: %s a month; the plan is **over by %s**. Every component above answers a bottleneck, so none was dropped.", human.USD(b.MonthlyUSD), human.USD(-b.DifferenceUSD))
	if len(b.Cuts) > 0 {
		s += " These are choices that could be cut, and what each gives up:"
	} else {
		s += " None of them is optional at this load; raise the budget or revisit the inputs."
	}
	return s
}

func farLatency(p *advisor.Plan) string {
	if p.Latency.FarUsersMS > p.Latency.HomeMS {
		return fmt.Sprintf(", about %s ms for users in other regions", human.Count(p.Latency.FarUsersMS))
	}
	return ""
}

func breaksFirst(l *advisor.Limit, growthPct float64) string {
	if l.AtLoadX < 1 {
		return fmt.Sprintf("%s, already at today's peak; %s", l.Says, l.Fix)
	}
	return fmt.Sprintf("%s, %s; then %s", l.Says, l.When(growthPct), l.Fix)
}

func loadX(x *float64) string {
	if x == nil {
		return "—"
	}
	if *x >= 10 {
		return fmt.Sprintf("%sx", human.Count(*x))
	}
	return fmt.Sprintf("%.1fx", *x)
}

func share(part, whole float64) string {
	if whole <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", part/whole*100)
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
