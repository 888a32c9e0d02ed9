package advisor_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// loadDimension is one way load rises with every other answer held: x runs
// from 1 upwards, geometrically.
type loadDimension struct {
	name string
	max  float64 // the largest x
	set  func(a *answers.Answers, x float64)
}

// loadDimensions are the kinds of load besides monthly users (which
// TestMoreUsersNeverMeansLess sweeps): a measured peak, traffic given as
// daily totals, heavier users, more daily users, data stored today and
// bigger writes.
var loadDimensions = []loadDimension{
	// A measured peak alone, from 500 rps: with users given too it would
	// fix the peak factor, which past max_peak_factor times their average
	// is refused. Up to 200,000 rps: at 5 requests a user and a flat day
	// more would be more monthly users than people.
	{"measured peak rps", 400, func(a *answers.Answers, x float64) {
		a.Unset(answers.Users)
		a.SetValue(answers.PeakRPS, 500*x)
	}},
	{"daily writes and reads", 1e7, func(a *answers.Answers, x float64) {
		// Totals replace the per-user figures and the ratio.
		ratio := 9.0
		if r, ok := a.Value(answers.ReadRatio); ok {
			ratio = r
		}
		a.Unset(answers.RequestsPerUser)
		a.Unset(answers.ReadRatio)
		a.SetValue(answers.WritesPerDay, 100*x)
		a.SetValue(answers.ReadsPerDay, 100*x*ratio)
	}},
	{"requests per user", 1e4, func(a *answers.Answers, x float64) { a.SetValue(answers.RequestsPerUser, x) }},
	{"daily active users", 1e5, func(a *answers.Answers, x float64) {
		a.SetValue(answers.Users, 1e5)
		a.SetValue(answers.DAU, x)
	}},
	{"data stored today (GB)", 1e7, func(a *answers.Answers, x float64) { a.SetValue(answers.DataGB, x-1) }},
	{"bytes per write", 1e6, func(a *answers.Answers, x float64) { a.SetValue(answers.WriteBytes, 10*x) }},
}

// TestMoreLoadOfAnyKindNeverMeansLess sweeps each kind of load from small
// to huge, for every sweep profile at 10,000 users: as load rises the stage
// never goes down and components are only ever added (save the hand-overs
// in replacements). The bill is not required to grow here: with users held,
// a cache arriving can shrink the primary by more than it costs.
func TestMoreLoadOfAnyKindNeverMeansLess(t *testing.T) {
	for _, dim := range loadDimensions {
		t.Run(dim.name, func(t *testing.T) {
			t.Parallel()
			ad := newAdvisor(t) // an advisor is not safe for concurrent use
			plans := 0
			for _, pr := range sweepProfiles() {
				const steps = 24
				var prev *advisor.Plan
				prevX := 0.0
				found := map[string]string{}
				var order []string
				report := func(kind, detail string) {
					if _, ok := found[kind]; !ok {
						found[kind] = detail
						order = append(order, kind)
					}
				}
				for i := 0; i <= steps; i++ {
					x := math.Pow(dim.max, float64(i)/steps)
					a := pr.answers(t, 1e4)
					dim.set(&a, x)
					p, err := ad.Advise(a)
					if err != nil {
						t.Fatalf("%s, %s = %.6g: %v", pr.name, dim.name, x, err)
					}
					plans++
					checkPlan(t, fmt.Sprintf("%s, %s ×%.6g", pr.name, dim.name, x), p)
					if prev != nil {
						step := fmt.Sprintf("×%.6g → ×%.6g", prevX, x)
						if p.Stage.Number < prev.Stage.Number {
							report("stage went down", fmt.Sprintf("%s: stage %s → %s", step, prev.Stage.ID, p.Stage.ID))
						}
						for _, c := range prev.Components {
							// Writes past max_row_bytes stop being rows: each is
							// split into a small metadata row and an object. As
							// the average write grows, more of them are split,
							// the database keeps fewer bytes a write, and what
							// was sized on row bytes (the search index) may
							// shrink back to the primary's full-text search.
							if c.ID == "search" && p.Estimates.RowBytes < prev.Estimates.RowBytes {
								continue
							}
							if c.ID == "read-replica" && primaryGrew(prev, p) {
								continue
							}
							if _, ok := component(p, c.ID); !ok && !replacedBy(p, c.ID) {
								report("component "+c.ID+" removed", fmt.Sprintf("%s: stage %s → %s", step, prev.Stage.ID, p.Stage.ID))
							}
						}
					}
					prev, prevX = p, x
				}
				for _, kind := range order {
					t.Errorf("%s: %s; first at %s", pr.name, kind, found[kind])
				}
			}
			if plans < 500 {
				t.Errorf("the sweep made only %d plans", plans)
			}
		})
	}
}
