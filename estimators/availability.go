package estimators

import "math"

// Resilience levels: how much redundancy a plan runs, each including the
// ones below it. The knowledge base names and describes them
// (resilience.yaml); expressions know them by these ids with _ for -.
const (
	OneZone    = 0 // each part as the load needs it
	TwoZones   = 1 // spares over two zones, a standby for each primary, a replica for each cache node
	TwoRegions = 2 // the whole stack in a second region as well, taking over when one fails
)

// ResilienceLevels are the levels' ids, by number.
var ResilienceLevels = []string{"one-zone", "two-zones", "two-regions"}

// StartLevel is the level an availability target asks for before anything
// is composed: two zones from the redundancy target, two regions from the
// multi-region one. The advisor raises it when the plan's parts compose
// below the target.
func StartLevel(availabilityPct float64, c Capacity) float64 {
	switch {
	case c.MultiRegionAvailability > 0 && availabilityPct >= c.MultiRegionAvailability:
		return TwoRegions
	case availabilityPct >= c.RedundancyAvailability:
		return TwoZones
	}
	return OneZone
}

// AtLeast is the chance that at least k of n independent units are up
// when each is up with probability a: the binomial tail P(X >= k).
func AtLeast(k, n, a float64) float64 {
	k, n = math.Ceil(k), math.Floor(n)
	switch {
	case k <= 0:
		return 1
	case k > n || a <= 0:
		return 0
	case a >= 1:
		return 1
	}
	q := 1 - a
	// With more spares than twelve standard deviations past the failures
	// to expect, the chance of running out is below 1e-30; with fewer
	// than twelve short of them, the chance of enough being up is.
	s := n - k
	mean, sd := n*q, math.Sqrt(n*q*a)
	switch {
	case s >= mean+12*sd+12:
		return 1
	case s+12*sd+12 <= mean:
		return 0
	case sd > normalSD:
		// The sum below takes about 20 terms per standard deviation; past
		// normalSD the normal curve is as close as the sum (continuity
		// corrected), at a term's cost.
		return math.Max(0, math.Min(1, 0.5*math.Erfc(-(s+0.5-mean)/(sd*math.Sqrt2))))
	}
	// P(X < k) is the chance that more than s = n-k units are down. Sum its
	// terms from s+1 upwards in logarithms (a^n underflows for large
	// fleets), stopping once they no longer count.
	j := s + 1
	lt := lchoose(n, j) + j*math.Log(q) + (n-j)*math.Log(a)
	mode := n * q
	down := 0.0
	odds := math.Log(q / a)
	for ; j <= n; j++ {
		t := math.Exp(lt)
		down += t
		if j > mode && t <= down*1e-17 {
			break
		}
		lt += math.Log((n-j)/(j+1)) + odds
	}
	return math.Max(0, math.Min(1, 1-down))
}

// normalSD is the spread of failures (standard deviations of units down)
// past which AtLeast takes the normal curve for the binomial: its skew,
// (1-2q)/sd, is then under 0.001, and summing the terms would take tens of
// thousands of them for each fleet size tried.
const normalSD = 1000

func lchoose(n, k float64) float64 {
	a, _ := math.Lgamma(n + 1)
	b, _ := math.Lgamma(k + 1)
	c, _ := math.Lgamma(n - k + 1)
	return a - b - c
}

// maxSpares bounds the spares Fleet adds: with implausible figures (a unit
// up a tenth of the time) no number of spares reaches the target, and the
// availability model shows what the fleet gives.
const maxSpares = 64

// Fleet is how many servers carry load when each takes perServer at 100%:
// enough to run at the utilisation target, never fewer than minimum, and
// from two servers on, spares enough that the servers the load needs at
// 100% are up (each up unitPct of the time) at least fleetPct of the time.
// A fleet of N with one spare is up while N-1 of N are; larger fleets
// sized for the utilisation target carry their spares already.
func Fleet(load, perServer, utilisation, minimum, unitPct, fleetPct float64) float64 {
	n := Servers(load, perServer, utilisation, minimum)
	if n < 2 || perServer <= 0 {
		return n
	}
	k := math.Max(1, math.Ceil(load/perServer))
	for i := 0; i < maxSpares && AtLeast(k, n, unitPct/100) < fleetPct/100; i++ {
		n++
	}
	return n
}
