//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// maxRSSBudgetKB is the ceiling on the program's peak memory (resident set)
// for one plan from the command line: 30 MB.
const maxRSSBudgetKB = 30 * 1000

// processRuns are the whole-program runs measured: start-up alone, and the
// plan a script would ask for, in every format.
var processRuns = []struct {
	name string
	args []string
}{
	{"version", []string{"--version"}},
	{"plan-json", []string{"plan", "--users", "2M", "--format", "json"}},
	{"plan-md", []string{"plan", "--users", "2M", "--traits", "search,media,jobs", "--budget", "15k", "--format", "md"}},
	{"plan-json-growth", []string{"plan", "--users", "2M", "--growth", "10%", "--format", "json"}},
}

// runProcess runs the built program once and returns its wall time.
func runProcess(tb testing.TB, bin string, args []string) time.Duration {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "NO_COLOR=1"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		tb.Fatalf("scaleplan %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if stdout.Len() == 0 {
		tb.Fatalf("scaleplan %s: no output", strings.Join(args, " "))
	}
	return elapsed
}

// gnuTime is GNU time, which reports a program's peak resident set.
const gnuTime = "/usr/bin/time"

// peakRSS runs the built program once under GNU time and returns its peak
// resident set in KB. The rusage Go's os/exec gets back cannot be used:
// os/exec starts children with vfork, so a child's ru_maxrss includes the
// (large) test process it briefly shared memory with before exec. GNU time
// is a small C program whose own child's maxrss is the program's alone.
func peakRSS(tb testing.TB, bin string, args []string) int64 {
	tb.Helper()
	if _, err := os.Stat(gnuTime); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing in CI (apt-get install time): %v", gnuTime, err)
		}
		tb.Skipf("%s is missing (apt-get install time): peak memory cannot be measured", gnuTime)
	}
	report := filepath.Join(tb.TempDir(), "rss")
	cmd := exec.Command(gnuTime, append([]string{"-f", "%M", "-o", report, bin}, args...)...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "NO_COLOR=1"}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("time scaleplan %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		tb.Fatal(err)
	}
	kb, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		tb.Fatalf("%s reported %q, want kilobytes", gnuTime, data)
	}
	return kb
}

// TestProcessPeakMemory runs the built program as a script would and
// requires each run's peak resident memory to stay under 30 MB. Memory is
// asserted (it barely varies between runs); time is left to
// BenchmarkProcess, since timed tests flake on a busy machine.
func TestProcessPeakMemory(t *testing.T) {
	bin := scaleplanBinary(t)
	for _, r := range processRuns {
		t.Run(r.name, func(t *testing.T) {
			peak := int64(0)
			for range 3 {
				peak = max(peak, peakRSS(t, bin, r.args))
			}
			t.Logf("scaleplan %s: peak RSS %.1f MB", strings.Join(r.args, " "), float64(peak)/1000)
			if peak > maxRSSBudgetKB {
				t.Errorf("scaleplan %s: peak RSS %.1f MB, over the %d MB budget", strings.Join(r.args, " "), float64(peak)/1000, maxRSSBudgetKB/1000)
			}
		})
	}
}

// TestSweepPeakMemory: a sweep holds no more than its document, and
// nothing of it when written with -o (a million points is a gigabyte of
// JSON). 40,000 points of every component make a 45 MB document: -o
// stays within the plan's 30 MB budget, standard output within the
// document and that budget.
func TestSweepPeakMemory(t *testing.T) {
	bin := scaleplanBinary(t)
	out := filepath.Join(t.TempDir(), "sweep.json")
	args := []string{"sweep", "--users", "1..8.2B", "--read-ratio", "0..1M", "--steps", "200", "--format", "json",
		"--traits", "media,jobs,realtime,search,ai", "--regions", "3"}
	toFile := peakRSS(t, bin, append(args, "-o", out))
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	size := st.Size() / 1000
	toStdout := peakRSS(t, bin, args)
	t.Logf("a %.1f MB sweep: peak RSS %.1f MB with -o, %.1f MB to standard output", float64(size)/1000, float64(toFile)/1000, float64(toStdout)/1000)
	if toFile > maxRSSBudgetKB {
		t.Errorf("sweep -o: peak RSS %.1f MB, over the %d MB budget", float64(toFile)/1000, maxRSSBudgetKB/1000)
	}
	if toStdout > size+maxRSSBudgetKB {
		t.Errorf("sweep to standard output: peak RSS %.1f MB for a %.1f MB document; want at most the document and %d MB",
			float64(toStdout)/1000, float64(size)/1000, maxRSSBudgetKB/1000)
	}
}

// BenchmarkProcess times the built program end to end (fork, exec, run,
// exit). The "plan-json-vs-version" case runs `--version` and
// `plan ... --format json` alternately and reports the ratio of their
// times: the budget is 2x. Each case also reports its peak RSS (one run
// under GNU time, outside the timing).
func BenchmarkProcess(b *testing.B) {
	bin := scaleplanBinary(b)
	for _, r := range processRuns {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				runProcess(b, bin, r.args)
			}
			b.StopTimer()
			b.ReportMetric(float64(peakRSS(b, bin, r.args))/1000, "MB-peak-rss")
		})
	}
	b.Run("plan-json-vs-version", func(b *testing.B) {
		var version, plan time.Duration
		for b.Loop() {
			version += runProcess(b, bin, processRuns[0].args)
			plan += runProcess(b, bin, processRuns[1].args)
		}
		b.ReportMetric(float64(plan)/float64(version), "plan/version")
		b.ReportMetric(float64(version.Microseconds())/float64(b.N)/1000, "ms-version")
		b.ReportMetric(float64(plan.Microseconds())/float64(b.N)/1000, "ms-plan")
	})
}
