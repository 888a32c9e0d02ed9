package advisor

import (
	"fmt"
	"math"
	"strconv"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/expression"
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
// multiples of its traffic today and, with growth, in months.
type Boundary struct {
	Stage   StageRef `json:"stage" yaml:"stage"`
	Reached bool     `json:"reached" yaml:"reached"` // the system is at or past this stage today
	// AtLoadX is the multiple of today's traffic at which the system enters
	// the stage: 0 when it is in it at any load (other answers put it there),
	// null when traffic alone never gets it there.
	AtLoadX *float64 `json:"at_load_x" yaml:"at_load_x"`
	Users   *float64 `json:"users" yaml:"users"`       // monthly users at that load; null with AtLoadX null or 0
	PeakRPS *float64 `json:"peak_rps" yaml:"peak_rps"` // peak requests per second at that load
	// LandsAt is the stage the system is at just past the boundary: this
	// stage, or a higher one when growing traffic skips it; null with
	// AtLoadX null or 0.
	LandsAt *int `json:"lands_at" yaml:"lands_at"`
	// Month is the first month of growth whose plan is at this stage or past
	// it (0 when it is today), searched up to MaxHorizonMonths; null without
	// growth or when not reached by then.
	Month *int `json:"month" yaml:"month"`
	// Beyond is true when traffic does reach the stage, but only past
	// MaxLoadX times today's (AtLoadX is then null).
	Beyond bool `json:"beyond_max_load" yaml:"beyond_max_load"`
	// Needs says what besides traffic the stage needs when traffic alone
	// never reaches it, e.g. "users in at least 2 regions"; "" otherwise.
	Needs string `json:"needs" yaml:"needs"`
}

// Boundaries finds, for each stage of the ladder, the load at which the
// system described by a would enter it: a geometric search from today's
// traffic, then bisection to 0.1%, over answers.ScaleTraffic factors from
// MinLoadX to MaxLoadX. With growth it also plays the timeline forward
// (MaxHorizonMonths) for the month each stage is reached. It returns
// today's decision with the boundaries, stage 0 first.
func (ad *Advisor) Boundaries(a answers.Answers) (Decision, []Boundary, error) {
	today, err := ad.Decide(a)
	if err != nil {
		return Decision{}, nil, err
	}
	cache := map[float64]Decision{1: today}
	at := func(a answers.Answers, x float64) (Decision, error) {
		if d, ok := cache[x]; ok {
			return d, nil
		}
		d, err := ad.Decide(ad.scaled(a, x))
		if err == nil {
			cache[x] = d
		}
		return d, err
	}
	// months[k] is the first month of growth at stage k or past it.
	months := make([]int, len(ad.kb.Stages))
	for i := range months {
		months[i] = -1
	}
	growth := 0.0
	err = ad.playForward(a, MaxHorizonMonths, func(m int, d Decision, env *expression.Env, _ float64) (bool, error) {
		growth = env.Growth
		for k := 0; k <= d.Stage.Number; k++ {
			if months[k] < 0 {
				months[k] = m
			}
		}
		return d.Stage.Number < len(months)-1, nil
	}, func(int, Decision, Decision) {}, nil)
	if err != nil {
		return Decision{}, nil, err
	}
	out := make([]Boundary, 0, len(ad.kb.Stages))
	for k := range ad.kb.Stages {
		s := &ad.kb.Stages[k]
		b := Boundary{Stage: StageRef{ID: s.ID, Number: s.Number, Name: s.Name}, Reached: k <= today.Stage.Number}
		if growth > 0 && months[k] >= 0 {
			m := months[k]
			b.Month = &m
		}
		x, d, err := ad.enterAt(a, k, at)
		if err != nil {
			return Decision{}, nil, err
		}
		switch {
		case x < 0:
			// Every traffic answer at its maximum: is the stage out of the
			// search's range, or out of traffic's reach?
			top, err := at(a, hugeLoadX)
			if err != nil {
				return Decision{}, nil, err
			}
			if top.Stage.Number >= k {
				b.Beyond = true
			} else if b.Needs, err = ad.needs(a, k); err != nil {
				return Decision{}, nil, err
			}
		case x == 0:
			b.AtLoadX = &x
		default:
			users, peak, lands := d.Inputs.Users, d.Inputs.PeakRPS, d.Stage.Number
			b.AtLoadX, b.Users, b.PeakRPS, b.LandsAt = &x, &users, &peak, &lands
		}
		out = append(out, b)
	}
	return today, out, nil
}

// enterAt is the smallest load multiple at which a is at stage k or past
// it, with the decision there: 0 when it is at any load down to MinLoadX,
// -1 when not even at MaxLoadX.
func (ad *Advisor) enterAt(a answers.Answers, k int, at func(answers.Answers, float64) (Decision, error)) (float64, Decision, error) {
	reaches := func(x float64) (bool, Decision, error) {
		d, err := at(a, x)
		return err == nil && d.Stage.Number >= k, d, err
	}
	// Bracket the boundary between lo (below the stage) and hi (at it).
	lo, hi := 1.0, 1.0
	ok, dHi, err := reaches(1)
	if err != nil {
		return 0, Decision{}, err
	}
	if ok {
		for {
			lo = hi / 2
			if lo < MinLoadX {
				return 0, Decision{}, nil
			}
			r, d, err := reaches(lo)
			if err != nil {
				return 0, Decision{}, err
			}
			if !r {
				break
			}
			hi, dHi = lo, d
		}
	} else {
		for {
			hi = math.Min(lo*2, MaxLoadX)
			r, d, err := reaches(hi)
			if err != nil {
				return 0, Decision{}, err
			}
			if r {
				dHi = d
				break
			}
			if hi >= MaxLoadX {
				return -1, Decision{}, nil
			}
			lo = hi
		}
	}
	for hi/lo > 1.001 {
		mid := math.Sqrt(lo * hi)
		r, d, err := reaches(mid)
		if err != nil {
			return 0, Decision{}, err
		}
		if r {
			hi, dHi = mid, d
		} else {
			lo = mid
		}
	}
	return hi, dHi, nil
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
		{"regions", true, func(v float64) string { return "users in at least " + strconv.FormatFloat(v, 'f', -1, 64) + " regions" }},
		{"availability", false, func(v float64) string {
			return "an availability target of " + strconv.FormatFloat(v, 'f', -1, 64) + "% or more"
		}},
		{"team", true, func(v float64) string {
			return "a team of at least " + strconv.FormatFloat(v, 'f', -1, 64) + " engineers"
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
			// The shortest decimal above lo that still reaches the stage.
			for d := 0.0; d <= 4; d++ {
				scale := math.Pow(10, d)
				if c := math.Floor(lo*scale+1) / scale; c <= hi {
					if r, err := reaches(f, c); err == nil && r {
						hi = c
						break
					}
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
