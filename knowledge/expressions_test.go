package knowledge_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// allExprs finds every compiled condition and number reachable from b,
// whatever struct holds it, so new kinds of knowledge are covered without a
// list. Template holes (text) are left out: they run on the VM.
func allExprs(b *knowledge.Base) []*expression.Expr {
	out, _ := walkExprs(b)
	return out
}

// allHoles is every template hole of b: a template renders a hole's
// closure when it has one.
func allHoles(b *knowledge.Base) []*expression.Expr {
	var out []*expression.Expr
	_, templates := walkExprs(b)
	for _, t := range templates {
		out = append(out, t.Holes()...)
	}
	return out
}

// walkExprs finds b's expressions and templates.
func walkExprs(b *knowledge.Base) ([]*expression.Expr, []*expression.Template) {
	var out []*expression.Expr
	var templates []*expression.Template
	seen := map[uintptr]bool{}
	exprType := reflect.TypeOf(&expression.Expr{})
	templateType := reflect.TypeOf(&expression.Template{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			if v.Type() == templateType {
				templates = append(templates, (*expression.Template)(unsafe.Pointer(v.Pointer())))
				return
			}
			if v.Type() == exprType {
				out = append(out, (*expression.Expr)(unsafe.Pointer(v.Pointer())))
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
	return out, templates
}

// randomEnv fills every variable with a value a plan could give it, and
// sometimes an edge (0, a whole number, a threshold-like round figure).
func randomEnv(rng *rand.Rand) *expression.Env {
	env := &expression.Env{}
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Struct:
				fill(f)
			case reflect.Float64:
				var x float64
				switch rng.IntN(6) {
				case 0:
				case 1:
					x = float64(rng.IntN(10))
				case 2:
					x = []float64{0.2, 0.5, 0.7, 0.9, 99, 99.5, 99.9, 99.95, 99.99, 350, 1000, 10000}[rng.IntN(12)]
				default:
					x = math.Pow(10, rng.Float64()*12-3)
				}
				f.SetFloat(x)
			case reflect.Bool:
				f.SetBool(rng.IntN(2) == 0)
			case reflect.String:
				f.SetString([]string{"", "db-2vcpu", "db-4vcpu", "db-16vcpu", "aws"}[rng.IntN(5)])
			case reflect.Slice:
				var ts []string
				for _, t := range answers.Traits {
					if rng.IntN(3) == 0 {
						ts = append(ts, t)
					}
				}
				f.Set(reflect.ValueOf(ts))
			}
		}
	}
	fill(reflect.ValueOf(env).Elem())
	env.Stage = float64(rng.IntN(len(knowledge.StageIDs)))
	return env
}

// TestFastExpressionsMatchTheVM: every expression of the embedded knowledge
// base that has a Go closure gives exactly what expr's VM gives, on
// thousands of random environments; and nearly all have one, or plans slow
// down without any test failing. Template holes are held to the same, a
// whole number from the VM counting as the same number (a template prints
// both alike).
func TestFastExpressionsMatchTheVM(t *testing.T) {
	b := defaultBase(t)
	exprs := allExprs(b)
	if len(exprs) < 50 {
		t.Fatalf("found only %d expressions in the knowledge base", len(exprs))
	}
	holes := allHoles(b)
	fastHoles := 0
	for _, e := range holes {
		if e.Fast() {
			fastHoles++
		}
	}
	if len(holes) < 100 || fastHoles < len(holes)*95/100 {
		t.Errorf("%d of %d template holes run as closures", fastHoles, len(holes))
	}
	fast := 0
	var slow []string
	for _, e := range exprs {
		if e.Fast() {
			fast++
		} else {
			slow = append(slow, e.File+": "+e.Source)
		}
	}
	if fast < len(exprs)*95/100 {
		t.Errorf("only %d of %d expressions run as closures; on the VM: %q", fast, len(exprs), slow)
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	var m expression.Machine
	for range 2000 {
		env := randomEnv(rng)
		m.Reset()
		for _, e := range exprs {
			if !e.Fast() {
				continue
			}
			got, want, err := m.Compare(e, env)
			if err != nil {
				t.Fatalf("%s:%d %q: the VM fails: %v", e.File, e.Line, e.Source, err)
			}
			if !same(got, want) {
				t.Fatalf("%s:%d %q: closure gives %#v, the VM %#v", e.File, e.Line, e.Source, got, want)
			}
		}
		for _, e := range holes {
			if !e.Fast() {
				continue
			}
			got, want, err := m.Compare(e, env)
			if err != nil {
				// A text function of ∞ or NaN fails in the VM; the closure
				// refuses the figure, which sends Render to the VM for the
				// error.
				if got == nil && strings.Contains(err.Error(), "never shows ∞") {
					continue
				}
				t.Fatalf("%s:%d %q: the VM fails: %v", e.File, e.Line, e.Source, err)
			}
			if n, ok := want.(int); ok {
				want = float64(n)
			}
			if !same(got, want) {
				t.Fatalf("%s:%d template hole %q: closure gives %#v, the VM %#v", e.File, e.Line, e.Source, got, want)
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

// TestEveryConstantIsUsed: a constant nothing reads is knowledge nobody
// checks. Each is an estimator's figure, an answer's default or limit, a
// limit on the plans diff reads, or named by a knowledge expression or text.
func TestEveryConstantIsUsed(t *testing.T) {
	b := defaultBase(t)
	used := map[string]bool{}
	ct := reflect.TypeOf(b.Capacity)
	for i := range ct.NumField() {
		id, _, _ := strings.Cut(ct.Field(i).Tag.Get("json"), ",")
		used[id] = true
	}
	used[knowledge.MaxPlanCount], used[knowledge.MaxPlanMonthlyUSD] = true, true // diff's limits on plan files
	for _, f := range answers.Fields {
		used[f.Default], used[f.Max] = true, true
		for _, id := range f.TraitDefaults {
			used[id] = true
		}
	}
	var text strings.Builder
	files, _ := filepath.Glob("data/*.yaml")
	for _, f := range files {
		if strings.HasSuffix(f, "constants.yaml") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(data)
	}
	for _, c := range b.Constants {
		if used[c.ID] {
			continue
		}
		if !regexp.MustCompile(`\b` + c.ID + `\b`).MatchString(text.String()) {
			t.Errorf("constant %q (constants.yaml:%d) is used by no estimator, answer, rule, stage or text", c.ID, c.Line)
		}
	}
}

// TestIDsAreSafe: every id the knowledge base gives a component, source,
// stage, limit, risk or price item is lower-case words and hyphens, so it
// is safe as a file name, a diagram node and a flag value.
func TestIDsAreSafe(t *testing.T) {
	b := defaultBase(t)
	pattern := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	var ids []string
	for _, c := range b.Components {
		ids = append(ids, c.ID)
	}
	for _, s := range b.Sources {
		ids = append(ids, s.ID)
	}
	for _, l := range b.Limits {
		ids = append(ids, l.ID)
	}
	for _, r := range b.Risks {
		ids = append(ids, r.ID)
	}
	ids = append(ids, knowledge.StageIDs...)
	for _, p := range b.Providers() {
		for _, it := range b.Catalogs[p].Items {
			ids = append(ids, it.ID)
		}
	}
	for _, id := range ids {
		if !pattern.MatchString(id) || slices.Contains([]string{"end", "graph", "subgraph"}, id) {
			t.Errorf("id %q is not lower-case words joined by hyphens", id)
		}
	}
}
