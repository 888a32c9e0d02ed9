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

// ComposedAvailability is the plan's availability verdict, the sentence
// every rendering shows as the plan's JSON gives it. A plan from before
// the verdict existed gets one from its figures.
func ComposedAvailability(p *advisor.Plan) string {
	a := p.Availability
	if a.Verdict != "" {
		return a.Verdict
	}
	if a.MeetsTarget {
		return fmt.Sprintf("Meets the %s target: the parts compose to %s.", human.Availability(a.TargetPct), human.Availability(a.ComposedPct))
	}
	return fmt.Sprintf("Below the %s target: the parts compose to %s.", human.Availability(a.TargetPct), human.Availability(a.ComposedPct))
}

// unitsText says how a part's units compose.
func unitsText(pt advisor.AvailabilityPart) string {
	n := human.Count(pt.Count)
	switch pt.Units {
	case "fleet":
		if pt.Count <= 1 {
			return "one server, no spare"
		}
		return fmt.Sprintf("%s, %s needed", n, human.Count(pt.Needed))
	case "partitioned":
		if pt.Count <= 1 {
			return "one"
		}
		return fmt.Sprintf("one of %s", n)
	case advisor.UnitsRegions:
		return fmt.Sprintf("%s regions", n)
	}
	return "one service"
}

// shareText says what share of users one unit's failure reaches.
func shareText(pt advisor.AvailabilityPart) string {
	switch {
	case pt.SharePct <= 0:
		return "none (a spare takes over)"
	case pt.SharePct >= 100:
		return "all"
	}
	return "1 in " + human.Count(100/pt.SharePct)
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
	w.line("The parts a request passes through, composed from the providers' SLAs (floors they pay credits below, not forecasts): a managed service or a primary with its standby counts once, a fleet is up while the servers the load needs are, a user reaches one partition of several, and regions back each other up as a failover pair.")
	w.line("")
	w.line("Built at **%s**: %s. Why: %s.", MarkdownText(strings.ToLower(a.Resilience.Name)), MarkdownText(a.Resilience.Adds), MarkdownText(a.Resilience.Why))
	w.line("")
	rows := [][]string{}
	for _, pt := range a.Parts {
		name := pt.Name
		if pt.PerRegion {
			name += ", per region"
		}
		basis := pt.Basis
		if pt.FailoverSeconds > 0 && pt.Units != advisor.UnitsRegions {
			basis += fmt.Sprintf("; fails over in about %s s", human.Count(pt.FailoverSeconds))
		}
		rows = append(rows, []string{cell(name), cell(unitsText(pt)), human.Availability(pt.UnitPct), human.Availability(pt.Pct), shareText(pt), cell(basis)})
	}
	w.table([]string{"Part", "Units", "Each", "As a user sees it", "Users one failure reaches", "Basis"}, rows)
	if r := a.Regions; r != nil {
		w.line("")
		w.line("Regions (%s): %s. One region composes to %s. A failover moves requests in about %s s and writes after about %s s more; one a month costs %s, writes weighed by their share of requests. Together %s, within the %s multi-region design target.",
			r.Mode, MarkdownText(r.Writes), human.Availability(r.RegionPct), human.Count(r.FailoverSeconds), human.Count(r.PromotionSeconds),
			human.Duration(r.FailoverMinutesPerMonth*60), human.Availability(r.Pct), human.Availability(r.CapPct))
	}
	if len(a.NotCounted) > 0 {
		w.line("")
		w.line("Not on a request's path:")
		w.line("")
		for _, nc := range a.NotCounted {
			w.bullet(fmt.Sprintf("%s: %s", MarkdownText(nc.Name), MarkdownText(nc.Why)))
		}
	}
	w.line("")
	w.line("**%s**", MarkdownText(ComposedAvailability(p)))
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

// textVerdict is the availability verdict, coloured by whether the plan
// meets its target.
func textVerdict(p *advisor.Plan, s textStyles) lipgloss.Style {
	if p.Availability.MeetsTarget {
		return s.good
	}
	return s.bad
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
