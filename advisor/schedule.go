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

// The schedule is the one month-by-month computation behind every date and
// load multiple a plan shows: the next stage's and each deferred
// component's in_months and at_load_x, the limit that breaks first, the
// stage boundaries, and the timeline's milestones and runway.
//
// Month m is the system with today's traffic times (1+growth)^m and the
// data stored by then (today's plus each earlier month's writes). A target
// (a stage, a component, one of today's limits) is dated by the first month
// it is needed, and its load multiple is the traffic multiple of that
// month. A target the months do not reach by MaxHorizonMonths keeps the
// traffic multiple at which it is needed with today's data, found on the
// same plans by a search over traffic alone.
//
// Without growth only the stored data changes from month to month, and it
// only grows, so the months are visited by bisection: the same first
// months as one by one, for a handful of plans instead of 120.

// targetKind is what a target is.
type targetKind uint8

const (
	targetStage     targetKind = iota // the system is at a stage or past it
	targetComponent                   // the plan includes a component
	targetLimit                       // the load on one of today's limits passes today's capacity
)

// target is something the schedule dates.
type target struct {
	kind  targetKind
	stage int               // for stages: the stage number
	comp  string            // for components: the component id
	rules []*knowledge.Rule // for components: its rules, looked up once
	limit *limitCapacity    // for limits
	// guess is where the load search looks first: the multiple at which
	// the knowledge base's trigger for the target reaches its threshold
	// (0 when there is none). It speeds the search up; the answer is
	// always what the plans show.
	guess float64
	// guesses, when set, are more places to look first (every way into
	// a stage gives one), tried from the lowest; guess is the lowest.
	guesses []float64
	// worded targets (a component whose trigger is in words) are dated by
	// the months alone: the load search gives no multiple for them.
	worded bool
	// where, when set, keeps the system where the target is found, to
	// word what brought it (foundAt); placed says it holds one.
	where  *expression.Env
	placed bool
}

// Loads a target is found at, besides a multiple of today's traffic.
const (
	atAnyLoad    = 0  // at every load down to MinLoadX: stages other answers put the system in
	notByTraffic = -1 // not within MaxLoadX times today's traffic
)

// found is when a target is first needed.
type found struct {
	month int // first month of the walk that needs it; -1 when none by MaxHorizonMonths
	// loadX is the traffic multiple of that month or, without a month, the
	// multiple at which it is needed with today's data: atAnyLoad or
	// notByTraffic otherwise.
	loadX float64
	// The system there: users, peak and stage (unset with atAnyLoad or
	// notByTraffic).
	users, peak float64
	stage       int
}

// dated reports whether the target has a month.
func (f found) dated() bool { return f.month >= 0 }

// point is the system at one point of a walk: what the rules see there,
// with its stage decided.
type point struct {
	env   *expression.Env
	stage int
}

// sample is what the schedule keeps of a point once its targets have
// learnt from it: where it lies on its axis (a load multiple or a month),
// its users, peak and stage.
type sample struct {
	at          float64
	users, peak float64
	stage       int
}

func sampleOf(at float64, p point) sample {
	return sample{at, p.env.Users, p.env.PeakRPS, p.stage}
}

// find is the sample at at, if there is one.
func find(ss []sample, at float64) (sample, bool) {
	for _, x := range ss {
		if x.at == at {
			return x, true
		}
	}
	return sample{}, false
}

// schedule dates targets for the system a describes. With horizon > 0 and
// growth, it also builds the timeline over horizon months.
type schedule struct {
	ad       *Advisor
	a        answers.Answers
	growth   float64 // percent a month
	today    point
	dec      Decision // storage for the points decided
	dataGB   float64  // today's stored data
	perMonth float64  // GB a month today's writes add
	maxData  float64
	// Files in object storage, likewise: billed as stored, so each month
	// keeps those of the months before.
	objectGB, objectsPerMonth, maxObjects float64
	// Rows and files are kept for the retention period, so neither store
	// grows past what the retention holds at today's rates.
	dataAtRetention, objectsAtRetention float64
	targets                             []target
	found                               []found
	timeline                            *Timeline
	limits                              []limitCapacity // today's limits with today's capacities
	// The load search (byTraffic): the points probed, its answer for each
	// target, what the points say of each target, and the targets under
	// search.
	byLoad    []sample
	loadX     []float64
	loadKnown []known
	loadSet   []int
	order     []int // loadSet in search order
	// The month search without growth (bisectMonths), likewise.
	byMonth    []sample
	monthKnown []known
	monthSet   []int
	// decided are the points decided so far. Probes often land on answers
	// decided already (traffic held at its limit is the same point for
	// every multiple past it; where a target was found was probed to find
	// it), and take the decision made then.
	decided []decidedPoint
}

// decidedPoint is a point the schedule decided: its answers, with key to
// find them fast, and what the rules saw there.
type decidedPoint struct {
	key uint64
	a   answers.Answers
	env expression.Env
}

// newSchedule starts a schedule for a and measures today's limits. today
// is what the rules see for a, with its stage, when the caller has decided
// it already; nil to decide it here.
func (ad *Advisor) newSchedule(a answers.Answers, today *expression.Env) (*schedule, error) {
	// One schedule per advisor, its storage reused: a plan makes one.
	s := ad.sched
	if s == nil {
		s = &schedule{}
		ad.sched = s
	}
	*s = schedule{ad: ad, a: a, maxData: math.Inf(1), maxObjects: math.Inf(1), targets: s.targets[:0], limits: s.limits[:0],
		found: s.found[:0], byLoad: s.byLoad[:0], loadX: s.loadX[:0], loadKnown: s.loadKnown[:0],
		byMonth: s.byMonth[:0], monthKnown: s.monthKnown[:0], loadSet: s.loadSet[:0], monthSet: s.monthSet[:0], order: s.order[:0],
		dec: s.dec, decided: s.decided[:0]}
	if today == nil {
		p, err := s.pointAt(a)
		if err != nil {
			return nil, err
		}
		env := *p.env
		today = &env
	}
	s.today = point{today, int(today.Stage)}
	env := today
	s.growth, s.dataGB = env.Growth, env.DataGB
	s.perMonth = env.Estimates.NewDataGBPerDay * estimators.DaysPerMonth
	if c, ok := ad.kb.Constant(answers.DataGB.Max); ok {
		s.maxData = c.Value
	}
	s.objectGB, s.objectsPerMonth = env.ObjectGB, env.Estimates.NewObjectGBPerDay*estimators.DaysPerMonth
	s.dataAtRetention, s.objectsAtRetention = env.Estimates.DataGBAtRetention, env.Estimates.ObjectGBAtRetention
	if c, ok := ad.kb.Constant(answers.ObjectGB.Max); ok {
		s.maxObjects = c.Value
	}
	s.byLoad = append(s.byLoad, sampleOf(1, s.today))
	s.byMonth = append(s.byMonth, sampleOf(0, s.today))
	for i := range ad.kb.Limits {
		l := &ad.kb.Limits[i]
		ok, err := l.AppliesTo(&ad.m, env)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		load, capacity, err := l.Load(&ad.m, env)
		if err != nil {
			return nil, err
		}
		if capacity > 0 {
			headroom := math.Inf(1)
			if load > 0 {
				headroom = capacity / load
			}
			s.limits = append(s.limits, limitCapacity{l, capacity, headroom})
		}
	}
	return s, nil
}

// limitCapacity is one of today's limits with the capacity today's
// architecture has against it, and its headroom: that capacity over
// today's load (+Inf without load today).
type limitCapacity struct {
	l        *knowledge.Limit
	capacity float64
	headroom float64
}

// dateLimits makes each of today's limits a target, for the runway and
// what breaks first.
func (s *schedule) dateLimits() {
	for i := range s.limits {
		s.targets = append(s.targets, target{kind: targetLimit, limit: &s.limits[i]})
	}
}

// firstLimit is the target of the limit passed first: in the earliest
// month, and of those the one with the least headroom today; -1 when none
// is passed by month within.
func (s *schedule) firstLimit(within int) int {
	best := -1
	for i := range s.targets {
		t, f := &s.targets[i], s.found[i]
		if t.kind != targetLimit || !f.dated() || f.month > within {
			continue
		}
		if best < 0 || f.month < s.found[best].month ||
			f.month == s.found[best].month && t.limit.headroom < s.targets[best].limit.headroom {
			best = i
		}
	}
	return best
}

// pointAt decides answers a as Advise decides them, numbers only, and
// keeps what the rules saw there for as long as the schedule. The stage
// alone at the target's resilience level would not do: a level is
// raised when the parts do not compose to the target, and a fleet without
// spares composes lower the larger it grows, so the components are
// decided at every point.
//
// Answers decided before in this schedule are not decided again: the
// decision is a function of the answers, so the one made then stands.
func (s *schedule) pointAt(a answers.Answers) (point, error) {
	key := answersKey(&a)
	for i := range s.decided {
		if d := &s.decided[i]; d.key == key && sameAnswers(&d.a, &a) {
			// Forget the machine's binding, as a decision would: the
			// storage of a schedule's points is reused from plan to plan.
			s.ad.m.Reset()
			return point{&d.env, int(d.env.Stage)}, nil
		}
	}
	s.ad.unpriced = true
	env, err := s.ad.decide(a, &s.dec)
	s.ad.unpriced = false
	if err != nil {
		return point{}, err
	}
	s.decided = append(s.decided, decidedPoint{key: key, a: a, env: *env})
	d := &s.decided[len(s.decided)-1]
	return point{&d.env, int(d.env.Stage)}, nil
}

// answersKey mixes the bits of a's numeric answers, which tell the
// schedule's points apart (the traffic and the data stored), as FNV-1a
// mixes bytes.
func answersKey(a *answers.Answers) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, f := range answers.Fields {
		if v, ok := a.Value(f); ok {
			h = (h ^ math.Float64bits(v)) * prime
		}
	}
	return h
}

// sameAnswers reports whether a and b are the same answers, numbers equal
// bit for bit (0 and -0 are not the same number to divide by).
func sameAnswers(a, b *answers.Answers) bool {
	if !a.Equal(b) {
		return false
	}
	for _, f := range answers.Fields {
		x, _ := a.Value(f)
		y, _ := b.Value(f)
		if math.Float64bits(x) != math.Float64bits(y) {
			return false
		}
	}
	return true
}

// has reports whether the system at p needs target t.
func (s *schedule) has(p point, t *target) (bool, error) {
	ad := s.ad
	switch t.kind {
	case targetStage:
		return p.stage >= t.stage, nil
	case targetComponent:
		if t.rules == nil {
			t.rules = ad.kb.RulesFor(t.comp)
		}
		return ad.includes(t.rules, p.env)
	}
	load, _, err := t.limit.l.Load(&ad.m, p.env)
	return err == nil && load > t.limit.capacity, err
}

// includes reports whether a plan with env would include the component
// whose rules these are: its first needed rule gives it at least one unit,
// as Advise counts them.
func (ad *Advisor) includes(rules []*knowledge.Rule, env *expression.Env) (bool, error) {
	for _, rule := range rules {
		needed, err := rule.Needed(&ad.m, env)
		if err != nil {
			return false, err
		}
		if needed {
			n, err := rule.Units(&ad.m, env)
			return math.Ceil(n) > 0, err
		}
	}
	return false, nil
}

// monthX is the traffic multiple of month m.
func (s *schedule) monthX(m int) float64 {
	return math.Pow(1+s.growth/100, float64(m))
}

// atLoad is the system with today's traffic times x and today's data. A
// new point teaches every target under the load search whether it is
// needed there.
func (s *schedule) atLoad(x float64) (sample, error) {
	p0, seen := find(s.byLoad, x)
	if seen && s.knows(s.loadSet, s.loadKnown, p0) {
		return p0, nil
	}
	p, err := s.pointAt(s.loadAnswers(x))
	if err != nil {
		return sample{}, err
	}
	if !seen {
		s.byLoad = append(s.byLoad, sampleOf(x, p))
	}
	return sampleOf(x, p), s.learn(p, x, s.loadSet, s.loadKnown)
}

// steadyMonth is month m without growth: today's traffic with m months of
// today's writes stored, added up as the walk with growth adds them. A new
// point teaches every target under the month search whether it is needed
// then.
func (s *schedule) steadyMonth(m int) (sample, error) {
	p0, seen := find(s.byMonth, float64(m))
	if seen && s.knows(s.monthSet, s.monthKnown, p0) {
		return p0, nil
	}
	p, err := s.pointAt(s.steadyAnswers(m))
	if err != nil {
		return sample{}, fmt.Errorf("month %d: %w", m, err)
	}
	if !seen {
		s.byMonth = append(s.byMonth, sampleOf(float64(m), p))
	}
	return sampleOf(float64(m), p), s.learn(p, float64(m), s.monthSet, s.monthKnown)
}

// steadyAnswers are the answers of month m without growth: today's
// traffic with m months of its rows and files stored.
func (s *schedule) steadyAnswers(m int) answers.Answers {
	data, objects := s.dataGB, s.objectGB
	for range m {
		data = min(data+s.perMonth, s.maxData, s.dataAtRetention)
		objects = min(objects+s.objectsPerMonth, s.maxObjects, s.objectsAtRetention)
	}
	b := s.a
	b.SetValue(answers.DataGB, data)
	b.SetValue(answers.ObjectGB, objects)
	return b
}

// loadAnswers are the answers of the system with today's traffic times x
// and today's data.
func (s *schedule) loadAnswers(x float64) answers.Answers {
	b := s.ad.scaled(s.a, x)
	b.SetValue(answers.DataGB, s.dataGB)
	return b
}

// foundAt is the system where target i was found, with its stage
// decided: the month that first needs it, else the load at which it is
// needed with today's data; nil when neither is known.
func (s *schedule) foundAt(i int) (*expression.Env, error) {
	t, f := &s.targets[i], s.found[i]
	if t.placed {
		return t.where, nil
	}
	var b answers.Answers
	switch {
	case f.dated() && s.growth <= 0:
		b = s.steadyAnswers(f.month)
	case !f.dated() && f.loadX > 0:
		b = s.loadAnswers(f.loadX)
	default:
		return nil, nil // a month with growth is kept by the walk
	}
	p, err := s.pointAt(b)
	if err != nil {
		return nil, err
	}
	return p.env, nil
}

// knows reports whether every target in set has learnt from sample p,
// teaching stage targets what its stage says (a sample keeps no more).
func (s *schedule) knows(set []int, k []known, p sample) bool {
	all := true
	for _, i := range set {
		switch t := &s.targets[i]; {
		case k[i].with <= p.at || k[i].without >= p.at:
		case t.kind == targetStage:
			k[i].add(p.at, p.stage >= t.stage)
		default:
			all = false
		}
	}
	return all
}

// known is what the points probed so far say about one target along one
// axis (load multiples or months): the smallest probed with it, and the
// largest probed without it below that. A need that arrives with load or
// stored data stays as they grow, so the answer lies between the two; the
// few that hand over to another as load grows (a session store folding
// into the cache) are held by floor, the highest point known to be
// without the target for certain, which the bracket falls back to when a
// point with the target turns up below one without it.
type known struct{ without, with, floor float64 }

// learn records, for each target in set, whether it is needed at p, which
// lies at x on the axis of k.
func (s *schedule) learn(p point, x float64, set []int, k []known) error {
	for _, i := range set {
		ok, err := s.has(p, &s.targets[i])
		if err != nil {
			return err
		}
		k[i].add(x, ok)
	}
	return nil
}

// add records that the target is needed at x, or not.
func (k *known) add(x float64, needed bool) {
	switch {
	case needed && x < k.with:
		k.with = x
		if k.without >= x {
			k.without = k.floor
		}
	case !needed && x < k.with:
		k.without = max(k.without, x)
	}
}

// run dates every target by the months, then gives each the months do
// not reach the load at which it is needed; a limit no month passes keeps
// its headroom today instead (schedulePlan).
func (s *schedule) run(horizon int) error {
	s.found = resize(s.found, len(s.targets))
	for i := range s.found {
		s.found[i] = found{month: -1, loadX: notByTraffic}
	}
	// Today first: what is needed already is dated month 0.
	for i := range s.targets {
		ok, err := s.has(s.today, &s.targets[i])
		if err != nil {
			return err
		}
		if ok {
			s.mark(i, 0, s.byMonth[0])
		}
	}
	var err error
	switch {
	case s.growth > 0:
		err = s.walk(horizon)
	case s.perMonth > 0 || s.objectsPerMonth > 0:
		err = s.bisectMonths()
	}
	if err != nil {
		return err
	}
	undated := s.loadSet[:0]
	for i := range s.targets {
		if !s.found[i].dated() && s.targets[i].kind != targetLimit && !s.targets[i].worded {
			undated = append(undated, i)
		}
	}
	if err := s.byTraffic(undated); err != nil {
		return err
	}
	for _, i := range undated {
		s.found[i].loadX = s.loadX[i]
	}
	return nil
}

// mark dates target i at month m, where the system is p.
func (s *schedule) mark(i, m int, p sample) {
	s.found[i] = found{month: m, loadX: s.monthX(m), users: p.users, peak: p.peak, stage: p.stage}
}

// walk plays the months one by one: up to the horizon as whole plans for
// the timeline (when asked for one), then on, up to MaxHorizonMonths, until
// every target is dated.
func (s *schedule) walk(horizon int) error {
	ad := s.ad
	var prev, d Decision // the two swap storage each month
	var tl *Timeline
	if horizon > 0 {
		env, err := ad.decide(s.a, &d)
		if err != nil {
			return err
		}
		tl = &Timeline{GrowthPct: s.growth, Months: horizon, Points: []Month{monthOf(0, &d, env.DataGB)}, Milestones: []Milestone{}}
		s.timeline = tl
	}
	left := 0
	for i := range s.found {
		if !s.found[i].dated() {
			left++
		}
	}
	data, perMonth := s.dataGB, s.perMonth
	// Files in object storage pile up as the rows do, and are billed as
	// stored: each month's plan keeps those of the months before.
	objects, objectsPerMonth, maxObjects := s.objectGB, s.objectsPerMonth, s.maxObjects
	// Each month's additions, to drop those past the retention period of
	// n+f months: month m-n leaves by 1-f of itself, month m-n-1 by the
	// rest, so a steady rate keeps exactly the retention's worth.
	var rows, files [MaxHorizonMonths + 1]float64
	n, f := math.Modf(s.today.env.RetentionYears * 12)
	leave := func(added *[MaxHorizonMonths + 1]float64, m int) float64 {
		var out float64
		if k := m - int(n); k >= 1 && k <= MaxHorizonMonths {
			out += (1 - f) * added[k]
		}
		if k := m - int(n) - 1; k >= 1 && k <= MaxHorizonMonths {
			out += f * added[k]
		}
		return out
	}
	for m := 1; m <= MaxHorizonMonths && (m <= horizon || left > 0); m++ {
		rows[m], files[m] = perMonth, objectsPerMonth
		data = min(max(0, data+perMonth-leave(&rows, m)), s.maxData)
		objects = min(max(0, objects+objectsPerMonth-leave(&files, m)), maxObjects)
		b := ad.scaled(s.a, s.monthX(m))
		b.SetValue(answers.DataGB, data)
		b.SetValue(answers.ObjectGB, objects)
		var p point
		var err error
		if m <= horizon {
			prev, d = d, prev
			env, err := ad.decide(b, &d)
			if err != nil {
				return fmt.Errorf("month %d of growth: %w", m, err)
			}
			p = point{env, d.Stage.Number}
			tl.Points = append(tl.Points, monthOf(m, &d, data))
			s.milestones(m, &prev, &d)
		} else if p, err = s.pointAt(b); err != nil {
			return fmt.Errorf("month %d of growth: %w", m, err)
		}
		perMonth = p.env.Estimates.NewDataGBPerDay * estimators.DaysPerMonth
		objectsPerMonth = p.env.Estimates.NewObjectGBPerDay * estimators.DaysPerMonth
		for i := range s.targets {
			if s.found[i].dated() {
				continue
			}
			ok, err := s.has(p, &s.targets[i])
			if err != nil {
				return err
			}
			if ok {
				s.mark(i, m, sampleOf(float64(m), p))
				if t := &s.targets[i]; t.where != nil {
					*t.where, t.placed = *p.env, true
				}
				left--
			}
		}
	}
	if tl == nil {
		return nil
	}
	// The runway ends at the first of today's limits passed: the limit
	// that breaks first (schedulePlan), when it is within the horizon. The
	// plan changes before that, at the thresholds that bring each
	// component (a share of a capacity), and the milestones say when.
	if i := s.firstLimit(horizon); i >= 0 {
		l := s.targets[i].limit.l
		fix, err := l.Remedy(&ad.m, s.today.env)
		if err != nil {
			return err
		}
		m := s.found[i].month
		tl.Runway = &Runway{Months: m, Kind: MilestoneLimit, ID: l.ID, LimitID: l.ID, Says: l.Says, Fix: fix}
		tl.Milestones = append(tl.Milestones, Milestone{Month: m, Kind: MilestoneLimit, ID: l.ID, Name: l.Says})
	}
	// Keep month order, with the runway's end after the other events of its month.
	sortMilestones(tl.Milestones)
	return nil
}

// monthOf is month m's point of the timeline. Its users are people, so
// whole: today's times a compounded rate is not.
func monthOf(m int, d *Decision, dataGB float64) Month {
	return Month{Month: m, Users: math.Round(d.Inputs.Users), PeakRPS: d.Inputs.PeakRPS, DataGB: dataGB, ObjectGB: d.Inputs.ObjectGB,
		Shards: d.Estimates.Shards, MonthlyUSD: d.MonthlyUSD, StageID: d.Stage.ID, StageNumber: d.Stage.Number}
}

// milestones adds month m's stages reached and components added to the
// timeline.
func (s *schedule) milestones(m int, prev, cur *Decision) {
	tl := s.timeline
	for k := prev.Stage.Number + 1; k <= cur.Stage.Number; k++ {
		st := &s.ad.kb.Stages[k]
		tl.Milestones = append(tl.Milestones, Milestone{Month: m, Kind: MilestoneStage, ID: st.ID, Name: st.Name})
	}
	for _, c := range cur.Components {
		if !decisionHas(*prev, c.ID) {
			tl.Milestones = append(tl.Milestones, Milestone{Month: m, Kind: MilestoneComponent, ID: c.ID, Name: c.Name})
		}
	}
}

// bisectMonths dates targets without growth: each month differs from the
// one before only by a month of writes stored, so a target the last month
// needs is first needed at a month found by bisection.
func (s *schedule) bisectMonths() error {
	s.monthKnown = resize(s.monthKnown, len(s.targets))
	for i := range s.targets {
		if !s.found[i].dated() {
			s.monthSet = append(s.monthSet, i)
			s.monthKnown[i] = known{without: 0, with: math.Inf(1), floor: 0}
		}
	}
	defer func() { s.monthSet = s.monthSet[:0] }()
	if len(s.monthSet) == 0 {
		return nil
	}
	if _, err := s.steadyMonth(MaxHorizonMonths); err != nil {
		return err
	}
	for _, i := range s.monthSet {
		k := &s.monthKnown[i]
		if math.IsInf(k.with, 1) {
			continue // not even in the last month
		}
		for k.with-k.without > 1 {
			if _, err := s.steadyMonth(int(k.without+k.with) / 2); err != nil {
				return err
			}
		}
		m := int(k.with)
		at, _ := find(s.byMonth, k.with)
		s.mark(i, m, at)
	}
	return nil
}

// loadTolerance is the step of the grid of load multiples the load search
// answers on, 1.001^n: the multiple it gives is within 0.1% above the
// last one without the target.
const loadTolerance = 1.001

// loadStride is the step by which the load search climbs past the
// points it knows to be without a target. Against doubling, it costs one
// more bisection step for a target it finds and saves two of every three
// climbing steps, all of them for a target no load brings (a read replica
// once the shards take the reads). A need that comes and goes within one
// stride is missed; doubling missed those within one doubling.
const loadStride = 8

// grid is the n-th multiple of the load search's grid.
func grid(n int) float64 {
	return min(max(math.Pow(loadTolerance, float64(n)), MinLoadX), MaxLoadX)
}

// gridBelow is the largest n with grid(n) <= x; gridAbove the smallest
// with grid(n) >= x.
func gridBelow(x float64) int {
	n := int(math.Floor(math.Log(x) / math.Log(loadTolerance)))
	for grid(n+1) <= x && grid(n+1) > grid(n) {
		n++
	}
	for grid(n) > x {
		n--
	}
	return n
}

func gridAbove(x float64) int {
	n := int(math.Ceil(math.Log(x) / math.Log(loadTolerance)))
	for grid(n-1) >= x && grid(n-1) < grid(n) {
		n--
	}
	for grid(n) < x {
		n++
	}
	return n
}

// byTraffic finds, for each target in set, the traffic multiple at which
// it is needed with today's data (s.loadX): the first multiple on the grid
// where the plan needs it. For one needed today that is where it began,
// below today's load (atAnyLoad when it is needed down to MinLoadX). For
// one ahead, the search tries the grid points either side of its
// trigger's multiple, then multiplies by loadStride from the highest multiple known
// without it (notByTraffic past MaxLoadX) and bisects. Every point probed
// teaches every target in set, so targets that arrive together cost the
// plans of one; as needs only grow with load, the answer is the same
// whichever targets are searched together, and a higher stage never
// begins below a lower one.
func (s *schedule) byTraffic(set []int) error {
	if len(s.loadX) != len(s.targets) {
		s.loadX = resize(s.loadX, len(s.targets))
		s.loadKnown = resize(s.loadKnown, len(s.targets))
	}
	s.loadSet = set
	defer func() { s.loadSet = set[:0] }()
	for _, i := range set {
		s.loadKnown[i] = known{without: 0, with: math.Inf(1)}
		if s.found[i].month != 0 {
			s.loadKnown[i].floor = 1 // not needed today
		}
	}
	// What the points so far say: today, and what the stages of any
	// probed before say of stage targets.
	if err := s.learn(s.today, 1, set, s.loadKnown); err != nil {
		return err
	}
	for _, p := range s.byLoad {
		s.knows(set, s.loadKnown, p)
	}
	// The next stage first: components often wait for it, and what its
	// search learns brackets theirs. Then the lowest trigger multiple
	// first: what it learns on the way narrows the search for those that
	// come later.
	s.order = append(s.order[:0], set...)
	order := s.order
	slices.SortStableFunc(order, func(i, j int) int {
		ti, tj := &s.targets[i], &s.targets[j]
		return cmp.Or(cmp.Compare(stageOrder(ti.kind), stageOrder(tj.kind)), cmp.Compare(guessOrder(ti.guess), guessOrder(tj.guess)))
	})
	for _, i := range order {
		if err := s.searchLoad(i); err != nil {
			return err
		}
	}
	return nil
}

// stageOrder sorts stage targets first.
func stageOrder(k targetKind) int {
	if k == targetStage {
		return 0
	}
	return 1
}

// guessOrder sorts targets without a trigger multiple after those with one.
func guessOrder(g float64) float64 {
	if g <= 1 {
		return math.Inf(1)
	}
	return g
}

// searchLoad is byTraffic for target i.
func (s *schedule) searchLoad(i int) error {
	t, k := &s.targets[i], &s.loadKnown[i]
	// has reports whether the target is needed at x, probing only when
	// the points so far do not say.
	has := func(x float64) (bool, error) {
		if k.with > x && k.without < x {
			if _, err := s.atLoad(x); err != nil {
				return false, err
			}
		}
		return k.with <= x, nil
	}
	// Try the grid points either side of the trigger's multiple first;
	// with several, each in turn from the lowest until one has it. A
	// guess outside what the points so far bracket teaches nothing.
	try := func(g float64) (bool, error) {
		if k.with <= g || k.without >= g || g <= 1 || g >= MaxLoadX {
			return false, nil
		}
		n := gridAbove(g)
		at, err := has(grid(n))
		if err != nil || !at {
			return false, err
		}
		_, err = has(grid(n - 1))
		return true, err
	}
	if len(t.guesses) == 0 {
		if _, err := try(t.guess); err != nil {
			return err
		}
	}
	if len(t.guesses) > 0 {
		slices.Sort(t.guesses)
	}
	for _, g := range t.guesses {
		at, err := try(g)
		if err != nil {
			return err
		}
		if at {
			break
		}
	}
	if k.with <= 1 {
		for k.without == 0 {
			x := k.with / 2
			if x < MinLoadX {
				s.loadX[i] = atAnyLoad
				return nil
			}
			if _, err := s.atLoad(x); err != nil {
				return err
			}
		}
	} else {
		for math.IsInf(k.with, 1) {
			if k.without >= MaxLoadX {
				s.loadX[i] = notByTraffic
				return nil
			}
			if _, err := s.atLoad(min(loadStride*k.without, MaxLoadX)); err != nil {
				return err
			}
		}
	}
	lo, hi := gridBelow(k.without), gridAbove(k.with)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		x := grid(mid)
		with, without := k.with, k.without
		if _, err := s.atLoad(x); err != nil {
			return err
		}
		// Usually the probe moves one end to mid; points learnt on the way,
		// or a need that went away higher up, can move either elsewhere.
		switch {
		case k.with == with:
		case k.with == x:
			hi = mid
		default:
			hi = gridAbove(k.with)
		}
		switch {
		case k.without == without:
		case k.without == x:
			lo = mid
		default:
			lo = gridBelow(k.without)
		}
	}
	s.loadX[i] = grid(hi)
	return nil
}

// resize is xs with n zero elements, in its own storage when that is enough.
func resize[T any](xs []T, n int) []T {
	xs = slices.Grow(xs[:0], n)[:n]
	clear(xs)
	return xs
}
