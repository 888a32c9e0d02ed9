package expression

import (
	"math"
	"strings"
	"testing"
)

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
	c, err := NewCompiler(map[string]float64{"horizontal": 3})
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Stage: 3}
	env.Team, env.Regions, env.Traits = 4, 2, []string{"search", "spiky"}
	env.PeakRPS = 700
	env.PrimaryClass = "db-4vcpu"
	env.CacheNeeded = true
	var m Machine
	for _, tc := range []struct {
		src  string
		kind Kind
		want any
	}{
		{"7 / 2", Number, 3.5},
		{"2 ** 10", Number, 1024.0},
		{"max(1, team, 3)", Number, 4.0},
		{"min(regions, 5, -1)", Number, -1.0},
		{"ceil(peak_rps / 300)", Number, 3.0},
		{"round(2.5)", Number, 3.0},
		{"abs(-team)", Number, 4.0},
		{"len(traits)", Number, 2.0},
		{"stage >= 3 ? peak_rps : 0", Number, 700.0},
		{"stage >= horizontal ? peak_rps : 0", Number, 700.0},
		{"'spiky' in traits && !('ai' in traits)", Bool, true},
		{"cache_needed == true && team != 4 || regions == 2", Bool, true},
		{"primary_class == 'db-4vcpu'", Bool, true},
		{"stage > 3 ? 'big' : primary_class + '-x'", String, "db-4vcpu-x"},
	} {
		e, err := c.compile(tc.src, "test", 1, tc.kind, true)
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
		case Bool:
			got, err = m.Bool(e, env)
		case Number:
			got, err = m.Number(e, env)
		default:
			got, err = m.String(e, env)
		}
		if err != nil || !same(got, tc.want) {
			t.Errorf("%q: closure gives %#v (%v), want %#v", tc.src, got, err, tc.want)
		}
	}
	// A number that is not finite is still the VM's error.
	e, err := c.Expr("peak_rps / (team - team)", "test", 1, Number)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Number(e, env); err == nil {
		t.Error("an infinite result is not an error")
	}
}

// Knowledge expressions name their numbers: a bare threshold is refused
// with the place it is at, and names of constants compile to their values.
func TestExpressionsNameTheirNumbers(t *testing.T) {
	c, err := NewCompiler(map[string]float64{"cdn_trigger_gb_per_month": 10000, "horizontal": 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, ok := range []string{"egress_gb_per_month >= cdn_trigger_gb_per_month", "stage >= horizontal", "regions >= 2", "app_servers > 1", "read_replicas > 0"} {
		if _, err := c.Expr(ok, "rules.yaml", 7, Bool); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"egress_gb_per_month >= 10000", "peak_rps > 0.2 * app_rps_at_target", "team >= 40", "stage >= 3"} {
		_, err := c.Expr(bad, "rules.yaml", 7, Bool)
		if err == nil || !strings.Contains(err.Error(), "rules.yaml:7:") || !strings.Contains(err.Error(), "constants.yaml") {
			t.Errorf("%q: %v, want a rules.yaml:7 error asking for a named constant", bad, err)
		}
	}
	e, err := c.Expr("egress_gb_per_month >= cdn_trigger_gb_per_month", "rules.yaml", 7, Bool)
	if err != nil {
		t.Fatal(err)
	}
	var m Machine
	env := &Env{}
	for _, tc := range []struct {
		egress float64
		want   bool
	}{{9999, false}, {10000, true}} {
		env.EgressGBPerMonth = tc.egress
		m.Reset()
		if got, err := m.Bool(e, env); err != nil || got != tc.want {
			t.Errorf("egress %g: %v, %v; want %v", tc.egress, got, err, tc.want)
		}
	}
}

// Expressions cannot loop, build lists or reach into values: each is
// refused when it loads, so a knowledge file cannot make a plan hang or
// exhaust memory.
func TestExpressionBombsAreRefused(t *testing.T) {
	c, err := NewCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bomb := range []string{
		"len(reduce(1..40, #acc + #acc, 'x')) > 0",
		"len(map(1..1000000, # * 2)) > 0",
		"len(filter(traits, # == 'x')) > 0",
		"any(traits, # == 'ai')",
		"len(1..1000) > 0",
		"traits[0] == 'ai'",
		"let x = 1; x > 0",
		"'a' matches 'a+'",
		"'ai' contains 'a'",
		"now() > 0",
	} {
		if _, err := c.Expr(bomb, "rules.yaml", 3, Bool); err == nil || !strings.Contains(err.Error(), "rules.yaml:3:") {
			t.Errorf("%q: %v, want a rules.yaml:3 error", bomb, err)
		}
	}
}

// A misspelt name gets a suggestion.
func TestUnknownNameSuggests(t *testing.T) {
	c, err := NewCompiler(map[string]float64{"target_utilisation": 0.7})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Expr("peak_rsp > 1", "rules.yaml", 3, Bool)
	if err == nil || !strings.Contains(err.Error(), "did you mean peak_rps") {
		t.Errorf("%v, want a suggestion of peak_rps", err)
	}
}

// A constant may not share a name with a computed quantity: one name, one
// quantity.
func TestConstantsCannotShadowVariables(t *testing.T) {
	if _, err := NewCompiler(map[string]float64{"peak_rps": 5}); err == nil {
		t.Error("a constant named peak_rps was accepted")
	}
}

// Operand writes four significant figures and ParseNumeric reads them back.
func TestOperandsParseBack(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {0.7, "0.7"}, {30.416666, "30.42"}, {86400, "86400"}, {2315.2, "2315"},
		{1.1574e6, "1.157M"}, {100e6, "100M"}, {3.65e9, "3.65B"}, {1.5e12, "1.5T"}, {0.00012345, "0.0001234"},
	} {
		got := Operand(tc.v)
		if got != tc.want {
			t.Errorf("Operand(%v) = %q, want %q", tc.v, got, tc.want)
		}
		back, err := ParseNumeric(got)
		if err != nil || math.Abs(back-tc.v) > math.Abs(tc.v)*5e-4 {
			t.Errorf("ParseNumeric(%q) = %v, %v; want about %v", got, back, err, tc.v)
		}
	}
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"(90M × 20000 + 10M × 1000) × 30.42 / 1B", (90e6*20000 + 10e6*1000) * 30.42 / 1e9},
		{"max(10, ceil(231.5 × 0.25))", 58},
		{"2315 / 350", 2315.0 / 350},
	} {
		if got, err := ParseNumeric(tc.in); err != nil || math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("ParseNumeric(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// TestTextFunctionsRefuseNonFiniteNumbers: count(), gb(), usd() and
// bytes() of an infinite or NaN figure fail the rendering, naming the call,
// on both the closures' path and the virtual machine's: a sentence never
// shows "∞", "NaN" or "$+Inf".
func TestTextFunctionsRefuseNonFiniteNumbers(t *testing.T) {
	c, err := NewCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		"{count(users / (users - users))} users",
		"{gb((users - users) / (users - users))}",
		"{usd(2 ** (users * users))} a month",
		"{users > 0 ? 'about ' + bytes(users / (dau - dau)) : ''}",
	} {
		tmpl, err := c.Template(src, "test.yaml", 1)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var m Machine
		env := &Env{}
		env.Users, env.DAU = 1000, 500
		out, err := m.Render(tmpl, env)
		if err == nil {
			t.Errorf("%s rendered %q; want an error", src, out)
		}
	}
}
