package advisor

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Horizons of the growth timeline, in months.
const (
	DefaultHorizonMonths = 24  // when growth is given and no horizon is
	MaxHorizonMonths     = 120 // ten years: past that, monthly compounding says little
)

// Timeline is the system month by month under compound monthly growth:
// traffic grows by the growth rate each month and the stored data by each
// month's writes. Month 0 is today's plan.
type Timeline struct {
	GrowthPct  float64     `json:"growth_pct" yaml:"growth_pct"`
	Months     int         `json:"months" yaml:"months"` // the horizon; Points runs from month 0 to it
	Points     []Month     `json:"points" yaml:"points"`
	Milestones []Milestone `json:"milestones" yaml:"milestones"` // in month order
	Runway     *Runway     `json:"runway" yaml:"runway"`         // null when today's architecture lasts the whole horizon
}

// Month is the system at one month of growth.
type Month struct {
	Month       int     `json:"month" yaml:"month"`
	Users       float64 `json:"users" yaml:"users"`
	PeakRPS     float64 `json:"peak_rps" yaml:"peak_rps"`
	DataGB      float64 `json:"data_gb" yaml:"data_gb"` // stored by then: today's data plus every month's writes
	Shards      float64 `json:"shards" yaml:"shards"`
	MonthlyUSD  float64 `json:"monthly_usd" yaml:"monthly_usd"`
	StageID     string  `json:"stage_id" yaml:"stage_id"`
	StageNumber int     `json:"stage_number" yaml:"stage_number"`
}

// Kinds of milestone.
const (
	MilestoneStage     = "stage"     // the system reaches a stage
	MilestoneComponent = "component" // a component becomes necessary
	MilestoneLimit     = "limit"     // today's architecture runs out: the runway ends
)

// Milestone is something that happens in a given month of growth.
type Milestone struct {
	Month int    `json:"month" yaml:"month"`
	Kind  string `json:"kind" yaml:"kind"` // stage, component or limit
	ID    string `json:"id" yaml:"id"`     // the stage, component or limit id
	Name  string `json:"name" yaml:"name"` // what people call it
}

// Runway is how long today's architecture lasts: the first month in which
// the load on one of its limits passes what it has (the capacity of
// today's components, not of the bigger ones a later plan would add).
type Runway struct {
	Months  int    `json:"months" yaml:"months"` // 0 when a limit is already passed today
	LimitID string `json:"limit_id" yaml:"limit_id"`
	Says    string `json:"says" yaml:"says"` // "the app servers"
	Fix     string `json:"fix" yaml:"fix"`
}

// SetHorizon sets how many months the timeline of later plans covers
// (clamped to 1..MaxHorizonMonths); 0 restores DefaultHorizonMonths.
func (ad *Advisor) SetHorizon(months int) {
	ad.horizon = min(max(months, 0), MaxHorizonMonths)
}

func (ad *Advisor) horizonMonths() int {
	if ad.horizon <= 0 {
		return DefaultHorizonMonths
	}
	return ad.horizon
}

// attachTimeline adds the timeline to a plan whose answers give growth,
// and dates the deferred components and the next stage by it: their
// in_months become the month the month-by-month plans first include them
// (which counts every condition of their rules and the data stored by
// then, not only the trigger's one metric), or null when that does not
// happen within MaxHorizonMonths.
func (ad *Advisor) attachTimeline(p *Plan, a answers.Answers) error {
	if p.Inputs.Growth <= 0 {
		return nil
	}
	// Play on past the horizon until the load-driven ones arrive; the others
	// may never arrive with load, and are dated if they do meanwhile.
	want := map[arrival]bool{}
	for _, d := range p.Deferred {
		if d.AtLoadX != nil {
			want[componentKey(d.ID)] = true
		}
	}
	if p.NextStage != nil {
		want[stageKey(p.NextStage.ID)] = true
	}
	t, first, err := ad.timeline(a, ad.horizonMonths(), want)
	if err != nil {
		return err
	}
	p.Timeline = t
	when := func(key arrival) *float64 {
		m, ok := first[key]
		if !ok {
			return nil
		}
		v := float64(m)
		return &v
	}
	for i := range p.Deferred {
		p.Deferred[i].InMonths = when(componentKey(p.Deferred[i].ID))
	}
	if p.NextStage != nil {
		p.NextStage.InMonths = when(stageKey(p.NextStage.ID))
	}
	return nil
}

// Timeline plays a's growth forward month by month for months months
// (1..MaxHorizonMonths). Each month's plan comes from Decide over a's
// traffic scaled by (1+growth)^month, with the data stored so far; it is nil
// when a gives no growth.
func (ad *Advisor) Timeline(a answers.Answers, months int) (*Timeline, error) {
	t, _, err := ad.timeline(a, months, nil)
	return t, err
}

// arrival names a stage or a component in timeline's want and first maps
// (a stage and a component may share an id: multi-region).
type arrival struct {
	stage bool
	id    string
}

func stageKey(id string) arrival     { return arrival{true, id} }
func componentKey(id string) arrival { return arrival{false, id} }

// timeline is Timeline that goes on past the horizon, up to
// MaxHorizonMonths, until each stage or component in want (by stageKey or
// componentKey) has appeared; first holds the month each first appeared.
func (ad *Advisor) timeline(a answers.Answers, months int, want map[arrival]bool) (*Timeline, map[arrival]int, error) {
	if months < 1 || months > MaxHorizonMonths {
		return nil, nil, inputErr("--horizon %d: want 1 to %d months", months, MaxHorizonMonths)
	}
	var t *Timeline
	first := map[arrival]int{}
	seen := func(key arrival, m int) {
		if _, ok := first[key]; !ok {
			first[key] = m
			delete(want, key)
		}
	}
	err := ad.playForward(a, MaxHorizonMonths, func(m int, d Decision, env *expression.Env, dataGB float64) (bool, error) {
		if t == nil {
			t = &Timeline{GrowthPct: env.Growth, Months: months, Points: []Month{}, Milestones: []Milestone{}}
			for n := 0; n <= d.Stage.Number; n++ {
				seen(stageKey(ad.kb.Stages[n].ID), 0)
			}
			for _, c := range d.Components {
				seen(componentKey(c.ID), 0)
			}
		}
		if m <= months {
			t.Points = append(t.Points, Month{Month: m, Users: d.Inputs.Users, PeakRPS: d.Inputs.PeakRPS, DataGB: dataGB,
				Shards: d.Estimates.Shards, MonthlyUSD: d.MonthlyUSD, StageID: d.Stage.ID, StageNumber: d.Stage.Number})
		}
		return m < months || (len(want) > 0 && d.Stage.Number < len(ad.kb.Stages)-1), nil
	}, func(m int, prev, cur Decision) {
		for n := prev.Stage.Number + 1; n <= cur.Stage.Number; n++ {
			s := &ad.kb.Stages[n]
			seen(stageKey(s.ID), m)
			if m <= months {
				t.Milestones = append(t.Milestones, Milestone{Month: m, Kind: MilestoneStage, ID: s.ID, Name: s.Name})
			}
		}
		for _, c := range cur.Components {
			seen(componentKey(c.ID), m)
			if m <= months && !decisionHas(prev, c.ID) {
				t.Milestones = append(t.Milestones, Milestone{Month: m, Kind: MilestoneComponent, ID: c.ID, Name: c.Name})
			}
		}
	}, func(m int, r *Runway) {
		if m <= months {
			t.Runway = r
			t.Milestones = append(t.Milestones, Milestone{Month: r.Months, Kind: MilestoneLimit, ID: r.LimitID, Name: r.Says})
		}
	})
	if err != nil || t == nil {
		return nil, nil, err
	}
	if t.GrowthPct <= 0 {
		return nil, nil, nil
	}
	// Keep month order, with the runway's end after the other events of its month.
	sortMilestones(t.Milestones)
	return t, first, nil
}

func decisionHas(d Decision, id string) bool {
	for _, c := range d.Components {
		if c.ID == id {
			return true
		}
	}
	return false
}

// sortMilestones orders by month, keeping the order found within a month
// but putting the runway's end last.
func sortMilestones(ms []Milestone) {
	rank := func(m Milestone) int {
		if m.Kind == MilestoneLimit {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(ms, func(a, b Milestone) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(rank(a), rank(b)))
	})
}

// limitCapacity is one of today's limits with the capacity today's
// architecture has against it.
type limitCapacity struct {
	l        *knowledge.Limit
	capacity float64
}

// playForward is the month loop behind Timeline and the stage boundaries'
// months: for months 0..months it decides the month's plan and calls month
// (which returns false to stop early), then step with the previous month's
// decision, and runway once, when the load on one of today's limits first
// passes today's capacity. Growth of 0 stops after month 0. The decisions
// passed to the callbacks are reused the month after next: keep numbers,
// not the decisions.
func (ad *Advisor) playForward(a answers.Answers, months int,
	month func(m int, d Decision, env *expression.Env, dataGB float64) (bool, error),
	step func(m int, prev, cur Decision), runway func(m int, r *Runway)) error {
	var d Decision
	env, err := ad.decide(a, &d)
	if err != nil {
		return err
	}
	growth := env.Growth
	dataGB := env.DataGB
	maxData := math.Inf(1)
	if c, ok := ad.kb.Constant(answers.DataGB.Max); ok {
		maxData = c.Value
	}
	// Today's limits and the capacity today's architecture has for each.
	var limits []limitCapacity
	for i := range ad.kb.Limits {
		l := &ad.kb.Limits[i]
		ok, err := l.AppliesTo(&ad.m, env)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		_, capacity, err := l.Load(&ad.m, env)
		if err != nil {
			return err
		}
		if capacity > 0 {
			limits = append(limits, limitCapacity{l, capacity})
		}
	}
	env0 := env
	found := false
	var prev Decision // the month before d; the two swap storage each month
	for m := 0; ; m++ {
		if m > 0 {
			prev, d = d, prev
			dataGB = min(dataGB+prev.Estimates.NewDataGBPerDay*estimators.DaysPerMonth, maxData)
			am := ad.scaled(a, math.Pow(1+growth/100, float64(m)))
			am.SetValue(answers.DataGB, dataGB)
			if env, err = ad.decide(am, &d); err != nil {
				return fmt.Errorf("month %d of growth: %w", m, err)
			}
			step(m, prev, d)
		}
		more, err := month(m, d, env, dataGB)
		if err != nil {
			return err
		}
		if !found && runway != nil {
			r, err := ad.firstPassed(limits, env, env0, m)
			if err != nil {
				return err
			}
			if r != nil {
				found = true
				runway(m, r)
			}
		}
		if !more || m >= months || growth <= 0 {
			return nil
		}
	}
}

// firstPassed returns the runway's end when month m's load passes one of
// today's limits: the one passed by the widest margin.
func (ad *Advisor) firstPassed(limits []limitCapacity, env, env0 *expression.Env, m int) (*Runway, error) {
	var worst *limitCapacity
	worstRatio := 1.0
	for i := range limits {
		lc := &limits[i]
		load, _, err := lc.l.Load(&ad.m, env)
		if err != nil {
			return nil, err
		}
		if r := load / lc.capacity; r > worstRatio {
			worst, worstRatio = lc, r
		}
	}
	if worst == nil {
		return nil, nil
	}
	fix, err := worst.l.Remedy(&ad.m, env0)
	if err != nil {
		return nil, err
	}
	return &Runway{Months: m, LimitID: worst.l.ID, Says: worst.l.Says, Fix: fix}, nil
}
