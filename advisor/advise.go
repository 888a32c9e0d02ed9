package advisor

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Advisor makes plans from one knowledge base. It is cheap to create and
// not safe for concurrent use (it reuses an expression machine); make one
// per goroutine.
type Advisor struct {
	kb *knowledge.Base
	m  expression.Machine
	// quiet makes the shared decision code skip every text (reasons,
	// triggers, trade-offs): Decide's numbers-only path.
	quiet bool
	// unpriced makes it skip prices too: the schedule's points are
	// decided for their stage and components, which no price changes.
	unpriced bool
	// horizon is the growth timeline's length in months; 0 means
	// DefaultHorizonMonths.
	horizon int
	// sourceIndex is each source's position in the knowledge base's list.
	sourceIndex map[string]int
	// nextGuesses are the multiples of today's load at which each measured
	// way into the next stage reaches its threshold (waysIn).
	nextGuesses []float64
	// sched is the schedule's storage, reused from plan to plan.
	sched *schedule
	// trafficMax is each traffic answer's maximum, in TrafficFields order.
	trafficMax []float64
	// consts are each answer's default and maximum constants.
	consts *fieldConstants
	// numbers is what the rules saw in the last numbers-only decision
	// (decide): a schedule decides dozens a plan.
	numbers expression.Env
	// room is derivedRoom for the answers roomOf, which scaled keeps for
	// the many points a schedule probes of one system.
	roomOf answers.Answers
	room   float64
	roomOK bool
}

// fieldConstants are each answer's default and maximum constants, looked
// up once: every plan, and every point a sweep or a schedule decides,
// resolves the defaults and checks the limits.
func (ad *Advisor) fieldConstants() *fieldConstants {
	if ad.consts == nil {
		ad.consts = newFieldConstants(ad.kb)
	}
	return ad.consts
}

// New returns an advisor over kb.
func New(kb *knowledge.Base) *Advisor { return &Advisor{kb: kb} }

// Advise builds the plan for a. Errors are *answers.Error when the answers
// are at fault (IsInputError reports them), and knowledge errors
// ("file:line: ...") otherwise.
func (ad *Advisor) Advise(a answers.Answers) (*Plan, error) {
	kb := ad.kb
	r, err := resolveAnswers(kb, a, false, ad.fieldConstants())
	if err != nil {
		return nil, err
	}
	p := &Plan{
		SchemaVersion: SchemaVersion,
		Name:          a.Name,
		Answers:       a,
	}
	cat := kb.Catalogs[r.provider]
	env := &expression.Env{}
	path, err := ad.architecture(p, r, cat, env)
	if err != nil {
		return nil, err
	}
	est := env.Estimates
	r.recordDerived(kb, env)
	if est.WriteSplit && !ad.quiet {
		c, _ := kb.Constant("max_row_bytes")
		r.assumptions = append(r.assumptions, Assumption{Key: answers.WriteBytes.Key, Value: est.RowBytes, Unit: "bytes kept in the database per write", Kind: "default",
			Basis: fmt.Sprintf("writes average %s; their sizes spread around it (taken as exponential, the least-assuming spread for a known average), so about %s are past the %s a database row should hold, and each of those is kept as a %s metadata row plus an object in object storage: the database keeps %s a write on average",
				human.Bytes(r.in.WriteBytes), human.Percent(est.SplitShare), human.Bytes(kb.Capacity.MaxRowBytes), human.Bytes(kb.Capacity.MetadataRowBytes), human.Bytes(est.RowBytes)),
			Source: c.Source})
	}
	p.Assumptions, p.Estimates = r.assumptions, Estimates{DAU: r.in.DAU, PeakRPS: r.in.PeakRPS, Estimates: est}
	if p.Answers.Version == 0 {
		p.Answers.Version = answers.Version
	}
	if p.Name == "" {
		p.Name = "Your system"
	}
	if err := ad.limitsAndRisks(p, env); err != nil {
		return nil, err
	}
	p.Inputs, p.Capacity = r.in, kb.Capacity
	if p.Worked, err = ad.worked(env, p.Assumptions); err != nil {
		return nil, err
	}
	p.Latency = ad.latency(p, env)
	p.Availability = Availability{
		TargetPct:               r.in.Availability,
		Nines:                   est.Nines,
		DowntimeMinutesPerMonth: est.DowntimeMinutesPerMonth,
		DowntimeHoursPerYear:    estimators.DowntimeSecondsPerYear(r.in.Availability) / 3600,
	}
	p.Cost.Provider, p.Cost.Region, p.Cost.AsOf, p.Cost.Currency = cat.Provider, cat.Region, cat.AsOf, cat.Currency
	if r.in.HasBudget {
		b := &Budget{MonthlyUSD: r.in.Budget, DifferenceUSD: r.in.Budget - p.Cost.MonthlyUSD}
		// Money is in cents: a plan over by less than half of one fits.
		b.Fits = b.DifferenceUSD > -0.005
		b.Cuts = []Cut{}
		for _, c := range p.Components {
			if c.Cut == "" {
				continue
			}
			cut := Cut{Component: c.ID, Name: c.Name, SavesUSD: c.MonthlyUSD, GivesUp: c.Cut}
			if c.cutBuilds != nil {
				// Without it the plan is built otherwise: the saving is
				// the difference, and what that plan composes to is said.
				cost, pct, err := ad.planWithout(r, c.cutBuilds, cat)
				if err != nil {
					return nil, err
				}
				cut.SavesUSD = p.Cost.MonthlyUSD - cost
				verdict := "which meets"
				if pct < r.in.Availability-met {
					verdict = "short of"
				}
				cut.GivesUp += fmt.Sprintf("; the parts then compose to %s, %s the %s target", human.Availability(pct), verdict, human.Availability(r.in.Availability))
			}
			if cut.SavesUSD > 0 {
				b.Cuts = append(b.Cuts, cut)
			}
		}
		sort.SliceStable(b.Cuts, func(i, j int) bool { return b.Cuts[i].SavesUSD > b.Cuts[j].SavesUSD })
		for _, c := range b.Cuts {
			b.CutsSaveUSD += c.SavesUSD
		}
		// In drawing order, so a tie names the same tier every time.
		for _, t := range knowledge.Tiers {
			if v := p.Cost.ByTier[t]; v > b.LargestTierUSD {
				b.LargestTier, b.LargestTierUSD = t, v
			}
		}
		p.Budget = b
	}
	p.Sources = ad.sources(p, r)
	ad.costBands(p, cat, r.in.Growth)
	if b := p.Budget; b != nil && !b.Fits {
		b.FitsWithCommitments = p.Cost.LowUSD < p.Cost.MonthlyUSD && p.Cost.LowUSD <= b.MonthlyUSD
	}
	if err := ad.composeAvailability(p, env, path); err != nil {
		return nil, err
	}
	if err := ad.schedulePlan(p, a, env); err != nil {
		return nil, err
	}
	if err := finish(p, &a); err != nil {
		return nil, err
	}
	return p, nil
}

// planWithout decides the plan a cut leaves (cb: at a lower resilience
// level, in one region when it says so), whatever the stage would bring:
// what it costs and what its parts compose to, in percent.
func (ad *Advisor) planWithout(r resolved, cb *knowledge.CutBuild, cat *knowledge.Catalog) (cost, pct float64, err error) {
	in := r.in
	if cb.Regions > 0 {
		in.Regions = cb.Regions
	}
	q := &Plan{}
	env := &expression.Env{Inputs: in, Estimates: estimators.EstimateAt(in, ad.kb.Capacity, cb.LevelIndex())}
	quiet := ad.quiet
	ad.quiet = true
	defer func() { ad.quiet = quiet; ad.m.Reset() }()
	ad.m.Reset()
	if err := ad.stage(q, env); err != nil {
		return 0, 0, err
	}
	if err := ad.components(q, env, cat); err != nil {
		return 0, 0, err
	}
	pct, err = ad.compose(q, env, nil)
	return q.Cost.MonthlyUSD, pct, err
}

// worked shows the traffic answers (derived or given) and the headline
// estimates with the formulas that computed them.
func (ad *Advisor) worked(env *expression.Env, assumed []Assumption) ([]Worked, error) {
	kb := ad.kb
	out := make([]Worked, 0, len(kb.Shown)+2)
	show := func(f *expression.Formula, key string) error {
		w := Worked{Key: key, Label: f.Label, Unit: f.Unit, Symbolic: f.Symbolic(), Note: f.Note}
		w.Value, _ = expression.Lookup(env, key)
		if f.Expr != "" {
			w.Numeric = f.Numeric(env)
		}
		out = append(out, w)
		return nil
	}
	for _, key := range []string{"dau", "peak_rps"} {
		i := slices.IndexFunc(assumed, func(a Assumption) bool { return a.Key == key && a.Formula != "" })
		if i < 0 {
			// Given: labelled as the derivation would be, so the row reads the same.
			var label, unit string
			for _, d := range kb.Derivations {
				if d.Of == key {
					label, unit = d.Label, d.Unit
				}
			}
			v, _ := expression.Lookup(env, key)
			out = append(out, Worked{Key: key, Label: label, Value: v, Unit: unit, Note: "given"})
			continue
		}
		if err := show(kb.Derivations[assumed[i].Formula], key); err != nil {
			return nil, err
		}
	}
	done := map[string]bool{}
	for _, f := range kb.Shown {
		if done[f.Of] {
			continue
		}
		ok, err := f.Applies(&ad.m, env)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		done[f.Of] = true
		if err := show(f, f.Of); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// env is what the rules see for resolved answers: the inputs and their
// estimates at a resilience level.
func (ad *Advisor) env(r resolved, level float64) *expression.Env {
	return &expression.Env{Inputs: r.in, Estimates: estimators.EstimateAt(r.in, ad.kb.Capacity, level)}
}

// scaled is a with its traffic times x, held within the knowledge base's
// limits: past the multiple at which one traffic answer reaches its limit
// none grows further (a month of growth never passes the world's
// population), so the answers stay consistent with each other, as a
// peak held at its limit while the writes grew on would fall below their
// average.
func (ad *Advisor) scaled(a answers.Answers, x float64) answers.Answers {
	if ad.trafficMax == nil {
		// Looked up once: the schedule scales traffic for every point it probes.
		ad.trafficMax = make([]float64, len(answers.TrafficFields))
		for i, f := range answers.TrafficFields {
			ad.trafficMax[i] = math.Inf(1)
			if c, ok := ad.kb.Constant(f.Max); ok {
				ad.trafficMax[i] = c.Value
			}
		}
	}
	if x > 1 {
		for i, f := range answers.TrafficFields {
			if v, ok := a.Value(f); ok && v > 0 && v*x > ad.trafficMax[i] {
				x = math.Max(1, ad.trafficMax[i]/v)
			}
		}
		// Figures derived from the traffic grow with it, and stop at
		// their limits too (writes a day alone give the users).
		if !ad.roomOK || !ad.roomOf.Equal(&a) {
			ad.roomOf, ad.room, ad.roomOK = a.Clone(), derivedRoom(ad.kb, a, ad.fieldConstants()), true
		}
		x = math.Min(x, math.Max(1, ad.room))
	}
	b := answers.ScaleTraffic(a, x)
	for i, f := range answers.TrafficFields {
		v, ok := b.Value(f)
		if !ok {
			continue
		}
		lo := f.Min
		if f.MinOpen && v > 0 {
			lo = math.Max(lo, math.SmallestNonzeroFloat64)
		}
		b.SetValue(f, min(max(v, lo), ad.trafficMax[i]))
	}
	return b
}

// stage picks the highest stage whose entry condition holds: each condition
// names a bottleneck, so the stage follows the numbers, not the user count.
func (ad *Advisor) stage(p *Plan, env *expression.Env) error {
	kb := ad.kb
	at, err := ad.stageOf(env)
	if err != nil {
		return err
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
	summary, err := s.InPlan(&ad.m, env)
	if err != nil {
		return err
	}
	p.Stage = Stage{ID: s.ID, Number: s.Number, Name: s.Name, Summary: summary, Why: why, Solves: s.Solves, BySource: ad.placings(env.Users)}
	if at+1 < len(kb.Stages) {
		next := &kb.Stages[at+1]
		// Every way in, until the schedule finds the one that brings it
		// (schedulePlan).
		text, x, err := ad.waysIn(next, env)
		if err != nil {
			return err
		}
		p.NextStage = &NextStage{ID: next.ID, Number: next.Number, Name: next.Name, Trigger: text, AtLoadX: x}
	}
	return nil
}

// stageOf is the highest stage whose entry condition holds: each
// condition names a bottleneck, so the stage follows the numbers, not the
// user count.
func (ad *Advisor) stageOf(env *expression.Env) (int, error) {
	stages := ad.kb.Stages
	for i := len(stages) - 1; i > 0; i-- {
		ok, err := stages[i].Entered(&ad.m, env)
		if err != nil {
			return 0, err
		}
		if ok {
			return i, nil
		}
	}
	return 0, nil
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

// trigger renders a trigger with the multiple of today's load at which
// its metric reaches its threshold, the schedule's first guess at where
// the thing it triggers is needed: nil for a trigger in words, 0 for a
// measured one that gives no multiple (its metric is 0, or past the
// threshold while other conditions hold the thing back).
func (ad *Advisor) trigger(t *knowledge.Trigger, env *expression.Env) (string, *float64, error) {
	metric, threshold, ok, err := t.Measure(&ad.m, env)
	if err != nil {
		return "", nil, err
	}
	env.Threshold = threshold
	text, err := t.Describe(&ad.m, env)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return text, nil, nil
	}
	x := 0.0
	if metric > 0 && threshold > metric {
		x = threshold / metric
	}
	if metric >= threshold {
		// Past the threshold already: say what else it waits for.
		waits, err := t.Waits(&ad.m, env)
		if err != nil {
			return "", nil, err
		}
		if waits != "" {
			text += "; " + waits
		}
	}
	return text, &x, nil
}

func (ad *Advisor) components(p *Plan, env *expression.Env, cat *knowledge.Catalog) error {
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
		for _, rule := range kb.RulesAt(ci) {
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
			// Priced in its place in the list, which it leaves when it
			// comes to no units.
			p.Components = append(p.Components, Component{})
			c := &p.Components[len(p.Components)-1]
			if err := ad.priced(c, comp, chosen, env, cat); err != nil {
				return err
			}
			if c.Count <= 0 {
				p.Components = p.Components[:len(p.Components)-1]
				continue
			}
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
		text, x, err := ad.trigger(deferBy.Trigger, env)
		if err != nil {
			return err
		}
		// The schedule dates it and orders the list (schedulePlan).
		p.Deferred = append(p.Deferred, Deferred{ID: comp.ID, Name: comp.Name, Trigger: text, Bottleneck: deferBy.Bottleneck, AtLoadX: x})
	}
	return nil
}

// priced fills c with the component as rule prices it.
func (ad *Advisor) priced(c *Component, comp *knowledge.Component, rule *knowledge.Rule, env *expression.Env, cat *knowledge.Catalog) error {
	m := &ad.m
	*c = Component{ID: comp.ID, Name: comp.Name, Tier: comp.Tier, Bottleneck: rule.Bottleneck, cutBuilds: rule.CutBuilds}
	var err error
	if c.Count, err = rule.Units(m, env); err != nil {
		return err
	}
	c.Count = math.Ceil(c.Count)
	if ad.unpriced {
		return nil
	}
	if c.SizeID, err = rule.SizeItem(m, env); err != nil {
		return err
	}
	if c.SizeID != "" {
		it, ok := cat.Item(c.SizeID)
		if !ok {
			return fmt.Errorf("%s gives %q for %s, which the %s catalog (%s) lacks", rule.SizeAt(), c.SizeID, comp.ID, cat.Provider, cat.File())
		}
		c.Size = it.Product
		c.MonthlyUSD = c.Count * it.PerMonthUSD()
	}
	for i := range rule.Usage {
		u := &rule.Usage[i]
		q, err := u.Amount(m, env)
		if err != nil {
			return err
		}
		it, ok := cat.Item(u.Item)
		if !ok {
			return fmt.Errorf("rule for %q uses price item %q, which the %s catalog (%s) lacks", comp.ID, u.Item, cat.Provider, cat.File())
		}
		c.MonthlyUSD += it.UsageUSD(math.Max(0, q))
		// A component priced by usage names what prices it, so a provider
		// that lacks the product says which one stands in (a third-party
		// CDN) instead of showing a bare price.
		if c.Size == "" && i == 0 {
			c.Size = it.Product
		}
	}
	if ad.quiet {
		return nil
	}
	if c.Reason, err = rule.Why(m, env); err != nil {
		return err
	}
	if c.Cut, err = rule.CutText(m, env); err != nil {
		return err
	}
	return nil
}

func (ad *Advisor) limitsAndRisks(p *Plan, env *expression.Env) error {
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
		if x > MaxLoadX {
			// Past the loads the schedule looks at, as a stage beyond
			// them is: no traffic it weighs passes this limit (1e-300
			// requests a user would put it at 7e301 times today's).
			continue
		}
		if first == nil || x < first.AtLoadX {
			fix, err := l.Remedy(m, env)
			if err != nil {
				return err
			}
			first = &Limit{ID: l.ID, Says: l.Says, AtLoadX: x, Fix: fix}
		}
	}
	if first != nil {
		// The schedule dates it, and then words the risk (breaksFirstRisk).
		p.BreaksFirst = first
		p.Risks = append(p.Risks, Risk{ID: "breaks-first"})
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

func (ad *Advisor) latency(p *Plan, env *expression.Env) Latency {
	c := &ad.kb.Capacity
	home := c.AppLatencyMS
	switch {
	case p.Stage.Number <= 0:
		home = 0
	case env.CacheNeeded:
		h := c.CacheHitRatio
		home += h*c.CacheLatencyMS + (1-h)*c.DBLatencyMS
	default:
		home += c.DBLatencyMS
	}
	far := home
	if env.Regions >= 2 && p.Stage.Number < len(knowledge.StageIDs)-2 {
		far += c.CrossRegionLatencyMS
	}
	return Latency{HomeMS: home, FarUsersMS: far}
}

func (ad *Advisor) sources(p *Plan, r resolved) []Source {
	// Positions in the knowledge base's list, which gives the order.
	at := make([]int, 0, 32)
	for _, a := range r.assumptions {
		if a.Source != "" {
			at = append(at, ad.sourceAt(a.Source))
		}
	}
	for _, bs := range p.Stage.BySource {
		at = append(at, ad.sourceAt(bs.Source))
	}
	for _, c := range p.Components {
		if comp, ok := ad.kb.Component(c.ID); ok {
			for _, s := range comp.Sources {
				at = append(at, ad.sourceAt(s))
			}
		}
	}
	for _, s := range ad.kb.Stages[p.Stage.Number].Sources {
		at = append(at, ad.sourceAt(s))
	}
	return ad.sourcesAt(at)
}

// InputError is a problem with what the person asked for besides the
// answers (a what-if id, a horizon): exit code 2, like a bad answer.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErr(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// IsInputError reports whether err is the person's to fix (a bad answer or
// request) rather than a broken knowledge base.
func IsInputError(err error) bool {
	var ie *InputError
	_, isAnswer := answers.AsError(err)
	return errors.As(err, &ie) || isAnswer
}

func breaksFirstText(l *Limit, growth float64) string {
	if l.AtLoadX < 1 {
		return fmt.Sprintf("what breaks first: already at today's peak the limit is %s; %s", l.Says, l.Fix)
	}
	return fmt.Sprintf("what breaks first: %s, the limit is %s; then %s", l.When(growth), l.Says, l.Fix)
}

// loadMultiple writes a load multiple as people read it: 2.3x, 14x, 1,008x.
func loadMultiple(x float64) string {
	if x >= 10 {
		return human.Count(x) + "x"
	}
	return fmt.Sprintf("%.1fx", x)
}
