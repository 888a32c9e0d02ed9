package advisor

import (
	"slices"
	"strings"

	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// WhatIf is one failure scenario applied to a plan: what overloads or
// fails, what users see, how long recovery takes, and what the plan has or
// lacks against it.
type WhatIf struct {
	ID      string    `json:"id" yaml:"id"`
	Name    string    `json:"name" yaml:"name"`
	Summary string    `json:"summary" yaml:"summary"`
	Worst   string    `json:"worst" yaml:"worst"` // the worst impact's status; "unaffected" when nothing is hit
	Impacts []Impact  `json:"impacts" yaml:"impacts"`
	AtLoad  *LoadPlan `json:"at_load" yaml:"at_load"` // for a load scenario, the plan that load calls for; null otherwise
	Sources []string  `json:"sources" yaml:"sources"`
}

// Impact is what a scenario does to one part of the plan.
type Impact struct {
	Subject    string `json:"subject" yaml:"subject"` // component or limit id; "" for a named subject
	Name       string `json:"name" yaml:"name"`       // who is hit, in words
	Status     string `json:"status" yaml:"status"`   // fails, overloads, degrades or unaffected
	Effect     string `json:"effect" yaml:"effect"`   // what users see
	Recovery   string `json:"recovery" yaml:"recovery"`
	Mitigated  bool   `json:"mitigated" yaml:"mitigated"`
	Mitigation string `json:"mitigation" yaml:"mitigation"` // what the plan has against it, or (not mitigated) what it lacks
}

// LoadPlan is the plan for a scenario's load, against today's.
type LoadPlan struct {
	LoadX         float64  `json:"load_x" yaml:"load_x"`
	Stage         StageRef `json:"stage" yaml:"stage"`
	MonthlyUSD    float64  `json:"monthly_usd" yaml:"monthly_usd"`
	CostChangeUSD float64  `json:"cost_change_usd" yaml:"cost_change_usd"`
	Added         []string `json:"added" yaml:"added"`     // component names
	Resized       []string `json:"resized" yaml:"resized"` // component names
}

// WhatIfIDs lists the failure scenarios the knowledge base knows, in order.
func (ad *Advisor) WhatIfIDs() []string { return ad.kb.Resilience.ScenarioIDs() }

// WhatIfs applies failure scenarios to a plan this advisor made and records
// them in p.WhatIf (and their sources in p.Sources). An unknown id is an
// *InputError naming the valid ones.
func (ad *Advisor) WhatIfs(p *Plan, ids []string) error {
	kb := ad.kb
	for _, id := range ids {
		if _, ok := kb.Resilience.FailureScenario(id); !ok {
			return inputErr("--what-if %q: unknown scenario; valid: %s", id, strings.Join(ad.WhatIfIDs(), ", "))
		}
	}
	r, err := resolve(kb, p.Answers)
	if err != nil {
		return err
	}
	env := ad.env(r, p.Estimates.Resilience)
	env.Stage = float64(p.Stage.Number)
	out := make([]WhatIf, 0, len(ids))
	var sources []string
	for _, id := range ids {
		s, _ := kb.Resilience.FailureScenario(id)
		w, err := ad.whatIf(p, s, env)
		if err != nil {
			return err
		}
		out = append(out, w)
		sources = append(sources, s.Sources...)
	}
	p.WhatIf = out
	p.Sources = ad.withSources(p.Sources, sources)
	return finish(p, &p.Answers)
}

func (ad *Advisor) whatIf(p *Plan, s *knowledge.FailureScenario, env *expression.Env) (WhatIf, error) {
	m := &ad.m
	w := WhatIf{ID: s.ID, Name: s.Name, Summary: s.Summary, Impacts: []Impact{}, Sources: slices.Clone(s.Sources)}
	var done []string
	defer func() { env.Threshold = 0 }()
	for i := range s.Checks {
		c := &s.Checks[i]
		key, name := c.Subject, c.Subject
		switch {
		case c.Component != "":
			comp, ok := planComponent(p, c.Component)
			if !ok {
				continue
			}
			key, name = "component:"+c.Component, comp.Name
		case c.Limit != "":
			key = "limit:" + c.Limit
		}
		if slices.Contains(done, key) || !planHasAll(p, c.With) || planHasAny(p, c.Without) {
			continue
		}
		env.Threshold = 0
		if c.Limit != "" {
			l, ok := ad.kb.Limit(c.Limit)
			if !ok {
				continue
			}
			applies, err := l.AppliesTo(m, env)
			if err != nil {
				return w, err
			}
			if !applies {
				continue
			}
			load, capacity, err := l.Load(m, env)
			if err != nil {
				return w, err
			}
			if load <= 0 || capacity <= 0 || capacity/load >= s.LoadX {
				continue
			}
			env.Threshold = capacity / load
			name = sentenceCase(l.Says)
		}
		holds, err := c.Holds(m, env)
		if err != nil {
			return w, err
		}
		if !holds {
			continue
		}
		done = append(done, key)
		effect, recovery, mitigation, gap, err := c.Texts(m, env)
		if err != nil {
			return w, err
		}
		mitigated := gap == ""
		switch {
		case c.MitigatedWith != "":
			mitigated = planHas(p, c.MitigatedWith)
		case c.MitigatedWhen != "":
			if mitigated, _, err = c.MitigatedBy(m, env); err != nil {
				return w, err
			}
		}
		text := gap
		if mitigated {
			text = mitigation
		}
		subject := c.Component + c.Limit // one of them at most; neither for a named subject
		w.Impacts = append(w.Impacts, Impact{
			Subject: subject, Name: name, Status: c.Status,
			Effect: effect, Recovery: recovery, Mitigated: mitigated, Mitigation: text,
		})
	}
	w.Worst = "unaffected"
	for _, im := range w.Impacts {
		if slices.Index(knowledge.FailureStatuses, im.Status) < slices.Index(knowledge.FailureStatuses, w.Worst) {
			w.Worst = im.Status
		}
	}
	if s.LoadX > 0 {
		at, err := ad.atLoad(p, s.LoadX)
		if err != nil {
			return w, err
		}
		w.AtLoad = at
	}
	return w, nil
}

// atLoad advises the same answers with every traffic figure multiplied by x.
func (ad *Advisor) atLoad(p *Plan, x float64) (*LoadPlan, error) {
	q, err := ad.Decide(ad.scaled(p.Answers, x))
	if err != nil {
		return nil, err
	}
	big := &Plan{Stage: Stage{ID: q.Stage.ID, Number: q.Stage.Number, Name: q.Stage.Name}, Components: q.Components}
	big.Cost.MonthlyUSD = q.MonthlyUSD
	d := Compare(p, big)
	lp := &LoadPlan{LoadX: x, Stage: q.Stage, MonthlyUSD: q.MonthlyUSD, CostChangeUSD: d.CostChange, Added: []string{}, Resized: []string{}}
	for _, c := range d.Added {
		lp.Added = append(lp.Added, c.Name)
	}
	for _, c := range d.Resized {
		lp.Resized = append(lp.Resized, c.Name)
	}
	return lp, nil
}

func planHasAny(p *Plan, ids []string) bool {
	for _, id := range ids {
		if planHas(p, id) {
			return true
		}
	}
	return false
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// withSources adds source ids to a plan's list, keeping the knowledge
// base's order and leaving out ones already there.
func (ad *Advisor) withSources(have []Source, ids []string) []Source {
	missing := false
	for _, id := range ids {
		if !slices.ContainsFunc(have, func(h Source) bool { return h.ID == id }) {
			missing = true
			break
		}
	}
	if !missing {
		return have
	}
	// Both lists in the knowledge base's order, as positions in it: a
	// plan cites a few dozen of its hundreds of sources.
	at := make([]int, 0, len(have)+len(ids))
	for _, h := range have {
		at = append(at, ad.sourceAt(h.ID))
	}
	for _, id := range ids {
		at = append(at, ad.sourceAt(id))
	}
	return ad.sourcesAt(at)
}

// sourcesAt is the knowledge base's sources at positions at (sourceAt's),
// in its order, each once; positions below 0 are none.
func (ad *Advisor) sourcesAt(at []int) []Source {
	slices.Sort(at)
	at = slices.Compact(at)
	out := make([]Source, 0, len(at))
	for _, i := range at {
		if i >= 0 {
			s := &ad.kb.Sources[i]
			out = append(out, Source{ID: s.ID, Title: s.Title})
		}
	}
	return out
}

// sourceAt is the position of source id in the knowledge base's list; -1
// when it has none of that id.
func (ad *Advisor) sourceAt(id string) int {
	if ad.sourceIndex == nil {
		ad.sourceIndex = make(map[string]int, len(ad.kb.Sources))
		for i, s := range ad.kb.Sources {
			ad.sourceIndex[s.ID] = i
		}
	}
	if i, ok := ad.sourceIndex[id]; ok {
		return i
	}
	return -1
}
