package knowledge

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/expression"
)

// The knowledge base keeps its compiled expressions private; these methods
// are how the advisor asks questions of them.

// Entered reports whether the system needs at least this stage.
func (s *Stage) Entered(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(s.enter, env)
}

// EnterSource is the stage's entry condition as one expression: its
// entries' conditions joined by ||.
func (s *Stage) EnterSource() string {
	if len(s.Enter) == 1 {
		return s.Enter[0].When
	}
	parts := make([]string, len(s.Enter))
	for i, e := range s.Enter {
		parts[i] = e.When
		if strings.Contains(e.When, "||") {
			parts[i] = "(" + e.When + ")"
		}
	}
	return strings.Join(parts, " || ")
}

// Holds reports whether this way into the stage is open.
func (e *Entry) Holds(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(e.when, env)
}

// Why renders the stage's reason in numbers.
func (s *Stage) Why(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(s.because, env)
}

// InPlan is what a plan at the stage runs: its plan_summary rendered for
// the plan, or the ladder's summary when it has none.
func (s *Stage) InPlan(m *expression.Machine, env *expression.Env) (string, error) {
	if s.planSummary == nil {
		return s.Summary, nil
	}
	text, err := m.Render(s.planSummary, env)
	return strings.TrimSpace(text), err
}

// Measure returns a trigger's current value and its threshold; ok is false
// when the trigger has no metric (it is a condition in words only).
func (t *Trigger) Measure(m *expression.Machine, env *expression.Env) (metric, threshold float64, ok bool, err error) {
	if t.metric == nil {
		return 0, 0, false, nil
	}
	if metric, err = m.Number(t.metric, env); err != nil {
		return 0, 0, false, err
	}
	if threshold, err = m.Number(t.threshold, env); err != nil {
		return 0, 0, false, err
	}
	return metric, threshold, true, nil
}

// Describe renders the trigger's text; env.Threshold must hold the threshold.
func (t *Trigger) Describe(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(t.text, env)
}

// Waits renders why the thing waits though the metric is past the
// threshold; "" for a trigger without that text (env.Threshold as for
// Describe).
func (t *Trigger) Waits(m *expression.Machine, env *expression.Env) (string, error) {
	if t.held == nil {
		return "", nil
	}
	return m.Render(t.held, env)
}

// AppliesTo reports whether the component matters to this system at all.
func (r *Rule) AppliesTo(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(r.applies, env)
}

// Needed reports whether the component is needed now.
func (r *Rule) Needed(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(r.when, env)
}

// Units is how many of the component to run. A negative count is an error
// naming the rule's count: it would drop the component without a word.
func (r *Rule) Units(m *expression.Machine, env *expression.Env) (float64, error) {
	if r.count == nil {
		return 1, nil
	}
	return nonNegative(m, r.count, env, "count", "a count")
}

// nonNegative evaluates a count or quantity, which must be 0 or more.
func nonNegative(m *expression.Machine, e *expression.Expr, env *expression.Env, key, what string) (float64, error) {
	x, err := m.Number(e, env)
	if err == nil && x < 0 {
		return 0, fmt.Errorf("%s:%d: %s %q gives %v; %s cannot be negative", e.File, e.Line, key, e.Source, x, what)
	}
	return x, err
}

// SizeAt is where the rule's size is given, "file:line", for errors about
// the price item it names.
func (r *Rule) SizeAt() string {
	if r.sizeExpr != nil {
		return fmt.Sprintf("%s:%d: size_expr %q", r.sizeExpr.File, r.sizeExpr.Line, r.SizeExpr)
	}
	return fmt.Sprintf("%s:%d: size %q", r.file, r.Line, r.Size)
}

// SizeItem is the price item that sizes one unit; "" when the component is
// priced by usage alone or costs nothing to run.
func (r *Rule) SizeItem(m *expression.Machine, env *expression.Env) (string, error) {
	if r.sizeExpr == nil {
		return r.Size, nil
	}
	return m.String(r.sizeExpr, env)
}

// Why renders the reason in numbers.
func (r *Rule) Why(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(r.reason, env)
}

// TradeoffText renders the trade-off this decision accepts.
func (r *Rule) TradeoffText(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(r.tradeoff, env)
}

// Amount is a usage cost's quantity, in its price item's unit. A negative
// quantity is an error naming it: it would price the usage at $0.
func (u *Usage) Amount(m *expression.Machine, env *expression.Env) (float64, error) {
	return nonNegative(m, u.quantity, env, "quantity", "a quantity")
}

// AppliesTo reports whether the limit concerns this system.
func (l *Limit) AppliesTo(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(l.applies, env)
}

// Load returns today's load against the limit and the capacity the plan has.
func (l *Limit) Load(m *expression.Machine, env *expression.Env) (load, capacity float64, err error) {
	if load, err = m.Number(l.metric, env); err != nil {
		return 0, 0, err
	}
	capacity, err = m.Number(l.capacity, env)
	return load, capacity, err
}

// Holds reports whether the risk applies.
func (r *Risk) Holds(m *expression.Machine, env *expression.Env) (bool, error) {
	return m.Bool(r.when, env)
}

// Describe renders the risk.
func (r *Risk) Describe(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(r.text, env)
}

// CutText renders what to give up to do without the component; "" when it
// is not optional.
func (r *Rule) CutText(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(r.cut, env)
}

// Remedy renders what to do when the limit is reached.
func (l *Limit) Remedy(m *expression.Machine, env *expression.Env) (string, error) {
	return m.Render(l.fix, env)
}
