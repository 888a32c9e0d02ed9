package interview

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/knowledge"
)

func testKB(t testing.TB) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

// fixedClock starts at a fixed instant and moves a minute each call.
func fixedClock() func() time.Time {
	t := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		now := t
		t = t.Add(time.Minute)
		return now
	}
}

func newSession(t testing.TB, id string) *Session {
	t.Helper()
	kb := testKB(t)
	sc, ok := kb.Scenario(id)
	if !ok {
		t.Fatalf("no scenario %q", id)
	}
	s, err := NewSession(kb, sc, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// referenceAnswer is the answer a perfect candidate types for the current
// step: the reference value itself.
func referenceAnswer(t testing.TB, s *Session, q Question) string {
	t.Helper()
	if v, ok := s.ReferenceValue(q.ID); ok {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	switch q.ID {
	case "stage":
		return s.Plan.Stage.ID
	case "components":
		var ids []string
		for _, c := range s.Plan.Components {
			if c.ID != "egress" {
				ids = append(ids, c.ID)
			}
		}
		return strings.Join(ids, ", ")
	case "breaks_first":
		return s.Plan.BreaksFirst.ID
	}
	t.Fatalf("no reference answer for step %q", q.ID)
	return ""
}

// wrongAnswer is a wrong answer for the current step: every estimate off by
// factor, the design answered with something the plan does not have.
func wrongAnswer(t testing.TB, s *Session, q Question, factor float64) string {
	t.Helper()
	if v, ok := s.ReferenceValue(q.ID); ok {
		return strconv.FormatFloat(v*factor, 'g', -1, 64)
	}
	switch q.ID {
	case "stage":
		return strconv.Itoa((s.Plan.Stage.Number + 4) % len(s.kb.Stages))
	case "components":
		for _, id := range []string{"vector-db", "static-hosting", "serverless", "cqrs", "api-gateway"} {
			if !slices.ContainsFunc(s.Plan.Components, func(c advisor.Component) bool { return c.ID == id }) {
				return id
			}
		}
	case "breaks_first":
		for _, l := range s.kb.Limits {
			if l.ID != s.Plan.BreaksFirst.ID {
				return l.ID
			}
		}
	}
	t.Fatalf("no wrong answer for step %q", q.ID)
	return ""
}

func TestScenariosCoverTheIssue(t *testing.T) {
	kb := testKB(t)
	if len(kb.Scenarios) < 14 {
		t.Errorf("%d scenarios, want at least 14", len(kb.Scenarios))
	}
	for _, id := range []string{"url-shortener", "pastebin", "social-feed", "chat", "video-streaming", "photo-sharing",
		"search-autocomplete", "web-crawler", "notification-system", "ride-hailing", "payments-ledger", "leaderboard",
		"file-sync", "ad-click-aggregation", "hotel-booking"} {
		if _, ok := kb.Scenario(id); !ok {
			t.Errorf("no scenario %q", id)
		}
	}
}

// TestEveryScenarioScoresFullMarksWithTheReference answers every step of
// every scenario with the reference value and expects full marks; off by
// 10x either way, every estimate is wrong, and so is the wrong design.
func TestEveryScenarioScoresFullMarksWithTheReference(t *testing.T) {
	kb := testKB(t)
	for _, sc := range kb.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			s := newSession(t, sc.ID)
			for {
				q, ok := s.Current()
				if !ok {
					break
				}
				fb, err := s.Answer(referenceAnswer(t, s, q))
				if err != nil {
					t.Fatalf("%s: %v", q.ID, err)
				}
				if fb.Grade != GradeFull || fb.Points != PointsPerStep {
					t.Errorf("%s: the reference answer got %s, %g points: %s", q.ID, fb.Grade, fb.Points, fb.Headline)
				}
			}
			if pts, most := s.Score(); pts != most || most < 5*PointsPerStep {
				t.Errorf("score %g of %g, want full marks of at least 50", pts, most)
			}
			for _, factor := range []float64{10, 0.1} {
				s := newSession(t, sc.ID)
				for {
					q, ok := s.Current()
					if !ok {
						break
					}
					fb, err := s.Answer(wrongAnswer(t, s, q, factor))
					if err != nil {
						t.Fatalf("%s: %v", q.ID, err)
					}
					if fb.Grade != GradeWrong || fb.Points != 0 {
						t.Errorf("%s: an answer off by %gx got %s, %g points: %s", q.ID, factor, fb.Grade, fb.Points, fb.Headline)
					}
				}
				if pts, _ := s.Score(); pts != 0 {
					t.Errorf("off by %gx: score %g, want 0", factor, pts)
				}
			}
		})
	}
}

// TestReferenceIsThePlan checks that every reference value is the plan's
// own estimate for the givens, as `scaleplan plan` computes it.
func TestReferenceIsThePlan(t *testing.T) {
	kb := testKB(t)
	for _, sc := range kb.Scenarios {
		s := newSession(t, sc.ID)
		p, err := advisor.New(kb).Advise(sc.Answers())
		if err != nil {
			t.Fatal(err)
		}
		e := p.Estimates
		want := map[string]float64{
			// Stored data is rows and objects together.
			"avg_qps": e.AvgRPS, "peak_qps": p.Inputs.PeakRPS, "storage_per_day": e.NewDataGBPerDay + e.NewObjectGBPerDay,
			"storage_total": e.DataGBAtRetention + e.ObjectGBAtRetention, "bandwidth": e.EgressGBPerMonth,
		}
		if e.CacheNeeded {
			want["cache"] = e.CacheGB
		}
		for step, w := range want {
			got, ok := s.ReferenceValue(step)
			if !ok {
				continue
			}
			if got != w {
				t.Errorf("%s %s: reference %g, the plan says %g", sc.ID, step, got, w)
			}
		}
		a, _ := json.Marshal(p)
		b, _ := json.Marshal(s.Plan)
		if string(a) != string(b) {
			t.Errorf("%s: the session's plan differs from the advisor's", sc.ID)
		}
	}
}

func TestScenarioSkipsAndNotes(t *testing.T) {
	s := newSession(t, "video-streaming")
	if slices.Contains(s.StepIDs(), "cache") {
		t.Error("video-streaming asks for the cache size, which it skips")
	}
	if _, ok := s.ReferenceValue("cache"); ok {
		t.Error("a skipped step has a reference value")
	}
	for s.pos < len(s.steps) && s.steps[s.pos].id != "bandwidth" {
		if _, err := s.Answer(""); err != nil {
			t.Fatal(err)
		}
	}
	fb, err := s.Answer("3 PB")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(fb.Detail, func(d string) bool { return strings.HasPrefix(d, "note: scaleplan charges media responses") }) {
		t.Errorf("the bandwidth note is not shown: %q", fb.Detail)
	}
}

func TestDesignAnswers(t *testing.T) {
	s := newSession(t, "url-shortener")
	for _, id := range []string{"avg_qps", "peak_qps", "storage_per_day", "storage_total", "bandwidth", "cache"} {
		if q, _ := s.Current(); q.ID != id {
			t.Fatalf("step %s, want %s", q.ID, id)
		}
		if _, err := s.Answer(""); err != nil {
			t.Fatal(err)
		}
	}
	// The stage: a number, an id or a name; off by one is partial.
	q, _ := s.Current()
	if q.ID != "stage" || len(q.Choices) != len(s.kb.Stages) {
		t.Fatalf("step %s with %d choices, want the stage with %d", q.ID, len(q.Choices), len(s.kb.Stages))
	}
	if _, err := s.Answer("stage seven"); err == nil || !strings.Contains(err.Error(), "want a stage number from 0 to 8") {
		t.Errorf("a stage in words: error %v", err)
	}
	if _, err := s.Answer("shard-service-queues"); err == nil || !strings.Contains(err.Error(), `did you mean "shard-services-queues"`) {
		t.Errorf("a misspelt stage: error %v, want a suggestion", err)
	}
	fb, err := s.Answer(strconv.Itoa(s.Plan.Stage.Number - 1))
	if err != nil || fb.Grade != GradePartial {
		t.Errorf("one stage below: %s, %v; want partial", fb.Grade, err)
	}

	// Components: ids, names and aliases, in any mix; unknown ones are refused.
	if _, err := s.Answer("dns, flux-capacitor"); err == nil || !strings.Contains(err.Error(), `"flux-capacitor": unknown component`) {
		t.Errorf("an unknown component: error %v", err)
	}
	if _, err := s.Answer("dns, cach"); err == nil || !strings.Contains(err.Error(), `did you mean "cache"`) {
		t.Errorf("a misspelt component: error %v, want a suggestion", err)
	}
	fb, err = s.Answer("DNS (managed zone), redis, db, lb app-server, vector-db")
	if err != nil {
		t.Fatal(err)
	}
	r := s.results[len(s.results)-1]
	if want := []string{"dns", "cache", "database", "load-balancer", "app-server", "vector-db"}; !slices.Equal(r.Chosen, want) {
		t.Errorf("chosen %v, want %v", r.Chosen, want)
	}
	if !slices.Equal(r.Extra, []string{"vector-db"}) || slices.Contains(r.Missing, "cache") || !slices.Contains(r.Missing, "backups") {
		t.Errorf("extra %v, missing %v", r.Extra, r.Missing)
	}
	f1 := 2 * 5.0 / float64(6+len(r.Expected))
	if want := float64(int(PointsPerStep*f1*10+0.5)) / 10; fb.Points != want {
		t.Errorf("%g points for 5 of 6 right against %d, want %g", fb.Points, len(r.Expected), want)
	}

	// What breaks first: a number or an id.
	q, _ = s.Current()
	if _, err := s.Answer("99"); err == nil {
		t.Error("breaks first: 99 accepted")
	}
	n := slices.IndexFunc(q.Choices, func(c Choice) bool { return c.ID == s.Plan.BreaksFirst.ID })
	fb, err = s.Answer(q.Choices[n].Key)
	if err != nil || fb.Grade != GradeFull {
		t.Errorf("breaks first by number: %s, %v", fb.Grade, err)
	}
	if _, ok := s.Current(); ok {
		t.Error("the interview goes on after the last step")
	}
	if _, err := s.Answer("1"); err == nil {
		t.Error("an answer after the end was taken")
	}
}

func TestStopSkipsTheRest(t *testing.T) {
	s := newSession(t, "pastebin")
	if _, err := s.Answer(referenceAnswer(t, s, mustCurrent(t, s))); err != nil {
		t.Fatal(err)
	}
	s.Stop("time is up")
	if _, ok := s.Current(); ok {
		t.Error("questions after Stop")
	}
	res := s.Result()
	if res.Stopped != "time is up" || len(res.Steps) != len(s.steps) {
		t.Fatalf("stopped %q with %d of %d steps", res.Stopped, len(res.Steps), len(s.steps))
	}
	for _, r := range res.Steps[1:] {
		if r.Grade != GradeSkipped || r.Points != 0 {
			t.Errorf("%s after Stop: %s, %g points", r.ID, r.Grade, r.Points)
		}
	}
	if res.Score != PointsPerStep || res.Percent != float64(int(1000/float64(len(s.steps))+0.5))/10 {
		t.Errorf("score %g (%g%%)", res.Score, res.Percent)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Errorf("the result does not encode: %v", err)
	}
}

func mustCurrent(t testing.TB, s *Session) Question {
	t.Helper()
	q, ok := s.Current()
	if !ok {
		t.Fatal("no question")
	}
	return q
}

func TestResultJSON(t *testing.T) {
	s := newSession(t, "url-shortener")
	for _, a := range []string{"12k", "~25,000", "50 GB", "180TB", "0", "", "6", "dns, cdn", "app-fleet"} {
		if _, err := s.Answer(a); err != nil {
			t.Fatalf("%q: %v", a, err)
		}
	}
	data, err := json.Marshal(s.Result())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "scenario", "started_at", "duration_seconds", "score", "max_score", "percent", "steps", "reference", "plan_command", "talking_points", "tradeoffs", "follow_ups", "mistakes"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in the JSON result", k)
		}
	}
	steps := doc["steps"].([]any)
	bw := steps[4].(map[string]any)
	if bw["id"] != "bandwidth" || bw["grade"] != "wrong" || bw["ratio"] != 0.0 {
		t.Errorf("a zero bandwidth: %v", bw)
	}
	cache := steps[5].(map[string]any)
	if cache["grade"] != "skipped" || cache["value"] != nil || cache["reference"] == nil {
		t.Errorf("a skipped cache: %v", cache)
	}
	if got := fmt.Sprint(doc["duration_seconds"]); got != "60" {
		t.Errorf("duration %s s, want 60 (the clock read at the start and at the last answer)", got)
	}
}

func TestPlanCommandGivesThePlan(t *testing.T) {
	s := newSession(t, "social-feed")
	cmd := PlanCommand(s.Scenario.Answers())
	for _, want := range []string{"scaleplan plan", "--dau 50M", "--requests-per-user 40", "--read-ratio 30:1", "--regions 2", "--availability 99.95"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("%q lacks %q", cmd, want)
		}
	}
}
