package knowledge_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// scaleFactors are the knowledge-base sizes the scaling benchmarks compare:
// the embedded base, and its components, rules, limits and risks repeated
// 10 and 50 times (100 times would pass the 4 MiB a knowledge file may
// hold).
var scaleFactors = []int{1, 10, 50}

// scaledKnowledge writes to a temporary directory an override of the
// embedded base in which every component, rule, limit and risk appears n
// times: copy k>1 of a component has the id "<id>-x<k>", and its rules
// point at it. The result loads with knowledge.LoadDir. It returns the
// directory and how many rules the base has.
func scaledKnowledge(tb testing.TB, n int) (dir string, rules int) {
	tb.Helper()
	dir = tb.TempDir()
	read := func(name string) map[string]any {
		data, err := fs.ReadFile(knowledge.EmbeddedData(), name)
		if err != nil {
			tb.Fatal(err)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		return doc
	}
	// Written as JSON, which is YAML too, without indentation: the
	// largest base's rules stay well within the 4 MiB a file may hold.
	write := func(name string, doc map[string]any) {
		data, err := json.Marshal(doc)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	// repeat returns list n times; rename edits copy k (from 2) of an item.
	repeat := func(list any, rename func(m map[string]any, k int)) []any {
		items, _ := list.([]any)
		out := make([]any, 0, len(items)*n)
		out = append(out, items...)
		for k := 2; k <= n; k++ {
			for _, it := range items {
				src := it.(map[string]any)
				cp := make(map[string]any, len(src))
				for key, v := range src {
					cp[key] = v
				}
				rename(cp, k)
				out = append(out, cp)
			}
		}
		return out
	}
	suffix := func(s any, k int) string { return fmt.Sprintf("%v-x%d", s, k) }

	comps := read("components.yaml")
	comps["components"] = repeat(comps["components"], func(m map[string]any, k int) {
		m["id"] = suffix(m["id"], k)
		m["name"] = fmt.Sprintf("%v (copy %d)", m["name"], k)
	})
	write("components.yaml", comps)

	rf := read("rules.yaml")
	rf["rules"] = repeat(rf["rules"], func(m map[string]any, k int) { m["component"] = suffix(m["component"], k) })
	for _, key := range []string{"limits", "risks"} {
		if _, ok := rf[key]; ok {
			rf[key] = repeat(rf[key], func(m map[string]any, k int) { m["id"] = suffix(m["id"], k) })
		}
	}
	write("rules.yaml", rf)
	return dir, len(rf["rules"].([]any))
}

// TestScaledKnowledgeLoads: the 50x base the benchmarks use is a valid
// knowledge base (no size or node limit refuses it), and a plan over it has
// 50 times the components of a plan over the embedded base.
func TestScaledKnowledgeLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50x knowledge base")
	}
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := answers.Answers{Version: answers.Version}
	if err := a.Set(answers.Users, "2M"); err != nil {
		t.Fatal(err)
	}
	one, err := advisor.New(base).Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	dir, rules := scaledKnowledge(t, 50)
	kb, err := knowledge.LoadDir(dir)
	if err != nil {
		t.Fatalf("the 50x knowledge base does not load: %v", err)
	}
	if len(kb.Components) != 50*len(base.Components) || len(kb.Rules) != rules || rules != 50*len(base.Rules) {
		t.Fatalf("%d components and %d rules, want 50 × %d and 50 × %d", len(kb.Components), len(kb.Rules), len(base.Components), len(base.Rules))
	}
	fifty, err := advisor.New(kb).Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(fifty.Components) != 50*len(one.Components) {
		t.Errorf("a plan over the 50x base has %d components, want 50 × %d", len(fifty.Components), len(one.Components))
	}
	if fifty.Stage.ID != one.Stage.ID {
		t.Errorf("the 50x base puts 2M users at stage %s, the embedded one at %s", fifty.Stage.ID, one.Stage.ID)
	}
}

// BenchmarkLoadKnowledgeScale loads (decodes, validates, compiles every
// expression of) a knowledge base 1, 10 and 50 times the embedded one from
// a directory. Linear cost shows as a flat ns/rule across the sizes.
func BenchmarkLoadKnowledgeScale(b *testing.B) {
	for _, n := range scaleFactors {
		b.Run(fmt.Sprintf("%dx", n), func(b *testing.B) {
			dir, rules := scaledKnowledge(b, n)
			b.ReportAllocs()
			for b.Loop() {
				kb, err := knowledge.LoadDir(dir)
				if err != nil {
					b.Fatal(err)
				}
				benchBase = kb
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rules), "ns/rule")
		})
	}
}

var scalePlanSink *advisor.Plan

// BenchmarkPlanKnowledgeScale advises the 2M-user example over knowledge
// bases 1, 10 and 50 times the embedded one (loaded once). Every rule is
// evaluated for every plan, so the cost per rule should stay flat.
func BenchmarkPlanKnowledgeScale(b *testing.B) {
	a := answers.Answers{Version: answers.Version}
	if err := a.Set(answers.Users, "2M"); err != nil {
		b.Fatal(err)
	}
	for _, n := range scaleFactors {
		b.Run(fmt.Sprintf("%dx", n), func(b *testing.B) {
			dir, rules := scaledKnowledge(b, n)
			kb, err := knowledge.LoadDir(dir)
			if err != nil {
				b.Fatal(err)
			}
			ad := advisor.New(kb)
			b.ReportAllocs()
			for b.Loop() {
				p, err := ad.Advise(a)
				if err != nil {
					b.Fatal(err)
				}
				scalePlanSink = p
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rules), "ns/rule")
		})
	}
}
