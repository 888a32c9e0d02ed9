package advisor

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// InputError is a problem with the answers themselves (exit code 2), as
// opposed to a broken knowledge base.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErr(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// resolved is answers with every gap filled, plus the record of how.
type resolved struct {
	in           estimators.Inputs
	readRatio    float64
	team         float64
	budget       float64
	hasBudget    bool
	traits       []string
	provider     string
	assumptions  []Assumption
	requestsUser float64
	quiet        bool // keep no record of assumptions (Decide's numbers-only path)
}

// derived records a value computed from the answers; basis explains how,
// and is only called when assumptions are recorded.
func (r *resolved) derived(key string, value float64, unit, source string, basis func() string) {
	if !r.quiet {
		r.assume(key, value, unit, "derived", basis(), source)
	}
}

func (r *resolved) assume(key string, value float64, unit, kind, basis, source string) {
	if r.quiet {
		return
	}
	r.assumptions = append(r.assumptions, Assumption{Key: key, Value: value, Unit: unit, Kind: kind, Basis: basis, Source: source})
}

// constant fills a gap from the knowledge base, recording the assumption.
func (r *resolved) constant(kb *knowledge.Base, given *float64, id, key string) float64 {
	if given != nil {
		return *given
	}
	c := kb.Defaults[id]
	basis := c.Note
	if basis == "" {
		basis = "knowledge-base default"
	}
	r.assume(key, c.Value, c.Unit, "default", basis, c.Source)
	return c.Value
}

func resolve(kb *knowledge.Base, a answers.Answers) (resolved, error) {
	return resolveAnswers(kb, a, false)
}

// resolveAnswers is resolve; quiet skips recording the assumptions.
func resolveAnswers(kb *knowledge.Base, a answers.Answers, quiet bool) (resolved, error) {
	r := resolved{quiet: quiet}
	if err := a.Validate(); err != nil {
		return r, &InputError{Msg: err.Error()}
	}
	r.provider = a.Provider
	if r.provider == "" {
		r.provider = "aws"
	}
	if _, ok := kb.Catalogs[r.provider]; !ok {
		return r, inputErr("--provider %q: no price catalog for it; available: %s", r.provider, strings.Join(kb.Providers(), ", "))
	}
	r.traits = slices.Clone(a.Traits)
	slices.Sort(r.traits)
	r.traits = slices.Compact(r.traits)
	for _, t := range r.traits {
		if !slices.Contains(answers.Traits, t) {
			return r, inputErr("--traits: unknown trait %q: valid traits are %s", t, strings.Join(answers.Traits, ", "))
		}
	}
	spiky := slices.Contains(r.traits, "spiky")
	media := slices.Contains(r.traits, "media")

	if a.Users == nil && a.DAU == nil && a.PeakRPS == nil && a.ReadsPerDay == nil && a.WritesPerDay == nil {
		return r, inputErr("no traffic given: give --users (monthly active users), --dau, --peak-rps, or --reads-per-day/--writes-per-day")
	}

	// Read ratio: given, implied by two totals, or the default.
	totals := a.ReadsPerDay != nil && a.WritesPerDay != nil
	switch {
	case a.ReadRatio != nil:
		r.readRatio = *a.ReadRatio
	case totals:
		if *a.WritesPerDay > 0 {
			r.readRatio = *a.ReadsPerDay / *a.WritesPerDay
		}
	default:
		r.readRatio = r.constant(kb, nil, "default_read_ratio", "read_ratio")
	}

	dauShare := kb.Defaults["default_dau_per_mau"]
	rpu := kb.Defaults["default_requests_per_user"]
	in := &r.in
	r.in.PeakFactor = r.constant(kb, a.PeakFactor, map[bool]string{true: "default_spiky_peak_factor", false: "default_peak_factor"}[spiky], "peak_factor")

	// Daily volume: totals win, then users, then a measured peak.
	switch {
	case a.ReadsPerDay != nil || a.WritesPerDay != nil:
		switch {
		case totals:
			in.ReadsPerDay, in.WritesPerDay = *a.ReadsPerDay, *a.WritesPerDay
		case a.ReadsPerDay != nil:
			if r.readRatio == 0 {
				return r, inputErr("--reads-per-day %s with a read ratio of 0 (no reads): give --writes-per-day too, or a read ratio above 0", fmtNum(*a.ReadsPerDay))
			}
			in.ReadsPerDay = *a.ReadsPerDay
			in.WritesPerDay = in.ReadsPerDay / r.readRatio
			r.derived("writes_per_day", in.WritesPerDay, "writes per day", "", func() string {
				return fmt.Sprintf("reads per day / read ratio = %s / %s", fmtNum(in.ReadsPerDay), fmtNum(r.readRatio))
			})
		default:
			in.WritesPerDay = *a.WritesPerDay
			in.ReadsPerDay = in.WritesPerDay * r.readRatio
			r.derived("reads_per_day", in.ReadsPerDay, "reads per day", "", func() string {
				return fmt.Sprintf("writes per day × read ratio = %s × %s", fmtNum(in.WritesPerDay), fmtNum(r.readRatio))
			})
		}
	case a.Users != nil || a.DAU != nil:
		r.requestsUser = r.constant(kb, a.RequestsPerUser, "default_requests_per_user", "requests_per_user")
	}

	// Users: given, or derived from whatever traffic figure was given.
	switch {
	case a.DAU != nil:
		in.DAU = *a.DAU
	case a.Users != nil:
		in.DAU = estimators.DAUFromMAU(*a.Users, dauShare.Value)
		r.derived("dau", in.DAU, "daily active users", dauShare.Source, func() string {
			return fmt.Sprintf("users × DAU/MAU = %s × %s (%s)", fmtNum(*a.Users), fmtNum(dauShare.Value), dauShare.Note)
		})
	}
	if a.Users != nil {
		in.MAU = *a.Users
	}

	if in.ReadsPerDay == 0 && in.WritesPerDay == 0 && a.ReadsPerDay == nil && a.WritesPerDay == nil {
		if in.DAU == 0 {
			// Only a measured peak: work back to a daily volume.
			day := *a.PeakRPS / in.PeakFactor * estimators.SecondsPerDay
			in.ReadsPerDay, in.WritesPerDay = estimators.SplitReadsWrites(day, r.readRatio)
			r.derived("requests_per_day", day, "requests per day", "", func() string {
				return fmt.Sprintf("peak rps / peak factor × 86,400 = %s / %s × 86,400", fmtNum(*a.PeakRPS), fmtNum(in.PeakFactor))
			})
		} else {
			in.ReadsPerDay, in.WritesPerDay = estimators.SplitReadsWrites(estimators.RequestsPerDay(in.DAU, r.requestsUser), r.readRatio)
		}
	}
	if in.ReadsPerDay+in.WritesPerDay == 0 && a.PeakRPS == nil {
		return r, inputErr("the answers give no requests at all (reads and writes per day are both 0): give at least one above 0")
	}
	if in.DAU == 0 {
		in.DAU = (in.ReadsPerDay + in.WritesPerDay) / rpu.Value
		r.derived("dau", in.DAU, "daily active users", rpu.Source, func() string {
			return fmt.Sprintf("requests per day / requests per user = %s / %s", fmtNum(in.ReadsPerDay+in.WritesPerDay), fmtNum(rpu.Value))
		})
	}
	if in.MAU == 0 {
		in.MAU = in.DAU / dauShare.Value
		r.derived("users", in.MAU, "monthly active users", dauShare.Source, func() string {
			return fmt.Sprintf("DAU / DAU-per-MAU = %s / %s", fmtNum(in.DAU), fmtNum(dauShare.Value))
		})
	}
	if a.PeakRPS != nil {
		in.PeakRPSMeasured = *a.PeakRPS
		if avg := estimators.AvgRPS(in.ReadsPerDay + in.WritesPerDay); *a.PeakRPS < avg {
			return r, inputErr("--peak-rps %s is below the average of %s rps that the other traffic answers give (%s requests a day): a peak cannot be lower than the average; give a higher peak or fewer users", fmtNum(*a.PeakRPS), fmtNum(math.Round(avg*100)/100), fmtNum(math.Round(in.ReadsPerDay+in.WritesPerDay)))
		}
	}

	in.BytesPerWrite = r.constant(kb, a.WriteBytes, "default_write_bytes", "write_bytes")
	in.DataGBToday = r.constant(kb, a.DataGB, "default_data_gb", "data_gb")
	in.RetentionYears = r.constant(kb, a.RetentionYears, "default_retention_years", "retention_years")
	in.MonthlyGrowthPct = r.constant(kb, a.GrowthPct, "default_growth", "growth")
	in.Regions = r.constant(kb, a.Regions, "default_regions", "regions")
	in.AvailabilityPct = r.constant(kb, a.Availability, "default_availability", "availability")
	r.team = r.constant(kb, a.Team, "default_team", "team")
	respID := "response_bytes"
	if media {
		respID = "media_response_bytes"
	}
	in.BytesPerResponse = r.constant(kb, nil, respID, "response_bytes")
	in.BytesPerWriteAck = r.constant(kb, nil, "write_ack_bytes", "write_ack_bytes")
	in.RequestLatencySec = r.constant(kb, nil, "request_latency_seconds", "request_latency_seconds")
	if a.BudgetUSD != nil {
		r.budget, r.hasBudget = *a.BudgetUSD, true
	}
	return r, nil
}

// fmtNum writes a number in assumptions' explanations the way people write
// it: 2,000,000 and 0.5, never 2e+06.
func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return human.Grouped(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
