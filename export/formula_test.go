package export_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/internal/calibration"
	"github.com/scaleplan/scaleplan/knowledge"
)

// printedValue reads a value as the estimates table prints it: 2,315 rps,
// 55.1 TB a month, 304 GB, 1.2M, 0.35. rel is the relative error its
// rounding allows: half a unit of its last printed digit.
func printedValue(t *testing.T, s string) (v, rel float64) {
	t.Helper()
	m := regexp.MustCompile(`^([0-9][0-9,]*(?:\.[0-9]+)?)([KMBT]?)(?: (MB|GB|TB|PB))?`).FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		t.Fatalf("cannot read the printed value %q", s)
	}
	digits := strings.ReplaceAll(m[1], ",", "")
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		t.Fatal(err)
	}
	half := 0.5
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		half = 0.5 * math.Pow10(-(len(digits) - i - 1))
	}
	scale := map[string]float64{"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[m[2]]
	scale *= map[string]float64{"": 1, "MB": 1e-3, "GB": 1, "TB": 1e3, "PB": 1e6}[m[3]]
	if v == 0 {
		return 0, 0
	}
	return v * scale, half / v
}

// operandError is the relative error four significant figures allow each
// printed operand, summed over the operands (a first-order bound for sums,
// products and quotients of positive numbers).
func operandError(numeric string) float64 {
	n := len(regexp.MustCompile(`[0-9][0-9.]*[KMBT]?`).FindAllString(numeric, -1))
	return float64(n) * 5e-4
}

// checkWorked re-evaluates every formula the Markdown plan prints, from its
// printed operands, and compares it with the printed value; it reports each
// mismatch with errorf.
func checkWorked(t *testing.T, errorf func(string, ...any), name string, md string) int {
	t.Helper()
	checked := 0
	_, table, ok := strings.Cut(md, "## Estimates\n")
	if !ok {
		errorf("%s: no estimates table", name)
		return 0
	}
	table, _, _ = strings.Cut(table, "\n## ")
	row := regexp.MustCompile("^\\| ([^|]+) \\| ([^|]+) \\| `([^`]+)` = (.+) \\|$")
	for _, line := range strings.Split(table, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		label, value, numeric := m[1], m[2], strings.ReplaceAll(m[4], `\`, "")
		got, err := expression.ParseNumeric(numeric)
		if err != nil {
			errorf("%s: %s: the printed formula %q does not evaluate: %v", name, label, numeric, err)
			continue
		}
		want, rel := printedValue(t, value)
		tol := rel + operandError(numeric)
		if strings.Contains(numeric, "ceil(") {
			tol = math.Max(tol, 1/math.Max(want, 1)) // a rounded operand may move a ceiling by one
		}
		if math.Abs(got-want) > tol*math.Max(math.Abs(want), 1e-9)+1e-9 {
			errorf("%s: %s: %s evaluates to %g, but the table prints %s", name, label, numeric, got, value)
		}
		checked++
	}
	// Derived assumptions print "names = numbers" in their basis.
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 6 || strings.TrimSpace(cells[3]) != "derived" {
			continue
		}
		_, numeric, ok := strings.Cut(strings.ReplaceAll(cells[4], `\`, ""), " = ")
		if !ok {
			errorf("%s: derived %s shows no arithmetic: %q", name, cells[0], cells[4])
			continue
		}
		got, err := expression.ParseNumeric(numeric)
		if err != nil {
			errorf("%s: %s: %q does not evaluate: %v", name, cells[0], numeric, err)
			continue
		}
		want, rel := printedValue(t, cells[1])
		if tol := rel + operandError(numeric) + 1e-9; math.Abs(got-want) > tol*math.Abs(want) {
			errorf("%s: %s: %s evaluates to %g, but the plan assumes %g", name, cells[0], numeric, got, want)
		}
		checked++
	}
	return checked
}

// TestPrintedFormulasMultiplyOut: every formula a plan prints, in its
// estimates table and its derived assumptions, gives the printed value when
// redone by hand from the printed operands; and every formula computes, in
// exact numbers, the value the estimator gave. The plans: the answers files,
// every interview scenario, every calibration system and random answers.
func TestPrintedFormulasMultiplyOut(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	ad := advisor.New(kb)
	files, _ := filepath.Glob("../testdata/answers/*.yaml")
	plans := map[string]answers.Answers{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := answers.Parse(f, data)
		if err != nil {
			t.Fatal(err)
		}
		plans[filepath.Base(f)] = a
	}
	// Every interview scenario's reference plan and every real system of
	// the calibration set.
	for i := range kb.Scenarios {
		plans["scenario "+kb.Scenarios[i].ID] = kb.Scenarios[i].Answers()
	}
	systems, err := calibration.Load("../testdata/calibration")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range systems {
		plans["calibration "+s.File] = s.Answers
	}
	rng := rand.New(rand.NewPCG(10, 2026))
	for i := range 200 {
		var a answers.Answers
		a.SetValue(answers.Users, math.Round(math.Pow(10, 1+rng.Float64()*8)))
		a.SetValue(answers.ReadRatio, math.Round(math.Pow(10, rng.Float64()*3)*10)/10)
		a.SetValue(answers.WriteBytes, math.Round(math.Pow(10, 2+rng.Float64()*3)))
		if rng.IntN(2) == 0 {
			a.SetValue(answers.Availability, []float64{99, 99.5, 99.9, 99.95, 99.99}[rng.IntN(5)])
		}
		plans["random-"+strconv.Itoa(i)] = a
	}
	checked := 0
	for name, a := range plans {
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checked += checkWorked(t, t.Errorf, name, string(export.Markdown(p)))
		for _, w := range p.Worked {
			if w.Numeric == "" {
				continue
			}
			got, err := expression.ParseNumeric(w.Numeric)
			if err != nil || math.Abs(got-w.Value) > operandError(w.Numeric)*math.Max(w.Value, 1)+1e-9 {
				if !strings.Contains(w.Numeric, "ceil(") || math.Abs(got-w.Value) > 1 {
					t.Errorf("%s: %s: %s = %g, the plan's value is %g (%v)", name, w.Key, w.Numeric, got, w.Value, err)
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d printed formulas", checked)
	}
}

// The Markdown egress row once printed "requests/day × bytes × 30.4",
// leaving out the acknowledgement bytes of writes the estimator adds: the
// printed product was 10% off the printed value. The check above catches
// exactly that.
func TestDriftingFormulaIsCaught(t *testing.T) {
	md := "## Estimates\n\n| Estimate | Value | How |\n| --- | --- | --- |\n" +
		"| Egress per month | 55.1 TB a month | `requests_per_day × response_bytes × days_per_month / bytes_per_gb` = 100M × 20000 × 30.42 / 1B |\n\n## Next\n"
	var complaints []string
	n := checkWorked(t, func(format string, args ...any) { complaints = append(complaints, fmt.Sprintf(format, args...)) }, "drift", md)
	if n != 1 || len(complaints) != 1 {
		t.Errorf("the check passed a formula that prints 60.8 TB beside 55.1 TB (checked %d): %q", n, complaints)
	}
}
