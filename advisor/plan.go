// Package advisor turns answers into a Plan: it resolves what was not
// given, runs the estimators, decides the stage from the bottlenecks the
// numbers show, and picks, sizes and prices the components. The Plan is the
// one result every renderer works from.
package advisor

import (
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/knowledge"
)

// SchemaVersion is the version of the Plan's JSON shape. Field names are a
// contract with scripts; additions keep the version, changes bump it.
const SchemaVersion = 3

// OldestReadableSchemaVersion is the oldest plan JSON diff still reads:
// version 3 renamed and dropped estimates and capacity fields only, and a
// diff reads the answers, stage, components and cost.
const OldestReadableSchemaVersion = 2

// ComparisonSchemaVersion is the version of a provider comparison's JSON
// shape (--compare-providers), which changes on its own.
const ComparisonSchemaVersion = 1

// Estimates are a plan's estimates: the daily active users and the peak
// the rates derive from, then every estimator's figure. The first two are
// inputs (given or derived), repeated here because readers of a plan look
// for the traffic figures together; rules know them as inputs only.
type Estimates struct {
	DAU                  float64 `json:"dau" yaml:"dau"`
	PeakRPS              float64 `json:"peak_rps" yaml:"peak_rps"`
	estimators.Estimates `yaml:",inline"`
}

// Plan is the advice for one set of answers. The same answers and knowledge
// always give an identical Plan.
type Plan struct {
	SchemaVersion int                 `json:"schema_version" yaml:"schema_version"`
	Name          string              `json:"name" yaml:"name"`
	Answers       answers.Answers     `json:"answers" yaml:"answers"`
	Assumptions   []Assumption        `json:"assumptions" yaml:"assumptions"`
	Inputs        estimators.Inputs   `json:"inputs" yaml:"inputs"`
	Estimates     Estimates           `json:"estimates" yaml:"estimates"`
	Worked        []Worked            `json:"worked" yaml:"worked"` // the headline figures with their arithmetic
	Capacity      estimators.Capacity `json:"capacity" yaml:"capacity"`
	Latency       Latency             `json:"latency" yaml:"latency"`
	Availability  Availability        `json:"availability" yaml:"availability"`
	Stage         Stage               `json:"stage" yaml:"stage"`
	Components    []Component         `json:"components" yaml:"components"`
	Deferred      []Deferred          `json:"deferred" yaml:"deferred"`
	Cost          Cost                `json:"cost" yaml:"cost"`
	Budget        *Budget             `json:"budget" yaml:"budget"`
	Tradeoffs     []Tradeoff          `json:"tradeoffs" yaml:"tradeoffs"`
	Risks         []Risk              `json:"risks" yaml:"risks"`
	BreaksFirst   *Limit              `json:"breaks_first" yaml:"breaks_first"`
	NextStage     *NextStage          `json:"next_stage" yaml:"next_stage"`
	Timeline      *Timeline           `json:"timeline" yaml:"timeline"`                   // month by month under the given growth; null without growth
	WhatIf        []WhatIf            `json:"what_if,omitempty" yaml:"what_if,omitempty"` // failure what-ifs, when asked for (WhatIfs)
	Sources       []Source            `json:"sources" yaml:"sources"`
}

// Assumption is a value the person did not give, with where it came from.
type Assumption struct {
	Key    string  `json:"key" yaml:"key"`       // answers-file key, or an estimator input
	Value  float64 `json:"value" yaml:"value"`   // in the key's unit
	Unit   string  `json:"unit" yaml:"unit"`     // what the number means
	Kind   string  `json:"kind" yaml:"kind"`     // "default" (from the knowledge base, such as a row split off into an object) or "derived" (computed from answers)
	Basis  string  `json:"basis" yaml:"basis"`   // how it was obtained, in words
	Source string  `json:"source" yaml:"source"` // source id, for defaults
	// Formula names the derivation (estimators.Derivations) a derived
	// value came from; Basis shows it in names and numbers.
	Formula string `json:"formula,omitempty" yaml:"formula,omitempty"`
}

// Latency is the typical request time the plan gives.
type Latency struct {
	HomeMS     float64 `json:"home_ms" yaml:"home_ms"`           // users near the serving region
	FarUsersMS float64 `json:"far_users_ms" yaml:"far_users_ms"` // users in other regions
}

// Stage is where the system is on the ladder, and why.
type Stage struct {
	ID       string          `json:"id" yaml:"id"`
	Number   int             `json:"number" yaml:"number"`
	Name     string          `json:"name" yaml:"name"`
	Summary  string          `json:"summary" yaml:"summary"`
	Why      string          `json:"why" yaml:"why"`
	Solves   string          `json:"solves" yaml:"solves"`
	BySource []SourcePlacing `json:"by_source" yaml:"by_source"`
}

// SourcePlacing is where one source article would put the same system.
type SourcePlacing struct {
	Source      string   `json:"source" yaml:"source"`
	Title       string   `json:"title" yaml:"title"`
	Label       string   `json:"label" yaml:"label"`
	StageID     string   `json:"stage_id" yaml:"stage_id"`
	StageNumber int      `json:"stage_number" yaml:"stage_number"`
	UsersMin    float64  `json:"users_min" yaml:"users_min"`
	UsersMax    float64  `json:"users_max" yaml:"users_max"`
	RPSMin      *float64 `json:"rps_min" yaml:"rps_min"`
	RPSMax      *float64 `json:"rps_max" yaml:"rps_max"`
	MonthlyMin  *float64 `json:"monthly_usd_min" yaml:"monthly_usd_min"`
	MonthlyMax  *float64 `json:"monthly_usd_max" yaml:"monthly_usd_max"`
}

// Component is one thing to run.
type Component struct {
	ID         string  `json:"id" yaml:"id"`
	Name       string  `json:"name" yaml:"name"`
	Tier       string  `json:"tier" yaml:"tier"`
	Count      float64 `json:"count" yaml:"count"`
	Size       string  `json:"size" yaml:"size"`       // product, e.g. "EC2 m6i.large"; for a component priced by usage, the product that prices it; "" when free
	SizeID     string  `json:"size_id" yaml:"size_id"` // price-catalog item
	MonthlyUSD float64 `json:"monthly_usd" yaml:"monthly_usd"`
	Reason     string  `json:"reason" yaml:"reason"`
	Bottleneck string  `json:"bottleneck" yaml:"bottleneck"`
	Cut        string  `json:"cut,omitempty" yaml:"cut,omitempty"` // how to do without it, when that is a choice

	cutBuilds *knowledge.CutBuild // how the plan is built without it, when that takes more than it
}

// Deferred is a component not needed yet, and what would justify it.
type Deferred struct {
	ID         string `json:"id" yaml:"id"`
	Name       string `json:"name" yaml:"name"`
	Trigger    string `json:"trigger" yaml:"trigger"`
	Bottleneck string `json:"bottleneck" yaml:"bottleneck"`
	// InMonths is the first month of the schedule (schedule.go: traffic
	// growing at the given rate, stored data by each month's writes) whose
	// plan needs it, up to MaxHorizonMonths, whatever its trigger: the
	// month the timeline adds it. AtLoadX is the traffic multiple then,
	// (1+growth)^InMonths, or without a month the multiple of today's
	// traffic at which it is needed with today's data; a trigger in words
	// gets none without a month, as only the months say when it comes.
	AtLoadX  *float64 `json:"at_load_x" yaml:"at_load_x"`
	InMonths *float64 `json:"in_months" yaml:"in_months"`
}

// Cost is the monthly bill.
type Cost struct {
	MonthlyUSD float64            `json:"monthly_usd" yaml:"monthly_usd"`
	ByTier     map[string]float64 `json:"by_tier" yaml:"by_tier"`
	Provider   string             `json:"provider" yaml:"provider"`
	Region     string             `json:"region" yaml:"region"`
	AsOf       string             `json:"catalog_as_of" yaml:"catalog_as_of"`
	Currency   string             `json:"currency" yaml:"currency"`
	// Bands (advisor/bands.go): low with one-year commitments, typical
	// (MonthlyUSD) on demand, high with headroom for growth.
	ProviderName string  `json:"provider_name" yaml:"provider_name"`
	LowUSD       float64 `json:"low_usd" yaml:"low_usd"`
	HighUSD      float64 `json:"high_usd" yaml:"high_usd"`
	LowBasis     string  `json:"low_basis" yaml:"low_basis"`
	HighBasis    string  `json:"high_basis" yaml:"high_basis"`
}

// Budget compares the cost with what the person can spend.
type Budget struct {
	MonthlyUSD    float64 `json:"monthly_usd" yaml:"monthly_usd"`
	Fits          bool    `json:"fits" yaml:"fits"`
	DifferenceUSD float64 `json:"difference_usd" yaml:"difference_usd"` // budget minus cost: negative when over
	// FitsWithCommitments: over on demand, yet the one-year commitment
	// price (cost.low_usd) is within the budget.
	FitsWithCommitments bool  `json:"fits_with_commitments" yaml:"fits_with_commitments"`
	Cuts                []Cut `json:"cuts" yaml:"cuts"`
	// CutsSaveUSD is what the cuts save added up: when it is less than
	// the amount over, no choice listed brings the plan within budget.
	CutsSaveUSD float64 `json:"cuts_save_usd" yaml:"cuts_save_usd"`
	// LargestTier is the tier that costs the most (edge, web, data,
	// async, ops), and LargestTierUSD what it costs: what drives the bill
	// when no cut closes the gap.
	LargestTier    string  `json:"largest_tier" yaml:"largest_tier"`
	LargestTierUSD float64 `json:"largest_tier_usd" yaml:"largest_tier_usd"`
}

// Cut is a way to spend less, and what it gives up.
type Cut struct {
	Component string  `json:"component" yaml:"component"`
	Name      string  `json:"name" yaml:"name"`
	SavesUSD  float64 `json:"saves_usd" yaml:"saves_usd"` // the component's cost, or the difference to the plan the cut builds
	GivesUp   string  `json:"gives_up" yaml:"gives_up"`
}

// Tradeoff is what one decision accepts in exchange for what it solves.
type Tradeoff struct {
	Component string `json:"component" yaml:"component"`
	Text      string `json:"text" yaml:"text"`
}

// Risk is something that can go wrong with this plan.
type Risk struct {
	ID   string `json:"id" yaml:"id"`
	Text string `json:"text" yaml:"text"`
}

// Limit is the first capacity the plan runs into as load grows: the limit
// of today's the schedule passes first, in month InMonths at the traffic
// multiple AtLoadX of that month; with none passed by MaxHorizonMonths,
// the one with the least headroom, AtLoadX its capacity over today's load
// (below 1 when already passed) and InMonths null.
type Limit struct {
	ID       string   `json:"id" yaml:"id"`
	Says     string   `json:"says" yaml:"says"`
	AtLoadX  float64  `json:"at_load_x" yaml:"at_load_x"`
	InMonths *float64 `json:"in_months" yaml:"in_months"`
	Fix      string   `json:"fix" yaml:"fix"`
}

// NextStage is the next rung and what would put the system there, dated
// as a deferred component is (the same as stages' boundary for it).
// Trigger names the way into the stage that holds where it is dated, with
// that point's threshold; every way in when it is not found.
type NextStage struct {
	ID       string   `json:"id" yaml:"id"`
	Number   int      `json:"number" yaml:"number"`
	Name     string   `json:"name" yaml:"name"`
	Trigger  string   `json:"trigger" yaml:"trigger"`
	AtLoadX  *float64 `json:"at_load_x" yaml:"at_load_x"`
	InMonths *float64 `json:"in_months" yaml:"in_months"`
}

// Source is a publication the plan rests on.
type Source struct {
	ID    string `json:"id" yaml:"id"`
	Title string `json:"title" yaml:"title"`
}

// Worked is one figure of the plan with the arithmetic behind it, from the
// formula beside its estimator (estimators.Derivations, estimators.Shown):
// in names, and in numbers a reader can redo.
type Worked struct {
	Key      string  `json:"key" yaml:"key"`
	Label    string  `json:"label" yaml:"label"`
	Value    float64 `json:"value" yaml:"value"`
	Unit     string  `json:"unit" yaml:"unit"` // "" (a count), "rps", "/s", "GB", "GB/month"
	Symbolic string  `json:"symbolic" yaml:"symbolic"`
	Numeric  string  `json:"numeric" yaml:"numeric"` // "" when Note says why there is no arithmetic
	Note     string  `json:"note,omitempty" yaml:"note,omitempty"`
}
