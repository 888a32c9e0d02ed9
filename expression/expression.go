// Package expression compiles and evaluates the knowledge base's rule
// conditions, counts, sizes and text templates (expr-lang), against one
// typed environment: the resolved answers, the capacity figures and the
// estimates, under the names they carry everywhere else.
//
// Knowledge constants, unit conversions and stage ids are inlined as
// numbers when an expression compiles, so a rule reads "stage >= horizontal
// && peak_rps > single_box_share * app_rps_at_target" and costs nothing
// extra to run. Bare numbers other than 0, 1 and 2 are refused: every
// threshold is a named constant with a source.
package expression

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
)

// Env is everything an expression may refer to besides the knowledge
// base's constants (which compile in as numbers): the resolved answers and
// the estimates under their JSON names, the stage once it is decided, and a
// trigger's threshold while its text renders.
type Env struct {
	estimators.Inputs
	estimators.Estimates
	Stage     float64 `json:"stage"`
	Threshold float64 `json:"threshold"` // a trigger's computed threshold, for its text
}

// Kind is what an expression must evaluate to.
type Kind int

// The kinds of expression.
const (
	Bool Kind = iota
	Number
	String
	Any // a template hole: a number, text or yes/no
)

// textFunctions let templates format numbers inside string expressions,
// e.g. {cache_needed ? count(read_rps) + ' reads/s' : gb(egress_gb_per_month)}.
var textFunctions = []expr.Option{
	textFunction("count"), textFunction("gb"), textFunction("usd"), textFunction("bytes"),
}

// formatters are the text functions' Go functions, which the closures
// (fast.go) call too.
var formatters = map[string]func(float64) string{
	"count": human.Count, "gb": human.GB, "usd": human.USD, "bytes": human.Bytes,
}

func textFunction(name string) expr.Option {
	f := formatters[name]
	return expr.Function(name, func(p ...any) (any, error) {
		v := number(p[0])
		if !finite(v) {
			return nil, fmt.Errorf("%s() of %g: a sentence never shows ∞ or NaN", name, v)
		}
		return f(v), nil
	}, new(func(float64) string))
}

// number is a float64 argument; len() gives an int.
func number(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

// allowedBuiltins are the expr builtins expressions may call.
var allowedBuiltins = []string{"max", "min", "ceil", "floor", "round", "abs", "len"}

// allowedOperators are the binary operators expressions may use. Ranges
// (1..40), regular expressions and string searches are not among them: an
// expression's cost stays linear in its length.
var allowedOperators = []string{"+", "-", "*", "/", "**", "^", "<", ">", "<=", ">=", "==", "!=", "&&", "||", "and", "or", "in"}

// MaxLen bounds one expression; real ones are under 300 characters.
const MaxLen = 2000

// allowedLiterals are the numbers an expression may spell out.
var allowedLiterals = []float64{0, 1, 2}

// Expr is a compiled, type-checked expression with the place it came from.
type Expr struct {
	Source string
	File   string
	Line   int
	// Constant is true when the expression reads no variable: its value
	// is the same for every plan, so a load can check it.
	Constant bool
	prog     *vm.Program
	outcomes []string // the text literals it can give (see Outcomes)
	// uses names the constants it inlined that SetOrigins placed, for
	// errors about its value: "; it uses x = 0 (constants.yaml:229)".
	uses string
	// The same expression as a Go closure, when fast.go handles it.
	fastBool boolFn
	fastNum  numFn
	fastStr  strFn
}

// Compiler compiles the expressions of one knowledge base. Building an
// expr configuration costs more than compiling a short expression, so one
// is built per kind and reused.
type Compiler struct {
	configs [4]*conf.Config
	consts  map[string]float64
	origins map[string]string // where constants are defined, for errors
}

// SetOrigins says where constants are defined ("constants.yaml:229", by
// name), so errors about an expression can point at the constants it
// uses as well.
func (c *Compiler) SetOrigins(where map[string]string) { c.origins = where }

// NewCompiler makes a compiler that inlines consts (knowledge constants,
// unit conversions and stage ids, by name). A name that is also an Env
// variable is refused: one name, one quantity.
func NewCompiler(consts map[string]float64) (*Compiler, error) {
	for name := range consts {
		if _, ok := envByName[name]; ok {
			return nil, fmt.Errorf("%q is both a constant and a computed quantity: rename the constant", name)
		}
	}
	c := &Compiler{consts: consts}
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
		switch Kind(k) {
		case Bool:
			expr.AsBool()(cfg)
		case Number:
			expr.AsFloat64()(cfg)
		case String:
			expr.AsKind(reflect.String)(cfg)
		}
		cfg.Check()
		c.configs[k] = cfg
	}
	return c, nil
}

// Const returns a constant's value by name.
func (c *Compiler) Const(name string) (float64, bool) {
	v, ok := c.consts[name]
	return v, ok
}

// Expr compiles src, which must give kind. Errors read "file:line: ...".
func (c *Compiler) Expr(src, file string, line int, kind Kind) (*Expr, error) {
	return c.compile(src, file, line, kind, false)
}

// compile is Expr; anyNumber lets the expression spell out numbers
// (formulas, which show arithmetic rather than decide).
func (c *Compiler) compile(src, file string, line int, kind Kind, anyNumber bool) (*Expr, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %q: %s", file, line, src, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("%s:%d: empty expression", file, line)
	}
	if len(src) > MaxLen {
		return nil, fmt.Errorf("%s:%d: expression is %d characters; the limit is %d", file, line, len(src), MaxLen)
	}
	cfg := c.configs[kind]
	tree, err := parser.ParseWithConfig(src, cfg)
	if err != nil {
		return nil, fail("%s", exprMessage(err))
	}
	outcomes := textOutcomes(tree.Node)
	v := &inliner{c: c, anyNumber: anyNumber, inlined: map[*ast.FloatNode]string{}}
	ast.Walk(&tree.Node, v)
	if v.err != "" {
		return nil, fail("%s", v.err)
	}
	if _, err := checker.Check(tree, cfg); err != nil {
		msg := exprMessage(err)
		if name, ok := unknownName(msg); ok {
			if s := c.nearest(name); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
		}
		return nil, fail("%s", msg)
	}
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		return nil, fail("%s", exprMessage(err))
	}
	prog, err := compiler.Compile(tree, cfg)
	if err != nil {
		return nil, fail("%s", exprMessage(err))
	}
	e := &Expr{Source: src, File: file, Line: line, prog: prog, Constant: !v.variables, outcomes: outcomes, uses: c.uses(v.names)}
	e.fastCompile(tree.Node, kind)
	return e, nil
}

// Outcomes lists the text literals a string expression gives as its whole
// value, directly or as a branch of a condition: 'vm-medium' and 'db-large'
// in "stage > 2 ? 'db-large' : 'vm-medium'". A load can check them against
// what they must name.
func (e *Expr) Outcomes() []string { return e.outcomes }

// textOutcomes collects the string literals at n's result positions.
func textOutcomes(n ast.Node) []string {
	switch n := n.(type) {
	case *ast.StringNode:
		return []string{n.Value}
	case *ast.ConditionalNode:
		return append(textOutcomes(n.Exp1), textOutcomes(n.Exp2)...)
	}
	return nil
}

// uses says where the named constants come from, for an error about the
// value of an expression that inlined them: "; it uses
// lb_gb_per_lcu_hour = 0 (constants.yaml:229)". Constants SetOrigins did
// not place are left out.
func (c *Compiler) uses(names []string) string {
	var parts []string
	for _, name := range names {
		if at, ok := c.origins[name]; ok {
			parts = append(parts, fmt.Sprintf("%s = %s (%s)", name, strconv.FormatFloat(c.consts[name], 'g', -1, 64), at))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; it uses " + strings.Join(parts, ", ")
}

func exprMessage(err error) string {
	var fe *exprfile.Error
	if errors.As(err, &fe) {
		return fmt.Sprintf("column %d: %s", fe.Column+1, fe.Message)
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func unknownName(msg string) (string, bool) {
	_, rest, ok := strings.Cut(msg, "unknown name ")
	if !ok {
		return "", false
	}
	return strings.TrimRight(strings.Fields(rest + " ")[0], ".,;"), true
}

func (c *Compiler) nearest(name string) string {
	best, bestD := "", len(name)/3+2
	for _, cand := range c.names() {
		if d := distance(name, cand); d < bestD {
			best, bestD = cand, d
		}
	}
	return best
}

// names lists every name an expression may use: variables and constants.
func (c *Compiler) names() []string {
	out := make([]string, 0, len(envFields)+len(c.consts))
	for _, f := range envFields {
		out = append(out, f.name)
	}
	for n := range c.consts {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// inliner refuses what expressions may not contain (bare numbers, loops,
// member access, a division by a constant 0) and replaces constants' names
// with their values.
type inliner struct {
	c         *Compiler
	anyNumber bool
	err       string
	inlined   map[*ast.FloatNode]string // each inlined constant's name
	names     []string                  // the constants inlined, each once
	variables bool                      // a name that is not a constant was read
}

func (v *inliner) Visit(node *ast.Node) {
	if v.err != "" {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		val, ok := v.c.consts[n.Value]
		if !ok {
			v.variables = true
			return
		}
		f := &ast.FloatNode{Value: val}
		ast.Patch(node, f)
		v.inlined[f] = n.Value
		if !slices.Contains(v.names, n.Value) {
			v.names = append(v.names, n.Value)
		}
	case *ast.IntegerNode:
		// Every quantity is a float64; an integer literal would make
		// max(1, x) an int when 1 wins.
		v.literal(float64(n.Value))
		ast.Patch(node, &ast.FloatNode{Value: float64(n.Value)})
	case *ast.FloatNode:
		v.literal(n.Value)
	case *ast.BoolNode, *ast.StringNode, *ast.ConditionalNode:
	case *ast.UnaryNode:
		if !slices.Contains([]string{"-", "+", "!", "not"}, n.Operator) {
			v.err = fmt.Sprintf("the operator %q is not allowed", n.Operator)
		}
	case *ast.BinaryNode:
		if !slices.Contains(allowedOperators, n.Operator) {
			v.err = fmt.Sprintf("the operator %q is not allowed; use arithmetic, comparisons, && || and 'x' in traits", n.Operator)
			return
		}
		if n.Operator == "/" {
			v.divisor(n.Right)
		}
	case *ast.BuiltinNode:
		if !slices.Contains(allowedBuiltins, n.Name) {
			v.err = fmt.Sprintf("%s() is not allowed; the functions are %s, and count, gb and usd in text", n.Name, strings.Join(allowedBuiltins, ", "))
		}
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); !ok || !slices.Contains([]string{"count", "gb", "usd", "bytes"}, id.Value) {
			v.err = "only count(), gb(), usd() and bytes() may be called, besides " + strings.Join(allowedBuiltins, ", ")
		}
	default:
		v.err = fmt.Sprintf("%s is not allowed in knowledge expressions", describe(*node))
	}
}

// divisor refuses a division by a constant that is 0, or by 0 itself:
// every plan would get an infinity there.
func (v *inliner) divisor(n ast.Node) {
	var x float64
	switch d := n.(type) {
	case *ast.FloatNode:
		x = d.Value
		if name, ok := v.inlined[d]; ok && x == 0 {
			v.err = fmt.Sprintf("divides by the constant %s, which is 0", name)
			if at, ok := v.c.origins[name]; ok {
				v.err += " (" + at + ")"
			}
			return
		}
	case *ast.IntegerNode:
		x = float64(d.Value)
	default:
		return
	}
	if x == 0 {
		v.err = "divides by 0"
	}
}

// literal refuses a bare number that is not 0, 1 or 2.
func (v *inliner) literal(x float64) {
	if !v.anyNumber && !slices.Contains(allowedLiterals, x) {
		v.err = fmt.Sprintf("the number %s is not named: add it to constants.yaml with its source and use its id (only 0, 1 and 2 may be written as numbers)", strconv.FormatFloat(x, 'g', -1, 64))
	}
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.PredicateNode:
		return "a predicate (map, filter, reduce, all, any...)"
	case *ast.MemberNode, *ast.ChainNode:
		return "member access (a.b, a[i])"
	case *ast.SliceNode:
		return "slicing"
	case *ast.ArrayNode, *ast.MapNode, *ast.PairNode:
		return "a list or map literal"
	case *ast.VariableDeclaratorNode, *ast.SequenceNode:
		return "let or ; sequences"
	}
	return strings.TrimPrefix(reflect.TypeOf(n).String(), "*ast.")
}

// envField is one variable of Env: its expression name and where it is.
type envField struct {
	name   string
	index  []int
	kind   reflect.Kind
	offset uintptr // from the start of Env, embedded structs included
}

// envFields lists Env's variables once; envTypes is a typed sample of them
// for compiling. Expressions run against a map rather than the struct
// because expr reads map variables directly, while struct fields go through
// reflection and allocate on every read. A name given twice panics: one
// name per quantity.
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
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			k := f.Type.Kind()
			if k == reflect.Slice && f.Type.Elem().Kind() != reflect.String {
				continue // the database ladder: data for Go, not a variable
			}
			if _, dup := types[name]; dup {
				panic("expression: " + name + " names two quantities")
			}
			fields = append(fields, envField{name: name, index: idx, kind: k, offset: base + f.Offset})
			types[name] = reflect.Zero(f.Type).Interface()
		}
	}
	walk(reflect.TypeOf(Env{}), nil, 0)
	return fields, types
}()

// Variable is a name expressions may use, with its type.
type Variable struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Variables lists the computed names expressions may refer to, sorted.
func Variables() []Variable {
	out := make([]Variable, 0, len(envFields))
	for _, f := range envFields {
		out = append(out, Variable{Name: f.name, Type: reflect.TypeOf(envTypes[f.name]).String()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns a numeric variable's value in env by name.
func Lookup(env *Env, name string) (float64, bool) {
	f, ok := envByName[name]
	if !ok || f.kind != reflect.Float64 {
		return 0, false
	}
	return *(*float64)(fieldAt(env, f.offset)), true
}

// finite reports whether f is a usable number.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
