package estimators

import (
	"math"
	"slices"
)

// Estimates are the numbers a plan computes from its inputs. Each field's
// JSON name is its name everywhere: in the plan's "estimates", in knowledge
// expressions, in formulas. None repeats an input.
type Estimates struct {
	// Traffic.
	RequestsPerDay     float64 `json:"requests_per_day" yaml:"requests_per_day"`
	AvgRPS             float64 `json:"avg_rps" yaml:"avg_rps"`
	AvgReadRPS         float64 `json:"avg_read_rps" yaml:"avg_read_rps"`   // a day's reads spread evenly
	AvgWriteRPS        float64 `json:"avg_write_rps" yaml:"avg_write_rps"` // a day's writes spread evenly
	ReadRPS            float64 `json:"read_rps" yaml:"read_rps"`           // at peak
	WriteRPS           float64 `json:"write_rps" yaml:"write_rps"`         // at peak
	ConcurrentRequests float64 `json:"concurrent_requests" yaml:"concurrent_requests"`
	// ConcurrentConnections is the connections held open at peak: one for
	// each user connected at once.
	ConcurrentConnections float64 `json:"concurrent_connections" yaml:"concurrent_connections"`

	// What each write keeps, and where. A write whose bytes pass the
	// largest sensible row is split: a metadata row in the database, its
	// bytes as an object.
	WriteSplit        bool    `json:"write_split" yaml:"write_split"`
	SplitShare        float64 `json:"split_share" yaml:"split_share"`                 // the share of writes past max_row_bytes, when they are split; else 0
	RowBytes          float64 `json:"row_bytes" yaml:"row_bytes"`                     // bytes a write keeps in the database
	WriteObjectBytes  float64 `json:"write_object_bytes" yaml:"write_object_bytes"`   // bytes a write keeps as objects, split rows included
	EventPipeline     bool    `json:"event_pipeline" yaml:"event_pipeline"`           // a write-only stream of small events: a log, not a database
	NewDataGBPerDay   float64 `json:"new_data_gb_per_day" yaml:"new_data_gb_per_day"` // database data only
	DataGBNextYear    float64 `json:"data_gb_next_year" yaml:"data_gb_next_year"`
	DataGBAtRetention float64 `json:"data_gb_at_retention" yaml:"data_gb_at_retention"`
	// Objects: uploads, media, split rows and archived events.
	NewObjectGBPerDay   float64 `json:"new_object_gb_per_day" yaml:"new_object_gb_per_day"`
	ObjectGBNextYear    float64 `json:"object_gb_next_year" yaml:"object_gb_next_year"`
	ObjectGBAtRetention float64 `json:"object_gb_at_retention" yaml:"object_gb_at_retention"`

	// Bytes to users, and who carries them.
	EgressGBPerMonth       float64 `json:"egress_gb_per_month" yaml:"egress_gb_per_month"`
	ReadEgressGBPerMonth   float64 `json:"read_egress_gb_per_month" yaml:"read_egress_gb_per_month"` // what reads send: what an edge can serve
	CDNNeeded              bool    `json:"cdn_needed" yaml:"cdn_needed"`
	CDNEgressGBPerMonth    float64 `json:"cdn_egress_gb_per_month" yaml:"cdn_egress_gb_per_month"`       // served from the edge
	OriginEgressGBPerMonth float64 `json:"origin_egress_gb_per_month" yaml:"origin_egress_gb_per_month"` // served by the origin, through its load balancer
	CDNRequestsPerMonth    float64 `json:"cdn_requests_per_month" yaml:"cdn_requests_per_month"`
	LBProcessedGBPerMonth  float64 `json:"lb_processed_gb_per_month" yaml:"lb_processed_gb_per_month"`
	LBNewConnectionsPerSec float64 `json:"lb_new_connections_per_sec" yaml:"lb_new_connections_per_sec"`
	LBActiveConnections    float64 `json:"lb_active_connections" yaml:"lb_active_connections"`
	LBLCU                  float64 `json:"lb_lcu" yaml:"lb_lcu"` // AWS load balancer capacity units, the largest dimension

	// Redundancy: the resilience level the plan is built at (OneZone,
	// TwoZones, TwoRegions) and the regions a multi-region plan runs a
	// serving stack in (each region with users, and at least two at
	// TwoRegions). Each region's stack is sized for RegionLoadShare of the
	// peak, so that the regions left when regions_lost_carried fail still
	// carry it (static stability): the peak over the regions left when
	// every region serves its users, the whole peak in a standby region
	// (1 in one region). RegionPeakRPS is what one region serves
	// while all are up: its users' share with users in several regions
	// (active-active), the whole peak in the home region of an
	// active-passive pair.
	Resilience      float64 `json:"resilience" yaml:"resilience"`
	StackRegions    float64 `json:"stack_regions" yaml:"stack_regions"`
	RegionLoadShare float64 `json:"region_load_share" yaml:"region_load_share"`
	RegionPeakRPS   float64 `json:"region_peak_rps" yaml:"region_peak_rps"`

	// App tier. From two zones on, the fleet carries spares (Fleet).
	AppClass            string  `json:"app_class" yaml:"app_class"` // the server size: the smallest whose fleet fits one cluster
	AppClassVCPU        float64 `json:"app_class_vcpu" yaml:"app_class_vcpu"`
	AppRPSAtTarget      float64 `json:"app_rps_at_target" yaml:"app_rps_at_target"` // what one server of that size takes
	AppServers          float64 `json:"app_servers" yaml:"app_servers"`
	AppServersPerRegion float64 `json:"app_servers_per_region" yaml:"app_servers_per_region"` // in each of stack_regions, with its own spares

	// Cache.
	ReadQueriesRPS  float64 `json:"read_queries_rps" yaml:"read_queries_rps"` // read queries at peak before any cache
	CacheTriggerRPS float64 `json:"cache_trigger_rps" yaml:"cache_trigger_rps"`
	CacheNeeded     bool    `json:"cache_needed" yaml:"cache_needed"`
	HotSetGB        float64 `json:"hot_set_gb" yaml:"hot_set_gb"` // what a cache would hold: the hot share of the rows read in a day
	CacheGB         float64 `json:"cache_gb" yaml:"cache_gb"`
	CacheOpsRPS     float64 `json:"cache_ops_rps" yaml:"cache_ops_rps"`
	CacheClass      string  `json:"cache_class" yaml:"cache_class"`
	CacheNodeGB     float64 `json:"cache_node_gb" yaml:"cache_node_gb"`
	CacheNodes      float64 `json:"cache_nodes" yaml:"cache_nodes"` // primaries, without replicas
	// In each of stack_regions: every region's cache holds the whole hot
	// set and takes its region's share of the operations.
	CacheNodesPerRegion float64 `json:"cache_nodes_per_region" yaml:"cache_nodes_per_region"`
	CacheClusters       float64 `json:"cache_clusters" yaml:"cache_clusters"` // clusters needed within the nodes-per-cluster limit, replicas counted

	// Small records updated in place (locations, scores, presence).
	InMemoryNeeded   bool    `json:"in_memory_needed" yaml:"in_memory_needed"`
	InMemoryGB       float64 `json:"in_memory_gb" yaml:"in_memory_gb"`
	InMemoryOpsRPS   float64 `json:"in_memory_ops_rps" yaml:"in_memory_ops_rps"`
	InMemoryClass    string  `json:"in_memory_class" yaml:"in_memory_class"`
	InMemoryNodeGB   float64 `json:"in_memory_node_gb" yaml:"in_memory_node_gb"`
	InMemoryNodes    float64 `json:"in_memory_nodes" yaml:"in_memory_nodes"`       // primaries, without replicas
	InMemoryClusters float64 `json:"in_memory_clusters" yaml:"in_memory_clusters"` // as cache_clusters

	// Background workers draining a queue (a job keeps one vCPU busy), or
	// with an event pipeline consuming its log.
	WorkerClass        string  `json:"worker_class" yaml:"worker_class"` // the smallest whose fleet fits one cluster
	WorkerClassVCPU    float64 `json:"worker_class_vcpu" yaml:"worker_class_vcpu"`
	WorkerJobsAtTarget float64 `json:"worker_jobs_at_target" yaml:"worker_jobs_at_target"` // jobs (with an event pipeline, partitions) one worker takes at the utilisation target
	Workers            float64 `json:"workers" yaml:"workers"`
	// JobWorkersNeeded: background jobs past what functions take, run by
	// workers behind a queue (an event pipeline's consumers do its jobs).
	JobWorkersNeeded bool `json:"job_workers_needed" yaml:"job_workers_needed"`

	// A full-text search index over the data stored within a year.
	SearchNeeded   bool    `json:"search_needed" yaml:"search_needed"` // the search trait, with a year's data past what the primary's own index serves
	SearchClass    string  `json:"search_class" yaml:"search_class"`   // the smallest whose nodes fit one cluster
	SearchNodeGB   float64 `json:"search_node_gb" yaml:"search_node_gb"`
	SearchNodes    float64 `json:"search_nodes" yaml:"search_nodes"`
	SearchClusters float64 `json:"search_clusters" yaml:"search_clusters"` // clusters needed within the nodes-per-cluster limit

	// Database.
	DBReadRPS               float64 `json:"db_read_rps" yaml:"db_read_rps"`   // read queries reaching the database at peak, after the cache
	DBWriteRPS              float64 `json:"db_write_rps" yaml:"db_write_rps"` // writes reaching the database at peak
	DBConnections           float64 `json:"db_connections" yaml:"db_connections"`
	DBReadCapacityRPS       float64 `json:"db_read_capacity_rps" yaml:"db_read_capacity_rps"`             // read queries/s every primary and replica serve at full load: what a failed cache falls back on
	PrimaryReadCapacityRPS  float64 `json:"primary_read_capacity_rps" yaml:"primary_read_capacity_rps"`   // what each primary's class has left for reads after its writes, at the utilisation target
	PrimaryWriteCapacityRPS float64 `json:"primary_write_capacity_rps" yaml:"primary_write_capacity_rps"` // the largest primary at the utilisation target
	PrimaryMemoryCapacityGB float64 `json:"primary_memory_capacity_gb" yaml:"primary_memory_capacity_gb"` // the memory of the largest primary: a hot set past it shards
	ShardsForWrites         float64 `json:"shards_for_writes" yaml:"shards_for_writes"`
	ShardsForData           float64 `json:"shards_for_data" yaml:"shards_for_data"`
	ShardsForMemory         float64 `json:"shards_for_memory" yaml:"shards_for_memory"` // hot rows and indexes beyond the largest primary's memory
	ShardsForReads          float64 `json:"shards_for_reads" yaml:"shards_for_reads"`   // reads past what a primary and its most replicas of the largest class serve
	Shards                  float64 `json:"shards" yaml:"shards"`
	WorkingSetGB            float64 `json:"working_set_gb" yaml:"working_set_gb"` // hot rows each primary keeps in memory
	PrimaryVCPU             float64 `json:"primary_vcpu" yaml:"primary_vcpu"`     // needed on each primary at the utilisation target
	// PrimarySizedReadRPS is the read queries a second each primary's CPU
	// is sized for: with a cache, at least those it served before the cache
	// came; at most a standard primary's worth, the rest left to replicas.
	PrimarySizedReadRPS    float64 `json:"primary_sized_read_rps" yaml:"primary_sized_read_rps"`
	PrimaryClass           string  `json:"primary_class" yaml:"primary_class"`
	PrimaryClassVCPU       float64 `json:"primary_class_vcpu" yaml:"primary_class_vcpu"`
	PrimaryClassMemoryGB   float64 `json:"primary_class_memory_gb" yaml:"primary_class_memory_gb"`
	ReplicaClass           string  `json:"replica_class" yaml:"replica_class"` // the smallest with the working set and a standard primary's CPU whose count fits the per-source limit
	ReplicaClassVCPU       float64 `json:"replica_class_vcpu" yaml:"replica_class_vcpu"`
	ReplicaReadCapacityRPS float64 `json:"replica_read_capacity_rps" yaml:"replica_read_capacity_rps"`
	ReplicasPerShard       float64 `json:"replicas_per_shard" yaml:"replicas_per_shard"` // never more than db_max_read_replicas
	ReplicaLimited         bool    `json:"replica_limited" yaml:"replica_limited"`       // the replicas took a bigger size, or reads split the shards, to stay within db_max_read_replicas
	ReadReplicas           float64 `json:"read_replicas" yaml:"read_replicas"`           // in all
	DBVCPU                 float64 `json:"db_vcpu" yaml:"db_vcpu"`                       // the vCPUs of every primary and read replica

	// Live connections and events.
	RealtimeClass               string  `json:"realtime_class" yaml:"realtime_class"`
	RealtimeConnectionsAtTarget float64 `json:"realtime_connections_at_target" yaml:"realtime_connections_at_target"` // what one connection server holds
	RealtimeNodes               float64 `json:"realtime_nodes" yaml:"realtime_nodes"`
	RealtimeNodesPerRegion      float64 `json:"realtime_nodes_per_region" yaml:"realtime_nodes_per_region"` // in each of stack_regions, with its own spares
	// A self-run API gateway: the peak at the utilisation target, two at
	// least (one per zone), and one spare beyond what the peak needs at
	// full load; per region, for its share of the peak with a region down.
	GatewayNodes          float64 `json:"gateway_nodes" yaml:"gateway_nodes"`
	GatewayNodesPerRegion float64 `json:"gateway_nodes_per_region" yaml:"gateway_nodes_per_region"`
	PubsubNodes           float64 `json:"pubsub_nodes" yaml:"pubsub_nodes"`
	PubsubClusters        float64 `json:"pubsub_clusters" yaml:"pubsub_clusters"` // as cache_clusters
	// One log for the plan's event stream, whoever reads it: the event
	// pipeline's archivers and stream processors are consumer groups on it.
	EventMBPerSec    float64 `json:"event_mb_per_sec" yaml:"event_mb_per_sec"` // write bytes at peak, for a log
	StreamClass      string  `json:"stream_class" yaml:"stream_class"`         // the smallest broker whose cluster fits the brokers-per-cluster limit
	StreamClassVCPU  float64 `json:"stream_class_vcpu" yaml:"stream_class_vcpu"`
	StreamPartitions float64 `json:"stream_partitions" yaml:"stream_partitions"` // a multiple of the brokers, so each leads as many
	StreamBrokers    float64 `json:"stream_brokers" yaml:"stream_brokers"`
	StreamClusters   float64 `json:"stream_clusters" yaml:"stream_clusters"`
	StreamConsumers  float64 `json:"stream_consumers" yaml:"stream_consumers"` // one per partition in each consumer group

	DowntimeMinutesPerMonth float64 `json:"downtime_minutes_per_month" yaml:"downtime_minutes_per_month"`
	Nines                   float64 `json:"nines" yaml:"nines"`
}

// Estimate runs every estimator over resolved inputs at the resilience
// level the availability target asks for (StartLevel). It is
// deterministic and allocation-free.
func Estimate(in Inputs, c Capacity) Estimates {
	return EstimateAt(in, c, StartLevel(in.Availability, c))
}

// ServingRegions is how many of a plan's stack regions share its traffic:
// the regions its users are in; a standby region added for the target
// alone serves none until the home region fails.
func ServingRegions(in Inputs, stackRegions float64) float64 {
	return math.Min(stackRegions, math.Max(1, in.Regions))
}

// EstimateAt is Estimate for a plan built at a resilience level.
func EstimateAt(in Inputs, capacity Capacity, level float64) Estimates {
	// The sizing below reads the figures through a pointer: Capacity is
	// half a kilobyte, and a fleet is sized many times an estimate.
	c := &capacity
	var e Estimates
	copies := 1.0 // a replica for each cache node, standby for each primary, two servers at least
	if level >= TwoZones {
		copies = 2
	}
	e.Resilience = level
	e.StackRegions = math.Max(1, in.Regions)
	if level >= TwoRegions {
		e.StackRegions = math.Max(2, e.StackRegions)
	}
	// Regions with users share the peak while all are up; a region added
	// for the target alone is a standby that serves none until the home
	// region fails. Each region is sized so that the regions left when
	// regions_lost_carried fail carry the peak on the servers they already
	// run (static stability): active-active regions each the peak over the
	// regions left, a standby region the whole peak.
	serving := ServingRegions(in, e.StackRegions)
	e.RegionPeakRPS = in.PeakRPS / serving
	e.RegionLoadShare = 1 / math.Max(1, math.Min(serving, e.StackRegions-c.RegionsLostCarried))
	media := slices.Contains(in.Traits, "media")

	// Traffic.
	e.RequestsPerDay = in.ReadsPerDay + in.WritesPerDay
	e.AvgRPS = AvgRPS(e.RequestsPerDay)
	e.AvgReadRPS, e.AvgWriteRPS = AvgRPS(in.ReadsPerDay), AvgRPS(in.WritesPerDay)
	e.ReadRPS, e.WriteRPS = SplitPeak(in.PeakRPS, in.ReadsPerDay, in.WritesPerDay)
	e.ConcurrentRequests = ConcurrentRequests(in.PeakRPS, c.RequestLatencySeconds)
	e.ConcurrentConnections = in.ConcurrentUsers

	// Where writes are kept. Writes past the largest sensible row are split
	// into a metadata row and an object; the rest stay rows. Their sizes
	// spread around the average (SplitShare), so the database's share of
	// the bytes falls smoothly as the average grows, with no cliff at the
	// threshold. Splitting starts once a write a day is past it, or the
	// average itself is. A write-only stream of small events is an event
	// pipeline: a log archived as objects, not database rows.
	e.RowBytes, e.WriteObjectBytes = in.WriteBytes, in.ObjectBytes
	if share := SplitShare(in.WriteBytes, c.MaxRowBytes); in.WritesPerDay*share >= 1 || in.WriteBytes > c.MaxRowBytes {
		big := SplitBytes(in.WriteBytes, c.MaxRowBytes)
		e.WriteSplit, e.SplitShare = true, share
		e.RowBytes = math.Max(0, in.WriteBytes-big) + share*c.MetadataRowBytes
		e.WriteObjectBytes = in.ObjectBytes + big
	}
	standardWrites := c.DBWriteQPSPerVCPU * c.DBStandardVCPU * c.TargetUtilisation
	e.EventPipeline = in.ReadsPerDay <= c.EventReadRatio*in.WritesPerDay && in.WriteBytes <= c.SmallRecordBytes && e.WriteRPS > standardWrites
	// The database keeps what it took before the log arrived (recent
	// events and aggregates, at most a standard primary's writes), so the
	// plan never shrinks as events grow.
	dbShare := 1.0
	if e.EventPipeline {
		e.WriteObjectBytes += e.RowBytes
		dbShare = standardWrites / e.WriteRPS
	}
	dbWritesPerDay := in.WritesPerDay * dbShare
	e.NewDataGBPerDay = NewDataGBPerDay(dbWritesPerDay, e.RowBytes) * (1 - in.UpdateShare/100)
	// Within a year, what is kept: data past its retention is deleted.
	withinYear := math.Min(1, in.RetentionYears)
	e.DataGBNextYear = DataGBAtRetention(in.DataGB, e.NewDataGBPerDay, withinYear)
	e.DataGBAtRetention = DataGBAtRetention(in.DataGB, e.NewDataGBPerDay, in.RetentionYears)
	e.NewObjectGBPerDay = NewDataGBPerDay(in.WritesPerDay, e.WriteObjectBytes)
	e.ObjectGBNextYear = DataGBAtRetention(in.ObjectGB, e.NewObjectGBPerDay, withinYear)
	e.ObjectGBAtRetention = DataGBAtRetention(in.ObjectGB, e.NewObjectGBPerDay, in.RetentionYears)

	// Bytes to users. A CDN serves the cacheable share (static assets and
	// media) from the edge; the origin serves the rest through its load
	// balancer.
	e.EgressGBPerMonth = EgressGBPerMonth(in.ReadsPerDay, in.ResponseBytes, in.WritesPerDay, c.WriteAckBytes)
	// Only responses to reads can be served from the edge; write
	// acknowledgements cannot, so they never call for a CDN.
	e.ReadEgressGBPerMonth = EgressGBPerMonth(in.ReadsPerDay, in.ResponseBytes, 0, 0)
	// An API's responses (the api trait) are not cached at the edge: only
	// media calls for a CDN then. Users far from the serving region (more
	// than one region, or the global trait: users worldwide, served from
	// one region) get the edge before a region of their own.
	api := slices.Contains(in.Traits, "api")
	far := in.Regions >= 2 || slices.Contains(in.Traits, "global")
	e.CDNNeeded = in.ReadsPerDay > 0 && (media || !api && (e.ReadEgressGBPerMonth >= c.CDNTriggerGBPerMonth || far))
	e.OriginEgressGBPerMonth = e.EgressGBPerMonth
	if e.CDNNeeded {
		share := c.CDNOffloadShare
		if media {
			share = c.MediaCDNOffloadShare
		}
		e.CDNEgressGBPerMonth = e.ReadEgressGBPerMonth * share
		e.OriginEgressGBPerMonth = e.EgressGBPerMonth - e.CDNEgressGBPerMonth
		e.CDNRequestsPerMonth = in.ReadsPerDay * share * DaysPerMonth
	}
	// Uploads go straight to object storage with presigned URLs; only the
	// rows pass through the load balancer.
	ingressGBPerMonth := NewDataGBPerDay(in.WritesPerDay, e.RowBytes) * DaysPerMonth
	e.LBProcessedGBPerMonth = e.OriginEgressGBPerMonth + ingressGBPerMonth
	originShare := 1.0
	if e.EgressGBPerMonth > 0 {
		originShare = e.OriginEgressGBPerMonth / e.EgressGBPerMonth
	}
	e.LBNewConnectionsPerSec = e.AvgRPS * originShare / c.LBRequestsPerConnection
	// A user connected at once holds a connection through the balancer (a
	// live one, or HTTP keep-alive between a session's requests), and a
	// request in flight needs one.
	e.LBActiveConnections = math.Max(e.ConcurrentRequests, e.ConcurrentConnections)
	e.LBLCU = math.Max(1, math.Max(e.LBNewConnectionsPerSec/c.LBNewConnectionsPerLCU,
		math.Max(e.LBActiveConnections/c.LBActiveConnectionsPerLCU, e.LBProcessedGBPerMonth/HoursPerMonth/c.LBGBPerLCUHour)))

	// App tier.
	appFleet := func(per float64) float64 { return fleet(in.PeakRPS, per, copies, level, c) }
	app, appPer, appServers := serverSize(c.VMClasses, c.AppRPSPerServer, c.FleetMaxNodes, appFleet)
	e.AppClass, e.AppClassVCPU = app.ID, app.VCPU
	e.AppRPSAtTarget = appPer * c.TargetUtilisation
	e.AppServers = appServers
	// Each region is sized for RegionLoadShare of the peak, and never
	// holds fewer than its share of the whole fleet: two active-active
	// regions and a standby region run the whole fleet each.
	e.AppServersPerRegion = math.Max(math.Ceil(e.AppServers/serving), fleet(in.PeakRPS*e.RegionLoadShare, appPer, copies, level, c))

	// Reads: each request that misses the cache runs its queries against
	// the database. A cache comes first, at a share of what a standard
	// primary reads.
	e.ReadQueriesRPS = e.ReadRPS * in.QueriesPerRequest
	e.CacheTriggerRPS = c.DBReadQPSPerVCPU * c.DBStandardVCPU * c.TargetUtilisation * c.CacheTriggerShare
	e.CacheNeeded = e.ReadQueriesRPS > e.CacheTriggerRPS
	e.HotSetGB = c.HotFraction * math.Min(e.DataGBNextYear, NewDataGBPerDay(in.ReadsPerDay, e.RowBytes))
	e.DBReadRPS = e.ReadQueriesRPS
	if e.CacheNeeded {
		e.DBReadRPS = UncachedRPS(e.ReadQueriesRPS, c.CacheHitRatio)
		e.CacheGB = e.HotSetGB
		e.CacheOpsRPS = e.ReadQueriesRPS + e.WriteRPS
		e.CacheClass, e.CacheNodeGB, e.CacheNodes = nodes(c.CacheClasses, e.CacheGB, e.CacheOpsRPS, c.CacheOpsPerNode*c.TargetUtilisation, 1-c.CacheReservedMemoryShare)
		e.CacheClusters = math.Ceil(e.CacheNodes * copies / c.CacheMaxNodesPerCluster)
		// The same class in every region, as many nodes as the hot set and
		// the region's share of the operations need.
		perNode := c.CacheOpsPerNode * c.TargetUtilisation
		e.CacheNodesPerRegion = math.Min(e.CacheNodes, math.Max(1, math.Max(math.Ceil(e.CacheGB/(e.CacheNodeGB*(1-c.CacheReservedMemoryShare))), math.Ceil(e.CacheOpsRPS*e.RegionLoadShare/perNode))))
	}

	// Writes: small records updated in place at a rate beyond one standard
	// primary move to an in-memory store; the database keeps the rest.
	e.DBWriteRPS = e.WriteRPS
	if e.EventPipeline {
		e.DBWriteRPS = standardWrites
	}
	updates := e.WriteRPS * in.UpdateShare / 100
	e.InMemoryNeeded = !e.EventPipeline && in.UpdateShare/100 > c.MostlyShare && in.WriteBytes <= c.SmallRecordBytes && updates > standardWrites
	if e.InMemoryNeeded {
		e.DBWriteRPS = math.Max(0, e.DBWriteRPS-updates) // 100% updates round to -1e-10
		e.InMemoryGB = NewDataGBPerDay(in.DAU, in.WriteBytes)
		e.InMemoryOpsRPS = updates
		e.InMemoryClass, e.InMemoryNodeGB, e.InMemoryNodes = nodes(c.CacheClasses, e.InMemoryGB, e.InMemoryOpsRPS, c.CacheOpsPerNode*c.TargetUtilisation, 1-c.CacheReservedMemoryShare)
		e.InMemoryClusters = math.Ceil(e.InMemoryNodes * copies / c.CacheMaxNodesPerCluster)
	}

	// Search: each node holds an index in proportion to its size; the
	// index is kept whole, not at a utilisation target.
	searchNodes := func(per float64) float64 { return Servers(e.DataGBNextYear, per, 1, copies) }
	search, perNode, searchCount := serverSize(c.SearchClasses, c.SearchGBPerNode, c.SearchMaxNodesPerCluster, searchNodes)
	e.SearchClass, e.SearchNodeGB = search.ID, perNode
	e.SearchNodes = searchCount
	e.SearchClusters = math.Ceil(e.SearchNodes / c.SearchMaxNodesPerCluster)

	e.sizeDatabase(c)

	// Live connections: gateways hold them; pub/sub fans each write out.
	rtFleet := func(per float64) float64 { return fleet(e.ConcurrentConnections, per, 2, level, c) }
	rt, rtPer, rtNodes := serverSize(c.VMClasses, c.ConnectionsPerNode, c.FleetMaxNodes, rtFleet)
	e.RealtimeClass, e.RealtimeConnectionsAtTarget = rt.ID, rtPer*c.TargetUtilisation
	e.RealtimeNodes = rtNodes
	e.RealtimeNodesPerRegion = math.Max(math.Ceil(e.RealtimeNodes/serving), fleet(e.ConcurrentConnections*e.RegionLoadShare, rtPer, 2, level, c))
	gateway := func(peak float64) float64 {
		return math.Max(math.Max(2, math.Ceil(peak/(c.GatewayRPSPerNode*c.TargetUtilisation))), math.Ceil(peak/c.GatewayRPSPerNode)+1)
	}
	e.GatewayNodes, e.GatewayNodesPerRegion = gateway(in.PeakRPS), gateway(in.PeakRPS*e.RegionLoadShare)
	e.PubsubNodes = fleet(e.WriteRPS, c.CacheOpsPerNode, copies, level, c)
	e.PubsubClusters = math.Ceil(e.PubsubNodes / c.CacheMaxNodesPerCluster)

	// A log of events, sized by bytes and messages a second at peak.
	e.EventMBPerSec = e.WriteRPS * in.WriteBytes / 1e6
	stream(&e, c)

	// Workers: each job in flight keeps a vCPU busy (Little's law). The
	// queue in front holds the peak's excess, so they are sized for the
	// day's average job rate and drain the backlog after a peak. With an
	// event pipeline they are the log's consumers instead, a partition's
	// reader to each smallest worker's vCPUs (a partition carries what one
	// consumer reads), and do the jobs in batches.
	if len(c.VMClasses) > 0 {
		load, perSmallest, utilisation := e.AvgWriteRPS*c.WorkerAverageLoadShare*c.JobSeconds, c.VMClasses[0].VCPU, c.TargetUtilisation
		if e.EventPipeline {
			load, perSmallest, utilisation = e.StreamConsumers, 1, 1
		}
		workers := func(per float64) float64 { return Servers(load, per, utilisation, copies) }
		w, per, count := serverSize(c.VMClasses, perSmallest, c.FleetMaxNodes, workers)
		e.WorkerClass, e.WorkerClassVCPU, e.WorkerJobsAtTarget = w.ID, w.VCPU, per*utilisation
		e.Workers = count
	}

	e.JobWorkersNeeded = slices.Contains(in.Traits, "jobs") && !e.EventPipeline && in.WritesPerDay > c.ServerlessMaxJobsPerDay
	e.SearchNeeded = slices.Contains(in.Traits, "search") && e.DataGBNextYear >= c.SearchTriggerGB

	e.DowntimeMinutesPerMonth = DowntimeSecondsPerMonth(in.Availability) / 60
	e.Nines = Nines(in.Availability)
	return e
}

// stream sizes the one log of the plan's events. Partitions carry the
// bytes a second (a consumer reads at most one partition's worth); brokers
// take the replicated bytes, the messages and the partition replicas, on
// the smallest broker size whose cluster stays within the brokers one
// cluster may have. A broker leads only the partitions assigned to it, and
// a partition is the unit of parallelism: partitions are a multiple of the
// brokers, so every broker leads as many and none sits idle.
func stream(e *Estimates, c *Capacity) {
	byBytes := math.Max(c.StreamMinBrokers, math.Ceil(e.EventMBPerSec/c.StreamPartitionMBPerSec))
	brokers := func(scale float64) float64 {
		return math.Max(c.StreamMinBrokers, math.Max(
			math.Ceil(e.EventMBPerSec*c.StreamReplication/(c.StreamBrokerMBPerSec*scale*c.TargetUtilisation)),
			math.Max(math.Ceil(e.WriteRPS/(c.StreamBrokerMsgsPerSec*scale*c.TargetUtilisation)),
				math.Ceil(byBytes*c.StreamReplication/c.StreamPartitionsPerBroker))))
	}
	var class VMClass
	b := 0.0
	for _, cl := range c.StreamClasses {
		class, b = cl, brokers(cl.VCPU/c.StreamClasses[0].VCPU)
		if b <= c.StreamMaxBrokersPerCluster {
			break
		}
	}
	if len(c.StreamClasses) == 0 {
		b = brokers(1)
	}
	p := b * math.Ceil(byBytes/b)
	// Rounding partitions up to a multiple may pass the replicas one broker
	// hosts: then one more broker, until they fit. With one partition to a
	// broker more brokers change nothing (a broker that cannot host one
	// partition's replicas is refused at load), so the search ends there.
	for p*c.StreamReplication > c.StreamPartitionsPerBroker*b && p > b && !math.IsInf(b, 0) {
		b++
		p = b * math.Ceil(byBytes/b)
	}
	e.StreamClass, e.StreamClassVCPU = class.ID, class.VCPU
	e.StreamBrokers, e.StreamPartitions, e.StreamConsumers = b, p, p
	e.StreamClusters = math.Ceil(b / c.StreamMaxBrokersPerCluster)
}

// sizeDatabase sizes the database for the load in e: the largest
// primary's writes, the engine's storage limit, the largest primary's
// memory and the replicas one primary may have decide shards; each shard's
// primary is the smallest class with the CPU and the memory for its working
// set; replicas per shard take the reads its primary has no room for.
func (e *Estimates) sizeDatabase(c *Capacity) {
	top := c.DBClasses[len(c.DBClasses)-1]
	e.PrimaryWriteCapacityRPS = math.Min(c.DBWriteQPSPerVCPU*top.VCPU, c.DBPrimaryMaxWriteTPS) * c.TargetUtilisation
	e.ShardsForWrites = math.Max(1, math.Ceil(e.DBWriteRPS/e.PrimaryWriteCapacityRPS))
	e.ShardsForData = math.Max(1, math.Ceil(e.DataGBNextYear/c.DBMaxStorageGB))
	// A working set past the largest primary's memory sends reads to disk:
	// Instagram sharded when its data no longer fit in memory.
	e.PrimaryMemoryCapacityGB = top.MemoryGB
	e.ShardsForMemory = math.Max(1, math.Ceil(e.HotSetGB/e.PrimaryMemoryCapacityGB))
	e.DBConnections = PooledConnections(e.ConcurrentRequests, c.PoolConnectionsPerClient, c.PoolMinConnections)
	// Shards come in powers of two (a shard splits in half to reshard), so
	// the fleet's capacity and cost never shrink as load grows. Reads past
	// what a primary and the most replicas a source may have serve, with
	// replicas of the largest class, split the shards again.
	shards := nextPowerOfTwo(math.Max(e.ShardsForWrites, math.Max(e.ShardsForData, e.ShardsForMemory)))
	e.ShardsForReads = 1
	for e.sizeShards(shards, c); e.ReplicasPerShard > c.DBMaxReadReplicas && !math.IsInf(shards, 0); e.sizeShards(shards, c) {
		shards *= 2
		e.ShardsForReads = shards
	}
}

// sizeShards sizes the primaries and replicas of a number of shards.
func (e *Estimates) sizeShards(shards float64, c *Capacity) {
	top := c.DBClasses[len(c.DBClasses)-1]
	e.Shards = shards
	// With a cache the primary stays sized for the reads it served just
	// before the cache arrived: a cold or failed cache sends them back, and
	// the plan must not get cheaper as load rises.
	primaryReads := e.DBReadRPS
	if e.CacheNeeded {
		primaryReads = math.Max(primaryReads, e.CacheTriggerRPS)
	}
	writeVCPU := e.DBWriteRPS / shards / c.DBWriteQPSPerVCPU / c.TargetUtilisation
	e.PrimarySizedReadRPS = math.Min(primaryReads/shards, c.DBStandardVCPU*c.DBReadQPSPerVCPU*c.TargetUtilisation)
	e.PrimaryVCPU = writeVCPU + e.PrimarySizedReadRPS/c.DBReadQPSPerVCPU/c.TargetUtilisation
	if shards > 1 {
		e.PrimaryVCPU = math.Max(e.PrimaryVCPU, c.DBStandardVCPU)
	}
	// The working set is the rows a day's reads touch, hot share first
	// (the cache's hot set), bounded by what is stored: memory follows
	// what is read, not the size of the archive.
	e.WorkingSetGB = e.HotSetGB / shards
	e.PrimaryClass, e.PrimaryClassVCPU, e.PrimaryClassMemoryGB = top.ID, top.VCPU, top.MemoryGB
	for _, cl := range c.DBClasses {
		if cl.VCPU >= e.PrimaryVCPU*slack && cl.MemoryGB >= e.WorkingSetGB*slack {
			e.PrimaryClass, e.PrimaryClassVCPU, e.PrimaryClassMemoryGB = cl.ID, cl.VCPU, cl.MemoryGB
			break
		}
	}
	// The primary serves the reads its class has room for after its writes:
	// one sized up for memory or writes serves more of them.
	e.PrimaryReadCapacityRPS = math.Max(0, e.PrimaryClassVCPU-writeVCPU) * c.DBReadQPSPerVCPU * c.TargetUtilisation
	// Replicas take the reads past what the primary serves. A replica
	// serves the same rows, so it needs the same working set in memory, and
	// at least a standard primary's CPU; it grows a size when the replicas
	// would pass the most one source may have.
	perShard := e.DBReadRPS / shards
	replicas := func(vcpu float64) float64 {
		return math.Ceil((perShard - e.PrimaryReadCapacityRPS) / (vcpu * c.DBReadQPSPerVCPU * c.TargetUtilisation))
	}
	e.ReplicaClass, e.ReplicaClassVCPU = top.ID, top.VCPU
	e.ReplicasPerShard, e.ReplicaLimited = 0, e.ShardsForReads > 1
	for _, cl := range c.DBClasses {
		if cl.VCPU < c.DBStandardVCPU*slack || cl.MemoryGB < e.WorkingSetGB*slack {
			continue
		}
		e.ReplicaClass, e.ReplicaClassVCPU = cl.ID, cl.VCPU
		if perShard <= e.PrimaryReadCapacityRPS || replicas(cl.VCPU) <= c.DBMaxReadReplicas {
			break
		}
		e.ReplicaLimited = true // this size would need more replicas than one source may have
	}
	if perShard > e.PrimaryReadCapacityRPS {
		e.ReplicasPerShard = replicas(e.ReplicaClassVCPU)
	}
	e.ReplicaReadCapacityRPS = e.ReplicaClassVCPU * c.DBReadQPSPerVCPU * c.TargetUtilisation
	e.ReadReplicas = shards * e.ReplicasPerShard
	e.DBReadCapacityRPS = (shards*e.PrimaryReadCapacityRPS + e.ReadReplicas*e.ReplicaReadCapacityRPS) / c.TargetUtilisation
	e.DBVCPU = shards*e.PrimaryClassVCPU + e.ReadReplicas*e.ReplicaClassVCPU
}

// slack is a hair of tolerance in choosing a size: 4.000000000000001 vCPU
// of rounding is a 4-vCPU instance, not an 8.
const slack = 1 - 1e-9

// fleet sizes servers for a load at the utilisation target; from two
// zones on, with spares enough to stay up as the region's SLA (Fleet).
func fleet(load, perServer, minimum, level float64, c *Capacity) float64 {
	if level >= TwoZones {
		return Fleet(load, perServer, c.TargetUtilisation, minimum, c.SLAInstance, c.SLAMultiAZCompute)
	}
	return Servers(load, perServer, c.TargetUtilisation, minimum)
}

// nodes sizes a cluster of in-memory nodes for gb of data and ops a second.
// A node grows before the count: as few nodes as the largest class needs
// for the memory and the operations (a node serves the same operations
// whatever its size: Redis runs commands on one thread), each of the
// smallest class that holds its share in the usable part of its memory.
func nodes(classes []CacheClass, gb, ops, opsPerNode, usable float64) (class string, nodeGB, count float64) {
	top := classes[len(classes)-1]
	count = math.Max(1, math.Max(math.Ceil(ops/opsPerNode), math.Ceil(gb/(top.MemoryGB*usable))))
	for _, cl := range classes {
		if cl.MemoryGB*usable*count >= gb {
			return cl.ID, cl.MemoryGB, count
		}
	}
	return top.ID, top.MemoryGB, count
}

// serverSize picks the size of a fleet's servers: the smallest whose fleet
// (count gives it for what one server takes, spares included) fits one
// cluster's node limit, else the largest (a server grows before the count).
// perServer is what the smallest size takes; bigger ones take it times
// their vCPUs over its. It returns the size, what one server of it takes
// and the fleet: count at that, which it has worked out on the way.
func serverSize(classes []VMClass, perServer, maxNodes float64, count func(per float64) float64) (VMClass, float64, float64) {
	if len(classes) == 0 {
		return VMClass{}, perServer, count(perServer)
	}
	n := 0.0
	for _, cl := range classes {
		per := perServer * cl.VCPU / classes[0].VCPU
		if n = count(per); n <= maxNodes {
			return cl, per, n
		}
	}
	// The last tried is the largest.
	top := classes[len(classes)-1]
	return top, perServer * top.VCPU / classes[0].VCPU, n
}

// nextPowerOfTwo rounds n (at least 1) up to a power of two.
func nextPowerOfTwo(n float64) float64 {
	p := 1.0
	for p < n && !math.IsInf(p, 0) {
		p *= 2
	}
	return p
}
