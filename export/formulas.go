package export

import (
	"fmt"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// Formula shows how an estimate was computed, with the numbers plugged in.
type Formula struct {
	Key     string
	Label   string
	Display string // the value rounded for people, with its unit
	Formula string // the arithmetic, numbers plugged in
}

// Formulas shows each headline estimate with the arithmetic behind it, so a
// reader can check it by hand.
func Formulas(p *advisor.Plan) []Formula {
	c, in, e := p.Capacity, p.Inputs, p.Estimates
	n := human.Count
	peak := fmt.Sprintf("average × peak factor = %s × %s", n(e.AvgRPS), n(in.PeakFactor))
	if in.PeakRPSMeasured > 0 {
		peak = "measured (given)"
	}
	reads := "peak × reads / requests"
	cacheLine := "not needed yet: peak reads are below " + n(e.CacheTriggerRPS) + "/s"
	if e.CacheNeeded {
		cacheLine = fmt.Sprintf("reads/day × hot share × bytes = %s × %s × %s B", n(e.ReadsPerDay), human.Percent(c.HotFraction), n(in.BytesPerWrite))
	}
	fs := []Formula{
		{Key: "dau", Label: "Daily active users", Display: n(e.DAU), Formula: "given or users × DAU/MAU"},
		{Key: "requests_per_day", Label: "Requests per day", Display: n(e.RequestsPerDay), Formula: fmt.Sprintf("reads + writes = %s + %s", n(e.ReadsPerDay), n(e.WritesPerDay))},
		{Key: "avg_rps", Label: "Average requests/s", Display: n(e.AvgRPS) + " rps", Formula: fmt.Sprintf("requests per day / 86,400 = %s / 86,400", n(e.RequestsPerDay))},
		{Key: "peak_rps", Label: "Peak requests/s", Display: n(e.PeakRPS) + " rps", Formula: peak},
		{Key: "read_rps", Label: "Peak reads/s", Display: n(e.ReadRPS) + "/s", Formula: reads},
		{Key: "write_rps", Label: "Peak writes/s", Display: n(e.WriteRPS) + "/s", Formula: "peak × writes / requests"},
		{Key: "new_data_gb_per_day", Label: "New data per day", Display: human.GB(e.NewDataGBPerDay), Formula: fmt.Sprintf("writes/day × bytes per write = %s × %s B", n(e.WritesPerDay), n(in.BytesPerWrite))},
		{Key: "data_gb_at_retention", Label: "Data at retention", Display: human.GB(e.DataGBAtRetention), Formula: fmt.Sprintf("today + per day × 365 × years = %s + %s × 365 × %s", human.GB(in.DataGBToday), human.GB(e.NewDataGBPerDay), n(in.RetentionYears))},
		{Key: "egress_gb_per_month", Label: "Egress per month", Display: human.GB(e.EgressGBPerMonth), Formula: fmt.Sprintf("requests/day × bytes per response × 30.4 = %s × %s B × 30.4", n(e.RequestsPerDay), n(in.BytesPerResponse))},
		{Key: "cache_gb", Label: "Cache memory", Display: human.GB(e.CacheGB), Formula: cacheLine},
		{Key: "concurrent_requests", Label: "Requests in flight", Display: n(e.ConcurrentRequests), Formula: fmt.Sprintf("Little's law: peak × time in system = %s × %s s", n(e.PeakRPS), n(in.RequestLatencySec))},
		{Key: "db_connections", Label: "Database connections", Display: n(e.DBConnections), Formula: fmt.Sprintf("in flight × %s per client through a pooler (at least %s)", n(c.PoolConnectionsPerClient), n(c.PoolMinConnections))},
		{Key: "app_servers", Label: "App servers", Display: n(e.AppServers), Formula: fmt.Sprintf("⌈peak / (%s rps × %s)⌉ = ⌈%s / %s⌉", n(c.AppRPSPerServer), human.Percent(c.TargetUtilisation), n(e.PeakRPS), n(e.AppRPSAtTarget))},
		{Key: "read_replicas", Label: "Read replicas", Display: n(e.ReadReplicas), Formula: fmt.Sprintf("reads reaching the database %s/s over %s/s per replica at %s", n(e.DBReadRPS), n(e.PrimaryReadCapacityRPS), human.Percent(c.TargetUtilisation))},
		{Key: "shards", Label: "Shards", Display: n(e.Shards), Formula: fmt.Sprintf("max(writes %s/s over %s/s per largest primary, data in a year %s over %s per primary)", n(e.WriteRPS), n(e.WriteCapacityRPS), human.GB(e.DataGBNextYear), human.GB(c.MaxGBPerShard))},
	}
	return fs
}
