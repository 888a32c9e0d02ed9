package advisor

import (
	"fmt"
	"math"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// The load multiples a boundary search covers: a millionth to a million
// times today's traffic.
const (
	MinLoadX = 1e-6
	MaxLoadX = 1e6
)

// hugeLoadX scales every traffic answer to its maximum (Advisor.scaled
// clamps), while keeping zeros zero.
const hugeLoadX = 1e30

// Boundary is where one stage of the ladder begins for a given system, in
// multiples of its traffic today and in months, from the schedule that
// dates the plan's next stage (schedule.go).
type Boundary struct {
	Stage   StageRef `json:"stage" yaml:"stage"`
	Reached bool     `json:"reached" yaml:"reached"` // the system is at or past this stage today
	// AtLoadX is the multiple of today's traffic at which the system enters
	// the stage: for a stage reached today, the multiple below which it
	// would not be (0 when it is in it at any load: other answers put it
	// there); for one ahead, the traffic multiple of Month, or without a
	// month the multiple at which it would enter with today's data; null
	// when traffic alone never gets it there.
	AtLoadX *float64 `json:"at_load_x" yaml:"at_load_x"`
	Users   *float64 `json:"users" yaml:"users"`       // monthly users at that load; null with AtLoadX null or 0
	PeakRPS *float64 `json:"peak_rps" yaml:"peak_rps"` // peak requests per second at that load
	// LandsAt is the stage the system is at just past the boundary: this
	// stage, or a higher one when growing traffic skips it; null with
	// AtLoadX null or 0.
	LandsAt *int `json:"lands_at" yaml:"lands_at"`
	// Month is the first month of the schedule whose plan is at this stage
	// or past it (0 when it is today), searched up to MaxHorizonMonths:
	// with growth, traffic and stored data grow; without, the stored data
	// alone. Null when not reached by then.
	Month *int `json:"month" yaml:"month"`
	// Beyond is true when traffic does reach the stage, but only past
	// MaxLoadX times today's (AtLoadX is then null).
	Beyond bool `json:"beyond_max_load" yaml:"beyond_max_load"`
	// Needs says what besides traffic the stage needs when traffic alone
	// never reaches it, e.g. "users in at least 2 regions"; "" otherwise.
	Needs string `json:"needs" yaml:"needs"`
}

// Boundaries finds, for each stage of the ladder, where the system
// described by a would enter it, by the schedule that dates a plan's next
// stage: the month it is first reached, with its traffic multiple, or the
// multiple at which traffic alone takes it there (a search over
// answers.ScaleTraffic factors from MinLoadX to MaxLoadX, to 0.1%). The
// stage after today's is the plan's next stage, with the same month and
// multiple. It returns today's decision with the boundaries, stage 0
// first.
func (ad *Advisor) Boundaries(a answers.Answers) (Decision, []Boundary, error) {
	today, err := ad.Decide(a)
	if err != nil {
		return Decision{}, nil, err
	}
	s, err := ad.newSchedule(a, nil)
	if err != nil {
		return Decision{}, nil, err
	}
	stages := ad.kb.Stages
	for k := range stages {
		t := target{kind: targetStage, stage: k}
		// The plan's next stage starts from its ways in; so does each here.
		if k > 0 {
			_, x, err := ad.waysIn(&stages[k], s.today.env)
			if err != nil {
				return Decision{}, nil, err
			}
			if x != nil {
				t.guess = *x
			}
		}
		s.targets = append(s.targets, t)
	}
	if err := s.run(0); err != nil {
		return Decision{}, nil, err
	}
	// A stage reached today began below today's load: where?
	reached := make([]int, today.Stage.Number+1)
	for k := range reached {
		reached[k] = k
	}
	if err := s.byTraffic(reached); err != nil {
		return Decision{}, nil, err
	}
	out := make([]Boundary, 0, len(stages))
	for k := range stages {
		st := &stages[k]
		b := Boundary{Stage: StageRef{ID: st.ID, Number: st.Number, Name: st.Name}, Reached: k <= today.Stage.Number}
		f := s.found[k]
		if f.dated() {
			m := f.month
			b.Month = &m
		}
		if b.Reached || !f.dated() {
			f.loadX = s.loadX[k]
			if f.loadX > 0 {
				p, err := s.atLoad(f.loadX)
				if err != nil {
					return Decision{}, nil, err
				}
				f.users, f.peak, f.stage = p.users, p.peak, p.stage
			}
		}
		switch {
		case f.loadX == notByTraffic:
			// Every traffic answer at its maximum: is the stage out of the
			// search's range, or out of traffic's reach?
			top, err := ad.Decide(ad.scaled(a, hugeLoadX))
			if err != nil {
				return Decision{}, nil, err
			}
			if top.Stage.Number >= k {
				b.Beyond = true
			} else if b.Needs, err = ad.needs(a, k); err != nil {
				return Decision{}, nil, err
			}
		case f.loadX == atAnyLoad:
			x := 0.0
			b.AtLoadX = &x
		default:
			x, users, peak, lands := f.loadX, f.users, f.peak, f.stage
			b.AtLoadX, b.Users, b.PeakRPS, b.LandsAt = &x, &users, &peak, &lands
		}
		out = append(out, b)
	}
	return today, out, nil
}

// needs finds what besides traffic would put a at stage k: for each of
// regions, availability and team, the smallest value (by bisection within
// the answer's range) that reaches the stage with every traffic answer at
// its maximum.
func (ad *Advisor) needs(a answers.Answers, k int) (string, error) {
	probes := []struct {
		key   string
		whole bool
		say   func(v float64) string
	}{
		{"regions", true, func(v float64) string { return "users in at least " + human.Count(v) + " regions" }},
		{"availability", false, func(v float64) string {
			return "an availability target of " + human.Availability(v) + " or more"
		}},
		{"team", true, func(v float64) string {
			return "a team of at least " + human.Count(v) + " engineers"
		}},
	}
	reaches := func(f *answers.Field, v float64) (bool, error) {
		b := ad.scaled(a, hugeLoadX)
		b.SetValue(f, v)
		d, err := ad.Decide(b)
		if err != nil {
			return false, err
		}
		return d.Stage.Number >= k, nil
	}
	var out []string
	for _, p := range probes {
		f, _ := answers.Lookup(p.key)
		lo := f.Min
		if given, ok := a.Value(f); ok {
			lo = given
		}
		fmax, _ := ad.kb.Constant(f.Max)
		ok, err := reaches(f, fmax.Value)
		if err != nil {
			return "", err
		}
		if !ok || lo >= fmax.Value {
			continue
		}
		hi := fmax.Value
		for {
			mid := (lo + hi) / 2
			if p.whole {
				mid = math.Floor(mid)
				if mid <= lo {
					break
				}
			} else if hi-lo < 0.0005 {
				break
			}
			r, err := reaches(f, mid)
			if err != nil {
				return "", err
			}
			if r {
				hi = mid
			} else {
				lo = mid
			}
		}
		if !p.whole {
			// The first target that reaches the stage, rounded up to the
			// decimals an availability is written with (as many as its
			// nines, at least two), so the figure shown reaches it too: a
			// target is only met at or above it.
			d := max(2, math.Floor(-math.Log10(1-hi/100)))
			scale := math.Pow(10, d)
			if c := math.Ceil(hi*scale-1e-6) / scale; c < fmax.Value {
				if r, err := reaches(f, c); err == nil && r {
					hi = c
				}
			}
		}
		out = append(out, fmt.Sprintf("%s (%s)", p.say(hi), f.Key))
	}
	switch len(out) {
	case 0:
		return "a change to the answers other than traffic, regions, availability and team", nil
	case 1:
		return out[0], nil
	}
	s := out[0]
	for _, o := range out[1 : len(out)-1] {
		s += ", " + o
	}
	return s + " or " + out[len(out)-1], nil
}
