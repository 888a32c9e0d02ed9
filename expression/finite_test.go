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

// TestTextClosuresRefuseNonFiniteFigures: a closure that formats an
// infinite or NaN figure refuses it rather than write "∞", so Render,
// String and Bool give the VM's error, word for word, whatever glyph the
// formatters print; a "∞" the text itself holds is not a refusal.
func TestTextClosuresRefuseNonFiniteFigures(t *testing.T) {
	c, err := NewCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{}
	env.Users, env.DAU = 1000, 500
	for _, src := range []string{
		"count(users / (users - users))",
		"gb((users - users) / (users - users))",
		"usd(2 ** (users * users)) + ' a month'",
		"users > 0 ? 'about ' + bytes(users / (dau - dau)) : ''",
		"'up to ' + count(-users / (dau - dau)) + ', ' + count(users)",
		"count(users / (dau - dau)) == '1' ? '' : 's'",
		"users > 0 ? 'for ' + (count(dau) != gb(users / (dau - dau)) ? 'a' : 'b') : ''",
	} {
		for _, kind := range []Kind{Any, String} {
			e, err := c.Expr(src, "test.yaml", 3, kind)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if e.fastStr == nil {
				t.Fatalf("%s: no closure", src)
			}
			if s, ok := e.fastStr(env); ok {
				t.Errorf("%s: the closure gives %q; want a refusal", src, s)
			}
			var m Machine
			_, vmErr := m.run(e, env)
			if vmErr == nil {
				t.Fatalf("%s: the VM gives no error", src)
			}
			var got string
			if kind == Any {
				tmpl, terr := c.Template("{"+src+"}", "test.yaml", 3)
				if terr != nil {
					t.Fatal(terr)
				}
				got, err = m.Render(tmpl, env)
			} else {
				got, err = m.String(e, env)
			}
			if err == nil || err.Error() != vmErr.Error() {
				t.Errorf("%s (kind %d): %q, %v; want the VM's error %v", src, kind, got, err, vmErr)
			}
		}
	}
	// Comparing formatted text runs on the VM, which refuses the figure.
	e, err := c.Expr("count(users / (dau - dau)) == 'x'", "test.yaml", 4, Bool)
	if err != nil {
		t.Fatal(err)
	}
	var m Machine
	if got, err := m.Bool(e, env); e.Fast() || err == nil {
		t.Errorf("comparing count() of +Inf: closure %v, %v, %v; want the VM's error", e.Fast(), got, err)
	}
	// A plural tests formatted text and keeps its closure.
	tmpl, err := c.Template("{count(dau / dau)} server{count(dau / dau) == '1' ? '' : 's'}, {count(dau)} user{count(dau) == '1' ? '' : 's'}", "test.yaml", 6)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tmpl.Holes() {
		if !e.Fast() {
			t.Errorf("%q runs on the VM", e.Source)
		}
	}
	if got, err := m.Render(tmpl, env); err != nil || got != "1 server, 500 users" {
		t.Errorf("plurals render %q, %v", got, err)
	}
	tmpl, err = c.Template("{users > 0 ? 'up to ∞ and ' + count(users) : ''}", "test.yaml", 5)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := tmpl.parts[0].expr.fastStr(env); !ok || s != "up to ∞ and 1,000" {
		t.Errorf("a ∞ in the text: the closure gives %q, %v", s, ok)
	}
	if got, err := m.Render(tmpl, env); err != nil || got != "up to ∞ and 1,000" {
		t.Errorf("a ∞ in the text renders %q, %v", got, err)
	}
}
