package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// scenario is one what-if: a change to one answer.
type scenario struct {
	label string // on its tab
	apply func(a answers.Answers, p *advisor.Plan) (answers.Answers, string, error)
}

var scenarios = []scenario{
	{label: "Traffic ×2", apply: func(a answers.Answers, _ *advisor.Plan) (answers.Answers, string, error) {
		return answers.ScaleTraffic(a, 2), "every traffic figure you gave, doubled", nil
	}},
	{label: "Traffic ÷2", apply: func(a answers.Answers, _ *advisor.Plan) (answers.Answers, string, error) {
		return answers.ScaleTraffic(a, 0.5), "every traffic figure you gave, halved", nil
	}},
	{label: "+1 region", apply: func(a answers.Answers, p *advisor.Plan) (answers.Answers, string, error) {
		now := p.Inputs.Regions
		out := a.Clone()
		out.SetValue(answers.Regions, now+1)
		return out, fmt.Sprintf("regions %s → %s", human.Count(now), human.Count(now+1)), nil
	}},
	{label: "One more nine", apply: func(a answers.Answers, p *advisor.Plan) (answers.Answers, string, error) {
		now := p.Availability.TargetPct
		next := math.Round((100-(100-now)/10)*1e6) / 1e6
		out := a.Clone()
		out.SetValue(answers.Availability, next)
		return out, fmt.Sprintf("availability %s → %s", pct(now), pct(next)), nil
	}},
}

// whatIf is one scenario worked out.
type whatIf struct {
	answers answers.Answers
	plan    *advisor.Plan
	diff    advisor.Diff
	change  string
	err     error
}

// whatIfPage shows what one changed answer does to the plan.
type whatIfPage struct {
	base    *advisor.Plan
	sel     int
	results []whatIf
}

func newWhatIfPage(ad *advisor.Advisor, a answers.Answers, base *advisor.Plan) *whatIfPage {
	w := &whatIfPage{base: base}
	for _, sc := range scenarios {
		var r whatIf
		r.answers, r.change, r.err = sc.apply(a, base)
		if r.err == nil {
			r.plan, r.err = ad.Advise(r.answers)
		}
		if r.err == nil {
			r.diff = advisor.Compare(base, r.plan)
		}
		w.results = append(w.results, r)
	}
	return w
}

// tabs draws the scenario chooser; the title gives way first, then the
// space between, so every choice stays in view.
func (w *whatIfPage) tabs(width int, s *Styles) string {
	var parts []string
	for i, sc := range scenarios {
		label := fmt.Sprintf("%d %s", i+1, sc.label)
		if i == w.sel {
			parts = append(parts, s.Selected.Render("["+label+"]"))
		} else {
			parts = append(parts, s.TabInactive.Render(" "+label+" "))
		}
	}
	for _, row := range []string{
		s.Title.Render("What if? ") + strings.Join(parts, " "),
		strings.Join(parts, " "),
		strings.Join(parts, ""),
	} {
		if ansiWidth(row) <= width {
			return row
		}
	}
	return ansiFit(strings.Join(parts, ""), width)
}

// content draws the chosen scenario: the change, stage and cost before and
// after, then every component marked added (+), removed (−), resized (~)
// or unchanged.
func (w *whatIfPage) content(width int, s *Styles) string {
	r := w.results[w.sel]
	var b strings.Builder
	if r.err != nil {
		// One paragraph, wrapped with its lead-in: wrapped apart, the
		// reason's first line overran the width and was cut.
		b.WriteString(wrapANSI(s.StatusErr.Render("Cannot work this one out:")+" "+r.err.Error(), width))
		return b.String()
	}
	d := r.diff
	labelled(&b, s, width, "Change", r.change)
	if d.StageFrom.ID == d.StageTo.ID {
		labelled(&b, s, width, "Stage", fmt.Sprintf("stays at %d, %s", d.StageTo.Number, d.StageTo.Name))
	} else {
		labelled(&b, s, width, "Stage", s.Resized.Render(fmt.Sprintf("%d %s → %d %s", d.StageFrom.Number, d.StageFrom.Name, d.StageTo.Number, d.StageTo.Name)))
	}
	// One money unit on the page: the totals bound every figure on it.
	usd := human.USDAlike(d.CostFrom, d.CostTo)
	cost := fmt.Sprintf("%s → %s/mo", usd(d.CostFrom), usd(d.CostTo))
	switch {
	case d.CostChange > 0:
		cost += " (" + s.Removed.Render("+"+usd(d.CostChange)) + ")"
	case d.CostChange < 0:
		cost += " (" + s.Added.Render("−"+usd(-d.CostChange)) + ")"
	default:
		cost += " (no change)"
	}
	labelled(&b, s, width, "Cost", cost)
	if r.plan.Budget != nil {
		labelled(&b, s, width, "Budget", costLine(r.plan, s))
	}
	labelled(&b, s, width, "Peak", fmt.Sprintf("%s → %s rps", human.Count(w.base.Inputs.PeakRPS), human.Count(r.plan.Inputs.PeakRPS)))
	later := w.deferredChanges(r.plan, width, s)
	if d.Empty() {
		b.WriteString("\n")
		b.WriteString(wrapStyled("Nothing runs differently today: the same components, sizes and cost.", width, 0, s.Faint))
		b.WriteString("\n")
		b.WriteString(later)
		return strings.TrimRight(b.String(), "\n")
	}
	heading(&b, s, fmt.Sprintf("Components: %d added, %d removed, %d resized", len(d.Added), len(d.Removed), len(d.Resized)))
	added := map[string]bool{}
	for _, c := range d.Added {
		added[c.ID] = true
	}
	resized := map[string]advisor.ResizedChange{}
	for _, c := range d.Resized {
		resized[c.ID] = c
	}
	line := func(mark, text string, st lipgloss.Style) {
		lines := strings.Split(lipgloss.Wrap(text, max(10, width-2), " "), "\n")
		for i, l := range lines {
			if i > 0 {
				mark = " "
			}
			b.WriteString(st.Render(mark + " " + strings.TrimRight(l, " ")))
			b.WriteString("\n")
		}
	}
	for _, c := range r.plan.Components {
		switch rc, isResized := resized[c.ID]; {
		case added[c.ID]:
			line("+", fmt.Sprintf("%s: %s, %s/mo (added)", c.Name, sizeText(c.Count, c.Size), usd(c.MonthlyUSD)), s.Added)
		case isResized:
			line("~", fmt.Sprintf("%s: %s%s → %s/mo", c.Name, resizeText(rc), usd(rc.CostFrom), usd(rc.CostTo)), s.Resized)
		default:
			line(" ", fmt.Sprintf("%s: %s, %s/mo", c.Name, sizeText(c.Count, c.Size), usd(c.MonthlyUSD)), s.Faint)
		}
	}
	for _, c := range d.Removed {
		line("−", fmt.Sprintf("%s: %s, %s/mo (removed)", c.Name, sizeText(c.Count, c.Size), usd(c.MonthlyUSD)), s.Removed)
	}
	b.WriteString(later)
	return strings.TrimRight(b.String(), "\n")
}

// deferredChanges lists what the change puts on or takes off the list of
// components waiting for a trigger.
func (w *whatIfPage) deferredChanges(p *advisor.Plan, width int, s *Styles) string {
	before := map[string]bool{}
	for _, d := range w.base.Deferred {
		before[d.ID] = true
	}
	after := map[string]bool{}
	var b strings.Builder
	for _, d := range p.Deferred {
		after[d.ID] = true
		if before[d.ID] {
			continue
		}
		text := "+ " + d.Name + ": later, when " + d.Trigger
		if x := when(d.AtLoadX, d.InMonths, p.Inputs.Growth); x != "" {
			text += " (" + x + ")"
		}
		b.WriteString(wrapStyled(text, width, 0, s.Accent))
		b.WriteString("\n")
	}
	for _, d := range w.base.Deferred {
		if !after[d.ID] {
			b.WriteString(wrapStyled("− "+d.Name+": no longer waiting for a trigger", width, 0, s.Accent))
			b.WriteString("\n")
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n" + s.Strong.Render("Deferred until a trigger") + "\n" + b.String()
}

// resizeText says what changed in a resized component's count and size,
// followed by ", "; nothing when only its cost moved.
func resizeText(rc advisor.ResizedChange) string {
	switch {
	case rc.CountFrom != rc.CountTo && rc.SizeFrom == rc.SizeTo:
		if rc.SizeTo == "" {
			return human.Count(rc.CountFrom) + " → " + human.Count(rc.CountTo) + ", "
		}
		return human.Count(rc.CountFrom) + " → " + human.Count(rc.CountTo) + " × " + rc.SizeTo + ", "
	case rc.SizeFrom != rc.SizeTo:
		return sizeText(rc.CountFrom, rc.SizeFrom) + " → " + sizeText(rc.CountTo, rc.SizeTo) + ", "
	}
	return ""
}

func sizeText(count float64, size string) string {
	if size == "" {
		return human.Count(count) + " (priced by use)"
	}
	return human.Count(count) + " × " + size
}
