package advisor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

// answersDir holds answers files for every stage of the ladder and a few
// realistic systems; the export goldens render the same files.
var answersDir = filepath.Join("..", "testdata", "answers")

func newAdvisor(tb testing.TB) *advisor.Advisor {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatalf("the embedded knowledge base does not load: %v", err)
	}
	return advisor.New(kb)
}

// ans builds answers the way the command line does, from key/value pairs
// such as "users", "2M".
func ans(tb testing.TB, kv ...string) answers.Answers {
	tb.Helper()
	if len(kv)%2 != 0 {
		tb.Fatalf("ans: odd number of arguments %q", kv)
	}
	a := answers.Answers{Version: answers.Version}
	for i := 0; i < len(kv); i += 2 {
		f, ok := answers.Lookup(kv[i])
		if !ok {
			tb.Fatalf("ans: no answer is called %q", kv[i])
		}
		if err := a.Set(f, kv[i+1]); err != nil {
			tb.Fatalf("answer %s=%q: %v", kv[i], kv[i+1], err)
		}
	}
	return a
}

// scaleTraffic is answers.ScaleTraffic with each traffic answer held within
// its range (the answer's minimum and the knowledge base's maximum), the
// way the advisor scales traffic for the boundaries and the timeline.
func scaleTraffic(tb testing.TB, a answers.Answers, x float64) answers.Answers {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	b := answers.ScaleTraffic(a, x)
	for _, f := range answers.TrafficFields {
		v, ok := b.Value(f)
		if !ok {
			continue
		}
		c, ok := kb.Constant(f.Max)
		if !ok {
			tb.Fatalf("%s: no knowledge constant %q for its maximum", f.Key, f.Max)
		}
		lo := f.Min
		if f.MinOpen && v > 0 {
			lo = math.Max(lo, math.SmallestNonzeroFloat64)
		}
		b.SetValue(f, math.Min(math.Max(v, lo), c.Value))
	}
	return b
}

func advise(tb testing.TB, kv ...string) *advisor.Plan {
	tb.Helper()
	p, err := newAdvisor(tb).Advise(ans(tb, kv...))
	if err != nil {
		tb.Fatalf("Advise(%q): %v", kv, err)
	}
	return p
}

func component(p *advisor.Plan, id string) (advisor.Component, bool) {
	for _, c := range p.Components {
		if c.ID == id {
			return c, true
		}
	}
	return advisor.Component{}, false
}

func deferred(p *advisor.Plan, id string) (advisor.Deferred, bool) {
	for _, d := range p.Deferred {
		if d.ID == id {
			return d, true
		}
	}
	return advisor.Deferred{}, false
}

func componentIDs(p *advisor.Plan) []string {
	ids := make([]string, len(p.Components))
	for i, c := range p.Components {
		ids[i] = c.ID
	}
	return ids
}

type answersFile struct {
	name string // file name without .yaml
	a    answers.Answers
}

func loadAnswersFiles(tb testing.TB) []answersFile {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(answersDir, "*.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(files)
	var out []answersFile
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := answers.Parse(filepath.Base(f), data)
		if err != nil {
			tb.Fatalf("answers file does not parse: %v", err)
		}
		out = append(out, answersFile{strings.TrimSuffix(filepath.Base(f), ".yaml"), a})
	}
	return out
}

// TestAnswersFilesLandOnTheirStage: NN-<stage>.yaml lands on stage NN, and
// together the files cover the whole ladder, so the goldens show every stage.
func TestAnswersFilesLandOnTheirStage(t *testing.T) {
	ad := newAdvisor(t)
	covered := map[string]bool{}
	for _, f := range loadAnswersFiles(t) {
		var n int
		var id string
		if _, err := fmt.Sscanf(f.name, "%02d-", &n); err != nil {
			continue // a realistic system, not a stage file
		}
		id = f.name[3:]
		t.Run(f.name, func(t *testing.T) {
			p, err := ad.Advise(f.a)
			if err != nil {
				t.Fatal(err)
			}
			if p.Stage.ID != id || p.Stage.Number != n {
				t.Errorf("lands on stage %d %s (%s), want %d %s", p.Stage.Number, p.Stage.ID, p.Stage.Why, n, id)
			}
			covered[p.Stage.ID] = true
		})
	}
	for _, id := range knowledge.StageIDs {
		if !covered[id] {
			t.Errorf("no answers file lands on stage %s", id)
		}
	}
}

// TestRules pins the behaviours the knowledge base promises, each stated in
// the numbers a person would give.
func TestRules(t *testing.T) {
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"single server when 500 users", func(t *testing.T) {
			p := advise(t, "users", "500")
			if p.Stage.ID != "single-server" {
				t.Fatalf("stage %s, want single-server", p.Stage.ID)
			}
			app, ok := component(p, "app-server")
			if !ok || app.Count != 1 {
				t.Errorf("app server %+v, want exactly one", app)
			}
			for _, id := range []string{"database", "load-balancer", "cache"} {
				if _, ok := component(p, id); ok {
					t.Errorf("a single-server plan runs a separate %s", id)
				}
			}
			if !strings.Contains(app.Reason, "database") {
				t.Errorf("the app server's reason %q does not say it also runs the database", app.Reason)
			}
		}},
		{"separate database once data passes 20 GB", func(t *testing.T) {
			below := advise(t, "users", "500", "data_gb", "15")
			above := advise(t, "users", "500", "data_gb", "25")
			if below.Stage.ID != "single-server" {
				t.Errorf("with %.1f GB within a year: stage %s, want single-server", below.Estimates.DataGBNextYear, below.Stage.ID)
			}
			if above.Stage.ID != "separate-db" {
				t.Errorf("with %.1f GB within a year: stage %s, want separate-db", above.Estimates.DataGBNextYear, above.Stage.ID)
			}
			if _, ok := component(above, "database"); !ok {
				t.Error("past 20 GB there is no separate database component")
			}
			if _, ok := component(below, "database"); ok {
				t.Error("under 20 GB the plan already runs a separate database")
			}
			if _, ok := deferred(below, "database"); !ok {
				t.Error("under 20 GB the separate database is not listed as deferred")
			}
		}},
		{"load balancer and two app servers at 99.9%", func(t *testing.T) {
			p := advise(t, "users", "500", "availability", "99.9")
			if p.Stage.ID != "horizontal" {
				t.Errorf("stage %s, want horizontal", p.Stage.ID)
			}
			if app, _ := component(p, "app-server"); app.Count != 2 {
				t.Errorf("%g app servers, want 2", app.Count)
			}
			if _, ok := component(p, "load-balancer"); !ok {
				t.Error("no load balancer in front of two app servers")
			}
			low := advise(t, "users", "500", "availability", "99.5")
			if _, ok := component(low, "load-balancer"); ok {
				t.Error("a load balancer at 99.5% for 500 users")
			}
		}},
		{"cache before read replicas", func(t *testing.T) {
			p := advise(t, "users", "1.5M")
			if _, ok := component(p, "cache"); !ok {
				t.Fatalf("1.5M users (%.0f reads/s against a trigger of %.0f) get no cache", p.Estimates.ReadRPS, p.Estimates.CacheTriggerRPS)
			}
			if _, ok := component(p, "read-replica"); ok {
				t.Error("read replicas arrive together with the cache, not after it")
			}
			if _, ok := deferred(p, "read-replica"); !ok {
				t.Error("read replicas are not listed as the next step after the cache")
			}
			// Across a read-heavy sweep, replicas never come without a cache.
			for users := 1e3; users <= 1e9; users *= 1.5 {
				q := advise(t, "users", fmt.Sprint(math.Round(users)), "read_ratio", "50")
				_, cache := component(q, "cache")
				_, replica := component(q, "read-replica")
				if replica && !cache {
					t.Errorf("%.3g users at 50:1 reads: read replicas without a cache", users)
					break
				}
			}
		}},
		{"read replicas when reads after the cache pass one primary", func(t *testing.T) {
			// 50:1 reads of small rows (a big hot set gives a primary sized
			// up for memory room for the reads); replicas are due once the
			// reads that miss the cache pass what each shard's primary has
			// room for at 70%, after its writes, on the size it was given.
			var below, above *advisor.Plan
			perShard := func(p *advisor.Plan) float64 { return p.Estimates.DBReadRPS / p.Estimates.Shards }
			for users := 1e5; users <= 1e9; users *= 1.1 {
				p := advise(t, "users", fmt.Sprint(math.Round(users)), "read_ratio", "50", "write_bytes", "100")
				if perShard(p) < p.Estimates.PrimaryReadCapacityRPS*0.9 {
					below = p
				}
				if perShard(p) > p.Estimates.PrimaryReadCapacityRPS*1.1 {
					above = p
					break
				}
			}
			if below == nil || above == nil {
				t.Fatal("the sweep never crossed one primary's read capacity")
			}
			if _, ok := component(below, "read-replica"); ok {
				t.Errorf("at 50:1 reads and %.0f users, %.0f reads/s reach the database, under one primary's %.0f/s, yet read replicas are planned", below.Inputs.Users, below.Estimates.DBReadRPS, below.Estimates.PrimaryReadCapacityRPS)
			}
			// Heavy writes are the primary's to carry (a bigger instance, then
			// shards); a replica does not take writes.
			writes := advise(t, "users", "900k", "read_ratio", "0.25", "write_bytes", "100")
			if r, ok := component(writes, "read-replica"); ok {
				t.Errorf("write-heavy, 900k users: %.0f writes/s but only %.0f reads/s reach the database, yet %g read replica(s): %q", writes.Estimates.WriteRPS, writes.Estimates.DBReadRPS, r.Count, r.Reason)
			}
			r, ok := component(above, "read-replica")
			if !ok {
				t.Fatalf("%.0f reads/s reach each primary, over the %.0f/s it has room for, and no read replica", perShard(above), above.Estimates.PrimaryReadCapacityRPS)
			}
			// On each shard the primary and its replicas, each at 70%, carry
			// the reads that reach it, and one replica fewer would not.
			e := above.Estimates
			primary, replica, reads, n := e.PrimaryReadCapacityRPS, e.ReplicaReadCapacityRPS, perShard(above), r.Count/e.Shards
			if primary+n*replica < reads || primary+(n-1)*replica >= reads {
				t.Errorf("%g read replicas a shard at %.0f/s plus the primary's %.0f/s for %.0f reads/s: want just enough to carry them", n, replica, primary, reads)
			}
		}},
		{"shards when writes pass the largest primary", func(t *testing.T) {
			// Tiny writes so data volume stays under one primary: only the
			// write rate decides.
			under := advise(t, "writes_per_day", "400M", "reads_per_day", "400M", "write_bytes", "10")
			over := advise(t, "writes_per_day", "600M", "reads_per_day", "600M", "write_bytes", "10")
			if under.Estimates.WriteRPS >= under.Estimates.PrimaryWriteCapacityRPS || over.Estimates.WriteRPS <= over.Estimates.PrimaryWriteCapacityRPS {
				t.Fatalf("fixture: %.0f and %.0f writes/s should straddle the largest primary's %.0f/s", under.Estimates.WriteRPS, over.Estimates.WriteRPS, over.Estimates.PrimaryWriteCapacityRPS)
			}
			if _, ok := component(under, "sharding"); ok || under.Estimates.Shards != 1 {
				t.Errorf("%.0f writes/s fit the largest primary, yet %g shards", under.Estimates.WriteRPS, under.Estimates.Shards)
			}
			if _, ok := component(over, "sharding"); !ok || over.Estimates.Shards < 2 {
				t.Errorf("%.0f writes/s exceed the largest primary, yet %g shards", over.Estimates.WriteRPS, over.Estimates.Shards)
			}
			if over.Stage.ID != "shard-services-queues" {
				t.Errorf("stage %s, want shard-services-queues", over.Stage.ID)
			}
			if db, _ := component(over, "database"); db.Count != over.Estimates.Shards {
				t.Errorf("%g database primaries for %g shards", db.Count, over.Estimates.Shards)
			}
		}},
		// Users in two regions and 10k rps bring a stack near each; a target
		// above what one region's SLAs compose to brings a second region,
		// a standby when the users are in one.
		{"multi-region needs 2 regions and 10k rps, or a target one region cannot meet", func(t *testing.T) {
			cases := []struct {
				what string
				kv   []string
				want bool
			}{
				{"2 regions, 5k rps, 99.9%", []string{"users", "5M", "peak_rps", "5000", "regions", "2", "availability", "99.9"}, false},
				{"2 regions, 99.99%", []string{"users", "5M", "peak_rps", "5000", "regions", "2", "availability", "99.99"}, true},
				{"2 regions, 12k rps", []string{"users", "5M", "peak_rps", "12000", "regions", "2", "availability", "99.9"}, true},
				{"1 region, 20k rps, 99.9%", []string{"users", "5M", "peak_rps", "20000", "regions", "1", "availability", "99.9"}, false},
				{"1 region, 20k rps, 99.99%: a standby region", []string{"users", "5M", "peak_rps", "20000", "regions", "1", "availability", "99.99"}, true},
				{"1 region, 5k rps, 99.95%: one region composes below it", []string{"users", "5M", "peak_rps", "5000", "regions", "1", "availability", "99.95"}, true},
			}
			for _, c := range cases {
				p := advise(t, c.kv...)
				got := p.Stage.Number >= 7
				if got != c.want {
					t.Errorf("%s: stage %s; multi-region = %v, want %v", c.what, p.Stage.ID, got, c.want)
				}
				_, mr := component(p, "multi-region")
				_, glb := component(p, "global-lb")
				if mr != c.want || glb != c.want {
					t.Errorf("%s: multi-region component %v, global load balancer %v; want %v", c.what, mr, glb, c.want)
				}
			}
		}},
		{"search component only with the search trait", func(t *testing.T) {
			with := advise(t, "users", "2M", "traits", "search")
			without := advise(t, "users", "2M")
			if _, ok := component(with, "search"); !ok {
				t.Error("the search trait at 2M users gets no search component")
			}
			if _, ok := component(without, "search"); ok {
				t.Error("a search component without the search trait")
			}
			if _, ok := deferred(without, "search"); ok {
				t.Error("search is deferred for a system that never asked for it")
			}
			small := advise(t, "users", "50k", "availability", "99.9", "traits", "search")
			if _, ok := component(small, "search"); ok {
				t.Errorf("a search cluster for 50k users and %.1f GB; PostgreSQL full-text search suffices", small.Estimates.DataGBNextYear)
			}
			if d, ok := deferred(small, "search"); !ok || d.Trigger == "" {
				t.Errorf("with the search trait at 50k users (stage %s), search is not deferred with a trigger", small.Stage.ID)
			}
		}},
		{"pgvector (no cost) before a dedicated vector store for the ai trait", func(t *testing.T) {
			small := advise(t, "users", "50k", "traits", "ai")
			v, ok := component(small, "vector-db")
			if !ok {
				t.Fatal("the ai trait gets no vector store at all")
			}
			if v.MonthlyUSD != 0 || v.Size != "" || !strings.Contains(v.Reason, "pgvector") {
				t.Errorf("at 50k users the vector store is %+v; want pgvector beside the data, at no cost", v)
			}
			big := advise(t, "users", "100M", "traits", "ai")
			if big.Stage.Number < 6 {
				t.Fatalf("fixture: 100M users at stage %d, want 6 or more", big.Stage.Number)
			}
			v, ok = component(big, "vector-db")
			if !ok || v.MonthlyUSD <= 0 || v.Size == "" {
				t.Errorf("at 100M users the vector store is %+v (present %v); want a dedicated, priced store", v, ok)
			}
			if _, ok := component(advise(t, "users", "10M"), "vector-db"); ok {
				t.Error("a vector store without the ai trait")
			}
		}},
		{"budget over: fits false, difference negative, cuts listed, no component dropped", func(t *testing.T) {
			free := advise(t, "users", "2M", "availability", "99.9")
			tight := advise(t, "users", "2M", "availability", "99.9", "budget", "2000")
			b := tight.Budget
			if b == nil {
				t.Fatal("no budget section")
			}
			if b.Fits || b.DifferenceUSD >= 0 {
				t.Errorf("a $%.0f plan on a $2,000 budget: fits %v, difference %.2f", tight.Cost.MonthlyUSD, b.Fits, b.DifferenceUSD)
			}
			if math.Abs(b.DifferenceUSD-(2000-tight.Cost.MonthlyUSD)) > 1e-6 {
				t.Errorf("difference %.2f, want budget - cost = %.2f", b.DifferenceUSD, 2000-tight.Cost.MonthlyUSD)
			}
			if len(b.Cuts) == 0 {
				t.Error("over budget and no cuts suggested")
			}
			for i, c := range b.Cuts {
				comp, ok := component(tight, c.Component)
				// A cut that builds the plan otherwise (a resilience level)
				// saves what goes with the component too.
				if !ok || c.SavesUSD < comp.MonthlyUSD || c.GivesUp == "" {
					t.Errorf("cut %+v: not a planned component's full cost (or more) with what it gives up", c)
				}
				if i > 0 && c.SavesUSD > b.Cuts[i-1].SavesUSD {
					t.Errorf("cuts not biggest saving first: %v", b.Cuts)
				}
			}
			if !slices.Equal(componentIDs(free), componentIDs(tight)) || free.Cost.MonthlyUSD != tight.Cost.MonthlyUSD {
				t.Errorf("the budget changed the plan: %v ($%.2f) vs %v ($%.2f)", componentIDs(free), free.Cost.MonthlyUSD, componentIDs(tight), tight.Cost.MonthlyUSD)
			}
			roomy := advise(t, "users", "2M", "availability", "99.9", "budget", "1M")
			if !roomy.Budget.Fits || roomy.Budget.DifferenceUSD <= 0 {
				t.Errorf("a $1M budget for a $%.0f plan: %+v", roomy.Cost.MonthlyUSD, roomy.Budget)
			}
		}},
		{"budget absent: Budget nil (JSON null)", func(t *testing.T) {
			p := advise(t, "users", "2M")
			if p.Budget != nil {
				t.Errorf("no budget given, yet Budget = %+v", p.Budget)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(export.JSON(p), &m); err != nil {
				t.Fatal(err)
			}
			if raw, ok := m["budget"]; !ok || string(raw) != "null" {
				t.Errorf(`JSON "budget" = %s (present %v), want null`, raw, ok)
			}
		}},
		{"peak-rps given wins over derivation", func(t *testing.T) {
			p := advise(t, "users", "2M", "peak_rps", "40000")
			if p.Inputs.PeakRPS != 40000 {
				t.Errorf("peak %g rps, want the measured 40,000", p.Inputs.PeakRPS)
			}
			if math.Abs(p.Estimates.ReadRPS+p.Estimates.WriteRPS-40000) > 1e-6 {
				t.Errorf("reads %g + writes %g do not add up to the measured peak", p.Estimates.ReadRPS, p.Estimates.WriteRPS)
			}
			derived := advise(t, "users", "2M")
			if p.Estimates.AppServers <= derived.Estimates.AppServers {
				t.Errorf("a measured 40k rps needs more app servers than the derived %.0f rps: %g vs %g", derived.Inputs.PeakRPS, p.Estimates.AppServers, derived.Estimates.AppServers)
			}
			// The worked figures show the measured peak as given, not derived.
			i := slices.IndexFunc(p.Worked, func(w advisor.Worked) bool { return w.Key == "peak_rps" })
			if i < 0 {
				t.Fatalf("no worked peak_rps: %+v", p.Worked)
			}
			if w := p.Worked[i]; w.Value != 40000 || w.Note != "given" || w.Numeric != "" {
				t.Errorf("the worked peak %+v does not say it was measured (given)", w)
			}
		}},
		{"writes-per-day alone takes reads from the read ratio", func(t *testing.T) {
			p := advise(t, "writes_per_day", "1M", "read_ratio", "20:1")
			if p.Inputs.WritesPerDay != 1e6 || p.Inputs.ReadsPerDay != 20e6 {
				t.Errorf("%g writes and %g reads a day, want 1M and 20M", p.Inputs.WritesPerDay, p.Inputs.ReadsPerDay)
			}
			if !slices.ContainsFunc(p.Assumptions, func(a advisor.Assumption) bool {
				return a.Key == "reads_per_day" && a.Kind == "derived" && a.Value == 20e6
			}) {
				t.Errorf("reads per day are not listed as derived from the ratio: %+v", p.Assumptions)
			}
		}},
		{"reads-per-day 0 is valid (ingest-only)", func(t *testing.T) {
			p := advise(t, "writes_per_day", "1M", "reads_per_day", "0")
			if p.Estimates.ReadRPS != 0 || p.Inputs.ReadsPerDay != 0 {
				t.Errorf("an ingest-only system reads %g/s", p.Estimates.ReadRPS)
			}
			if p.Estimates.WriteRPS <= 0 {
				t.Errorf("an ingest-only system writes %g/s", p.Estimates.WriteRPS)
			}
			if _, ok := component(p, "cache"); ok {
				t.Error("a cache for a system that never reads")
			}
		}},
		{"every default is listed as an assumption with a source", func(t *testing.T) {
			p := advise(t, "users", "2M")
			// request_latency_seconds is no longer an answer with a default:
			// it is a capacity figure (p.Capacity), not an assumption.
			want := []string{"read_ratio", "peak_factor", "requests_per_user", "write_bytes", "data_gb", "object_gb", "retention_years",
				"growth", "regions", "availability", "team", "response_bytes", "object_bytes", "update_share", "queries_per_request"}
			for _, f := range answers.Fields {
				if f.Default != "" && !slices.Contains(want, f.Key) {
					t.Errorf("%s has a default (%s) this test does not expect", f.Key, f.Default)
				}
			}
			got := map[string]advisor.Assumption{}
			derivedSeen := false
			for _, a := range p.Assumptions {
				got[a.Key] = a
				if a.Kind != "default" && a.Kind != "derived" {
					t.Errorf("assumption %s has kind %q", a.Key, a.Kind)
				}
				if a.Kind == "default" && (a.Source == "" || a.Basis == "" || a.Unit == "") {
					t.Errorf("default %s = %g lacks a source, basis or unit: %+v", a.Key, a.Value, a)
				}
				// Derived values are listed after the defaults they are computed from.
				if a.Kind == "derived" {
					derivedSeen = true
				} else if derivedSeen {
					t.Errorf("the default %s is listed after a derived value: %+v", a.Key, p.Assumptions)
				}
			}
			for _, k := range want {
				if a, ok := got[k]; !ok || a.Kind != "default" {
					t.Errorf("the default for %s is not listed as an assumption", k)
				}
			}
			if _, ok := got["users"]; ok {
				t.Error("the given users are listed as an assumption")
			}
			given := advise(t, "users", "2M", "availability", "99.9", "team", "8")
			for _, a := range given.Assumptions {
				if a.Key == "availability" || a.Key == "team" {
					t.Errorf("the given %s is listed as an assumption", a.Key)
				}
			}
		}},
		{"stage 4 reached on egress alone does not claim a cache", func(t *testing.T) {
			// 400k users send 12 TB a month, past the CDN threshold, with
			// reads far below the cache trigger.
			p := advise(t, "users", "400k")
			if p.Stage.ID != "cache-replicas-cdn" || p.Estimates.CacheNeeded {
				t.Fatalf("fixture: stage %s, cache needed %v; want stage 4 without a cache", p.Stage.ID, p.Estimates.CacheNeeded)
			}
			if strings.Contains(p.Stage.Why, "cache absorbs") {
				t.Errorf("the stage reason says %q, but %.0f reads/s are under the cache trigger of %.0f/s and no cache is planned",
					p.Stage.Why, p.Estimates.ReadRPS, p.Estimates.CacheTriggerRPS)
			}
		}},
		{"a deferred load balancer waits for the load that needs a second server", func(t *testing.T) {
			// 500 users peak under 1 rps; one server takes 350 rps, so a
			// second server (and its balancer) is hundreds of times away.
			p := advise(t, "users", "500")
			d, ok := deferred(p, "load-balancer")
			if !ok || d.AtLoadX == nil {
				t.Fatalf("the load balancer is not deferred with a load multiple: %+v", p.Deferred)
			}
			want := p.Estimates.AppRPSAtTarget / p.Inputs.PeakRPS
			if *d.AtLoadX < want/2 {
				t.Errorf("deferred load balancer at %.1fx today's load; a second server is needed only at about %.0fx (%.0f rps / %.2f rps)",
					*d.AtLoadX, want, p.Estimates.AppRPSAtTarget, p.Inputs.PeakRPS)
			}
		}},
		{"answer errors are *answers.Error naming the answers", func(t *testing.T) {
			unknownTrait := answers.Answers{Traits: []string{"blockchain"}}
			unknownTrait.SetValue(answers.Users, 2e6)
			cases := []struct {
				what  string
				a     answers.Answers
				names *answers.Field // an answer the error must name
			}{
				{"no traffic", ans(t, "availability", "99.9"), answers.Users},
				{"reads_per_day only with read ratio 0", ans(t, "reads_per_day", "1M", "read_ratio", "0"), answers.ReadsPerDay},
				{"unknown provider", ans(t, "users", "2M", "provider", "nimbus"), answers.Provider},
				{"unknown trait", unknownTrait, answers.TraitsField},
				{"more daily than monthly users", ans(t, "users", "1000", "dau", "2000"), answers.DAU},
				// answers.Set takes any count; the knowledge base's max_users refuses it.
				{"more users than people on Earth", ans(t, "users", "1e11"), answers.Users},
			}
			ad := newAdvisor(t)
			for _, c := range cases {
				p, err := ad.Advise(c.a)
				ae, ok := answers.AsError(err)
				if !ok || !advisor.IsInputError(err) {
					t.Errorf("%s: error %v (%T), want *answers.Error", c.what, err, err)
				} else if !slices.Contains(ae.Fields, c.names) {
					t.Errorf("%s: error %q names %v, want %s among them", c.what, err, fieldKeys(ae.Fields), c.names.Key)
				}
				if p != nil {
					t.Errorf("%s: a plan alongside the error", c.what)
				}
				if err != nil && err.Error() == "" {
					t.Errorf("%s: an empty error message", c.what)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func fieldKeys(fs []*answers.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Key
	}
	return out
}

// checkPlan asserts what holds for every plan.
func checkPlan(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	sum := 0.0
	seen := map[string]bool{}
	for _, c := range p.Components {
		if c.Count <= 0 || c.Count != math.Trunc(c.Count) {
			t.Errorf("%s: component %s has count %g, want a whole number above 0", at, c.ID, c.Count)
		}
		if strings.TrimSpace(c.Reason) == "" {
			t.Errorf("%s: component %s gives no reason", at, c.ID)
		}
		if !(c.MonthlyUSD >= 0) || math.IsInf(c.MonthlyUSD, 0) {
			t.Errorf("%s: component %s costs %g a month", at, c.ID, c.MonthlyUSD)
		}
		if seen[c.ID] {
			t.Errorf("%s: component %s is listed twice", at, c.ID)
		}
		seen[c.ID] = true
		sum += c.MonthlyUSD
	}
	if math.Abs(sum-p.Cost.MonthlyUSD) > 1e-6*math.Max(1, sum) {
		t.Errorf("%s: total %.6f, but the components add up to %.6f", at, p.Cost.MonthlyUSD, sum)
	}
	for _, d := range p.Deferred {
		if seen[d.ID] {
			t.Errorf("%s: %s is both planned and deferred", at, d.ID)
		}
		if strings.TrimSpace(d.Trigger) == "" {
			t.Errorf("%s: deferred %s has no trigger", at, d.ID)
		}
	}
	if (p.NextStage == nil) != (p.Stage.ID == "planet-scale") {
		t.Errorf("%s: at stage %s the next stage is %+v; only planet-scale has none", at, p.Stage.ID, p.NextStage)
	}
	if p.NextStage != nil && p.NextStage.Number != p.Stage.Number+1 {
		t.Errorf("%s: next stage %d after %d", at, p.NextStage.Number, p.Stage.Number)
	}
	if p.Budget != nil && p.Budget.Fits != (p.Budget.DifferenceUSD >= 0) {
		t.Errorf("%s: budget fits %v with a difference of %.2f", at, p.Budget.Fits, p.Budget.DifferenceUSD)
	}
	if bf := p.BreaksFirst; bf != nil && bf.InMonths == nil && !(bf.AtLoadX > 0 && bf.AtLoadX <= advisor.MaxLoadX) {
		t.Errorf("%s: %s breaks first at %gx today's load, past the %gx the schedule weighs", at, bf.ID, bf.AtLoadX, advisor.MaxLoadX)
	}
	checkDatabase(t, at, p)
	checkGateway(t, at, p)
}

func TestEveryPlanIsWellFormed(t *testing.T) {
	ad := newAdvisor(t)
	for _, f := range loadAnswersFiles(t) {
		t.Run(f.name, func(t *testing.T) {
			p, err := ad.Advise(f.a)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, f.name, p)
		})
	}
}

// profile is a set of answers held fixed while the user count sweeps.
type profile struct {
	name string
	kv   []string
}

func (pr profile) answers(tb testing.TB, users float64) answers.Answers {
	tb.Helper()
	a := ans(tb, pr.kv...)
	a.SetValue(answers.Users, users)
	return a
}

var traitNames = []string{"search", "media", "realtime", "ai", "jobs", "spiky", "write-heavy", "global"}

// sweepProfiles are the named profiles and, from a fixed seed, random ones.
func sweepProfiles() []profile {
	out := []profile{
		{"defaults", nil},
		{"read-heavy 100:1", []string{"read_ratio", "100"}},
		{"write-heavy 1:1 with 5 KB writes", []string{"read_ratio", "1", "write_bytes", "5k"}},
		{"with traits search, media, jobs, ai, realtime", []string{"traits", "search,media,jobs,ai,realtime"}},
		{"99.99% in 3 regions", []string{"availability", "99.99", "regions", "3"}},
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	for i := range 20 {
		var traits []string
		for _, tr := range traitNames {
			if rng.IntN(4) == 0 {
				traits = append(traits, tr)
			}
		}
		kv := []string{
			"read_ratio", pick("0", "0.25", "1", "3", "9", "20", "100", "500"),
			"requests_per_user", pick("5", "30", "100", "400"),
			"peak_factor", pick("1", "2", "3", "5", "8"),
			"write_bytes", pick("100", "1k", "5k", "50k"),
			"data_gb", pick("0", "10", "500", "4000"),
			"retention_years", pick("1", "5", "10"),
			"growth", pick("0", "5%", "20%"),
			"regions", pick("1", "2", "3", "5"),
			"availability", pick("99", "99.5", "99.9", "99.95", "99.99"),
			"team", pick("1", "3", "12", "40", "200"),
		}
		if len(traits) > 0 {
			kv = append(kv, "traits", strings.Join(traits, ","))
		}
		out = append(out, profile{fmt.Sprintf("random profile %d (%s)", i+1, strings.Join(kv, " ")), kv})
	}
	return out
}

// sweepUsers is 1 to 1e9 users geometrically, n+1 points.
func sweepUsers(n int) []float64 {
	out := make([]float64, n+1)
	for i := range out {
		out[i] = math.Round(math.Pow(10, 9*float64(i)/float64(n)))
	}
	return slices.Compact(out)
}

// sweep is the answers a property over many plans is checked on: every
// answers file, every sweep profile at sweepUsers(users), and each of
// extra (answers beside the defaults) at sweepUsers(extraUsers).
type sweep struct {
	users      int
	extra      [][]string
	extraUsers int
}

// each calls run on every answers of the sweep, in order, with the name
// its failures give: the file's, "<profile>, <n> users" or
// "[<extra>], <n> users".
func (s sweep) each(tb testing.TB, run func(at string, a answers.Answers)) {
	tb.Helper()
	for _, f := range loadAnswersFiles(tb) {
		run(f.name, f.a)
	}
	for _, pr := range sweepProfiles() {
		for _, u := range sweepUsers(s.users) {
			run(fmt.Sprintf("%s, %g users", pr.name, u), pr.answers(tb, u))
		}
	}
	for _, kv := range s.extra {
		for _, u := range sweepUsers(s.extraUsers) {
			run(fmt.Sprintf("%v, %g users", kv, u), profile{kv: kv}.answers(tb, u))
		}
	}
}

// TestMoreUsersNeverMeansLess sweeps users from 1 to a billion with the
// other answers fixed: more users must never lower the stage, never lower
// the bill and never take a component away.
func TestMoreUsersNeverMeansLess(t *testing.T) {
	ad := newAdvisor(t)
	users := sweepUsers(300)
	plans := 0
	for _, pr := range sweepProfiles() {
		t.Run(pr.name, func(t *testing.T) {
			type violation struct {
				first string
				count int
			}
			found := map[string]*violation{}
			var order []string
			report := func(kind, detail string) {
				v, ok := found[kind]
				if !ok {
					v = &violation{first: detail}
					found[kind] = v
					order = append(order, kind)
				}
				v.count++
			}
			var prev *advisor.Plan
			prevUsers := 0.0
			for _, u := range users {
				p, err := ad.Advise(pr.answers(t, u))
				if err != nil {
					t.Fatalf("%g users: %v", u, err)
				}
				plans++
				checkPlan(t, fmt.Sprintf("%s, %g users", pr.name, u), p)
				if prev != nil {
					step := fmt.Sprintf("%.6g → %.6g users", prevUsers, u)
					if p.Stage.Number < prev.Stage.Number {
						report("stage went down", fmt.Sprintf("%s: stage %d %s → %d %s", step, prev.Stage.Number, prev.Stage.ID, p.Stage.Number, p.Stage.ID))
					}
					if p.Cost.MonthlyUSD < prev.Cost.MonthlyUSD-freed(prev, p)-1e-6 {
						d := advisor.Compare(prev, p)
						var cheaper []advisor.ResizedChange
						for _, r := range d.Resized {
							if r.CostTo < r.CostFrom {
								cheaper = append(cheaper, r)
							}
						}
						report("cost went down", fmt.Sprintf("%s: $%.2f → $%.2f a month (stage %s → %s; added %v, removed %v, cheaper %v)",
							step, prev.Cost.MonthlyUSD, p.Cost.MonthlyUSD, prev.Stage.ID, p.Stage.ID, ids(d.Added), ids(d.Removed), resized(cheaper)))
					}
					for _, c := range prev.Components {
						if c.ID == "read-replica" && primaryGrew(prev, p) {
							continue
						}
						if _, ok := component(p, c.ID); !ok && !replacedBy(p, c.ID) {
							report("component "+c.ID+" removed", fmt.Sprintf("%s: %s dropped (stage %s → %s)", step, c.ID, prev.Stage.ID, p.Stage.ID))
						}
					}
				}
				prev, prevUsers = p, u
			}
			for _, kind := range order {
				v := found[kind]
				t.Errorf("%s: %d times; first at %s", kind, v.count, v.first)
			}
		})
	}
	if plans < 5000 {
		t.Errorf("the sweep made only %d plans", plans)
	}
}

// replacements are the hand-overs the knowledge base states outright, where
// a component's job moves to others as load rises, each a set of successors
// that must all be there: the static site becomes the app server
// (prelaunch → single-server), the session store folds into the cache
// ("sessions live here too") or, once the tier goes stateless with
// auto-scaling, into signed tokens, and serverless background tasks move to
// the queue and its workers at stage 4. Any other component leaving the
// plan as users grow is a bug.
var replacements = map[string][][]string{
	"static-hosting": {{"app-server"}},
	"session-store":  {{"cache"}, {"autoscaling"}},
	"serverless":     {{"message-queue", "workers"}},
	// A write-only stream of small events moves from the queue to a log;
	// the workers stay, consuming it.
	"message-queue": {{"event-pipeline"}},
}

// freed is what a change of architecture may take off the bill as load
// grows; nothing else may get cheaper.
//   - A reshard, or a primary grown a size for its writes or memory: each
//     primary has room for more reads, and the replicas it no longer needs
//     go, each with its own copy of the data.
//   - The first writes past the row limit: their bytes move to object
//     storage, so the database and every copy of it store less.
//   - An event pipeline: a log read in batches, a partition to a consumer,
//     replaces the queue and a job per event.
//   - A fleet moving to bigger servers (past the nodes one cluster runs)
//     needs fewer hosts, and monitoring is billed per host.
func freed(prev, p *advisor.Plan) float64 {
	cost := func(p *advisor.Plan, id string) float64 {
		c, _ := component(p, id)
		return c.MonthlyUSD
	}
	f := 0.0
	if primaryGrew(prev, p) {
		f += math.Max(0, cost(prev, "read-replica")-cost(p, "read-replica"))
	}
	if p.Estimates.WriteSplit && !prev.Estimates.WriteSplit {
		for _, id := range []string{"database", "multi-az", "read-replica", "multi-region", "backups"} {
			f += math.Max(0, cost(prev, id)-cost(p, id))
		}
	}
	if p.Estimates.EventPipeline && !prev.Estimates.EventPipeline {
		f += cost(prev, "message-queue") + math.Max(0, cost(prev, "workers")-cost(p, "workers"))
	}
	if p.Estimates.AppClass != prev.Estimates.AppClass || p.Estimates.RealtimeClass != prev.Estimates.RealtimeClass {
		f += math.Max(0, cost(prev, "monitoring")-cost(p, "monitoring"))
	}
	return f
}

// primaryGrew reports whether each shard's primary got more room for
// reads: more shards split the reads, or a primary sized up for writes or
// memory serves them from the vCPUs its writes leave. Then the read
// replicas it no longer needs may go.
func primaryGrew(prev, p *advisor.Plan) bool {
	return p.Estimates.Shards > prev.Estimates.Shards || p.Estimates.PrimaryClassVCPU > prev.Estimates.PrimaryClassVCPU
}

// replacedBy reports whether every successor of a departed component, in
// one of its hand-overs, is in p.
func replacedBy(p *advisor.Plan, id string) bool {
	for _, next := range replacements[id] {
		all := true
		for _, n := range next {
			if _, ok := component(p, n); !ok {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

func ids(cs []advisor.Component) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func resized(rs []advisor.ResizedChange) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s %g×%s $%.0f→%g×%s $%.0f", r.ID, r.CountFrom, r.SizeFrom, r.CostFrom, r.CountTo, r.SizeTo, r.CostTo)
	}
	return out
}

func TestCompare(t *testing.T) {
	small := advise(t, "users", "750k")
	big := advise(t, "users", "2M")
	d := advisor.Compare(small, big)
	if d.StageFrom.ID != "cache-replicas-cdn" || d.StageTo.ID != "autoscale" {
		t.Errorf("stage %s → %s, want cache-replicas-cdn → autoscale", d.StageFrom.ID, d.StageTo.ID)
	}
	if !slices.Contains(ids(d.Added), "autoscaling") {
		t.Errorf("added %v, want autoscaling among them", ids(d.Added))
	}
	if !slices.ContainsFunc(d.Resized, func(r advisor.ResizedChange) bool { return r.ID == "app-server" && r.CountTo > r.CountFrom }) {
		t.Errorf("resized %v, want more app servers", resized(d.Resized))
	}
	if math.Abs(d.CostChange-(big.Cost.MonthlyUSD-small.Cost.MonthlyUSD)) > 1e-9 || d.Empty() {
		t.Errorf("cost change %.2f, want %.2f", d.CostChange, big.Cost.MonthlyUSD-small.Cost.MonthlyUSD)
	}
	back := advisor.Compare(big, small)
	if !slices.Equal(ids(back.Removed), ids(d.Added)) {
		t.Errorf("going back removes %v, want what going forward added, %v", ids(back.Removed), ids(d.Added))
	}
	if same := advisor.Compare(big, advise(t, "users", "2M")); !same.Empty() {
		t.Errorf("the same answers compare as different: %+v", same)
	}
}

// TestPlanJSONContract pins the JSON names scripts rely on (schema 2).
func TestPlanJSONContract(t *testing.T) {
	has := func(t *testing.T, where string, m map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s has no %q (keys: %v)", where, k, mapKeys(m))
			}
		}
	}
	decode := func(t *testing.T, p *advisor.Plan) map[string]any {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(export.JSON(p), &m); err != nil {
			t.Fatalf("export.JSON is not JSON: %v", err)
		}
		return m
	}
	for _, withBudget := range []bool{false, true} {
		t.Run(fmt.Sprintf("budget given %v", withBudget), func(t *testing.T) {
			kv := []string{"users", "2M", "traits", "search"}
			if withBudget {
				kv = append(kv, "budget", "15000")
			}
			m := decode(t, advise(t, kv...))
			has(t, "the plan", m, "schema_version", "answers", "assumptions", "inputs", "estimates", "worked", "stage", "components",
				"deferred", "cost", "budget", "tradeoffs", "risks", "next_stage", "timeline")
			if v, _ := m["schema_version"].(float64); v != 3 {
				t.Errorf("schema_version = %v, want 3", m["schema_version"])
			}
			// The resolved answers are under inputs, by their answer keys.
			// The estimates carry the core contract's traffic figures (dau,
			// peak_rps) with the same values as the inputs, and repeat no
			// other input.
			in, _ := m["inputs"].(map[string]any)
			has(t, "inputs", in, "users", "dau", "peak_rps", "reads_per_day", "writes_per_day", "read_ratio", "write_bytes",
				"response_bytes", "data_gb", "growth", "retention_years", "regions", "availability", "team")
			est, _ := m["estimates"].(map[string]any)
			has(t, "estimates", est, "dau", "avg_rps", "peak_rps", "read_rps", "write_rps", "new_data_gb_per_day",
				"data_gb_at_retention", "egress_gb_per_month", "cache_gb", "app_servers", "db_connections", "read_replicas", "shards")
			for _, k := range []string{"dau", "peak_rps"} {
				if est[k] != in[k] {
					t.Errorf("estimates.%s = %v, inputs.%s = %v; want the same", k, est[k], k, in[k])
				}
			}
			for _, k := range []string{"users", "reads_per_day", "writes_per_day"} {
				if _, ok := est[k]; ok {
					t.Errorf("estimates repeat the input %q", k)
				}
			}
			worked, ok := m["worked"].([]any)
			if !ok || len(worked) == 0 {
				t.Fatalf("worked = %v, want a non-empty list", m["worked"])
			}
			for i, w := range worked {
				wm, _ := w.(map[string]any)
				has(t, fmt.Sprintf("worked[%d]", i), wm, "key", "label", "value", "unit", "symbolic", "numeric")
			}
			stage, _ := m["stage"].(map[string]any)
			has(t, "stage", stage, "id", "number", "name", "by_source")
			comps, _ := m["components"].([]any)
			if len(comps) == 0 {
				t.Fatal("components is empty or not a list")
			}
			for i, c := range comps {
				cm, _ := c.(map[string]any)
				has(t, fmt.Sprintf("components[%d]", i), cm, "id", "name", "count", "size", "monthly_usd", "reason")
			}
			defs, ok := m["deferred"].([]any)
			if !ok || len(defs) == 0 {
				t.Fatalf("deferred = %v, want a non-empty list at 2M users", m["deferred"])
			}
			for i, d := range defs {
				dm, _ := d.(map[string]any)
				has(t, fmt.Sprintf("deferred[%d]", i), dm, "id", "name", "trigger")
			}
			cost, _ := m["cost"].(map[string]any)
			has(t, "cost", cost, "monthly_usd")
			if withBudget {
				b, ok := m["budget"].(map[string]any)
				if !ok {
					t.Fatalf("budget = %v, want an object", m["budget"])
				}
				has(t, "budget", b, "monthly_usd", "fits")
				if _, ok := b["fits"].(bool); !ok {
					t.Errorf("budget.fits = %v, want a boolean", b["fits"])
				}
			} else if m["budget"] != nil {
				t.Errorf("budget = %v, want null without a budget", m["budget"])
			}
			for _, list := range []string{"assumptions", "tradeoffs", "risks"} {
				if _, ok := m[list].([]any); !ok {
					t.Errorf("%s = %v, want a list", list, m[list])
				}
			}
			if _, ok := m["next_stage"].(map[string]any); !ok {
				t.Errorf("next_stage = %v, want an object below planet scale", m["next_stage"])
			}
		})
	}
	t.Run("next_stage is null at planet scale", func(t *testing.T) {
		m := decode(t, advise(t, "users", "500M", "peak_rps", "400k", "regions", "4"))
		if v, ok := m["next_stage"]; !ok || v != nil {
			t.Errorf("next_stage = %v (present %v), want null", v, ok)
		}
	})
}

func mapKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var planSink *advisor.Plan

// BenchmarkPlan advises the 2M-user worked example with one advisor over the
// knowledge base loaded once. Targets: at most 50 µs and 300 allocations.
func BenchmarkPlan(b *testing.B) {
	ad := newAdvisor(b)
	a := ans(b, "users", "2M")
	b.ReportAllocs()
	for b.Loop() {
		p, err := ad.Advise(a)
		if err != nil {
			b.Fatal(err)
		}
		planSink = p
	}
}

// TestAutoscalingWithoutASwingSaysWhatItDoes: a group whose off-peak and
// peak sizes are the same does not scale; it keeps the servers running and
// replaces a failed one, and says so instead of "between 2 and 2".
func TestAutoscalingWithoutASwingSaysWhatItDoes(t *testing.T) {
	p := advise(t, "users", "20k", "availability", "99.99")
	c, ok := component(p, "autoscaling")
	if !ok {
		t.Fatalf("no auto-scaling at stage %d", p.Stage.Number)
	}
	if strings.Contains(c.Reason, "between 2 servers off-peak and 2") || !strings.Contains(c.Reason, "replaces a failed one") {
		t.Errorf("auto-scaling with nothing to scale: %q", c.Reason)
	}
	p = advise(t, "users", "2M")
	if c, _ := component(p, "autoscaling"); !strings.Contains(c.Reason, "between") {
		t.Errorf("auto-scaling over a swing of 2: %q", c.Reason)
	}
}

// TestJobsMoveToWorkersForTheirOwnReason: functions give way to a queue
// and workers when the jobs outgrow functions, not because a higher
// availability target or a second region raised the stage.
func TestJobsMoveToWorkersForTheirOwnReason(t *testing.T) {
	base := []string{"users", "50k", "traits", "jobs"}
	for _, extra := range [][]string{nil, {"availability", "99.99"}, {"regions", "2", "availability", "99.95"}} {
		p := advise(t, append(append([]string{}, base...), extra...)...)
		_, fn := component(p, "serverless")
		_, w := component(p, "workers")
		if !fn || w {
			t.Errorf("%v at stage %d: serverless %v, workers %v; want the functions kept", extra, p.Stage.Number, fn, w)
		}
	}
	p := advise(t, "users", "50M", "traits", "jobs")
	if _, w := component(p, "workers"); !w {
		t.Errorf("%g jobs a day without workers", p.Inputs.WritesPerDay)
	}
}
