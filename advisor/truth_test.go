package advisor_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
)

// The tests here hold the plan to its own words: every statement it makes
// is true of the plan.

func assumption(p *advisor.Plan, key string) (advisor.Assumption, bool) {
	i := slices.IndexFunc(p.Assumptions, func(a advisor.Assumption) bool { return a.Key == key })
	if i < 0 {
		return advisor.Assumption{}, false
	}
	return p.Assumptions[i], true
}

// wantAnswersError asserts err is an *answers.Error naming every one of
// names, and that its message says each of says.
func wantAnswersError(t *testing.T, what string, err error, names []*answers.Field, says ...string) {
	t.Helper()
	ae, ok := answers.AsError(err)
	if !ok || !advisor.IsInputError(err) {
		t.Fatalf("%s: error %v (%T), want *answers.Error", what, err, err)
	}
	for _, f := range names {
		if !slices.Contains(ae.Fields, f) {
			t.Errorf("%s: error %q names %v, want %s among them", what, err, fieldKeys(ae.Fields), f.Key)
		}
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not say %q", what, err, s)
		}
	}
}

// TestMeasuredPeakFixesThePeakFactor: a peak measured beside the daily
// traffic is that traffic's peak factor, derived (with its formula) and
// used, never the default beside it.
func TestMeasuredPeakFixesThePeakFactor(t *testing.T) {
	p := advise(t, "users", "1M", "peak_rps", "5000", "requests_per_user", "10", "traits", "spiky")
	avg := (p.Inputs.ReadsPerDay + p.Inputs.WritesPerDay) / estimators.SecondsPerDay
	want := 5000 / avg
	if p.Inputs.RequestsPerUser != 10 || math.Abs(p.Inputs.PeakFactor-want) > 1e-9*want {
		t.Errorf("requests per user %g, peak factor %g; want the given 10 and 5,000 rps / %.2f rps average = %.2f", p.Inputs.RequestsPerUser, p.Inputs.PeakFactor, avg, want)
	}
	a, ok := assumption(p, "peak_factor")
	if !ok || a.Kind != "derived" || a.Formula != "peak_factor_from_peak" || a.Value != p.Inputs.PeakFactor || !strings.Contains(a.Basis, "peak_rps /") {
		t.Errorf("the peak factor is listed as %+v (listed %v), want it derived from the peak with its formula", a, ok)
	}
	if !strings.Contains(p.Stage.Why, "peak factor of 86") {
		t.Errorf("the stage says %q, not the derived peak factor of 86", p.Stage.Why)
	}

	// Without a daily volume to compare with, the peak alone gives the
	// volume, through the given requests per user.
	alone := advise(t, "peak_rps", "500", "requests_per_user", "5")
	if a, ok := assumption(alone, "peak_factor"); !ok || a.Kind != "default" {
		t.Errorf("a measured peak alone lists the peak factor as %+v, want the default", a)
	}
	if wantDAU := 500 / alone.Inputs.PeakFactor * estimators.SecondsPerDay / 5; math.Abs(alone.Inputs.DAU-wantDAU) > 1e-9*wantDAU {
		t.Errorf("%g daily users from a 500 rps peak at 5 requests a user, want %g", alone.Inputs.DAU, wantDAU)
	}

	ad := newAdvisor(t)
	_, err := ad.Advise(ans(t, "users", "1M", "peak_rps", "5000", "peak_factor", "3"))
	wantAnswersError(t, "peak, factor and users", err, []*answers.Field{answers.PeakFactor, answers.PeakRPS, answers.Users}, "not both")
	_, err = ad.Advise(ans(t, "users", "1M", "peak_rps", "50000", "requests_per_user", "1"))
	wantAnswersError(t, "a peak 8,640 times the average", err, []*answers.Field{answers.PeakRPS, answers.Users, answers.RequestsPerUser}, "8,640 times", "at most 100")
	_, err = ad.Advise(ans(t, "users", "1M", "peak_rps", "5"))
	wantAnswersError(t, "a peak below the average", err, []*answers.Field{answers.PeakRPS}, "below the average")
}

// TestDerivedAnswersStayWithinLimits: a figure derived from the answers
// is held to the maximum a given one is, and the error names the answers
// given; scaling traffic (the schedule, the boundaries) stops at the
// derived figures' limits as at the given ones'.
func TestDerivedAnswersStayWithinLimits(t *testing.T) {
	ad := newAdvisor(t)
	for _, c := range []struct {
		kv      []string
		derived string
	}{
		{[]string{"writes_per_day", "1e14"}, "users"},
		{[]string{"writes_per_day", "1e11"}, "users"},
		{[]string{"writes_per_day", "1e13", "read_ratio", "1000"}, "users"},
		{[]string{"dau", "8e9"}, "users"},
		{[]string{"peak_rps", "1e9", "peak_factor", "1"}, "users"},
	} {
		a := ans(t, c.kv...)
		_, err := ad.Advise(a)
		var given []*answers.Field
		for _, f := range answers.Fields {
			if a.Has(f) {
				given = append(given, f)
			}
		}
		wantAnswersError(t, strings.Join(c.kv, " "), err, given, "make "+c.derived, "maximum")
	}
	// Just within the limits, with growth: every month the schedule
	// probes, and every boundary, stays within them too.
	for _, kv := range [][]string{
		{"writes_per_day", "1e10", "growth", "20%"},
		{"reads_per_day", "3e11", "read_ratio", "20", "growth", "10%"},
		{"peak_rps", "1e5", "peak_factor", "1", "requests_per_user", "5", "growth", "20%"},
	} {
		a := ans(t, kv...)
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatalf("%q: %v", kv, err)
		}
		checkPlan(t, strings.Join(kv, " "), p)
		if _, _, err := ad.Boundaries(a); err != nil {
			t.Errorf("%q: boundaries: %v", kv, err)
		}
	}
}
