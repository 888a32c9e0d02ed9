package knowledge

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/vm"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
)

// Env is everything a rule, stage condition or template may refer to: the
// resolved answers, the estimates, and the stage once it is decided. Names
// are the expr tags; a condition that names anything else fails to load.
type Env struct {
	estimators.Estimates
	Stage                  float64  `expr:"stage"`
	Regions                float64  `expr:"regions"`
	Availability           float64  `expr:"availability"`
	BudgetUSD              float64  `expr:"budget"`
	HasBudget              bool     `expr:"has_budget"`
	Team                   float64  `expr:"team"`
	GrowthPct              float64  `expr:"growth"`
	PeakFactor             float64  `expr:"peak_factor"`
	ReadRatio              float64  `expr:"read_ratio"`
	WriteBytes             float64  `expr:"write_bytes"`
	DataGB                 float64  `expr:"data_gb"`
	RetentionYears         float64  `expr:"retention_years"`
	Traits                 []string `expr:"traits"`
	TargetUtilisation      float64  `expr:"target_utilisation"`
	CacheHitRatio          float64  `expr:"cache_hit_ratio"`
	RedundancyAvailability float64  `expr:"redundancy_availability"`
	AppRPSPerServer        float64  `expr:"app_rps_per_server"`
	DBReadQPSPerVCPU       float64  `expr:"db_read_qps_per_vcpu"`
	DBWriteQPSPerVCPU      float64  `expr:"db_write_qps_per_vcpu"`
	CacheOpsPerNode        float64  `expr:"cache_ops_per_node"`
	MaxGBPerShard          float64  `expr:"max_gb_per_shard"`
	Threshold              float64  `expr:"threshold"` // a trigger's computed threshold, for its text
}

// textFunctions let templates format numbers inside string expressions,
// e.g. {cache_needed ? count(read_rps) + ' reads/s' : gb(egress_gb_per_month)}.
var textFunctions = []expr.Option{
	expr.Function("count", func(p ...any) (any, error) { return human.Count(p[0].(float64)), nil }, new(func(float64) string)),
	expr.Function("gb", func(p ...any) (any, error) { return human.GB(p[0].(float64)), nil }, new(func(float64) string)),
	expr.Function("usd", func(p ...any) (any, error) { return human.USD(p[0].(float64)), nil }, new(func(float64) string)),
}

// allowedBuiltins are the expr builtins rules may call.
var allowedBuiltins = []string{"max", "min", "ceil", "floor", "round", "abs", "len"}

// maxExprLen bounds one expression; real ones are under 200 characters.
const maxExprLen = 2000

// Expr is a compiled, type-checked expression with the place it came from.
type Expr struct {
	Source string
	File   string
	Line   int
	prog   *vm.Program
	// The same expression as a Go closure, when fastexpr.go handles it.
	fastBool boolFn
	fastNum  numFn
	fastStr  strFn
}

type exprKind int

const (
	kindBool exprKind = iota
	kindNumber
	kindString
	kindAny
)

// exprCompiler compiles the expressions of one load. Building an expr
// configuration (builtins, environment types) costs more than compiling a
// short expression, so it is built once per expected kind and reused.
type exprCompiler struct {
	configs [4]*conf.Config
}

func newExprCompiler() *exprCompiler {
	c := &exprCompiler{}
	for k := range c.configs {
		cfg := conf.CreateNew()
		for _, op := range append([]expr.Option{expr.Env(envTypes)}, textFunctions...) {
			op(cfg)
		}
		// Only arithmetic builtins: a rule must not depend on the clock or
		// anything else outside the plan's inputs.
		expr.DisableAllBuiltins()(cfg)
		for _, name := range allowedBuiltins {
			expr.EnableBuiltin(name)(cfg)
		}
		for name := range cfg.Disabled {
			delete(cfg.Builtins, name)
		}
		switch exprKind(k) {
		case kindBool:
			expr.AsBool()(cfg)
		case kindNumber:
			expr.AsFloat64()(cfg)
		case kindString:
			expr.AsKind(reflect.String)(cfg)
		}
		cfg.Check()
		c.configs[k] = cfg
	}
	return c
}

func (c *exprCompiler) expr(src, file string, line int, kind exprKind) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("%s:%d: empty expression", file, line)
	}
	if len(src) > maxExprLen {
		return nil, fmt.Errorf("%s:%d: expression is %d characters; the limit is %d", file, line, len(src), maxExprLen)
	}
	cfg := c.configs[kind]
	var node ast.Node
	prog, err := func() (*vm.Program, error) {
		tree, err := checker.ParseCheck(src, cfg)
		if err != nil {
			return nil, err
		}
		if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
			var fe *exprfile.Error
			if errors.As(err, &fe) {
				return nil, fe.Bind(tree.Source)
			}
			return nil, err
		}
		node = tree.Node
		return compiler.Compile(tree, cfg)
	}()
	if err != nil {
		var fe *exprfile.Error
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("%s:%d: %q: column %d: %s", file, line, src, fe.Column+1, fe.Message)
		}
		return nil, fmt.Errorf("%s:%d: %q: %s", file, line, src, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	e := &Expr{Source: src, File: file, Line: line, prog: prog}
	e.fastCompile(node, kind)
	return e, nil
}

// envField is one variable of Env: its expression name and struct index.
type envField struct {
	name   string
	index  []int
	kind   reflect.Kind
	offset uintptr // from the start of Env, embedded structs included
}

// envFields lists Env's variables once; envTypes is a typed sample of them
// for compiling. Expressions run against a map rather than the struct
// because expr reads map variables directly, while struct fields go through
// reflection and allocate on every read.
var envFields, envTypes = func() ([]envField, map[string]any) {
	var fields []envField
	types := map[string]any{}
	var walk func(t reflect.Type, prefix []int, base uintptr)
	walk = func(t reflect.Type, prefix []int, base uintptr) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int{}, prefix...), i)
			if f.Anonymous {
				walk(f.Type, idx, base+f.Offset)
				continue
			}
			name := f.Tag.Get("expr")
			if name == "" {
				continue
			}
			fields = append(fields, envField{name: name, index: idx, kind: f.Type.Kind(), offset: base + f.Offset})
			types[name] = reflect.Zero(f.Type).Interface()
		}
	}
	walk(reflect.TypeOf(Env{}), nil, 0)
	return fields, types
}()

// Machine evaluates expressions, reusing one VM and one variable map so a
// plan allocates little. It is not safe for concurrent use; make one per
// goroutine.
type Machine struct {
	vm    vm.VM
	vars  map[string]any
	bound *Env
	// last holds the values in vars, so binding another Env re-boxes only
	// the variables whose values differ (a sweep changes a few estimates,
	// not the capacity figures or targets).
	last Env
}

// bind makes env's values the expression variables. The advisor fills an
// Env once and then changes only Stage and Threshold, so a rebinding for the
// same Env refreshes just those two; another Env refreshes the variables
// whose values changed.
func (m *Machine) bind(env *Env) {
	if m.bound == env {
		if env.Stage != m.last.Stage {
			m.vars["stage"], m.last.Stage = env.Stage, env.Stage
		}
		if env.Threshold != m.last.Threshold {
			m.vars["threshold"], m.last.Threshold = env.Threshold, env.Threshold
		}
		return
	}
	full := m.vars == nil
	if full {
		m.vars = make(map[string]any, len(envFields))
	}
	// Fields are read through their offsets: reflect.Value.FieldByIndex
	// for every variable of every plan was a tenth of a numbers-only plan.
	cur, old := unsafe.Pointer(env), unsafe.Pointer(&m.last)
	for _, f := range envFields {
		p, q := unsafe.Add(cur, f.offset), unsafe.Add(old, f.offset)
		switch f.kind {
		case reflect.Float64:
			if x := *(*float64)(p); full || math.Float64bits(x) != math.Float64bits(*(*float64)(q)) {
				m.vars[f.name] = x
			}
		case reflect.Bool:
			if x := *(*bool)(p); full || x != *(*bool)(q) {
				m.vars[f.name] = x
			}
		case reflect.String:
			if x := *(*string)(p); full || x != *(*string)(q) {
				m.vars[f.name] = x
			}
		default:
			m.vars[f.name] = reflect.ValueOf(env).Elem().FieldByIndex(f.index).Interface()
		}
	}
	m.last, m.bound = *env, env
}

// Reset forgets the bound environment; call it when an Env's fields other
// than Stage and Threshold were changed in place.
func (m *Machine) Reset() { m.bound = nil }

func (m *Machine) run(e *Expr, env *Env) (any, error) {
	m.bind(env)
	out, err := m.vm.Run(e.prog, m.vars)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %q: %w", e.File, e.Line, e.Source, err)
	}
	return out, nil
}

// Bool evaluates a condition.
func (m *Machine) Bool(e *Expr, env *Env) (bool, error) {
	if e == nil {
		return true, nil
	}
	if e.fastBool != nil {
		return e.fastBool(env), nil
	}
	v, err := m.run(e, env)
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

// Number evaluates a numeric expression; NaN and infinities are errors
// because they would poison every figure after them.
func (m *Machine) Number(e *Expr, env *Env) (float64, error) {
	if e.fastNum != nil {
		if f := e.fastNum(env); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, nil
		}
	}
	v, err := m.run(e, env)
	if err != nil {
		return 0, err
	}
	f := v.(float64)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s:%d: %q gives %v", e.File, e.Line, e.Source, f)
	}
	return f, nil
}

// String evaluates a string expression.
func (m *Machine) String(e *Expr, env *Env) (string, error) {
	if e.fastStr != nil {
		return e.fastStr(env), nil
	}
	v, err := m.run(e, env)
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// Template is text with {expression} or {expression:format} holes. Formats:
// gb (a size in GB), usd, pct (a share as a percentage), x (a multiplier),
// exact (every digit, for targets like 99.95).
type Template struct {
	parts []templatePart
	size  int // a guess at the rendered length, to allocate once
}

type templatePart struct {
	text   string
	expr   *Expr
	format string
}

func (c *exprCompiler) template(src, file string, line int) (*Template, error) {
	t := &Template{size: len(src) + 32}
	rest := src
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return nil, fmt.Errorf("%s:%d: unmatched } in %q", file, line, src)
			}
			if rest != "" {
				t.parts = append(t.parts, templatePart{text: rest})
			}
			return t, nil
		}
		if open > 0 {
			t.parts = append(t.parts, templatePart{text: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%s:%d: unclosed { in %q", file, line, src)
		}
		hole := rest[open+1 : open+end]
		format := ""
		if i := strings.LastIndexByte(hole, ':'); i >= 0 && isFormat(hole[i+1:]) {
			hole, format = hole[:i], hole[i+1:]
		}
		e, err := c.expr(hole, file, line, kindAny)
		if err != nil {
			return nil, err
		}
		t.parts = append(t.parts, templatePart{expr: e, format: format})
		rest = rest[open+end+1:]
	}
}

func isFormat(s string) bool {
	switch s {
	case "gb", "usd", "pct", "x", "exact":
		return true
	}
	return false
}

// Render fills the template's holes, rounding numbers for people.
func (m *Machine) Render(t *Template, env *Env) (string, error) {
	if t == nil {
		return "", nil
	}
	if len(t.parts) == 1 && t.parts[0].expr == nil {
		return t.parts[0].text, nil
	}
	var b strings.Builder
	b.Grow(t.size)
	for _, p := range t.parts {
		if p.expr == nil {
			b.WriteString(p.text)
			continue
		}
		v, err := m.run(p.expr, env)
		if err != nil {
			return "", err
		}
		b.WriteString(formatValue(v, p.format))
	}
	return b.String(), nil
}

func formatValue(v any, format string) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
	switch format {
	case "gb":
		return human.GB(f)
	case "usd":
		return human.USD(f)
	case "pct":
		return human.Percent(f)
	case "x":
		return human.Count(f) + "x"
	case "exact":
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return human.Count(f)
}

// lineOf is the line of key in a mapping, or the mapping's own line.
func lineOf(lines map[string]int, key string, fallback int) int {
	if l, ok := lines[key]; ok {
		return l
	}
	return fallback
}

// Variable is a name rule expressions may use, with its type.
type Variable struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Variables lists what rule expressions may refer to, sorted by name.
func Variables() []Variable {
	out := make([]Variable, 0, len(envFields))
	for _, f := range envFields {
		out = append(out, Variable{Name: f.name, Type: reflect.TypeOf(envTypes[f.name]).String()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
