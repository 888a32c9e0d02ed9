package advisor

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/knowledge"
)

// A stage has several ways in (knowledge.Entry): the next stage is worded
// by the one that brings it, as the schedule finds it, so the figure the
// sentence names is the one that passes its threshold in the month (or at
// the load) the plan gives.

// waysIn words every way into stage st at today's numbers, for a next
// stage the schedule does not find, with the search's first guess: the
// smallest multiple of today's load at which a measured way in reaches its
// threshold (0 when the measured ones give none, nil when all are in
// words). Every way's multiple is kept in ad.nextGuesses, for the search
// to try in turn: a way whose condition asks more than its metric (an
// event pipeline) can reach its threshold long before the stage.
func (ad *Advisor) waysIn(st *knowledge.Stage, env *expression.Env) (string, *float64, error) {
	var texts []string
	var guess *float64
	ad.nextGuesses = ad.nextGuesses[:0]
	for i := range st.Enter {
		t := st.Enter[i].Trigger
		if t == nil {
			continue
		}
		text, x, err := ad.trigger(t, env)
		if err != nil {
			return "", nil, err
		}
		texts = append(texts, text)
		if x != nil && *x > 0 {
			ad.nextGuesses = append(ad.nextGuesses, *x)
		}
		if x != nil && (guess == nil || *x > 0 && (*guess == 0 || *x < *guess)) {
			guess = x
		}
	}
	sep := ", or "
	for _, t := range texts {
		if strings.Contains(t, "; ") {
			sep = "; or " // a way in that says what holds it back has a clause of its own
		}
	}
	return strings.Join(texts, sep), guess, nil
}

// wayIn words what brings stage n where the schedule found it (env, the
// system there with its stage decided): the first of the stage's ways in
// that holds there. When none does, the system passes the stage by, and
// the way into the stage it lands at is named.
func (ad *Advisor) wayIn(n int, env *expression.Env) (string, error) {
	// env is a copy the machine may have bound at the same address before.
	ad.m.Reset()
	text, ok, err := ad.firstWayIn(&ad.kb.Stages[n], env)
	if err != nil || ok {
		return text, err
	}
	at := &ad.kb.Stages[int(env.Stage)]
	text, ok, err = ad.firstWayIn(at, env)
	if err != nil || !ok {
		return text, err
	}
	return fmt.Sprintf("%s, which takes the system past it to stage %d, %s", text, at.Number, at.Name), nil
}

// firstWayIn words the first way into st that holds at env; ok is false
// when none does.
func (ad *Advisor) firstWayIn(st *knowledge.Stage, env *expression.Env) (string, bool, error) {
	for i := range st.Enter {
		e := &st.Enter[i]
		holds, err := e.Holds(&ad.m, env)
		if err != nil || !holds || e.Trigger == nil {
			if err != nil {
				return "", false, err
			}
			continue
		}
		text, _, err := ad.trigger(e.Trigger, env)
		return text, err == nil, err
	}
	return "", false, nil
}
