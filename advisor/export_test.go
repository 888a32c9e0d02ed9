package advisor

import "github.com/scaleplan/scaleplan/answers"

// Scaled is a with its traffic times x, as the schedule scales it, so a
// test can rebuild the system at a point the schedule found.
func (ad *Advisor) Scaled(a answers.Answers, x float64) answers.Answers { return ad.scaled(a, x) }
