package estimators

// Formula is how one quantity is computed, written in expr syntax over the
// names everything else uses (answers, estimates, knowledge constants, unit
// conversions), so a person can check it by hand and a test can re-evaluate
// it. Each sits here, beside the estimator it describes; TestFormulas
// evaluates every one against the estimators' own results.
type Formula struct {
	Of    string // the quantity computed
	Label string // what people call it
	Unit  string // how the value reads: "" (a count), "rps", "/s", "GB", "GB/month"
	Expr  string // the arithmetic, in names
	// When says which of a quantity's formulas applies (an expression;
	// "" always); the first that holds is shown.
	When string
	// Note replaces the arithmetic when the quantity is not computed here
	// (a measured peak, a cache that is not needed yet).
	Note string
}

// Derivations are the formulas behind answers that were not given but
// derived from others. The advisor names one with each derived assumption.
var Derivations = map[string]Formula{
	"dau_from_users":               {Of: "dau", Label: "Daily active users", Expr: "users * dau_per_mau"},
	"dau_from_requests":            {Of: "dau", Label: "Daily active users", Expr: "(reads_per_day + writes_per_day) / requests_per_user"},
	"users_from_dau":               {Of: "users", Label: "Monthly active users", Expr: "dau / dau_per_mau"},
	"reads_from_users":             {Of: "reads_per_day", Label: "Reads per day", Expr: "dau * requests_per_user * read_ratio / (read_ratio + 1)"},
	"writes_from_users":            {Of: "writes_per_day", Label: "Writes per day", Expr: "dau * requests_per_user / (read_ratio + 1)"},
	"reads_from_writes":            {Of: "reads_per_day", Label: "Reads per day", Expr: "writes_per_day * read_ratio"},
	"writes_from_reads":            {Of: "writes_per_day", Label: "Writes per day", Expr: "reads_per_day / read_ratio"},
	"reads_from_peak":              {Of: "reads_per_day", Label: "Reads per day", Expr: "peak_rps / peak_factor * seconds_per_day * read_ratio / (read_ratio + 1)"},
	"writes_from_peak":             {Of: "writes_per_day", Label: "Writes per day", Expr: "peak_rps / peak_factor * seconds_per_day / (read_ratio + 1)"},
	"read_ratio_from_total":        {Of: "read_ratio", Label: "Reads per write", Expr: "reads_per_day / writes_per_day"},
	"concurrent_from_dau":          {Of: "concurrent_users", Label: "Users connected at once", Expr: "min(dau, dau * session_minutes / minutes_per_day * peak_factor)"},
	"concurrent_from_dau_realtime": {Of: "concurrent_users", Label: "Users connected at once", Expr: "min(dau, dau * realtime_session_minutes / minutes_per_day * peak_factor)"},
	"peak_from_average":            {Of: "peak_rps", Label: "Peak requests/s", Unit: "rps", Expr: "(reads_per_day + writes_per_day) / seconds_per_day * peak_factor"},
	"peak_factor_from_peak":        {Of: "peak_factor", Label: "Peak ÷ average traffic", Expr: "peak_rps / ((reads_per_day + writes_per_day) / seconds_per_day)"},
}

// Shown are the headline estimates with their formulas, in the order a
// plan's estimates table lists them (after the traffic answers, which show
// their derivation or that they were given).
var Shown = []Formula{
	{Of: "requests_per_day", Label: "Requests per day", Expr: "reads_per_day + writes_per_day"},
	{Of: "avg_rps", Label: "Average requests/s", Unit: "rps", Expr: "requests_per_day / seconds_per_day"},
	{Of: "read_rps", Label: "Peak reads/s", Unit: "/s", Expr: "peak_rps * reads_per_day / requests_per_day", When: "requests_per_day > 0"},
	{Of: "read_rps", Label: "Peak reads/s", Unit: "/s", Note: "no daily volume: the whole peak counts as reads"},
	{Of: "write_rps", Label: "Peak writes/s", Unit: "/s", Expr: "peak_rps * writes_per_day / requests_per_day", When: "requests_per_day > 0"},
	{Of: "write_rps", Label: "Peak writes/s", Unit: "/s", Note: "no daily volume: no writes"},
	{Of: "row_bytes", Label: "Bytes a write keeps in the database", Expr: "write_bytes - (max_row_bytes + write_bytes) * split_share + split_share * metadata_row_bytes", When: "write_split"},
	{Of: "new_data_gb_per_day", Label: "New database data per day", Unit: "GB", Expr: "writes_per_day * db_write_rps / write_rps * row_bytes * (1 - update_share / 100) / bytes_per_gb", When: "event_pipeline"},
	{Of: "new_data_gb_per_day", Label: "New database data per day", Unit: "GB", Expr: "writes_per_day * row_bytes * (1 - update_share / 100) / bytes_per_gb"},
	{Of: "data_gb_at_retention", Label: "Database data at retention", Unit: "GB", Expr: "data_gb + new_data_gb_per_day * days_per_year * retention_years"},
	{Of: "new_object_gb_per_day", Label: "New objects per day", Unit: "GB", Expr: "writes_per_day * write_object_bytes / bytes_per_gb", When: "write_object_bytes > 0"},
	{Of: "object_gb_at_retention", Label: "Objects at retention", Unit: "GB", Expr: "new_object_gb_per_day * days_per_year * retention_years", When: "write_object_bytes > 0"},
	{Of: "egress_gb_per_month", Label: "Egress per month", Unit: "GB/month", Expr: "(reads_per_day * response_bytes + writes_per_day * write_ack_bytes) * days_per_month / bytes_per_gb"},
	{Of: "cdn_egress_gb_per_month", Label: "Served by the CDN", Unit: "GB/month", Expr: "reads_per_day * response_bytes * media_cdn_offload_share * days_per_month / bytes_per_gb", When: "cdn_needed && 'media' in traits"},
	{Of: "cdn_egress_gb_per_month", Label: "Served by the CDN", Unit: "GB/month", Expr: "reads_per_day * response_bytes * cdn_offload_share * days_per_month / bytes_per_gb", When: "cdn_needed"},
	{Of: "read_queries_rps", Label: "Read queries/s at peak", Unit: "/s", Expr: "read_rps * queries_per_request"},
	{Of: "db_read_rps", Label: "Read queries reaching the database", Unit: "/s", Expr: "read_queries_rps * (1 - cache_hit_ratio)", When: "cache_needed"},
	{Of: "hot_set_gb", Label: "Hot set", Unit: "GB", Expr: "hot_fraction * min(data_gb_next_year, reads_per_day * row_bytes / bytes_per_gb)"},
	{Of: "cache_nodes", Label: "Cache nodes", Expr: "max(ceil(cache_gb / (cache_node_gb * (1 - cache_reserved_memory_share))), ceil(cache_ops_rps / (cache_ops_per_node * target_utilisation)))", When: "cache_needed && cache_nodes > 1"},
	{Of: "concurrent_requests", Label: "Requests in flight", Expr: "peak_rps * request_latency_seconds"},
	{Of: "db_connections", Label: "Database connections", Expr: "max(pool_min_connections, ceil(concurrent_requests * pool_connections_per_client))"},
	{Of: "app_servers", Label: "App servers", Expr: "max(2, ceil(peak_rps / app_rps_at_target))", When: "resilience >= two_zones && app_servers == max(2, ceil(peak_rps / app_rps_at_target))"},
	{Of: "app_servers", Label: "App servers", When: "resilience >= two_zones",
		Note: "max(2, ceil(peak_rps / app_rps_at_target)), plus spares until the ceil(peak_rps × target_utilisation / app_rps_at_target) servers the peak needs at full load stay up, each at sla_instance, at least sla_multi_az_compute of the time"},
	{Of: "app_servers", Label: "App servers", Expr: "max(1, ceil(peak_rps / app_rps_at_target))"},
	{Of: "shards", Label: "Database shards", Note: "the next power of two above the largest of db_write_rps / primary_write_capacity_rps, data_gb_next_year / db_max_storage_gb and hot_set_gb / primary_memory_capacity_gb (the largest primary's memory), doubled while a shard's reads need more than db_max_read_replicas replicas of the largest size", When: "shards > 1"},
	{Of: "read_replicas", Label: "Read replicas", Expr: "shards * ceil((db_read_rps / shards - primary_read_capacity_rps) / replica_read_capacity_rps)", When: "read_replicas > 0"},
	{Of: "read_replicas", Label: "Read replicas", Note: "none: reads reaching the database fit on the primary"},
	{Of: "realtime_nodes", Label: "Connection servers", Expr: "max(2, ceil(concurrent_connections / realtime_connections_at_target))", When: "'realtime' in traits && realtime_nodes == max(2, ceil(concurrent_connections / realtime_connections_at_target))"},
	{Of: "realtime_nodes", Label: "Connection servers", When: "'realtime' in traits",
		Note: "max(2, ceil(concurrent_connections / realtime_connections_at_target)), plus spares until the connection servers the open connections need stay up at least sla_multi_az_compute of the time"},
}
