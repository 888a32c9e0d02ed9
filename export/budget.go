package export

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// The sentences every renderer says of a plan and its budget: what
// commitments do, each cut, what the gap is made of, what the cost leaves
// out and when growth passes the budget.

// Committed says what one-year commitments do to a plan over its budget:
// bring it within, or not far enough; "" when they save nothing.
func Committed(p *advisor.Plan) string {
	b, c := p.Budget, p.Cost
	switch {
	case b == nil || b.Fits || c.LowUSD >= c.MonthlyUSD:
		return ""
	case b.FitsWithCommitments:
		return fmt.Sprintf("one-year commitments (%s) bring it within", human.USD(c.LowUSD))
	}
	return fmt.Sprintf("even one-year commitments (%s) stay %s over", human.USD(c.LowUSD), human.USD(c.LowUSD-b.MonthlyUSD))
}

// CutTexts words each of an over-budget plan's cuts: what it saves, what
// the plan then costs when that brings it within the budget, and what it
// gives up; nil when the plan fits.
func CutTexts(p *advisor.Plan) []string {
	b := p.Budget
	if b == nil || b.Fits {
		return nil
	}
	usd := budgetUSD(p)
	out := make([]string, 0, len(b.Cuts))
	for _, c := range b.Cuts {
		within := ""
		if after := p.Cost.MonthlyUSD - c.SavesUSD; after <= b.MonthlyUSD {
			within = fmt.Sprintf(" (the plan then costs %s, within the budget)", usd(after))
		}
		out = append(out, fmt.Sprintf("Without %s: saves %s a month%s; %s.", c.Name, usd(c.SavesUSD), within, strings.TrimSuffix(c.GivesUp, ".")))
	}
	return out
}

// budgetUSD is the dollar format for the budget's figures, read beside
// the plan's cost: one unit for all of them (USDAlike).
func budgetUSD(p *advisor.Plan) func(float64) string {
	return human.USDAlike(p.Cost.MonthlyUSD, p.Budget.MonthlyUSD)
}

// Unpriced names what a plan leaves out of its cost that the answers
// say the product has: model inference for the ai trait; "" otherwise.
func Unpriced(p *advisor.Plan) string {
	if slices.Contains(p.Inputs.Traits, "ai") {
		return "model inference is not priced"
	}
	return ""
}

// Outgrown says when a plan within its budget today passes it as it
// grows: "growing 15% a month (5.4x a year), it passes the budget in
// month 1 ($9,370)"; ""
// without a timeline, a budget, or a month past it within the horizon.
func Outgrown(p *advisor.Plan) string {
	b, t := p.Budget, p.Timeline
	if b == nil || !b.Fits || t == nil {
		return ""
	}
	for _, m := range t.Points {
		if m.MonthlyUSD > b.MonthlyUSD {
			return fmt.Sprintf("growing %s, it passes the budget in month %d (%s)", GrowthRate(t.GrowthPct), m.Month, human.USD(m.MonthlyUSD))
		}
	}
	return ""
}

// BudgetCaveats are Unpriced and Outgrown, as clauses to follow a verdict
// on the budget: " (model inference is not priced); at 15% ...".
func BudgetCaveats(p *advisor.Plan) string {
	var s string
	if u := Unpriced(p); u != "" {
		s += " (" + u + ")"
	}
	if o := Outgrown(p); o != "" {
		s += "; " + o
	}
	return s
}

// Shortfall says, for a plan over its budget, that the cuts listed do not
// close the gap, and which tier drives the bill and what is in it; ""
// when the plan fits or the cuts would bring it within.
func Shortfall(p *advisor.Plan) string {
	b := p.Budget
	// Commitments that bring it within are said with the cost; a gap the
	// cuts close to the cent is closed.
	if b == nil || b.Fits || b.FitsWithCommitments || -b.DifferenceUSD-b.CutsSaveUSD < 0.005 || b.LargestTierUSD <= 0 {
		return ""
	}
	usd := budgetUSD(p)
	var parts []advisor.Component
	for _, c := range p.Components {
		// What the tier's bill is made of: parts under 1% of it are not.
		if c.Tier == b.LargestTier && c.MonthlyUSD >= b.LargestTierUSD/100 {
			parts = append(parts, c)
		}
	}
	slices.SortStableFunc(parts, func(x, y advisor.Component) int { return cmp.Compare(y.MonthlyUSD, x.MonthlyUSD) })
	var names []string
	for i, c := range parts {
		if i == 3 {
			names = append(names, "others")
			break
		}
		names = append(names, fmt.Sprintf("%s %s", c.Name, usd(c.MonthlyUSD)))
	}
	saved := "Nothing can be cut at this load, so nothing"
	if len(b.Cuts) > 0 {
		saved = fmt.Sprintf("The cuts listed save %s together, %s short of the gap, so no cut", usd(b.CutsSaveUSD), usd(-b.DifferenceUSD-b.CutsSaveUSD))
	}
	share := b.LargestTierUSD / p.Cost.MonthlyUSD
	most := "costs the most"
	if share > 0.5 {
		most = "is most of the bill"
	}
	return fmt.Sprintf("%s brings the plan within budget. The %s tier %s, %s of %s (%s%%): %s.",
		saved, b.LargestTier, most, usd(b.LargestTierUSD), usd(p.Cost.MonthlyUSD), strconv.FormatFloat(math.Round(share*100), 'f', 0, 64), joinList(names, "and"))
}
