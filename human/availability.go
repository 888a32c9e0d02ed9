package human

import (
	"math"
)

// Availability writes an availability percentage with as many decimals as
// it has nines, at least two (99.5%, 99.95%, 99.9975%), cut rather than
// rounded so it never reads as more than it is: 99.9449 is 99.944%.
func Availability(pct float64) string {
	if pct >= 100 {
		return "100%"
	}
	nines := -math.Log10(1 - pct/100)
	d := max(2, int(math.Floor(nines)))
	scale := math.Pow(10, float64(d))
	cut := math.Floor(pct*scale+1e-6) / scale
	return fixed(cut, d, "%")
}
