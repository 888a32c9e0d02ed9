package expression

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"
)

// Knowledge expressions run many times a plan and a sweep makes hundreds of
// thousands of plans, so the numeric, boolean and string expressions are
// also compiled to Go closures over *Env: no virtual machine, no variable
// map, no boxing of every number. The closures cover what the knowledge
// base's expressions use (numbers, comparisons, logic, conditionals, trait
// tests, + - * / **, max, min, ceil, floor, round, abs, len, and count, gb,
// usd, bytes in text) with expr's semantics; anything else runs on expr's
// VM. A text closure that meets a figure the text functions refuse (NaN or
// an infinity) says so rather than format it, and the VM gives the error.
// TestFastExpressionsMatchTheVM checks every expression of the embedded
// knowledge base against the VM on random environments.

type (
	numFn  func(*Env) float64
	boolFn func(*Env) bool
	// strFn's ok is false when a text function got NaN or an infinity.
	strFn  func(*Env) (s string, ok bool)
	listFn func(*Env) []string
)

// envByName finds Env's variables by their expression names.
var envByName = func() map[string]envField {
	m := make(map[string]envField, len(envFields))
	for _, f := range envFields {
		m[f.name] = f
	}
	return m
}()

// fastKind is the Go type a node evaluates to, or fastNone when the node
// is not one the closures handle.
type fastKind int

const (
	fastNone fastKind = iota
	fastNum
	fastBool
	fastStr
	fastList
)

func kindOfNode(n ast.Node) fastKind {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		f, ok := envByName[n.Value]
		if !ok {
			return fastNone
		}
		switch f.kind {
		case reflect.Float64:
			return fastNum
		case reflect.Bool:
			return fastBool
		case reflect.String:
			return fastStr
		case reflect.Slice:
			return fastList
		}
	case *ast.IntegerNode, *ast.FloatNode:
		return fastNum
	case *ast.BoolNode:
		return fastBool
	case *ast.StringNode:
		return fastStr
	case *ast.ConstantNode:
		switch n.Value.(type) {
		case int, float64:
			return fastNum
		case bool:
			return fastBool
		case string:
			return fastStr
		}
	case *ast.UnaryNode:
		k := kindOfNode(n.Node)
		switch {
		case (n.Operator == "!" || n.Operator == "not") && k == fastBool:
			return fastBool
		case (n.Operator == "-" || n.Operator == "+") && k == fastNum:
			return fastNum
		}
	case *ast.BinaryNode:
		l, r := kindOfNode(n.Left), kindOfNode(n.Right)
		if l == fastNone || r == fastNone {
			return fastNone
		}
		switch n.Operator {
		case "+":
			if l == r && (l == fastNum || l == fastStr) {
				return l
			}
		case "-", "*", "/", "**", "^":
			if l == fastNum && r == fastNum {
				return fastNum
			}
		case "<", ">", "<=", ">=":
			if l == fastNum && r == fastNum {
				return fastBool
			}
		case "==", "!=":
			// A yes/no cannot refuse a figure, so comparing formatted
			// text is left to the VM.
			if l == r && l != fastList && !formatsNumber(n.Left) && !formatsNumber(n.Right) {
				return fastBool
			}
		case "&&", "and", "||", "or":
			if l == fastBool && r == fastBool {
				return fastBool
			}
		case "in":
			if l == fastStr && r == fastList && !formatsNumber(n.Left) {
				return fastBool
			}
		}
	case *ast.ConditionalNode:
		k := kindOfNode(n.Exp1)
		if k == fastNone || k == fastList || k != kindOfNode(n.Exp2) {
			return fastNone
		}
		// A test of formatted text (count(n) == '1' ? '' : 's', for a
		// plural) may refuse a figure, as only text can.
		if c := kindOfNode(n.Cond); c == fastBool || (k == fastStr && isTextTest(n.Cond)) {
			return k
		}
	case *ast.CallNode:
		// count(x), gb(x), usd(x), bytes(x): a number formatted as text.
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && formatters[id.Value] != nil &&
			len(n.Arguments) == 1 && kindOfNode(n.Arguments[0]) == fastNum {
			return fastStr
		}
	case *ast.BuiltinNode:
		switch n.Name {
		case "max", "min":
			if len(n.Arguments) == 0 {
				return fastNone
			}
			for _, a := range n.Arguments {
				if kindOfNode(a) != fastNum {
					return fastNone
				}
			}
			return fastNum
		case "ceil", "floor", "round", "abs":
			if len(n.Arguments) == 1 && kindOfNode(n.Arguments[0]) == fastNum {
				return fastNum
			}
		case "len":
			if len(n.Arguments) == 1 && kindOfNode(n.Arguments[0]) == fastList {
				return fastNum
			}
		}
	}
	return fastNone
}

// formatsNumber reports whether a text node may call a text function, so
// its closure may refuse a figure.
func formatsNumber(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallNode:
		return true
	case *ast.BinaryNode:
		return formatsNumber(n.Left) || formatsNumber(n.Right)
	case *ast.ConditionalNode:
		return formatsNumber(n.Cond) || formatsNumber(n.Exp1) || formatsNumber(n.Exp2)
	}
	return false
}

// isTextTest reports whether n compares text that may call a text function.
func isTextTest(n ast.Node) bool {
	b, ok := n.(*ast.BinaryNode)
	return ok && (b.Operator == "==" || b.Operator == "!=") &&
		kindOfNode(b.Left) == fastStr && kindOfNode(b.Right) == fastStr
}

func fieldAt(e *Env, off uintptr) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(e), off) }

// compileNum compiles a node of kind fastNum.
func compileNum(n ast.Node) numFn {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		off := envByName[n.Value].offset
		return func(e *Env) float64 { return *(*float64)(fieldAt(e, off)) }
	case *ast.IntegerNode:
		v := float64(n.Value)
		return func(*Env) float64 { return v }
	case *ast.FloatNode:
		v := n.Value
		return func(*Env) float64 { return v }
	case *ast.ConstantNode:
		var v float64
		switch x := n.Value.(type) {
		case int:
			v = float64(x)
		case float64:
			v = x
		}
		return func(*Env) float64 { return v }
	case *ast.UnaryNode:
		x := compileNum(n.Node)
		if n.Operator == "-" {
			return func(e *Env) float64 { return -x(e) }
		}
		return x
	case *ast.BinaryNode:
		l, r := compileNum(n.Left), compileNum(n.Right)
		switch n.Operator {
		case "+":
			return func(e *Env) float64 { return l(e) + r(e) }
		case "-":
			return func(e *Env) float64 { return l(e) - r(e) }
		case "*":
			return func(e *Env) float64 { return l(e) * r(e) }
		case "/":
			return func(e *Env) float64 { return l(e) / r(e) }
		default: // ** and ^
			return func(e *Env) float64 { return math.Pow(l(e), r(e)) }
		}
	case *ast.ConditionalNode:
		c, a, b := compileBool(n.Cond), compileNum(n.Exp1), compileNum(n.Exp2)
		return func(e *Env) float64 {
			if c(e) {
				return a(e)
			}
			return b(e)
		}
	case *ast.BuiltinNode:
		args := make([]numFn, len(n.Arguments))
		for i, a := range n.Arguments {
			if kindOfNode(a) == fastNum {
				args[i] = compileNum(a)
			}
		}
		switch n.Name {
		case "max":
			// expr keeps the first of equal values and skips NaN the way
			// its runtime.Less does; so does this.
			return func(e *Env) float64 {
				m := args[0](e)
				for _, a := range args[1:] {
					if x := a(e); m < x {
						m = x
					}
				}
				return m
			}
		case "min":
			return func(e *Env) float64 {
				m := args[0](e)
				for _, a := range args[1:] {
					if x := a(e); m > x {
						m = x
					}
				}
				return m
			}
		case "ceil":
			return func(e *Env) float64 { return math.Ceil(args[0](e)) }
		case "floor":
			return func(e *Env) float64 { return math.Floor(args[0](e)) }
		case "round":
			return func(e *Env) float64 { return math.Round(args[0](e)) }
		case "abs":
			return func(e *Env) float64 { return math.Abs(args[0](e)) }
		case "len":
			l := compileList(n.Arguments[0])
			return func(e *Env) float64 { return float64(len(l(e))) }
		}
	}
	panic("knowledge: compileNum on a node kindOfNode does not call a number")
}

// compileBool compiles a node of kind fastBool.
func compileBool(n ast.Node) boolFn {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		off := envByName[n.Value].offset
		return func(e *Env) bool { return *(*bool)(fieldAt(e, off)) }
	case *ast.BoolNode:
		v := n.Value
		return func(*Env) bool { return v }
	case *ast.ConstantNode:
		v := n.Value.(bool)
		return func(*Env) bool { return v }
	case *ast.UnaryNode:
		x := compileBool(n.Node)
		return func(e *Env) bool { return !x(e) }
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			l, r := compileBool(n.Left), compileBool(n.Right)
			return func(e *Env) bool { return l(e) && r(e) }
		case "||", "or":
			l, r := compileBool(n.Left), compileBool(n.Right)
			return func(e *Env) bool { return l(e) || r(e) }
		case "in":
			s, l := compileStr(n.Left), compileList(n.Right)
			return func(e *Env) bool {
				x, _ := s(e) // never refuses: kindOfNode saw no text function
				return slices.Contains(l(e), x)
			}
		case "==", "!=":
			eq := compileEqual(n.Left, n.Right)
			if n.Operator == "!=" {
				return func(e *Env) bool { return !eq(e) }
			}
			return eq
		}
		l, r := compileNum(n.Left), compileNum(n.Right)
		switch n.Operator {
		case "<":
			return func(e *Env) bool { return l(e) < r(e) }
		case ">":
			return func(e *Env) bool { return l(e) > r(e) }
		case "<=":
			return func(e *Env) bool { return l(e) <= r(e) }
		default: // >=
			return func(e *Env) bool { return l(e) >= r(e) }
		}
	case *ast.ConditionalNode:
		c, a, b := compileBool(n.Cond), compileBool(n.Exp1), compileBool(n.Exp2)
		return func(e *Env) bool {
			if c(e) {
				return a(e)
			}
			return b(e)
		}
	}
	panic("knowledge: compileBool on a node kindOfNode does not call a boolean")
}

func compileEqual(left, right ast.Node) boolFn {
	switch kindOfNode(left) {
	case fastNum:
		l, r := compileNum(left), compileNum(right)
		return func(e *Env) bool { return l(e) == r(e) }
	case fastBool:
		l, r := compileBool(left), compileBool(right)
		return func(e *Env) bool { return l(e) == r(e) }
	default:
		l, r := compileStr(left), compileStr(right)
		return func(e *Env) bool {
			x, _ := l(e) // never refuse: kindOfNode saw no text function
			y, _ := r(e)
			return x == y
		}
	}
}

// compileStr compiles a node of kind fastStr.
func compileStr(n ast.Node) strFn {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		off := envByName[n.Value].offset
		return func(e *Env) (string, bool) { return *(*string)(fieldAt(e, off)), true }
	case *ast.StringNode:
		v := n.Value
		return func(*Env) (string, bool) { return v, true }
	case *ast.ConstantNode:
		v := n.Value.(string)
		return func(*Env) (string, bool) { return v, true }
	case *ast.BinaryNode: // +
		// A chain of + is joined at once, as Go joins a + b + c: one
		// allocation for the whole text rather than one for each +.
		parts := concatParts(n, nil)
		if len(parts) > maxConcat {
			l, r := compileStr(n.Left), compileStr(n.Right)
			return func(e *Env) (string, bool) {
				x, ok := l(e)
				if !ok {
					return "", false
				}
				y, ok := r(e)
				return x + y, ok
			}
		}
		return func(e *Env) (string, bool) {
			var buf [maxConcat]string
			size := 0
			for i, p := range parts {
				s, ok := p(e)
				if !ok {
					return "", false
				}
				buf[i] = s
				size += len(s)
			}
			var b strings.Builder
			b.Grow(size)
			for _, s := range buf[:len(parts)] {
				b.WriteString(s)
			}
			return b.String(), true
		}
	case *ast.ConditionalNode:
		a, b := compileStr(n.Exp1), compileStr(n.Exp2)
		if kindOfNode(n.Cond) != fastBool {
			t := n.Cond.(*ast.BinaryNode)
			l, r, eq := compileStr(t.Left), compileStr(t.Right), t.Operator == "=="
			return func(e *Env) (string, bool) {
				x, ok := l(e)
				if !ok {
					return "", false
				}
				y, ok := r(e)
				if !ok {
					return "", false
				}
				if (x == y) == eq {
					return a(e)
				}
				return b(e)
			}
		}
		c := compileBool(n.Cond)
		return func(e *Env) (string, bool) {
			if c(e) {
				return a(e)
			}
			return b(e)
		}
	case *ast.CallNode:
		f, x := formatters[n.Callee.(*ast.IdentifierNode).Value], compileNum(n.Arguments[0])
		return func(e *Env) (string, bool) {
			if v := x(e); finite(v) {
				return f(v), true
			}
			return "", false
		}
	}
	panic("knowledge: compileStr on a node kindOfNode does not call a string")
}

// maxConcat is the longest chain of + compileStr joins at once.
const maxConcat = 16

// concatParts compiles the operands of a chain of string +, in order.
func concatParts(n ast.Node, out []strFn) []strFn {
	if b, ok := n.(*ast.BinaryNode); ok && b.Operator == "+" {
		return concatParts(b.Right, concatParts(b.Left, out))
	}
	return append(out, compileStr(n))
}

func compileList(n ast.Node) listFn {
	off := envByName[n.(*ast.IdentifierNode).Value].offset
	return func(e *Env) []string { return *(*[]string)(fieldAt(e, off)) }
}

// fastCompile sets e's closure for an expression of the given kind when
// the tree is one the closures handle.
// A template hole (Any) that is a number or text gets the closure of one:
// Render formats what it gives as it formats what the VM gives.
func (e *Expr) fastCompile(n ast.Node, kind Kind) {
	switch {
	case kind == Bool && kindOfNode(n) == fastBool:
		e.fastBool = compileBool(n)
	case (kind == Number || kind == Any) && kindOfNode(n) == fastNum:
		e.fastNum = compileNum(n)
	case (kind == String || kind == Any) && kindOfNode(n) == fastStr:
		e.fastStr = compileStr(n)
	}
}
