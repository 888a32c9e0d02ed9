package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

// diagramPlan advises on one answers file from the shared fixtures.
func diagramPlan(tb testing.TB, name string) *advisor.Plan {
	tb.Helper()
	path := filepath.Join("..", "testdata", "answers", name+".yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		tb.Fatal(err)
	}
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	p, err := advisor.New(kb).Advise(a)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestDiagramGolden(t *testing.T) {
	for _, name := range []string{"01-single-server", "05-autoscale", "07-multi-region"} {
		for _, width := range []int{80, 120} {
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				golden.RequireEqual(t, export.Diagram(diagramPlan(t, name), width))
			})
		}
	}
}

// TestDiagramShape checks what every drawing must do, for every fixture at
// every width: fit, show every component, keep tiers in order, and join
// them with arrows.
func TestDiagramShape(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "answers", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		p := diagramPlan(t, name)
		for _, width := range []int{40, 60, 80, 100, 120, 200} {
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				d := export.Diagram(p, width)
				if d != export.Diagram(p, width) {
					t.Fatal("two drawings of the same plan differ")
				}
				if strings.Contains(d, "\x1b") {
					t.Fatal("the drawing carries escape sequences")
				}
				lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > width {
						t.Errorf("line %d is %d wide, more than %d: %q", i+1, w, width, l)
					}
				}
				// Every component but egress has a box, found by the start of its name.
				flat := strings.Join(strings.Fields(strings.ReplaceAll(d, "│", " ")), " ")
				for _, c := range p.Components {
					if c.ID == "egress" {
						continue
					}
					first := strings.Fields(c.Name)[0]
					if !strings.Contains(flat, first) {
						t.Errorf("no box for %s (%q)", c.ID, c.Name)
					}
				}
				// Tiers appear once each, in drawing order, with an arrow into each.
				var order []string
				for _, l := range lines {
					if strings.HasPrefix(l, "╭─ ") {
						order = append(order, strings.Fields(l)[1])
					}
				}
				want := []string{"Edge", "Web", "Data", "Async", "Operations"}
				var idx []int
				for _, o := range order {
					i := slices.Index(want, o)
					if i < 0 {
						t.Fatalf("unknown tier frame %q", o)
					}
					idx = append(idx, i)
				}
				if !slices.IsSorted(idx) || len(slices.Compact(slices.Clone(idx))) != len(idx) {
					t.Errorf("tiers drawn in order %v", order)
				}
				if arrows := strings.Count(d, "▼"); arrows != len(order) {
					t.Errorf("%d arrows for %d tiers", arrows, len(order))
				}
			})
		}
	}
}

func TestDiagramLabels(t *testing.T) {
	p := diagramPlan(t, "05-autoscale")
	d := export.Diagram(p, 100)
	for _, want := range []string{
		"MAU",
		"rps peak",   // into the first tier
		"reads/s · ", // into the data tier
	} {
		if !strings.Contains(d, want) {
			t.Errorf("the drawing does not say %q:\n%s", want, d)
		}
	}
	if strings.Contains(d, "flowchart") || strings.Contains(d, "-->") {
		t.Errorf("the drawing is Mermaid text, not boxes:\n%s", d)
	}
}

func TestDiagramShowsHostileNamesLiterally(t *testing.T) {
	p := diagramPlan(t, hostileFixture)
	d := export.Diagram(p, 200)
	if !strings.Contains(d, `Bob's "Best" #1 <script>`) {
		t.Errorf("the product name is not shown as written:\n%s", d)
	}
	if strings.Count(d, "MAU") != 1 {
		t.Errorf("a two-line name broke the users box:\n%s", d)
	}
}

func TestDiagramNarrowWidthIsClamped(t *testing.T) {
	p := diagramPlan(t, "05-autoscale")
	if got, want := export.Diagram(p, 10), export.Diagram(p, export.DiagramMinWidth); got != want {
		t.Errorf("width 10 is not drawn at the minimum width")
	}
}
