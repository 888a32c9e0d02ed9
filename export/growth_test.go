package export_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/mermaidcheck"
)

// growthPlan advises kv (answers-file keys and values) with a horizon.
func growthPlan(tb testing.TB, months int, kv ...string) *advisor.Plan {
	tb.Helper()
	a := answers.Answers{Version: answers.Version}
	for i := 0; i < len(kv); i += 2 {
		f, ok := answers.Lookup(kv[i])
		if !ok {
			tb.Fatalf("no answer %q", kv[i])
		}
		if err := a.Set(f, kv[i+1]); err != nil {
			tb.Fatal(err)
		}
	}
	ad := newAdvisor(tb)
	ad.SetHorizon(months)
	p, err := ad.Advise(a)
	if err != nil {
		tb.Fatal(err)
	}
	if p.Timeline == nil {
		tb.Fatalf("%q: no timeline", kv)
	}
	return p
}

// growthPlans are the answers files with growth and a few more systems,
// short and long horizons, slow and explosive growth.
func growthPlans(tb testing.TB) map[string]*advisor.Plan {
	out := map[string]*advisor.Plan{}
	for _, pl := range planAll(tb) {
		if pl.p.Timeline != nil {
			out[pl.name] = pl.p
		}
	}
	if len(out) < 3 {
		tb.Fatalf("only %d answers files give growth", len(out))
	}
	out["50k at 12% for 24 months"] = growthPlan(tb, 24, "users", "50k", "growth", "12%")
	out["50k at 12% for 10 years"] = growthPlan(tb, 120, "users", "50k", "growth", "12%")
	out["5 users at 1000% for 3 months"] = growthPlan(tb, 3, "users", "5", "growth", "1000%")
	out["2M at 0.5% for a year"] = growthPlan(tb, 12, "users", "2M", "growth", "0.5", "name", `Acme "growth" #1: 100% <fast>`)
	return out
}

// TestGrowthDiagramsParse runs every growth chart and milestone timeline
// through Mermaid's own parser, and checks the Markdown carries them.
func TestGrowthDiagramsParse(t *testing.T) {
	mermaidcheck.Require(t)
	type item struct {
		label, want string
	}
	var items []item
	var diagrams []string
	for name, p := range growthPlans(t) {
		cost, peak := export.GrowthCharts(p.Timeline)
		items = append(items, item{name + "/cost", "xychart"}, item{name + "/peak", "xychart"})
		diagrams = append(diagrams, cost, peak)
		if ms := export.GrowthMilestones(p.Timeline); ms != "" {
			items = append(items, item{name + "/milestones", "timeline"})
			diagrams = append(diagrams, ms)
		}
		md := string(export.Markdown(p))
		for _, d := range diagrams[len(diagrams)-2:] {
			if !strings.Contains(md, "```mermaid\n"+d+"```\n") {
				t.Errorf("%s: the Markdown lacks the diagram\n%s", name, d)
			}
		}
	}
	results, err := mermaidcheck.Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		if !results[i].OK {
			t.Errorf("%s: Mermaid rejects the diagram: %s\n%s", it.label, results[i].Error, diagrams[i])
			continue
		}
		if results[i].Type != it.want {
			t.Errorf("%s: diagram type %q, want %q", it.label, results[i].Type, it.want)
		}
	}
}

// TestGrowthMarkdownLints runs the growth plans' Markdown through
// markdownlint.
func TestGrowthMarkdownLints(t *testing.T) {
	mermaidcheck.Require(t)
	docs := map[string][]byte{}
	i := 0
	for _, p := range growthPlans(t) {
		i++
		docs[fmt.Sprintf("growth-%d.md", i)] = export.Markdown(p)
	}
	if problems := mermaidcheck.Lint(t, docs); len(problems) != 0 {
		t.Errorf("markdownlint found %d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// TestGrowthGolden pins the growth section in Markdown and text for a
// two-year and a ten-year horizon.
func TestGrowthGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		months int
	}{{"24-months", 24}, {"120-months", 120}} {
		p := growthPlan(t, tc.months, "users", "50k", "growth", "12%", "read_ratio", "20:1")
		t.Run(tc.name+"/md", func(t *testing.T) {
			md := string(export.Markdown(p))
			start := strings.Index(md, "\n## Growth over")
			end := strings.Index(md, "\n## Cost and budget")
			if start < 0 || end < start {
				t.Fatal("no growth section before the costs")
			}
			golden.RequireEqual(t, []byte(md[start+1:end+1]))
		})
		t.Run(tc.name+"/text", func(t *testing.T) {
			text := ansi.Strip(string(export.Text(p, textOptions)))
			start := strings.Index(text, "\nGrowth: ")
			if start < 0 {
				t.Fatal("no growth section")
			}
			golden.RequireEqual(t, []byte(text[start+1:]))
		})
	}
}

// TestGrowthTablesFit: the text growth section fits 40, 80 and 120 columns
// for every horizon.
func TestGrowthTablesFit(t *testing.T) {
	for name, p := range growthPlans(t) {
		for _, width := range []int{40, 63, 64, 80, 120} {
			out := string(export.Text(p, export.Options{Width: width, Dark: true}))
			for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s, width %d: line %d is %d columns: %q", name, width, i+1, w, ansi.Strip(line))
				}
			}
		}
	}
}

// TestTriggerMonthsInWords: with growth, deferred components and the next
// stage say "in month N at G% growth, with Mx today's traffic" in Markdown
// and text, the traffic of that month; without growth, a month the stored
// data alone brings says so, at today's traffic; and a multiple found
// without a month says only "at Mx today's traffic", so the two are not
// confused.
func TestTriggerMonthsInWords(t *testing.T) {
	p := growthPlan(t, 24, "users", "50k", "growth", "12%")
	if p.NextStage == nil || p.NextStage.InMonths == nil {
		t.Fatalf("next stage %+v has no month", p.NextStage)
	}
	m := *p.NextStage.InMonths
	want := fmt.Sprintf("in month %d at 12%% growth, with %s today's traffic", int(m), loadText(math.Pow(1.12, m)))
	md, text := string(export.Markdown(p)), ansi.Strip(string(export.Text(p, export.Options{Width: 1000})))
	if !strings.Contains(md, "Next stage: ") || !strings.Contains(md, want+").") {
		t.Errorf("Markdown's next stage does not say %q", want)
	}
	if !strings.Contains(text, want) {
		t.Errorf("text does not say %q", want)
	}
	dated := 0
	for _, d := range p.Deferred {
		if d.InMonths == nil {
			continue
		}
		dated++
		w := fmt.Sprintf("| in month %d at 12%% growth, with %s today's traffic |", int(*d.InMonths), loadText(*d.AtLoadX))
		if !strings.Contains(md, w) {
			t.Errorf("Markdown's deferred table has no %q for %s", w, d.ID)
		}
	}
	if dated == 0 {
		t.Error("no deferred component is dated")
	}
	// 5,000 users and no growth: a year's data passes what one machine
	// should hold in about month 41, and the next stage says so.
	var a answers.Answers
	if err := a.Set(answers.Users, "5k"); err != nil {
		t.Fatal(err)
	}
	flat, err := newAdvisor(t).Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	if flat.NextStage == nil || flat.NextStage.InMonths == nil || *flat.NextStage.AtLoadX != 1 {
		t.Fatalf("without growth, next stage %+v is not dated by the data", flat.NextStage)
	}
	want = fmt.Sprintf("(in month %d as the stored data grows, at today's traffic)", int(*flat.NextStage.InMonths))
	if md := string(export.Markdown(flat)); !strings.Contains(md, want) {
		t.Errorf("Markdown's next stage without growth does not say %q", want)
	}
	x := 3.73
	for _, tc := range []struct {
		x, months *float64
		growth    float64
		want      string
	}{
		{nil, nil, 12, ""},
		{&x, nil, 0, "at 3.7x today's traffic"},
		{&x, nil, 12, "at 3.7x today's traffic"},
		{ptr(1.12 * 1.12), ptr(2), 12, "in month 2 at 12% growth, with 1.3x today's traffic"},
		{ptr(math.Pow(1.025, 30)), ptr(30), 2.5, "in month 30 at 2.5% growth, with 2.1x today's traffic"},
		{ptr(1), ptr(40), 0, "in month 40 as the stored data grows, at today's traffic"},
	} {
		if got := export.When(tc.x, tc.months, tc.growth); got != tc.want {
			t.Errorf("When(%v, %v, %g) = %q, want %q", tc.x, tc.months, tc.growth, got, tc.want)
		}
	}
}

func ptr(x float64) *float64 { return &x }

// loadText is how a load multiple is written.
func loadText(x float64) string {
	if x >= 10 {
		return human.Count(x) + "x"
	}
	return fmt.Sprintf("%.1fx", x)
}

// TestGrowthEvents words a month with several events, and the runway.
func TestGrowthEvents(t *testing.T) {
	tl := &advisor.Timeline{GrowthPct: 12, Months: 3,
		Points: []advisor.Month{{Month: 0, StageNumber: 2}, {Month: 1, StageNumber: 2}, {Month: 2, StageNumber: 4}, {Month: 3, StageNumber: 4}},
		Milestones: []advisor.Milestone{
			{Month: 1, Kind: advisor.MilestoneLimit, ID: "app-fleet", Name: "the app servers"},
			{Month: 2, Kind: advisor.MilestoneStage, ID: "horizontal", Name: "Load balancer + horizontal scaling"},
			{Month: 2, Kind: advisor.MilestoneStage, ID: "cache-replicas-cdn", Name: "Cache, read replicas, CDN"},
			{Month: 2, Kind: advisor.MilestoneComponent, ID: "load-balancer", Name: "Load balancer"},
			{Month: 2, Kind: advisor.MilestoneComponent, ID: "cdn", Name: "Content delivery network"},
		},
		Runway: &advisor.Runway{Months: 1, LimitID: "app-fleet", Says: "the app servers", Fix: "add app servers"},
	}
	got := export.GrowthEvents(tl)
	want := []string{
		"today's architecture reaches its limit: the app servers",
		"reaches stage 3, Load balancer + horizontal scaling, then stage 4, Cache, read replicas, CDN; adds Load balancer, Content delivery network",
	}
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Text != want[i] {
			t.Errorf("event %d: %q, want %q", i, got[i].Text, want[i])
		}
	}
	if r := export.RunwayText(tl); r != "1 month: then today's architecture reaches its limit, the app servers; add app servers" {
		t.Errorf("runway %q", r)
	}
	tl.Runway, tl.Milestones = nil, tl.Milestones[1:]
	if r := export.RunwayText(tl); r != "no limit of today's architecture is reached within the 3 months, though the plan changes on the way (the milestones)" {
		t.Errorf("runway %q", r)
	}
	tl.Milestones = nil
	if r := export.RunwayText(tl); r != "today's architecture holds for the whole 3 months" {
		t.Errorf("runway %q", r)
	}
	tl.Runway = &advisor.Runway{Months: 0, Says: "the cache", Fix: "add cache nodes"}
	if r := export.RunwayText(tl); r != "none: already at today's load the limit is the cache; add cache nodes" {
		t.Errorf("runway %q", r)
	}
}

// TestOneMonthIsSingular: a horizon of one month says "1 month" in every
// format, never "1 months".
func TestOneMonthIsSingular(t *testing.T) {
	p := growthPlan(t, 1, "users", "50k", "growth", "5%")
	for format, out := range map[string]string{
		"md":   string(export.Markdown(p)),
		"text": ansi.Strip(string(export.Text(p, export.Options{Width: 1000}))),
	} {
		if strings.Contains(out, "1 months") {
			i := strings.Index(out, "1 months")
			t.Errorf("%s says %q", format, out[max(0, i-40):i+8])
		}
		if !strings.Contains(out, "1 month") {
			t.Errorf("%s does not name the one-month horizon", format)
		}
	}
}
