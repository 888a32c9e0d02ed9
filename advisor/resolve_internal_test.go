package advisor

import (
	"math"
	"strings"
	"testing"
	"unsafe"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// TestFiniteInputsReadsWhatRulesRead: finiteInputs checks, in answer
// order, exactly the numeric answers that rules can read as inputs, and
// reads the values they read.
func TestFiniteInputsReadsWhatRulesRead(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := answers.Answers{Version: answers.Version}
	if err := a.Set(answers.Users, "2M"); err != nil {
		t.Fatal(err)
	}
	r, err := resolveAnswers(kb, a, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := expression.Env{Inputs: r.in}
	var want []*answers.Field
	for _, f := range answers.Fields {
		if _, ok := expression.Lookup(&env, f.Key); ok && f.Kind.Numeric() {
			want = append(want, f)
		}
	}
	if len(numericInputs) != len(want) {
		t.Fatalf("finiteInputs checks %d answers, rules read %d", len(numericInputs), len(want))
	}
	for i, n := range numericInputs {
		if n.field != want[i] {
			t.Errorf("answer %d: finiteInputs checks %s, rules read %s", i, n.field.Key, want[i].Key)
		}
	}
	// Each offset reads the value the rules read.
	for _, n := range numericInputs {
		got := *(*float64)(unsafe.Add(unsafe.Pointer(&r.in), n.offset))
		if v, _ := expression.Lookup(&env, n.field.Key); got != v {
			t.Errorf("%s: finiteInputs reads %g, rules %g", n.field.Key, got, v)
		}
	}
	in := r.in
	in.DAU = math.Inf(1)
	// The answer given led to it, and the message names what overflowed.
	if e, ok := answers.AsError(finiteInputs(&in, &a)); !ok || len(e.Fields) != 1 || e.Fields[0] != answers.Users || !strings.Contains(e.Msg, "inputs.dau") {
		t.Errorf("an infinite dau: %v", e)
	}
}
