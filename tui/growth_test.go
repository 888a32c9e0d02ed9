package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
)

// TestGrowthTab: without growth the tab says in one line how to get a
// timeline, and the tabs keep their numbers; with
// growth it draws the chart, the table and the milestones within the width.
func TestGrowthTab(t *testing.T) {
	ad := advisor.New(testKB(t))
	s := NewStyles(true, true)
	flat, err := ad.Advise(mustAnswers(t, "users", "50k"))
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{MinWidth, 80, 120} {
		if got := ansi.Strip(renderTab(tabGrowth, flat, width, s, resultsContext{})); got != noGrowth {
			t.Errorf("width %d: without growth the tab is not the one line saying how to get a timeline:\n%s", width, got)
		}
	}
	for _, growth := range []string{"12%", "1000%", "0.5"} {
		p, err := ad.Advise(mustAnswers(t, "users", "50k", "growth", growth))
		if err != nil {
			t.Fatal(err)
		}
		for _, width := range []int{60, 80, 120} {
			out := ansi.Strip(renderTab(tabGrowth, p, width, s, resultsContext{}))
			for _, want := range []string{"Growth over 24 months", "Runway", "┤", "Month", "Monthly cost by month"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s growth, width %d: no %q in\n%s", growth, width, want, out)
				}
			}
			for i, line := range strings.Split(out, "\n") {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s growth, width %d: line %d is %d columns: %q", growth, width, i+1, w, line)
				}
			}
		}
	}
}

// TestGrowthTabRunwayAgreesWithMilestones: the runway line never says
// today's architecture holds for the whole horizon above a month in which
// something changes; when it ends, it ends in the month the milestones
// say today's architecture reaches its limit, and the Summary tab's
// "Breaks" line gives the same month: one figure for how long it lasts.
func TestGrowthTabRunwayAgreesWithMilestones(t *testing.T) {
	ad := advisor.New(testKB(t))
	s := NewStyles(true, true)
	checked, dated, ended := 0, 0, 0
	for _, users := range []string{"500", "5k", "50k", "320k", "2M", "50M"} {
		for _, growth := range []string{"1e-15", "0.5", "3%", "12%", "60%"} {
			p, err := ad.Advise(mustAnswers(t, "users", users, "growth", growth))
			if err != nil {
				t.Fatal(err)
			}
			out := ansi.Strip(renderTab(tabGrowth, p, 120, s, resultsContext{ladder: 9}))
			holds := strings.Contains(out, "holds for the whole")
			first, limit, month := -1, -1, -1
			events := map[int]string{}
			for _, line := range strings.Split(out, "\n") {
				var m int
				if _, err := fmt.Sscanf(strings.TrimLeft(line, " •-"), "Month %d:", &m); err == nil {
					month = m
					if first < 0 {
						first = m
					}
				}
				// A month's events wrap onto the lines after it.
				if month >= 0 {
					events[month] += " " + strings.TrimSpace(line)
				}
			}
			for m, e := range events {
				if strings.Contains(e, "reaches its limit") {
					limit = m
				}
			}
			if first >= 0 {
				dated++
			}
			if holds && first >= 0 {
				t.Errorf("%s users at %s: the runway holds for the whole horizon above month %d's milestones:\n%s", users, growth, first, out)
			}
			if r := p.Timeline.Runway; r != nil && r.Months > 0 {
				ended++
				if limit != r.Months {
					t.Errorf("%s users at %s: runway %d months, the milestones reach the limit in month %d", users, growth, r.Months, limit)
				}
				summary := ansi.Strip(renderTab(tabSummary, p, 1000, s, resultsContext{ladder: 9}))
				if want := fmt.Sprintf("in month %d ", r.Months); !strings.Contains(summary, want) {
					t.Errorf("%s users at %s: runway %d months, but the summary's Breaks line does not say %q:\n%s", users, growth, r.Months, want, summary)
				}
			}
			checked++
		}
	}
	if checked < 30 || dated < 10 || ended < 5 {
		t.Errorf("only %d plans checked, %d with milestones, %d with a runway that ends", checked, dated, ended)
	}
}

// TestGrowthTabWithoutGrowthKeepsItsNumber: without growth, 7 still goes
// to the Growth tab, as the help's 1-7 says, and it shows the one line.
func TestGrowthTabWithoutGrowthKeepsItsNumber(t *testing.T) {
	a := mustAnswers(t, "name", "Flat", "users", "50k")
	opts := testOptions(t)
	opts.Answers = &a
	d := newDriver(t, opts, MinWidth, MinHeight)
	d.keys("7")
	if d.m.res.tab != tabGrowth {
		t.Fatalf("7 went to tab %d, not Growth", d.m.res.tab)
	}
	d.mustContain(noGrowth)
	d.keys("?")
	d.mustContain("1-7")
}

// TestGrowthTabChartFitsTheWindow: the chart grows with the window but
// stays on the first screen with the table's head below it, at 80x24 and
// 120x40, for a narrow range (linear), a wide one (log, doubling labels)
// and an explosive one (log, decade labels); a wide range gets its log
// axis said under the chart, and a taller window more rows.
func TestGrowthTabChartFitsTheWindow(t *testing.T) {
	for _, growth := range []string{"3%", "12%", "60%"} {
		drawn := map[int]int{}
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			a := mustAnswers(t, "name", "Acme", "users", "2M", "growth", growth)
			opts := testOptions(t)
			opts.Answers = &a
			d := newDriver(t, opts, size[0], size[1])
			d.keys("7")
			view := d.view()
			lines := strings.Split(view, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s growth at %dx%d: %d lines:\n%s", growth, size[0], size[1], len(lines), view)
			}
			rows, axis, caption, table := 0, -1, -1, -1
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%s growth at %dx%d: line %d is %d columns: %q", growth, size[0], size[1], i+1, w, l)
				}
				switch {
				case strings.ContainsAny(l, "┤┼"):
					rows++
				case strings.Contains(l, "└"):
					axis = i
				case strings.HasPrefix(l, "Monthly cost by month"):
					caption = i
				case strings.HasPrefix(strings.TrimSpace(l), "Month ") && strings.Contains(l, "Users"):
					table = i
				}
			}
			if axis < 0 || caption < axis || table < caption {
				t.Errorf("%s growth at %dx%d: the chart, its caption and the table's head are not all on the first screen:\n%s", growth, size[0], size[1], view)
			}
			if rows > chartRows(size[1]) {
				t.Errorf("%s growth at %dx%d: %d chart rows", growth, size[0], size[1], rows)
			}
			if log := strings.Contains(view, "on a log scale"); log != (growth != "3%") {
				t.Errorf("%s growth at %dx%d: log scale said %v:\n%s", growth, size[0], size[1], log, view)
			}
			drawn[size[1]] = rows
		}
		if growth != "3%" && drawn[40] <= drawn[24] {
			t.Errorf("%s growth: %d chart rows at 120x40, %d at 80x24", growth, drawn[40], drawn[24])
		}
	}
}
