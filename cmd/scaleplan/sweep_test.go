package main

import (
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

// sweepPlans is how many plans one BenchmarkSweep iteration makes.
const sweepPlans = 1000

// BenchmarkSweep runs scaleplan sweep --users 1e3..1e8 --steps 1000 to CSV
// on one goroutine: parsing, every plan and every row. The target is at
// least 100,000 plans a second on one core; plans/s reports it (wall
// clock), cpu-plans/s the same from the process's CPU time, which a busy
// machine disturbs less.
func BenchmarkSweep(b *testing.B) {
	kb, err := knowledge.Default()
	if err != nil {
		b.Fatal(err)
	}
	ad := advisor.New(kb)
	base := answers.Answers{Version: answers.Version}
	ax, err := sweepRange(&base, answers.Users, "1e3..1e8", sweepPlans, "auto")
	if err != nil {
		b.Fatal(err)
	}
	axes := []advisor.Axis{ax}
	keys := []string{answers.Users.Key}
	components := kb.ComponentIDsInOrder()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		sw, err := export.NewSweepWriter(io.Discard, "csv", keys, components)
		if err != nil {
			b.Fatal(err)
		}
		if err := ad.Sweep(base, axes, sw.Point); err != nil {
			b.Fatal(err)
		}
		if err := sw.Close(); err != nil {
			b.Fatal(err)
		}
	}
	plans := float64(b.N * sweepPlans)
	b.ReportMetric(plans/b.Elapsed().Seconds(), "plans/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e9/plans, "cpu-ns/plan")
	b.ReportMetric(plans/(cpuTime()-cpu0).Seconds(), "cpu-plans/s")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
