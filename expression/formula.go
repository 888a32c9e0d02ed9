package expression

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
)

// Formula is an estimator's formula compiled against one knowledge base:
// it can say whether it applies, and show itself in names and in numbers.
type Formula struct {
	estimators.Formula
	when     *Expr
	expr     *Expr
	tree     ast.Node // the formula as written, names not inlined, for printing
	symbolic string
	names    []string // the names it uses, in order
	// text and operands print Numeric without walking the tree: the
	// formula's text without its names, and where each name's value goes.
	text     string
	operands []operand
}

// operand is a name in a formula: where it goes in text, and either the
// offset of its value in an Env or its text (a constant's value, or the
// name itself when it has no number).
type operand struct {
	at     int
	offset uintptr
	inEnv  bool
	fixed  string
}

// Names lists the names the formula uses, in the order they appear.
func (f *Formula) Names() []string { return f.names }

// Formula compiles f. Formulas may use any number: they show arithmetic,
// they do not decide anything.
func (c *Compiler) Formula(f estimators.Formula, file string) (*Formula, error) {
	out := &Formula{Formula: f}
	var err error
	if f.When != "" {
		if out.when, err = c.compile(f.When, file, 0, Bool, true); err != nil {
			return nil, err
		}
	}
	if f.Expr == "" {
		return out, nil
	}
	if out.expr, err = c.compile(f.Expr, file, 0, Number, true); err != nil {
		return nil, err
	}
	tree, err := parser.Parse(f.Expr)
	if err != nil {
		return nil, err
	}
	out.tree = tree.Node
	var b strings.Builder
	print(&b, out.tree, func(b *strings.Builder, name string) {
		b.WriteString(name)
		out.names = append(out.names, name)
	}, 0)
	out.symbolic = b.String()
	b.Reset()
	print(&b, out.tree, func(b *strings.Builder, name string) {
		op := operand{at: b.Len()}
		if ef, ok := envByName[name]; ok && ef.kind == reflect.Float64 {
			op.inEnv, op.offset = true, ef.offset
		} else if v, ok := c.Const(name); ok {
			op.fixed = Operand(v)
		} else {
			op.fixed = name
		}
		out.operands = append(out.operands, op)
	}, 0)
	out.text = b.String()
	return out, nil
}

// Applies reports whether the formula describes env's value.
func (f *Formula) Applies(m *Machine, env *Env) (bool, error) { return m.Bool(f.when, env) }

// Eval computes the formula on env, exactly.
func (f *Formula) Eval(m *Machine, env *Env) (float64, error) {
	if f.expr == nil {
		return 0, fmt.Errorf("%s: %s has no arithmetic", f.Of, f.Note)
	}
	return m.Number(f.expr, env)
}

// Symbolic writes the formula in names: "reads_per_day × response_bytes".
func (f *Formula) Symbolic() string {
	if f.tree == nil {
		return f.Note
	}
	return f.symbolic
}

// Numeric writes the formula with every name replaced by its value in env
// (or the constant's value), rounded to four significant figures: the
// arithmetic a reader can redo. It parses back with ParseNumeric.
func (f *Formula) Numeric(env *Env) string {
	if f.tree == nil {
		return f.Note
	}
	// Built on the stack when it fits, so the string is the one allocation.
	var buf [256]byte
	b := buf[:0]
	last := 0
	for _, op := range f.operands {
		b = append(b, f.text[last:op.at]...)
		last = op.at
		if op.inEnv {
			b = appendOperand(b, *(*float64)(fieldAt(env, op.offset)))
		} else {
			b = append(b, op.fixed...)
		}
	}
	return string(append(b, f.text[last:]...))
}

// Operand writes a number in a formula: four significant figures, a
// suffix from a million up (100M, 3.65B), no thousands separators (commas
// separate a function's arguments).
func Operand(v float64) string { return string(appendOperand(nil, v)) }

// appendOperand appends Operand(v) to dst; formulas print dozens of
// operands a plan, so they go straight into the buffer.
func appendOperand(dst []byte, v float64) []byte {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.AppendFloat(dst, v, 'g', -1, 64)
	}
	a := math.Abs(v)
	for _, u := range [...]struct {
		div float64
		suf byte
	}{{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}} {
		if a >= u.div {
			dst = human.AppendFixed(dst, v/u.div, max(0, 3-digitsBefore(a/u.div)))
			return append(dst, u.suf)
		}
	}
	if a >= 1000 {
		return strconv.AppendFloat(dst, math.Round(v), 'f', 0, 64)
	}
	return human.AppendFixed(dst, v, max(0, 3-digitsBefore(a)))
}

// digitsBefore is the number of digits before the decimal point less one
// (0 for 1-9.99, 1 for 10-99.9), or negative below 1.
func digitsBefore(a float64) int { return int(math.Floor(math.Log10(a))) }

// ParseNumeric evaluates what Numeric wrote: numbers with optional
// suffixes, + - × / ( ), max, min, ceil and floor.
func ParseNumeric(s string) (float64, error) {
	r := strings.NewReplacer("×", "*", "÷", "/", "−", "-")
	src := r.Replace(s)
	var out strings.Builder
	for i := 0; i < len(src); {
		ch := src[i]
		if ch >= '0' && ch <= '9' || ch == '.' {
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || (src[j] == '-' || src[j] == '+') && j > i && src[j-1] == 'e') {
				j++
			}
			mult := ""
			if j < len(src) {
				switch src[j] {
				case 'M':
					mult = "e6"
				case 'B':
					mult = "e9"
				case 'T':
					mult = "e12"
				}
			}
			num := src[i:j]
			if mult != "" {
				j++
				v, err := strconv.ParseFloat(num, 64)
				if err != nil {
					return 0, err
				}
				num = strconv.FormatFloat(v, 'g', -1, 64) + "*1" + mult
			}
			out.WriteString("(" + num + ")")
			i = j
			continue
		}
		out.WriteByte(ch)
		i++
	}
	tree, err := parser.Parse(out.String())
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, err)
	}
	return evalNumeric(tree.Node)
}

func evalNumeric(n ast.Node) (float64, error) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return float64(n.Value), nil
	case *ast.FloatNode:
		return n.Value, nil
	case *ast.UnaryNode:
		x, err := evalNumeric(n.Node)
		if n.Operator == "-" {
			x = -x
		}
		return x, err
	case *ast.BinaryNode:
		l, err := evalNumeric(n.Left)
		if err != nil {
			return 0, err
		}
		r, err := evalNumeric(n.Right)
		if err != nil {
			return 0, err
		}
		switch n.Operator {
		case "+":
			return l + r, nil
		case "-":
			return l - r, nil
		case "*":
			return l * r, nil
		case "/":
			return l / r, nil
		}
	case *ast.BuiltinNode:
		args := make([]float64, len(n.Arguments))
		for i, a := range n.Arguments {
			v, err := evalNumeric(a)
			if err != nil {
				return 0, err
			}
			args[i] = v
		}
		switch {
		case n.Name == "ceil" && len(args) == 1:
			return math.Ceil(args[0]), nil
		case n.Name == "floor" && len(args) == 1:
			return math.Floor(args[0]), nil
		case n.Name == "max" && len(args) > 0:
			m := args[0]
			for _, a := range args[1:] {
				m = math.Max(m, a)
			}
			return m, nil
		case n.Name == "min" && len(args) > 0:
			m := args[0]
			for _, a := range args[1:] {
				m = math.Min(m, a)
			}
			return m, nil
		}
	}
	return 0, fmt.Errorf("cannot evaluate %s", n.String())
}

// precedence of the printed operators; a child of lower precedence than
// its parent is parenthesised.
func precedence(op string) int {
	switch op {
	case "+", "-":
		return 1
	case "*", "/":
		return 2
	}
	return 3
}

// print writes n into b, with name writing each identifier; parent is
// the precedence of the enclosing operator (right operands of - and / bind
// tighter, so they get parentheses at equal precedence).
func print(b *strings.Builder, n ast.Node, name func(*strings.Builder, string), parent int) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		name(b, n.Value)
	case *ast.IntegerNode:
		b.WriteString(strconv.Itoa(n.Value))
	case *ast.FloatNode:
		var scratch [32]byte
		b.Write(appendOperand(scratch[:0], n.Value))
	case *ast.UnaryNode:
		b.WriteString(n.Operator)
		print(b, n.Node, name, 3)
	case *ast.BinaryNode:
		p := precedence(n.Operator)
		right := p
		if n.Operator == "-" || n.Operator == "/" {
			right = p + 1
		}
		op := " " + n.Operator + " "
		if n.Operator == "*" {
			op = " × "
		}
		if p < parent {
			b.WriteByte('(')
		}
		print(b, n.Left, name, p)
		b.WriteString(op)
		print(b, n.Right, name, right)
		if p < parent {
			b.WriteByte(')')
		}
	case *ast.BuiltinNode:
		b.WriteString(n.Name)
		b.WriteByte('(')
		for i, a := range n.Arguments {
			if i > 0 {
				b.WriteString(", ")
			}
			print(b, a, name, 0)
		}
		b.WriteByte(')')
	default:
		b.WriteString(n.String())
	}
}
