package advisor_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
)

// checkFleets holds a plan's fleets and clusters to the limits the
// knowledge base cites for one cluster: a fleet past one cluster's nodes
// runs the size on its ladder that needs the fewest (a node grows before
// the count), and no cluster holds more nodes than its limit (fleet_max_nodes for
// Kubernetes, cache_max_nodes_per_cluster for ElastiCache,
// search_max_nodes_per_cluster for OpenSearch,
// stream_max_brokers_per_cluster for MSK, db_max_read_replicas for a
// primary's replicas). One event stream has one log, and every broker of it
// leads partitions.
func checkFleets(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	e, c := p.Estimates, p.Capacity
	get := func(id string) (advisor.Component, bool) { return component(p, id) }

	// A multi-region plan buys its app and connection servers, cache,
	// in-memory store, pub/sub and log in every region, each region with
	// clusters of its own.
	_, multi := get("multi-region")
	perRegion := func(id string) bool {
		switch id {
		case "app-server", "realtime-gateway", "cache", "in-memory-store", "pubsub", "event-pipeline":
			return multi
		}
		return false
	}
	topVM := c.VMClasses[len(c.VMClasses)-1].ID
	servers := 0.0
	for _, id := range []string{"app-server", "realtime-gateway", "workers", "stream-processing"} {
		s, ok := get(id)
		if !ok || !strings.HasPrefix(s.SizeID, "vm-") {
			continue
		}
		inOne := s.Count
		if perRegion(id) {
			inOne = s.Count / e.StackRegions
		}
		if inOne > c.FleetMaxNodes && s.SizeID != topVM {
			t.Errorf("%s: %g %s of %s in a region, past the %g nodes of one cluster on a size below the largest (%s)", at, inOne, id, s.SizeID, c.FleetMaxNodes, topVM)
		}
		if id != "stream-processing" {
			servers += s.Count
		}
	}
	if k, ok := get("kubernetes"); ok && servers > k.Count*c.FleetMaxNodes {
		t.Errorf("%s: %g servers on %g Kubernetes clusters of at most %g nodes", at, servers, k.Count, c.FleetMaxNodes)
	}

	// In-memory nodes serve the same operations whatever their size, so the
	// fewest are what the largest size needs for memory (what it keeps for
	// data, past the share reserved for backups and failover) and
	// operations; and each node holds its share of the data in that part.
	usable := 1 - c.CacheReservedMemoryShare
	fewest := func(gb, ops float64) float64 {
		top := c.CacheClasses[len(c.CacheClasses)-1].MemoryGB * usable
		return math.Max(1, math.Max(math.Ceil(ops/(c.CacheOpsPerNode*c.TargetUtilisation)), math.Ceil(gb/top)))
	}
	if e.CacheNeeded && e.CacheNodeGB*usable*e.CacheNodes < e.CacheGB*(1-1e-9) && e.CacheClass != c.CacheClasses[len(c.CacheClasses)-1].ID {
		t.Errorf("%s: a %g GB hot set on %g nodes of %g GB, %g GB of each for data", at, e.CacheGB, e.CacheNodes, e.CacheNodeGB, e.CacheNodeGB*usable)
	}
	if e.CacheNeeded && e.CacheNodes != fewest(e.CacheGB, e.CacheOpsRPS) {
		t.Errorf("%s: %g cache nodes of %s where %g of the largest size would do", at, e.CacheNodes, e.CacheClass, fewest(e.CacheGB, e.CacheOpsRPS))
	}
	if e.InMemoryNeeded && e.InMemoryNodes != fewest(e.InMemoryGB, e.InMemoryOpsRPS) {
		t.Errorf("%s: %g in-memory nodes of %s where %g of the largest size would do", at, e.InMemoryNodes, e.InMemoryClass, fewest(e.InMemoryGB, e.InMemoryOpsRPS))
	}

	type clustered struct {
		id                   string
		clusters, perCluster float64
		top                  string // the largest size, when a larger node takes more load; "" otherwise
	}
	topStream := c.StreamClasses[len(c.StreamClasses)-1].ID
	fleets := []clustered{
		{"cache", e.CacheClusters, c.CacheMaxNodesPerCluster, ""},
		{"in-memory-store", e.InMemoryClusters, c.CacheMaxNodesPerCluster, ""},
		{"pubsub", e.PubsubClusters, c.CacheMaxNodesPerCluster, ""},
		{"search", e.SearchClusters, c.SearchMaxNodesPerCluster, c.SearchClasses[len(c.SearchClasses)-1].ID},
		{"event-pipeline", e.StreamClusters, c.StreamMaxBrokersPerCluster, topStream},
		{"stream-processing", e.StreamClusters, c.StreamMaxBrokersPerCluster, topStream},
	}
	logs := 0
	for _, f := range fleets {
		s, ok := get(f.id)
		if !ok || (f.id == "stream-processing" && strings.HasPrefix(s.SizeID, "vm-")) {
			continue
		}
		if f.id == "event-pipeline" || f.id == "stream-processing" {
			logs++
		}
		clusters := f.clusters
		if perRegion(f.id) {
			clusters *= e.StackRegions
		}
		if s.Count > clusters*f.perCluster {
			t.Errorf("%s: %g nodes of %s in %g clusters of at most %g", at, s.Count, f.id, clusters, f.perCluster)
		}
		if f.clusters > 1 && f.top != "" && s.SizeID != f.top {
			t.Errorf("%s: %s in %g clusters of %s, below the largest size (%s)", at, f.id, f.clusters, s.SizeID, f.top)
		}
	}
	if e.ReplicasPerShard > c.DBMaxReadReplicas {
		t.Errorf("%s: %g read replicas on each shard's primary, past the %g one takes", at, e.ReplicasPerShard, c.DBMaxReadReplicas)
	}
	if logs > 1 {
		t.Errorf("%s: two logs for one event stream: %v", at, componentIDs(p))
	}
	if logs > 0 {
		b, n := e.StreamBrokers, e.StreamPartitions
		if n < b || math.Mod(n, b) != 0 {
			t.Errorf("%s: %g partitions on %g brokers: every broker should lead as many", at, n, b)
		}
		if n*c.StreamReplication > b*c.StreamPartitionsPerBroker {
			t.Errorf("%s: %g partitions × %g copies on %g brokers, past %g a broker", at, n, c.StreamReplication, b, c.StreamPartitionsPerBroker)
		}
	}
}

// topUsers is 1,000 users to the most the knowledge base allows,
// geometrically, n+1 points.
func topUsers(t *testing.T, n int) []float64 {
	hi := constant(t, "max_users")
	out := make([]float64, n+1)
	for i := range out {
		out[i] = math.Round(1e3 * math.Pow(hi/1e3, float64(i)/float64(n)))
	}
	return out
}

// TestFleetsFitTheirClusters plans every sweep profile from a thousand
// users to the most the knowledge base allows, and each at measured peaks
// up to the largest allowed: no fleet passes the cited per-cluster limits
// (checkFleets).
func TestFleetsFitTheirClusters(t *testing.T) {
	ad := newAdvisor(t)
	peak := constant(t, "max_peak_rps")
	p0 := advise(t, "users", "1k") // the capacity figures
	for _, pr := range sweepProfiles() {
		t.Run(pr.name, func(t *testing.T) {
			for _, u := range topUsers(t, 40) {
				p, err := ad.Advise(pr.answers(t, u))
				if err != nil {
					t.Fatalf("%g users: %v", u, err)
				}
				checkFleets(t, fmt.Sprintf("%g users", u), p)
			}
			// A measured peak with the most users, and as many requests a
			// day as keep it 50 times their average (the peak factor is at
			// most 100).
			for _, rps := range []float64{1e5, 1e7, peak} {
				users := constant(t, "max_users")
				a := pr.answers(t, users)
				a.Unset(answers.PeakFactor)
				a.Unset(answers.DAU)
				a.SetValue(answers.RequestsPerUser, rps/50*estimators.SecondsPerDay/(users*p0.Capacity.DAUPerMAU))
				a.SetValue(answers.PeakRPS, rps)
				p, err := ad.Advise(a)
				if err != nil {
					t.Fatalf("peak %g rps: %v", rps, err)
				}
				checkFleets(t, fmt.Sprintf("peak %g rps", rps), p)
			}
		})
	}
}

// maxCostPerUserRise is how far the monthly cost per user and per copy of
// the system may climb above its lowest as users grow with every other
// answer held. Copies are the redundancy a larger system takes on, which
// buys availability rather than capacity: a second zone doubles the
// stateful parts (a standby for each primary, a replica for each cache
// node) and each region runs a stack. Otherwise growth buys economies of
// scale, and what may make a user dearer for a while is a tier arriving at
// its smallest size (a database of its own, a cache, a log of three
// brokers) at about the cost of the rest, or a cache holding again the hot
// rows the database keeps in memory: twice, and a quarter for whole nodes.
const maxCostPerUserRise = 2.5

// TestCostPerUserNeverClimbsFar sweeps users from one to the most allowed
// for every profile: the monthly cost per user and copy never passes
// maxCostPerUserRise times the lowest it reached at fewer users. A fleet
// of a size too small for its load, or clusters multiplied before nodes
// grow, would show here as a bill that outgrows its users.
func TestCostPerUserNeverClimbsFar(t *testing.T) {
	ad := newAdvisor(t)
	hi := constant(t, "max_users")
	for _, pr := range sweepProfiles() {
		t.Run(pr.name, func(t *testing.T) {
			lowest, lowestAt := math.Inf(1), 0.0
			for i := 0; i <= 120; i++ {
				u := math.Round(math.Pow(hi, float64(i)/120))
				p, err := ad.Advise(pr.answers(t, u))
				if err != nil {
					t.Fatalf("%g users: %v", u, err)
				}
				if p.Cost.MonthlyUSD <= 0 {
					continue // a free static site: nothing yet to compare
				}
				copies := 1.0
				if p.Estimates.Resilience >= estimators.TwoZones {
					copies = 2
				}
				if _, ok := component(p, "multi-region"); ok {
					copies *= p.Estimates.StackRegions
				}
				perUser := p.Cost.MonthlyUSD / u / copies
				if perUser > maxCostPerUserRise*lowest {
					t.Errorf("%g users: $%.4g a user a month for each of %g copies, %.3g times the $%.4g at %g users (stage %s)",
						u, perUser, copies, perUser/lowest, lowest, lowestAt, p.Stage.ID)
				}
				if perUser < lowest {
					lowest, lowestAt = perUser, u
				}
			}
		})
	}
}
