package estimators_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/knowledge"
)

// relTol is the tolerance for exact arithmetic: the figures below are what
// the formulas give, not the books' rounded ones (those are in comments).
const relTol = 1e-9

func near(got, want float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= relTol*math.Max(math.Abs(got), math.Abs(want))
}

type figure struct {
	name      string
	got, want float64
}

func checkFigures(t *testing.T, figs []figure) {
	t.Helper()
	for _, f := range figs {
		if !near(f.got, f.want) {
			t.Errorf("%s = %.12g, want %.12g", f.name, f.got, f.want)
		}
	}
}

// Units the worked examples are stated in.
const (
	MB = 1e6
	GB = 1.0 // the estimators work in GB
	TB = 1e3 * GB
	PB = 1e6 * GB
)

func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		figs func() []figure
	}{
		{
			// System Design Interview (Alex Xu), ch. 2 "Back-of-the-envelope
			// estimation", Twitter. Assumptions: 300 million MAU, 50% use it
			// daily, 2 tweets per user per day, peak = 2 × average, 10% of
			// tweets carry 1 MB of media, media kept 5 years.
			name: "SDI ch.2 Twitter: 300M MAU, 50% daily, 2 tweets/day, 10% with 1 MB media, 5 years",
			figs: func() []figure {
				dau := estimators.DAUFromUsers(300e6, 0.5)
				tweets := estimators.RequestsPerDay(dau, 2)
				qps := estimators.AvgRPS(tweets)
				media := estimators.NewDataGBPerDay(tweets*0.1, 1*MB)
				return []figure{
					{"DAU", dau, 150e6},                                     // book: 150 million
					{"tweets per day", tweets, 300e6},                       // book: 300 million
					{"tweet QPS", qps, 300e6 / 86400},                       // 3,472.2; book: ~3,500
					{"peak QPS", estimators.PeakRPS(qps, 2), 600e6 / 86400}, // 6,944.4; book: ~7,000
					{"media per day", media, 30 * TB},                       // book: 30 TB per day
					{"media over 5 years", estimators.DataGBAtRetention(0, media, 5), 30 * TB * 365 * 5}, // 54.75 PB; book: ~55 PB
					{"media over 5 years in PB", estimators.DataGBAtRetention(0, media, 5) / PB, 54.75},
				}
			},
		},
		{
			// System Design Interview ch. 8 "Design a URL shortener".
			// Assumptions: 100 million URLs written a day, 10 reads per write,
			// records kept 10 years, 100 bytes per record.
			name: "SDI ch.8 URL shortener: 100M writes/day, 10:1 read ratio, 10 years of 100-byte records",
			figs: func() []figure {
				reads, writes := estimators.SplitReadsWrites(1.1e9, 10)
				perDayGB := estimators.NewDataGBPerDay(writes, 100)
				return []figure{
					{"writes per day from a 10:1 split of 1.1 billion requests", writes, 100e6},
					{"reads per day from a 10:1 split of 1.1 billion requests", reads, 1e9},
					{"write ops/s", estimators.AvgRPS(writes), 100e6 / 86400}, // 1,157.4; book: ~1,160
					{"read ops/s", estimators.AvgRPS(reads), 1e9 / 86400},     // 11,574; book: ~11,600
					// DataGBAtRetention accumulates any daily quantity; fed records
					// per day it counts records: book: 365 billion.
					{"records over 10 years", estimators.DataGBAtRetention(0, writes, 10), 365e9},
					{"new data per day", perDayGB, 10 * GB},
					{"storage over 10 years", estimators.DataGBAtRetention(0, perDayGB, 10), 36.5 * TB}, // book: 36.5 TB
				}
			},
		},
		{
			// The System Design Primer, "Design Pastebin (or Bit.ly)".
			// Assumptions: 10 million writes and 100 million reads a month,
			// 1.27 KB per paste, kept 3 years. The primer divides by 2.5
			// million seconds a month and rounds: ~4 writes/s, ~40 reads/s,
			// 12.7 GB a month, ~450 GB in 3 years. scaleplan uses 86,400 s a
			// day and 365/12 days a month (2,628,000 s), so the exact figures
			// are 3.805 writes/s, 38.05 reads/s and 457.2 GB.
			name: "Primer Pastebin: 10M writes and 100M reads a month, 1.27 KB per paste, 3 years",
			figs: func() []figure {
				secondsPerMonth := estimators.DaysPerMonth * estimators.SecondsPerDay
				writesPerDay := 10e6 / estimators.DaysPerMonth
				readsPerDay := 100e6 / estimators.DaysPerMonth
				perDayGB := estimators.NewDataGBPerDay(writesPerDay, 1270)
				return []figure{
					{"seconds in an average month", secondsPerMonth, 2_628_000},                        // primer: 2.5 million
					{"writes/s", estimators.AvgRPS(writesPerDay), 10e6 / 2_628_000},                    // 3.805; primer: ~4
					{"reads/s", estimators.AvgRPS(readsPerDay), 100e6 / 2_628_000},                     // 38.05; primer: ~40
					{"new content per month", perDayGB * estimators.DaysPerMonth, 12.7 * GB},           // primer: 12.7 GB
					{"content over 3 years", estimators.DataGBAtRetention(0, perDayGB, 3), 457.2 * GB}, // primer: ~450 GB
				}
			},
		},
		{
			// The System Design Primer, "Design the Twitter timeline and
			// search". Assumptions: 500 million tweets a day, 250 billion
			// timeline reads a month. The primer gives ~6,000 tweets/s and
			// ~100,000 reads/s (2.5 million s a month).
			name: "Primer Twitter timeline: 500M tweets a day, 250B reads a month",
			figs: func() []figure {
				return []figure{
					{"tweets/s", estimators.AvgRPS(500e6), 500e6 / 86400},                                       // 5,787; primer: ~6,000
					{"timeline reads/s", estimators.AvgRPS(250e9 / estimators.DaysPerMonth), 250e9 / 2_628_000}, // 95,129; primer: ~100,000
				}
			},
		},
		{
			// Cache the hot 20% of a day's reads (the 80/20 rule).
			// SDI ch.8 URL shortener: 1 billion reads a day, 100-byte records.
			// Grokking the System Design Interview, "Designing a URL
			// shortening service": 20K reads/s (~1.7 billion a day), 500 bytes
			// each → "~170 GB" of cache.
			name: "80/20 cache: SDI URL shortener 1B reads/day at 100 B, Grokking TinyURL 20K reads/s at 500 B",
			figs: func() []figure {
				return []figure{
					{"SDI cache", estimators.CacheGB(1e9, 0.2, 100), 20 * GB},
					{"Grokking cache", estimators.CacheGB(20_000*86_400, 0.2, 500), 172.8 * GB}, // Grokking: ~170 GB
				}
			},
		},
		{
			// Little's law: requests in flight = arrival rate × time in system.
			// A pooler multiplexes clients onto fewer connections: the
			// zero-to-10m article's 20-30 connections serve ~100 clients.
			name: "Little's law: 1,000 rps at 100 ms is 100 in flight; 100 clients pool into 25 connections",
			figs: func() []figure {
				return []figure{
					{"in flight", estimators.ConcurrentRequests(1000, 0.1), 100},
					{"pooled connections", estimators.PooledConnections(100, 0.25, 10), 25},
					{"pool never below its minimum", estimators.PooledConnections(4, 0.25, 10), 10},
					{"a fractional connection rounds up", estimators.PooledConnections(101, 0.25, 10), 26},
				}
			},
		},
		{
			// Availability budgets, the usual "nines" table: 99.9% allows
			// 43.8 minutes a month and 8.76 hours a year; 99.99% 52.56 minutes
			// a year.
			name: "Availability: 99.9% allows 43.8 min/month and 8.76 h/year, 99.99% 52.56 min/year",
			figs: func() []figure {
				return []figure{
					{"99.9% minutes per month", estimators.DowntimeSecondsPerMonth(99.9) / 60, 43.8},
					{"99.9% hours per year", estimators.DowntimeSecondsPerYear(99.9) / 3600, 8.76},
					{"99.99% minutes per year", estimators.DowntimeSecondsPerYear(99.99) / 60, 52.56},
					{"nines of 99.9%", estimators.Nines(99.9), 3},
					{"nines of 99.95%", estimators.Nines(99.95), -math.Log10(0.0005)}, // 3.30103
					{"nines of 90%", estimators.Nines(90), 1},
				}
			},
		},
		{
			// Cost and growth: EC2 m6i.large at $0.096/h over AWS's 730-hour
			// month; doubling at 15% a month.
			name: "Cost and growth: $0.096/h is $70.08 a month; 15% a month doubles in 4.96 months",
			figs: func() []figure {
				return []figure{
					{"m6i.large per month", estimators.MonthlyUSD(0.096), 70.08},
					{"months to double at 15%", estimators.MonthsToGrow(2, 15), math.Log(2) / math.Log(1.15)}, // 4.959
					{"months to grow 10x at 100%", estimators.MonthsToGrow(10, 100), math.Log2(10)},
					{"no growth needed for a factor of 1", estimators.MonthsToGrow(1, 15), 0},
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFigures(t, tt.figs()) })
	}
}

func TestWorkedExampleRoundedFigures(t *testing.T) {
	// The books' rounded figures are within a few percent of the exact ones;
	// this guards against a unit slip (×1000, per-month vs per-day).
	tests := []struct {
		name       string
		got, book  float64
		maxRelDiff float64
	}{
		{"SDI Twitter QPS ~3,500", estimators.AvgRPS(estimators.RequestsPerDay(estimators.DAUFromUsers(300e6, 0.5), 2)), 3500, 0.01},
		{"SDI Twitter media over 5 years ~55 PB", estimators.DataGBAtRetention(0, estimators.NewDataGBPerDay(30e6, 1e6), 5) / PB, 55, 0.01},
		{"SDI URL shortener writes ~1,160/s", estimators.AvgRPS(100e6), 1160, 0.01},
		{"Primer Pastebin writes ~4/s", estimators.AvgRPS(10e6 / estimators.DaysPerMonth), 4, 0.06},
		{"Primer Pastebin 3 years ~450 GB", estimators.DataGBAtRetention(0, estimators.NewDataGBPerDay(10e6/estimators.DaysPerMonth, 1270), 3), 450, 0.02},
		{"Primer Twitter ~6,000 tweets/s", estimators.AvgRPS(500e6), 6000, 0.04},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := math.Abs(tt.got-tt.book) / tt.book; d > tt.maxRelDiff {
				t.Errorf("got %.6g, the book says %g: %.1f%% apart, more than %.0f%%", tt.got, tt.book, d*100, tt.maxRelDiff*100)
			}
		})
	}
}

func TestSplitReadsWrites(t *testing.T) {
	tests := []struct {
		name                  string
		requests, ratio       float64
		wantReads, wantWrites float64
	}{
		{"10:1 read ratio splits 1.1 billion requests into 1 billion reads and 100 million writes", 1.1e9, 10, 1e9, 1e8},
		{"9:1 read ratio makes 90% of 1,000 requests reads", 1000, 9, 900, 100},
		{"1:1 splits evenly", 500, 1, 250, 250},
		{"ratio 0 is write-only", 700, 0, 0, 700},
		{"3:2 (1.5) splits 1,000 into 600 reads and 400 writes", 1000, 1.5, 600, 400},
		{"no requests split into nothing", 0, 10, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := estimators.SplitReadsWrites(tt.requests, tt.ratio)
			if !near(r, tt.wantReads) || !near(w, tt.wantWrites) {
				t.Errorf("SplitReadsWrites(%g, %g) = %g reads, %g writes; want %g, %g", tt.requests, tt.ratio, r, w, tt.wantReads, tt.wantWrites)
			}
			if !near(r+w, tt.requests) {
				t.Errorf("reads + writes = %g, want all %g requests", r+w, tt.requests)
			}
		})
	}
}

func TestServers(t *testing.T) {
	tests := []struct {
		name                           string
		load, perServer, util, minimum float64
		want                           float64
	}{
		{"peak 4,200 rps at 500 rps/server run at 70% needs ceil(4200/350) = 12", 4200, 500, 0.7, 1, 12},
		{"one request over a server's share needs another server", 351, 500, 0.7, 1, 2},
		{"exactly one server's share fits on one", 350, 500, 0.7, 1, 1},
		{"light load still gets the redundancy minimum of 2", 10, 500, 0.7, 2, 2},
		{"no load gets the minimum", 0, 500, 0.7, 1, 1},
		{"unknown server capacity falls back to the minimum", 4200, 0, 0.7, 2, 2},
		{"zero utilisation falls back to the minimum", 4200, 500, 0, 3, 3},
		{"a minimum above the need wins", 4200, 500, 0.7, 20, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := estimators.Servers(tt.load, tt.perServer, tt.util, tt.minimum)
			if got != tt.want {
				t.Errorf("Servers(%g, %g, %g, %g) = %g, want %g", tt.load, tt.perServer, tt.util, tt.minimum, got, tt.want)
			}
		})
	}
}

func TestServersNeverBelowMinimumAndWhole(t *testing.T) {
	for _, minimum := range []float64{0, 1, 2, 5} {
		for load := 0.0; load <= 1e6; load = load*3 + 1 {
			for _, capacity := range []float64{-1, 0, 1, 120, 500, 2000} {
				for _, util := range []float64{-0.5, 0, 0.3, 0.7, 1} {
					got := estimators.Servers(load, capacity, util, minimum)
					if got < minimum {
						t.Fatalf("Servers(%g, %g, %g, %g) = %g, below the minimum", load, capacity, util, minimum, got)
					}
					if got != math.Trunc(got) {
						t.Fatalf("Servers(%g, %g, %g, %g) = %g, not a whole number of machines", load, capacity, util, minimum, got)
					}
					if capacity > 0 && util > 0 && got*capacity*util < load*(1-relTol) {
						t.Fatalf("Servers(%g, %g, %g, %g) = %g cannot carry the load", load, capacity, util, minimum, got)
					}
				}
			}
		}
	}
}

func TestEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"100% availability has infinite nines", estimators.Nines(100), math.Inf(1)},
		{"no growth never reaches a larger load", estimators.MonthsToGrow(2, 0), math.Inf(1)},
		{"shrinking never reaches a larger load", estimators.MonthsToGrow(2, -5), math.Inf(1)},
		{"a smaller load is already reached", estimators.MonthsToGrow(0.5, 15), 0},
		{"100% availability allows no downtime", estimators.DowntimeSecondsPerMonth(100), 0},
		{"an hourly price of 0 costs nothing", estimators.MonthlyUSD(0), 0},
		{"a perfect cache leaves no reads", estimators.UncachedRPS(1000, 1), 0},
		{"an 80% hit ratio leaves a fifth of reads", estimators.UncachedRPS(1000, 0.8), 200},
		{"egress: 1M reads a day at 20 KB is 608.3 GB a month", estimators.EgressGBPerMonth(1e6, 20e3, 0, 1000), 1e6 * 20e3 * 365 / 12 / 1e9},
		{"egress: 9M reads at 20 KB and 1M writes at 1 KB is 5.506 TB a month", estimators.EgressGBPerMonth(9e6, 20e3, 1e6, 1e3), (9e6*20e3 + 1e6*1e3) * 365 / 12 / 1e9},
		{"today's data is kept at retention", estimators.DataGBAtRetention(500, 0, 5), 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %g, want %g", tt.got, tt.want)
			}
		})
	}
}

func defaultCapacity(t testing.TB) estimators.Capacity {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("the embedded knowledge base does not load: %v", err)
	}
	return b.Capacity
}

// scenario builds resolved inputs for a number of monthly users the way the
// advisor's defaults do: half daily, requests per user, a read ratio.
type scenario struct {
	name            string
	requestsPerUser float64
	readRatio       float64
	peakFactor      float64
	bytesPerWrite   float64
	availability    float64
}

func (s scenario) inputs(users float64) estimators.Inputs {
	dau := estimators.DAUFromUsers(users, 0.5)
	reads, writes := estimators.SplitReadsWrites(estimators.RequestsPerDay(dau, s.requestsPerUser), s.readRatio)
	return estimators.Inputs{
		Users: users, DAU: dau, ReadsPerDay: reads, WritesPerDay: writes,
		PeakFactor: s.peakFactor, PeakRPS: estimators.PeakRPS(estimators.AvgRPS(reads+writes), s.peakFactor),
		WriteBytes: s.bytesPerWrite, RetentionYears: 5,
		Regions: 1, Availability: s.availability, ResponseBytes: 20_000,
		// The answers' defaults: half the writes change a row (TPC-C), 2.5
		// queries a request (Stack Overflow).
		UpdateShare: 50, QueriesPerRequest: 2.5,
	}
}

var scenarios = []scenario{
	{"default web app: 100 requests/user, 9:1 reads, 2x peak, 1 KB writes, 99.5%", 100, 9, 2, 1000, 99.5},
	{"read-heavy feed at 99.95%: 300 requests/user, 100:1 reads", 300, 100, 3, 500, 99.95},
	{"write-heavy telemetry: 1,000 requests/user, 1:4 reads, 5 KB writes", 1000, 0.25, 2, 5000, 99.9},
	{"spiky launch: 50 requests/user, 9:1 reads, 5x peak", 50, 9, 5, 1000, 99},
	{"write-only ingest", 200, 0, 2, 2000, 99.5},
	{"small rows read often: 300 requests/user, 100:1 reads, 100-byte writes", 300, 100, 3, 100, 99.95},
}

func TestEstimateGrowsWithLoad(t *testing.T) {
	c := defaultCapacity(t)
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			var prev estimators.Estimates
			prevUsers := 0.0
			for users := 10.0; users <= 1e9; users *= math.Pow(10, 0.125) {
				e := estimators.Estimate(s.inputs(users), c)
				if prevUsers > 0 {
					for _, m := range []struct {
						name      string
						now, then float64
					}{
						{"read rps", e.ReadRPS, prev.ReadRPS},
						// Past one cluster's nodes the fleet takes bigger servers:
						// fewer of them, never less capacity.
						{"app server vCPUs", e.AppServers * e.AppClassVCPU, prev.AppServers * prev.AppClassVCPU},
						// Replicas grow in size with the working set, and a
						// primary sized up serves the reads they took: fewer
						// of them, never fewer database vCPUs.
						{"database vCPUs", e.DBVCPU, prev.DBVCPU},
						{"shards", e.Shards, prev.Shards},
						{"cache nodes", e.CacheNodes, prev.CacheNodes},
						{"db connections", e.DBConnections, prev.DBConnections},
						{"data at retention", e.DataGBAtRetention, prev.DataGBAtRetention},
					} {
						if m.now < m.then*(1-1e-12) {
							t.Errorf("%s fell from %g to %g as users grew from %.4g to %.4g", m.name, m.then, m.now, prevUsers, users)
						}
					}
					if prev.CacheNeeded && !e.CacheNeeded {
						t.Errorf("the cache was needed at %.4g users but not at %.4g", prevUsers, users)
					}
				}
				checkInvariants(t, fmt.Sprintf("%.4g users", users), s.inputs(users), e, c)
				prev, prevUsers = e, users
			}
			// The sweep must reach the expensive end of the ladder, or the
			// checks above prove little.
			// A stream of events reaches a partitioned log instead of shards.
			if prev.EventPipeline {
				if prev.StreamBrokers <= c.StreamMinBrokers || prev.AppServers < 100 {
					t.Errorf("at %.4g users: %g brokers and %g app servers; the sweep never outgrew the smallest log", prevUsers, prev.StreamBrokers, prev.AppServers)
				}
			} else if prev.Shards < 2 || prev.AppServers < 100 {
				t.Errorf("at %.4g users: %g shards and %g app servers; the sweep never reached sharding", prevUsers, prev.Shards, prev.AppServers)
			}
			// A cache for read-mostly systems; replicas where rows are small
			// (a big hot set shards the database, and each shard's primary,
			// sized up for memory, serves its reads); write-heavy systems
			// shard first, and each shard's primary serves its reads.
			if s.readRatio >= 1 && !prev.CacheNeeded {
				t.Errorf("at %.4g users: no cache; the sweep never reached caching", prevUsers)
			}
			if s.readRatio >= 1 && s.bytesPerWrite <= 100 && prev.ReadReplicas == 0 {
				t.Errorf("at %.4g users: %g read replicas; the sweep never reached replicas", prevUsers, prev.ReadReplicas)
			}
		})
	}
}

// checkInvariants asserts what holds for every estimate.
func checkInvariants(t *testing.T, at string, in estimators.Inputs, e estimators.Estimates, c estimators.Capacity) {
	t.Helper()
	if !near(e.ReadRPS+e.WriteRPS, in.PeakRPS) {
		t.Errorf("%s: read %g + write %g rps = %g, want the peak %g", at, e.ReadRPS, e.WriteRPS, e.ReadRPS+e.WriteRPS, in.PeakRPS)
	}
	if e.ReadRPS < 0 || e.WriteRPS < 0 {
		t.Errorf("%s: negative rps: read %g, write %g", at, e.ReadRPS, e.WriteRPS)
	}
	if e.AppServers < 1 || e.Shards < 1 || e.DBConnections < c.PoolMinConnections {
		t.Errorf("%s: %g app servers, %g shards, %g connections: below the minimum", at, e.AppServers, e.Shards, e.DBConnections)
	}
	if in.Availability >= c.RedundancyAvailability && e.AppServers < 2 {
		t.Errorf("%s: %g%% availability needs two app servers, got %g", at, in.Availability, e.AppServers)
	}
	if e.AppServers*e.AppRPSAtTarget < in.PeakRPS*(1-relTol) {
		t.Errorf("%s: %g app servers at %g rps each cannot carry a peak of %g rps", at, e.AppServers, e.AppRPSAtTarget, in.PeakRPS)
	}
	if e.CacheNeeded != (e.CacheNodes > 0) {
		t.Errorf("%s: cache needed = %v but %g cache nodes", at, e.CacheNeeded, e.CacheNodes)
	}
	if e.PrimaryClassVCPU < e.PrimaryVCPU && e.PrimaryClass != c.DBClasses[len(c.DBClasses)-1].ID {
		t.Errorf("%s: primary class %s (%g vCPU) is smaller than the %g vCPU needed", at, e.PrimaryClass, e.PrimaryClassVCPU, e.PrimaryVCPU)
	}
	for name, v := range map[string]float64{
		"peak rps": in.PeakRPS, "cache GB": e.CacheGB, "primary vCPU": e.PrimaryVCPU,
		"egress": e.EgressGBPerMonth, "concurrent requests": e.ConcurrentRequests,
	} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Errorf("%s: %s = %g, want a finite non-negative number", at, name, v)
		}
	}
}

func TestEstimateSplitsThePeak(t *testing.T) {
	c := defaultCapacity(t)
	tests := []struct {
		name      string
		in        estimators.Inputs
		wantPeak  float64
		wantRead  float64
		wantWrite float64
	}{
		{
			name:     "a measured 40,000 rps keeps the day's 9:1 split",
			in:       estimators.Inputs{ReadsPerDay: 90e6, WritesPerDay: 10e6, PeakFactor: 2, PeakRPS: 40_000, Availability: 99.9},
			wantPeak: 40_000, wantRead: 36_000, wantWrite: 4_000,
		},
		{
			name:     "a peak below the day's average is still split 9:1",
			in:       estimators.Inputs{ReadsPerDay: 90e6, WritesPerDay: 10e6, PeakFactor: 2, PeakRPS: 100},
			wantPeak: 100, wantRead: 90, wantWrite: 10,
		},
		{
			name:     "a derived peak, 100M requests/day × 2 / 86,400",
			in:       estimators.Inputs{ReadsPerDay: 90e6, WritesPerDay: 10e6, PeakFactor: 2, PeakRPS: estimators.PeakRPS(estimators.AvgRPS(100e6), 2)},
			wantPeak: 2 * 100e6 / 86400, wantRead: 0.9 * 2 * 100e6 / 86400, wantWrite: 0.1 * 2 * 100e6 / 86400,
		},
		{
			name:     "a measured peak with no daily volume counts as reads",
			in:       estimators.Inputs{PeakFactor: 2, PeakRPS: 500},
			wantPeak: 500, wantRead: 500, wantWrite: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := estimators.Estimate(tt.in, c)
			if !near(tt.in.PeakRPS, tt.wantPeak) || !near(e.ReadRPS, tt.wantRead) || !near(e.WriteRPS, tt.wantWrite) {
				t.Errorf("peak %g (read %g, write %g), want %g (read %g, write %g)", tt.in.PeakRPS, e.ReadRPS, e.WriteRPS, tt.wantPeak, tt.wantRead, tt.wantWrite)
			}
			checkInvariants(t, tt.name, tt.in, e, c)
		})
	}
}

func TestEstimateWorkedPlan(t *testing.T) {
	// 2 million monthly users with the default assumptions: 1 million daily,
	// 100 requests each, 9:1 reads, 2x peak. Average 1,157 rps, peak 2,315.
	c := defaultCapacity(t)
	in := scenarios[0].inputs(2e6)
	e := estimators.Estimate(in, c)
	peak := 2 * 100e6 / 86400.0
	checkFigures(t, []figure{
		{"requests per day", e.RequestsPerDay, 100e6},
		{"avg rps", e.AvgRPS, 100e6 / 86400},
		{"peak rps", in.PeakRPS, peak},
		{"read rps", e.ReadRPS, 0.9 * peak},
		{"write rps", e.WriteRPS, 0.1 * peak},
		{"app servers: ceil(2,315 / (300 × 0.7))", e.AppServers, math.Ceil(peak / (c.AppRPSPerServer * c.TargetUtilisation))},
		{"concurrent requests: 2,315 rps × 0.1 s", e.ConcurrentRequests, peak * 0.1},
		{"db connections: ceil(231.5 × 0.25)", e.DBConnections, math.Ceil(peak * 0.1 * c.PoolConnectionsPerClient)},
		{"new data per day: 10M writes × 1 KB × (1 − 50% updates)", e.NewDataGBPerDay, 5},
		{"data next year", e.DataGBNextYear, 1825},
		{"data at 5 years", e.DataGBAtRetention, 9125},
		{"read queries: 2,083 reads/s × 2.5 queries", e.ReadQueriesRPS, 0.9 * peak * 2.5},
		{"downtime at 99.5%", e.DowntimeMinutesPerMonth, 0.005 * 365 / 12 * 1440},
	})
	if e.CacheNeeded != (e.ReadQueriesRPS > e.CacheTriggerRPS) {
		t.Errorf("cache needed = %v with %g read queries/s against a trigger of %g", e.CacheNeeded, e.ReadQueriesRPS, e.CacheTriggerRPS)
	}
}

func TestEstimateDoesNotAllocate(t *testing.T) {
	c := defaultCapacity(t)
	in := scenarios[1].inputs(5e7)
	var sink estimators.Estimates
	allocs := testing.AllocsPerRun(100, func() { sink = estimators.Estimate(in, c) })
	if allocs != 0 {
		t.Errorf("Estimate allocates %v times per call, want 0", allocs)
	}
	if sink.ReadRPS == 0 {
		t.Error("Estimate gave no peak")
	}
}

func TestEstimateIsDeterministic(t *testing.T) {
	c := defaultCapacity(t)
	in := scenarios[2].inputs(3e7)
	first := estimators.Estimate(in, c)
	for range 10 {
		if again := estimators.Estimate(in, c); again != first {
			t.Fatalf("Estimate gave %+v then %+v for the same inputs", first, again)
		}
	}
}

var benchSink estimators.Estimates

func BenchmarkEstimate(b *testing.B) {
	c := defaultCapacity(b)
	in := scenarios[0].inputs(2e6)
	b.ReportAllocs()
	for b.Loop() {
		benchSink = estimators.Estimate(in, c)
	}
}
