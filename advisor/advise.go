package advisor

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Advisor makes plans from one knowledge base. It is cheap to create and
// not safe for concurrent use (it reuses an expression machine); make one
// per goroutine.
type Advisor struct {
	kb *knowledge.Base
	m  knowledge.Machine
	// quiet makes the shared decision code skip every text (reasons,
	// triggers, trade-offs): Decide's numbers-only path.
	quiet bool
	// horizon is the growth timeline's length in months; 0 means
	// DefaultHorizonMonths.
	horizon int
}

// New returns an advisor over kb.
func New(kb *knowledge.Base) *Advisor { return &Advisor{kb: kb} }

// Advise builds the plan for a. Errors are *InputError when the answers are
// at fault, and wrapped knowledge errors ("file:line: ...") otherwise.
func (ad *Advisor) Advise(a answers.Answers) (*Plan, error) {
	kb := ad.kb
	r, err := resolve(kb, a)
	if err != nil {
		return nil, err
	}
	est := estimators.Estimate(r.in, kb.Capacity)
	env := ad.env(r, est)
	p := &Plan{
		SchemaVersion: SchemaVersion,
		Name:          a.Name,
		Answers:       a,
		Assumptions:   r.assumptions,
		Estimates:     est,
	}
	if p.Answers.Version == 0 {
		p.Answers.Version = answers.Version
	}
	if p.Name == "" {
		p.Name = "Your system"
	}
	if err := ad.stage(p, env); err != nil {
		return nil, err
	}
	cat := kb.Catalogs[r.provider]
	if err := ad.components(p, env, cat); err != nil {
		return nil, err
	}
	if err := ad.limitsAndRisks(p, env, r.in.MonthlyGrowthPct); err != nil {
		return nil, err
	}
	p.Inputs, p.Capacity = r.in, kb.Capacity
	p.Latency = ad.latency(p, env)
	p.Availability = Availability{
		TargetPct:               r.in.AvailabilityPct,
		Nines:                   est.Nines,
		DowntimeMinutesPerMonth: est.DowntimeMinPerMonth,
		DowntimeHoursPerYear:    estimators.DowntimeSecondsPerYear(r.in.AvailabilityPct) / 3600,
	}
	p.Cost.Provider, p.Cost.Region, p.Cost.AsOf, p.Cost.Currency = cat.Provider, cat.Region, cat.AsOf, cat.Currency
	if r.hasBudget {
		b := &Budget{MonthlyUSD: r.budget, DifferenceUSD: r.budget - p.Cost.MonthlyUSD}
		b.Fits = b.DifferenceUSD >= 0
		b.Cuts = []Cut{}
		for _, c := range p.Components {
			if c.Cut != "" && c.MonthlyUSD > 0 {
				b.Cuts = append(b.Cuts, Cut{Component: c.ID, Name: c.Name, SavesUSD: c.MonthlyUSD, GivesUp: c.Cut})
			}
		}
		sort.SliceStable(b.Cuts, func(i, j int) bool { return b.Cuts[i].SavesUSD > b.Cuts[j].SavesUSD })
		p.Budget = b
	}
	p.Sources = ad.sources(p, r)
	ad.costBands(p, cat, r.in.MonthlyGrowthPct)
	ad.composeAvailability(p, r.in.Regions)
	if err := ad.attachTimeline(p, a); err != nil {
		return nil, err
	}
	return p, nil
}

func (ad *Advisor) env(r resolved, est estimators.Estimates) *knowledge.Env {
	c := ad.kb.Capacity
	return &knowledge.Env{
		Estimates:              est,
		Regions:                r.in.Regions,
		Availability:           r.in.AvailabilityPct,
		BudgetUSD:              r.budget,
		HasBudget:              r.hasBudget,
		Team:                   r.team,
		GrowthPct:              r.in.MonthlyGrowthPct,
		PeakFactor:             r.in.PeakFactor,
		ReadRatio:              r.readRatio,
		WriteBytes:             r.in.BytesPerWrite,
		DataGB:                 r.in.DataGBToday,
		RetentionYears:         r.in.RetentionYears,
		Traits:                 r.traits,
		TargetUtilisation:      c.TargetUtilisation,
		CacheHitRatio:          c.CacheHitRatio,
		RedundancyAvailability: c.RedundancyAvailability,
		AppRPSPerServer:        c.AppRPSPerServer,
		DBReadQPSPerVCPU:       c.DBReadQPSPerVCPU,
		DBWriteQPSPerVCPU:      c.DBWriteQPSPerVCPU,
		CacheOpsPerNode:        c.CacheOpsPerNode,
		MaxGBPerShard:          c.MaxGBPerShard,
	}
}

// stage picks the highest stage whose entry condition holds: each condition
// names a bottleneck, so the stage follows the numbers, not the user count.
func (ad *Advisor) stage(p *Plan, env *knowledge.Env) error {
	kb := ad.kb
	// The highest stage whose condition holds: search from the top down.
	at := 0
	for i := len(kb.Stages) - 1; i > 0; i-- {
		ok, err := kb.Stages[i].Entered(&ad.m, env)
		if err != nil {
			return err
		}
		if ok {
			at = i
			break
		}
	}
	env.Stage = float64(at)
	s := &kb.Stages[at]
	if ad.quiet {
		p.Stage = Stage{ID: s.ID, Number: s.Number, Name: s.Name}
		return nil
	}
	why, err := s.Why(&ad.m, env)
	if err != nil {
		return err
	}
	p.Stage = Stage{ID: s.ID, Number: s.Number, Name: s.Name, Summary: s.Summary, Why: why, Solves: s.Solves, BySource: ad.placings(env.MAU)}
	if s.Trigger != nil && at+1 < len(kb.Stages) {
		next := &kb.Stages[at+1]
		text, x, months, err := ad.trigger(s.Trigger, env)
		if err != nil {
			return err
		}
		p.NextStage = &NextStage{ID: next.ID, Number: next.Number, Name: next.Name, Trigger: text, AtLoadX: x, InMonths: months}
	}
	return nil
}

// placings says where each ladder article would put a system of this many users.
func (ad *Advisor) placings(users float64) []SourcePlacing {
	kb := ad.kb
	out := []SourcePlacing{}
	for _, src := range kb.Sources {
		if !src.Ladder {
			continue
		}
		for si := range kb.Stages {
			for _, bs := range kb.Stages[si].BySource {
				if bs.Source != src.ID || users < bs.UsersMin || users >= bs.UsersMax {
					continue
				}
				out = append(out, SourcePlacing{
					Source: src.ID, Title: src.Title, Label: bs.Label,
					StageID: kb.Stages[si].ID, StageNumber: kb.Stages[si].Number,
					UsersMin: bs.UsersMin, UsersMax: bs.UsersMax,
					RPSMin: bs.RPSMin, RPSMax: bs.RPSMax, MonthlyMin: bs.MonthlyUSDMin, MonthlyMax: bs.MonthlyUSDMax,
				})
			}
		}
	}
	return out
}

// trigger renders a trigger and, when its metric moves with load, how far
// load must grow to reach it and how many months that takes.
func (ad *Advisor) trigger(t *knowledge.Trigger, env *knowledge.Env) (string, *float64, *float64, error) {
	metric, threshold, ok, err := t.Measure(&ad.m, env)
	if err != nil {
		return "", nil, nil, err
	}
	env.Threshold = threshold
	text, err := t.Describe(&ad.m, env)
	if err != nil {
		return "", nil, nil, err
	}
	if !ok || metric <= 0 || threshold <= metric {
		return text, nil, nil, nil
	}
	x := threshold / metric
	var months *float64
	if env.GrowthPct > 0 {
		m := math.Ceil(estimators.MonthsToGrow(x, env.GrowthPct))
		months = &m
	}
	return text, &x, months, nil
}

func (ad *Advisor) components(p *Plan, env *knowledge.Env, cat *knowledge.Catalog) error {
	kb := ad.kb
	m := &ad.m
	// Room for every component at once; DecideInto passes storage to reuse.
	p.Components, p.Deferred, p.Tradeoffs = slices.Grow(p.Components[:0], len(kb.Components)), []Deferred{}, []Tradeoff{}
	if !ad.quiet {
		p.Cost.ByTier = map[string]float64{}
	}
	for ci := range kb.Components {
		comp := &kb.Components[ci]
		var chosen, deferBy *knowledge.Rule
		for _, rule := range kb.RulesFor(comp.ID) {
			needed, err := rule.Needed(m, env)
			if err != nil {
				return err
			}
			if needed {
				chosen = rule
				break
			}
			if !ad.quiet && deferBy == nil && rule.Trigger != nil {
				applies, err := rule.AppliesTo(m, env)
				if err != nil {
					return err
				}
				if applies {
					deferBy = rule
				}
			}
		}
		if chosen != nil {
			c, err := ad.priced(comp, chosen, env, cat)
			if err != nil {
				return err
			}
			if c.Count <= 0 {
				continue
			}
			p.Components = append(p.Components, c)
			p.Cost.MonthlyUSD += c.MonthlyUSD
			if ad.quiet {
				continue
			}
			p.Cost.ByTier[c.Tier] += c.MonthlyUSD
			t, err := chosen.TradeoffText(m, env)
			if err != nil {
				return err
			}
			p.Tradeoffs = append(p.Tradeoffs, Tradeoff{Component: comp.ID, Text: t})
			continue
		}
		// Keep the list to what the next couple of stages could bring, but
		// always show what a trait asked for (a rule with its own scope).
		if ad.quiet || deferBy == nil || (comp.Stage > int(env.Stage)+2 && deferBy.Applies == "") {
			continue
		}
		text, x, months, err := ad.trigger(deferBy.Trigger, env)
		if err != nil {
			return err
		}
		p.Deferred = append(p.Deferred, Deferred{ID: comp.ID, Name: comp.Name, Trigger: text, Bottleneck: deferBy.Bottleneck, AtLoadX: x, InMonths: months})
	}
	// Soonest first; those without a load multiple keep knowledge order after them.
	sort.SliceStable(p.Deferred, func(i, j int) bool {
		a, b := p.Deferred[i].AtLoadX, p.Deferred[j].AtLoadX
		if a == nil || b == nil {
			return a != nil && b == nil
		}
		return *a < *b
	})
	return nil
}

func (ad *Advisor) priced(comp *knowledge.Component, rule *knowledge.Rule, env *knowledge.Env, cat *knowledge.Catalog) (Component, error) {
	m := &ad.m
	c := Component{ID: comp.ID, Name: comp.Name, Tier: comp.Tier, Bottleneck: rule.Bottleneck}
	var err error
	if c.Count, err = rule.Units(m, env); err != nil {
		return c, err
	}
	c.Count = math.Ceil(c.Count)
	if c.SizeID, err = rule.SizeItem(m, env); err != nil {
		return c, err
	}
	if c.SizeID != "" {
		it, ok := cat.Item(c.SizeID)
		if !ok {
			return c, fmt.Errorf("%s: rule for %q sizes with %q, which the %s catalog (%s) lacks", comp.Name, comp.ID, c.SizeID, cat.Provider, cat.File())
		}
		c.Size = it.Product
		c.MonthlyUSD = c.Count * it.PerMonthUSD()
	}
	for i := range rule.Usage {
		u := &rule.Usage[i]
		q, err := u.Amount(m, env)
		if err != nil {
			return c, err
		}
		it, ok := cat.Item(u.Item)
		if !ok {
			return c, fmt.Errorf("rule for %q uses price item %q, which the %s catalog (%s) lacks", comp.ID, u.Item, cat.Provider, cat.File())
		}
		c.MonthlyUSD += it.UsageUSD(math.Max(0, q))
	}
	if ad.quiet {
		return c, nil
	}
	if c.Reason, err = rule.Why(m, env); err != nil {
		return c, err
	}
	if c.Cut, err = rule.CutText(m, env); err != nil {
		return c, err
	}
	return c, nil
}

func (ad *Advisor) limitsAndRisks(p *Plan, env *knowledge.Env, growth float64) error {
	kb := ad.kb
	m := &ad.m
	p.Risks = []Risk{}
	var first *Limit
	for i := range kb.Limits {
		l := &kb.Limits[i]
		ok, err := l.AppliesTo(m, env)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		load, capacity, err := l.Load(m, env)
		if err != nil {
			return err
		}
		if load <= 0 || capacity <= 0 {
			continue
		}
		x := capacity / load
		if first == nil || x < first.AtLoadX {
			fix, err := l.Remedy(m, env)
			if err != nil {
				return err
			}
			first = &Limit{ID: l.ID, Says: l.Says, AtLoadX: x, Fix: fix}
		}
	}
	if first != nil {
		if growth > 0 {
			months := math.Ceil(estimators.MonthsToGrow(first.AtLoadX, growth))
			first.InMonths = &months
		}
		p.BreaksFirst = first
		p.Risks = append(p.Risks, Risk{ID: "breaks-first", Text: breaksFirstText(first)})
	}
	for i := range kb.Risks {
		r := &kb.Risks[i]
		ok, err := r.Holds(m, env)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		text, err := r.Describe(m, env)
		if err != nil {
			return err
		}
		p.Risks = append(p.Risks, Risk{ID: r.ID, Text: text})
	}
	return nil
}

func (ad *Advisor) latency(p *Plan, env *knowledge.Env) Latency {
	d := ad.kb.Defaults
	home := d["app_latency_ms"].Value
	switch {
	case p.Stage.Number <= 0:
		home = 0
	case env.CacheNeeded:
		h := env.CacheHitRatio
		home += h*d["cache_latency_ms"].Value + (1-h)*d["db_latency_ms"].Value
	default:
		home += d["db_latency_ms"].Value
	}
	far := home
	if env.Regions >= 2 && p.Stage.Number < 7 {
		far += d["cross_region_latency_ms"].Value
	}
	return Latency{HomeMS: home, FarUsersMS: far}
}

func (ad *Advisor) sources(p *Plan, r resolved) []Source {
	used := map[string]bool{}
	for _, a := range r.assumptions {
		if a.Source != "" {
			used[a.Source] = true
		}
	}
	for _, bs := range p.Stage.BySource {
		used[bs.Source] = true
	}
	for _, c := range p.Components {
		if comp, ok := ad.kb.Component(c.ID); ok {
			for _, s := range comp.Sources {
				used[s] = true
			}
		}
	}
	for _, s := range ad.kb.Stages[p.Stage.Number].Sources {
		used[s] = true
	}
	out := []Source{}
	for _, s := range ad.kb.Sources {
		if used[s.ID] {
			out = append(out, Source{ID: s.ID, Title: s.Title})
		}
	}
	return out
}

// IsInputError reports whether err is the answers' fault.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

func breaksFirstText(l *Limit) string {
	s := fmt.Sprintf("what breaks first: at %s today's peak the limit is %s; then %s", loadMultiple(l.AtLoadX), l.Says, l.Fix)
	if l.AtLoadX < 1 {
		s = fmt.Sprintf("what breaks first: already at today's peak the limit is %s; %s", l.Says, l.Fix)
	}
	if l.InMonths != nil {
		s += fmt.Sprintf(" (about %s months away at the given growth)", human.Count(*l.InMonths))
	}
	return s
}

// loadMultiple writes a load multiple as people read it: 2.3x, 14x, 1,008x.
func loadMultiple(x float64) string {
	if x >= 10 {
		return human.Count(x) + "x"
	}
	return fmt.Sprintf("%.1fx", x)
}
