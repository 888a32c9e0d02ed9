package advisor

import (
	"fmt"
	"math"
	"slices"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Availability is the target, the downtime it allows, and what the plan's
// parts compose to by the providers' SLAs (docs/availability.md).
type Availability struct {
	TargetPct               float64 `json:"target_pct" yaml:"target_pct"`
	Nines                   float64 `json:"nines" yaml:"nines"`
	DowntimeMinutesPerMonth float64 `json:"downtime_minutes_per_month" yaml:"downtime_minutes_per_month"`
	DowntimeHoursPerYear    float64 `json:"downtime_hours_per_year" yaml:"downtime_hours_per_year"`
	// What the parts on a request's path compose to: managed services and
	// standby pairs count once, fleets while the servers the load needs are
	// up, partitions by the one a user reaches, regions as a failover pair.
	ComposedPct                     float64 `json:"composed_pct" yaml:"composed_pct"`
	ComposedNines                   float64 `json:"composed_nines" yaml:"composed_nines"`
	ComposedDowntimeMinutesPerMonth float64 `json:"composed_downtime_minutes_per_month" yaml:"composed_downtime_minutes_per_month"`
	MeetsTarget                     bool    `json:"meets_target" yaml:"meets_target"`
	// Verdict says in a sentence whether the plan meets its target, what
	// it took, or what would: every rendering shows these words.
	Verdict    string             `json:"verdict" yaml:"verdict"`
	Resilience Resilience         `json:"resilience" yaml:"resilience"`
	Weakest    string             `json:"weakest" yaml:"weakest"` // id of the part that lowers the whole most
	Parts      []AvailabilityPart `json:"parts" yaml:"parts"`
	Regions    *RegionFailover    `json:"regions" yaml:"regions"` // how regions back each other up; null in one region
	NotCounted []NotCounted       `json:"not_counted" yaml:"not_counted"`
}

// Resilience is the level of redundancy a plan is built at, and why.
type Resilience struct {
	Level int    `json:"level" yaml:"level"` // 0 one zone, 1 two zones, 2 two regions
	ID    string `json:"id" yaml:"id"`
	Name  string `json:"name" yaml:"name"`
	Adds  string `json:"adds" yaml:"adds"`
	// TargetLevel is the level the target alone asks for; the plan is at a
	// higher one when the parts composed below the target there, or when
	// its stage brings one.
	TargetLevel int    `json:"target_level" yaml:"target_level"`
	Why         string `json:"why" yaml:"why"`
}

// AvailabilityPart is one part of a request's path and the availability it
// brings (resilience.yaml).
type AvailabilityPart struct {
	ID    string `json:"id" yaml:"id"`     // component id
	Name  string `json:"name" yaml:"name"` // component name
	Units string `json:"units" yaml:"units"`
	// Count is the units composed: a fleet's servers (in each region, when
	// per_region), the partitions, the regions, or 1.
	Count   float64 `json:"count" yaml:"count"`
	Needed  float64 `json:"needed" yaml:"needed"`     // a fleet's servers the load needs at full load; 0 for other units
	UnitPct float64 `json:"unit_pct" yaml:"unit_pct"` // one unit's availability (its SLA)
	Pct     float64 `json:"pct" yaml:"pct"`           // the part's availability, as one user sees it
	// SharePct is the percent of users one unit's failure reaches: 100/n
	// for n partitions, 0 for a fleet with a spare for it, 100 otherwise.
	SharePct        float64 `json:"share_pct" yaml:"share_pct"`
	FailoverSeconds float64 `json:"failover_seconds" yaml:"failover_seconds"` // a standby's takeover; 0 without one
	PerRegion       bool    `json:"per_region" yaml:"per_region"`             // composed inside each region of a multi-region plan
	Basis           string  `json:"basis" yaml:"basis"`
	Improve         string  `json:"improve" yaml:"improve"` // what would raise it; "" when nothing in reach
	Source          string  `json:"source" yaml:"source"`
}

// RegionFailover is how the regions of a multi-region plan back each other
// up: every write goes to one home region, and when a region fails DNS
// health checks move its users while a replica elsewhere is promoted for
// the writes.
type RegionFailover struct {
	Mode    string  `json:"mode" yaml:"mode"` // active-active (every region serves its users) or active-passive (a standby region)
	Regions float64 `json:"regions" yaml:"regions"`
	Writes  string  `json:"writes" yaml:"writes"` // where writes go, in words
	// RegionPct is what one region's stack composes to; Pct what the
	// regions together do, which never passes CapPct.
	RegionPct        float64 `json:"region_pct" yaml:"region_pct"`
	FailoverSeconds  float64 `json:"failover_seconds" yaml:"failover_seconds"`   // DNS health checks and TTL: every request
	PromotionSeconds float64 `json:"promotion_seconds" yaml:"promotion_seconds"` // a replica's promotion: writes
	// FailoverMinutesPerMonth is the downtime failovers cost a month, writes
	// weighed by their share of requests.
	FailoverMinutesPerMonth float64 `json:"failover_minutes_per_month" yaml:"failover_minutes_per_month"`
	CapPct                  float64 `json:"cap_pct" yaml:"cap_pct"` // the multi-region design target: regions do not fail independently
	Pct                     float64 `json:"pct" yaml:"pct"`
	Basis                   string  `json:"basis" yaml:"basis"`
}

// NotCounted is a component of the plan that a request does not pass
// through, and why.
type NotCounted struct {
	ID   string `json:"id" yaml:"id"`
	Name string `json:"name" yaml:"name"`
	Why  string `json:"why" yaml:"why"`
}

// Region modes.
const (
	ActiveActive  = "active-active"
	ActivePassive = "active-passive"
)

// UnitsRegions is how the regions part of a multi-region plan composes.
const UnitsRegions = "regions"

// maxNines bounds the nines reported, so a plan of perfect parts stays a
// finite number in JSON.
const maxNines = 12

// met is the tolerance of the target check: a composition equal to the
// target in decimal meets it in binary too.
const met = 1e-9

// levelPath is how a plan arrived at its resilience level.
type levelPath struct {
	target, level float64 // what the target asks for; what the plan is built at
	byStage       bool    // the stage brought the level
	below         float64 // when raised: what the parts composed to one level down
}

// architecture decides the stage and the components at the lowest
// resilience level, from the one the target asks for, whose parts compose
// to the target: a level that falls short is raised and the plan decided
// again, up to the top level. A stage that brings a level of its own
// raises it too. Only the pass that may be the last renders text (unless
// the caller wants numbers only): once the stage's level is settled, the
// first full pass does; after a shortfall the search goes on without text
// and the level found is decided once more with it. What the rules saw is
// left in env.
func (ad *Advisor) architecture(p *Plan, r resolved, cat *knowledge.Catalog, env *expression.Env) (levelPath, error) {
	kb := ad.kb
	top := float64(len(estimators.ResilienceLevels) - 1)
	path := levelPath{target: estimators.StartLevel(r.in.Availability, kb.Capacity)}
	path.level = path.target
	*env = expression.Env{Inputs: r.in}
	quiet := ad.quiet
	defer func() { ad.quiet = quiet }()
	// Each level's estimates are worked out once: the stage alone and the
	// full pass after it see the same ones. estimated is the level they
	// are at (-1 before any).
	estimated := -1.0
	estimate := func() {
		if estimated == path.level {
			return
		}
		env.Estimates = estimators.EstimateAt(r.in, kb.Capacity, path.level)
		estimated = path.level
		ad.m.Reset()
	}
	// decide is the full pass at path.level. staged says the stage alone
	// was just decided at it, quietly and with no threshold set, which is
	// what a numbers-only pass would decide again.
	decide := func(words, staged bool) error {
		ad.quiet = !words
		estimate()
		p.Cost.MonthlyUSD, p.NextStage = 0, nil
		if !staged || words {
			env.Stage, env.Threshold = 0, 0
			if err := ad.stage(p, env); err != nil {
				return err
			}
		}
		return ad.components(p, env, cat)
	}
	words := !quiet // whether the next full pass renders text
	for {
		// The stage alone first: a stage that brings a higher level is
		// decided again at it before anything else is worked out.
		ad.quiet = true
		estimate()
		env.Stage = 0
		staged := env.Threshold == 0
		if err := ad.stage(p, env); err != nil {
			return path, err
		}
		if min := kb.Stages[p.Stage.Number].MinLevel(); min > path.level {
			path.level, path.byStage = min, true
			continue
		}
		if err := decide(words, staged); err != nil {
			return path, err
		}
		if path.level >= top {
			break
		}
		pct, err := ad.compose(p, env, nil)
		if err != nil {
			return path, err
		}
		if pct >= r.in.Availability-met {
			break
		}
		path.level, path.byStage, path.below, words = path.level+1, false, pct, false
	}
	if !words && !quiet {
		if err := decide(true, false); err != nil {
			return path, err
		}
	}
	return path, nil
}

// composeAvailability fills p.Availability's composition, the resilience
// level and the verdict, and cites the figures' sources.
func (ad *Advisor) composeAvailability(p *Plan, env *expression.Env, path levelPath) error {
	a := &p.Availability
	a.Parts = make([]AvailabilityPart, 0, 12)
	pct, err := ad.compose(p, env, a)
	if err != nil {
		return err
	}
	a.ComposedPct = pct
	a.ComposedNines = min(estimators.Nines(a.ComposedPct), maxNines)
	a.ComposedDowntimeMinutesPerMonth = estimators.DowntimeSecondsPerMonth(a.ComposedPct) / 60
	a.MeetsTarget = a.ComposedPct >= a.TargetPct-met
	a.Weakest = ""
	if w := weakestPart(a.Parts, false); w != nil {
		a.Weakest = w.ID
	}
	model := &ad.kb.Resilience.Availability
	level := model.Levels[int(path.level)]
	a.Resilience = Resilience{Level: int(path.level), ID: level.ID, Name: level.Name, Adds: level.Adds, TargetLevel: int(path.target)}
	if n := env.Estimates.StackRegions; path.level >= estimators.TwoRegions && n > 2 {
		// The level is counted as a pair of regions that take over from
		// each other (docs/availability.md); its name says how many run.
		a.Resilience.Name = human.Count(n) + " regions"
	} else if path.level < estimators.TwoRegions && a.Regions != nil && a.Regions.Regions >= 2 {
		// The stage runs regions the target does not ask for: each is
		// built at the level, and the name says both.
		a.Resilience.Name = level.Name + " in each of " + human.Count(a.Regions.Regions) + " regions"
	}
	a.Resilience.Why = ad.levelWhy(p, path)
	a.Verdict = ad.verdict(p, path)
	a.NotCounted = make([]NotCounted, 0, len(p.Components))
	for _, c := range p.Components {
		if a.Regions != nil && c.ID == model.RegionRedundancy {
			continue // counted as the regions
		}
		for _, nc := range model.NotCounted {
			if slices.Contains(nc.Components, c.ID) {
				a.NotCounted = append(a.NotCounted, NotCounted{ID: c.ID, Name: c.Name, Why: nc.Why})
			}
		}
		if slices.ContainsFunc(a.Parts, func(pt AvailabilityPart) bool { return pt.ID == c.ID }) {
			continue
		}
		for i := range model.Parts {
			if mp := &model.Parts[i]; mp.Component == c.ID && mp.Otherwise != "" {
				a.NotCounted = append(a.NotCounted, NotCounted{ID: c.ID, Name: c.Name, Why: mp.Otherwise})
				break
			}
		}
	}
	cited := make([]string, 0, 16)
	cite := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(cited, id) {
				cited = append(cited, id)
			}
		}
	}
	for i := range model.Parts {
		mp := &model.Parts[i]
		if slices.ContainsFunc(a.Parts, func(pt AvailabilityPart) bool { return pt.ID == mp.Component && pt.Basis == mp.Basis }) {
			cite(mp.Sources())
		}
	}
	if a.Regions != nil {
		_, _, _, _, sources := model.Regions.Figures()
		cite(sources...)
	}
	p.Sources = ad.withSources(p.Sources, cited)
	return nil
}

// compose works out what the plan's parts compose to, in percent. With a
// non-nil a it also records the parts and the regions in it.
func (ad *Advisor) compose(p *Plan, env *expression.Env, a *Availability) (float64, error) {
	model := &ad.kb.Resilience.Availability
	m := &ad.m
	multi := model.RegionRedundancy != "" && planHas(p, model.RegionRedundancy)
	stacks := 1.0
	if multi {
		stacks = math.Max(2, env.StackRegions)
	}
	global, regional := 1.0, 1.0
	// For each component the first part that applies counts: used marks
	// the parts counted so far (resilience.yaml has fewer than 64).
	var used uint64
	for i := range model.Parts {
		mp := &model.Parts[i]
		if !mp.InUse() || i >= 64 || counted(model.Parts[:i], used, mp.Component) {
			continue
		}
		comp, ok := planComponent(p, mp.Component)
		if !ok || !planHasAll(p, mp.With) {
			continue
		}
		applies, err := mp.Applies(m, env)
		if err != nil {
			return 0, err
		}
		if !applies {
			continue
		}
		used |= 1 << i
		unit, capPct, failover := mp.Figures()
		pct, count, needed, share := unit, 1.0, 0.0, 100.0
		spread := mp.Spread && multi
		switch mp.Units {
		case knowledge.UnitsFleet:
			count = math.Max(1, comp.Count)
			load, err := mp.NeededUnits(m, env)
			if err != nil {
				return 0, err
			}
			// Spread over the regions, the plan buys a fleet in each:
			// one region's is the count over the stacks, and `needed` is
			// what one region needs.
			if spread {
				count = math.Max(1, math.Floor(count/stacks))
			}
			needed = math.Max(1, math.Ceil(load-met))
			up := estimators.AtLeast(needed, count, unit/100) * 100
			pct = math.Min(up, unit)
			if count >= 2 {
				pct = math.Min(up, capPct)
			}
			if count > needed {
				share = 0
			}
		case knowledge.UnitsPartitioned:
			n, err := mp.PartitionCount(m, env)
			if err != nil {
				return 0, err
			}
			count = math.Max(1, math.Ceil(n))
			share = 100 / count
		}
		if mp.Global {
			global *= pct / 100
		} else {
			regional *= pct / 100
		}
		if a != nil {
			sla, _, _ := mp.Sources()
			a.Parts = append(a.Parts, AvailabilityPart{
				ID: comp.ID, Name: comp.Name, Units: mp.Units, Count: count, Needed: needed, UnitPct: unit, Pct: pct,
				SharePct: share, FailoverSeconds: failover, PerRegion: multi && !mp.Global,
				Basis: mp.Basis, Improve: mp.Improve, Source: sla,
			})
		}
	}
	if !multi {
		return global * regional * 100, nil
	}
	// Regions: writes go to one home region, so the regions back each
	// other up as a pair however many there are. A failover costs the DNS
	// failover for every request and the promotion for writes; the
	// region's SLA downtime is counted as one outage a month, and no more
	// failover time than that downtime.
	failover, promotion, perMonth, capPct, _ := model.Regions.Figures()
	u := 1 - regional
	writes := writeShare(env)
	const month = estimators.DaysPerMonth * estimators.SecondsPerDay
	lost := math.Min(u, perMonth*(failover+writes*promotion)/month)
	together := math.Min(math.Max(0, 1-u*u-lost), capPct/100)
	if a != nil {
		comp, _ := planComponent(p, model.RegionRedundancy)
		mode, writesText := ActivePassive, "every write goes to the home region's primary; the standby region holds an asynchronous replica, promoted when the home region fails"
		if env.Regions >= 2 {
			mode, writesText = ActiveActive, "every region serves its users' reads; every write goes to the home region's primary, and a replica in another region is promoted when the home region fails"
		}
		a.Regions = &RegionFailover{
			Mode: mode, Regions: stacks, Writes: writesText, RegionPct: regional * 100,
			FailoverSeconds: failover, PromotionSeconds: promotion, FailoverMinutesPerMonth: lost * month / 60,
			CapPct: capPct, Pct: together * 100,
			Basis: fmt.Sprintf("writes go to one home region, so the regions back each other up as a pair however many there are: both down at once %s a month at their SLAs, and a failover a month costs %s (%s s of DNS failover for every request, %s s more for the writes, %s of requests); regions share control planes and deploys, so never more than the %s multi-region design target",
				human.Duration(u*u*month), human.Duration(lost*month), human.Count(failover), human.Count(promotion), pctText(writes), human.Availability(capPct)),
		}
		improve := ""
		if w := weakestPart(a.Parts, true); w != nil {
			improve = fmt.Sprintf("a stronger stack in each region; its weakest part: %s, %s", w.Name, human.Availability(w.Pct))
		}
		_, _, _, _, sources := model.Regions.Figures()
		a.Parts = append(a.Parts, AvailabilityPart{
			ID: comp.ID, Name: comp.Name, Units: UnitsRegions, Count: stacks, UnitPct: regional * 100, Pct: together * 100,
			SharePct: 100 / stacks, FailoverSeconds: failover + promotion,
			Basis: fmt.Sprintf("%s regions (%s), each running the parts marked per region (%s together) sized for %s rps of the %s rps peak, so that the others carry the peak when one fails; backing each other up as a failover pair under the multi-region design target",
				human.Count(stacks), mode, human.Availability(regional*100), human.Count(env.PeakRPS*env.RegionLoadShare), human.Count(env.PeakRPS)),
			Improve: improve, Source: sources[0],
		})
	}
	return global * together * 100, nil
}

// counted reports whether a part for component was counted among parts
// (the bits of used).
func counted(parts []knowledge.AvailabilityPart, used uint64, component string) bool {
	for j := range parts {
		if used&(1<<j) != 0 && parts[j].Component == component {
			return true
		}
	}
	return false
}

// writeShare is the share of requests that write.
func writeShare(env *expression.Env) float64 {
	total := env.ReadsPerDay + env.WritesPerDay
	if total <= 0 {
		return 0
	}
	return env.WritesPerDay / total
}

func pctText(share float64) string { return human.Availability(share * 100) }

// levelWhy says why the plan is at its resilience level.
func (ad *Advisor) levelWhy(p *Plan, path levelPath) string {
	levels := ad.kb.Resilience.Availability.Levels
	target := human.Availability(p.Availability.TargetPct)
	switch {
	case path.byStage:
		return fmt.Sprintf("the %s stage brings it whatever the target", p.Stage.Name)
	case path.level > path.target:
		return fmt.Sprintf("at %s the parts composed to %s, below the %s target", lower(levels[int(path.level)-1].Name), human.Availability(path.below), target)
	case path.level > 0:
		return fmt.Sprintf("a %s target asks for it", target)
	}
	return fmt.Sprintf("a %s target needs no more redundancy than the load brings", target)
}

// verdict says in one sentence whether the plan meets its target, at what
// level, and what would when nothing in the knowledge base does.
func (ad *Advisor) verdict(p *Plan, path levelPath) string {
	a := &p.Availability
	model := &ad.kb.Resilience.Availability
	target := human.Availability(a.TargetPct)
	name := lower(a.Resilience.Name)
	if a.MeetsTarget {
		s := fmt.Sprintf("Meets the %s target: the parts compose to %s at %s", target, human.Availability(a.ComposedPct), name)
		switch {
		case path.byStage:
			s += fmt.Sprintf(", which the %s stage brings whatever the target", p.Stage.Name)
		case path.level > path.target:
			s += ", because " + ad.levelWhy(p, path)
		}
		return s + "."
	}
	if int(path.level) < len(model.Levels)-1 {
		// Only a knowledge base without the top level's components stops
		// short of it.
		s := fmt.Sprintf("Below the %s target: the parts compose to %s at %s", target, human.Availability(a.ComposedPct), name)
		if w := weakestPart(a.Parts, false); w != nil {
			s += fmt.Sprintf("; the weakest is %s at %s", w.Name, human.Availability(w.Pct))
		}
		return s + "."
	}
	s := fmt.Sprintf("No architecture in this knowledge base meets the %s target: at its most redundant (%s) the parts compose to %s", target, name, human.Availability(a.ComposedPct))
	if r := a.Regions; r != nil {
		s += fmt.Sprintf(", and regional failovers alone cost %s a month", human.Duration(r.FailoverMinutesPerMonth*60))
	} else if w := weakestPart(a.Parts, false); w != nil {
		s += fmt.Sprintf(", the weakest part %s at %s", w.Name, human.Availability(w.Pct))
	}
	return s + ". It would take " + model.Beyond + "."
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// weakestPart is the factor with the lowest availability, the first of
// equals: the parts inside the regions when inside is true, otherwise the
// parts that multiply into the whole (in a multi-region plan, the global
// parts and the regions).
func weakestPart(parts []AvailabilityPart, inside bool) *AvailabilityPart {
	var w *AvailabilityPart
	for i := range parts {
		pt := &parts[i]
		if pt.PerRegion != inside || pt.Pct >= 100 {
			continue
		}
		if w == nil || pt.Pct < w.Pct {
			w = pt
		}
	}
	return w
}

func planComponent(p *Plan, id string) (Component, bool) {
	if i := planIndex(p, id); i >= 0 {
		return p.Components[i], true
	}
	return Component{}, false
}

// planIndex is where the component is in p.Components, -1 when absent;
// it compares ids in place, as the availability model asks at every
// point a schedule decides.
func planIndex(p *Plan, id string) int {
	for i := range p.Components {
		if p.Components[i].ID == id {
			return i
		}
	}
	return -1
}

func planHas(p *Plan, id string) bool { return planIndex(p, id) >= 0 }

func planHasAll(p *Plan, ids []string) bool {
	for _, id := range ids {
		if !planHas(p, id) {
			return false
		}
	}
	return true
}
