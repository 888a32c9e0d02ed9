package advisor_test

import (
	"math"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// copyCosts is what one plan's database copies must cost at least: each
// is an instance of its class and its own copy of the data, billed as
// the primary's storage is.
type copyCosts struct {
	kb  *knowledge.Base
	cat *knowledge.Catalog
	p   *advisor.Plan
}

// instances is n instances of the item c is sized by.
func (cc copyCosts) instances(t *testing.T, at string, c advisor.Component) float64 {
	t.Helper()
	it, ok := cc.cat.Item(c.SizeID)
	if !ok {
		t.Fatalf("%s: %s is sized by %q, which the %s catalog lacks", at, c.ID, c.SizeID, cc.cat.Provider)
	}
	return c.Count * it.PerMonthUSD()
}

// storage is the storage one copy of the whole database bills: every
// shard's data, each shard at least the smallest volume.
func (cc copyCosts) storage(t *testing.T) float64 {
	t.Helper()
	it, ok := cc.cat.Item("db-storage-gb-month")
	if !ok {
		t.Fatalf("the %s catalog has no db-storage-gb-month", cc.cat.Provider)
	}
	least, ok := cc.kb.Constant("db_min_storage_gb")
	if !ok {
		t.Fatal("no knowledge constant db_min_storage_gb")
	}
	e := cc.p.Estimates
	return it.UsageUSD(math.Max(least.Value*e.Shards, e.DataGBNextYear))
}

// checkCopyCosts asserts that the standbys and replicas of p's database
// cost what their instances and storage do: a Multi-AZ standby exactly
// what its primary costs, each read replica its instance and its shard's
// data, and the copies in other regions at least their instances and a
// copy of the data each (the transfer between regions comes on top).
func checkCopyCosts(t *testing.T, at string, cc copyCosts) {
	t.Helper()
	db, ok := component(cc.p, "database")
	if !ok || db.SizeID == "" {
		return
	}
	e := cc.p.Estimates
	data := cc.storage(t)
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, want) }
	if want := cc.instances(t, at, db) + data; !near(db.MonthlyUSD, want) {
		t.Errorf("%s: the primaries cost %v, want %v for %g instances and %v of storage", at, db.MonthlyUSD, want, db.Count, data)
	}
	if s, ok := component(cc.p, "multi-az"); ok {
		if s.SizeID != db.SizeID || s.Count != db.Count || !near(s.MonthlyUSD, db.MonthlyUSD) {
			t.Errorf("%s: %g standbys (%s) cost %s, %g primaries (%s) %s: a standby is its primary's class with its own storage", at,
				s.Count, s.SizeID, human.USD(s.MonthlyUSD), db.Count, db.SizeID, human.USD(db.MonthlyUSD))
		}
	}
	if r, ok := component(cc.p, "read-replica"); ok {
		if want := cc.instances(t, at, r) + e.ReplicasPerShard*data; !near(r.MonthlyUSD, want) {
			t.Errorf("%s: %g read replicas cost %v, want %v: their instances and %g copies of the data (%v each)", at, r.Count, r.MonthlyUSD, want, e.ReplicasPerShard, data)
		}
	}
	if m, ok := component(cc.p, "multi-region"); ok {
		copies := m.Count / e.Shards // copies of the whole database
		if m.SizeID != db.SizeID {
			t.Errorf("%s: the other regions' copies are %s, the primaries %s", at, m.SizeID, db.SizeID)
		}
		if want := cc.instances(t, at, m) + copies*data; m.MonthlyUSD < want*(1-1e-9) {
			t.Errorf("%s: %g database instances in other regions cost %v, less than %v: their instances and %g copies of the data (%v each)", at, m.Count, m.MonthlyUSD, want, copies, data)
		}
	}
}

// TestEveryDatabaseCopyBillsItsStorage: a standby, a read replica and a
// replica in another region each keep a whole copy of their primary's
// data, and every provider bills it (RDS bills the storage of both the
// primary and the standby of a Multi-AZ deployment), on every catalog.
func TestEveryDatabaseCopyBillsItsStorage(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	ad := advisor.New(kb)
	plans, copies := 0, 0
	for provider, cat := range kb.Catalogs {
		sweep{users: 12}.each(t, func(at string, a answers.Answers) {
			if err := a.Set(answers.Provider, provider); err != nil {
				t.Fatalf("%s: provider %s: %v", at, provider, err)
			}
			p, err := ad.Advise(a)
			if err != nil {
				t.Fatalf("%s on %s: %v", at, provider, err)
			}
			checkCopyCosts(t, at+" on "+provider, copyCosts{kb: kb, cat: cat, p: p})
			plans++
			if _, ok := component(p, "multi-az"); ok {
				copies++
			}
		})
	}
	if copies == 0 || copies == plans {
		t.Errorf("%d of %d plans have a Multi-AZ standby: the sweep does not reach both sides", copies, plans)
	}
}

// TestPayGridStandbyCostsItsPrimary is the trial's PayGrid plan on AWS: one
// primary with 15.2 TB, a Multi-AZ standby and four copies in two other
// regions (a replica and its standby in each), each billed the primary's
// instance and storage.
func TestPayGridStandbyCostsItsPrimary(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := advise(t, "users", "10M", "regions", "3", "availability", "99.99", "read_ratio", "5:1")
	if p.Cost.Provider != "aws" || p.Estimates.Shards != 1 {
		t.Fatalf("PayGrid: %g shards on %s, want one primary on AWS", p.Estimates.Shards, p.Cost.Provider)
	}
	cc := copyCosts{kb: kb, cat: kb.Catalogs["aws"], p: p}
	checkCopyCosts(t, "PayGrid", cc)
	db, _ := component(p, "database")
	s, ok := component(p, "multi-az")
	if !ok {
		t.Fatalf("PayGrid has no Multi-AZ standby: %v", componentIDs(p))
	}
	if s.MonthlyUSD != db.MonthlyUSD {
		t.Errorf("PayGrid's standby costs %s, its primary %s", human.USD(s.MonthlyUSD), human.USD(db.MonthlyUSD))
	}
	m, ok := component(p, "multi-region")
	if !ok || m.Count != 4 {
		t.Fatalf("PayGrid: %g database copies in other regions, want 4", m.Count)
	}
	if m.MonthlyUSD < 4*db.MonthlyUSD {
		t.Errorf("PayGrid's 4 copies in other regions cost %s, less than 4 × the primary's %s", human.USD(m.MonthlyUSD), human.USD(db.MonthlyUSD))
	}
}
