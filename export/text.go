package export

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// textStyles is built once per render from the background.
type textStyles struct {
	title, heading, label, dim, good, bad, accent lipgloss.Style
}

func newTextStyles(dark bool) textStyles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B7A6FF"))
	return textStyles{
		title:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		heading: lipgloss.NewStyle().Bold(true),
		label:   lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#555555"), lipgloss.Color("#AAAAAA"))),
		dim:     lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8E8E8E"))),
		good:    lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#5FD68A"))),
		bad:     lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B81"))),
		accent:  lipgloss.NewStyle().Foreground(accent),
	}
}

// Text writes a compact, styled summary for a terminal. The styling is ANSI;
// writers for pipes and NO_COLOR strip it, leaving plain text.
func Text(p *advisor.Plan, o Options) []byte {
	width := o.Width
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	s := newTextStyles(o.Dark)
	var b strings.Builder
	wrap := func(indent int, text string, st lipgloss.Style) string {
		body := lipgloss.Wrap(text, width-indent, " ")
		pad := strings.Repeat(" ", indent)
		lines := strings.Split(body, "\n")
		for i, l := range lines {
			lines[i] = pad + st.Render(strings.TrimRight(l, " "))
		}
		return strings.Join(lines, "\n")
	}
	e := p.Estimates
	fmt.Fprintf(&b, "%s\n", wrap(0, fmt.Sprintf("%s — stage %d (0–8): %s", OneLine(p.Name), p.Stage.Number, p.Stage.Name), s.title))
	fmt.Fprintf(&b, "%s\n\n", wrap(2, human.Capitalise(p.Stage.Why), s.dim))
	row := func(label, value string) {
		body := lipgloss.Wrap(value, width-10, " ")
		fmt.Fprintf(&b, "%s %s\n", s.label.Render(fmt.Sprintf("%-9s", label)), strings.ReplaceAll(body, "\n", "\n"+strings.Repeat(" ", 10)))
	}
	row("Traffic", fmt.Sprintf("%s MAU · %s DAU · %s rps avg · %s rps peak (%s reads/s, %s writes/s)",
		human.Count(p.Inputs.Users), human.Count(p.Inputs.DAU), human.Count(e.AvgRPS), human.Count(p.Inputs.PeakRPS), human.Count(e.ReadRPS), human.Count(e.WriteRPS)))
	row("Data", fmt.Sprintf("%s a day · %s in a year · %s at retention", human.GB(e.NewDataGBPerDay), human.GB(e.DataGBNextYear), human.GB(e.DataGBAtRetention)))
	if e.NewObjectGBPerDay > 0 {
		row("Objects", fmt.Sprintf("%s a day · %s in a year · %s at retention", human.GB(e.NewObjectGBPerDay), human.GB(e.ObjectGBNextYear), human.GB(e.ObjectGBAtRetention)))
	}
	cost := human.USD(p.Cost.MonthlyUSD) + "/mo on " + ProviderName(p.Cost) + " (" + textBand(p) + ")"
	if p.Budget != nil {
		if p.Budget.Fits {
			fits := fmt.Sprintf("fits the %s budget (%s spare)", human.USD(p.Budget.MonthlyUSD), human.USD(p.Budget.DifferenceUSD))
			style := s.good
			if Outgrown(p) != "" || Unpriced(p) != "" {
				style = s.accent
			}
			cost += " · " + style.Render(fits+BudgetCaveats(p))
		} else {
			over := fmt.Sprintf("over the %s budget by %s", human.USD(p.Budget.MonthlyUSD), human.USD(-p.Budget.DifferenceUSD))
			if c := Committed(p); c != "" {
				over += "; " + c
			}
			cost += " · " + s.bad.Render(over+BudgetCaveats(p))
		}
	}
	row("Cost", cost)
	for _, c := range CutTexts(p) {
		row("Cut", c)
	}
	if s := Shortfall(p); s != "" {
		row("Budget", s)
	}
	row("Uptime", fmt.Sprintf("%s%% target · %s downtime a month allowed · built at %s", trimFloat(p.Availability.TargetPct), human.Duration(p.Availability.DowntimeMinutesPerMonth*60), strings.ToLower(p.Availability.Resilience.Name)))
	fmt.Fprintf(&b, "%s\n", wrap(10, ComposedAvailability(p), textVerdict(p, s)))

	fmt.Fprintf(&b, "\n%s\n", s.heading.Render("Run"))
	for _, c := range p.Components {
		cost := human.USD(c.MonthlyUSD) + "/mo"
		left := fmt.Sprintf("  %5s %s", human.Count(c.Count)+" ×", c.Name)
		if c.Size != "" {
			left += " · " + c.Size
		}
		left = truncate(left, width-len(cost)-2)
		gap := strings.Repeat(" ", max(2, width-lipgloss.Width(left)-len(cost)))
		fmt.Fprintf(&b, "%s%s%s\n", left, gap, s.accent.Render(cost))
		fmt.Fprintf(&b, "%s\n", wrap(10, c.Reason, s.dim))
	}
	if len(p.Deferred) > 0 {
		fmt.Fprintf(&b, "\n%s\n", s.heading.Render("Later"))
		for _, d := range p.Deferred {
			when := d.Trigger
			if far := When(d.AtLoadX, d.InMonths, p.Inputs.Growth); far != "" {
				when += " (" + far + ")"
			}
			fmt.Fprintf(&b, "  %s\n%s\n", d.Name, wrap(4, "add when "+when, s.dim))
		}
	}
	if len(p.Risks) > 0 {
		fmt.Fprintf(&b, "\n%s\n", s.heading.Render("Risks"))
		for _, r := range p.Risks {
			lines := strings.Split(lipgloss.Wrap(human.Capitalise(r.Text), width-4, " "), "\n")
			fmt.Fprintf(&b, "  • %s\n", strings.Join(lines, "\n    "))
		}
	}
	if p.NextStage != nil {
		next := fmt.Sprintf("Next: stage %d, %s, when %s%s", p.NextStage.Number, p.NextStage.Name, p.NextStage.Trigger, nextStageWhen(p))
		fmt.Fprintf(&b, "\n%s\n", wrap(0, next, s.heading))
	}
	textGrowth(&b, p, width, s, wrap)
	textWhatIfs(&b, p, width, s, wrap)
	return []byte(b.String())
}

// OneLine keeps user text on one line for a terminal: control characters
// become spaces and runs of space collapse.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		if human.IsFormat(r) {
			return -1 // invisible: dropped, not a space
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func truncate(s string, n int) string {
	if lipgloss.Width(s) <= n {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > n {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
