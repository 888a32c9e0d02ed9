package knowledge

import (
	"fmt"
	"slices"
	"sort"

	"github.com/scaleplan/scaleplan/estimators"
)

// Constant ids the estimators need, mapped to where their value goes.
var capacityConstants = map[string]func(*estimators.Capacity) *float64{
	"app_rps_per_server":          func(c *estimators.Capacity) *float64 { return &c.AppRPSPerServer },
	"target_utilisation":          func(c *estimators.Capacity) *float64 { return &c.TargetUtilisation },
	"redundancy_availability":     func(c *estimators.Capacity) *float64 { return &c.RedundancyAvailability },
	"cache_hit_ratio":             func(c *estimators.Capacity) *float64 { return &c.CacheHitRatio },
	"hot_fraction":                func(c *estimators.Capacity) *float64 { return &c.HotFraction },
	"cache_trigger_share":         func(c *estimators.Capacity) *float64 { return &c.CacheTriggerShare },
	"cache_node_gb":               func(c *estimators.Capacity) *float64 { return &c.CacheNodeGB },
	"cache_ops_per_node":          func(c *estimators.Capacity) *float64 { return &c.CacheOpsPerNode },
	"pool_connections_per_client": func(c *estimators.Capacity) *float64 { return &c.PoolConnectionsPerClient },
	"pool_min_connections":        func(c *estimators.Capacity) *float64 { return &c.PoolMinConnections },
	"db_read_qps_per_vcpu":        func(c *estimators.Capacity) *float64 { return &c.DBReadQPSPerVCPU },
	"db_write_qps_per_vcpu":       func(c *estimators.Capacity) *float64 { return &c.DBWriteQPSPerVCPU },
	"db_standard_vcpu":            func(c *estimators.Capacity) *float64 { return &c.DBStandardVCPU },
	"max_gb_per_shard":            func(c *estimators.Capacity) *float64 { return &c.MaxGBPerShard },
	"working_set_share":           func(c *estimators.Capacity) *float64 { return &c.WorkingSetShare },
}

// DefaultIDs are the constants that answer unanswered questions, keyed by
// constant id; the value is the answer key they stand in for.
var DefaultIDs = map[string]string{
	"default_dau_per_mau":       "dau",
	"default_requests_per_user": "requests_per_user",
	"default_read_ratio":        "read_ratio",
	"default_peak_factor":       "peak_factor",
	"default_spiky_peak_factor": "peak_factor",
	"default_write_bytes":       "write_bytes",
	"default_data_gb":           "data_gb",
	"default_retention_years":   "retention_years",
	"default_growth":            "growth",
	"default_regions":           "regions",
	"default_availability":      "availability",
	"default_team":              "team",
	"response_bytes":            "",
	"media_response_bytes":      "",
	"write_ack_bytes":           "",
	"request_latency_seconds":   "",
	"cross_region_latency_ms":   "",
	"app_latency_ms":            "",
	"cache_latency_ms":          "",
	"db_latency_ms":             "",
	// Cost bands (advisor/bands.go).
	"commitment_discount_aws":          "",
	"commitment_discount_gcp":          "",
	"commitment_discount_hetzner":      "",
	"commitment_discount_digitalocean": "",
	"cost_headroom":                    "",
}

type validator struct {
	c     *exprCompiler
	b     *Base
	names map[string]string // file name → name shown in errors
}

func (v validator) at(file string, line int) string {
	return fmt.Sprintf("%s:%d", v.names[file], line)
}

func (v validator) run(ladder []DBRung) error {
	b := v.b
	b.sources = map[string]*Source{}
	for i := range b.Sources {
		s := &b.Sources[i]
		if s.ID == "" || s.Title == "" {
			return fmt.Errorf("%s: a source needs an id and a title", v.at("sources.yaml", s.Line))
		}
		if _, dup := b.sources[s.ID]; dup {
			return fmt.Errorf("%s: source %q is listed twice", v.at("sources.yaml", s.Line), s.ID)
		}
		b.sources[s.ID] = s
	}
	if err := v.constants(ladder); err != nil {
		return err
	}
	if err := v.components(); err != nil {
		return err
	}
	if err := v.stages(); err != nil {
		return err
	}
	return v.rules()
}

func (v validator) source(file string, line int, id string) error {
	if _, ok := v.b.sources[id]; !ok {
		return fmt.Errorf("%s: unknown source %q", v.at(file, line), id)
	}
	return nil
}

func (v validator) constants(ladder []DBRung) error {
	b := v.b
	b.constants = map[string]*Constant{}
	b.Defaults = map[string]Constant{}
	for i := range b.Constants {
		c := &b.Constants[i]
		if _, dup := b.constants[c.ID]; dup {
			return fmt.Errorf("%s: constant %q is listed twice", v.at("constants.yaml", c.Line), c.ID)
		}
		if err := v.source("constants.yaml", c.Line, c.Source); err != nil {
			return err
		}
		if c.Value < 0 {
			return fmt.Errorf("%s: constant %q is negative (%v)", v.at("constants.yaml", c.Line), c.ID, c.Value)
		}
		b.constants[c.ID] = c
	}
	for id, field := range capacityConstants {
		c, ok := b.constants[id]
		if !ok {
			return fmt.Errorf("%s: missing capacity constant %q", v.names["constants.yaml"], id)
		}
		if c.Value <= 0 {
			return fmt.Errorf("%s: constant %q must be greater than 0", v.at("constants.yaml", c.Line), id)
		}
		*field(&b.Capacity) = c.Value
	}
	for _, id := range []string{"target_utilisation", "cache_hit_ratio", "hot_fraction", "cache_trigger_share", "working_set_share"} {
		if c := b.constants[id]; c.Value >= 1 {
			return fmt.Errorf("%s: constant %q is a share and must be below 1 (got %v)", v.at("constants.yaml", c.Line), id, c.Value)
		}
	}
	ids := make([]string, 0, len(DefaultIDs))
	for id := range DefaultIDs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c, ok := b.constants[id]
		if !ok {
			return fmt.Errorf("%s: missing constant %q", v.names["constants.yaml"], id)
		}
		b.Defaults[id] = *c
	}
	if len(ladder) == 0 {
		return fmt.Errorf("%s: db_ladder is empty: list the database sizes, smallest first", v.names["constants.yaml"])
	}
	prev := 0.0
	for _, r := range ladder {
		if r.VCPU <= prev {
			return fmt.Errorf("%s: db_ladder must grow: %q has %v vCPU after %v", v.at("constants.yaml", r.Line), r.Item, r.VCPU, prev)
		}
		prev = r.VCPU
		for _, p := range b.Providers() {
			if _, ok := b.Catalogs[p].Item(r.Item); !ok {
				return fmt.Errorf("%s: db_ladder item %q is not in the %s price catalog (%s)", v.at("constants.yaml", r.Line), r.Item, p, b.Catalogs[p].file)
			}
		}
		if r.MemoryGB <= 0 {
			return fmt.Errorf("%s: db_ladder item %q needs memory_gb", v.at("constants.yaml", r.Line), r.Item)
		}
		b.Capacity.DBClasses = append(b.Capacity.DBClasses, estimators.DBClass{ID: r.Item, VCPU: r.VCPU, MemoryGB: r.MemoryGB})
	}
	return nil
}

func (v validator) components() error {
	b := v.b
	b.components = map[string]*Component{}
	for i := range b.Components {
		c := &b.Components[i]
		at := v.at("components.yaml", c.Line)
		if c.ID == "" || c.Name == "" {
			return fmt.Errorf("%s: a component needs an id and a name", at)
		}
		if _, dup := b.components[c.ID]; dup {
			return fmt.Errorf("%s: component %q is listed twice", at, c.ID)
		}
		if !slices.Contains(Tiers, c.Tier) {
			return fmt.Errorf("%s: component %q: tier %q is not one of %v", at, c.ID, c.Tier, Tiers)
		}
		if c.Stage < 0 || c.Stage >= len(StageIDs) {
			return fmt.Errorf("%s: component %q: stage %d is not on the ladder (0-%d)", at, c.ID, c.Stage, len(StageIDs)-1)
		}
		if c.Solves == "" || len(c.Tradeoffs) == 0 || len(c.Sources) == 0 {
			return fmt.Errorf("%s: component %q needs solves, tradeoffs and sources", at, c.ID)
		}
		for _, s := range c.Sources {
			if err := v.source("components.yaml", c.Line, s); err != nil {
				return err
			}
		}
		b.components[c.ID] = c
	}
	return nil
}

func (v validator) stages() error {
	b := v.b
	if len(b.Stages) != len(StageIDs) {
		return fmt.Errorf("%s: want the %d stages of the ladder (%v), got %d", v.names["stages.yaml"], len(StageIDs), StageIDs, len(b.Stages))
	}
	type span struct {
		min, max float64
		line     int
		label    string
	}
	spans := map[string][]span{}
	for i := range b.Stages {
		s := &b.Stages[i]
		at := v.at("stages.yaml", s.Line)
		if s.ID != StageIDs[i] || s.Number != i {
			return fmt.Errorf("%s: stage %d must be %q with number %d (got %q, %d)", at, i, StageIDs[i], i, s.ID, s.Number)
		}
		var err error
		file := v.names["stages.yaml"]
		if s.enter, err = v.c.expr(s.Enter, file, lineOf(s.Lines, "enter", s.Line), kindBool); err != nil {
			return err
		}
		if s.because, err = v.c.template(s.Because, file, lineOf(s.Lines, "because", s.Line)); err != nil {
			return err
		}
		if s.Trigger != nil {
			if err := v.compileTrigger(s.Trigger, file); err != nil {
				return err
			}
		} else if i < len(StageIDs)-1 {
			return fmt.Errorf("%s: stage %q needs a trigger for the next stage", at, s.ID)
		}
		for _, src := range s.Sources {
			if err := v.source("stages.yaml", s.Line, src); err != nil {
				return err
			}
		}
		for _, bs := range s.BySource {
			src, ok := b.sources[bs.Source]
			if !ok {
				return fmt.Errorf("%s: unknown source %q", v.at("stages.yaml", bs.Line), bs.Source)
			}
			if !src.Ladder {
				return fmt.Errorf("%s: source %q is not an article with its own ladder (set ladder: true)", v.at("stages.yaml", bs.Line), bs.Source)
			}
			if bs.UsersMax <= bs.UsersMin {
				return fmt.Errorf("%s: %s %q: users_max (%v) must be above users_min (%v)", v.at("stages.yaml", bs.Line), bs.Source, bs.Label, bs.UsersMax, bs.UsersMin)
			}
			spans[bs.Source] = append(spans[bs.Source], span{bs.UsersMin, bs.UsersMax, bs.Line, bs.Label})
		}
	}
	for src, ss := range spans {
		sort.Slice(ss, func(i, j int) bool { return ss[i].min < ss[j].min })
		for i := 1; i < len(ss); i++ {
			if ss[i].min < ss[i-1].max {
				return fmt.Errorf("%s: %s %q (%v-%v users) overlaps %q (%v-%v users)", v.at("stages.yaml", ss[i].line), src, ss[i].label, ss[i].min, ss[i].max, ss[i-1].label, ss[i-1].min, ss[i-1].max)
			}
		}
	}
	return nil
}

func (v validator) compileTrigger(t *Trigger, file string) error {
	var err error
	if (t.Metric == "") != (t.Threshold == "") {
		return fmt.Errorf("%s:%d: a trigger needs both metric and threshold, or neither", file, t.Line)
	}
	if t.Metric != "" {
		if t.metric, err = v.c.expr(t.Metric, file, lineOf(t.Lines, "metric", t.Line), kindNumber); err != nil {
			return err
		}
		if t.threshold, err = v.c.expr(t.Threshold, file, lineOf(t.Lines, "threshold", t.Line), kindNumber); err != nil {
			return err
		}
	}
	t.text, err = v.c.template(t.Text, file, lineOf(t.Lines, "text", t.Line))
	return err
}

func (v validator) rules() error {
	b := v.b
	file := v.names["rules.yaml"]
	b.rulesFor = map[string][]*Rule{}
	for i := range b.Rules {
		r := &b.Rules[i]
		b.rulesFor[r.Component] = append(b.rulesFor[r.Component], r)
		at := v.at("rules.yaml", r.Line)
		c, ok := b.components[r.Component]
		if !ok {
			return fmt.Errorf("%s: rule for unknown component %q", at, r.Component)
		}
		if r.Bottleneck == "" || r.Reason == "" {
			return fmt.Errorf("%s: the rule for %q must name its bottleneck and reason", at, r.Component)
		}
		var err error
		if r.Applies != "" {
			if r.applies, err = v.c.expr(r.Applies, file, lineOf(r.Lines, "applies", r.Line), kindBool); err != nil {
				return err
			}
		}
		if r.when, err = v.c.expr(r.When, file, lineOf(r.Lines, "when", r.Line), kindBool); err != nil {
			return err
		}
		if r.Count != "" {
			if r.count, err = v.c.expr(r.Count, file, lineOf(r.Lines, "count", r.Line), kindNumber); err != nil {
				return err
			}
		}
		if r.Size != "" && r.SizeExpr != "" {
			return fmt.Errorf("%s: the rule for %q has both size and size_expr; give one", at, r.Component)
		}
		if r.SizeExpr != "" {
			if r.sizeExpr, err = v.c.expr(r.SizeExpr, file, lineOf(r.Lines, "size_expr", r.Line), kindString); err != nil {
				return err
			}
		}
		if r.reason, err = v.c.template(r.Reason, file, lineOf(r.Lines, "reason", r.Line)); err != nil {
			return err
		}
		tradeoff := r.Tradeoff
		if tradeoff == "" {
			tradeoff = c.Tradeoffs[0]
		}
		if r.tradeoff, err = v.c.template(tradeoff, file, lineOf(r.Lines, "tradeoff", r.Line)); err != nil {
			return err
		}
		if r.Cut != "" {
			if r.cut, err = v.c.template(r.Cut, file, lineOf(r.Lines, "cut", r.Line)); err != nil {
				return err
			}
		}
		if r.Trigger != nil {
			if err := v.compileTrigger(r.Trigger, file); err != nil {
				return err
			}
		}
		items := []struct {
			id   string
			line int
		}{}
		if r.Size != "" {
			items = append(items, struct {
				id   string
				line int
			}{r.Size, r.Line})
		}
		for j := range r.Usage {
			u := &r.Usage[j]
			if u.quantity, err = v.c.expr(u.Quantity, file, lineOf(u.Lines, "quantity", u.Line), kindNumber); err != nil {
				return err
			}
			items = append(items, struct {
				id   string
				line int
			}{u.Item, u.Line})
		}
		for _, it := range items {
			for _, p := range b.Providers() {
				if _, ok := b.Catalogs[p].Item(it.id); !ok {
					return fmt.Errorf("%s: price item %q is not in the %s catalog (%s)", v.at("rules.yaml", it.line), it.id, p, b.Catalogs[p].file)
				}
			}
		}
	}
	for i := range b.Limits {
		l := &b.Limits[i]
		var err error
		if l.Applies != "" {
			if l.applies, err = v.c.expr(l.Applies, file, lineOf(l.Lines, "applies", l.Line), kindBool); err != nil {
				return err
			}
		}
		if l.metric, err = v.c.expr(l.Metric, file, lineOf(l.Lines, "metric", l.Line), kindNumber); err != nil {
			return err
		}
		if l.capacity, err = v.c.expr(l.Capacity, file, lineOf(l.Lines, "capacity", l.Line), kindNumber); err != nil {
			return err
		}
		if l.fix, err = v.c.template(l.Fix, file, lineOf(l.Lines, "fix", l.Line)); err != nil {
			return err
		}
	}
	for i := range b.Risks {
		r := &b.Risks[i]
		var err error
		if r.when, err = v.c.expr(r.When, file, lineOf(r.Lines, "when", r.Line), kindBool); err != nil {
			return err
		}
		if r.text, err = v.c.template(r.Text, file, lineOf(r.Lines, "text", r.Line)); err != nil {
			return err
		}
	}
	return nil
}
