package knowledge

import (
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"

	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Resilience is how a plan's parts fail (resilience.yaml): the availability
// each part of the request path contributes to the whole, and the failure
// what-ifs with their effects, recovery times and mitigations.
type Resilience struct {
	Version      int               `yaml:"version"`
	Availability AvailabilityModel `yaml:"availability"`
	Scenarios    []FailureScenario `yaml:"scenarios"`
}

// AvailabilityModel is how a plan's availability composes from the
// providers' SLAs: the resilience levels a plan can be built at, the parts
// on a request's path, the components that are not on it and why, and how
// regions back each other up.
type AvailabilityModel struct {
	// Levels names and describes estimators.ResilienceLevels, in order.
	Levels []ResilienceLevel `yaml:"levels"`
	// RegionRedundancy is the component whose presence makes each region a
	// full stack that can take over from another: with it, the regional
	// parts compose per region and the regions as a failover pair.
	RegionRedundancy string      `yaml:"region_redundancy,omitempty"`
	Regions          RegionModel `yaml:"regions"`
	// Beyond names what would reach a target no level of this knowledge
	// base reaches.
	Beyond     string             `yaml:"beyond"`
	Parts      []AvailabilityPart `yaml:"parts"`
	NotCounted []NotCounted       `yaml:"not_counted"`
	Line       int                `yaml:"-"`
}

// ResilienceLevel is one level of redundancy: what a plan built at it adds.
type ResilienceLevel struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Adds string `yaml:"adds"` // what the level brings, in words
	Line int    `yaml:"-"`
}

// RegionModel is how stacks in several regions compose: each takes over
// from another after a failover (DNS health checks for requests, and a
// replica's promotion for writes, which go to one home region), and
// together they never pass a multi-region design target. Each field names
// a constant.
type RegionModel struct {
	FailoverSeconds   string `yaml:"failover_seconds"`
	PromotionSeconds  string `yaml:"promotion_seconds"`
	FailoversPerMonth string `yaml:"failovers_per_month"`
	Cap               string `yaml:"cap"`
	Line              int    `yaml:"-"`

	failover, promotion, perMonth, capPct float64
	sources                               []string
}

// Figures are the region model's constants' values and their sources.
func (r *RegionModel) Figures() (failoverSeconds, promotionSeconds, failoversPerMonth, capPct float64, sources []string) {
	return r.failover, r.promotion, r.perMonth, r.capPct, r.sources
}

// How a part's units compose.
const (
	UnitsOne         = "one"         // counted once whatever its count: a managed service, or a primary with its standby
	UnitsFleet       = "fleet"       // up while the units the load needs are: P(X >= needed), capped at cap
	UnitsPartitioned = "partitioned" // a user's requests reach one partition of several: its figure, and 1/n of users hit when it fails
)

// AvailabilityPart is the availability one component brings to a
// request's path. For a component the first part that applies is used:
// list those with `with` or `when` first. Figures name constants, whose
// sources the plan cites.
type AvailabilityPart struct {
	Component  string   `yaml:"component"`
	With       []string `yaml:"with,omitempty"` // applies only when the plan also runs these
	When       string   `yaml:"when,omitempty"` // and this holds
	SLA        string   `yaml:"sla"`            // constant: one unit's availability, percent
	Units      string   `yaml:"units"`          // one, fleet or partitioned
	Needed     string   `yaml:"needed,omitempty"`
	Cap        string   `yaml:"cap,omitempty"`        // constant: the most a fleet is promised
	Partitions string   `yaml:"partitions,omitempty"` // expression: how many partitions share the users
	Failover   string   `yaml:"failover,omitempty"`   // constant: seconds a standby takes to take over
	Global     bool     `yaml:"global,omitempty"`     // outside the regions (DNS); default: inside each region
	Spread     bool     `yaml:"spread_over_regions,omitempty"`
	Basis      string   `yaml:"basis"`             // what the figure is, in words
	Improve    string   `yaml:"improve,omitempty"` // what would raise it
	// Otherwise says why the component does not count when none of its
	// parts applies.
	Otherwise string `yaml:"otherwise,omitempty"`
	Line      int    `yaml:"-"`

	when, needed, partitions   *expression.Expr
	pct, capPct, failoverSecs  float64
	source, capSource, failSrc string
	off                        bool // names a component an overriding components.yaml removed
}

// NotCounted lists components a request does not pass through, and why.
type NotCounted struct {
	Components []string `yaml:"components"`
	Why        string   `yaml:"why"`
	Line       int      `yaml:"-"`
}

// Impact statuses of a failure check, from worst to best.
var FailureStatuses = []string{"fails", "overloads", "degrades", "unaffected"}

// FailureScenario is one what-if: something breaks, and the checks say what
// that does to a plan.
type FailureScenario struct {
	ID      string         `yaml:"id"`
	Name    string         `yaml:"name"`
	Summary string         `yaml:"summary"`
	LoadX   float64        `yaml:"load_x,omitempty"` // the load multiple the scenario brings; limits reached below it overload
	Sources []string       `yaml:"sources"`
	Checks  []FailureCheck `yaml:"checks"`
	Line    int            `yaml:"-"`
}

// FailureCheck is one consequence of a scenario. It applies when the plan
// runs Component (and every component in With, and none in Without), or when
// Limit is reached below the scenario's load multiple, and When holds. For
// each subject (component or limit) the first check that applies is used.
// Templates see the plan's variables; in a limit check {threshold} is the
// load multiple at which the limit is reached.
type FailureCheck struct {
	Component     string         `yaml:"component,omitempty"`
	Limit         string         `yaml:"limit,omitempty"`
	With          []string       `yaml:"with,omitempty"`
	Without       []string       `yaml:"without,omitempty"`
	Subject       string         `yaml:"subject,omitempty"` // who is affected, when neither a component nor a limit names it
	When          string         `yaml:"when,omitempty"`
	Status        string         `yaml:"status"`
	Effect        string         `yaml:"effect"`   // template: what users see
	Recovery      string         `yaml:"recovery"` // template: time to recover
	MitigatedWith string         `yaml:"mitigated_with,omitempty"`
	MitigatedWhen string         `yaml:"mitigated_when,omitempty"`
	Mitigation    string         `yaml:"mitigation,omitempty"` // template: what the plan has against it
	Gap           string         `yaml:"gap,omitempty"`        // template: what the plan lacks
	Line          int            `yaml:"-"`
	Lines         map[string]int `yaml:"-"`

	when, mitigatedWhen               *expression.Expr
	effect, recovery, mitigation, gap *expression.Template
	off                               bool // names something an overriding file removed
}

// ScenarioIDs lists the failure what-ifs in file order.
func (r *Resilience) ScenarioIDs() []string {
	out := make([]string, len(r.Scenarios))
	for i := range r.Scenarios {
		out[i] = r.Scenarios[i].ID
	}
	return out
}

// FailureScenario finds a what-if by id.
func (r *Resilience) FailureScenario(id string) (*FailureScenario, bool) {
	for i := range r.Scenarios {
		if r.Scenarios[i].ID == id {
			return &r.Scenarios[i], true
		}
	}
	return nil, false
}

// Limit finds a capacity limit by id.
func (b *Base) Limit(id string) (*Limit, bool) {
	for i := range b.Limits {
		if b.Limits[i].ID == id {
			return &b.Limits[i], true
		}
	}
	return nil, false
}

// Holds reports whether the check's condition holds (true without one).
// A check naming a component or limit that an overriding knowledge file
// removed never holds.
func (c *FailureCheck) Holds(m *expression.Machine, env *expression.Env) (bool, error) {
	if c.off {
		return false, nil
	}
	return m.Bool(c.when, env)
}

// InUse reports whether the part counts: false when it names a component
// that an overriding components.yaml removed.
func (p *AvailabilityPart) InUse() bool { return !p.off }

// Applies reports whether the part's condition holds (true without one).
func (p *AvailabilityPart) Applies(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(p.when, env)
}

// NeededUnits is how many of a fleet's units the load needs at full load,
// before rounding: the fleet is up while that many are.
func (p *AvailabilityPart) NeededUnits(m *expression.Machine, env *expression.Env) (float64, error) {
	if p.needed == nil {
		return 1, nil
	}
	return m.Number(p.needed, env)
}

// PartitionCount is how many partitions share the users (1 without an
// expression).
func (p *AvailabilityPart) PartitionCount(m *expression.Machine, env *expression.Env) (float64, error) {
	if p.partitions == nil {
		return 1, nil
	}
	return m.Number(p.partitions, env)
}

// Figures are the part's constants' values: one unit's availability and
// the fleet's cap (percent; the cap is 0 without one) and the failover
// time (seconds; 0 without one).
func (p *AvailabilityPart) Figures() (pct, capPct, failoverSeconds float64) {
	return p.pct, p.capPct, p.failoverSecs
}

// Sources are the sources of the part's figures ("" for a figure it lacks).
func (p *AvailabilityPart) Sources() (sla, capSource, failover string) {
	return p.source, p.capSource, p.failSrc
}

// MitigatedBy reports whether the condition in mitigated_when holds; ok is
// false when the check has no such condition.
func (c *FailureCheck) MitigatedBy(m *expression.Machine, env *expression.Env) (mitigated, ok bool, err error) {
	if c.mitigatedWhen == nil {
		return false, false, nil
	}
	mitigated, err = m.Bool(c.mitigatedWhen, env)
	return mitigated, true, err
}

// Texts renders the check's effect, recovery, mitigation and gap.
func (c *FailureCheck) Texts(m *expression.Machine, env *expression.Env) (effect, recovery, mitigation, gap string, err error) {
	if effect, err = m.Render(c.effect, env); err != nil {
		return
	}
	if recovery, err = m.Render(c.recovery, env); err != nil {
		return
	}
	if mitigation, err = m.Render(c.mitigation, env); err != nil {
		return
	}
	gap, err = m.Render(c.gap, env)
	return
}

// Display is how text names a catalog's provider: its label, or its id in
// capitals.
func (c *Catalog) Display() string {
	if c.Label != "" {
		return c.Label
	}
	return strings.ToUpper(c.Provider)
}

var failureID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// origin is the directory a knowledge file was read from.
func origin(shown, rel string) string {
	for _, r := range []string{rel, filepath.FromSlash(rel)} {
		if strings.HasSuffix(shown, r) {
			return strings.TrimSuffix(shown, r)
		}
	}
	return shown
}

// lenient reports whether a reference from an embedded file (in dir) to a
// file another directory replaced may go unresolved: an override that drops
// a component or source must not break the embedded files that name it.
func lenient(referrer, referrerRel, target, targetRel string) bool {
	return strings.HasPrefix(referrer, "knowledge/") && origin(referrer, referrerRel) != origin(target, targetRel)
}

// resilience validates resilience.yaml against the loaded components,
// limits and sources, compiles its expressions, and checks the catalogs'
// sources and the cost-band constants, which the same part of the advisor
// reads. An unknown component or limit is an error, except when the
// embedded resilience.yaml names one that an override directory's
// components.yaml or rules.yaml dropped: then the part or check that uses it
// is switched off.
func (v validator) resilience(r *Resilience) error {
	b := v.b
	file := v.names["resilience.yaml"]
	for _, p := range b.Providers() {
		c := b.Catalogs[p]
		rel := "prices/" + filepath.Base(c.file)
		if lenient(c.file, rel, v.names["sources.yaml"], "sources.yaml") {
			continue
		}
		for _, s := range append(slices.Clone(c.Sources), c.Commitment.Source) {
			if _, ok := b.sources[s]; !ok {
				return fmt.Errorf("%s:1: unknown source %q", c.file, s)
			}
		}
	}
	strictComponents := !lenient(file, "resilience.yaml", v.names["components.yaml"], "components.yaml")
	strictLimits := !lenient(file, "resilience.yaml", v.names["rules.yaml"], "rules.yaml")
	// component reports whether id is a known component; unknown is an
	// error unless an override removed it.
	component := func(line int, what, id string) (bool, error) {
		if _, ok := b.components[id]; ok {
			return true, nil
		}
		if strictComponents {
			return false, fmt.Errorf("%s:%d: %s: unknown component %q", file, line, what, id)
		}
		return false, nil
	}
	if err := v.availability(&r.Availability, file, component); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		if !failureID.MatchString(s.ID) {
			return fmt.Errorf("%s:%d: what-if id %q: want lowercase words joined by dashes, like cache-down", file, s.Line, s.ID)
		}
		if seen[s.ID] {
			return fmt.Errorf("%s:%d: what-if %q is listed twice", file, s.Line, s.ID)
		}
		seen[s.ID] = true
		if s.Name == "" || s.Summary == "" || len(s.Sources) == 0 {
			return fmt.Errorf("%s:%d: what-if %q needs a name, a summary and sources", file, s.Line, s.ID)
		}
		if s.LoadX < 0 {
			return fmt.Errorf("%s:%d: what-if %q: load_x must be positive", file, s.Line, s.ID)
		}
		for _, src := range s.Sources {
			if err := v.source("resilience.yaml", s.Line, src); err != nil {
				return err
			}
		}
		for j := range s.Checks {
			if err := v.failureCheck(s, &s.Checks[j], file, component, strictLimits); err != nil {
				return err
			}
		}
	}
	return nil
}

func (v validator) failureCheck(s *FailureScenario, c *FailureCheck, file string, component func(int, string, string) (bool, error), strictLimits bool) error {
	at := func(key string) int { return lineOf(c.Lines, key, c.Line) }
	if c.Component != "" && c.Limit != "" {
		return fmt.Errorf("%s:%d: what-if %q: a check names a component or a limit, not both", file, c.Line, s.ID)
	}
	if c.Component == "" && c.Limit == "" && c.Subject == "" {
		return fmt.Errorf("%s:%d: what-if %q: a check without a component or a limit needs a subject", file, c.Line, s.ID)
	}
	if c.Component != "" {
		ok, err := component(at("component"), "component", c.Component)
		if err != nil {
			return err
		}
		c.off = !ok
	}
	if c.Limit != "" {
		if _, ok := v.b.Limit(c.Limit); !ok {
			if strictLimits {
				return fmt.Errorf("%s:%d: unknown limit %q", file, at("limit"), c.Limit)
			}
			c.off = true
		}
		if s.LoadX <= 0 {
			return fmt.Errorf("%s:%d: what-if %q: a limit check needs the scenario's load_x", file, at("limit"), s.ID)
		}
	}
	for _, list := range [][]string{c.With, c.Without, {c.MitigatedWith}} {
		for _, id := range list {
			if id == "" {
				continue
			}
			ok, err := component(c.Line, "check", id)
			if err != nil {
				return err
			}
			c.off = c.off || !ok
		}
	}
	if !slices.Contains(FailureStatuses, c.Status) {
		return fmt.Errorf("%s:%d: status %q: want one of %s", file, at("status"), c.Status, strings.Join(FailureStatuses, ", "))
	}
	if strings.TrimSpace(c.Effect) == "" || strings.TrimSpace(c.Recovery) == "" {
		return fmt.Errorf("%s:%d: what-if %q: a check needs an effect and a recovery", file, c.Line, s.ID)
	}
	var err error
	if c.When != "" {
		if c.when, err = v.c.Expr(c.When, file, at("when"), expression.Bool); err != nil {
			return err
		}
	}
	if c.MitigatedWhen != "" {
		if c.mitigatedWhen, err = v.c.Expr(c.MitigatedWhen, file, at("mitigated_when"), expression.Bool); err != nil {
			return err
		}
	}
	for _, t := range []struct {
		key, src string
		dst      **expression.Template
	}{{"effect", c.Effect, &c.effect}, {"recovery", c.Recovery, &c.recovery}, {"mitigation", c.Mitigation, &c.mitigation}, {"gap", c.Gap, &c.gap}} {
		if t.src == "" {
			continue
		}
		if *t.dst, err = v.c.Template(t.src, file, at(t.key)); err != nil {
			return err
		}
	}
	return nil
}

// availability validates the availability model: its levels match the
// estimators', its figures name constants with sources, its expressions
// compile, and every component is either a part of a request's path or
// listed as not counted.
func (v validator) availability(am *AvailabilityModel, file string, component func(int, string, string) (bool, error)) error {
	b := v.b
	if len(am.Levels) != len(estimators.ResilienceLevels) {
		return fmt.Errorf("%s:%d: availability: want the %d resilience levels %v, got %d", file, am.Line, len(estimators.ResilienceLevels), estimators.ResilienceLevels, len(am.Levels))
	}
	for i, l := range am.Levels {
		if l.ID != estimators.ResilienceLevels[i] || strings.TrimSpace(l.Name) == "" || strings.TrimSpace(l.Adds) == "" {
			return fmt.Errorf("%s:%d: level %d: want id %q with a name and what it adds", file, l.Line, i, estimators.ResilienceLevels[i])
		}
	}
	if strings.TrimSpace(am.Beyond) == "" {
		return fmt.Errorf("%s:%d: availability: beyond: say what would reach a target no level reaches", file, am.Line)
	}
	// figure resolves a constant naming a figure; percent figures lie in
	// (0, 100].
	figure := func(line int, what, id string, percent bool) (float64, string, error) {
		c, ok := b.constants[id]
		if !ok {
			return 0, "", fmt.Errorf("%s:%d: %s: unknown constant %q", file, line, what, id)
		}
		if percent && (c.Value <= 0 || c.Value > 100) {
			return 0, "", fmt.Errorf("%s:%d: %s: constant %q is %v; want a percentage above 0 and at most 100", file, line, what, id, c.Value)
		}
		if !percent && c.Value < 0 {
			return 0, "", fmt.Errorf("%s:%d: %s: constant %q must not be negative", file, line, what, id)
		}
		return c.Value, c.Source, nil
	}
	if am.RegionRedundancy != "" {
		ok, err := component(am.Line, "region_redundancy", am.RegionRedundancy)
		if err != nil {
			return err
		}
		if !ok {
			am.RegionRedundancy = ""
		}
		rm := &am.Regions
		rm.sources = nil
		for _, f := range []struct {
			key, id string
			dst     *float64
			percent bool
		}{{"failover_seconds", rm.FailoverSeconds, &rm.failover, false}, {"promotion_seconds", rm.PromotionSeconds, &rm.promotion, false},
			{"failovers_per_month", rm.FailoversPerMonth, &rm.perMonth, false}, {"cap", rm.Cap, &rm.capPct, true}} {
			val, src, err := figure(rm.Line, "regions: "+f.key, f.id, f.percent)
			if err != nil {
				return err
			}
			*f.dst = val
			if !slices.Contains(rm.sources, src) {
				rm.sources = append(rm.sources, src)
			}
		}
	}
	counted := map[string]bool{am.RegionRedundancy: true}
	for i := range am.Parts {
		p := &am.Parts[i]
		for _, id := range append([]string{p.Component}, p.With...) {
			ok, err := component(p.Line, "part", id)
			if err != nil {
				return err
			}
			p.off = p.off || !ok
		}
		counted[p.Component] = true
		what := fmt.Sprintf("part %q", p.Component)
		var err error
		if p.pct, p.source, err = figure(p.Line, what+": sla", p.SLA, true); err != nil {
			return err
		}
		if err := v.source("resilience.yaml", p.Line, p.source); err != nil {
			return err
		}
		switch p.Units {
		case UnitsOne:
		case UnitsFleet:
			if p.Cap == "" {
				return fmt.Errorf("%s:%d: %s: a fleet needs a cap: the most its zones are promised", file, p.Line, what)
			}
			if p.capPct, p.capSource, err = figure(p.Line, what+": cap", p.Cap, true); err != nil {
				return err
			}
		case UnitsPartitioned:
		default:
			return fmt.Errorf("%s:%d: %s: units %q: want one, fleet or partitioned", file, p.Line, what, p.Units)
		}
		if (p.Needed != "") != (p.Units == UnitsFleet) {
			return fmt.Errorf("%s:%d: %s: needed goes with units: fleet, and a fleet needs it", file, p.Line, what)
		}
		if (p.Partitions != "") != (p.Units == UnitsPartitioned) {
			return fmt.Errorf("%s:%d: %s: partitions goes with units: partitioned, and partitioned units need it", file, p.Line, what)
		}
		if p.Failover != "" {
			if p.failoverSecs, p.failSrc, err = figure(p.Line, what+": failover", p.Failover, false); err != nil {
				return err
			}
		}
		if strings.TrimSpace(p.Basis) == "" {
			return fmt.Errorf("%s:%d: %s needs a basis: what the figure is", file, p.Line, what)
		}
		for _, e := range []struct {
			src  string
			kind expression.Kind
			dst  **expression.Expr
		}{{p.When, expression.Bool, &p.when}, {p.Needed, expression.Number, &p.needed}, {p.Partitions, expression.Number, &p.partitions}} {
			if e.src == "" {
				continue
			}
			if *e.dst, err = v.c.Expr(e.src, file, p.Line, e.kind); err != nil {
				return err
			}
		}
	}
	excused := map[string]bool{}
	for i := range am.NotCounted {
		nc := &am.NotCounted[i]
		if strings.TrimSpace(nc.Why) == "" || len(nc.Components) == 0 {
			return fmt.Errorf("%s:%d: not_counted: list components and say why", file, nc.Line)
		}
		for _, id := range nc.Components {
			if _, err := component(nc.Line, "not_counted", id); err != nil {
				return err
			}
			if counted[id] {
				return fmt.Errorf("%s:%d: %q is both a part and not counted", file, nc.Line, id)
			}
			if excused[id] {
				return fmt.Errorf("%s:%d: %q is listed twice under not_counted", file, nc.Line, id)
			}
			excused[id] = true
		}
	}
	// Every component is on a request's path or says why not, unless an
	// override added it after this file was written.
	if !lenient(file, "resilience.yaml", v.names["components.yaml"], "components.yaml") {
		for _, c := range b.Components {
			if !counted[c.ID] && !excused[c.ID] {
				return fmt.Errorf("%s:%d: component %q is neither a part nor listed under not_counted", file, am.Line, c.ID)
			}
		}
	}
	return nil
}
