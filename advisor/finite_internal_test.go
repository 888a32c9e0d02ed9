package advisor

import (
	"math"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

// TestFinishNamesTheFigureAndZeroesNegativeZero: the walk every plan goes
// through before it is handed out.
func TestFinishNamesTheFigureAndZeroesNegativeZero(t *testing.T) {
	var a answers.Answers
	a.SetValue(answers.Users, 50e3)
	a.SetValue(answers.Growth, 1e-15)
	negZero := math.Copysign(0, -1)

	p := &Plan{Cost: Cost{MonthlyUSD: negZero, ByTier: map[string]float64{"web": negZero}}, Budget: &Budget{DifferenceUSD: negZero}}
	if err := finish(p, &a); err != nil {
		t.Fatal(err)
	}
	if math.Signbit(p.Cost.MonthlyUSD) || math.Signbit(p.Cost.ByTier["web"]) || math.Signbit(p.Budget.DifferenceUSD) {
		t.Errorf("-0 left in the plan: %v %v %v", p.Cost.MonthlyUSD, p.Cost.ByTier["web"], p.Budget.DifferenceUSD)
	}

	inf := math.Inf(1)
	for _, tc := range []struct {
		plan func(p *Plan)
		path string
	}{
		{func(p *Plan) { p.Timeline = &Timeline{Points: []Month{{}, {}, {MonthlyUSD: inf}}} }, "timeline.points[2].monthly_usd"},
		{func(p *Plan) { p.Estimates.HotSetGB = math.NaN() }, "estimates.hot_set_gb"},
		{func(p *Plan) { p.Cost.ByTier = map[string]float64{"data": -inf} }, "cost.by_tier.data"},
		{func(p *Plan) { p.NextStage = &NextStage{InMonths: &inf} }, "next_stage.in_months"},
	} {
		p := &Plan{}
		tc.plan(p)
		err := finish(p, &a)
		ae, ok := answers.AsError(err)
		if !ok || !strings.Contains(ae.Msg, "the plan's "+tc.path+" impossible to compute") || len(ae.Fields) != 2 {
			t.Errorf("finish = %v, want an answers error naming %s and the two answers given", err, tc.path)
		}
	}

	d := &Decision{MonthlyUSD: negZero, Components: []Component{{ID: "cache", Count: math.Inf(1)}}}
	err := finishDecision(d, &a)
	if ae, ok := answers.AsError(err); !ok || !strings.Contains(ae.Msg, "components[cache].count") {
		t.Errorf("finishDecision = %v", err)
	}
}
