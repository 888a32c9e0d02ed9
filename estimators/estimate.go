package estimators

import "math"

// Estimates are the numbers a plan computes from its inputs. Each field's
// JSON name is its name everywhere: in the plan's "estimates", in knowledge
// expressions, in formulas. None repeats an input.
type Estimates struct {
	RequestsPerDay          float64 `json:"requests_per_day" yaml:"requests_per_day"`
	AvgRPS                  float64 `json:"avg_rps" yaml:"avg_rps"`
	ReadRPS                 float64 `json:"read_rps" yaml:"read_rps"`   // at peak
	WriteRPS                float64 `json:"write_rps" yaml:"write_rps"` // at peak
	NewDataGBPerDay         float64 `json:"new_data_gb_per_day" yaml:"new_data_gb_per_day"`
	DataGBNextYear          float64 `json:"data_gb_next_year" yaml:"data_gb_next_year"`
	DataGBAtRetention       float64 `json:"data_gb_at_retention" yaml:"data_gb_at_retention"`
	EgressGBPerMonth        float64 `json:"egress_gb_per_month" yaml:"egress_gb_per_month"`
	HotSetGB                float64 `json:"hot_set_gb" yaml:"hot_set_gb"` // what a cache would hold: the hot share of a day's reads
	CacheGB                 float64 `json:"cache_gb" yaml:"cache_gb"`
	CacheNodes              float64 `json:"cache_nodes" yaml:"cache_nodes"`
	ConcurrentRequests      float64 `json:"concurrent_requests" yaml:"concurrent_requests"`
	AppServers              float64 `json:"app_servers" yaml:"app_servers"`
	DBConnections           float64 `json:"db_connections" yaml:"db_connections"`
	CacheNeeded             bool    `json:"cache_needed" yaml:"cache_needed"`
	DBReadRPS               float64 `json:"db_read_rps" yaml:"db_read_rps"`
	PrimaryVCPU             float64 `json:"primary_vcpu" yaml:"primary_vcpu"`
	PrimaryClass            string  `json:"primary_class" yaml:"primary_class"`
	PrimaryClassVCPU        float64 `json:"primary_class_vcpu" yaml:"primary_class_vcpu"`
	PrimaryMemoryGB         float64 `json:"primary_memory_gb" yaml:"primary_memory_gb"` // working set each primary keeps in memory
	ReadReplicas            float64 `json:"read_replicas" yaml:"read_replicas"`
	Shards                  float64 `json:"shards" yaml:"shards"`
	AppRPSAtTarget          float64 `json:"app_rps_at_target" yaml:"app_rps_at_target"`
	CacheTriggerRPS         float64 `json:"cache_trigger_rps" yaml:"cache_trigger_rps"`
	PrimaryReadCapacityRPS  float64 `json:"primary_read_capacity_rps" yaml:"primary_read_capacity_rps"`
	PrimaryWriteCapacityRPS float64 `json:"primary_write_capacity_rps" yaml:"primary_write_capacity_rps"`
	DowntimeMinutesPerMonth float64 `json:"downtime_minutes_per_month" yaml:"downtime_minutes_per_month"`
	Nines                   float64 `json:"nines" yaml:"nines"`
}

// Estimate runs every estimator over resolved inputs. It is deterministic
// and allocation-free.
func Estimate(in Inputs, c Capacity) Estimates {
	var e Estimates
	e.RequestsPerDay = in.ReadsPerDay + in.WritesPerDay
	e.AvgRPS = AvgRPS(e.RequestsPerDay)
	e.ReadRPS, e.WriteRPS = SplitPeak(in.PeakRPS, in.ReadsPerDay, in.WritesPerDay)
	e.NewDataGBPerDay = NewDataGBPerDay(in.WritesPerDay, in.WriteBytes)
	e.DataGBNextYear = DataGBAtRetention(in.DataGB, e.NewDataGBPerDay, 1)
	e.DataGBAtRetention = DataGBAtRetention(in.DataGB, e.NewDataGBPerDay, in.RetentionYears)
	e.EgressGBPerMonth = EgressGBPerMonth(in.ReadsPerDay, in.ResponseBytes, in.WritesPerDay, c.WriteAckBytes)
	e.ConcurrentRequests = ConcurrentRequests(in.PeakRPS, c.RequestLatencySeconds)
	e.DBConnections = PooledConnections(e.ConcurrentRequests, c.PoolConnectionsPerClient, c.PoolMinConnections)
	minServers := 1.0
	if in.Availability >= c.RedundancyAvailability {
		minServers = 2
	}
	e.AppRPSAtTarget = c.AppRPSPerServer * c.TargetUtilisation
	e.AppServers = Servers(in.PeakRPS, c.AppRPSPerServer, c.TargetUtilisation, minServers)
	// The database: cache first, then replicas for reads, a bigger primary for
	// writes, and shards only when the largest primary is not enough.
	e.PrimaryReadCapacityRPS = c.DBReadQPSPerVCPU * c.DBStandardVCPU * c.TargetUtilisation
	e.CacheTriggerRPS = e.PrimaryReadCapacityRPS * c.CacheTriggerShare
	e.CacheNeeded = e.ReadRPS > e.CacheTriggerRPS
	e.HotSetGB = CacheGB(in.ReadsPerDay, c.HotFraction, in.WriteBytes)
	e.DBReadRPS = e.ReadRPS
	if e.CacheNeeded {
		e.DBReadRPS = UncachedRPS(e.ReadRPS, c.CacheHitRatio)
		e.CacheGB = e.HotSetGB
		cacheOps := e.ReadRPS + e.WriteRPS
		e.CacheNodes = math.Max(1, math.Max(math.Ceil(e.CacheGB/c.CacheNodeGB), math.Ceil(cacheOps/(c.CacheOpsPerNode*c.TargetUtilisation))))
	}
	// The primary takes the writes and up to one standard instance's worth of
	// reads; replicas take the reads beyond that. Shards come in powers of two
	// (split each shard in half to reshard), each on at least the standard
	// size, so the fleet's capacity and cost never shrink as load grows.
	largest := c.DBClasses[len(c.DBClasses)-1].VCPU
	e.PrimaryWriteCapacityRPS = c.DBWriteQPSPerVCPU * largest * c.TargetUtilisation
	writeVCPU := e.WriteRPS / c.DBWriteQPSPerVCPU / c.TargetUtilisation
	// With a cache the primary stays sized for the reads it served just
	// before the cache arrived: a cold or failed cache sends them back, and
	// the plan must not get cheaper as load rises.
	primaryReads := e.DBReadRPS
	if e.CacheNeeded {
		primaryReads = math.Max(primaryReads, e.CacheTriggerRPS)
	}
	readVCPU := primaryReads / c.DBReadQPSPerVCPU / c.TargetUtilisation
	primaryVCPU := writeVCPU + math.Min(readVCPU, c.DBStandardVCPU)
	e.Shards = nextPowerOfTwo(math.Max(math.Ceil(primaryVCPU/largest), math.Ceil(e.DataGBNextYear/c.MaxGBPerShard)))
	if e.DBReadRPS > e.PrimaryReadCapacityRPS {
		e.ReadReplicas = math.Ceil((e.DBReadRPS - e.PrimaryReadCapacityRPS) / e.PrimaryReadCapacityRPS)
	}
	e.PrimaryVCPU = primaryVCPU / e.Shards
	if e.Shards > 1 {
		e.PrimaryVCPU = math.Max(e.PrimaryVCPU, c.DBStandardVCPU)
	}
	top := c.DBClasses[len(c.DBClasses)-1]
	e.PrimaryClass, e.PrimaryClassVCPU = top.ID, top.VCPU
	e.PrimaryMemoryGB = e.DataGBNextYear * c.WorkingSetShare / e.Shards
	for _, cl := range c.DBClasses {
		if cl.VCPU >= e.PrimaryVCPU && cl.MemoryGB >= e.PrimaryMemoryGB {
			e.PrimaryClass, e.PrimaryClassVCPU = cl.ID, cl.VCPU
			break
		}
	}
	e.DowntimeMinutesPerMonth = DowntimeSecondsPerMonth(in.Availability) / 60
	e.Nines = Nines(in.Availability)
	return e
}

// nextPowerOfTwo rounds n (at least 1) up to a power of two.
func nextPowerOfTwo(n float64) float64 {
	p := 1.0
	for p < n {
		p *= 2
	}
	return p
}
