package estimators_test

import (
	"math"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/estimators"
)

// TestAtLeast checks the binomial tail against cases worked by hand.
func TestAtLeast(t *testing.T) {
	const a = 0.995
	q := 1 - a
	tests := []struct {
		name    string
		k, n    float64
		a, want float64
	}{
		{"one of one", 1, 1, a, a},
		{"any one of two", 1, 2, a, 1 - q*q},
		{"both of two", 2, 2, a, a * a},
		{"two of three: one spare", 2, 3, a, a*a*a + 3*q*a*a},
		{"four of five", 4, 5, a, math.Pow(a, 5) + 5*q*math.Pow(a, 4)},
		{"none needed", 0, 3, a, 1},
		{"more than there are", 4, 3, a, 0},
		{"units never up", 1, 3, 0, 0},
		{"units always up", 3, 3, 1, 1},
	}
	for _, tt := range tests {
		if got := estimators.AtLeast(tt.k, tt.n, tt.a); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: AtLeast(%v, %v, %v) = %v, want %v", tt.name, tt.k, tt.n, tt.a, got, tt.want)
		}
	}
	// A large fleet with 30% spare capacity: certain, without underflow;
	// one without spares: all up, a^n.
	if got := estimators.AtLeast(70_000, 100_000, a); got != 1 {
		t.Errorf("70k of 100k = %v", got)
	}
	if got, want := estimators.AtLeast(1000, 1000, a), math.Pow(a, 1000); math.Abs(got-want) > 1e-12 {
		t.Errorf("1000 of 1000 = %v, want %v", got, want)
	}
	// Monotone: more spares never lower it.
	prev := 0.0
	for n := 10.0; n <= 40; n++ {
		got := estimators.AtLeast(10, n, a)
		if got < prev || math.IsNaN(got) {
			t.Fatalf("10 of %v = %v after %v", n, got, prev)
		}
		prev = got
	}
}

// TestFleet: from two servers on, a fleet carries the spares its zones'
// SLA asks for; a fleet of one has nothing to spare.
func TestFleet(t *testing.T) {
	// 1,000 rps at 300 a server: 4 needed at full load, 5 at 70%; four of
	// five up is 99.975%, under 99.99%, so a sixth server.
	if got := estimators.Fleet(1000, 300, 0.7, 2, 99.5, 99.99); got != 6 {
		t.Errorf("Fleet = %v, want 6", got)
	}
	// 100 rps: one at full load, two at the minimum; either serves.
	if got := estimators.Fleet(100, 300, 0.7, 2, 99.5, 99.99); got != 2 {
		t.Errorf("Fleet = %v, want 2", got)
	}
	if got := estimators.Fleet(100, 300, 0.7, 1, 99.5, 99.99); got != 1 {
		t.Errorf("a fleet of one = %v", got)
	}
	// Impossible figures stop at a bounded number of spares.
	if got := estimators.Fleet(1000, 300, 0.7, 2, 1, 99.99); got > 5+64 {
		t.Errorf("Fleet = %v with 1%% servers", got)
	}
	// Never fewer servers for more load.
	prev := 0.0
	for load := 1.0; load < 1e6; load *= 1.07 {
		n := estimators.Fleet(load, 300, 0.7, 2, 99.5, 99.99)
		if n < prev {
			t.Fatalf("%v servers for %v rps after %v", n, load, prev)
		}
		prev = n
	}
}

// TestStartLevel: the target picks the first level; the plan may raise it.
func TestStartLevel(t *testing.T) {
	c := defaultCapacity(t)
	for _, tt := range []struct {
		pct  float64
		want float64
	}{{99, estimators.OneZone}, {99.5, estimators.OneZone}, {99.9, estimators.TwoZones}, {99.95, estimators.TwoZones}, {99.99, estimators.TwoRegions}, {99.999, estimators.TwoRegions}} {
		if got := estimators.StartLevel(tt.pct, c); got != tt.want {
			t.Errorf("StartLevel(%v) = %v, want %v", tt.pct, got, tt.want)
		}
	}
	in := estimators.Inputs{PeakRPS: 2000, Regions: 1, Availability: 99}
	if e := estimators.EstimateAt(in, c, estimators.TwoRegions); e.StackRegions != 2 || e.AppServersPerRegion*2 < e.AppServers {
		t.Errorf("two regions: %v stacks of %v servers for %v", e.StackRegions, e.AppServersPerRegion, e.AppServers)
	}
}

// TestRegionLoadShare: each region is sized so the regions left when one
// fails carry the peak (regions_lost_carried is 1): active-active regions
// each the peak over the others, a standby region the whole peak; and what
// a region serves while all are up is its users' share.
func TestRegionLoadShare(t *testing.T) {
	c := defaultCapacity(t)
	if c.RegionsLostCarried != 1 {
		t.Fatalf("regions_lost_carried = %v; the cases below assume 1", c.RegionsLostCarried)
	}
	for _, tt := range []struct {
		name             string
		regions, level   float64
		share, regionRPS float64
	}{
		{"one region", 1, estimators.TwoZones, 1, 6000},
		{"a standby region", 1, estimators.TwoRegions, 1, 6000},
		{"two regions with users", 2, estimators.TwoRegions, 1, 3000},
		{"three regions with users", 3, estimators.TwoRegions, 0.5, 2000},
		{"five regions with users", 5, estimators.TwoRegions, 0.25, 1200},
	} {
		in := estimators.Inputs{PeakRPS: 6000, Regions: tt.regions, Availability: 99.99}
		e := estimators.EstimateAt(in, c, tt.level)
		if e.RegionLoadShare != tt.share || e.RegionPeakRPS != tt.regionRPS {
			t.Errorf("%s: each region sized for %v of the peak and serving %v rps, want %v and %v", tt.name, e.RegionLoadShare, e.RegionPeakRPS, tt.share, tt.regionRPS)
		}
		// The regions left carry the peak on the servers each runs.
		if left := math.Max(1, e.StackRegions-1); tt.level >= estimators.TwoRegions && e.AppServersPerRegion*left*e.AppRPSAtTarget < in.PeakRPS {
			t.Errorf("%s: %v regions left of %v app servers take %v rps, below the %v rps peak", tt.name, left, e.AppServersPerRegion, e.AppServersPerRegion*left*e.AppRPSAtTarget, in.PeakRPS)
		}
	}
}

// TestAtLeastOnHugeFleets: fleets of billions of units, as implausible
// knowledge figures (units up 90% of the time, fleets at full load) make
// them, are answered at once, and agree with the normal curve where the
// binomial sum would take billions of terms.
func TestAtLeastOnHugeFleets(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, tt := range []struct{ k, n, a, want float64 }{
			{1e10, 1e10, 0.9, 0},            // no spares, a billion expected down
			{9e9, 1e10, 0.9, 0.5},           // spares exactly the failures to expect
			{9e9 - 9e4, 1e10, 0.9, 0.99865}, // three standard deviations (30,000 each) more: Φ(3)
			{8e9, 1e10, 0.9, 1},             // double the failures to expect
		} {
			got := estimators.AtLeast(tt.k, tt.n, tt.a)
			if math.Abs(got-tt.want) > 2e-4 || math.IsNaN(got) {
				t.Errorf("AtLeast(%g, %g, %v) = %v, want %v", tt.k, tt.n, tt.a, got, tt.want)
			}
		}
		// Where the sum is still taken, it agrees with the curve.
		sum, curve := estimators.AtLeast(9e6-2000, 1e7, 0.9), 0.5*math.Erfc(-2000.5/(math.Sqrt(9e5)*math.Sqrt2))
		if math.Abs(sum-curve) > 1e-3 {
			t.Errorf("AtLeast(9e6-2000, 1e7, 0.9) = %v, the normal curve %v", sum, curve)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("AtLeast on a fleet of 1e10 took more than 10 s")
	}
}

// TestStreamSizingEndsWhenBrokersCannotHelp: a broker that hosts fewer
// partition replicas than one partition has (refused at load, but the
// estimator must not depend on it) ends the broker search instead of
// adding brokers for ever.
func TestStreamSizingEndsWhenBrokersCannotHelp(t *testing.T) {
	c := defaultCapacity(t)
	c.StreamPartitionsPerBroker = 1
	done := make(chan estimators.Estimates)
	go func() {
		done <- estimators.EstimateAt(estimators.Inputs{Users: 1000, DAU: 500, PeakRPS: 10, WritesPerDay: 1e5, ReadsPerDay: 1e5, WriteBytes: 1000, Availability: 99, RetentionYears: 1}, c, estimators.OneZone)
	}()
	select {
	case e := <-done:
		if math.IsInf(e.StreamBrokers, 0) || math.IsNaN(e.StreamBrokers) {
			t.Errorf("%g brokers", e.StreamBrokers)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sizing a stream with 1 partition replica a broker did not finish in 10 s")
	}
}
