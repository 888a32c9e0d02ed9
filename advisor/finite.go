package advisor

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Every number a plan holds is finite: JSON has no spelling for NaN or an
// infinity (encoding fails with "json: unsupported value"), and text would
// say "∞" or "$NaN". The estimators and the knowledge base's expressions
// can still produce one from answers within their limits (a growth of
// 1e-15% a month makes log(1+g) zero), so a plan is walked once before it
// is handed out, and the first figure that is not finite is an error
// naming it. The same walk turns -0 into 0, which would print as "-0".

// walker visits every number of a plan, keeping the path to the one it is
// at ("timeline.points[3].monthly_usd"), which is spelt out only for an
// error.
type walker struct {
	steps []pathStep
	// visit is called for each number, settable, with whether it may be
	// below 0 (a difference).
	visit func(w *walker, v reflect.Value, signed bool) error
}

// pathStep is one step of a path: a field or map key by name, or a list
// index.
type pathStep struct {
	name  string
	index int
}

// path spells out where the walk is.
func (w *walker) path() string {
	var b strings.Builder
	for _, s := range w.steps {
		switch {
		case s.name == "":
			fmt.Fprintf(&b, "[%d]", s.index)
		case b.Len() > 0:
			b.WriteString("." + s.name)
		default:
			b.WriteString(s.name)
		}
	}
	return b.String()
}

// signedFigures are the fields of a plan that may be negative: the
// differences. Every other figure is a count, size, rate, price or share.
var signedFigures = map[reflect.Type][]string{
	reflect.TypeFor[Budget]():   {"DifferenceUSD"},
	reflect.TypeFor[LoadPlan](): {"CostChangeUSD"},
}

// structField is what the walk needs of one exported field that holds a
// number somewhere.
type structField struct {
	index            int
	name             string // JSON name
	number, embedded bool
	signed           bool
}

// fieldsCache holds each struct type's fields: a plan is walked every time
// one is made, and the reflection over its types is the walk's cost.
var fieldsCache sync.Map // reflect.Type → []structField

func fieldsOf(t reflect.Type) []structField {
	if fs, ok := fieldsCache.Load(t); ok {
		return fs.([]structField)
	}
	out := []structField{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || !holdsNumbers(f.Type, 0) {
			continue
		}
		out = append(out, structField{index: i, name: cmp.Or(name, f.Name), number: isNumber(f.Type.Kind()), embedded: f.Anonymous,
			signed: slices.Contains(signedFigures[t], f.Name)})
	}
	fieldsCache.Store(t, out)
	return out
}

// holdsNumbers reports whether a value of type t can hold a number the
// walk visits (text, yes/no and lists of text hold none).
func holdsNumbers(t reflect.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holdsNumbers(t.Elem(), depth+1)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsNumbers(f.Type, depth+1) {
				return true
			}
		}
		return false
	case reflect.Interface:
		return true
	}
	return isNumber(t.Kind())
}

// walk visits every number in v (a plan or a part of one), in field
// order, stopping at the first error.
func (w *walker) walk(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return w.walk(v.Elem())
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if !f.embedded {
				w.steps = append(w.steps, pathStep{name: f.name})
			}
			var err error
			if f.number {
				err = w.visit(w, fv, f.signed)
			} else {
				err = w.walk(fv)
			}
			if err != nil {
				return err
			}
			if !f.embedded {
				w.steps = w.steps[:len(w.steps)-1]
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.steps = append(w.steps, pathStep{index: i})
			if err := w.walk(v.Index(i)); err != nil {
				return err
			}
			w.steps = w.steps[:len(w.steps)-1]
		}
	case reflect.Map:
		keys := v.MapKeys()
		// A plan's maps have text keys (cost by tier): sorted as text,
		// without formatting each.
		name := reflect.Value.String
		if v.Type().Key().Kind() != reflect.String {
			name = func(k reflect.Value) string { return fmt.Sprint(k) }
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(name(a), name(b)) })
		e := reflect.New(v.Type().Elem()).Elem()
		for _, k := range keys {
			// Map values cannot be set in place: copy, visit, store back.
			e.Set(v.MapIndex(k))
			w.steps = append(w.steps, pathStep{name: name(k)})
			if err := w.walk(e); err != nil {
				return err
			}
			w.steps = w.steps[:len(w.steps)-1]
			v.SetMapIndex(k, e)
		}
	default:
		if isNumber(v.Kind()) {
			return w.visit(w, v, false)
		}
	}
	return nil
}

func isNumber(k reflect.Kind) bool {
	switch k {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// finish checks a plan made from a before it is handed out: a figure that
// is not finite is an error about the answers that led to it (an
// *answers.Error naming those given, so exit code 2), and -0 becomes 0.
func finish(p *Plan, a *answers.Answers) error {
	w := walker{steps: make([]pathStep, 0, 8), visit: func(w *walker, v reflect.Value, _ bool) error {
		if !v.CanFloat() {
			return nil
		}
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nonFinite(a, w.path(), x)
		}
		if x == 0 && math.Signbit(x) && v.CanSet() {
			v.SetFloat(0)
		}
		return nil
	}}
	return w.walk(reflect.ValueOf(p))
}

// nonFinite is the error for a figure the answers made impossible to
// compute, naming the answers given.
func nonFinite(a *answers.Answers, path string, x float64) error {
	var given []*answers.Field
	for _, f := range answers.Fields {
		if f.Kind.Numeric() && a.Has(f) {
			given = append(given, f)
		}
	}
	if len(given) == 0 {
		given = answers.TrafficFields
	}
	return &answers.Error{Fields: given, Msg: fmt.Sprintf("these answers make the plan's %s impossible to compute (it comes out as %v); give less extreme figures", path, x)}
}

// finishDecision is finish for a sweep's decision, on the figures a sweep
// reports, without reflection: a sweep makes millions of them.
// The path of a figure is spelt out only for the error.
func finishDecision(d *Decision, a *answers.Answers) error {
	finite := func(x *float64) bool {
		if math.IsNaN(*x) || math.IsInf(*x, 0) {
			return false
		}
		*x += 0 // -0 becomes 0
		return true
	}
	if !finite(&d.MonthlyUSD) {
		return nonFinite(a, "monthly_usd", d.MonthlyUSD)
	}
	if !finite(&d.Inputs.PeakRPS) {
		return nonFinite(a, "inputs.peak_rps", d.Inputs.PeakRPS)
	}
	for i := range d.Components {
		c := &d.Components[i]
		if !finite(&c.Count) {
			return nonFinite(a, "components["+c.ID+"].count", c.Count)
		}
		if !finite(&c.MonthlyUSD) {
			return nonFinite(a, "components["+c.ID+"].monthly_usd", c.MonthlyUSD)
		}
	}
	return nil
}

// CheckPlan reports the first thing in p that no plan this program makes
// can hold: a number that is not finite, a negative one other than a
// difference, a count that is not whole or past the knowledge base's
// max_plan_count, money past max_plan_monthly_usd, a component listed
// twice, a stage off the ladder, or answers outside their limits. diff
// uses it on plans read from files, which anyone can write.
func (ad *Advisor) CheckPlan(p *Plan) error {
	maxCount, maxUSD := math.Inf(1), math.Inf(1)
	if c, ok := ad.kb.Constant(knowledge.MaxPlanCount); ok {
		maxCount = c.Value
	}
	if c, ok := ad.kb.Constant(knowledge.MaxPlanMonthlyUSD); ok {
		maxUSD = c.Value
	}
	w := walker{visit: func(w *walker, v reflect.Value, signed bool) error {
		var x float64
		switch {
		case v.CanFloat():
			x = v.Float()
		case v.CanInt():
			x = float64(v.Int())
		}
		name, parent := w.names()
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return fmt.Errorf("%s is %v; a plan's figures are finite numbers", w.path(), x)
		case x < 0 && !signed:
			return fmt.Errorf("%s is %v; it cannot be negative", w.path(), x)
		case name == "count" && x != math.Trunc(x):
			return fmt.Errorf("%s is %v; a count is a whole number", w.path(), x)
		case name == "count" && x > maxCount:
			return fmt.Errorf("%s is %s; a plan runs at most %s of a component (%s)", w.path(), figure(x), human.Grouped(maxCount), knowledge.MaxPlanCount)
		case (strings.Contains(name, "usd") || parent == "by_tier") && math.Abs(x) > maxUSD:
			return fmt.Errorf("%s is %s; a plan's figures in USD are at most %s a month (%s)", w.path(), figure(x), human.USD(maxUSD), knowledge.MaxPlanMonthlyUSD)
		}
		return nil
	}}
	if err := w.walk(reflect.ValueOf(p)); err != nil {
		return err
	}
	last := len(knowledge.StageIDs) - 1
	if p.Stage.Number > last {
		return fmt.Errorf("stage.number is %d; the stages are numbered 0 to %d", p.Stage.Number, last)
	}
	if p.NextStage != nil && p.NextStage.Number > last {
		return fmt.Errorf("next_stage.number is %d; the stages are numbered 0 to %d", p.NextStage.Number, last)
	}
	// The stage is the ladder's rung of that number (its name is words,
	// which a knowledge overlay may change).
	if n := p.Stage.Number; n < len(ad.kb.Stages) {
		if st := ad.kb.Stages[n]; p.Stage.ID != st.ID {
			return fmt.Errorf("stage is number %d with id %q; stage %d is %s", n, p.Stage.ID, n, st.ID)
		}
	}
	seen := make(map[string]int, len(p.Components))
	total := 0.0
	for i, c := range p.Components {
		if j, dup := seen[c.ID]; dup {
			return fmt.Errorf("components[%d].id %q is listed twice (also components[%d]); a plan runs each component once", i, c.ID, j)
		}
		if c.Count < 1 {
			return fmt.Errorf("components[%d].count is %v; a component in a plan runs at least once", i, c.Count)
		}
		seen[c.ID] = i
		total += c.MonthlyUSD
	}
	// The cost is its components' sum, as Advise adds it up.
	if d := math.Abs(total - p.Cost.MonthlyUSD); d > 0.01+1e-9*total {
		return fmt.Errorf("cost.monthly_usd is %s, but its components add up to %s", human.USD(p.Cost.MonthlyUSD), human.USD(total))
	}
	if v := p.Answers.Version; v > answers.Version {
		return fmt.Errorf("answers.version is %d; this scaleplan reads answers of version %d", v, answers.Version)
	}
	if err := ad.Check(p.Answers); err != nil {
		if ae, ok := answers.AsError(err); ok && len(ae.Fields) > 0 {
			value := ""
			if ae.Value != "" {
				value = " " + ae.Value
			}
			return fmt.Errorf("answers.%s%s: %s", ae.Fields[0].Key, value, ae.Msg)
		}
		return fmt.Errorf("answers: %w", err)
	}
	return nil
}

// names is the name of the field the walk is at and of the one holding it
// ("" for a list index).
func (w *walker) names() (name, parent string) {
	if n := len(w.steps); n > 0 {
		name = w.steps[n-1].name
		if n > 1 {
			parent = w.steps[n-2].name
		}
	}
	return name, parent
}

// figure writes a number for an error: whole ones up to 1e15 in full,
// larger or fractional ones as Go writes them shortest (1e+300, never
// three hundred digits).
func figure(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
