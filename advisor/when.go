package advisor

import (
	"fmt"
	"math"
	"strings"

	"github.com/scaleplan/scaleplan/human"
)

// When says when something the schedule dates comes, keeping apart the
// two figures a date can rest on: a month, with the traffic of that month
// as a multiple of today's ("in month 39 at 8% growth, with 20x today's
// traffic"; the multiple is (1 + growth)^month, on whole months), and,
// for one no month reaches, the multiple of today's traffic at which it
// comes with today's data ("at 3.7x today's traffic"). Without growth a
// month comes from the stored data alone: "in month 40 as the stored data
// grows, at today's traffic". "" with neither.
func When(loadX, months *float64, growthPct float64) string {
	switch {
	case months != nil && !math.IsInf(*months, 0) && !math.IsNaN(*months):
		m := human.Count(math.Max(*months, 1))
		if growthPct <= 0 {
			return fmt.Sprintf("in month %s as the stored data grows, at today's traffic", m)
		}
		traffic := "today's traffic"
		if loadX != nil && loadMultiple(*loadX) != "1.0x" {
			traffic = loadMultiple(*loadX) + " " + traffic
		}
		return fmt.Sprintf("in month %s at %s%% growth, with %s", m, trimPct(growthPct), traffic)
	case loadX != nil && *loadX > 0:
		return "at " + loadMultiple(*loadX) + " today's traffic"
	}
	return ""
}

// When says when the limit is passed: "already at today's peak" when it
// is, else as When does.
func (l *Limit) When(growthPct float64) string {
	if l.AtLoadX < 1 {
		return "already at today's peak"
	}
	return When(&l.AtLoadX, l.InMonths, growthPct)
}

// trimPct writes a growth rate as given: 8, 12.5, 0.7.
func trimPct(v float64) string {
	s := strings.TrimRight(fmt.Sprintf("%.4f", v), "0")
	return strings.TrimSuffix(s, ".")
}
