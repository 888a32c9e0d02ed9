package knowledge_test

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// contractComponents are the component ids other tools rely on.
var contractComponents = []string{
	"static-hosting", "app-server", "database", "connection-pooler", "load-balancer",
	"session-store", "cache", "read-replica", "cdn", "object-storage", "message-queue",
	"workers", "autoscaling", "multi-az", "monitoring", "search", "api-gateway",
	"sharding", "microservices", "multi-region", "global-lb", "cqrs",
	"stream-processing", "vector-db", "serverless", "kubernetes", "backups",
}

func defaultBase(t testing.TB) *knowledge.Base {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("the embedded knowledge base does not load: %v", err)
	}
	return b
}

func TestDefaultLoadsTheLadder(t *testing.T) {
	b := defaultBase(t)
	want := []string{"prelaunch", "single-server", "separate-db", "horizontal", "cache-replicas-cdn",
		"autoscale", "shard-services-queues", "multi-region", "planet-scale"}
	if !slices.Equal(knowledge.StageIDs, want) {
		t.Errorf("StageIDs = %v, want the canonical %v", knowledge.StageIDs, want)
	}
	var got []string
	for i, s := range b.Stages {
		got = append(got, s.ID)
		if s.Number != i {
			t.Errorf("stage %q has number %d, want %d", s.ID, s.Number, i)
		}
		if s.Name == "" || s.Summary == "" || s.Solves == "" {
			t.Errorf("stage %q lacks a name, summary or what it solves", s.ID)
		}
		for _, e := range s.Enter {
			if i > 0 && (e.Trigger == nil || e.Trigger.Text == "") {
				t.Errorf("stage %q: the way in %q has no trigger text", s.ID, e.When)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the embedded stages are %v, want %v in that order", got, want)
	}
	if again, _ := knowledge.Default(); again != b {
		t.Error("Default loaded the base twice; it should load once and share it")
	}
}

func TestDefaultStagesCiteTheSeedArticles(t *testing.T) {
	b := defaultBase(t)
	for _, s := range b.Stages {
		t.Run(s.ID, func(t *testing.T) {
			seeds := map[string]bool{}
			for _, bs := range s.BySource {
				src, ok := b.Source(bs.Source)
				if !ok || !src.Ladder {
					t.Errorf("by_source cites %q, which is not an article with its own ladder", bs.Source)
				}
				if bs.Label == "" || bs.UsersMax <= bs.UsersMin {
					t.Errorf("%s entry %q: users %v-%v", bs.Source, bs.Label, bs.UsersMin, bs.UsersMax)
				}
				seeds[bs.Source] = true
			}
			// Only the 2026 playbook has a pre-launch phase; every later stage
			// is placed by at least three of the five seed articles.
			min := 3
			if s.ID == "prelaunch" {
				min = 1
			}
			if len(seeds) < min {
				t.Errorf("stage %q is placed by %d seed articles (%v), want at least %d", s.ID, len(seeds), keys(seeds), min)
			}
			if len(s.Sources) == 0 {
				t.Errorf("stage %q cites no sources", s.ID)
			}
		})
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestDefaultHasTheContractComponents(t *testing.T) {
	b := defaultBase(t)
	ids := b.ComponentIDs()
	for _, id := range contractComponents {
		c, ok := b.Component(id)
		if !ok {
			t.Errorf("component %q is missing (have %v)", id, ids)
			continue
		}
		if !slices.Contains(ids, id) {
			t.Errorf("ComponentIDs does not list %q", id)
		}
		if !slices.Contains(knowledge.Tiers, c.Tier) {
			t.Errorf("component %q is in tier %q, not one of %v", id, c.Tier, knowledge.Tiers)
		}
	}
	if !slices.IsSorted(ids) {
		t.Errorf("ComponentIDs is not sorted: %v", ids)
	}
	for _, c := range b.Components {
		if len(c.Sources) == 0 || len(c.Tradeoffs) == 0 || c.Solves == "" {
			t.Errorf("component %q needs sources, trade-offs and what it solves", c.ID)
		}
		for _, s := range c.Sources {
			if _, ok := b.Source(s); !ok {
				t.Errorf("component %q cites unknown source %q", c.ID, s)
			}
		}
	}
}

func TestDefaultCapacityAndPrices(t *testing.T) {
	b := defaultBase(t)
	c := b.Capacity
	for name, v := range map[string]float64{
		"app rps per server": c.AppRPSPerServer, "target utilisation": c.TargetUtilisation,
		"cache hit ratio": c.CacheHitRatio, "hot fraction": c.HotFraction,
		"cache ops per node": c.CacheOpsPerNode, "cache classes": float64(len(c.CacheClasses)),
		"db read qps per vCPU": c.DBReadQPSPerVCPU, "db write qps per vCPU": c.DBWriteQPSPerVCPU,
		"db standard vCPU": c.DBStandardVCPU, "database max storage GB": c.DBMaxStorageGB,
		"primary max write tps": c.DBPrimaryMaxWriteTPS, "connections per node": c.ConnectionsPerNode,
		"stream broker MB/s": c.StreamBrokerMBPerSec, "max row bytes": c.MaxRowBytes,
		"pool connections per client": c.PoolConnectionsPerClient, "pool minimum": c.PoolMinConnections,
	} {
		if v <= 0 {
			t.Errorf("capacity %s = %v, want a positive figure", name, v)
		}
	}
	for _, share := range []float64{c.TargetUtilisation, c.CacheHitRatio, c.HotFraction, c.CacheTriggerShare} {
		if share >= 1 {
			t.Errorf("a share is %v, want below 1", share)
		}
	}
	if len(c.DBClasses) == 0 {
		t.Error("no database sizes on the ladder")
	}
	for i := 1; i < len(c.DBClasses); i++ {
		if c.DBClasses[i].VCPU <= c.DBClasses[i-1].VCPU {
			t.Errorf("db classes do not grow: %v after %v", c.DBClasses[i], c.DBClasses[i-1])
		}
	}
	aws, ok := b.Catalogs["aws"]
	if !ok {
		t.Fatalf("no aws catalog; providers %v", b.Providers())
	}
	it, ok := aws.Item("vm-2vcpu")
	if !ok {
		t.Fatal("the aws catalog has no vm-2vcpu")
	}
	if got := it.PerMonthUSD(); got != 0.096*730 || it.Unit() != "hour" {
		t.Errorf("m6i.large costs %v a month per %s, want $70.08 per hour-priced month", got, it.Unit())
	}
	for _, cl := range c.DBClasses {
		if _, ok := aws.Item(cl.ID); !ok {
			t.Errorf("db class %q has no price", cl.ID)
		}
	}
	// Every answer's default and limit is a constant with a known source.
	for _, f := range answers.Fields {
		for _, id := range append([]string{f.Default, f.Max}, slices.Collect(maps.Values(f.TraitDefaults))...) {
			if id == "" {
				continue
			}
			c, ok := b.Constant(id)
			if !ok {
				t.Errorf("%s names constant %q, which the base lacks", f.Key, id)
				continue
			}
			if _, ok := b.Source(c.Source); !ok {
				t.Errorf("%s's constant %q cites unknown source %q", f.Key, id, c.Source)
			}
		}
	}
}

// embeddedFile is a file of the embedded base, to derive overrides from.
func embeddedFile(t testing.TB, name string) string {
	t.Helper()
	data, err := fs.ReadFile(knowledge.EmbeddedData(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lineOf is the 1-based line on which substr first occurs in text.
func lineOf(t testing.TB, text, substr string) int {
	t.Helper()
	i := strings.Index(text, substr)
	if i < 0 {
		t.Fatalf("%q not found", substr)
	}
	return strings.Count(text[:i], "\n") + 1
}

// replaceOnce replaces the first occurrence of old, failing if there is none.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// overrideDir writes files (name → content) into a new directory.
func overrideDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const ruleHead = "version: 1\nrules:\n  - component: cache\n    bottleneck: database read pressure\n"

func riskFile(when string) string {
	return "version: 1\nrisks:\n  - id: hostile\n    when: " + strconv.Quote(when) + "\n    text: hostile\n"
}

func TestLoadDirRefusesBrokenOverrides(t *testing.T) {
	stages := embeddedFile(t, "stages.yaml")
	constants := embeddedFile(t, "constants.yaml")
	aws := embeddedFile(t, "prices/aws.yaml")
	rules := embeddedFile(t, "rules.yaml")
	components := embeddedFile(t, "components.yaml")

	// A second catalog with only the ladders' sizes: rules that
	// price other items cannot be priced for it.
	var gcp strings.Builder
	gcp.WriteString("version: 1\nprovider: gcp\nname: Google Cloud\nregion: us-central1\nas_of: \"2026-11-01\"\ncurrency: USD\ncommitment: {discount: 0, source: gcp-pricing}\nitems:\n")
	for _, id := range []string{"db-micro", "db-medium", "db-2vcpu", "db-4vcpu", "db-8vcpu", "db-16vcpu", "db-32vcpu", "db-64vcpu", "cache-large", "cache-mem-large", "cache-mem-xlarge", "cache-mem-2xlarge", "cache-mem-4xlarge",
		"vm-2vcpu", "vm-4vcpu", "vm-8vcpu", "vm-16vcpu", "search-node", "search-node-xlarge", "search-node-2xlarge", "search-node-4xlarge",
		"kafka-broker", "kafka-broker-xlarge", "kafka-broker-2xlarge", "kafka-broker-4xlarge"} {
		fmt.Fprintf(&gcp, "  - {id: %s, product: x, hourly_usd: 0.1}\n", id)
	}

	// Billion laughs: ten levels of ten aliases each.
	var bomb strings.Builder
	bomb.WriteString("version: 1\nrisks:\n  - &l0 {id: lol, when: \"true\", text: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&bomb, "  - &l%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d,", i-1), 10), ","))
	}
	var topBomb strings.Builder
	topBomb.WriteString("version: 1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&topBomb, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d,", i-1), 10), ","))
	}
	aliasFirst := strings.Replace(bomb.String(), "\n  - &l1", "\n  - *l0\n  - &l1", 1)

	deepMapping := "version: 1\nrules:\n  - component: cache\n    trigger:\n"
	for i := 0; i < 50; i++ {
		deepMapping += strings.Repeat("  ", i+3) + "text:\n"
	}
	deepMapping += strings.Repeat("  ", 53) + "x\n"

	tests := []struct {
		name  string
		files map[string]string
		file  string // where the error must point, relative to the override dir
		line  int    // 0: no line
		embed bool   // the error points at the embedded file instead
		want  []string
	}{
		{
			name:  "a component id that climbs out of a directory",
			files: map[string]string{"components.yaml": replaceOnce(t, components, "  - id: cdn\n", "  - id: ../../tmp/victim\n")},
			file:  "components.yaml", line: lineOf(t, components, "  - id: cdn\n"),
			want: []string{`component id "../../tmp/victim": want lower-case letters`},
		},
		{
			name:  "a component id with a space breaks diagrams",
			files: map[string]string{"components.yaml": replaceOnce(t, components, "  - id: cdn\n", "  - id: my cdn\n")},
			file:  "components.yaml", line: lineOf(t, components, "  - id: cdn\n"),
			want: []string{`component id "my cdn"`},
		},
		{
			name:  "a component named end, a Mermaid keyword",
			files: map[string]string{"components.yaml": replaceOnce(t, components, "  - id: cdn\n", "  - id: end\n")},
			file:  "components.yaml", line: lineOf(t, components, "  - id: cdn\n"),
			want: []string{`component id "end" is a word diagrams reserve`},
		},
		{
			name:  "a price item id with a quote",
			files: map[string]string{"prices/aws.yaml": replaceOnce(t, aws, "  - id: vm-micro\n", "  - id: vm\"micro\n")},
			file:  "prices/aws.yaml", line: lineOf(t, aws, "  - id: vm-micro\n"),
			want: []string{`price item id`},
		},
		{
			name:  "a rule with a syntax error",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"read_rps > \"\n    reason: x\n"},
			file:  "rules.yaml", line: 5, // the when: line
			want: []string{`"read_rps > "`},
		},
		{
			name:  "a rule naming an unknown variable quotes the expression",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"userz > 1\"\n    reason: x\n"},
			file:  "rules.yaml", line: 5, // the when: line
			want: []string{`"userz > 1"`, "unknown name userz", "did you mean users"},
		},
		{
			name:  "a rule with a bare threshold asks for a named constant",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"users > 10\"\n    reason: x\n"},
			file:  "rules.yaml", line: 5, // the when: line
			want: []string{`"users > 10"`, "the number 10 is not named", "constants.yaml"},
		},
		{
			name:  "a rule whose condition is a number, not true or false",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"peak_rps * 2\"\n    reason: x\n"},
			file:  "rules.yaml", line: 5, // the when: line
			want: []string{`"peak_rps * 2"`, "bool"},
		},
		{
			name:  "a held text on a trigger without a metric",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"true\"\n    reason: x\n    trigger:\n      text: x\n      held: y\n"},
			file:  "rules.yaml", line: 9, // the held: line
			want: []string{"held says why", "no metric"},
		},
		{
			name:  "a cut built at a level that does not exist",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"true\"\n    reason: x\n    cut: y\n    cut_builds: {level: one-rack}\n"},
			file:  "rules.yaml", line: 8, // the cut_builds: line
			want: []string{`level "one-rack"`, "one-zone"},
		},
		{
			name:  "a rule for an unknown component",
			files: map[string]string{"rules.yaml": "version: 1\nrules:\n  - component: flux-capacitor\n    bottleneck: time\n    when: \"true\"\n    reason: x\n"},
			file:  "rules.yaml", line: 3,
			want: []string{`rule for unknown component "flux-capacitor"`},
		},
		{
			name:  "a misspelt key suggests the right one",
			files: map[string]string{"rules.yaml": "version: 1\nrules:\n  - component: cache\n    bottlenek: reads\n"},
			file:  "rules.yaml", line: 4,
			want: []string{`unknown key "bottlenek"`, `did you mean "bottleneck"?`, "valid keys: "},
		},
		{
			name:  "a rule with both size and size_expr",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"true\"\n    size: cache-large\n    size_expr: primary_class\n    reason: x\n"},
			file:  "rules.yaml", line: 3,
			want: []string{"has both size and size_expr"},
		},
		{
			name:  "a rule pricing an item no catalog has",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"true\"\n    size: cache-huge\n    reason: x\n"},
			file:  "rules.yaml", line: 3,
			want: []string{`price item "cache-huge" is not in the aws catalog`},
		},
		{
			name:  "a template with an unclosed hole",
			files: map[string]string{"rules.yaml": ruleHead + "    when: \"true\"\n    reason: \"{read_rps reads\"\n"},
			file:  "rules.yaml", line: 6, // the reason: line
			want: []string{"unclosed {"},
		},
		{
			name:  "a rules file from a later version",
			files: map[string]string{"rules.yaml": "version: 2\nrules: []\n"},
			file:  "rules.yaml", line: 1,
			want: []string{"version 2 is not supported"},
		},
		{
			name:  "a stage file with 8 stages",
			files: map[string]string{"stages.yaml": stages[:strings.Index(stages, "\n  - id: planet-scale")] + "\n"},
			file:  "stages.yaml",
			want:  []string{"want the 9 stages of the ladder", "got 8"},
		},
		{
			name:  "a stage file with two stages swapped",
			files: map[string]string{"stages.yaml": replaceOnce(t, replaceOnce(t, stages, "id: autoscale", "id: TMP"), "id: horizontal", "id: autoscale")},
			file:  "stages.yaml", line: lineOf(t, stages, "- id: horizontal"),
			want: []string{`stage 3 must be "horizontal" with number 3`},
		},
		{
			name: "overlapping by_source ranges for one article",
			files: map[string]string{"stages.yaml": replaceOnce(t, stages,
				"label: \"Phase 1 — Pre-launch (0 users)\"\n        users_min: 0\n        users_max: 10\n",
				"label: \"Phase 1 — Pre-launch (0 users)\"\n        users_min: 0\n        users_max: 50\n")},
			file: "stages.yaml", line: lineOf(t, stages, "label: \"Phase 2 — ~10 users\"") - 1,
			want: []string{`playbook-2026 "Phase 2 — ~10 users" (10-100 users) overlaps "Phase 1 — Pre-launch (0 users)" (0-50 users)`},
		},
		{
			name:  "a price item with two prices",
			files: map[string]string{"prices/aws.yaml": replaceOnce(t, aws, "hourly_usd: 0.0104\n", "hourly_usd: 0.0104\n    monthly_usd: 7.59\n")},
			file:  "prices/aws.yaml", line: lineOf(t, aws, "- id: vm-micro"),
			want: []string{`item "vm-micro" needs exactly one of hourly_usd, monthly_usd`, "(has 2)"},
		},
		{
			name:  "a negative price",
			files: map[string]string{"prices/aws.yaml": replaceOnce(t, aws, "hourly_usd: 0.0104\n", "hourly_usd: -0.0104\n")},
			file:  "prices/aws.yaml", line: lineOf(t, aws, "hourly_usd: 0.0104"), // the value's own line
			want: []string{"hourly_usd -0.0104 is out of range"},
		},
		{
			name:  "a catalog missing an item a rule uses",
			files: map[string]string{"prices/gcp.yaml": gcp.String()},
			embed: true, file: "rules.yaml", line: lineOf(t, rules, "- component: static-hosting"),
			want: []string{`price item "static-hosting" is not in the gcp catalog`, "prices/gcp.yaml"},
		},
		{
			name:  "a catalog missing a database size",
			files: map[string]string{"prices/gcp.yaml": strings.Replace(gcp.String(), "db-64vcpu", "db-63vcpu", 1)},
			embed: true, file: "constants.yaml", line: lineOf(t, constants, "item: db-64vcpu"),
			want: []string{`db_ladder item "db-64vcpu" is not in the gcp price catalog`},
		},
		{
			name:  "a second catalog for the same provider",
			files: map[string]string{"prices/zz.yaml": aws},
			file:  "prices/zz.yaml", line: 1,
			want: []string{`provider "aws" already has a catalog`},
		},
		{
			name: "a constants file missing a capacity constant",
			files: map[string]string{"constants.yaml": replaceOnce(t, constants,
				constants[strings.Index(constants, "  - id: app_rps_per_server"):strings.Index(constants, "  - id: target_utilisation")], "")},
			file: "constants.yaml",
			want: []string{`missing constant "app_rps_per_server", which the estimators need`},
		},
		{
			name:  "a share constant of 1 or more",
			files: map[string]string{"constants.yaml": replaceOnce(t, constants, "  - id: target_utilisation\n    value: 0.7\n", "  - id: target_utilisation\n    value: 1.2\n")},
			file:  "constants.yaml", line: lineOf(t, constants, "- id: target_utilisation"),
			want: []string{`constant "target_utilisation" is 1.2; it must be from 0.1 to 1 (share of capacity)`},
		},
		{
			name:  "a 5 MB file",
			files: map[string]string{"rules.yaml": "version: 1\n" + strings.Repeat("# padding padding padding padding padding padding padding padding\n", 5<<20/67+1)},
			file:  "rules.yaml",
			want:  []string{"a knowledge file may be at most 4 MiB"},
		},
		{
			name:  "a list nested 50 levels",
			files: map[string]string{"rules.yaml": "version: 1\nrules: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n"},
			file:  "rules.yaml", line: 2,
			want: []string{"want a mapping"},
		},
		{
			name:  "a mapping nested 50 levels",
			files: map[string]string{"rules.yaml": deepMapping},
			file:  "rules.yaml", line: 6,
			want: []string{"want a single value, got a mapping"},
		},
		{
			name:  "a billion-laughs alias bomb at the top level",
			files: map[string]string{"rules.yaml": topBomb.String()},
			file:  "rules.yaml", line: 2,
			want: []string{`unknown key "l0"`},
		},
		{
			name:  "a billion-laughs alias bomb inside the risks",
			files: map[string]string{"rules.yaml": bomb.String()},
			file:  "rules.yaml", line: 4,
			want: []string{"want a mapping"},
		},
		{
			name:  "an alias, then the bomb",
			files: map[string]string{"rules.yaml": aliasFirst},
			file:  "rules.yaml", line: 4,
			want: []string{"YAML aliases are not allowed"},
		},
		{
			name:  "an expression running a command",
			files: map[string]string{"rules.yaml": riskFile(`exec("rm -rf /") == ""`)},
			file:  "rules.yaml", line: 4, // the when: line
			want: []string{strconv.Quote(`exec("rm -rf /") == ""`), "only count(), gb(), usd() and bytes() may be called"},
		},
		{
			name:  "an expression reading the environment",
			files: map[string]string{"rules.yaml": riskFile(`env("HOME") != ""`)},
			file:  "rules.yaml", line: 4, // the when: line
			want: []string{strconv.Quote(`env("HOME") != ""`)},
		},
		{
			name:  "an expression reaching for a Go package",
			files: map[string]string{"rules.yaml": riskFile(`os.Getenv("HOME") != ""`)},
			file:  "rules.yaml", line: 4, // the when: line
			want: []string{strconv.Quote(`os.Getenv("HOME") != ""`)},
		},
		{
			name:  "an expression opening a file",
			files: map[string]string{"rules.yaml": riskFile(`readFile("/etc/passwd") != ""`)},
			file:  "rules.yaml", line: 4, // the when: line
			want: []string{strconv.Quote(`readFile("/etc/passwd") != ""`)},
		},
		{
			name:  "a template hole running a command",
			files: map[string]string{"rules.yaml": "version: 1\nrisks:\n  - id: r\n    when: \"true\"\n    text: \"{system('ls')}\"\n"},
			file:  "rules.yaml", line: 5, // the text: line
			want: []string{`"system('ls')"`},
		},
		{
			name:  "an expression longer than 2,000 characters",
			files: map[string]string{"rules.yaml": riskFile(strings.Repeat("peak_rps > 1 && ", 200) + "true")},
			file:  "rules.yaml", line: 4, // the when: line
			want: []string{"the limit is 2000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := overrideDir(t, tt.files)
			b, err := knowledge.LoadDir(dir)
			if err == nil {
				t.Fatalf("LoadDir accepted the override (%d rules)", len(b.Rules))
			}
			prefix := filepath.Join(dir, filepath.FromSlash(tt.file))
			if tt.embed {
				prefix = "knowledge/data/" + tt.file
			}
			if tt.line > 0 {
				prefix += ":" + strconv.Itoa(tt.line) + ":"
			} else {
				prefix += ":"
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, prefix) {
				t.Errorf("error %q does not start with %q", msg, prefix)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			if len(msg) > 4000 {
				t.Errorf("error is %d characters long; it should point at the problem, not echo the file", len(msg))
			}
		})
	}
}

func TestLoadDirAppliesOverrides(t *testing.T) {
	constants := embeddedFile(t, "constants.yaml")
	aws := embeddedFile(t, "prices/aws.yaml")
	tests := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, b *knowledge.Base)
	}{
		{
			name:  "an empty directory gives the embedded base",
			files: nil,
			check: func(t *testing.T, b *knowledge.Base) {
				d := defaultBase(t)
				if len(b.Rules) != len(d.Rules) || len(b.Components) != len(d.Components) || len(b.Stages) != len(d.Stages) {
					t.Errorf("%d rules, %d components, %d stages; the embedded base has %d, %d, %d",
						len(b.Rules), len(b.Components), len(b.Stages), len(d.Rules), len(d.Components), len(d.Stages))
				}
				if !capacityEqual(b, d) {
					t.Errorf("capacity %+v differs from the embedded %+v", b.Capacity, d.Capacity)
				}
			},
		},
		{
			name:  "a faster app server in constants.yaml changes the capacity",
			files: map[string]string{"constants.yaml": replaceOnce(t, constants, "  - id: app_rps_per_server\n    value: 300\n", "  - id: app_rps_per_server\n    value: 800\n")},
			check: func(t *testing.T, b *knowledge.Base) {
				if b.Capacity.AppRPSPerServer != 800 {
					t.Errorf("app rps per server = %v, want the overridden 800", b.Capacity.AppRPSPerServer)
				}
				if d := defaultBase(t); d.Capacity.AppRPSPerServer != 300 {
					t.Errorf("the override leaked into the embedded base: %v", d.Capacity.AppRPSPerServer)
				}
			},
		},
		{
			name:  "a rules.yaml with one rule replaces all the rules",
			files: map[string]string{"rules.yaml": ruleHead + "    when: cache_needed\n    size: cache-large\n    reason: \"{read_rps} reads/s\"\n"},
			check: func(t *testing.T, b *knowledge.Base) {
				if len(b.Rules) != 1 || b.Rules[0].Component != "cache" || b.Rules[0].Line != 3 {
					t.Errorf("rules = %+v, want the one cache rule on line 3", b.Rules)
				}
				if len(b.Limits) != 0 || len(b.Risks) != 0 {
					t.Errorf("%d limits and %d risks remain from the embedded rules.yaml", len(b.Limits), len(b.Risks))
				}
			},
		},
		{
			name:  "a second provider's catalog is added",
			files: map[string]string{"prices/other.yaml": replaceOnce(t, aws, "provider: aws", "provider: other")},
			check: func(t *testing.T, b *knowledge.Base) {
				if got := b.Providers(); !slices.Equal(got, []string{"aws", "digitalocean", "gcp", "hetzner", "other"}) {
					t.Errorf("providers = %v, want the embedded four and other", got)
				}
				if c := b.Catalogs["other"]; c == nil || !strings.HasSuffix(c.File(), filepath.Join("prices", "other.yaml")) {
					t.Errorf("the other catalog does not record its file")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := knowledge.LoadDir(overrideDir(t, tt.files))
			if err != nil {
				t.Fatalf("LoadDir: %v", err)
			}
			tt.check(t, b)
		})
	}
}

func capacityEqual(a, b *knowledge.Base) bool {
	return reflect.DeepEqual(a.Capacity, b.Capacity)
}

func TestLoadDirRefusesMissingDirectories(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	if _, err := knowledge.LoadDir(missing); err == nil || !strings.HasPrefix(err.Error(), "--knowledge "+missing+": ") {
		t.Errorf("LoadDir(missing) error = %v, want one naming --knowledge and the directory", err)
	}
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := knowledge.LoadDir(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("LoadDir(a file) error = %v, want \"not a directory\"", err)
	}
}

func TestLoadReadsACompleteBase(t *testing.T) {
	b, err := knowledge.Load(knowledge.EmbeddedData(), "knowledge/data")
	if err != nil {
		t.Fatalf("Load of the embedded files: %v", err)
	}
	if !capacityEqual(b, defaultBase(t)) {
		t.Errorf("Load gave capacity %+v, Default %+v", b.Capacity, defaultBase(t).Capacity)
	}
	// Load has no base to fall back on: a directory without rules.yaml fails.
	_, err = knowledge.Load(os.DirFS(t.TempDir()), "kb")
	if err == nil || !strings.HasPrefix(err.Error(), "kb/sources.yaml: ") {
		t.Errorf("Load of an empty directory error = %v, want one naming kb/sources.yaml", err)
	}
}

func FuzzLoadRules(f *testing.F) {
	f.Add([]byte(embeddedFile(f, "rules.yaml")))
	f.Add([]byte(ruleHead + "    when: \"userz > 10\"\n    reason: x\n"))
	f.Add([]byte(riskFile(`exec("rm") == ""`)))
	f.Add([]byte("version: 1\nlimits:\n  - id: l\n    says: s\n    metric: peak_rps\n    capacity: app_servers\n    fix: \"{peak_rps:x}\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := knowledge.LoadDir(dir)
		if err != nil {
			// Only rules.yaml changed, so every error points at it.
			if want := filepath.Join(dir, "rules.yaml") + ":"; !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error %q does not start with %q", err, want)
			}
			return
		}
		if b == nil || len(b.Stages) != len(knowledge.StageIDs) {
			t.Fatal("LoadDir succeeded without a full base")
		}
		for _, r := range b.Rules {
			if _, ok := b.Component(r.Component); !ok {
				t.Fatalf("a rule for unknown component %q loaded", r.Component)
			}
		}
	})
}

var benchBase *knowledge.Base

// BenchmarkLoadKnowledge loads, validates and compiles the embedded base from
// scratch, as every run of the CLI does once.
func BenchmarkLoadKnowledge(b *testing.B) {
	fsys := knowledge.EmbeddedData()
	b.ReportAllocs()
	for b.Loop() {
		kb, err := knowledge.Load(fsys, "knowledge/data")
		if err != nil {
			b.Fatal(err)
		}
		benchBase = kb
	}
}
