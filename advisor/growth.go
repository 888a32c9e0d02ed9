package advisor

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
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
	Runway     *Runway     `json:"runway" yaml:"runway"`         // null when no limit of today's is passed within the horizon
}

// Month is the system at one month of growth.
type Month struct {
	Month       int     `json:"month" yaml:"month"`
	Users       float64 `json:"users" yaml:"users"`
	PeakRPS     float64 `json:"peak_rps" yaml:"peak_rps"`
	DataGB      float64 `json:"data_gb" yaml:"data_gb"`     // stored by then: today's data plus every month's writes
	ObjectGB    float64 `json:"object_gb" yaml:"object_gb"` // files in object storage by then, likewise
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

// Runway is how long today's architecture lasts: until the load on one of
// today's limits passes what it has (the capacity of today's components,
// not of the bigger ones a later plan would add). It is the limit that
// breaks first (Plan.BreaksFirst), in the same month, when that month is
// within the horizon. The plan adds components and reaches stages before
// that, at thresholds below the capacities; the milestones date them.
type Runway struct {
	Months int    `json:"months" yaml:"months"` // 0 when a limit is already passed today
	Kind   string `json:"kind" yaml:"kind"`     // limit (a milestone's kind)
	ID     string `json:"id" yaml:"id"`         // the limit id
	// LimitID is the limit passed (the same as ID).
	LimitID string `json:"limit_id" yaml:"limit_id"`
	// Says names what ends it: "the app servers".
	Says string `json:"says" yaml:"says"`
	// Fix is what to do about it: "add app servers".
	Fix string `json:"fix" yaml:"fix"`
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

// schedulePlan dates what the plan defers by the schedule (schedule.go):
// the next stage, each deferred component and the limit that breaks
// first; with growth it adds the timeline. Every one is dated by the first
// month whose plan has it; a component whose trigger is in words gets no
// load multiple besides that month's, as only the months say when it
// comes. The next stage's trigger becomes the way in that brings it there.
// Before it runs, a deferred component's and the next stage's AtLoadX hold
// the multiple at which their trigger reaches its threshold, a hint for
// the search: 0 when the trigger is measured but gives no multiple, nil
// when it is in words. env is what the rules saw for a, with its stage.
func (ad *Advisor) schedulePlan(p *Plan, a answers.Answers, env *expression.Env) error {
	s, err := ad.newSchedule(a, env)
	if err != nil {
		return err
	}
	hint := func(x *float64) float64 {
		if x == nil {
			return 0
		}
		return *x
	}
	var where expression.Env // where the next stage is found
	if n := p.NextStage; n != nil {
		s.targets = append(s.targets, target{kind: targetStage, stage: n.Number, guess: hint(n.AtLoadX), guesses: ad.nextGuesses, where: &where})
	}
	for _, d := range p.Deferred {
		s.targets = append(s.targets, target{kind: targetComponent, comp: d.ID, guess: hint(d.AtLoadX), worded: d.AtLoadX == nil})
	}
	s.dateLimits()
	horizon := 0
	if s.growth > 0 {
		horizon = ad.horizonMonths()
	}
	if err := s.run(horizon); err != nil {
		return err
	}
	p.Timeline = s.timeline
	i := 0
	next := func() (months, loadX *float64) {
		f := s.found[i]
		i++
		if f.dated() {
			m := float64(f.month)
			months = &m
		}
		if f.loadX > 0 {
			x := f.loadX
			loadX = &x
		}
		return months, loadX
	}
	if n := p.NextStage; n != nil {
		at, err := s.foundAt(0)
		if err != nil {
			return err
		}
		if at != nil {
			if n.Trigger, err = ad.wayIn(n.Number, at); err != nil {
				return err
			}
		}
		n.InMonths, n.AtLoadX = next()
	}
	for j := range p.Deferred {
		d := &p.Deferred[j]
		measured := d.AtLoadX != nil
		d.InMonths, d.AtLoadX = next()
		if measured && d.InMonths == nil && d.AtLoadX == nil {
			// Its trigger names a figure, yet no load brings it: say so
			// rather than leave the reader to work out a multiple.
			d.Trigger += fmt.Sprintf("; yet no traffic up to %sx today's brings it to this system, whose other parts take that load first", human.Grouped(MaxLoadX))
		}
	}
	// What breaks first is the limit the schedule passes first; with none
	// passed by MaxHorizonMonths, the one with the least headroom today.
	if i := s.firstLimit(MaxHorizonMonths); i >= 0 {
		lc, m := s.targets[i].limit, s.found[i].month
		fix, err := lc.l.Remedy(&ad.m, env)
		if err != nil {
			return err
		}
		x := lc.headroom // already passed today: below 1
		if m > 0 {
			x = s.monthX(m)
		}
		months := float64(m)
		if p.BreaksFirst == nil {
			p.Risks = append([]Risk{{ID: "breaks-first"}}, p.Risks...)
		}
		p.BreaksFirst = &Limit{ID: lc.l.ID, Says: lc.l.Says, AtLoadX: x, InMonths: &months, Fix: fix}
	}
	for j := range p.Risks {
		if p.Risks[j].ID == "breaks-first" {
			p.Risks[j].Text = breaksFirstText(p.BreaksFirst, s.growth)
		}
	}
	// Soonest first: by month, then by load multiple; those without
	// either keep knowledge order after them.
	sort.SliceStable(p.Deferred, func(i, j int) bool { return sooner(&p.Deferred[i], &p.Deferred[j]) })
	return nil
}

// sooner orders deferred components: dated before undated, by month, then
// by load multiple; those with neither last.
func sooner(a, b *Deferred) bool {
	switch {
	case (a.InMonths == nil) != (b.InMonths == nil):
		return a.InMonths != nil
	case a.InMonths != nil && *a.InMonths != *b.InMonths:
		return *a.InMonths < *b.InMonths
	case (a.AtLoadX == nil) != (b.AtLoadX == nil):
		return a.AtLoadX != nil
	case a.AtLoadX != nil:
		return *a.AtLoadX < *b.AtLoadX
	}
	return false
}

// Timeline plays a's growth forward month by month for months months
// (1..MaxHorizonMonths), as the schedule does for a plan. Each month's
// plan comes from Decide over a's traffic scaled by (1+growth)^month, with
// the data stored so far; it is nil when a gives no growth.
func (ad *Advisor) Timeline(a answers.Answers, months int) (*Timeline, error) {
	if months < 1 || months > MaxHorizonMonths {
		return nil, inputErr("--horizon %d: want 1 to %d months", months, MaxHorizonMonths)
	}
	s, err := ad.newSchedule(a, nil)
	if err != nil {
		return nil, err
	}
	if s.growth <= 0 {
		return nil, nil
	}
	s.dateLimits()
	if err := s.run(months); err != nil {
		return nil, err
	}
	return s.timeline, nil
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
