package export

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// The cost bands, the composed availability and the failure what-ifs: the
// wording they share, their Markdown sections and their terminal lines.

// ProviderName is how text names the plan's provider: the catalog's label
// (AWS, GCP, Hetzner, DigitalOcean), or the id in capitals for a plan that
// predates the label.
func ProviderName(c advisor.Cost) string {
	if c.ProviderName != "" {
		return c.ProviderName
	}
	return strings.ToUpper(c.Provider)
}

// CostBand says the low and high bands in a few words: "$200 with one-year
// commitments to $340 with headroom".
func CostBand(c advisor.Cost) string {
	return fmt.Sprintf("%s with one-year commitments to %s with headroom", human.USD(c.LowUSD), human.USD(c.HighUSD))
}

// ComposedAvailability says what the plan's parts compose to against the
// target: "99.0% (2 nines, 7.3 h of downtime a month), below the 99.5%
// target; weakest part: Application server (99.5%)".
func ComposedAvailability(p *advisor.Plan) string {
	a := p.Availability
	s := fmt.Sprintf("%s (%s nines, %s of downtime a month)", human.Availability(a.ComposedPct), trimFloat(float64(int(a.ComposedNines*10))/10), human.Duration(a.ComposedDowntimeMinutesPerMonth*60))
	if a.MeetsTarget {
		return s + fmt.Sprintf(", meeting the %s target", human.Availability(a.TargetPct))
	}
	s += fmt.Sprintf(", below the %s target", human.Availability(a.TargetPct))
	if w := weakest(p); w != nil {
		s += fmt.Sprintf("; the weakest part is %s (%s)", w.Name, human.Availability(w.Pct))
		if w.Improve != "" {
			s += ", which " + w.Improve + " would raise"
		}
	}
	return s
}

func weakest(p *advisor.Plan) *advisor.AvailabilityPart {
	for i := range p.Availability.Parts {
		if p.Availability.Parts[i].ID == p.Availability.Weakest && !p.Availability.Parts[i].PerRegion {
			return &p.Availability.Parts[i]
		}
	}
	return nil
}

// unitsText says how a part's units compose.
func unitsText(pt advisor.AvailabilityPart) string {
	n := human.Count(pt.Count)
	switch pt.Units {
	case "serial":
		if pt.Count == 1 {
			return "one, needed"
		}
		return n + ", all needed"
	case "redundant":
		if pt.Count == 1 {
			return "one, no spare"
		}
		return n + ", any one serves"
	}
	return "one service"
}

// statusWord is a what-if status as a short label.
var statusWord = map[string]string{"fails": "fails", "overloads": "overloads", "degrades": "degrades", "unaffected": "unaffected"}

// markdownResilience writes the cost bands, the availability section and
// the what-ifs the plan carries.
func markdownCostBands(w *mdWriter, p *advisor.Plan) {
	c := p.Cost
	w.line("")
	w.line("Cost band: **low %s** (%s) · **typical %s** (on demand) · **high %s** (%s).",
		human.USD(c.LowUSD), MarkdownText(c.LowBasis), human.USD(c.MonthlyUSD), human.USD(c.HighUSD), MarkdownText(c.HighBasis))
}

func markdownAvailability(w *mdWriter, p *advisor.Plan) {
	a := p.Availability
	w.heading(2, "Availability")
	w.line("The parts a request cannot do without, composed from the providers' SLAs: parts in series multiply, redundant units combine as 1 − (1 − a)ⁿ. SLAs are floors the providers pay credits below, not forecasts.")
	w.line("")
	rows := [][]string{}
	for _, pt := range a.Parts {
		name := pt.Name
		if pt.PerRegion {
			name += ", per region"
		}
		rows = append(rows, []string{cell(name), cell(unitsText(pt)), human.Availability(pt.UnitPct), human.Availability(pt.Pct), cell(pt.Basis)})
	}
	w.table([]string{"Part", "Units", "Each", "Together", "Basis"}, rows)
	w.line("")
	w.line("Composed: **%s**.", MarkdownText(ComposedAvailability(p)))
}

func markdownWhatIfs(w *mdWriter, p *advisor.Plan) {
	if len(p.WhatIf) == 0 {
		return
	}
	w.heading(2, "What if")
	for i, wi := range p.WhatIf {
		if i > 0 {
			w.line("")
		}
		w.line("### %s (`%s`)", MarkdownText(wi.Name), wi.ID)
		w.line("")
		w.line("%s. Worst: **%s**.", MarkdownText(human.Capitalise(wi.Summary)), statusWord[wi.Worst])
		if wi.AtLoad != nil {
			w.line("")
			w.line("%s", MarkdownText(atLoadText(p, wi.AtLoad)))
		}
		w.line("")
		if len(wi.Impacts) == 0 {
			w.line("Nothing in this plan is hit.")
			continue
		}
		rows := [][]string{}
		for _, im := range wi.Impacts {
			mit := "—"
			switch {
			case im.Mitigation != "" && im.Mitigated:
				mit = "has: " + MarkdownText(im.Mitigation)
			case im.Mitigation != "":
				mit = "lacks: " + MarkdownText(im.Mitigation)
			}
			rows = append(rows, []string{cell(im.Name), statusWord[im.Status], cell(im.Effect), cell(im.Recovery), mit})
		}
		w.table([]string{"Part", "Status", "What users see", "Time to recover", "Mitigation"}, rows)
	}
}

// atLoadText says what the plan for a scenario's load would be.
func atLoadText(p *advisor.Plan, l *advisor.LoadPlan) string {
	s := fmt.Sprintf("The plan for %s today's traffic is stage %d, %s, at %s a month (%s)", loadX(&l.LoadX), l.Stage.Number, l.Stage.Name, human.USD(l.MonthlyUSD), loadCostChange(l.CostChangeUSD))
	if len(l.Added) > 0 {
		s += "; it adds " + strings.Join(l.Added, ", ")
	}
	if len(l.Resized) > 0 {
		s += "; it resizes " + strings.Join(l.Resized, ", ")
	}
	if l.Stage.Number == p.Stage.Number && len(l.Added) == 0 && len(l.Resized) == 0 {
		s += "; it is the same plan"
	}
	return s + "."
}

func loadCostChange(v float64) string {
	if v < 0 {
		return "−" + human.USD(-v)
	}
	return "+" + human.USD(v)
}

// textBand is the cost band for the terminal's Cost line.
func textBand(p *advisor.Plan) string {
	return fmt.Sprintf("low %s · high %s", human.USD(p.Cost.LowUSD), human.USD(p.Cost.HighUSD))
}

// textComposed is the composed availability for the terminal's Uptime line.
func textComposed(p *advisor.Plan, s textStyles) string {
	a := p.Availability
	c := fmt.Sprintf("parts compose to %s", human.Availability(a.ComposedPct))
	if a.MeetsTarget {
		return s.good.Render(c)
	}
	c += " (below target"
	if w := weakest(p); w != nil {
		c += "; weakest: " + w.Name
	}
	return s.bad.Render(c + ")")
}

func textWhatIfs(b *strings.Builder, p *advisor.Plan, width int, s textStyles, wrap func(int, string, lipgloss.Style) string) {
	for _, wi := range p.WhatIf {
		fmt.Fprintf(b, "\n%s\n", wrap(0, fmt.Sprintf("What if: %s — worst: %s", wi.Name, statusWord[wi.Worst]), s.heading))
		fmt.Fprintf(b, "%s\n", wrap(2, human.Capitalise(wi.Summary), s.dim))
		if wi.AtLoad != nil {
			fmt.Fprintf(b, "%s\n", wrap(2, atLoadText(p, wi.AtLoad), s.dim))
		}
		if len(wi.Impacts) == 0 {
			fmt.Fprintf(b, "%s\n", wrap(2, "Nothing in this plan is hit.", lipgloss.NewStyle()))
		}
		for _, im := range wi.Impacts {
			st := s.dim
			switch im.Status {
			case "fails", "overloads":
				st = s.bad
			case "unaffected":
				st = s.good
			}
			fmt.Fprintf(b, "  %s: %s\n", truncate(im.Name, width-16), st.Render(statusWord[im.Status]))
			fmt.Fprintf(b, "%s\n", wrap(4, human.Capitalise(im.Effect), lipgloss.NewStyle()))
			fmt.Fprintf(b, "%s\n", wrap(4, "Recovery: "+im.Recovery, s.dim))
			if im.Mitigation != "" {
				label := "Has: "
				if !im.Mitigated {
					label = "Lacks: "
				}
				fmt.Fprintf(b, "%s\n", wrap(4, label+im.Mitigation, s.dim))
			}
		}
	}
}
