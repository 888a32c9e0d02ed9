package estimators

// Inputs are the answers resolved: every one known, given or defaulted or
// derived. Each field carries its answer's key as its JSON name, which is
// also its name in knowledge expressions; a test checks that every
// declared numeric answer has exactly one field here.
type Inputs struct {
	Users             float64 `json:"users" yaml:"users"`
	DAU               float64 `json:"dau" yaml:"dau"`
	RequestsPerUser   float64 `json:"requests_per_user" yaml:"requests_per_user"` // the default when daily totals or a peak were given instead
	PeakRPS           float64 `json:"peak_rps" yaml:"peak_rps"`
	PeakFactor        float64 `json:"peak_factor" yaml:"peak_factor"`
	ReadsPerDay       float64 `json:"reads_per_day" yaml:"reads_per_day"`
	WritesPerDay      float64 `json:"writes_per_day" yaml:"writes_per_day"`
	ReadRatio         float64 `json:"read_ratio" yaml:"read_ratio"`
	WriteBytes        float64 `json:"write_bytes" yaml:"write_bytes"`
	ResponseBytes     float64 `json:"response_bytes" yaml:"response_bytes"`
	ObjectBytes       float64 `json:"object_bytes" yaml:"object_bytes"`
	UpdateShare       float64 `json:"update_share" yaml:"update_share"` // percent of writes
	QueriesPerRequest float64 `json:"queries_per_request" yaml:"queries_per_request"`
	ConcurrentUsers   float64 `json:"concurrent_users" yaml:"concurrent_users"`
	DataGB            float64 `json:"data_gb" yaml:"data_gb"`
	ObjectGB          float64 `json:"object_gb" yaml:"object_gb"` // files in object storage today
	Growth            float64 `json:"growth" yaml:"growth"`       // percent a month
	RetentionYears    float64 `json:"retention_years" yaml:"retention_years"`
	Regions           float64 `json:"regions" yaml:"regions"`
	Availability      float64 `json:"availability" yaml:"availability"` // percent
	Budget            float64 `json:"budget" yaml:"budget"`             // USD a month; 0 with HasBudget false when not given
	HasBudget         bool    `json:"has_budget" yaml:"has_budget"`
	Team              float64 `json:"team" yaml:"team"`
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
	// Traffic shape.
	DAUPerMAU              float64 `json:"dau_per_mau" yaml:"dau_per_mau" range:"share"`                         // daily users per monthly user, when only one is given
	SessionMinutes         float64 `json:"session_minutes" yaml:"session_minutes"`                               // minutes a daily user is connected, for concurrency
	RealtimeSessionMinutes float64 `json:"realtime_session_minutes" yaml:"realtime_session_minutes"`             // the same for an app that keeps a connection open
	WriteAckBytes          float64 `json:"write_ack_bytes" yaml:"write_ack_bytes"`                               // bytes sent back for a write
	RequestLatencySeconds  float64 `json:"request_latency_seconds" yaml:"request_latency_seconds"`               // time a request spends in the system, for Little's law
	EventReadRatio         float64 `json:"event_read_ratio" yaml:"event_read_ratio"`                             // at or below this many reads per write, writes are a stream of events
	SmallRecordBytes       float64 `json:"small_record_bytes" yaml:"small_record_bytes"`                         // a row stored inline, without out-of-line storage
	MostlyShare            float64 `json:"mostly_share" yaml:"mostly_share" range:"share"`                       // "mostly": more than this share
	MaxRowBytes            float64 `json:"max_row_bytes" yaml:"max_row_bytes"`                                   // the largest value worth keeping in a row
	MetadataRowBytes       float64 `json:"metadata_row_bytes" yaml:"metadata_row_bytes"`                         // the row that stands for an object
	CDNTriggerGBPerMonth   float64 `json:"cdn_trigger_gb_per_month" yaml:"cdn_trigger_gb_per_month"`             // past this egress a CDN pays for itself
	CDNOffloadShare        float64 `json:"cdn_offload_share" yaml:"cdn_offload_share" range:"share"`             // share of read bytes a CDN serves
	MediaCDNOffloadShare   float64 `json:"media_cdn_offload_share" yaml:"media_cdn_offload_share" range:"share"` // the same when media is most of it

	// Load balancer billing (AWS capacity units).
	LBRequestsPerConnection   float64 `json:"lb_requests_per_connection" yaml:"lb_requests_per_connection"`
	LBNewConnectionsPerLCU    float64 `json:"lb_new_connections_per_lcu" yaml:"lb_new_connections_per_lcu"`
	LBActiveConnectionsPerLCU float64 `json:"lb_active_connections_per_lcu" yaml:"lb_active_connections_per_lcu"`
	LBGBPerLCUHour            float64 `json:"lb_gb_per_lcu_hour" yaml:"lb_gb_per_lcu_hour"`

	// Capacity of the parts.
	AppRPSPerServer            float64 `json:"app_rps_per_server" yaml:"app_rps_per_server"`                                 // requests/s one app server sustains at 100%
	TargetUtilisation          float64 `json:"target_utilisation" yaml:"target_utilisation" range:"share"`                   // headroom for spikes and failover
	RedundancyAvailability     float64 `json:"redundancy_availability" yaml:"redundancy_availability"`                       // at or above this target, two of everything
	MultiRegionAvailability    float64 `json:"multi_region_availability" yaml:"multi_region_availability"`                   // at or above this target, a second region
	RegionsLostCarried         float64 `json:"regions_lost_carried" yaml:"regions_lost_carried"`                             // regions a multi-region plan loses and still carries its peak
	SLAInstance                float64 `json:"sla_instance" yaml:"sla_instance"`                                             // percent of the time one server is up (its SLA)
	SLAMultiAZCompute          float64 `json:"sla_multi_az_compute" yaml:"sla_multi_az_compute"`                             // the most a fleet over a region's zones is promised
	CacheHitRatio              float64 `json:"cache_hit_ratio" yaml:"cache_hit_ratio" range:"share"`                         // share of reads a cache answers
	HotFraction                float64 `json:"hot_fraction" yaml:"hot_fraction" range:"share"`                               // share of a day's rows worth caching (80/20)
	CacheTriggerShare          float64 `json:"cache_trigger_share" yaml:"cache_trigger_share" range:"share"`                 // cache when reads pass this share of one primary's read capacity
	CacheOpsPerNode            float64 `json:"cache_ops_per_node" yaml:"cache_ops_per_node"`                                 // ops/s one cache node sustains
	CacheMaxNodesPerCluster    float64 `json:"cache_max_nodes_per_cluster" yaml:"cache_max_nodes_per_cluster"`               // nodes (replicas included) one cluster may have
	PoolConnectionsPerClient   float64 `json:"pool_connections_per_client" yaml:"pool_connections_per_client" range:"share"` // server connections per concurrent client through a pooler
	PoolMinConnections         float64 `json:"pool_min_connections" yaml:"pool_min_connections"`                             // a pool never smaller than this
	DBReadQPSPerVCPU           float64 `json:"db_read_qps_per_vcpu" yaml:"db_read_qps_per_vcpu"`                             // realistic read queries/s per database vCPU
	DBWriteQPSPerVCPU          float64 `json:"db_write_qps_per_vcpu" yaml:"db_write_qps_per_vcpu"`                           // realistic write transactions/s per database vCPU
	DBPrimaryMaxWriteTPS       float64 `json:"db_primary_max_write_tps" yaml:"db_primary_max_write_tps"`                     // what one managed primary writes at most
	DBStandardVCPU             float64 `json:"db_standard_vcpu" yaml:"db_standard_vcpu"`                                     // a read replica's size, and the largest primary before replicas
	DBMaxStorageGB             float64 `json:"db_max_storage_gb" yaml:"db_max_storage_gb"`                                   // the engine's storage limit for one primary
	DBMaxReadReplicas          float64 `json:"db_max_read_replicas" yaml:"db_max_read_replicas"`                             // read replicas one primary takes
	ConnectionsPerNode         float64 `json:"connections_per_node" yaml:"connections_per_node"`                             // open connections one gateway node holds
	GatewayRPSPerNode          float64 `json:"gateway_rps_per_node" yaml:"gateway_rps_per_node"`                             // requests/s one self-run API gateway node proxies at full load
	StreamMinBrokers           float64 `json:"stream_min_brokers" yaml:"stream_min_brokers"`                                 // the fewest brokers of a replicated log
	StreamReplication          float64 `json:"stream_replication" yaml:"stream_replication"`                                 // copies of each partition
	StreamBrokerMBPerSec       float64 `json:"stream_broker_mb_per_sec" yaml:"stream_broker_mb_per_sec"`                     // ingress one broker takes
	StreamBrokerMsgsPerSec     float64 `json:"stream_broker_msgs_per_sec" yaml:"stream_broker_msgs_per_sec"`                 // messages one broker takes
	StreamPartitionMBPerSec    float64 `json:"stream_partition_mb_per_sec" yaml:"stream_partition_mb_per_sec"`               // what one partition (and its one consumer) carries
	StreamPartitionsPerBroker  float64 `json:"stream_partitions_per_broker" yaml:"stream_partitions_per_broker"`             // partition replicas one broker hosts
	AppLatencyMS               float64 `json:"app_latency_ms" yaml:"app_latency_ms"`                                         // application work per request
	CacheLatencyMS             float64 `json:"cache_latency_ms" yaml:"cache_latency_ms"`                                     // one cache read
	DBLatencyMS                float64 `json:"db_latency_ms" yaml:"db_latency_ms"`                                           // one database read
	CrossRegionLatencyMS       float64 `json:"cross_region_latency_ms" yaml:"cross_region_latency_ms"`                       // added for users far from the only region
	CostHeadroom               float64 `json:"cost_headroom" yaml:"cost_headroom" range:"share"`                             // added to the on-demand cost for the high band
	FleetMaxNodes              float64 `json:"fleet_max_nodes" yaml:"fleet_max_nodes"`                                       // servers one cluster runs; past it a fleet takes bigger servers
	JobSeconds                 float64 `json:"job_seconds" yaml:"job_seconds"`                                               // work per background job, one vCPU busy
	WorkerAverageLoadShare     float64 `json:"worker_average_load_share" yaml:"worker_average_load_share"`                   // workers behind a queue meet this share of the average job rate
	CacheReservedMemoryShare   float64 `json:"cache_reserved_memory_share" yaml:"cache_reserved_memory_share"`               // of a cache node's memory, kept free for backups and failover
	ServerlessMaxJobsPerDay    float64 `json:"serverless_max_jobs_per_day" yaml:"serverless_max_jobs_per_day"`               // background jobs a day functions take before a queue and workers
	SearchTriggerGB            float64 `json:"search_trigger_gb" yaml:"search_trigger_gb"`                                   // a year's data past which search leaves the primary
	SearchGBPerNode            float64 `json:"search_gb_per_node" yaml:"search_gb_per_node"`                                 // index one 2-vCPU search node holds
	SearchMaxNodesPerCluster   float64 `json:"search_max_nodes_per_cluster" yaml:"search_max_nodes_per_cluster"`             // data nodes one search cluster may have
	StreamMaxBrokersPerCluster float64 `json:"stream_max_brokers_per_cluster" yaml:"stream_max_brokers_per_cluster"`         // brokers one stream cluster may have

	// DBClasses is the vertical-scaling ladder (constants.yaml db_ladder),
	// smallest first; CacheClasses the in-memory node sizes (cache_ladder);
	// VMClasses the fleet server sizes (vm_ladder); SearchClasses and
	// StreamClasses the search node and stream broker sizes (search_ladder,
	// stream_ladder). None is an expression variable.
	DBClasses     []DBClass    `json:"db_classes" yaml:"db_classes"`
	CacheClasses  []CacheClass `json:"cache_classes" yaml:"cache_classes"`
	VMClasses     []VMClass    `json:"vm_classes" yaml:"vm_classes"`
	SearchClasses []VMClass    `json:"search_classes" yaml:"search_classes"`
	StreamClasses []VMClass    `json:"stream_classes" yaml:"stream_classes"`
}

// VMClass is one server, search node or broker size, smallest first;
// per-node capacity figures are for the first and grow with its vCPUs.
type VMClass struct {
	ID   string  `json:"id" yaml:"id"` // price-catalog item id
	VCPU float64 `json:"vcpu" yaml:"vcpu"`
}

// CacheClass is one in-memory node size, smallest first.
type CacheClass struct {
	ID       string  `json:"id" yaml:"id"`               // price-catalog item id
	MemoryGB float64 `json:"memory_gb" yaml:"memory_gb"` // usable memory
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
	"minutes_per_day": MinutesPerDay,
	"percent":         100,
	"million":         1e6, // requests priced by the million
}
