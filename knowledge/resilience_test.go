package knowledge_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/knowledge"
)

// TestEveryCatalogPricesTheSameItems: the four embedded catalogs carry the
// AWS catalog's item ids (the rules price every provider the same way), are
// dated, in USD, cite known sources, and explain every item the reference
// sheet does not give: a note on each, and a note on every zero price, so
// nothing is silently free.
func TestEveryCatalogPricesTheSameItems(t *testing.T) {
	b := defaultBase(t)
	if got := b.Providers(); !slices.Equal(got, []string{"aws", "digitalocean", "gcp", "hetzner"}) {
		t.Fatalf("providers = %v, want aws, digitalocean, gcp and hetzner", got)
	}
	aws := b.Catalogs["aws"]
	var ids []string
	for _, it := range aws.Items {
		ids = append(ids, it.ID)
	}
	for _, p := range b.Providers() {
		c := b.Catalogs[p]
		t.Run(p, func(t *testing.T) {
			var got []string
			for _, it := range c.Items {
				got = append(got, it.ID)
			}
			if !slices.Equal(got, ids) {
				t.Errorf("items %v, want the AWS catalog's, in its order: %v", got, ids)
			}
			if c.Currency != "USD" || c.AsOf == "" || c.Region == "" || c.Name == "" || len(c.Sources) == 0 {
				t.Errorf("catalog header: currency %q, as_of %q, region %q, name %q, sources %v", c.Currency, c.AsOf, c.Region, c.Name, c.Sources)
			}
			for _, s := range c.Sources {
				if _, ok := b.Source(s); !ok {
					t.Errorf("unknown source %q", s)
				}
			}
			if p == "aws" {
				return
			}
			if c.Display() == strings.ToUpper(p) && p != "gcp" {
				t.Errorf("no label: text would say %q", c.Display())
			}
			for _, it := range c.Items {
				if it.Note == "" {
					t.Errorf("%s: no note; say where the price comes from", it.ID)
				}
				if it.UnitUSD() == 0 && len(it.Note) < 40 {
					t.Errorf("%s: priced at zero with the note %q; say why it costs nothing", it.ID, it.Note)
				}
			}
		})
	}
}

// TestReferenceSheetPrices pins the prices the project's reference sheet
// gives for the other providers, and the stated EUR rate.
func TestReferenceSheetPrices(t *testing.T) {
	b := defaultBase(t)
	for _, tt := range []struct {
		provider, item string
		monthlyUSD     float64
	}{
		{"hetzner", "vm-medium", 6.37}, // CX23, EUR 5.49 at 1.16
		{"digitalocean", "vm-micro", 6},
		{"digitalocean", "vm-medium", 24},
		{"digitalocean", "db-micro", 15},
	} {
		it, ok := b.Catalogs[tt.provider].Item(tt.item)
		if !ok {
			t.Fatalf("%s has no %s", tt.provider, tt.item)
		}
		if got := it.PerMonthUSD(); got != tt.monthlyUSD {
			t.Errorf("%s %s = $%v a month, want $%v", tt.provider, tt.item, got, tt.monthlyUSD)
		}
	}
	src, _ := b.Source("hetzner-pricing")
	if src == nil || !strings.Contains(src.Note, "1.16") || !strings.Contains(src.Note, "2026-11-01") {
		t.Errorf("the hetzner-pricing source must state the EUR rate and its date: %+v", src)
	}
}

func TestCostBandConstants(t *testing.T) {
	b := defaultBase(t)
	for _, p := range b.Providers() {
		c := b.Catalogs[p].Commitment
		if c.Discount < 0 || c.Discount >= 1 || c.Note == "" {
			t.Errorf("%s: commitment discount %v (%q): want a share below 1 with a note", p, c.Discount, c.Note)
		}
		if _, ok := b.Source(c.Source); !ok {
			t.Errorf("%s: commitment cites unknown source %q", p, c.Source)
		}
	}
	if c, ok := b.Constant("cost_headroom"); !ok || c.Value <= 0 || c.Value >= 1 {
		t.Errorf("cost_headroom: %+v, want a share below 1", c)
	}
}

// TestResilienceLoads: the embedded availability parts and what-ifs name
// real components and limits, with sources, and the five what-ifs of the
// command line are there.
func TestResilienceLoads(t *testing.T) {
	b := defaultBase(t)
	r := b.Resilience
	if got := r.ScenarioIDs(); !slices.Equal(got, []string{"traffic-x10", "cache-down", "az-down", "region-down", "db-primary-down"}) {
		t.Errorf("what-ifs %v", got)
	}
	if r.Availability.RegionRedundancy != "multi-region" {
		t.Errorf("region_redundancy = %q", r.Availability.RegionRedundancy)
	}
	for _, p := range r.Availability.Parts {
		if _, ok := b.Component(p.Component); !ok || !p.InUse() {
			t.Errorf("part %q: unknown component or switched off", p.Component)
		}
		sla, capSource, failover := p.Sources()
		for _, src := range []string{sla, capSource, failover} {
			if _, ok := b.Source(src); src != "" && !ok {
				t.Errorf("part %q cites unknown source %q", p.Component, src)
			}
		}
		if sla == "" {
			t.Errorf("part %q has no source for its SLA", p.Component)
		}
	}
	for _, s := range r.Scenarios {
		if s.ID == "traffic-x10" && s.LoadX != 10 {
			t.Errorf("traffic-x10 has load_x %v", s.LoadX)
		}
		if len(s.Checks) == 0 {
			t.Errorf("%s has no checks", s.ID)
		}
	}
}

// TestResilienceOverridesAreChecked: a broken resilience.yaml is refused
// with its file and line; a rules.yaml override that drops a limit the
// embedded what-ifs name switches those checks off instead of failing.
func TestResilienceOverridesAreChecked(t *testing.T) {
	res := embeddedFile(t, "resilience.yaml")
	tests := []struct {
		name, old, new, want string
	}{
		{"an unknown component", "  - component: load-balancer\n", "  - component: load-balancr\n", `unknown component "load-balancr"`},
		{"units that are not one, fleet or partitioned", "    units: partitioned\n", "    units: parallel\n", `units "parallel"`},
		{"an SLA that is not a constant", "    sla: sla_load_balancer\n", "    sla: sla_load_balancr\n", `unknown constant "sla_load_balancr"`},
		{"a fleet without a cap", "    cap: sla_multi_az_compute\n", "    cap: \"\"\n", "needs a cap"},
		{"partitions without an expression", "    partitions: shards\n", "    partitions: \"\"\n", "partitioned units need it"},
		{"a condition on a part that does not compile", `when: "resilience >= two_zones"`, `when: "resilience >= two_zonez"`, "unknown name two_zonez"},
		{"a component neither counted nor excused", "    - components: [kubernetes]\n", "    - components: []\n", "list components and say why"},
		{"a component neither counted nor said to be off the path", "    - components: [kubernetes]\n      why: \"its control plane deploys and heals; running services go on serving while it is down\"\n", "", `component "kubernetes" is neither a part nor listed under not_counted`},
		{"a component off the path twice", "    - components: [kubernetes]\n", "    - components: [kubernetes, egress]\n", `"egress" is listed twice under not_counted`},
		{"a resilience level out of order", "    - id: two-zones\n", "    - id: two-zonez\n", `want id "two-zones"`},
		{"an unknown limit", "      - limit: db-reads\n", "      - limit: db-readz\n", `unknown limit "db-readz"`},
		{"an unknown status", "        status: degrades\n", "        status: wobbles\n", `status "wobbles"`},
		{"a condition that does not compile", `when: "stage <= single_server"`, `when: "stage <= (single_server"`, "unexpected token"},
		{"a template naming an unknown variable", "{count(read_queries_rps)} read queries/s against", "{count(read_rpz)} read queries/s against", "unknown name read_rpz"},
		{"an unknown source", "sources: [cloud-outages, aws-ha-docs, aws-wa-static-stability]", "sources: [cloud-outagez, aws-ha-docs, aws-wa-static-stability]", `unknown source "cloud-outagez"`},
		{"a what-if id with spaces", "  - id: cache-down\n", "  - id: cache down\n", `what-if id "cache down"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := overrideDir(t, map[string]string{"resilience.yaml": replaceOnce(t, res, tt.old, tt.new)})
			_, err := knowledge.LoadDir(dir)
			if err == nil {
				t.Fatal("LoadDir accepted the override")
			}
			prefix := filepath.Join(dir, "resilience.yaml") + ":"
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with %q and say %q", err, prefix, tt.want)
			}
			line := strings.TrimPrefix(err.Error(), prefix)
			if n, err2 := strconv.Atoi(line[:strings.IndexByte(line, ':')]); err2 != nil || n < 1 {
				t.Errorf("error %q names no line", err)
			}
		})
	}
	t.Run("a rules.yaml without the limits", func(t *testing.T) {
		rules := embeddedFile(t, "rules.yaml")
		dir := overrideDir(t, map[string]string{"rules.yaml": rules[:strings.Index(rules, "\nlimits:")] + "\n"})
		b, err := knowledge.LoadDir(dir)
		if err != nil {
			t.Fatalf("LoadDir: %v", err)
		}
		if len(b.Limits) != 0 || len(b.Resilience.Scenarios) != 5 {
			t.Errorf("%d limits, %d what-ifs", len(b.Limits), len(b.Resilience.Scenarios))
		}
	})
	t.Run("a catalog citing an unknown source", func(t *testing.T) {
		gcp := embeddedFile(t, "prices/gcp.yaml")
		dir := overrideDir(t, map[string]string{"prices/gcp.yaml": replaceOnce(t, gcp, "sources: [gcp-pricing", "sources: [gcp-pricingg")})
		if _, err := knowledge.LoadDir(dir); err == nil || !strings.Contains(err.Error(), `unknown source "gcp-pricingg"`) {
			t.Errorf("error %v, want the unknown source named", err)
		}
	})
	t.Run("a commitment discount of 100%", func(t *testing.T) {
		gcp := embeddedFile(t, "prices/gcp.yaml")
		patched := replaceOnce(t, gcp, "  discount: 0.3\n", "  discount: 1\n")
		if _, err := knowledge.LoadDir(overrideDir(t, map[string]string{"prices/gcp.yaml": patched})); err == nil || !strings.Contains(err.Error(), "gcp.yaml:") || !strings.Contains(err.Error(), "commitment.discount") {
			t.Errorf("error %v, want the discount refused at its line", err)
		}
	})
}
