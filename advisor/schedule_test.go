package advisor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// scheduleSystem is a set of answers the schedule's properties are checked
// on.
type scheduleSystem struct {
	name string
	a    answers.Answers
}

// scheduleSystems are the sweep's profiles (named and random) at a few
// sizes and growth rates, from none through a rate too small to move the
// traffic in ten years to fast, and the answers files.
func scheduleSystems(t *testing.T) []scheduleSystem {
	var out []scheduleSystem
	for _, f := range loadAnswersFiles(t) {
		out = append(out, scheduleSystem(f))
	}
	growths := []string{"", "0", "1e-15", "0.7", "8", "60"}
	for i, pr := range sweepProfiles() {
		for j, u := range []float64{40, 5e3, 320e3, 2e6, 50e6} {
			a := pr.answers(t, u)
			// Each profile meets every growth rate at some size.
			if g := growths[(i+j)%len(growths)]; g != "" {
				if err := a.Set(answers.Growth, g); err != nil {
					t.Fatal(err)
				}
			}
			g, _ := a.Value(answers.Growth)
			out = append(out, scheduleSystem{fmt.Sprintf("%s, %g users, growth %g%%", pr.name, u, g), a})
		}
	}
	return out
}

// monthsOf plays a's schedule month by month, here on its own: month m's
// plan is a's traffic times (1+growth)^m with the data stored by then,
// each month adding the month before's writes.
func monthsOf(t *testing.T, ad *advisor.Advisor, a answers.Answers) []advisor.Decision {
	t.Helper()
	d, err := ad.Decide(a)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := knowledge.Default()
	maxData, _ := kb.Constant(answers.DataGB.Max)
	maxObjects, _ := kb.Constant(answers.ObjectGB.Max)
	out := []advisor.Decision{d}
	data, objects, g := d.Inputs.DataGB, d.Inputs.ObjectGB, d.Inputs.Growth
	// Rows and files pile up, each month's kept for the retention period
	// (months, fractions of a month included) and then deleted.
	data0, objects0, kept := data, objects, d.Inputs.RetentionYears*12
	var rows, files []float64
	within := func(added []float64, m int) float64 {
		var sum float64
		for k, v := range added {
			sum += v * math.Min(1, math.Max(0, kept-float64(m-(k+1))))
		}
		return sum
	}
	for m := 1; m <= advisor.MaxHorizonMonths; m++ {
		rows = append(rows, d.Estimates.NewDataGBPerDay*estimators.DaysPerMonth)
		files = append(files, d.Estimates.NewObjectGBPerDay*estimators.DaysPerMonth)
		data = math.Min(data0+within(rows, m), maxData.Value)
		objects = math.Min(objects0+within(files, m), maxObjects.Value)
		am := scaleTraffic(t, a, math.Pow(1+g/100, float64(m)))
		am.SetValue(answers.DataGB, data)
		am.SetValue(answers.ObjectGB, objects)
		if d, err = ad.Decide(am); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// firstMonth is the first month whose plan has it, or -1.
func firstMonth(months []advisor.Decision, has func(advisor.Decision) bool) int {
	for m, d := range months {
		if has(d) {
			return m
		}
	}
	return -1
}

// TestScheduleProperties checks, over random answers, what the one
// month-by-month computation promises:
//   - plan and stages agree on the next stage's month and load multiple;
//   - a dated item's load multiple is the traffic multiple of its month,
//     (1 + growth)^month, and its month is the first whose plan needs it;
//   - an item no month reaches is not needed by month 120, and its load
//     multiple is where traffic alone brings it;
//   - a trigger in words is dated by the months alone: without a month it
//     gets no multiple;
//   - the runway is what breaks first, when that is within the horizon;
//   - nothing is Inf or NaN.
func TestScheduleProperties(t *testing.T) {
	ad := newAdvisor(t)
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	worded := map[string]bool{} // components whose every trigger is in words
	for _, c := range kb.Components {
		worded[c.ID] = true
		for _, r := range kb.RulesFor(c.ID) {
			if r.Trigger != nil && r.Trigger.Metric != "" {
				worded[c.ID] = false
			}
		}
	}
	systems := scheduleSystems(t)
	dated, undated, growing := 0, 0, 0
	for _, s := range systems {
		p, err := ad.Advise(s.a)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		checkPlan(t, s.name, p)
		finite(t, s.name, p)
		g := p.Inputs.Growth
		months := monthsOf(t, ad, s.a)
		if g > 0 {
			growing++
			checkTimeline(t, s.name, p.Timeline, advisor.DefaultHorizonMonths, p.Inputs.RetentionYears)
		} else if p.Timeline != nil {
			t.Errorf("%s: a timeline without growth", s.name)
		}

		// check is the promise for one dated or undated item.
		check := func(what string, x, inMonths *float64, has func(advisor.Decision) bool) {
			t.Helper()
			at := fmt.Sprintf("%s: %s", s.name, what)
			first := firstMonth(months, has)
			if inMonths == nil {
				undated++
				if first >= 0 {
					t.Errorf("%s has no month, yet month %d's plan needs it", at, first)
				}
				if x != nil && *x > 0 {
					below, above := scaleTraffic(t, s.a, *x/1.002), scaleTraffic(t, s.a, *x*1.0001)
					for _, b := range []*answers.Answers{&below, &above} {
						b.SetValue(answers.DataGB, p.Inputs.DataGB)
					}
					db, _ := ad.Decide(below)
					da, _ := ad.Decide(above)
					if has(db) || !has(da) {
						t.Errorf("%s at %gx: needed just below %v, just above %v", at, *x, has(db), has(da))
					}
				}
				return
			}
			dated++
			m := *inMonths
			if m != math.Trunc(m) || m < 1 || m > advisor.MaxHorizonMonths {
				t.Errorf("%s in month %g", at, m)
				return
			}
			if x == nil {
				t.Errorf("%s is dated month %g without a load multiple", at, m)
			} else if want := math.Pow(1+g/100, m); *x != want {
				t.Errorf("%s in month %g at %gx; the traffic then is (1 + %g%%)^%g = %gx", at, m, *x, g, m, want)
			}
			if first != int(m) {
				t.Errorf("%s dated month %g, but month %d's plan is the first that needs it", at, m, first)
			}
		}
		if n := p.NextStage; n != nil {
			check("next stage "+n.ID, n.AtLoadX, n.InMonths, func(d advisor.Decision) bool { return d.Stage.Number >= n.Number })
			// stages says the same of it.
			_, bs, err := ad.Boundaries(s.a)
			if err != nil {
				t.Fatal(err)
			}
			b := bs[n.Number]
			var month *float64
			if b.Month != nil {
				m := float64(*b.Month)
				month = &m
			}
			if !reflect.DeepEqual(b.AtLoadX, n.AtLoadX) || !reflect.DeepEqual(month, n.InMonths) {
				t.Errorf("%s: plan puts stage %d at %v in month %v, stages at %v in month %v", s.name, n.Number,
					deref(n.AtLoadX), deref(n.InMonths), deref(b.AtLoadX), deref(month))
			}
		}
		for _, d := range p.Deferred {
			if worded[d.ID] && d.InMonths == nil && d.AtLoadX != nil {
				t.Errorf("%s: %s's trigger is in words (%q), yet it is at %v without a month", s.name, d.ID, d.Trigger, deref(d.AtLoadX))
			}
			check(d.ID, d.AtLoadX, d.InMonths, func(dd advisor.Decision) bool { return has(dd, d.ID) })
		}
		// What breaks first is dated as the rest, and the runway is it.
		if bf := p.BreaksFirst; bf != nil && bf.InMonths != nil && *bf.InMonths > 0 {
			if m := *bf.InMonths; bf.AtLoadX != math.Pow(1+g/100, m) {
				t.Errorf("%s: %s breaks in month %g at %gx, not the traffic then", s.name, bf.ID, m, bf.AtLoadX)
			}
		}
		if tl := p.Timeline; tl != nil {
			bf := p.BreaksFirst
			within := bf != nil && bf.InMonths != nil && *bf.InMonths <= float64(tl.Months)
			switch r := tl.Runway; {
			case r == nil && within:
				t.Errorf("%s: no runway, but %s breaks in month %g", s.name, bf.ID, *bf.InMonths)
			case r != nil && (!within || bf.ID != r.LimitID || *bf.InMonths != float64(r.Months)):
				t.Errorf("%s: the runway ends at %s in month %d, but what breaks first is %+v", s.name, r.LimitID, r.Months, bf)
			}
		}
	}
	if len(systems) < 100 || dated < 100 || undated < 100 || growing < 50 {
		t.Errorf("%d systems, %d with growth, %d dated and %d undated items: too few to say much", len(systems), growing, dated, undated)
	}
}

func deref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// finite fails when any number in the plan is Inf or NaN: JSON cannot say
// them.
func finite(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("%s: %v", at, err)
	}
}

// TestTinyGrowthIsNoGrowth: a growth rate too small to move the traffic
// in ten years dates only what the stored data brings, as no growth does,
// and never gives Inf or NaN.
func TestTinyGrowthIsNoGrowth(t *testing.T) {
	ad := newAdvisor(t)
	for _, users := range []string{"5k", "320k", "2M", "50M"} {
		flat, err := ad.Advise(ans(t, "users", users))
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range []string{"1e-15", "1e-300", "1e-14"} {
			p, err := ad.Advise(ans(t, "users", users, "growth", g))
			if err != nil {
				t.Fatal(err)
			}
			at := users + " at " + g + "%"
			finite(t, at, p)
			if p.Timeline == nil {
				t.Fatalf("%s: no timeline", at)
			}
			if (p.NextStage == nil) != (flat.NextStage == nil) {
				t.Fatalf("%s: next stage %+v, without growth %+v", at, p.NextStage, flat.NextStage)
			}
			if n := p.NextStage; n != nil && (!reflect.DeepEqual(n.InMonths, flat.NextStage.InMonths) || !reflect.DeepEqual(n.AtLoadX, flat.NextStage.AtLoadX)) {
				t.Errorf("%s: next stage in month %v at %v; without growth %v at %v", at, deref(n.InMonths), deref(n.AtLoadX),
					deref(flat.NextStage.InMonths), deref(flat.NextStage.AtLoadX))
			}
			for i, d := range p.Deferred {
				f := flat.Deferred[i]
				if d.ID != f.ID || !reflect.DeepEqual(d.InMonths, f.InMonths) || !reflect.DeepEqual(d.AtLoadX, f.AtLoadX) {
					t.Errorf("%s: %s in month %v at %v; without growth %s in %v at %v", at, d.ID, deref(d.InMonths), deref(d.AtLoadX),
						f.ID, deref(f.InMonths), deref(f.AtLoadX))
				}
			}
		}
	}
}

// TestWordedTriggersAreDatedByTheMonths: the message queue and the
// workers wait for slow work, which no figure measures, yet with the jobs
// trait and growth the month's plans bring them in: the deferred list
// dates them by that month, and the timeline adds them then. Without
// growth, nothing dates them and no load multiple is made up.
func TestWordedTriggersAreDatedByTheMonths(t *testing.T) {
	ad := newAdvisor(t)
	ad.SetHorizon(advisor.MaxHorizonMonths)
	p, err := ad.Advise(ans(t, "users", "50k", "traits", "jobs", "growth", "12%"))
	if err != nil {
		t.Fatal(err)
	}
	flat := advise(t, "users", "50k", "traits", "jobs")
	for _, id := range []string{"message-queue", "workers"} {
		d, ok := deferred(p, id)
		if !ok {
			t.Fatalf("%s is not deferred", id)
		}
		added := -1
		for _, m := range p.Timeline.Milestones {
			if m.Kind == advisor.MilestoneComponent && m.ID == id && added < 0 {
				added = m.Month
			}
		}
		if d.InMonths == nil || float64(added) != *d.InMonths || d.AtLoadX == nil || *d.AtLoadX != math.Pow(1.12, *d.InMonths) {
			t.Errorf("%s (%q) is at %v in month %v; the timeline adds it in month %d", id, d.Trigger, deref(d.AtLoadX), deref(d.InMonths), added)
		}
		if f, ok := deferred(flat, id); !ok || f.InMonths != nil || f.AtLoadX != nil {
			t.Errorf("without growth %s is at %v in month %v", id, deref(f.AtLoadX), deref(f.InMonths))
		}
	}
}

// TestScheduleNamesWhatBringsIt checks, over random answers with and
// without growth, that the deferred list, the timeline and the next stage
// tell one story:
//   - every component the timeline adds that is also deferred has
//     in_months equal to the month the timeline first adds it, and one
//     dated within the horizon is added then;
//   - the next stage's sentence names the first of its ways in that holds
//     where the plan dates it (the month, or without one the multiple of
//     today's traffic, with today's data), rendered with that point's
//     threshold, and the figure it names passes that threshold there.
func TestScheduleNamesWhatBringsIt(t *testing.T) {
	ad := newAdvisor(t)
	ad.SetHorizon(advisor.MaxHorizonMonths)
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	maxData, _ := kb.Constant(answers.DataGB.Max)
	var m expression.Machine
	added, named, measured := 0, 0, 0
	for _, s := range scheduleSystems(t) {
		p, err := ad.Advise(s.a)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		g := p.Inputs.Growth
		if tl := p.Timeline; tl != nil {
			first := map[string]int{}
			for _, ms := range tl.Milestones {
				if _, seen := first[ms.ID]; ms.Kind == advisor.MilestoneComponent && !seen {
					first[ms.ID] = ms.Month
				}
			}
			for _, d := range p.Deferred {
				month, ok := first[d.ID]
				switch {
				case ok && (d.InMonths == nil || *d.InMonths != float64(month)):
					t.Errorf("%s: the timeline adds %s in month %d, the deferred list says month %v", s.name, d.ID, month, deref(d.InMonths))
				case !ok && d.InMonths != nil && *d.InMonths <= float64(tl.Months):
					t.Errorf("%s: %s is deferred to month %g, which the timeline does not add it in", s.name, d.ID, *d.InMonths)
				}
				if ok {
					added++
				}
			}
		}
		n := p.NextStage
		if n == nil {
			continue
		}
		// The system where the plan dates the next stage.
		var at answers.Answers
		switch {
		case n.InMonths != nil && g > 0:
			month := int(*n.InMonths)
			pt := p.Timeline.Points[month]
			at = ad.Scaled(s.a, math.Pow(1+g/100, float64(month)))
			at.SetValue(answers.DataGB, pt.DataGB)
			at.SetValue(answers.ObjectGB, pt.ObjectGB)
		case n.InMonths != nil:
			data := p.Inputs.DataGB
			for range int(*n.InMonths) {
				data = math.Min(data+p.Estimates.NewDataGBPerDay*estimators.DaysPerMonth, maxData.Value)
			}
			at = s.a
			at.SetValue(answers.DataGB, data)
		case n.AtLoadX != nil:
			at = ad.Scaled(s.a, *n.AtLoadX)
			at.SetValue(answers.DataGB, p.Inputs.DataGB)
		default:
			continue // not found: every way in is listed
		}
		d, err := ad.Decide(at)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if d.Stage.Number < n.Number {
			t.Errorf("%s: the next stage, %d, is dated where the system is at stage %d", s.name, n.Number, d.Stage.Number)
			continue
		}
		st, text := &kb.Stages[n.Number], n.Trigger
		if before, _, past := strings.Cut(text, ", which takes the system past it to stage "); past {
			st, text = &kb.Stages[d.Stage.Number], before
		}
		env := expression.Env{Inputs: d.Inputs, Estimates: d.Estimates, Stage: float64(d.Stage.Number)}
		m.Reset()
		found := false
		for _, e := range st.Enter {
			if holds, err := e.Holds(&m, &env); err != nil || !holds {
				continue
			}
			metric, threshold, ok, err := e.Trigger.Measure(&m, &env)
			if err != nil {
				t.Fatal(err)
			}
			env.Threshold = threshold
			want, err := e.Trigger.Describe(&m, &env)
			if err != nil {
				t.Fatal(err)
			}
			if want != text {
				t.Errorf("%s: the next stage, %d, comes %q; the first way in that holds there is %q", s.name, n.Number, text, want)
			}
			if ok {
				measured++
				if metric < threshold {
					t.Errorf("%s: stage %d's way in %q holds where its figure, %g, is below the threshold it names, %g", s.name, st.Number, e.When, metric, threshold)
				}
			}
			found = true
			break
		}
		if !found {
			t.Errorf("%s: no way into stage %d holds where the plan dates it (%q)", s.name, st.Number, n.Trigger)
		}
		named++
	}
	if added < 100 || named < 80 || measured < 50 {
		t.Errorf("%d deferred components added by timelines, %d next stages named, %d of them measured: too few to say much", added, named, measured)
	}
}

// TestRetentionBoundsStoredData: rows are kept for the retention period
// and then deleted, so a trigger on stored data that the retention never
// reaches gets no month, and data without growth levels off at what the
// retention holds.
func TestRetentionBoundsStoredData(t *testing.T) {
	for _, years := range []string{"1", "5"} {
		p := advise(t, "users", "10M", "regions", "3", "availability", "99.99", "traits", "global,api", "retention_years", years)
		for _, d := range p.Deferred {
			if d.ID == "sharding" && d.InMonths != nil {
				t.Errorf("retention %s years (%g GB at most): sharding dated month %g", years, p.Estimates.DataGBAtRetention, *d.InMonths)
			}
		}
	}
}

// TestDeferredNoTrafficBringsSaysSo: a deferred component whose trigger
// names a figure, but which no load brings (the shards take a sharded
// plan's reads before a replica would), says so instead of leaving the
// reader to divide the threshold by today's figure.
func TestDeferredNoTrafficBringsSaysSo(t *testing.T) {
	p := advise(t, "users", "2M")
	for _, d := range p.Deferred {
		if d.ID != "read-replica" {
			continue
		}
		if d.AtLoadX != nil || d.InMonths != nil {
			t.Fatalf("read replica dated: at %v, month %v", d.AtLoadX, d.InMonths)
		}
		if !strings.Contains(d.Trigger, "no traffic up to 1,000,000x today's brings it") {
			t.Errorf("read replica's trigger does not say no load brings it: %q", d.Trigger)
		}
		return
	}
	t.Fatal("no deferred read replica at 2M users")
}
