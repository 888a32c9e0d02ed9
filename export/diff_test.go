package export_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/mermaidcheck"
)

// diffPair is two answers files compared in the goldens: a growing system
// and a bigger one with other answers.
func diffPair(t *testing.T) export.PlanDiff {
	t.Helper()
	var from, to planned
	for _, pl := range planAll(t) {
		switch pl.name {
		case "02-separate-db":
			from = pl
		case "photo-sharing":
			to = pl
		}
	}
	if from.p == nil || to.p == nil {
		t.Fatal("the answers files 02-separate-db and photo-sharing are gone")
	}
	return export.NewPlanDiff("02-separate-db.yaml", from.p, "photo-sharing.yaml", to.p)
}

// TestDiffGolden pins a comparison in every format.
func TestDiffGolden(t *testing.T) {
	d := diffPair(t)
	if d.Same || len(d.Added) == 0 || len(d.Resized) == 0 || len(d.Answers) == 0 {
		t.Fatalf("the pair should differ in answers, components and sizes: %+v", d)
	}
	for _, format := range d.Formats() {
		t.Run(format, func(t *testing.T) {
			out, err := d.Render(format, export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, out)
		})
	}
	// YAML is now one of a comparison's formats; a diagram still is not.
	if _, err := export.Render(d, "mermaid", export.Options{}); err == nil || !strings.Contains(err.Error(), "text, md, json or yaml") {
		t.Errorf("Render(mermaid) error = %v, want one listing the formats", err)
	}
}

// TestDiffOfAPlanWithItselfIsEmpty: every answers file compared with itself
// changes nothing, and every format says so.
func TestDiffOfAPlanWithItselfIsEmpty(t *testing.T) {
	for _, pl := range planAll(t) {
		d := export.NewPlanDiff(pl.name, pl.p, pl.name, pl.p)
		if !d.Same || len(d.Answers) != 0 || len(d.Added)+len(d.Removed)+len(d.Resized) != 0 || d.Cost.ChangeUSD != 0 {
			t.Errorf("%s: compared with itself: %+v", pl.name, d)
		}
		if text := string(export.DiffText(d)); !strings.Contains(text, "No difference") {
			t.Errorf("%s: text does not say there is no difference:\n%s", pl.name, text)
		}
		if md := string(export.DiffMarkdown(d)); !strings.Contains(md, "No difference") {
			t.Errorf("%s: Markdown does not say there is no difference:\n%s", pl.name, md)
		}
		js, err := d.Render("json", export.Options{})
		if err != nil {
			t.Fatalf("%s: JSON: %v", pl.name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil || m["same"] != true {
			t.Errorf("%s: JSON same = %v (%v)", pl.name, m["same"], err)
		}
	}
}

// TestDiffMarkdownLints runs the comparisons' Markdown through markdownlint.
func TestDiffMarkdownLints(t *testing.T) {
	mermaidcheck.Require(t)
	d := diffPair(t)
	pls := planAll(t)
	docs := map[string][]byte{
		"diff.md": export.DiffMarkdown(d),
		"same.md": export.DiffMarkdown(export.NewPlanDiff("a.yaml", pls[0].p, "a.yaml", pls[0].p)),
		"wide.md": export.DiffMarkdown(export.NewPlanDiff("00.yaml", pls[0].p, "08 | *odd* name.json", pls[8].p)),
	}
	if problems := mermaidcheck.Lint(t, docs); len(problems) != 0 {
		t.Errorf("markdownlint found %d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// TestDiffEscapesFileNames: the file names a diff reports are anyone's
// text; in JSON and YAML a control or bidi character is written escaped,
// never raw, as the terminal formats show it.
func TestDiffEscapesFileNames(t *testing.T) {
	p := advise(t, "users", "5k")
	d := export.NewPlanDiff("a\u202eb.json", p, "c\x1bd.json", p)
	for _, s := range []string{d.From, d.To} {
		if strings.ContainsAny(s, "\u202e\x1b") {
			t.Errorf("file name %q kept a raw control or bidi character", s)
		}
	}
}
