package advisor_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// capacity is the embedded knowledge base's capacity figures.
func capacity(tb testing.TB) estimators.Capacity {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return kb.Capacity
}

// checkDatabase asserts what holds for every plan's database: no primary
// has more read replicas than one source may have, a shard for memory only
// when the hot set passes the largest size's memory (the largest primary
// comes first), and each primary holds its working set.
func checkDatabase(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	e, c := p.Estimates, p.Capacity
	top := c.DBClasses[len(c.DBClasses)-1]
	if e.ReplicasPerShard > c.DBMaxReadReplicas {
		t.Errorf("%s: %g read replicas on each primary, past the %g one source may have", at, e.ReplicasPerShard, c.DBMaxReadReplicas)
	}
	if r, ok := component(p, "read-replica"); ok && r.Count > e.Shards*c.DBMaxReadReplicas {
		t.Errorf("%s: %g read replicas over %g shards, past %g a shard", at, r.Count, e.Shards, c.DBMaxReadReplicas)
	}
	if (e.ShardsForMemory > 1) != (e.HotSetGB > top.MemoryGB) {
		t.Errorf("%s: %g shards for memory with a %g GB hot set and %g GB on the largest primary", at, e.ShardsForMemory, e.HotSetGB, top.MemoryGB)
	}
	if e.WorkingSetGB > e.PrimaryClassMemoryGB*(1+1e-9) {
		t.Errorf("%s: a %g GB working set on a %s primary with %g GB", at, e.WorkingSetGB, e.PrimaryClass, e.PrimaryClassMemoryGB)
	}
}

// dbCost is the monthly cost of the primaries and their read replicas.
func dbCost(p *advisor.Plan) float64 {
	db, _ := component(p, "database")
	r, _ := component(p, "read-replica")
	return db.MonthlyUSD + r.MonthlyUSD
}

// TestWriteBytesHaveNoCliffAtTheRowLimit: writes past max_row_bytes are
// split into a metadata row and an object, and write_bytes is an average,
// so the share split grows smoothly with it. Bytes a little past the limit
// never leave the plan with dramatically less database than bytes a little
// under it: at most one step of the size ladder, which doubles (the old
// all-or-nothing split went from 16 shards at 250 KB to one 4-vCPU primary
// at 257 KB for a million users).
func TestWriteBytesHaveNoCliffAtTheRowLimit(t *testing.T) {
	ad := newAdvisor(t)
	limit := capacity(t).MaxRowBytes
	plans := 0
	for _, pr := range sweepProfiles() {
		for _, users := range []float64{1e3, 1e5, 1e6, 1e7, 1e8} {
			var at [2]*advisor.Plan
			for i, wb := range []float64{limit * 0.99, limit * 1.01} {
				a := pr.answers(t, users)
				a.SetValue(answers.WriteBytes, wb)
				p, err := ad.Advise(a)
				if err != nil {
					t.Fatalf("%s, %g users, %g-byte writes: %v", pr.name, users, wb, err)
				}
				checkPlan(t, pr.name, p)
				at[i] = p
				plans++
			}
			below, above := at[0], at[1]
			where := fmt.Sprintf("%s, %g users", pr.name, users)
			if above.Estimates.DBVCPU < below.Estimates.DBVCPU/2 {
				t.Errorf("%s: %g database vCPUs for writes of %s, %g for %s: a cliff at the row limit", where,
					below.Estimates.DBVCPU, fmt.Sprint(limit*0.99), above.Estimates.DBVCPU, fmt.Sprint(limit*1.01))
			}
			if dbCost(above) < dbCost(below)/2 {
				t.Errorf("%s: the database costs $%.0f a month under the row limit and $%.0f past it", where, dbCost(below), dbCost(above))
			}
			if d := math.Abs(above.Estimates.RowBytes - below.Estimates.RowBytes); below.Estimates.WriteSplit && d > 0.02*below.Estimates.RowBytes {
				t.Errorf("%s: a row keeps %g bytes under the limit and %g past it", where, below.Estimates.RowBytes, above.Estimates.RowBytes)
			}
		}
	}
	if plans < 200 {
		t.Errorf("only %d plans", plans)
	}
}

// TestReadReplicasStayWithinTheSourceLimit plans read-heavy systems of
// small rows, where replicas carry the reads, from a few thousand users to
// a billion: no primary ever has more replicas than db_max_read_replicas
// (15 on RDS and Aurora); past that the replicas take a bigger size, then
// the reads split the shards, and the plan says so.
func TestReadReplicasStayWithinTheSourceLimit(t *testing.T) {
	ad := newAdvisor(t)
	limited, split := 0, 0
	for _, pr := range sweepProfiles() {
		for _, users := range sweepUsers(24) {
			a := pr.answers(t, users)
			a.SetValue(answers.WriteBytes, 100)
			a.SetValue(answers.ReadRatio, 500)
			a.SetValue(answers.RequestsPerUser, 400)
			p, err := ad.Advise(a)
			if err != nil {
				t.Fatalf("%s, %g users: %v", pr.name, users, err)
			}
			at := fmt.Sprintf("%s, %g users", pr.name, users)
			checkPlan(t, at, p)
			e := p.Estimates
			if e.ReplicaLimited {
				limited++
				if r, ok := component(p, "read-replica"); !ok || !strings.Contains(r.Reason, "at most 15 read replicas, so they take a bigger size") {
					t.Errorf("%s: the replicas were sized for the per-source limit, but the plan does not say so: %q", at, r.Reason)
				}
			}
			if e.ShardsForReads > 1 {
				split++
				if s, ok := component(p, "sharding"); !ok || !strings.Contains(s.Reason, " for reads") {
					t.Errorf("%s: the reads split the shards, but the plan does not say so: %q", at, s.Reason)
				}
			}
		}
	}
	if limited == 0 || split == 0 {
		t.Errorf("the sweep reached the per-source limit %d times and split shards for reads %d times; it proves little", limited, split)
	}
}

// TestDatabaseWorkedExamples works each rule of the database's sizing by
// hand, with its source.
func TestDatabaseWorkedExamples(t *testing.T) {
	c := capacity(t)
	t.Run("rows: writes averaging 250 KB keep 16 KB a write in the database (sqlite-blobs)", func(t *testing.T) {
		// Writes past 100 KB are split: the database reads them slower than
		// separate files at PostgreSQL's 8 KB pages. Sizes exponential with
		// a 250 KB mean: e^(-100/250) = 67% are past it, carrying
		// (100 KB + 250 KB) × 67% = 235 KB of the 250 a write; each leaves a
		// 1 KB metadata row. 250,000 - 234,612 + 670 = 16,058 bytes.
		p := advise(t, "users", "1M", "write_bytes", "250k")
		share := math.Exp(-0.4)
		want := 250e3 - 350e3*share + 1e3*share
		if e := p.Estimates; !e.WriteSplit || !approx(e.SplitShare, share) || !approx(e.RowBytes, want) || !approx(e.WriteObjectBytes, 350e3*share) {
			t.Errorf("split %v, share %g, row %g bytes, objects %g; want %g and %g bytes", e.WriteSplit, e.SplitShare, e.RowBytes, e.WriteObjectBytes, share, want)
		}
		// And 257 KB a write needs the same database: no cliff.
		q := advise(t, "users", "1M", "write_bytes", "257k")
		if p.Estimates.Shards != 1 || q.Estimates.Shards != 1 || p.Estimates.PrimaryClass != q.Estimates.PrimaryClass {
			t.Errorf("250 KB: %g × %s; 257 KB: %g × %s", p.Estimates.Shards, p.Estimates.PrimaryClass, q.Estimates.Shards, q.Estimates.PrimaryClass)
		}
		// Small records stay rows: 2 KB writes split none.
		if r := advise(t, "users", "1M", "write_bytes", "2k"); r.Estimates.WriteSplit || r.Estimates.RowBytes != 2000 {
			t.Errorf("2 KB writes: split %v, %g bytes a row", r.Estimates.WriteSplit, r.Estimates.RowBytes)
		}
	})
	t.Run("primary reads: a 32-vCPU primary has room for 10M users' reads (postgresbench, mysql-cloud-sysbench)", func(t *testing.T) {
		// 10M users: the 90 GB hot set takes a 32-vCPU, 128 GB primary.
		// Its writes need db_write_rps / 300 / 70% vCPUs; the rest reads
		// 1,000 queries/s a vCPU at 70%: far more than the 5,208/s that miss
		// the cache, so no replica (a fixed 4-vCPU primary planned one).
		p := advise(t, "users", "10M")
		e := p.Estimates
		writeVCPU := e.DBWriteRPS / c.DBWriteQPSPerVCPU / c.TargetUtilisation
		room := (32 - writeVCPU) * c.DBReadQPSPerVCPU * c.TargetUtilisation
		if e.PrimaryClassVCPU != 32 || !approx(e.PrimaryReadCapacityRPS, room) || e.DBReadRPS > room || e.ReadReplicas != 0 {
			t.Errorf("%s primary with room for %g reads/s (want %g) for %g, %g replicas", e.PrimaryClass, e.PrimaryReadCapacityRPS, room, e.DBReadRPS, e.ReadReplicas)
		}
	})
	t.Run("replicas: at most 15 a source, then a bigger size (aws-rds-read-replicas)", func(t *testing.T) {
		// 20B small reads a day: 231,481 queries/s reach the database. The
		// 16-vCPU primary (36.5 GB hot set) has room for 10,428/s; 16-vCPU
		// replicas at 11,200/s each would need 20, past RDS's 15, so they
		// take 32 vCPUs: ceil(221,053 / 22,400) = 10.
		p := advise(t, "reads_per_day", "20B", "writes_per_day", "10M", "write_bytes", "100")
		e := p.Estimates
		need := func(vcpu float64) float64 {
			return math.Ceil((e.DBReadRPS - e.PrimaryReadCapacityRPS) / (vcpu * c.DBReadQPSPerVCPU * c.TargetUtilisation))
		}
		if c.DBMaxReadReplicas != 15 || need(16) <= 15 || e.ReplicaClassVCPU != 32 || e.ReplicasPerShard != need(32) || e.ReplicasPerShard != 10 || !e.ReplicaLimited || e.Shards != 1 {
			t.Errorf("%g shards, %g × %g-vCPU replicas (16 vCPUs would need %g), limited %v", e.Shards, e.ReplicasPerShard, e.ReplicaClassVCPU, need(16), e.ReplicaLimited)
		}
		// Ten times the reads: 13 replicas of the largest size on each of
		// four shards, where one shard would need 53.
		q := advise(t, "reads_per_day", "200B", "writes_per_day", "10M", "write_bytes", "100")
		if f := q.Estimates; f.ShardsForReads != 4 || f.Shards != 4 || f.ReplicasPerShard > 15 || f.ReplicaClassVCPU != 64 {
			t.Errorf("%g shards (%g for reads), %g × %g-vCPU replicas each", f.Shards, f.ShardsForReads, f.ReplicasPerShard, f.ReplicaClassVCPU)
		}
	})
	t.Run("memory: the largest primary first, then shards (instagram-sharding-ids)", func(t *testing.T) {
		// Instagram sharded when its data no longer fit in memory. 20M
		// users' 180 GB hot set fits the largest size (256 GB): one
		// primary of that size. 50M users' 450 GB does not: two shards.
		top := c.DBClasses[len(c.DBClasses)-1]
		one := advise(t, "users", "20M")
		if e := one.Estimates; !approx(e.HotSetGB, 180) || e.Shards != 1 || e.PrimaryClass != top.ID {
			t.Errorf("20M users: %g GB hot, %g shards of %s", e.HotSetGB, e.Shards, e.PrimaryClass)
		}
		two := advise(t, "users", "50M")
		if e := two.Estimates; !approx(e.HotSetGB, 450) || e.ShardsForMemory != math.Ceil(450/top.MemoryGB) || e.Shards != 2 {
			t.Errorf("50M users: %g GB hot, %g shards for memory, %g shards", e.HotSetGB, e.ShardsForMemory, e.Shards)
		}
	})
}

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// TestDatabaseReasonMultipliesOut: the primary's CPU in its reason is the
// arithmetic the reason shows, (writes ÷ rate + reads ÷ rate) at the
// utilisation target, with the reads it is sized for named when they are
// not the reads that reach it: with a cache, those it served before the
// cache came.
func TestDatabaseReasonMultipliesOut(t *testing.T) {
	sum := regexp.MustCompile(`→ \(([\d,.]+) ÷ ([\d,.]+) writes \+ ([\d,.]+) ÷ ([\d,.]+) reads a vCPU\) at (\d+)% = ([\d,.]+) vCPU`)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, kv := range [][]string{
		{"users", "200k"},
		{"users", "2M"},
		{"users", "50M"},
		{"users", "5M", "read_ratio", "1"},
	} {
		p := advise(t, kv...)
		at := strings.Join(kv, " ")
		db, ok := component(p, "database")
		if !ok {
			t.Fatalf("%s: no database", at)
		}
		m := sum.FindStringSubmatch(db.Reason)
		if m == nil {
			t.Fatalf("%s: the reason shows no arithmetic for the CPU: %q", at, db.Reason)
		}
		w, wr, r, rr, util, vcpu := num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6])
		if got := (w/wr + r/rr) / (util / 100); math.Abs(got-vcpu) > 0.05*vcpu+0.01 {
			t.Errorf("%s: (%g ÷ %g + %g ÷ %g) at %g%% is %.3g vCPU, the reason says %g: %q", at, w, wr, r, rr, util, got, vcpu, db.Reason)
		}
		e := p.Estimates
		if e.CacheNeeded && e.CacheTriggerRPS > e.DBReadRPS/e.Shards && !strings.Contains(db.Reason, "sized for the "+human.Count(e.PrimarySizedReadRPS)+" read queries/s it served when the cache came") {
			t.Errorf("%s: the primary is sized for %g reads, more than the %g that reach it, and the reason does not say why: %q", at, e.PrimarySizedReadRPS, e.DBReadRPS/e.Shards, db.Reason)
		}
	}
}

// TestShardingByMemoryNamesTheMemory: a system that shards because its hot
// set outgrows the largest primary is told so with the memory figure, and
// the load it gives is where that hot set reaches it.
func TestShardingByMemoryNamesTheMemory(t *testing.T) {
	p := advise(t, "users", "2M")
	n := p.NextStage
	if n == nil || n.Number != 6 || n.AtLoadX == nil {
		t.Fatalf("next stage: %+v", n)
	}
	mem := p.Estimates.PrimaryMemoryCapacityGB
	if want := human.GB(mem) + " memory of the largest primary"; !strings.Contains(n.Trigger, want) {
		t.Errorf("trigger %q does not name %q", n.Trigger, want)
	}
	// The hot set grows with traffic: at the multiple given it has passed
	// the memory, just below it it has not.
	if at := p.Estimates.HotSetGB * *n.AtLoadX; at < mem || at > mem*1.01 {
		t.Errorf("hot set %v GB at %.4gx is not just past the %v GB memory", at, *n.AtLoadX, mem)
	}
}
