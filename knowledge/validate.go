package knowledge

import (
	"io/fs"
	"maps"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"

	"fmt"
	"slices"
	"sort"

	"github.com/scaleplan/scaleplan/estimators"
)

type validator struct {
	c     *expression.Compiler // made once the constants are read
	b     *Base
	names map[string]string // file name → name shown in errors
}

func (v validator) at(file string, line int) string {
	return fmt.Sprintf("%s:%d", v.names[file], line)
}

func (v *validator) run(cf *constantsFile) error {
	b := v.b
	b.sources = map[string]*Source{}
	for i := range b.Sources {
		s := &b.Sources[i]
		if s.ID == "" || s.Title == "" {
			return fmt.Errorf("%s: a source needs an id and a title", v.at("sources.yaml", s.Line))
		}
		if err := checkID(v.at("sources.yaml", s.Line), "source", s.ID); err != nil {
			return err
		}
		if _, dup := b.sources[s.ID]; dup {
			return fmt.Errorf("%s: source %q is listed twice", v.at("sources.yaml", s.Line), s.ID)
		}
		b.sources[s.ID] = s
	}
	if err := v.constants(cf); err != nil {
		return err
	}
	c, err := expression.NewCompiler(b.inlined())
	if err != nil {
		return fmt.Errorf("%s: %w", v.names["constants.yaml"], err)
	}
	if file := v.names["constants.yaml"]; fromOverlay(file) {
		// An overlay's constants can break expressions it does not touch:
		// errors about those expressions then point at the constants too.
		where := make(map[string]string, len(b.Constants))
		for _, k := range b.Constants {
			where[k.ID] = v.at("constants.yaml", k.Line)
		}
		c.SetOrigins(where)
	}
	v.c = c
	b.Expressions = c
	if err := v.formulas(); err != nil {
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

// constants indexes constants.yaml, fills the estimators' Capacity from
// it, and checks that every answer's default and limit exists.
func (v *validator) constants(cf *constantsFile) error {
	ladder, cacheLadder := cf.DBLadder, cf.CacheLadder
	b := v.b
	b.constants = map[string]*Constant{}
	for i := range b.Constants {
		c := &b.Constants[i]
		at := v.at("constants.yaml", c.Line)
		if !idPattern.MatchString(strings.ReplaceAll(c.ID, "_", "-")) {
			return fmt.Errorf("%s: constant id %q: want lower-case words joined by _, like target_utilisation", at, c.ID)
		}
		if _, dup := b.constants[c.ID]; dup {
			return fmt.Errorf("%s: constant %q is listed twice", at, c.ID)
		}
		if err := v.source("constants.yaml", c.Line, c.Source); err != nil {
			return err
		}
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			return fmt.Errorf("%s: constant %q: %v is not a number", at, c.ID, c.Value)
		}
		if c.Value < 0 {
			return fmt.Errorf("%s: constant %q is negative (%v)", at, c.ID, c.Value)
		}
		if err := v.inRange(at, c); err != nil {
			return err
		}
		if _, ok := estimators.Units[c.ID]; ok {
			return fmt.Errorf("%s: constant %q is a unit conversion the program defines; choose another id", at, c.ID)
		}
		if slices.ContainsFunc(expression.Variables(), func(x expression.Variable) bool { return x.Name == c.ID }) {
			return fmt.Errorf("%s: constant %q is also a quantity the program computes (an answer or an estimate); choose another id", at, c.ID)
		}
		b.constants[c.ID] = c
	}
	// The estimators' figures, each a field named by its constant id.
	cv := reflect.ValueOf(&b.Capacity).Elem()
	ct := cv.Type()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if f.Type.Kind() != reflect.Float64 {
			continue
		}
		id, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		c, ok := b.constants[id]
		if !ok {
			return fmt.Errorf("%s: missing constant %q, which the estimators need", v.names["constants.yaml"], id)
		}
		switch {
		case f.Tag.Get("range") == "share" && (c.Value <= 0 || c.Value > 1):
			return fmt.Errorf("%s: constant %q is a share and must be above 0 and at most 1 (got %v)", v.at("constants.yaml", c.Line), id, c.Value)
		case c.Value <= 0:
			return fmt.Errorf("%s: constant %q must be greater than 0", v.at("constants.yaml", c.Line), id)
		}
		cv.Field(i).SetFloat(c.Value)
	}
	// Every answer's default and plausible maximum.
	for _, f := range answers.Fields {
		ids := []string{f.Default, f.Max}
		for _, t := range slices.Sorted(maps.Keys(f.TraitDefaults)) {
			ids = append(ids, f.TraitDefaults[t])
		}
		for _, id := range ids {
			if id == "" {
				continue
			}
			c, ok := b.constants[id]
			if !ok {
				return fmt.Errorf("%s: missing constant %q, the answer %s's default or limit", v.names["constants.yaml"], id, f.Key)
			}
			if id == f.Max && c.Value <= f.Min {
				return fmt.Errorf("%s: constant %q: the largest %s must be above %v", v.at("constants.yaml", c.Line), id, f.Key, f.Min)
			}
			if id == f.Max {
				continue
			}
			// A default stands in for the answer: it must be one the
			// answer could be (regions: 0.5 would make counts negative).
			if _, err := f.Parse(strconv.FormatFloat(c.Value, 'g', -1, 64)); err != nil {
				return fmt.Errorf("%s: constant %q is the default %s, and %v", v.at("constants.yaml", c.Line), id, f.Key, err)
			}
			if hi, ok := b.constants[f.Max]; ok && c.Value > hi.Value {
				return fmt.Errorf("%s: constant %q is the default %s, and %v is above its maximum %s (%v)", v.at("constants.yaml", c.Line), id, f.Key, c.Value, f.Max, hi.Value)
			}
		}
	}
	for _, id := range []string{MaxPlanCount, MaxPlanMonthlyUSD} {
		if _, ok := b.constants[id]; !ok {
			return fmt.Errorf("%s: missing constant %q, a limit on the plans diff reads", v.names["constants.yaml"], id)
		}
	}
	if len(ladder) == 0 {
		return fmt.Errorf("%s: db_ladder is empty: list the database sizes, smallest first", v.names["constants.yaml"])
	}
	prev := 0.0
	for _, r := range ladder {
		if !(r.VCPU > prev) || math.IsInf(r.VCPU, 0) || !(r.MemoryGB > 0) || math.IsInf(r.MemoryGB, 0) {
			if r.VCPU > prev && !math.IsInf(r.VCPU, 0) {
				return fmt.Errorf("%s: db_ladder item %q needs a finite memory_gb above 0", v.at("constants.yaml", r.Line), r.Item)
			}
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
	if len(cacheLadder) == 0 {
		return fmt.Errorf("%s: cache_ladder is empty: list the in-memory node sizes, smallest first", v.names["constants.yaml"])
	}
	prev = 0.0
	for _, r := range cacheLadder {
		at := v.at("constants.yaml", r.Line)
		if !(r.MemoryGB > prev) || math.IsInf(r.MemoryGB, 0) {
			return fmt.Errorf("%s: cache_ladder must grow: %q has %v GB after %v", at, r.Item, r.MemoryGB, prev)
		}
		prev = r.MemoryGB
		if err := v.source("constants.yaml", r.Line, r.Source); err != nil {
			return err
		}
		for _, p := range b.Providers() {
			if _, ok := b.Catalogs[p].Item(r.Item); !ok {
				return fmt.Errorf("%s: cache_ladder item %q is not in the %s price catalog (%s)", at, r.Item, p, b.Catalogs[p].file)
			}
		}
		b.Capacity.CacheClasses = append(b.Capacity.CacheClasses, estimators.CacheClass{ID: r.Item, MemoryGB: r.MemoryGB})
	}
	var err error
	if b.Capacity.VMClasses, err = v.sizeLadder("vm_ladder", "fleet server", cf.VMLadder); err != nil {
		return err
	}
	if b.Capacity.SearchClasses, err = v.sizeLadder("search_ladder", "search node", cf.SearchLadder); err != nil {
		return err
	}
	b.Capacity.StreamClasses, err = v.sizeLadder("stream_ladder", "stream broker", cf.StreamLadder)
	return err
}

// inRange refuses a constant outside the values it may take: its own
// range, and, in an overlay, the embedded base's for the same id, which an
// overlay cannot widen (an SLA of 1e-300% or a shard of 0 GB describes no
// system, and makes plans absurd or slow).
func (v *validator) inRange(at string, c *Constant) error {
	if c.Range != nil && (len(c.Range) != 2 || c.Range[0] > c.Range[1]) {
		return fmt.Errorf("%s: constant %q: range wants the lowest value and the highest, like [90, 100]", at, c.ID)
	}
	ranges := [][]float64{c.Range}
	if fromOverlay(v.names["constants.yaml"]) {
		ranges = append(ranges, baseRanges()[c.ID])
	}
	for _, r := range ranges {
		if len(r) == 2 && (c.Value < r[0] || c.Value > r[1]) {
			unit := ""
			if c.Unit != "" {
				unit = " (" + human.Cut(c.Unit, maxQuoted) + ")"
			}
			return fmt.Errorf("%s: constant %q is %s; it must be from %s to %s%s", at, c.ID, number(c.Value), number(r[0]), number(r[1]), unit)
		}
	}
	return nil
}

// baseRanges is the range of each constant of the embedded base, by id.
var baseRanges = sync.OnceValue(func() map[string][]float64 {
	var cs []Constant
	if embeddedDecoded != nil {
		cs = embeddedDecoded().Constants.Constants
	} else {
		// Before go generate has written embedded_gen.go.
		var cf constantsFile
		if data, err := fs.ReadFile(embedded, "data/constants.yaml"); err == nil && decodeFile("constants.yaml", data, &cf) == nil {
			cs = cf.Constants
		}
	}
	out := make(map[string][]float64, len(cs))
	for _, c := range cs {
		out[c.ID] = c.Range
	}
	return out
})

// number shows a figure in an error: whole numbers grouped, others as Go
// writes them shortest (1e-300, not three hundred zeros).
func number(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return human.Grouped(x)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// sizeLadder checks a ladder of sizes by vCPU, smallest first, each priced
// in every catalog.
func (v *validator) sizeLadder(name, what string, rungs []VMRung) ([]estimators.VMClass, error) {
	b := v.b
	if len(rungs) == 0 {
		return nil, fmt.Errorf("%s: %s is empty: list the %s sizes, smallest first", v.names["constants.yaml"], name, what)
	}
	var out []estimators.VMClass
	prev := 0.0
	for _, r := range rungs {
		at := v.at("constants.yaml", r.Line)
		if !(r.VCPU > prev) || math.IsInf(r.VCPU, 0) {
			return nil, fmt.Errorf("%s: %s must grow: %q has %v vCPU after %v", at, name, r.Item, r.VCPU, prev)
		}
		prev = r.VCPU
		if err := v.source("constants.yaml", r.Line, r.Source); err != nil {
			return nil, err
		}
		for _, p := range b.Providers() {
			if _, ok := b.Catalogs[p].Item(r.Item); !ok {
				return nil, fmt.Errorf("%s: %s item %q is not in the %s price catalog (%s)", at, name, r.Item, p, b.Catalogs[p].file)
			}
		}
		out = append(out, estimators.VMClass{ID: r.Item, VCPU: r.VCPU})
	}
	return out, nil
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
		if err := checkID(at, "component", c.ID); err != nil {
			return err
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
		if len(s.Enter) == 0 {
			return fmt.Errorf("%s: stage %q needs at least one way in (enter: - when: ...)", at, s.ID)
		}
		for j := range s.Enter {
			e := &s.Enter[j]
			if e.when, err = v.c.Expr(e.When, file, lineOf(e.Lines, "when", e.Line), expression.Bool); err != nil {
				return err
			}
			switch {
			case e.Trigger != nil:
				if err := v.compileTrigger(e.Trigger, file); err != nil {
					return err
				}
			case i > 0:
				return fmt.Errorf("%s:%d: stage %q: each way in needs a trigger saying when it comes", file, e.Line, s.ID)
			}
		}
		// One compiled condition decides the stage; the entries say which
		// way in held.
		if s.enter, err = v.c.Expr(s.EnterSource(), file, lineOf(s.Lines, "enter", s.Line), expression.Bool); err != nil {
			return err
		}
		if s.because, err = v.c.Template(s.Because, file, lineOf(s.Lines, "because", s.Line)); err != nil {
			return err
		}
		if s.PlanSummary != "" {
			if s.planSummary, err = v.c.Template(s.PlanSummary, file, lineOf(s.Lines, "plan_summary", s.Line)); err != nil {
				return err
			}
		}
		if s.Resilience != "" {
			i := slices.Index(estimators.ResilienceLevels, s.Resilience)
			if i < 0 {
				return fmt.Errorf("%s: stage %q: resilience %q: want one of %s", v.at("stages.yaml", lineOf(s.Lines, "resilience", s.Line)), s.ID, s.Resilience, strings.Join(estimators.ResilienceLevels, ", "))
			}
			s.minLevel = float64(i)
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
		if t.metric, err = v.c.Expr(t.Metric, file, lineOf(t.Lines, "metric", t.Line), expression.Number); err != nil {
			return err
		}
		if t.threshold, err = v.c.Expr(t.Threshold, file, lineOf(t.Lines, "threshold", t.Line), expression.Number); err != nil {
			return err
		}
	}
	if t.Held != "" {
		if t.Metric == "" {
			return fmt.Errorf("%s:%d: held says why a trigger's metric is past its threshold; this trigger has no metric", file, lineOf(t.Lines, "held", t.Line))
		}
		if t.held, err = v.c.Template(t.Held, file, lineOf(t.Lines, "held", t.Line)); err != nil {
			return err
		}
	}
	t.text, err = v.c.Template(t.Text, file, lineOf(t.Lines, "text", t.Line))
	return err
}

func (v validator) rules() error {
	b := v.b
	file := v.names["rules.yaml"]
	b.rulesFor = map[string][]*Rule{}
	defer func() {
		b.rulesAt = make([][]*Rule, len(b.Components))
		for i := range b.Components {
			b.rulesAt[i] = b.rulesFor[b.Components[i].ID]
		}
	}()
	for i := range b.Rules {
		r := &b.Rules[i]
		r.file = file
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
			if r.applies, err = v.c.Expr(r.Applies, file, lineOf(r.Lines, "applies", r.Line), expression.Bool); err != nil {
				return err
			}
		}
		if r.when, err = v.c.Expr(r.When, file, lineOf(r.Lines, "when", r.Line), expression.Bool); err != nil {
			return err
		}
		if r.Count != "" {
			if r.count, err = v.c.Expr(r.Count, file, lineOf(r.Lines, "count", r.Line), expression.Number); err != nil {
				return err
			}
			if err := notNegative(r.count, "count", "a count"); err != nil {
				return err
			}
		}
		if r.Size != "" && r.SizeExpr != "" {
			return fmt.Errorf("%s: the rule for %q has both size and size_expr; give one", at, r.Component)
		}
		if r.SizeExpr != "" {
			if r.sizeExpr, err = v.c.Expr(r.SizeExpr, file, lineOf(r.Lines, "size_expr", r.Line), expression.String); err != nil {
				return err
			}
			for _, id := range r.sizeExpr.Outcomes() {
				for _, p := range b.Providers() {
					if _, ok := b.Catalogs[p].Item(id); !ok {
						return fmt.Errorf("%s:%d: size_expr %q can give %q, which is not in the %s price catalog (%s)", file, r.sizeExpr.Line, r.SizeExpr, id, p, b.Catalogs[p].file)
					}
				}
			}
		}
		if r.reason, err = v.c.Template(r.Reason, file, lineOf(r.Lines, "reason", r.Line)); err != nil {
			return err
		}
		tradeoff := r.Tradeoff
		if tradeoff == "" {
			tradeoff = c.Tradeoffs[0]
		}
		if r.tradeoff, err = v.c.Template(tradeoff, file, lineOf(r.Lines, "tradeoff", r.Line)); err != nil {
			return err
		}
		if r.Cut != "" {
			if r.cut, err = v.c.Template(r.Cut, file, lineOf(r.Lines, "cut", r.Line)); err != nil {
				return err
			}
		}
		if cb := r.CutBuilds; cb != nil {
			line := lineOf(r.Lines, "cut_builds", r.Line)
			i := slices.Index(estimators.ResilienceLevels, cb.Level)
			switch {
			case r.Cut == "":
				return fmt.Errorf("%s:%d: cut_builds without a cut: say what the cut gives up", file, line)
			case i < 0:
				return fmt.Errorf("%s:%d: cut_builds level %q: want one of %s", file, line, cb.Level, strings.Join(estimators.ResilienceLevels, ", "))
			case cb.Regions != 0 && cb.Regions != 1:
				return fmt.Errorf("%s:%d: cut_builds regions %v: only 1 (one region) is meaningful", file, line, cb.Regions)
			}
			cb.level = float64(i)
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
			if u.quantity, err = v.c.Expr(u.Quantity, file, lineOf(u.Lines, "quantity", u.Line), expression.Number); err != nil {
				return err
			}
			if err := notNegative(u.quantity, "quantity", "a quantity"); err != nil {
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
		if err := checkID(v.at("rules.yaml", l.Line), "limit", l.ID); err != nil {
			return err
		}
		var err error
		if l.Applies != "" {
			if l.applies, err = v.c.Expr(l.Applies, file, lineOf(l.Lines, "applies", l.Line), expression.Bool); err != nil {
				return err
			}
		}
		if l.metric, err = v.c.Expr(l.Metric, file, lineOf(l.Lines, "metric", l.Line), expression.Number); err != nil {
			return err
		}
		if l.capacity, err = v.c.Expr(l.Capacity, file, lineOf(l.Lines, "capacity", l.Line), expression.Number); err != nil {
			return err
		}
		if l.fix, err = v.c.Template(l.Fix, file, lineOf(l.Lines, "fix", l.Line)); err != nil {
			return err
		}
	}
	for i := range b.Risks {
		r := &b.Risks[i]
		if err := checkID(v.at("rules.yaml", r.Line), "risk", r.ID); err != nil {
			return err
		}
		var err error
		if r.when, err = v.c.Expr(r.When, file, lineOf(r.Lines, "when", r.Line), expression.Bool); err != nil {
			return err
		}
		if r.text, err = v.c.Template(r.Text, file, lineOf(r.Lines, "text", r.Line)); err != nil {
			return err
		}
	}
	return nil
}

// formulas compiles the estimators' formulas against this base's constants.
func (v *validator) formulas() error {
	b := v.b
	const file = "estimators/formulas.go"
	b.Derivations = map[string]*expression.Formula{}
	for _, id := range slices.Sorted(maps.Keys(estimators.Derivations)) {
		f, err := v.c.Formula(estimators.Derivations[id], file)
		if err != nil {
			return err
		}
		b.Derivations[id] = f
	}
	b.Shown = b.Shown[:0]
	for _, sf := range estimators.Shown {
		f, err := v.c.Formula(sf, file)
		if err != nil {
			return err
		}
		b.Shown = append(b.Shown, f)
	}
	return nil
}

// notNegative refuses a count or usage quantity that reads no variable
// and gives a negative number (or none), which every plan would get; one
// that depends on the plan is checked as it is evaluated (Rule.Units,
// Usage.Amount).
func notNegative(e *expression.Expr, key, what string) error {
	if !e.Constant {
		return nil
	}
	var m expression.Machine
	x, err := m.Number(e, &expression.Env{})
	if err != nil {
		return err
	}
	if x < 0 {
		return fmt.Errorf("%s:%d: %s %q gives %v; %s cannot be negative", e.File, e.Line, key, e.Source, x, what)
	}
	return nil
}

// reservedIDs are words diagrams give a meaning of their own.
var reservedIDs = []string{"end", "graph", "subgraph", "flowchart", "click", "style", "class", "default"}

// checkID refuses an id that is not lower-case words joined by hyphens:
// ids become file names (decision records), diagram nodes and flag values,
// so "../x", "a b" or "end" must never get that far.
func checkID(at, what, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s: %s id %q: want lower-case letters and digits joined by hyphens, starting with a letter, like read-replica", at, what, id)
	}
	if slices.Contains(reservedIDs, id) {
		return fmt.Errorf("%s: %s id %q is a word diagrams reserve; choose another", at, what, id)
	}
	return nil
}
