package advisor

import (
	"fmt"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// formulas shows each headline estimate with the arithmetic behind it, so a
// reader can check it by hand.
func formulas(r resolved, e estimators.Estimates, kb *knowledge.Base) []Formula {
	c := kb.Capacity
	n := human.Count
	peak := fmt.Sprintf("average × peak factor = %s × %s", n(e.AvgRPS), n(r.in.PeakFactor))
	if r.in.PeakRPSMeasured > 0 {
		peak = "measured (given)"
	}
	reads := "peak × reads / requests"
	cacheLine := "not needed yet: peak reads are below " + n(e.CacheTriggerRPS) + "/s"
	if e.CacheNeeded {
		cacheLine = fmt.Sprintf("reads/day × hot share × bytes = %s × %s × %s B", n(e.ReadsPerDay), human.Percent(c.HotFraction), n(r.in.BytesPerWrite))
	}
	fs := []Formula{
		{Key: "dau", Label: "Daily active users", Value: e.DAU, Display: n(e.DAU), Formula: "given or users × DAU/MAU"},
		{Key: "requests_per_day", Label: "Requests per day", Value: e.RequestsPerDay, Display: n(e.RequestsPerDay), Formula: fmt.Sprintf("reads + writes = %s + %s", n(e.ReadsPerDay), n(e.WritesPerDay))},
		{Key: "avg_rps", Label: "Average requests/s", Value: e.AvgRPS, Display: n(e.AvgRPS) + " rps", Formula: fmt.Sprintf("requests per day / 86,400 = %s / 86,400", n(e.RequestsPerDay))},
		{Key: "peak_rps", Label: "Peak requests/s", Value: e.PeakRPS, Display: n(e.PeakRPS) + " rps", Formula: peak},
		{Key: "read_rps", Label: "Peak reads/s", Value: e.ReadRPS, Display: n(e.ReadRPS) + "/s", Formula: reads},
		{Key: "write_rps", Label: "Peak writes/s", Value: e.WriteRPS, Display: n(e.WriteRPS) + "/s", Formula: "peak × writes / requests"},
		{Key: "new_data_gb_per_day", Label: "New data per day", Value: e.NewDataGBPerDay, Display: human.GB(e.NewDataGBPerDay), Formula: fmt.Sprintf("writes/day × bytes per write = %s × %s B", n(e.WritesPerDay), n(r.in.BytesPerWrite))},
		{Key: "data_gb_at_retention", Label: "Data at retention", Value: e.DataGBAtRetention, Display: human.GB(e.DataGBAtRetention), Formula: fmt.Sprintf("today + per day × 365 × years = %s + %s × 365 × %s", human.GB(r.in.DataGBToday), human.GB(e.NewDataGBPerDay), n(r.in.RetentionYears))},
		{Key: "egress_gb_per_month", Label: "Egress per month", Value: e.EgressGBPerMonth, Display: human.GB(e.EgressGBPerMonth), Formula: fmt.Sprintf("requests/day × bytes per response × 30.4 = %s × %s B × 30.4", n(e.RequestsPerDay), n(r.in.BytesPerResponse))},
		{Key: "cache_gb", Label: "Cache memory", Value: e.CacheGB, Display: human.GB(e.CacheGB), Formula: cacheLine},
		{Key: "concurrent_requests", Label: "Requests in flight", Value: e.ConcurrentRequests, Display: n(e.ConcurrentRequests), Formula: fmt.Sprintf("Little's law: peak × time in system = %s × %s s", n(e.PeakRPS), n(r.in.RequestLatencySec))},
		{Key: "db_connections", Label: "Database connections", Value: e.DBConnections, Display: n(e.DBConnections), Formula: fmt.Sprintf("in flight × %s per client through a pooler (at least %s)", n(c.PoolConnectionsPerClient), n(c.PoolMinConnections))},
		{Key: "app_servers", Label: "App servers", Value: e.AppServers, Display: n(e.AppServers), Formula: fmt.Sprintf("⌈peak / (%s rps × %s)⌉ = ⌈%s / %s⌉", n(c.AppRPSPerServer), human.Percent(c.TargetUtilisation), n(e.PeakRPS), n(e.AppRPSAtTarget))},
		{Key: "read_replicas", Label: "Read replicas", Value: e.ReadReplicas, Display: n(e.ReadReplicas), Formula: fmt.Sprintf("reads reaching the database %s/s over %s/s per replica at %s", n(e.DBReadRPS), n(e.PrimaryReadCapacityRPS), human.Percent(c.TargetUtilisation))},
		{Key: "shards", Label: "Shards", Value: e.Shards, Display: n(e.Shards), Formula: fmt.Sprintf("max(writes %s/s over %s/s per largest primary, data in a year %s over %s per primary)", n(e.WriteRPS), n(e.WriteCapacityRPS), human.GB(e.DataGBNextYear), human.GB(c.MaxGBPerShard))},
	}
	return fs
}
