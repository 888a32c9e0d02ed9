package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/tmpfs"
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

// TestSweepThatFailsWritesNothing: a point that fails after others were
// written (where --users and --requests-per-user are both high the peak
// is past its limit; each range's ends alone are not) leaves no -o file,
// no temporary file beside it, and prints nothing.
func TestSweepThatFailsWritesNothing(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		dir := t.TempDir()
		args := []string{"sweep", "--users", "1k..8.2B", "--requests-per-user", "1..1M", "--steps", "3", "--format", format}
		code, stdout, stderr := runInProcess(append(args, "-o", filepath.Join(dir, "sweep."+format))...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "past its maximum") {
			t.Errorf("%s -o: exit %d, stdout %q, stderr %q; want %d naming the peak", format, code, stdout, stderr, ExitUsage)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s -o: a failed sweep left %v", format, entries)
		}
		if code, stdout, _ := runInProcess(args...); code != ExitUsage || stdout != "" {
			t.Errorf("%s: exit %d, printed %d bytes; want %d and nothing printed", format, code, len(stdout), ExitUsage)
		}
	}
}

// TestSweepOnAFullDisk: a sweep -o that fills the disk part way says so,
// not that a point failed, and leaves nothing behind.
func TestSweepOnAFullDisk(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		tmpfs.Fill(t, dir)
		for _, steps := range []string{"3", "20000"} { // under the write buffer, and over it
			out := filepath.Join(dir, "sweep.csv")
			code, stdout, stderr := runInProcess("sweep", "--users", "1..1e8", "--steps", steps, "-o", out)
			if code != ExitError || stdout != "" || !strings.Contains(stderr, "no space left on device") || strings.Contains(stderr, "users=") {
				t.Errorf("--steps %s: exit %d, stdout %q, stderr %q; want exit 1 naming the full disk alone", steps, code, stdout, stderr)
			}
			requireDir(t, dir, ".fill")
		}
	})
}
