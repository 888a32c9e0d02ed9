package export_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/export"
)

// TestDiagramFollowsTheRequestPath checks the drawing reads as a request
// travels: boxes in path order, egress drawn with what it sends, each
// arrow ending on the box it feeds, frames no wider than their contents.
func TestDiagramFollowsTheRequestPath(t *testing.T) {
	p := diagramPlan(t, "photo-sharing")
	d := export.Diagram(p, 200)
	lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")

	row := func(a, b string) {
		t.Helper()
		for _, l := range lines {
			if i, j := strings.Index(l, a), strings.Index(l, b); i >= 0 && j >= 0 {
				if i > j {
					t.Errorf("%s is drawn after %s:\n%s", a, b, l)
				}
				return
			}
		}
		t.Errorf("%s and %s are not side by side:\n%s", a, b, d)
	}
	row("Load balancer", "Application server")
	row("Cache", "Connection pooler")
	row("Connection pooler", "Relational database")
	row("DNS", "Content delivery")

	if !strings.Contains(d, "Internet egress") || !strings.Contains(d, "a month out") {
		t.Errorf("egress is not drawn with the data it sends:\n%s", d)
	}

	// Every ▼ lands on a box's top edge, the box the arrow names.
	for i, l := range lines {
		x := strings.Index(l, "▼")
		if x < 0 {
			continue
		}
		col := ansi.StringWidth(l[:x])
		var below string
		for _, n := range lines[i+1 : min(i+3, len(lines))] {
			if strings.Contains(n, "┌") {
				below = n
				break
			}
		}
		if r := []rune(below); col >= len(r) || !strings.ContainsRune("─┌┐", r[col]) {
			t.Errorf("the arrow on line %d points at no box:\n%s\n%s", i+1, l, below)
		}
	}
	for _, want := range []string{"static and media", "3,472 rps peak", "Relational database (PostgreSQL): sync"} {
		if !strings.Contains(d, want) {
			t.Errorf("no arrow says %q:\n%s", want, d)
		}
	}

	// At 200 columns the frames take what their widest row of boxes needs:
	// some box meets the frame's right side.
	widest, tight := 0, false
	for _, l := range lines {
		widest = max(widest, ansi.StringWidth(l))
		tight = tight || strings.HasSuffix(l, "┐ │") || strings.HasSuffix(l, "┘ │")
	}
	if widest >= 200 || !tight {
		t.Errorf("at 200 columns the frames stretch past their boxes (%d wide):\n%s", widest, d)
	}
}
