package answers

import (
	"strings"
)

// Kind says how an answer's text is read and written back.
type Kind int

// The kinds of answer.
const (
	KindCount   Kind = iota // 2M, 150k, 2e6, 2,000,000
	KindRatio               // 10 or 10:1
	KindPercent             // 15% or 99.9
	KindMoney               // $15,000 or 15k
	KindWhole               // a whole number: regions, engineers
	KindBytes               // 500, 2KB, 50MB, 1.5GB, 4KiB
	KindGB                  // data in GB: 500, 2k, or with its unit 5TB, 800MB
	KindText                // free text
	KindTraits              // comma list from Traits
	KindWord                // one word from a set the knowledge base holds (providers)
)

// Numeric reports whether answers of this kind are numbers.
func (k Kind) Numeric() bool { return k < KindText }

// kindLike is how an answer of a kind is written when its field says no
// better: a noun and examples, for errors and the README.
var kindLike = map[Kind]struct {
	noun string
	like []string
}{
	KindCount:   {"a number", []string{"2000000", "2e6", "2M", "150k"}},
	KindPercent: {"a percentage", []string{"15%", "99.9"}},
	KindGB:      {"a number of GB", []string{"500", "2000"}},
}

func (k Kind) want() string {
	l := kindLike[k]
	return wantText(l.noun, l.like, k)
}

func wantText(noun string, like []string, k Kind) string {
	if len(like) == 0 {
		return noun
	}
	s := noun + " like " + like[0]
	if n := len(like); n > 1 {
		s = noun + " like " + strings.Join(like[:n-1], ", ") + " or " + like[n-1]
	}
	if k == KindGB {
		s += ", or a size like 5TB"
	}
	return s
}

// Want says how an answer is written, after "want" in errors: "a number of
// years like 1, 2.5 or 7". Kinds whose parser says it itself (ratios,
// money, sizes in bytes, whole numbers) have "".
func (f *Field) Want() string {
	if f.Noun != "" {
		return wantText(f.Noun, f.Like, f.Kind)
	}
	return f.Kind.want()
}

// Page is where the questionnaire asks an answer.
type Page int

// The questionnaire's pages, in order; PageNone answers are given only as
// flags or in answers files.
const (
	PageProduct Page = iota
	PageTraffic
	PageData
	PageReach
	PageConstraints
	PageNone
)

// PageNames are the pages' titles, indexed by Page.
var PageNames = []string{"Product", "Traffic", "Data", "Reach", "Constraints"}

// Field declares one answer. Everything else derives from it: the flag
// (Key with '-' for '_'), the answers-file key, the questionnaire's field,
// the assumption recorded when it is not given, its name in the plan's JSON
// inputs and in knowledge expressions.
type Field struct {
	Key   string // answers-file key, JSON inputs name and expression name
	Kind  Kind
	Unit  string // what the number counts, for help and assumptions: "monthly active users"
	Short string // the unit after a number shown to people: "GB", "years"; "" for none

	// Min is the smallest value that means anything (MinOpen: Min itself
	// is refused too). Max names the knowledge constant holding the
	// plausible maximum, so the limit carries its source.
	Min     float64
	MinOpen bool
	// Whole is set for a count of people: a fraction of one is refused
	// (2M is 2,000,000; 1.5 users is not a number of people). A figure
	// derived from other answers may still be a fraction.
	Whole     bool
	Upper     float64 // the largest value by definition (100 for a percentage); 0 for none
	UpperOpen bool    // Upper itself is refused too (100% availability)
	Max       string

	// Default names the knowledge constant used when the answer is not
	// given; TraitDefaults overrides it for a workload trait. An answer
	// with neither is derived from the others (Derived says how) or,
	// with neither, optional. An answer with both is derived when the
	// answers Derived names are given, and the default otherwise.
	Default       string
	TraitDefaults map[string]string
	Derived       string

	Label   string // the question, as a title: "Monthly active users"
	Help    string // what it is and why it matters, one line
	Example string // a valid value, shown in errors and help
	// Noun and Like say how the answer is written when its kind's
	// examples would mislead (2M years): "a number of years", 1, 2.5, 7.
	Noun string
	Like []string
	Page Page

	index int
}

// Flag is the command-line flag, without dashes.
func (f *Field) Flag() string { return strings.ReplaceAll(f.Key, "_", "-") }

// Index is the field's position in Fields, for tables kept beside it.
func (f *Field) Index() int { return f.index }

// maxFields bounds the declarations, so Answers is a fixed-size value that
// copies without allocating.
const maxFields = 40

// Fields lists every answer in the order people think about them.
var Fields []*Field

func declare(f *Field) *Field {
	if len(Fields) == maxFields {
		panic("answers: more than maxFields declarations")
	}
	f.index = len(Fields)
	Fields = append(Fields, f)
	return f
}

// Traits are the workload traits a rule can test for.
var Traits = []string{"search", "media", "realtime", "ai", "jobs", "spiky", "write-heavy", "global", "api"}

// The answers. Each is declared once, here.
var (
	Name = declare(&Field{Key: "name", Kind: KindText, Unit: "name",
		Label: "Product name", Help: "shown in the plan's title and diagram", Example: "Acme", Page: PageProduct})

	Users = declare(&Field{Key: "users", Kind: KindCount, Unit: "monthly active users", Min: 1, Whole: true, Max: "max_users",
		Derived: "dau / dau_per_mau, when daily users, daily totals or a peak are given instead",
		Label:   "Monthly active users", Help: "people who use the product in a month: 2M, 150k, 2e6",
		Example: "2M", Page: PageTraffic})
	DAU = declare(&Field{Key: "dau", Kind: KindCount, Unit: "daily active users", Min: 1, Whole: true, Max: "max_users",
		Derived: "users × dau_per_mau",
		Label:   "Daily active users", Help: "people who use it on a given day; requests come from them",
		Example: "500k", Page: PageTraffic})
	RequestsPerUser = declare(&Field{Key: "requests_per_user", Kind: KindCount, Unit: "requests per daily user per day", MinOpen: true, Max: "max_requests_per_user",
		Default: "default_requests_per_user",
		Label:   "Requests per daily user per day", Help: "turns people into requests per second",
		Example: "50", Page: PageTraffic})
	PeakRPS = declare(&Field{Key: "peak_rps", Short: "rps", Kind: KindCount, Unit: "requests per second at peak", MinOpen: true, Max: "max_peak_rps",
		Derived: "the daily average × peak_factor",
		Label:   "Peak requests per second", Help: "measured at your busiest time; a measured peak beats any estimate",
		Example: "40000", Page: PageTraffic})
	PeakFactor = declare(&Field{Key: "peak_factor", Short: "× average", Kind: KindCount, Unit: "peak ÷ daily average", Min: 1, Max: "max_peak_factor",
		Default: "default_peak_factor", TraitDefaults: map[string]string{"spiky": "default_spiky_peak_factor"},
		Derived: "peak_rps over the daily average, when both are given",
		Label:   "Peak ÷ average traffic", Help: "servers are sized for the peak, not the average",
		Example: "3", Page: PageNone, Noun: "a multiple of the average", Like: []string{"3", "1.5"}})
	ReadsPerDay = declare(&Field{Key: "reads_per_day", Kind: KindCount, Unit: "reads per day", Max: "max_requests_per_day",
		Derived: "requests per day × read_ratio / (read_ratio + 1), or writes_per_day × read_ratio",
		Label:   "Reads per day", Help: "total reads a day, when known (instead of requests_per_user)",
		Example: "10M", Page: PageNone})
	WritesPerDay = declare(&Field{Key: "writes_per_day", Kind: KindCount, Unit: "writes per day", Max: "max_requests_per_day",
		Derived: "requests per day / (read_ratio + 1), or reads_per_day / read_ratio",
		Label:   "Writes per day", Help: "total writes a day, when known (instead of requests_per_user)",
		Example: "1M", Page: PageNone})

	ConcurrentUsers = declare(&Field{Key: "concurrent_users", Kind: KindCount, Unit: "users connected at once at peak", Max: "max_users",
		Derived: "min(dau, dau × session_minutes / minutes_per_day × peak_factor)",
		Label:   "Users connected at once at peak", Help: "connections held open at the load balancer and, if live, connection servers",
		Example: "50k", Page: PageTraffic})

	ReadRatio = declare(&Field{Key: "read_ratio", Kind: KindRatio, Unit: "reads per write", Max: "max_read_ratio",
		Default: "default_read_ratio", TraitDefaults: map[string]string{"write-heavy": "default_write_heavy_read_ratio"},
		Label: "Reads per write", Help: "read-heavy systems need caches and replicas, write-heavy ones shards",
		Example: "10:1", Page: PageData})
	WriteBytes = declare(&Field{Key: "write_bytes", Kind: KindBytes, Unit: "bytes stored per write", Min: 1, Max: "max_write_bytes",
		Default: "default_write_bytes",
		Label:   "Bytes stored per write", Help: "with the writes per day, sets how fast the database grows: 500, 2KB",
		Example: "1KB", Page: PageData})
	ResponseBytes = declare(&Field{Key: "response_bytes", Kind: KindBytes, Unit: "bytes per read response", Min: 1, Max: "max_response_bytes",
		Default: "default_response_bytes", TraitDefaults: map[string]string{"media": "default_media_response_bytes"},
		Label: "Average bytes per read response", Help: "sets egress: a few KB for an API, tens of KB for a page, MB for video",
		Example: "20KB", Page: PageData})
	ObjectBytes = declare(&Field{Key: "object_bytes", Kind: KindBytes, Unit: "bytes kept as an object per write", Max: "max_write_bytes",
		Default: "default_object_bytes", TraitDefaults: map[string]string{"media": "default_media_object_bytes"},
		Label: "Bytes per write kept as a file", Help: "uploads, media, documents: they go to object storage, never the database",
		Example: "2MB", Page: PageData})
	UpdateShare = declare(&Field{Key: "update_share", Kind: KindPercent, Unit: "percent of writes that change existing records", Upper: 100, Max: "",
		Default: "default_update_share",
		Label:   "Writes that update existing records", Help: "updates change records in place; only the other writes grow the data",
		Example: "50%", Page: PageData, Noun: "a percentage", Like: []string{"50%", "10"}})
	QueriesPerRequest = declare(&Field{Key: "queries_per_request", Kind: KindCount, Unit: "database queries per request that misses the cache", MinOpen: true, Max: "max_queries_per_request",
		Default: "default_queries_per_request",
		Label:   "Database queries per request", Help: "a page that runs ten queries loads the database ten times as hard",
		Example: "8", Page: PageData, Noun: "a number of queries", Like: []string{"8", "1.5"}})
	DataGB = declare(&Field{Key: "data_gb", Short: "GB", Kind: KindGB, Unit: "GB stored today", Max: "max_data_gb",
		Default: "default_data_gb",
		Label:   "Data stored today, in GB", Help: "existing data counts toward database, shard and backup sizes",
		Example: "500", Page: PageData})
	ObjectGB = declare(&Field{Key: "object_gb", Short: "GB", Kind: KindGB, Unit: "GB of files stored today", Max: "max_object_gb",
		Default: "default_object_gb",
		Label:   "Files stored today, in GB", Help: "photos, videos and uploads already kept: billed each month as stored",
		Example: "50000", Page: PageData})
	Growth = declare(&Field{Key: "growth", Kind: KindPercent, Unit: "percent a month", Max: "max_growth",
		Default: "default_growth",
		Label:   "Monthly growth", Help: "turns triggers into dates: months until each one, not just load: 15%",
		Example: "15%", Page: PageData, Noun: "a percentage a month", Like: []string{"15%", "5"}})
	RetentionYears = declare(&Field{Key: "retention_years", Short: "years", Kind: KindCount, Unit: "years", MinOpen: true, Max: "max_retention_years",
		Default: "default_retention_years",
		Label:   "Years data is kept", Help: "sets the storage needed at the end of retention",
		Example: "5", Page: PageData, Noun: "a number of years", Like: []string{"1", "2.5", "7"}})

	Regions = declare(&Field{Key: "regions", Short: "regions", Kind: KindWhole, Unit: "regions", Min: 1, Max: "max_regions",
		Default: "default_regions",
		Label:   "Regions users are in", Help: "where users are: far users get a CDN, then their own serving region",
		Example: "2", Page: PageReach})
	Availability = declare(&Field{Key: "availability", Kind: KindPercent, Unit: "percent of the time up", Min: 90, Upper: 100, UpperOpen: true, Max: "max_availability",
		Default: "default_availability",
		Label:   "Availability target", Help: "each nine costs redundancy: 99.9 allows 43.8 minutes down a month",
		Example: "99.95", Page: PageReach, Noun: "a percentage", Like: []string{"99.9", "99.95%"}})

	Budget = declare(&Field{Key: "budget", Kind: KindMoney, Unit: "USD a month", Max: "max_budget",
		Label: "Monthly infrastructure budget in USD", Help: "the plan says whether it fits, and what could be cut if not: $15,000, 15k",
		Example: "15000", Page: PageConstraints})
	Team = declare(&Field{Key: "team", Short: "engineers", Kind: KindWhole, Unit: "engineers", Min: 1, Max: "max_team",
		Default: "default_team",
		Label:   "Engineers working on the system", Help: "a small team should run fewer moving parts",
		Example: "8", Page: PageConstraints})
	TraitsField = declare(&Field{Key: "traits", Kind: KindTraits, Unit: "traits",
		Label: "What the product does", Help: "workload traits, comma list: " + strings.Join(Traits, ", "),
		Example: "search,media", Page: PageConstraints})
	Provider = declare(&Field{Key: "provider", Kind: KindWord, Unit: "provider",
		Label: "Cloud provider", Help: "whose price list the costs come from: aws, gcp, hetzner or digitalocean",
		Example: "aws", Page: PageConstraints})
)

// DefaultProvider is the price catalog used when none is named.
const DefaultProvider = "aws"

// Lookup finds an answer by its answers-file key.
func Lookup(key string) (*Field, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f, true
		}
	}
	return nil, false
}

// Keys lists every answers-file key, in declaration order.
func Keys() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = f.Key
	}
	return out
}
