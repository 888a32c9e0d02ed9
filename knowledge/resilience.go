package knowledge

import (
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

// AvailabilityModel lists the parts a request cannot do without. Parts not
// listed (queues, workers, search, backups, monitoring, the CDN) degrade a
// feature when they fail but do not take the product down.
type AvailabilityModel struct {
	// RegionRedundancy is the component whose presence makes each region a
	// full stack that can take over from another: with it, the regional
	// parts compose per region and the regions combine as redundant.
	RegionRedundancy string             `yaml:"region_redundancy,omitempty"`
	Parts            []AvailabilityPart `yaml:"parts"`
	Line             int                `yaml:"-"`
}

// How a part's count composes.
const (
	UnitsOne       = "one"       // the part counts once whatever its count: a managed service or pair
	UnitsSerial    = "serial"    // every unit is needed (shards): availabilities multiply
	UnitsRedundant = "redundant" // any one unit serves: 1 - (1 - a)^n
)

// AvailabilityPart is the availability one component brings to the request
// path. For a component the first part that applies is used: list those
// with `with` first.
type AvailabilityPart struct {
	Component string   `yaml:"component"`
	With      []string `yaml:"with,omitempty"` // applies only when the plan also runs these
	Pct       float64  `yaml:"pct"`            // one unit's availability, percent
	Units     string   `yaml:"units"`          // one, serial or redundant
	Per       float64  `yaml:"per,omitempty"`  // instances that make one unit (a primary and its replica: 2); default 1
	MaxPct    float64  `yaml:"max_pct,omitempty"`
	Global    bool     `yaml:"global,omitempty"`              // outside the regions (DNS); default: inside each region
	Spread    bool     `yaml:"spread_over_regions,omitempty"` // the plan's count covers every region
	Basis     string   `yaml:"basis"`                         // what the figure is, in words
	Improve   string   `yaml:"improve,omitempty"`             // what would raise it
	Source    string   `yaml:"source"`
	Line      int      `yaml:"-"`

	off bool // names a component an overriding components.yaml removed
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
	am := &r.Availability
	if am.RegionRedundancy != "" {
		ok, err := component(am.Line, "region_redundancy", am.RegionRedundancy)
		if err != nil {
			return err
		}
		if !ok {
			am.RegionRedundancy = ""
		}
	}
	for i := range am.Parts {
		p := &am.Parts[i]
		for _, id := range append([]string{p.Component}, p.With...) {
			ok, err := component(p.Line, "part", id)
			if err != nil {
				return err
			}
			p.off = p.off || !ok
		}
		if p.Pct <= 0 || p.Pct > 100 || p.MaxPct < 0 || p.MaxPct > 100 {
			return fmt.Errorf("%s:%d: part %q: pct and max_pct are percentages above 0 and at most 100", file, p.Line, p.Component)
		}
		if !slices.Contains([]string{UnitsOne, UnitsSerial, UnitsRedundant}, p.Units) {
			return fmt.Errorf("%s:%d: part %q: units %q: want one, serial or redundant", file, p.Line, p.Component, p.Units)
		}
		if p.Per < 0 {
			return fmt.Errorf("%s:%d: part %q: per must be positive", file, p.Line, p.Component)
		}
		if strings.TrimSpace(p.Basis) == "" {
			return fmt.Errorf("%s:%d: part %q needs a basis: what the figure is", file, p.Line, p.Component)
		}
		if err := v.source("resilience.yaml", p.Line, p.Source); err != nil {
			return err
		}
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
