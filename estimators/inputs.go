package estimators

// Inputs are the answers resolved: every one known, given or defaulted or
// derived. Each field carries its answer's key as its JSON name, which is
// also its name in knowledge expressions; a test checks that every
// declared numeric answer has exactly one field here.
type Inputs struct {
	Users           float64 `json:"users" yaml:"users"`
	DAU             float64 `json:"dau" yaml:"dau"`
	RequestsPerUser float64 `json:"requests_per_user" yaml:"requests_per_user"` // the default when daily totals or a peak were given instead
	PeakRPS         float64 `json:"peak_rps" yaml:"peak_rps"`
	PeakFactor      float64 `json:"peak_factor" yaml:"peak_factor"`
	ReadsPerDay     float64 `json:"reads_per_day" yaml:"reads_per_day"`
	WritesPerDay    float64 `json:"writes_per_day" yaml:"writes_per_day"`
	ReadRatio       float64 `json:"read_ratio" yaml:"read_ratio"`
	WriteBytes      float64 `json:"write_bytes" yaml:"write_bytes"`
	ResponseBytes   float64 `json:"response_bytes" yaml:"response_bytes"`
	DataGB          float64 `json:"data_gb" yaml:"data_gb"`
	Growth          float64 `json:"growth" yaml:"growth"` // percent a month
	RetentionYears  float64 `json:"retention_years" yaml:"retention_years"`
	Regions         float64 `json:"regions" yaml:"regions"`
	Availability    float64 `json:"availability" yaml:"availability"` // percent
	Budget          float64 `json:"budget" yaml:"budget"`             // USD a month; 0 with HasBudget false when not given
	HasBudget       bool    `json:"has_budget" yaml:"has_budget"`
	Team            float64 `json:"team" yaml:"team"`
	// Traits are the workload traits, sorted; expressions test them with
	// 'media' in traits.
	Traits []string `json:"traits" yaml:"traits"`
}

// Capacity is the capacity figures and ratios the estimators use, each
// under its constant id in constants.yaml (where its source is). Rules and
// stages see these and every other constant by id; the others, thresholds
// only rules use, need no field here. Fields tagged share must lie in
// (0, 1]; every other figure must be positive.
type Capacity struct {
	DAUPerMAU                float64 `json:"dau_per_mau" yaml:"dau_per_mau" range:"share"`                                 // daily users per monthly user, when only one is given
	WriteAckBytes            float64 `json:"write_ack_bytes" yaml:"write_ack_bytes"`                                       // bytes sent back for a write
	RequestLatencySeconds    float64 `json:"request_latency_seconds" yaml:"request_latency_seconds"`                       // time a request spends in the system, for Little's law
	AppRPSPerServer          float64 `json:"app_rps_per_server" yaml:"app_rps_per_server"`                                 // requests/s one app server sustains at 100%
	TargetUtilisation        float64 `json:"target_utilisation" yaml:"target_utilisation" range:"share"`                   // headroom for spikes and failover
	RedundancyAvailability   float64 `json:"redundancy_availability" yaml:"redundancy_availability"`                       // at or above this target, two of everything
	CacheHitRatio            float64 `json:"cache_hit_ratio" yaml:"cache_hit_ratio" range:"share"`                         // share of reads a cache answers
	HotFraction              float64 `json:"hot_fraction" yaml:"hot_fraction" range:"share"`                               // share of a day's reads worth caching (80/20)
	CacheTriggerShare        float64 `json:"cache_trigger_share" yaml:"cache_trigger_share" range:"share"`                 // cache when reads pass this share of one primary's read capacity
	CacheNodeGB              float64 `json:"cache_node_gb" yaml:"cache_node_gb"`                                           // usable memory per cache node
	CacheOpsPerNode          float64 `json:"cache_ops_per_node" yaml:"cache_ops_per_node"`                                 // ops/s one cache node sustains
	PoolConnectionsPerClient float64 `json:"pool_connections_per_client" yaml:"pool_connections_per_client" range:"share"` // server connections per concurrent client through a pooler
	PoolMinConnections       float64 `json:"pool_min_connections" yaml:"pool_min_connections"`                             // a pool never smaller than this
	DBReadQPSPerVCPU         float64 `json:"db_read_qps_per_vcpu" yaml:"db_read_qps_per_vcpu"`                             // realistic read queries/s per database vCPU
	DBWriteQPSPerVCPU        float64 `json:"db_write_qps_per_vcpu" yaml:"db_write_qps_per_vcpu"`                           // realistic write queries/s per database vCPU
	DBStandardVCPU           float64 `json:"db_standard_vcpu" yaml:"db_standard_vcpu"`                                     // a read replica's size, and the largest primary before replicas
	MaxGBPerShard            float64 `json:"max_gb_per_shard" yaml:"max_gb_per_shard"`                                     // data one primary holds before data alone calls for sharding
	WorkingSetShare          float64 `json:"working_set_share" yaml:"working_set_share" range:"share"`                     // share of the data (hot rows and indexes) kept in memory
	AppLatencyMS             float64 `json:"app_latency_ms" yaml:"app_latency_ms"`                                         // application work per request
	CacheLatencyMS           float64 `json:"cache_latency_ms" yaml:"cache_latency_ms"`                                     // one cache read
	DBLatencyMS              float64 `json:"db_latency_ms" yaml:"db_latency_ms"`                                           // one database read
	CrossRegionLatencyMS     float64 `json:"cross_region_latency_ms" yaml:"cross_region_latency_ms"`                       // added for users far from the only region
	CostHeadroom             float64 `json:"cost_headroom" yaml:"cost_headroom" range:"share"`                             // added to the on-demand cost for the high band

	// DBClasses is the vertical-scaling ladder (constants.yaml db_ladder),
	// smallest first; not an expression variable.
	DBClasses []DBClass `json:"db_classes" yaml:"db_classes"`
}

// DBClass is one database instance size on the vertical-scaling ladder.
type DBClass struct {
	ID       string  `json:"id" yaml:"id"`               // price-catalog item id
	VCPU     float64 `json:"vcpu" yaml:"vcpu"`           // vCPUs that count for capacity (burstable classes count their baseline)
	MemoryGB float64 `json:"memory_gb" yaml:"memory_gb"` // memory, for the working set
}

// Units are the fixed conversions every estimate uses, by the names
// knowledge expressions know them by, so no text carries a bare 30.4167.
var Units = map[string]float64{
	"seconds_per_day": SecondsPerDay,
	"days_per_month":  DaysPerMonth,
	"days_per_year":   DaysPerYear,
	"hours_per_month": HoursPerMonth,
	"bytes_per_gb":    BytesPerGB,
}
