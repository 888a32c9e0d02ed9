package interview

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// run runs a drill in plain mode over input and returns what went to the
// prompts and to the feedback.
func run(t *testing.T, d Drill, input string, o PlainOptions) (prompts, feedback string) {
	t.Helper()
	var p, f bytes.Buffer
	o.In, o.Prompts, o.Feedback = strings.NewReader(input), &p, &f
	if o.Now == nil {
		o.Now = fixedClock()
	}
	if err := RunPlain(context.Background(), d, o); err != nil {
		t.Fatal(err)
	}
	return p.String(), f.String()
}

// TestPlainGolden is a whole plain interview: answers right, close, far
// off, unreadable (asked again), skipped; then the report. Run with
// -update after a deliberate change and read the diff as you would code.
func TestPlainGolden(t *testing.T) {
	s := newSession(t, "url-shortener")
	input := strings.Join([]string{
		"12k",     // average QPS: within 20%
		"~50,000", // peak QPS: twice
		"fifty",   // storage per day: unreadable, asked again
		"50 GB",   // storage per day
		"1.8 PB",  // storage over retention: 10x
		"",        // bandwidth: skipped
		"100",     // cache
		"cache",   // stage: not a stage, asked again
		"5",       // stage: one off
		"dns, cdn, app-server, load-balancer, database, cache, read-replica, sharding, message-queue, workers, monitoring",
		"db-reads", // what breaks first
	}, "\n") + "\n"
	prompts, feedback := run(t, s, input, PlainOptions{Echo: true})
	t.Run("prompts", func(t *testing.T) { golden.RequireEqual(t, prompts) })
	t.Run("feedback", func(t *testing.T) { golden.RequireEqual(t, feedback) })
	t.Run("report", func(t *testing.T) { golden.RequireEqual(t, s.Report(80)) })
}

func TestPlainQuizGolden(t *testing.T) {
	q := newQuiz(t, QuizOptions{Seed: 2026, Count: 6})
	prompts, feedback := run(t, q, "100ns\n99.9\n150us\n0.7 TB\n1e15\nsharding\n1\n", PlainOptions{Echo: true})
	golden.RequireEqual(t, prompts+"\n-- feedback --\n"+feedback+"\n-- report --\n"+q.Report(80))
}

func TestPlainInputEnded(t *testing.T) {
	s := newSession(t, "pastebin")
	prompts, feedback := run(t, s, "127\n", PlainOptions{})
	if !strings.Contains(prompts, "The input ended before question 2 of 9.") {
		t.Errorf("prompts do not say the input ended:\n%s", prompts)
	}
	if !strings.HasPrefix(feedback, "Average QPS: full marks, 10/10\n") {
		t.Errorf("feedback:\n%s", feedback)
	}
	if r := s.Result(); r.Stopped != "input ended" || r.Score != PointsPerStep {
		t.Errorf("stopped %q with %g points", r.Stopped, r.Score)
	}
}

func TestPlainTimer(t *testing.T) {
	s := newSession(t, "pastebin")
	fire := make(chan time.Time)
	lines := make(chan string)
	var p, f bytes.Buffer
	done := make(chan error)
	go func() {
		done <- RunPlain(context.Background(), s, PlainOptions{Prompts: &p, Feedback: &f, Timer: 45 * time.Minute, Lines: lines,
			Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
			After: func(d time.Duration) <-chan time.Time {
				if d != 45*time.Minute {
					t.Errorf("timer %s, want 45m", d)
				}
				return fire
			}})
	}()
	lines <- "127"
	fire <- time.Now()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.String(), "[1/9] Average QPS · 45:00 left\n") {
		t.Errorf("the prompt shows no countdown:\n%s", p.String())
	}
	if !strings.Contains(p.String(), "Time is up (45m 00s).") {
		t.Errorf("no time-up message:\n%s", p.String())
	}
	r := s.Result()
	if r.Stopped != "time is up" || r.Steps[0].Grade != GradeFull || r.Steps[1].Grade != GradeSkipped {
		t.Errorf("stopped %q, grades %s, %s", r.Stopped, r.Steps[0].Grade, r.Steps[1].Grade)
	}
	if !strings.Contains(s.Report(80), "Stopped: time is up; the steps left are counted as skipped.") {
		t.Error("the report does not say the time ran out")
	}
}

func TestPlainCancel(t *testing.T) {
	s := newSession(t, "pastebin")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pr, pw := io.Pipe()
	defer pw.Close()
	err := RunPlain(ctx, s, PlainOptions{In: pr, Prompts: io.Discard, Feedback: io.Discard})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run returned %v", err)
	}
}

func TestCountdown(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Minute: "45:00", 59*time.Second + 400*time.Millisecond: "0:59", -time.Second: "0:00", 90 * time.Minute: "1:30:00",
	} {
		if got := Countdown(d); got != want {
			t.Errorf("Countdown(%s) = %s, want %s", d, got, want)
		}
	}
}

// TestLineChannelSaysALongLineIsWhyItStopped: a line past the typed-input
// limit closes the channel, and the reason is kept, so a run can say why
// the answers after it were not read rather than that the input ended.
func TestLineChannelSaysALongLineIsWhyItStopped(t *testing.T) {
	lines, end := LineChannel(strings.NewReader(strings.Repeat("9", readfile.MaxLineBytes+1) + "\n127\n"))
	for range lines {
		t.Error("a line past the limit was handed out")
	}
	if !errors.Is(end(), readfile.ErrLineTooLong) {
		t.Errorf("end() = %v, want ErrLineTooLong", end())
	}
	lines, end = LineChannel(strings.NewReader("1\n2\n"))
	n := 0
	for range lines {
		n++
	}
	if n != 2 || end() != nil {
		t.Errorf("two lines and the end: %d lines, end() = %v", n, end())
	}
}
