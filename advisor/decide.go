package advisor

import (
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
)

// Decision is a plan's numbers without its words: the stage, the components
// with their counts, sizes and costs, the total, and the estimates behind
// them. Decide makes one with the same decision procedure as Advise, for
// callers that need many plans fast (sweeps, the growth timeline, stage
// boundaries).
type Decision struct {
	Stage      StageRef             `json:"stage" yaml:"stage"`
	Components []Component          `json:"components" yaml:"components"` // Reason, Cut and Bottleneck are empty
	MonthlyUSD float64              `json:"monthly_usd" yaml:"monthly_usd"`
	Inputs     estimators.Inputs    `json:"inputs" yaml:"inputs"`
	Estimates  estimators.Estimates `json:"estimates" yaml:"estimates"`
}

// StageRef names a stage on the ladder.
type StageRef struct {
	ID     string `json:"id" yaml:"id"`
	Number int    `json:"number" yaml:"number"`
	Name   string `json:"name" yaml:"name"`
}

// Decide runs the decision procedure of Advise for a and keeps only the
// numbers: it renders no reason, trigger, trade-off or risk text, which is
// most of Advise's time. Its stage, components and cost are always those of
// Advise(a).
func (ad *Advisor) Decide(a answers.Answers) (Decision, error) {
	var d Decision
	_, err := ad.decide(a, &d)
	return d, err
}

// DecideInto is Decide writing into d and reusing the storage of
// d.Components, so a sweep of millions of plans allocates little for them.
// On error d is left in an unspecified state.
func (ad *Advisor) DecideInto(a answers.Answers, d *Decision) error {
	_, err := ad.decide(a, d)
	return err
}

// decide is DecideInto that also returns the environment the rules saw,
// for callers that go on to ask the knowledge base more (limits). It is
// the advisor's, and lasts until the next decide.
func (ad *Advisor) decide(a answers.Answers, d *Decision) (*expression.Env, error) {
	prev := ad.quiet
	ad.quiet = true
	defer func() { ad.quiet = prev }()
	kb := ad.kb
	r, err := resolveAnswers(kb, a, true, ad.fieldConstants())
	if err != nil {
		return nil, err
	}
	p := Plan{Components: d.Components}
	env := &ad.numbers
	if _, err := ad.architecture(&p, r, kb.Catalogs[r.provider], env); err != nil {
		return nil, err
	}
	d.Stage = StageRef{ID: p.Stage.ID, Number: p.Stage.Number, Name: p.Stage.Name}
	d.Components, d.MonthlyUSD, d.Inputs, d.Estimates = p.Components, p.Cost.MonthlyUSD, env.Inputs, env.Estimates
	return env, nil
}
