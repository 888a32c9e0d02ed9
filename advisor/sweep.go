package advisor

import (
	"fmt"
	"strconv"

	"github.com/scaleplan/scaleplan/answers"
)

// Axis is one swept answer and the values it takes.
type Axis struct {
	Field  *answers.Field
	Values []float64
}

// Sweep plans base with the axes' answers set to each point of their grid
// in turn (the first axis slowest), and hands fn the point's values and
// decision. The decision is reused: fn keeps numbers, not the decision.
func (ad *Advisor) Sweep(base answers.Answers, axes []Axis, fn func(values []float64, d *Decision) error) error {
	var d Decision
	values := make([]float64, len(axes))
	var walk func(i int) error
	walk = func(i int) error {
		if i == len(axes) {
			if err := ad.DecideInto(base, &d); err != nil {
				return err
			}
			if err := finishDecision(&d, &base); err != nil {
				return err
			}
			return fn(values, &d)
		}
		for _, v := range axes[i].Values {
			values[i] = v
			base.SetValue(axes[i].Field, v)
			if err := walk(i + 1); err != nil {
				if i == len(axes)-1 {
					return fmt.Errorf("at %s: %w", pointText(axes, values), err)
				}
				return err
			}
		}
		return nil
	}
	return walk(0)
}

func pointText(axes []Axis, values []float64) string {
	s := ""
	for i, ax := range axes {
		if i > 0 {
			s += ", "
		}
		s += ax.Field.Key + "=" + strconv.FormatFloat(values[i], 'f', -1, 64)
	}
	return s
}
