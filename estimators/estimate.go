package estimators

import "math"

// Inputs are resolved answers: every value known, in base units.
type Inputs struct {
	MAU               float64 `json:"mau" yaml:"mau"`
	DAU               float64 `json:"dau" yaml:"dau"`
	ReadsPerDay       float64 `json:"reads_per_day" yaml:"reads_per_day"`
	WritesPerDay      float64 `json:"writes_per_day" yaml:"writes_per_day"`
	PeakFactor        float64 `json:"peak_factor" yaml:"peak_factor"`
	PeakRPSMeasured   float64 `json:"peak_rps_measured" yaml:"peak_rps_measured"` // 0 when not measured; otherwise wins over derivation
	BytesPerWrite     float64 `json:"bytes_per_write" yaml:"bytes_per_write"`
	DataGBToday       float64 `json:"data_gb_today" yaml:"data_gb_today"`
	RetentionYears    float64 `json:"retention_years" yaml:"retention_years"`
	Regions           float64 `json:"regions" yaml:"regions"`
	AvailabilityPct   float64 `json:"availability_pct" yaml:"availability_pct"`
	MonthlyGrowthPct  float64 `json:"monthly_growth_pct" yaml:"monthly_growth_pct"`
	BytesPerResponse  float64 `json:"bytes_per_response" yaml:"bytes_per_response"`   // per read
	BytesPerWriteAck  float64 `json:"bytes_per_write_ack" yaml:"bytes_per_write_ack"` // per write: an acknowledgement, not a page
	RequestLatencySec float64 `json:"request_latency_seconds" yaml:"request_latency_seconds"`
}

// DBClass is one database instance size on the vertical-scaling ladder.
type DBClass struct {
	ID       string  `json:"id" yaml:"id"`               // price-catalog item id
	VCPU     float64 `json:"vcpu" yaml:"vcpu"`           // vCPUs that count for capacity (burstable classes count their baseline)
	MemoryGB float64 `json:"memory_gb" yaml:"memory_gb"` // memory, for the working set
}

// Capacity holds the capacity figures the estimates rest on. Each comes from
// the knowledge base, where its source is recorded.
type Capacity struct {
	AppRPSPerServer          float64   `json:"app_rps_per_server" yaml:"app_rps_per_server"`                   // requests/s one app server sustains at 100%
	TargetUtilisation        float64   `json:"target_utilisation" yaml:"target_utilisation"`                   // 0.7: headroom for spikes and failover
	RedundancyAvailability   float64   `json:"redundancy_availability" yaml:"redundancy_availability"`         // at or above this target, run at least two of everything
	CacheHitRatio            float64   `json:"cache_hit_ratio" yaml:"cache_hit_ratio"`                         // share of reads a cache answers
	HotFraction              float64   `json:"hot_fraction" yaml:"hot_fraction"`                               // share of a day's reads worth caching (80/20)
	CacheTriggerShare        float64   `json:"cache_trigger_share" yaml:"cache_trigger_share"`                 // add a cache when reads pass this share of one primary's read capacity
	CacheNodeGB              float64   `json:"cache_node_gb" yaml:"cache_node_gb"`                             // usable memory per cache node
	CacheOpsPerNode          float64   `json:"cache_ops_per_node" yaml:"cache_ops_per_node"`                   // ops/s one cache node sustains
	PoolConnectionsPerClient float64   `json:"pool_connections_per_client" yaml:"pool_connections_per_client"` // server connections per concurrent client through a pooler
	PoolMinConnections       float64   `json:"pool_min_connections" yaml:"pool_min_connections"`               // a pool never smaller than this
	DBReadQPSPerVCPU         float64   `json:"db_read_qps_per_vcpu" yaml:"db_read_qps_per_vcpu"`               // realistic read queries/s per database vCPU
	DBWriteQPSPerVCPU        float64   `json:"db_write_qps_per_vcpu" yaml:"db_write_qps_per_vcpu"`             // realistic write queries/s per database vCPU
	DBStandardVCPU           float64   `json:"db_standard_vcpu" yaml:"db_standard_vcpu"`                       // the size of a read replica and the largest primary before replicas
	MaxGBPerShard            float64   `json:"max_gb_per_shard" yaml:"max_gb_per_shard"`                       // data one primary holds before operations (backup, restore, migration) get too slow
	WorkingSetShare          float64   `json:"working_set_share" yaml:"working_set_share"`                     // share of the data (hot rows and indexes) a database keeps in memory
	DBClasses                []DBClass `json:"db_classes" yaml:"db_classes"`                                   // smallest first
}

// Estimates are the numbers a plan rests on. JSON names are a contract.
type Estimates struct {
	MAU                    float64 `json:"mau" yaml:"mau" expr:"users"`
	DAU                    float64 `json:"dau" yaml:"dau" expr:"dau"`
	RequestsPerDay         float64 `json:"requests_per_day" yaml:"requests_per_day" expr:"requests_per_day"`
	ReadsPerDay            float64 `json:"reads_per_day" yaml:"reads_per_day" expr:"reads_per_day"`
	WritesPerDay           float64 `json:"writes_per_day" yaml:"writes_per_day" expr:"writes_per_day"`
	AvgRPS                 float64 `json:"avg_rps" yaml:"avg_rps" expr:"avg_rps"`
	PeakRPS                float64 `json:"peak_rps" yaml:"peak_rps" expr:"peak_rps"`
	ReadRPS                float64 `json:"read_rps" yaml:"read_rps" expr:"read_rps"`
	WriteRPS               float64 `json:"write_rps" yaml:"write_rps" expr:"write_rps"`
	NewDataGBPerDay        float64 `json:"new_data_gb_per_day" yaml:"new_data_gb_per_day" expr:"new_data_gb_per_day"`
	DataGBNextYear         float64 `json:"data_gb_next_year" yaml:"data_gb_next_year" expr:"data_gb_next_year"`
	DataGBAtRetention      float64 `json:"data_gb_at_retention" yaml:"data_gb_at_retention" expr:"data_gb_at_retention"`
	EgressGBPerMonth       float64 `json:"egress_gb_per_month" yaml:"egress_gb_per_month" expr:"egress_gb_per_month"`
	CacheGB                float64 `json:"cache_gb" yaml:"cache_gb" expr:"cache_gb"`
	CacheNodes             float64 `json:"cache_nodes" yaml:"cache_nodes" expr:"cache_nodes"`
	ConcurrentRequests     float64 `json:"concurrent_requests" yaml:"concurrent_requests" expr:"concurrent_requests"`
	AppServers             float64 `json:"app_servers" yaml:"app_servers" expr:"app_servers"`
	DBConnections          float64 `json:"db_connections" yaml:"db_connections" expr:"db_connections"`
	CacheNeeded            bool    `json:"cache_needed" yaml:"cache_needed" expr:"cache_needed"`
	DBReadRPS              float64 `json:"db_read_rps" yaml:"db_read_rps" expr:"db_read_rps"`
	PrimaryVCPU            float64 `json:"primary_vcpu" yaml:"primary_vcpu" expr:"primary_vcpu"`
	PrimaryClass           string  `json:"primary_class" yaml:"primary_class" expr:"primary_class"`
	PrimaryClassVCPU       float64 `json:"primary_class_vcpu" yaml:"primary_class_vcpu" expr:"primary_class_vcpu"`
	PrimaryMemoryGB        float64 `json:"primary_memory_gb" yaml:"primary_memory_gb" expr:"primary_memory_gb"` // working set each primary keeps in memory
	ReadReplicas           float64 `json:"read_replicas" yaml:"read_replicas" expr:"read_replicas"`
	Shards                 float64 `json:"shards" yaml:"shards" expr:"shards"`
	AppRPSAtTarget         float64 `json:"app_rps_per_server_at_target" yaml:"app_rps_per_server_at_target" expr:"app_rps_at_target"`
	CacheTriggerRPS        float64 `json:"cache_trigger_read_rps" yaml:"cache_trigger_read_rps" expr:"cache_trigger_rps"`
	PrimaryReadCapacityRPS float64 `json:"primary_read_capacity_rps" yaml:"primary_read_capacity_rps" expr:"primary_read_capacity_rps"`
	WriteCapacityRPS       float64 `json:"primary_write_capacity_rps" yaml:"primary_write_capacity_rps" expr:"write_capacity_rps"`
	DowntimeMinPerMonth    float64 `json:"downtime_minutes_per_month" yaml:"downtime_minutes_per_month" expr:"downtime_minutes_per_month"`
	Nines                  float64 `json:"nines" yaml:"nines" expr:"nines"`
}

// Estimate runs every estimator over resolved inputs. It is deterministic
// and allocation-free.
func Estimate(in Inputs, c Capacity) Estimates {
	e := Estimates{MAU: in.MAU, DAU: in.DAU, ReadsPerDay: in.ReadsPerDay, WritesPerDay: in.WritesPerDay}
	e.RequestsPerDay = in.ReadsPerDay + in.WritesPerDay
	e.AvgRPS = AvgRPS(e.RequestsPerDay)
	e.PeakRPS = PeakRPS(e.AvgRPS, in.PeakFactor)
	if in.PeakRPSMeasured > 0 {
		e.PeakRPS = in.PeakRPSMeasured
	}
	if e.RequestsPerDay > 0 {
		e.ReadRPS = e.PeakRPS * in.ReadsPerDay / e.RequestsPerDay
		e.WriteRPS = e.PeakRPS - e.ReadRPS
	} else {
		e.ReadRPS = e.PeakRPS
	}
	e.NewDataGBPerDay = NewDataGBPerDay(in.WritesPerDay, in.BytesPerWrite)
	e.DataGBNextYear = DataGBAtRetention(in.DataGBToday, e.NewDataGBPerDay, 1)
	e.DataGBAtRetention = DataGBAtRetention(in.DataGBToday, e.NewDataGBPerDay, in.RetentionYears)
	e.EgressGBPerMonth = EgressGBPerMonth(in.ReadsPerDay, in.BytesPerResponse) + EgressGBPerMonth(in.WritesPerDay, in.BytesPerWriteAck)
	e.ConcurrentRequests = ConcurrentRequests(e.PeakRPS, in.RequestLatencySec)
	e.DBConnections = PooledConnections(e.ConcurrentRequests, c.PoolConnectionsPerClient, c.PoolMinConnections)

	minServers := 1.0
	if in.AvailabilityPct >= c.RedundancyAvailability {
		minServers = 2
	}
	e.AppRPSAtTarget = c.AppRPSPerServer * c.TargetUtilisation
	e.AppServers = Servers(e.PeakRPS, c.AppRPSPerServer, c.TargetUtilisation, minServers)

	// The database: cache first, then replicas for reads, a bigger primary for
	// writes, and shards only when the largest primary is not enough.
	e.PrimaryReadCapacityRPS = c.DBReadQPSPerVCPU * c.DBStandardVCPU * c.TargetUtilisation
	e.CacheTriggerRPS = e.PrimaryReadCapacityRPS * c.CacheTriggerShare
	e.CacheNeeded = e.ReadRPS > e.CacheTriggerRPS
	e.DBReadRPS = e.ReadRPS
	if e.CacheNeeded {
		e.DBReadRPS = UncachedRPS(e.ReadRPS, c.CacheHitRatio)
		e.CacheGB = CacheGB(e.ReadsPerDay, c.HotFraction, in.BytesPerWrite)
		cacheOps := e.ReadRPS + e.WriteRPS
		e.CacheNodes = math.Max(1, math.Max(math.Ceil(e.CacheGB/c.CacheNodeGB), math.Ceil(cacheOps/(c.CacheOpsPerNode*c.TargetUtilisation))))
	}
	// The primary takes the writes and up to one standard instance's worth of
	// reads; replicas take the reads beyond that. Shards come in powers of two
	// (split each shard in half to reshard), each on at least the standard
	// size, so the fleet's capacity and cost never shrink as load grows.
	largest := c.DBClasses[len(c.DBClasses)-1].VCPU
	e.WriteCapacityRPS = c.DBWriteQPSPerVCPU * largest * c.TargetUtilisation
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
	e.DowntimeMinPerMonth = DowntimeSecondsPerMonth(in.AvailabilityPct) / 60
	e.Nines = Nines(in.AvailabilityPct)
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
