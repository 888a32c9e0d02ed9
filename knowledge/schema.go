package knowledge

import "github.com/scaleplan/scaleplan/expression"

// Source is a publication the knowledge base cites.
type Source struct {
	ID     string `yaml:"id"`
	Title  string `yaml:"title"`
	Author string `yaml:"author,omitempty"`
	Note   string `yaml:"note,omitempty"`
	URL    string `yaml:"url,omitempty"`
	Ladder bool   `yaml:"ladder,omitempty"` // the article numbers its own scaling stages; stages map them onto ours
	Line   int    `yaml:"-"`
}

// Constant is a capacity figure or default with its source.
type Constant struct {
	ID     string  `yaml:"id"`
	Value  float64 `yaml:"value"`
	Unit   string  `yaml:"unit"`
	Source string  `yaml:"source"`
	Note   string  `yaml:"note,omitempty"`
	// Range is the values the constant may take, [lowest, highest]; a
	// value outside it is refused at load. An overlay's value must also
	// fall in the embedded base's range for the same id.
	Range []float64 `yaml:"range,omitempty"`
	Line  int       `yaml:"-"`
}

// SourceStage is how one article numbers and sizes a stage.
type SourceStage struct {
	Source        string   `yaml:"source"`
	Label         string   `yaml:"label"`
	UsersMin      float64  `yaml:"users_min"`
	UsersMax      float64  `yaml:"users_max"`
	RPSMin        *float64 `yaml:"rps_min,omitempty"`
	RPSMax        *float64 `yaml:"rps_max,omitempty"`
	MonthlyUSDMin *float64 `yaml:"monthly_usd_min,omitempty"`
	MonthlyUSDMax *float64 `yaml:"monthly_usd_max,omitempty"`
	Line          int      `yaml:"-"`
}

// Stage is one rung of the canonical ladder.
type Stage struct {
	ID      string `yaml:"id"`
	Number  int    `yaml:"number"`
	Name    string `yaml:"name"`
	Summary string `yaml:"summary"` // the stage as the ladder shows it, for any system
	// PlanSummary is a template: what a plan at this stage runs, true of
	// that plan's components; "" to use Summary.
	PlanSummary string `yaml:"plan_summary,omitempty"`
	Solves      string `yaml:"solves"`
	// Enter lists the ways into the stage: the system needs at least this
	// stage when any of them holds.
	Enter   []Entry `yaml:"enter"`
	Because string  `yaml:"because"` // template: why, in numbers
	// Resilience is the level of redundancy the stage brings whatever the
	// target (an estimators.ResilienceLevels id; "" for none).
	Resilience string         `yaml:"resilience,omitempty"`
	Risks      []string       `yaml:"risks,omitempty"`
	BySource   []SourceStage  `yaml:"by_source"`
	Sources    []string       `yaml:"sources"`
	Line       int            `yaml:"-"`
	Lines      map[string]int `yaml:"-"` // line of each key, for errors

	enter                *expression.Expr
	because, planSummary *expression.Template
	minLevel             float64
}

// MinLevel is the resilience level the stage brings (0 for none).
func (s *Stage) MinLevel() float64 { return s.minLevel }

// Entry is one way into a stage: a condition that puts the system there,
// and the trigger that says, in the numbers it tests, when it comes. The
// next stage's text names the entry that holds where the schedule finds
// the stage, so each entry's trigger measures what its condition tests.
type Entry struct {
	When    string         `yaml:"when"`              // expression
	Trigger *Trigger       `yaml:"trigger,omitempty"` // every stage but the first has one for each entry
	Line    int            `yaml:"-"`
	Lines   map[string]int `yaml:"-"` // line of each key, for errors

	when *expression.Expr
}

// Component is a building block: what it is for and what it costs to own.
type Component struct {
	ID           string   `yaml:"id"`
	Name         string   `yaml:"name"`
	Tier         string   `yaml:"tier"` // edge, web, data, async, ops
	Stage        int      `yaml:"stage"`
	Solves       string   `yaml:"solves"`
	WhenToAdd    string   `yaml:"when_to_add"`
	RunCost      string   `yaml:"run_cost"`
	OpsCost      string   `yaml:"ops_cost"`
	Tradeoffs    []string `yaml:"tradeoffs"`
	Alternatives []string `yaml:"alternatives,omitempty"`
	Sources      []string `yaml:"sources"`
	Line         int      `yaml:"-"`
}

// Trigger is the measurable point at which a deferred component or the next
// stage becomes necessary.
type Trigger struct {
	Metric    string `yaml:"metric,omitempty"`    // expression: today's value
	Threshold string `yaml:"threshold,omitempty"` // expression: the value that triggers
	Text      string `yaml:"text"`                // template; {threshold} is the computed threshold
	// Held is a template saying why the thing waits when its metric is
	// already past the threshold (another condition holds it back), for a
	// trigger whose metric can pass while the thing is not yet needed.
	Held  string         `yaml:"held,omitempty"`
	Line  int            `yaml:"-"`
	Lines map[string]int `yaml:"-"` // line of each key, for errors

	metric, threshold *expression.Expr
	text, held        *expression.Template
}

// Usage is a cost that scales with a quantity rather than an instance count.
type Usage struct {
	Item     string         `yaml:"item"`
	Quantity string         `yaml:"quantity"` // expression, in the item's unit
	Line     int            `yaml:"-"`
	Lines    map[string]int `yaml:"-"` // line of each key, for errors

	quantity *expression.Expr
}

// Rule decides whether a component is needed, how many and how big.
type Rule struct {
	Component  string  `yaml:"component"`
	Bottleneck string  `yaml:"bottleneck"`
	Applies    string  `yaml:"applies,omitempty"` // expression: does the component matter to this system at all
	When       string  `yaml:"when"`              // expression: needed now
	Count      string  `yaml:"count,omitempty"`   // expression; default 1
	Size       string  `yaml:"size,omitempty"`    // price item id
	SizeExpr   string  `yaml:"size_expr,omitempty"`
	Usage      []Usage `yaml:"usage,omitempty"`
	Reason     string  `yaml:"reason"`
	Tradeoff   string  `yaml:"tradeoff,omitempty"` // template; default: the component's first trade-off
	Cut        string  `yaml:"cut,omitempty"`      // template: what to give up to do without it when over budget
	// CutBuilds says how the plan is built without the component, when
	// that takes more than the component (a resilience level takes its
	// standbys, replicas and spares with it): the saving is then the
	// difference between the two plans.
	CutBuilds *CutBuild      `yaml:"cut_builds,omitempty"`
	Trigger   *Trigger       `yaml:"trigger,omitempty"`
	Line      int            `yaml:"-"`
	Lines     map[string]int `yaml:"-"` // line of each key, for errors

	applies, when, count, sizeExpr *expression.Expr
	reason, tradeoff, cut          *expression.Template
	file                           string // where it was loaded from, for errors
}

// CutBuild is the plan a cut leaves: built at a resilience level (an
// estimators.ResilienceLevels id), in one region when Regions is 1.
type CutBuild struct {
	Level   string  `yaml:"level"`
	Regions float64 `yaml:"regions,omitempty"`
	Line    int     `yaml:"-"`

	level float64
}

// LevelIndex is the level as estimators number them.
func (c *CutBuild) LevelIndex() float64 { return c.level }

// Limit is a capacity the plan runs into as load grows.
type Limit struct {
	ID       string         `yaml:"id"`
	Says     string         `yaml:"says"` // "the primary's writes"
	Applies  string         `yaml:"applies,omitempty"`
	Metric   string         `yaml:"metric"`   // expression: today's load
	Capacity string         `yaml:"capacity"` // expression: what the plan can take
	Fix      string         `yaml:"fix"`      // what to do about it
	Line     int            `yaml:"-"`
	Lines    map[string]int `yaml:"-"` // line of each key, for errors

	applies, metric, capacity *expression.Expr
	fix                       *expression.Template
}

// Risk is a condition worth warning about.
type Risk struct {
	ID    string         `yaml:"id"`
	When  string         `yaml:"when"`
	Text  string         `yaml:"text"` // template
	Line  int            `yaml:"-"`
	Lines map[string]int `yaml:"-"` // line of each key, for errors

	when *expression.Expr
	text *expression.Template
}

// PriceItem is one priced unit in a provider's catalog. Exactly one price
// field is set; the unit is in its name.
type PriceItem struct {
	ID            string      `yaml:"id"`
	Product       string      `yaml:"product"`
	HourlyUSD     *float64    `yaml:"hourly_usd,omitempty"`
	MonthlyUSD    *float64    `yaml:"monthly_usd,omitempty"`
	PerGBUSD      *float64    `yaml:"per_gb_usd,omitempty"`
	PerGBMonthUSD *float64    `yaml:"per_gb_month_usd,omitempty"`
	PerMillionUSD *float64    `yaml:"per_million_usd,omitempty"`
	Tiers         []PriceTier `yaml:"tiers,omitempty"` // per-GB prices that fall with volume, cheapest last
	VCPU          float64     `yaml:"vcpu,omitempty"`
	MemoryGB      float64     `yaml:"memory_gb,omitempty"`
	Note          string      `yaml:"note,omitempty"`
	Line          int         `yaml:"-"`
}

// PriceTier is a per-GB price for the volume up to UpToGB in a month (the
// last tier has none: everything beyond).
type PriceTier struct {
	UpToGB   *float64 `yaml:"up_to_gb,omitempty"`
	PerGBUSD float64  `yaml:"per_gb_usd"`
	Line     int      `yaml:"-"`
}

// Commitment is the share of on-demand instance prices a one-year
// commitment saves (0 for a provider that sells none), with its source.
type Commitment struct {
	Discount float64 `yaml:"discount"`
	Source   string  `yaml:"source"`
	Note     string  `yaml:"note,omitempty"`
	Line     int     `yaml:"-"`
}

// Catalog is a dated price list for one provider.
type Catalog struct {
	Version  int      `yaml:"version"`
	Provider string   `yaml:"provider"`
	Name     string   `yaml:"name"`
	Label    string   `yaml:"label,omitempty"` // how text names the provider ("GCP", "Hetzner"); default: the provider id in capitals
	Region   string   `yaml:"region"`
	AsOf     string   `yaml:"as_of"`
	Currency string   `yaml:"currency"`
	Sources  []string `yaml:"sources"`
	// Commitment is what one-year commitments save on instances.
	Commitment Commitment     `yaml:"commitment"`
	Items      []PriceItem    `yaml:"items"`
	Lines      map[string]int `yaml:"-"` // line of each key, for errors

	file  string
	items map[string]*PriceItem
}

type sourcesFile struct {
	Version int      `yaml:"version"`
	Sources []Source `yaml:"sources"`
}

type constantsFile struct {
	Version     int         `yaml:"version"`
	Constants   []Constant  `yaml:"constants"`
	DBLadder    []DBRung    `yaml:"db_ladder"`
	CacheLadder []CacheRung `yaml:"cache_ladder"`
	VMLadder    []VMRung    `yaml:"vm_ladder"`
	// Node sizes for search and stream clusters, like VMLadder.
	SearchLadder []VMRung `yaml:"search_ladder"`
	StreamLadder []VMRung `yaml:"stream_ladder"`
}

// VMRung is one server size for fleets (app servers, workers, connection
// servers), search nodes or stream brokers.
type VMRung struct {
	Item   string  `yaml:"item"`   // price item id
	VCPU   float64 `yaml:"vcpu"`   // a fleet's capacity grows with it
	Source string  `yaml:"source"` // where the figure comes from
	Line   int     `yaml:"-"`
}

// CacheRung is one in-memory node size (caches, in-memory stores).
type CacheRung struct {
	Item     string  `yaml:"item"`      // price item id
	MemoryGB float64 `yaml:"memory_gb"` // usable memory
	Source   string  `yaml:"source"`    // where the memory figure comes from
	Line     int     `yaml:"-"`
}

// DBRung is one database size on the vertical-scaling ladder.
type DBRung struct {
	Item     string  `yaml:"item"`      // price item id
	VCPU     float64 `yaml:"vcpu"`      // vCPUs that count for capacity
	MemoryGB float64 `yaml:"memory_gb"` // memory, for the working set
	Source   string  `yaml:"source"`    // why this many
	Line     int     `yaml:"-"`
}

type stagesFile struct {
	Version int     `yaml:"version"`
	Stages  []Stage `yaml:"stages"`
}

type componentsFile struct {
	Version    int         `yaml:"version"`
	Components []Component `yaml:"components"`
}

type rulesFile struct {
	Version int     `yaml:"version"`
	Rules   []Rule  `yaml:"rules"`
	Limits  []Limit `yaml:"limits"`
	Risks   []Risk  `yaml:"risks"`
}
