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
