package export_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark/ast"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/mermaidcheck"
)

// resilienceFixtures are the answers files the what-if, comparison and
// decision-record goldens render: one server, a separate database, an
// autoscaled fleet at 99.95%, and two regions.
var resilienceFixtures = []string{"01-single-server", "02-separate-db", "05-autoscale", "07-multi-region", "saas-b2b"}

func resiliencePlans(tb testing.TB) []planned {
	tb.Helper()
	var out []planned
	for _, pl := range planAll(tb) {
		if slices.Contains(resilienceFixtures, pl.name) {
			out = append(out, pl)
		}
	}
	if len(out) != len(resilienceFixtures) {
		tb.Fatalf("found %d of the fixtures %v", len(out), resilienceFixtures)
	}
	return out
}

// withWhatIfs is the plan with every failure what-if applied.
func withWhatIfs(tb testing.TB, p *advisor.Plan) *advisor.Plan {
	tb.Helper()
	ad := newAdvisor(tb)
	q, err := ad.Advise(p.Answers)
	if err != nil {
		tb.Fatal(err)
	}
	if err := ad.WhatIfs(q, ad.WhatIfIDs()); err != nil {
		tb.Fatal(err)
	}
	return q
}

// TestWhatIfGolden pins the failure what-ifs in Markdown, text and JSON.
func TestWhatIfGolden(t *testing.T) {
	for _, pl := range resiliencePlans(t) {
		p := withWhatIfs(t, pl.p)
		for _, format := range []string{"md", "text", "json"} {
			t.Run(pl.name+"/"+format, func(t *testing.T) {
				golden.RequireEqual(t, render(t, p, format))
			})
		}
	}
}

func comparison(tb testing.TB, p *advisor.Plan) *advisor.ProviderComparison {
	tb.Helper()
	c, err := newAdvisor(tb).CompareProviders(p.Answers)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestComparisonGolden pins the side-by-side provider costs in every
// format a comparison has.
func TestComparisonGolden(t *testing.T) {
	for _, pl := range resiliencePlans(t) {
		c := comparison(t, pl.p)
		doc := export.ComparisonDoc{Comparison: c}
		for _, format := range doc.Formats() {
			t.Run(pl.name+"/"+format, func(t *testing.T) {
				out, err := export.Render(doc, format, textOptions)
				if err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, out)
			})
		}
	}
	if _, err := export.Render(export.ComparisonDoc{Comparison: comparison(t, planAll(t)[0].p)}, "mermaid", textOptions); err == nil || !strings.Contains(err.Error(), "md, json, yaml or text") {
		t.Errorf("a comparison as Mermaid: error %v, want one listing the formats", err)
	}
}

func adrFiles(tb testing.TB, p *advisor.Plan, existing []string) []export.ADRFile {
	tb.Helper()
	return export.ADRFiles(p, newAdvisor(tb).DecisionRecords(p), existing)
}

// TestADRGolden pins every decision record of two plans, by file name.
func TestADRGolden(t *testing.T) {
	for _, pl := range resiliencePlans(t) {
		if pl.name != "saas-b2b" && pl.name != "07-multi-region" {
			continue
		}
		made := map[string]bool{}
		for _, f := range adrFiles(t, pl.p, nil) {
			made[strings.TrimSuffix(f.Name, ".md")+".golden"] = true
			t.Run(pl.name+"/"+strings.TrimSuffix(f.Name, ".md"), func(t *testing.T) {
				golden.RequireEqual(t, f.Data)
			})
		}
		// A record the plan no longer writes leaves its golden behind,
		// compared by nothing: -update removes it, otherwise it fails.
		dir := filepath.Join("testdata", t.Name(), pl.name)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if made[e.Name()] {
				continue
			}
			if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s: no record is written for this golden; run with -update to remove it", filepath.Join(dir, e.Name()))
		}
	}
}

// TestADRNumbering: records are numbered in order into an empty directory;
// against existing files a record keeps its number, new ones follow the
// highest number in use, and the rest of the directory is left alone.
func TestADRNumbering(t *testing.T) {
	p := advise(t, "users", "2M", "availability", "99.95")
	fresh := adrFiles(t, p, nil)
	for i, f := range fresh {
		if f.Number != i+1 || f.Name != fmt.Sprintf("%04d-%s.md", i+1, f.Slug) {
			t.Errorf("record %d is %s (number %d)", i+1, f.Name, f.Number)
		}
	}
	if fresh[0].Slug != "architecture-stage" {
		t.Errorf("the first record is %s", fresh[0].Slug)
	}
	names := func(fs []export.ADRFile) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	t.Run("running again gives the same files, byte for byte", func(t *testing.T) {
		again := adrFiles(t, advise(t, "users", "2M", "availability", "99.95"), names(fresh))
		if len(again) != len(fresh) {
			t.Fatalf("%d files, then %d", len(fresh), len(again))
		}
		for i := range again {
			if again[i].Name != fresh[i].Name || !bytes.Equal(again[i].Data, fresh[i].Data) {
				t.Errorf("%s became %s, or its content changed", fresh[i].Name, again[i].Name)
			}
		}
		if stale := export.StaleADRs(again, names(fresh)); len(stale) != 0 {
			t.Errorf("stale %v", stale)
		}
	})
	t.Run("a bigger plan keeps the numbers and appends", func(t *testing.T) {
		big := adrFiles(t, advise(t, "users", "20M", "availability", "99.95"), names(fresh))
		byslug := map[string]int{}
		for _, f := range fresh {
			byslug[f.Slug] = f.Number
		}
		next := len(fresh)
		for _, f := range big {
			if n, ok := byslug[f.Slug]; ok {
				if f.Number != n {
					t.Errorf("%s was number %d, now %d", f.Slug, n, f.Number)
				}
				continue
			}
			next++
			if f.Number != next {
				t.Errorf("new record %s is number %d, want %d", f.Slug, f.Number, next)
			}
		}
	})
	t.Run("other files, gaps, duplicates and records the plan no longer makes", func(t *testing.T) {
		existing := []string{"README.md", "0003-architecture-stage.md", "0007-cache.md", "0009-cache.md", "0012-old-idea.md", "template.md", "00x-bad.md"}
		files := adrFiles(t, p, existing)
		got := map[string]int{}
		for _, f := range files {
			got[f.Slug] = f.Number
		}
		if got["architecture-stage"] != 3 || got["cache"] != 7 {
			t.Errorf("kept numbers: stage %d, cache %d; want 3 and 7", got["architecture-stage"], got["cache"])
		}
		for _, f := range files {
			if f.Slug != "architecture-stage" && f.Slug != "cache" && f.Number <= 12 {
				t.Errorf("new record %s took number %d, at or below the highest in use (12)", f.Slug, f.Number)
			}
		}
		if stale := export.StaleADRs(files, existing); !slices.Equal(stale, []string{"0009-cache.md", "0012-old-idea.md"}) {
			t.Errorf("stale %v, want the duplicate cache record and the old idea", stale)
		}
	})
}

// TestADRStructure parses every record as GitHub would: MADR's sections in
// order, the chosen option first among the options, no raw HTML or links.
func TestADRStructure(t *testing.T) {
	want := []string{"Context and Problem Statement", "Decision Drivers", "Considered Options", "Decision Outcome", "Consequences", "More Information"}
	for _, pl := range planAll(t) {
		for _, f := range adrFiles(t, pl.p, nil) {
			src := f.Data
			if !bytes.HasPrefix(src, []byte("---\nstatus: proposed\n---\n\n# ")) {
				t.Errorf("%s/%s: no front matter with the status", pl.name, f.Name)
				continue
			}
			doc := parseMarkdown(src)
			var headings []string
			h1 := 0
			_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.Heading:
					if n.Level == 1 {
						h1++
					} else {
						headings = append(headings, plainText(n, src))
					}
				case *ast.RawHTML, *ast.HTMLBlock, *ast.Link, *ast.AutoLink, *ast.Image:
					t.Errorf("%s/%s: %s in the record", pl.name, f.Name, n.Kind())
				}
				return ast.WalkContinue, nil
			})
			if h1 != 1 {
				t.Errorf("%s/%s: %d titles", pl.name, f.Name, h1)
			}
			// The front matter's closing --- reads as a setext heading to a
			// CommonMark parser without the front-matter extension; skip it.
			headings = slices.DeleteFunc(headings, func(h string) bool { return h == "status: proposed" })
			if !slices.Equal(headings, want) && !slices.Equal(headings, slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == "Consequences" })) {
				t.Errorf("%s/%s: sections %q, want %q", pl.name, f.Name, headings, want)
			}
		}
	}
}

// TestResilienceTextFitsTheWidth: the what-ifs and the provider table wrap
// at the terminal width.
func TestResilienceTextFitsTheWidth(t *testing.T) {
	for _, pl := range resiliencePlans(t) {
		p := withWhatIfs(t, pl.p)
		c := comparison(t, pl.p)
		for _, width := range []int{40, 80, 120} {
			o := export.Options{Width: width, Dark: true}
			// The plan's own sections are checked elsewhere; from the first
			// what-if on, the lines are this file's.
			plan := ansi.Strip(string(export.Text(p, o)))
			plan = plan[strings.Index(plan, "\nWhat if: ")+1:]
			for name, out := range map[string][]byte{"plan": []byte(plan), "comparison": export.ComparisonText(c, o)} {
				for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
					if w := ansi.StringWidth(line); w > width && !(name == "comparison" && width < 80) {
						t.Errorf("%s %s at %d: line %d is %d columns: %q", pl.name, name, width, i+1, w, ansi.Strip(line))
					}
				}
			}
		}
	}
}

// TestResilienceMarkdownLints runs the what-ifs, the comparisons and the
// decision records through markdownlint-cli2 with the repository's rules.
func TestResilienceMarkdownLints(t *testing.T) {
	mermaidcheck.Require(t)
	docs := map[string][]byte{}
	for _, pl := range resiliencePlans(t) {
		docs[pl.name+"/plan.md"] = export.Markdown(withWhatIfs(t, pl.p))
		docs[pl.name+"/providers.md"] = export.ComparisonMarkdown(comparison(t, pl.p))
		for _, f := range adrFiles(t, pl.p, nil) {
			docs[pl.name+"/adr/"+f.Name] = f.Data
		}
	}
	if problems := mermaidcheck.Lint(t, docs); len(problems) != 0 {
		t.Errorf("markdownlint found %d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// TestComparisonJSONRoundTrips: the comparison's JSON decodes back to the
// same value, and names every provider.
func TestComparisonJSONRoundTrips(t *testing.T) {
	c := comparison(t, planAll(t)[2].p)
	out, err := export.Render(export.ComparisonDoc{Comparison: c}, "json", textOptions)
	if err != nil {
		t.Fatal(err)
	}
	var back advisor.ProviderComparison
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.Cheapest != c.Cheapest || len(back.Providers) != 4 || len(back.Components) != len(c.Components) {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func advise(tb testing.TB, kv ...string) *advisor.Plan {
	tb.Helper()
	p, err := newAdvisor(tb).Advise(mustAnswers(tb, kv...))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestWhatIfJSONMatchesSchema: a plan carrying every what-if validates
// against docs/plan.schema.json, the what_if part included.
func TestWhatIfJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t)
	for _, pl := range resiliencePlans(t) {
		if err := validateJSON(sch, export.JSON(withWhatIfs(t, pl.p))); err != nil {
			t.Errorf("%s: %v", pl.name, err)
		}
	}
}

// TestComparisonMarkdownIsText: the comparison shows every name as text,
// never as HTML or a link, with whole tables.
func TestComparisonMarkdownIsText(t *testing.T) {
	for _, pl := range planAll(t) {
		src := export.ComparisonMarkdown(comparison(t, pl.p))
		doc := parseMarkdown(src)
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.RawHTML, *ast.HTMLBlock, *ast.Link, *ast.AutoLink, *ast.Image:
				if entering {
					t.Errorf("%s: %s in the comparison", pl.name, n.Kind())
				}
			}
			return ast.WalkContinue, nil
		})
		for _, table := range rawTables(string(src)) {
			header := rawCells(table[0])
			for _, line := range table[1:] {
				if got := len(rawCells(line)); got != len(header) {
					t.Errorf("%s: row with %d cells under a header of %d: %s", pl.name, got, len(header), line)
				}
			}
		}
	}
}

// TestShortfallNamesWhatDrivesTheBill: when the cuts cannot close the
// gap, text, Markdown and the TUI say so and name the tier behind the
// bill; a plan that fits, or whose cuts would close the gap, says nothing.
func TestShortfallNamesWhatDrivesTheBill(t *testing.T) {
	p := advise(t, "users", "5M", "read_ratio", "100:1", "response_bytes", "60KB", "budget", "20k")
	s := export.Shortfall(p)
	for _, want := range []string{"short of the gap", "The edge tier is most of the bill", "(80%)", "Content delivery network $21,884", "Internet egress $10,294"} {
		if !strings.Contains(s, want) {
			t.Errorf("shortfall %q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "DNS") {
		t.Errorf("shortfall names a part under 1%% of its tier: %q", s)
	}
	for _, format := range []string{"md", "text"} {
		out := string(render(t, p, format))
		if !strings.Contains(strings.Join(strings.Fields(out), " "), "short of the gap") {
			t.Errorf("%s output does not say the cuts fall short", format)
		}
	}
	if s := export.Shortfall(advise(t, "users", "5M", "budget", "1M")); s != "" {
		t.Errorf("a plan within budget: %q", s)
	}
}

// TestBudgetSaysWhenACutClosesTheGapAndWhenGrowthPassesIt: a cut that
// brings the plan within budget says what the plan then costs; a plan
// within budget today says the month its growth passes it; an AI plan
// says inference is not in the cost.
func TestBudgetSaysWhenACutClosesTheGapAndWhenGrowthPassesIt(t *testing.T) {
	p := advise(t, "users", "20k", "budget", "100", "team", "2", "availability", "99.9")
	cuts := export.CutTexts(p)
	if len(cuts) == 0 || !strings.Contains(cuts[0], "within the budget") {
		t.Errorf("a $216 cut against a $211 gap: %q", cuts)
	}
	text := strings.Join(strings.Fields(string(render(t, p, "text"))), " ")
	if !regexp.MustCompile(`Without Multi-AZ deployment: saves \$\d+ a month \(the plan then costs \$\d+, within the budget\)`).MatchString(text) {
		t.Errorf("text output does not list the cut with the cost it leaves")
	}
	g := advise(t, "users", "300k", "traits", "media", "object_bytes", "2MB", "growth", "15%", "budget", "8000")
	if o := export.Outgrown(g); !strings.Contains(o, "passes the budget in month 1 ($") {
		t.Errorf("a plan within budget today, over it in month 1: %q", o)
	}
	if o := export.Outgrown(advise(t, "users", "300k", "budget", "1M", "growth", "1%")); o != "" {
		t.Errorf("a budget no month passes: %q", o)
	}
	ai := advise(t, "users", "200k", "traits", "ai", "budget", "3000")
	if !strings.Contains(string(render(t, ai, "md")), "(model inference is not priced)") {
		t.Errorf("an AI plan's budget verdict does not say inference is left out")
	}
}
