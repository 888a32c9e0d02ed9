package knowledge

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"

	"github.com/scaleplan/scaleplan/answers"
)

// allExprs finds every compiled condition and number reachable from b,
// whatever struct holds it, so new kinds of knowledge are covered without a
// list. Template holes (text) are left out: they run on the VM.
func allExprs(b *Base) []*Expr {
	var out []*Expr
	seen := map[uintptr]bool{}
	exprType := reflect.TypeOf(&Expr{})
	templateType := reflect.TypeOf(&Template{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] || v.Type() == templateType {
				return
			}
			seen[v.Pointer()] = true
			if v.Type() == exprType {
				out = append(out, (*Expr)(unsafe.Pointer(v.Pointer())))
				return
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(b))
	return out
}

// randomEnv fills every variable with a value a plan could give it, and
// sometimes an edge (0, a whole number, a threshold-like round figure).
func randomEnv(rng *rand.Rand) *Env {
	env := &Env{}
	base := unsafe.Pointer(env)
	for _, f := range envFields {
		p := unsafe.Add(base, f.offset)
		switch f.kind {
		case reflect.Float64:
			var v float64
			switch rng.IntN(6) {
			case 0:
				v = 0
			case 1:
				v = float64(rng.IntN(10))
			case 2:
				v = []float64{0.2, 0.5, 0.7, 0.9, 99, 99.5, 99.9, 99.95, 99.99, 350, 1000, 10000}[rng.IntN(12)]
			default:
				v = math.Pow(10, rng.Float64()*12-3)
			}
			*(*float64)(p) = v
		case reflect.Bool:
			*(*bool)(p) = rng.IntN(2) == 0
		case reflect.String:
			*(*string)(p) = []string{"", "db-2vcpu", "db-4vcpu", "db-16vcpu", "aws"}[rng.IntN(5)]
		case reflect.Slice:
			var ts []string
			for _, t := range answers.Traits {
				if rng.IntN(3) == 0 {
					ts = append(ts, t)
				}
			}
			*(*[]string)(p) = ts
		}
	}
	env.Stage = float64(rng.IntN(9))
	return env
}

// TestFastExpressionsMatchTheVM: every expression of the embedded knowledge
// base that has a Go closure gives exactly what expr's VM gives, on
// thousands of random environments; and nearly all have one, or plans slow
// down without any test failing. (Template holes, which make text, are not
// counted: they run on the VM.)
func TestFastExpressionsMatchTheVM(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	exprs := allExprs(b)
	if len(exprs) < 50 {
		t.Fatalf("found only %d expressions in the knowledge base", len(exprs))
	}
	fast := 0
	var slow []string
	for _, e := range exprs {
		if e.fastBool != nil || e.fastNum != nil || e.fastStr != nil {
			fast++
		} else {
			slow = append(slow, e.File+": "+e.Source)
		}
	}
	t.Logf("%d of %d expressions run as closures; on the VM: %q", fast, len(exprs), slow)
	if fast < len(exprs)*95/100 {
		t.Errorf("only %d of %d expressions run as closures; on the VM: %q", fast, len(exprs), slow)
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	var m Machine
	for range 3000 {
		env := randomEnv(rng)
		m.Reset()
		for _, e := range exprs {
			if e.fastBool == nil && e.fastNum == nil && e.fastStr == nil {
				continue
			}
			want, err := m.run(e, env)
			if err != nil {
				t.Fatalf("%s:%d %q: the VM fails: %v", e.File, e.Line, e.Source, err)
			}
			var got any
			switch {
			case e.fastBool != nil:
				got = e.fastBool(env)
			case e.fastNum != nil:
				got = e.fastNum(env)
			default:
				got = e.fastStr(env)
			}
			if !same(got, want) {
				t.Fatalf("%s:%d %q: closure gives %#v, the VM %#v\nenv: %+v", e.File, e.Line, e.Source, got, want, *env)
			}
		}
	}
}

func same(a, b any) bool {
	fa, ok1 := a.(float64)
	fb, ok2 := b.(float64)
	if ok1 && ok2 {
		return math.Float64bits(fa) == math.Float64bits(fb) || (math.IsNaN(fa) && math.IsNaN(fb))
	}
	return a == b
}

// TestFastExpressionSemantics pins expr's semantics the closures copy, on
// expressions written for the purpose.
func TestFastExpressionSemantics(t *testing.T) {
	c := newExprCompiler()
	env := &Env{Team: 4, Regions: 2, Traits: []string{"search", "spiky"}, Stage: 3}
	env.PeakRPS = 700
	env.PrimaryClass = "db-4vcpu"
	env.CacheNeeded = true
	var m Machine
	for _, tc := range []struct {
		src  string
		kind exprKind
		want any
	}{
		{"7 / 2", kindNumber, 3.5},
		{"2 ** 10", kindNumber, 1024.0},
		{"max(1, team, 3)", kindNumber, 4.0},
		{"min(regions, 5, -1)", kindNumber, -1.0},
		{"ceil(peak_rps / 300)", kindNumber, 3.0},
		{"round(2.5)", kindNumber, 3.0},
		{"abs(-team)", kindNumber, 4.0},
		{"len(traits)", kindNumber, 2.0},
		{"stage >= 3 ? peak_rps : 0", kindNumber, 700.0},
		{"'spiky' in traits && !('ai' in traits)", kindBool, true},
		{"cache_needed == true && team != 4 || regions == 2", kindBool, true},
		{"primary_class == 'db-4vcpu'", kindBool, true},
		{"stage > 3 ? 'big' : primary_class + '-x'", kindString, "db-4vcpu-x"},
	} {
		e, err := c.expr(tc.src, "test", 1, tc.kind)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if e.fastBool == nil && e.fastNum == nil && e.fastStr == nil {
			t.Errorf("%q: no closure", tc.src)
			continue
		}
		want, err := m.run(e, env)
		if err != nil {
			t.Fatal(err)
		}
		if !same(want, tc.want) {
			t.Errorf("%q: the VM gives %#v, the test expects %#v", tc.src, want, tc.want)
		}
		var got any
		switch tc.kind {
		case kindBool:
			got, err = m.Bool(e, env)
		case kindNumber:
			got, err = m.Number(e, env)
		default:
			got, err = m.String(e, env)
		}
		if err != nil || !same(got, tc.want) {
			t.Errorf("%q: closure gives %#v (%v), want %#v", tc.src, got, err, tc.want)
		}
	}
	// A number that is not finite is still the VM's error.
	e, err := c.expr("peak_rps / (team - 4)", "test", 1, kindNumber)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Number(e, env); err == nil {
		t.Error("an infinite result is not an error")
	}
}
