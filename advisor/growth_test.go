package advisor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/export"
)

// sameDecision fails when d is not the numbers of p.
func sameDecision(t *testing.T, at string, p *advisor.Plan, d advisor.Decision) {
	t.Helper()
	if d.Stage.ID != p.Stage.ID || d.Stage.Number != p.Stage.Number || d.Stage.Name != p.Stage.Name {
		t.Errorf("%s: Decide gives stage %d %s, Advise %d %s", at, d.Stage.Number, d.Stage.ID, p.Stage.Number, p.Stage.ID)
	}
	if d.MonthlyUSD != p.Cost.MonthlyUSD {
		t.Errorf("%s: Decide costs %.6f, Advise %.6f", at, d.MonthlyUSD, p.Cost.MonthlyUSD)
	}
	if d.Estimates != p.Estimates.Estimates {
		t.Errorf("%s: Decide's estimates differ from Advise's", at)
	}
	if len(d.Components) != len(p.Components) {
		t.Fatalf("%s: Decide has %d components, Advise %d", at, len(d.Components), len(p.Components))
	}
	for i, c := range p.Components {
		g := d.Components[i]
		if g.ID != c.ID || g.Count != c.Count || g.SizeID != c.SizeID || g.Size != c.Size || g.MonthlyUSD != c.MonthlyUSD || g.Tier != c.Tier || g.Name != c.Name {
			t.Errorf("%s: component %d: Decide %+v, Advise %+v", at, i, g, c)
		}
	}
}

// TestDecideIsAdviseWithoutWords: the numbers-only path decides exactly
// what Advise does, for every answers file and across the user sweep.
func TestDecideIsAdviseWithoutWords(t *testing.T) {
	ad := newAdvisor(t)
	for _, f := range loadAnswersFiles(t) {
		p, err := ad.Advise(f.a)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ad.Decide(f.a)
		if err != nil {
			t.Fatal(err)
		}
		sameDecision(t, f.name, p, d)
	}
	for _, pr := range sweepProfiles()[:8] {
		for _, u := range sweepUsers(40) {
			a := pr.answers(t, u)
			p, err := ad.Advise(a)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ad.Decide(a)
			if err != nil {
				t.Fatal(err)
			}
			sameDecision(t, fmt.Sprintf("%s, %g users", pr.name, u), p, d)
		}
	}
	// A plan made after a Decide still has every text.
	p, err := ad.Advise(ans(t, "users", "2M"))
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, "Advise after Decide", p)
	if p.Stage.Why == "" || len(p.Deferred) == 0 || len(p.Tradeoffs) == 0 {
		t.Errorf("Advise after Decide lost its words: why %q, %d deferred, %d trade-offs", p.Stage.Why, len(p.Deferred), len(p.Tradeoffs))
	}
}

func TestDecideRefusesWhatAdviseRefuses(t *testing.T) {
	_, err := newAdvisor(t).Decide(answers.Answers{Version: 1})
	if !advisor.IsInputError(err) {
		t.Errorf("Decide with no traffic: %v, want an input error", err)
	}
}

// TestTimelineNeverGoesBackwards: with positive growth, month after month
// the stage, users, peak, stored data and cost never go down, for the
// answers files and the sweep's profiles at several sizes and growth rates.
func TestTimelineNeverGoesBackwards(t *testing.T) {
	ad := newAdvisor(t)
	type system struct {
		name string
		a    answers.Answers
	}
	var systems []system
	for _, f := range loadAnswersFiles(t) {
		systems = append(systems, system(f))
	}
	for _, pr := range sweepProfiles() {
		for _, u := range []float64{5, 3000, 200e3, 20e6} {
			systems = append(systems, system{fmt.Sprintf("%s, %g users", pr.name, u), pr.answers(t, u)})
		}
	}
	timelines := 0
	for _, s := range systems {
		for _, g := range []float64{1, 12, 60, 1000} {
			a := s.a.Clone()
			a.SetValue(answers.Growth, g)
			at := fmt.Sprintf("%s at %g%%", s.name, g)
			tl, err := ad.Timeline(a, advisor.MaxHorizonMonths)
			if err != nil {
				t.Fatalf("%s: %v", at, err)
			}
			timelines++
			d, err := ad.Decide(a)
			if err != nil {
				t.Fatal(err)
			}
			checkTimeline(t, at, tl, advisor.MaxHorizonMonths, d.Inputs.RetentionYears)
		}
	}
	if timelines < 400 {
		t.Errorf("only %d timelines checked", timelines)
	}
}

// costTolerance is how far the bill may fall from month a to b: on a
// reshard, what the replicas it frees cost (each half-size shard serves its
// reads without them; replicas are at most a tenth of these bills), and
// anything the month an event pipeline arrives.
// dataTolerance is how far stored data may fall from month a to b: by
// anything once rows pass the retention period and are deleted, else by
// rounding alone (adding a month's rows and deleting one's).
func dataTolerance(a, b advisor.Month, retentionYears float64) float64 {
	if float64(b.Month) > retentionYears*12 {
		return a.DataGB
	}
	return 1e-9 * a.DataGB
}

func costTolerance(a, b advisor.Month, pipelineArrives int) float64 {
	switch {
	case b.Month == pipelineArrives:
		return a.MonthlyUSD
	case b.Shards > a.Shards:
		return 0.1 * a.MonthlyUSD
	}
	// A fleet that moves up a size runs half the hosts for the same
	// vCPUs, and monitoring is priced per host: a step down of under 1%
	// (4,973 workers to 2,512 saved $36,840 of a $1.7M month). A primary
	// that grows a size for its working set serves the reads its replicas
	// served, and they go with their copies of the data: a few percent
	// (the Fitness tracker at 1% a month drops two replicas of 50 TB, 3.1%
	// of the bill).
	return 0.05 * a.MonthlyUSD
}

// checkTimeline checks what holds for every timeline. Stored data only
// grows while nothing is old enough to delete: past the retention period
// (retentionYears) old rows leave, and the new ones may be smaller.
func checkTimeline(t *testing.T, at string, tl *advisor.Timeline, months int, retentionYears float64) {
	t.Helper()
	if tl == nil {
		t.Fatalf("%s: no timeline", at)
	}
	if len(tl.Points) != months+1 || tl.Months != months {
		t.Fatalf("%s: %d points over %d months, want %d", at, len(tl.Points), tl.Months, months+1)
	}
	// The month a log replaces the queue and a job per event, the bill may
	// fall (see freed in advisor_test.go).
	pipelineArrives := -1
	for _, m := range tl.Milestones {
		if m.Kind == advisor.MilestoneComponent && m.ID == "event-pipeline" {
			pipelineArrives = m.Month
		}
	}
	for i := 1; i < len(tl.Points); i++ {
		a, b := tl.Points[i-1], tl.Points[i]
		if b.Month != a.Month+1 {
			t.Fatalf("%s: month %d follows %d", at, b.Month, a.Month)
		}
		for _, c := range []struct {
			what      string
			from, to  float64
			tolerance float64
		}{
			{"stage", float64(a.StageNumber), float64(b.StageNumber), 0},
			{"users", a.Users, b.Users, 0},
			{"peak rps", a.PeakRPS, b.PeakRPS, 0},
			{"data", a.DataGB, b.DataGB, dataTolerance(a, b, retentionYears)},
			{"shards", a.Shards, b.Shards, 0},
			// A reshard halves each primary's reads and may free its
			// replicas: a step down of a few percent, no more.
			{"cost", a.MonthlyUSD, b.MonthlyUSD, costTolerance(a, b, pipelineArrives)},
		} {
			if c.to < c.from-c.tolerance {
				t.Errorf("%s: %s goes down from month %d to %d: %.6g → %.6g", at, c.what, a.Month, b.Month, c.from, c.to)
			}
		}
	}
	last := -1
	for _, m := range tl.Milestones {
		if m.Month < last {
			t.Errorf("%s: milestones out of order: %+v", at, tl.Milestones)
			break
		}
		last = m.Month
		if m.Kind == advisor.MilestoneStage && tl.Points[m.Month].StageNumber < tl.Points[max(m.Month-1, 0)].StageNumber {
			t.Errorf("%s: stage milestone %+v where the stage did not rise", at, m)
		}
	}
	// The runway ends at the first of today's limits passed, and only there:
	// the plan may change before it, at thresholds below the capacities.
	r := tl.Runway
	if r != nil && (r.Months < 0 || r.Months > months || r.Kind != advisor.MilestoneLimit || r.ID == "" || r.LimitID != r.ID || r.Says == "" || r.Fix == "") {
		t.Errorf("%s: runway %+v", at, *r)
	}
	limits := 0
	for _, m := range tl.Milestones {
		if m.Kind == advisor.MilestoneLimit {
			limits++
			if r == nil || m.Month != r.Months || m.ID != r.LimitID {
				t.Errorf("%s: limit milestone %+v, runway %+v", at, m, r)
			}
		}
	}
	if limits > 1 {
		t.Errorf("%s: %d limit milestones", at, limits)
	}
}

func TestTimelineMonthZeroIsToday(t *testing.T) {
	ad := newAdvisor(t)
	for _, f := range loadAnswersFiles(t) {
		p, err := ad.Advise(f.a)
		if err != nil {
			t.Fatal(err)
		}
		if p.Inputs.Growth == 0 {
			if p.Timeline != nil {
				t.Errorf("%s: a timeline without growth", f.name)
			}
			continue
		}
		tl := p.Timeline
		checkTimeline(t, f.name, tl, advisor.DefaultHorizonMonths, p.Inputs.RetentionYears)
		m0 := tl.Points[0]
		if m0.StageID != p.Stage.ID || m0.MonthlyUSD != p.Cost.MonthlyUSD || m0.PeakRPS != p.Inputs.PeakRPS ||
			m0.Users != p.Inputs.Users || m0.DataGB != p.Inputs.DataGB {
			t.Errorf("%s: month 0 %+v is not today's plan (stage %s, $%.2f, %g rps, %g users, %g GB)",
				f.name, m0, p.Stage.ID, p.Cost.MonthlyUSD, p.Inputs.PeakRPS, p.Inputs.Users, p.Inputs.DataGB)
		}
		if tl.GrowthPct != p.Inputs.Growth {
			t.Errorf("%s: timeline growth %g, plan %g", f.name, tl.GrowthPct, p.Inputs.Growth)
		}
	}
}

// TestTimelineWorkedExample follows 50,000 users growing 12% a month: the
// traffic compounds, the data accumulates each month's writes, and the
// milestones are the months the plan changes.
func TestTimelineWorkedExample(t *testing.T) {
	ad := newAdvisor(t)
	a := ans(t, "users", "50k", "growth", "12%")
	p, err := ad.Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	tl := p.Timeline
	checkTimeline(t, "50k at 12%", tl, 24, p.Inputs.RetentionYears)
	for _, m := range []int{1, 12, 24} {
		want := math.Round(50e3 * math.Pow(1.12, float64(m)))
		if got := tl.Points[m].Users; got != want {
			t.Errorf("month %d: %g users, want 50,000 × 1.12^%d = %g, a whole number of people", m, got, m, want)
		}
	}
	// Data: a month's writes at that month's rate, added up.
	data := p.Inputs.DataGB
	for m := 1; m <= 24; m++ {
		data += p.Estimates.NewDataGBPerDay * math.Pow(1.12, float64(m-1)) * estimators.DaysPerMonth
		if got := tl.Points[m].DataGB; math.Abs(got-data) > 1e-9*math.Max(1, data) {
			t.Fatalf("month %d: %g GB stored, want %g", m, got, data)
		}
	}
	// Every change of stage or component set is a milestone in its month.
	for m := 1; m <= 24; m++ {
		prev, cur := tl.Points[m-1], tl.Points[m]
		stageMilestone := false
		for _, ms := range tl.Milestones {
			if ms.Month == m && ms.Kind == advisor.MilestoneStage && ms.ID == cur.StageID {
				stageMilestone = true
			}
		}
		if (cur.StageNumber > prev.StageNumber) != stageMilestone {
			t.Errorf("month %d: stage %d → %d, milestone %v", m, prev.StageNumber, cur.StageNumber, stageMilestone)
		}
	}
	// A component milestone is the first month the plan at that month has it.
	for _, ms := range tl.Milestones {
		if ms.Kind != advisor.MilestoneComponent {
			continue
		}
		before := scaledDecision(t, ad, tl, a, ms.Month-1)
		after := scaledDecision(t, ad, tl, a, ms.Month)
		if has(before, ms.ID) || !has(after, ms.ID) {
			t.Errorf("milestone %+v: in month %d's plan %v, month %d's %v", ms, ms.Month-1, has(before, ms.ID), ms.Month, has(after, ms.ID))
		}
	}
	// The runway agrees with what breaks first: the app servers, at the
	// month the load multiple is reached.
	if tl.Runway == nil || p.BreaksFirst == nil {
		t.Fatalf("runway %v, breaks first %v", tl.Runway, p.BreaksFirst)
	}
	if tl.Runway.LimitID != p.BreaksFirst.ID {
		t.Errorf("runway ends at %s, but %s breaks first", tl.Runway.LimitID, p.BreaksFirst.ID)
	}
	if want := *p.BreaksFirst.InMonths; float64(tl.Runway.Months) != want {
		t.Errorf("runway %d months, breaks first in %g", tl.Runway.Months, want)
	}
}

func scaledDecision(t *testing.T, ad *advisor.Advisor, tl *advisor.Timeline, a answers.Answers, m int) advisor.Decision {
	t.Helper()
	am := scaleTraffic(t, a, math.Pow(1+tl.GrowthPct/100, float64(m)))
	am.SetValue(answers.DataGB, tl.Points[m].DataGB)
	d, err := ad.Decide(am)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func has(d advisor.Decision, id string) bool {
	for _, c := range d.Components {
		if c.ID == id {
			return true
		}
	}
	return false
}

func TestTimelineHorizon(t *testing.T) {
	ad := newAdvisor(t)
	a := ans(t, "users", "50k", "growth", "5")
	for _, bad := range []int{0, -1, advisor.MaxHorizonMonths + 1} {
		if _, err := ad.Timeline(a, bad); !advisor.IsInputError(err) {
			t.Errorf("Timeline(%d months): %v, want an input error", bad, err)
		}
	}
	ad.SetHorizon(6)
	p, err := ad.Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	checkTimeline(t, "6 months", p.Timeline, 6, p.Inputs.RetentionYears)
	ad.SetHorizon(0)
	if p, _ = ad.Advise(a); p.Timeline.Months != advisor.DefaultHorizonMonths {
		t.Errorf("SetHorizon(0) gives %d months, want the default %d", p.Timeline.Months, advisor.DefaultHorizonMonths)
	}
	if tl, err := ad.Timeline(ans(t, "users", "50k"), 12); err != nil || tl != nil {
		t.Errorf("Timeline without growth = %v, %v; want nil, nil", tl, err)
	}
}

// TestTimelineJSON: "timeline" is null without growth and an object with
// points, milestones and runway with it.
func TestTimelineJSON(t *testing.T) {
	decode := func(p *advisor.Plan) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(export.JSON(p), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := decode(advise(t, "users", "2M"))
	if v, ok := m["timeline"]; !ok || v != nil {
		t.Errorf("timeline = %v (present %v), want null without growth", v, ok)
	}
	m = decode(advise(t, "users", "2M", "growth", "12%"))
	tl, ok := m["timeline"].(map[string]any)
	if !ok {
		t.Fatalf("timeline = %v, want an object", m["timeline"])
	}
	for _, k := range []string{"growth_pct", "months", "points", "milestones", "runway"} {
		if _, ok := tl[k]; !ok {
			t.Errorf("timeline has no %q", k)
		}
	}
	pts, _ := tl["points"].([]any)
	if len(pts) != 25 {
		t.Fatalf("%d points, want 25 (months 0 to 24)", len(pts))
	}
	pt, _ := pts[3].(map[string]any)
	for _, k := range []string{"month", "users", "peak_rps", "data_gb", "monthly_usd", "stage_id", "stage_number"} {
		if _, ok := pt[k]; !ok {
			t.Errorf("a point has no %q", k)
		}
	}
}

var decisionSink advisor.Decision

// BenchmarkDecide is the numbers-only path over the 2M-user worked example;
// compare with BenchmarkPlan.
func BenchmarkDecide(b *testing.B) {
	ad := newAdvisor(b)
	a := ans(b, "users", "2M")
	b.ReportAllocs()
	for b.Loop() {
		d, err := ad.Decide(a)
		if err != nil {
			b.Fatal(err)
		}
		decisionSink = d
	}
}

var timelineSink *advisor.Timeline

// BenchmarkTimeline plays 2M users at 12% forward 24 months.
func BenchmarkTimeline(b *testing.B) {
	ad := newAdvisor(b)
	a := ans(b, "users", "2M", "growth", "12%")
	b.ReportAllocs()
	for b.Loop() {
		tl, err := ad.Timeline(a, 24)
		if err != nil {
			b.Fatal(err)
		}
		timelineSink = tl
	}
}

// TestTimelineBillsTheFilesKeptSoFar: files in object storage are billed
// as stored, so each month's plan pays for today's files and every month's
// new ones, and the month's cost grows by what they add.
func TestTimelineBillsTheFilesKeptSoFar(t *testing.T) {
	ad := newAdvisor(t)
	p, err := ad.Advise(ans(t, "users", "1M", "traits", "media", "object_gb", "50000", "growth", "0.001%"))
	if err != nil {
		t.Fatal(err)
	}
	perMonth := p.Estimates.NewObjectGBPerDay * estimators.DaysPerMonth
	if perMonth <= 0 {
		t.Fatal("a media system writes no files")
	}
	first, last := p.Timeline.Points[0], p.Timeline.Points[len(p.Timeline.Points)-1]
	months := float64(last.Month - first.Month)
	if first.ObjectGB != 50000 {
		t.Errorf("month 0 keeps %g GB of files, want the 50,000 given", first.ObjectGB)
	}
	if want := 50000 + months*perMonth; math.Abs(last.ObjectGB-want) > 0.001*want {
		t.Errorf("month %d keeps %g GB of files, want %g (today's plus %g a month)", last.Month, last.ObjectGB, want, perMonth)
	}
	// The files alone add at least their storage price a month; traffic
	// hardly grows at 0.001%.
	var usd float64
	for _, c := range p.Components {
		if c.ID == "object-storage" {
			usd = c.MonthlyUSD / (50000 + perMonth) // per GB stored, as billed today
		}
	}
	if usd <= 0 {
		t.Fatal("no object storage in a media plan")
	}
	if grew := last.MonthlyUSD - first.MonthlyUSD; grew < 0.9*usd*months*perMonth {
		t.Errorf("the cost grows $%.0f over %g months, less than the $%.0f the new files cost", grew, months, usd*months*perMonth)
	}
}
