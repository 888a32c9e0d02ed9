package expression

import (
	"errors"
	"strings"
	"testing"
)

// TestTemplatesRefuseNonFiniteNumbers: a hole that divides by a zero answer
// is an error naming the expression, never "∞" or "NaN" in a sentence.
func TestTemplatesRefuseNonFiniteNumbers(t *testing.T) {
	c, err := NewCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := c.Template("peak {peak_rps / dau} per user, {dau / dau:pct}", "rules.yaml", 7)
	if err != nil {
		t.Fatal(err)
	}
	var m Machine
	env := &Env{}
	env.PeakRPS = 10
	out, err := m.Render(tmpl, env)
	var nf *NonFiniteError
	if !errors.As(err, &nf) || !strings.HasPrefix(err.Error(), `rules.yaml:7: "peak_rps / dau" gives +Inf`) {
		t.Errorf("Render = %q, %v; want an error naming the hole", out, err)
	}
}

// TestCompileNotesWhatLoadsCanCheck: whether an expression reads a
// variable, and the text literals it can give.
func TestCompileNotesWhatLoadsCanCheck(t *testing.T) {
	c, err := NewCompiler(map[string]float64{"horizontal": 3, "zero_share": 0})
	if err != nil {
		t.Fatal(err)
	}
	c.SetOrigins(map[string]string{"zero_share": "constants.yaml:5"})
	for _, tc := range []struct {
		src      string
		kind     Kind
		constant bool
		outcomes []string
	}{
		{"horizontal * 2", Number, true, nil},
		{"peak_rps * 2", Number, false, nil},
		{"stage > horizontal ? 'db-large' : primary_class", String, false, []string{"db-large"}},
		{"peak_rps > 1 ? 'a' : (dau > 1 ? 'b' : 'c')", String, false, []string{"a", "b", "c"}},
		{"primary_class + '-x'", String, false, nil},
	} {
		e, err := c.Expr(tc.src, "rules.yaml", 1, tc.kind)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if e.Constant != tc.constant || strings.Join(e.Outcomes(), ",") != strings.Join(tc.outcomes, ",") {
			t.Errorf("%q: constant %v, outcomes %q; want %v, %q", tc.src, e.Constant, e.Outcomes(), tc.constant, tc.outcomes)
		}
	}
	_, err = c.Expr("peak_rps / zero_share", "rules.yaml", 9, Number)
	if want := `rules.yaml:9: "peak_rps / zero_share": divides by the constant zero_share, which is 0 (constants.yaml:5)`; err == nil || err.Error() != want {
		t.Errorf("dividing by a constant 0: %v, want %s", err, want)
	}
}
