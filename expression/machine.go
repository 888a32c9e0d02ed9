package expression

import (
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"github.com/expr-lang/expr/vm"
)

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
		if f := e.fastNum(env); finite(f) {
			return f, nil
		}
	}
	v, err := m.run(e, env)
	if err != nil {
		return 0, err
	}
	f := v.(float64)
	if !finite(f) {
		return 0, &NonFiniteError{Expr: e, Value: f}
	}
	return f, nil
}

// String evaluates a string expression.
func (m *Machine) String(e *Expr, env *Env) (string, error) {
	if e.fastStr != nil {
		if s, ok := e.fastStr(env); ok {
			return s, nil
		}
	}
	v, err := m.run(e, env)
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// NonFiniteError is an expression that gave NaN or an infinity: a number
// the answers made impossible (a division by a zero answer, an overflow)
// or a broken knowledge file.
type NonFiniteError struct {
	Expr  *Expr
	Value float64
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("%s:%d: %q gives %v%s", e.Expr.File, e.Expr.Line, e.Expr.Source, e.Value, e.Expr.uses)
}

// Fast reports whether e runs as a Go closure rather than on expr's VM.
func (e *Expr) Fast() bool { return e.fastBool != nil || e.fastNum != nil || e.fastStr != nil }

// Compare evaluates e both as its closure and on expr's VM, for tests that
// check the two agree; fast is nil when e has no closure or its closure
// refuses a figure that is not finite (the VM should then fail).
func (m *Machine) Compare(e *Expr, env *Env) (fast, onVM any, err error) {
	switch {
	case e.fastBool != nil:
		fast = e.fastBool(env)
	case e.fastNum != nil:
		fast = e.fastNum(env)
	case e.fastStr != nil:
		if s, ok := e.fastStr(env); ok {
			fast = s
		}
	}
	onVM, err = m.run(e, env)
	return fast, onVM, err
}
