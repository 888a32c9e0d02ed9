package advisor

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// resolved is answers with every gap filled, plus the record of how.
type resolved struct {
	// consts are each answer's default and maximum constants, when the
	// caller keeps them (Advisor.consts); nil to look each up.
	consts      *fieldConstants
	in          estimators.Inputs
	provider    string
	assumptions []Assumption
	derived     []derivation // formulas to show once every input is known
	quiet       bool         // keep no record of assumptions (Decide's numbers-only path)
}

// fieldConstants are each answer's default and maximum constants, by
// Field.Index (nil where an answer has none): every plan, and every point
// a sweep or a schedule decides, resolves the defaults and checks the
// limits.
type fieldConstants struct {
	defaults, maxima []*knowledge.Constant
}

func newFieldConstants(kb *knowledge.Base) *fieldConstants {
	fc := &fieldConstants{defaults: make([]*knowledge.Constant, len(answers.Fields)), maxima: make([]*knowledge.Constant, len(answers.Fields))}
	for _, f := range answers.Fields {
		fc.defaults[f.Index()], _ = kb.Constant(f.Default)
		fc.maxima[f.Index()], _ = kb.Constant(f.Max)
	}
	return fc
}

// maximum is kb.Constant(f.Max), kept when fc is not nil.
func (fc *fieldConstants) maximum(kb *knowledge.Base, f *answers.Field) (*knowledge.Constant, bool) {
	if fc == nil {
		return kb.Constant(f.Max)
	}
	c := fc.maxima[f.Index()]
	return c, c != nil
}

// derivation is a derived answer and the formula (estimators.Derivations)
// it came from.
type derivation struct {
	field   *answers.Field
	formula string
}

func (r *resolved) derive(f *answers.Field, formula string) {
	if !r.quiet {
		r.derived = append(r.derived, derivation{f, formula})
	}
}

// byDefault fills an answer from the knowledge base, recording the
// assumption; a given answer is returned as it is.
func (r *resolved) byDefault(kb *knowledge.Base, a *answers.Answers, f *answers.Field) float64 {
	if v, ok := a.Value(f); ok {
		return v
	}
	id := f.Default
	if len(f.TraitDefaults) > 0 && len(a.Traits) > 0 {
		for _, t := range answers.Traits { // a fixed order, so two traits' defaults never race
			if tid, ok := f.TraitDefaults[t]; ok && a.HasTrait(t) {
				id = tid
				break
			}
		}
	}
	var c *knowledge.Constant
	if id == f.Default && r.consts != nil {
		c = r.consts.defaults[f.Index()]
	} else {
		c, _ = kb.Constant(id)
	}
	if !r.quiet {
		basis := c.Note
		if basis == "" {
			basis = "knowledge-base default"
		}
		r.assumptions = append(r.assumptions, Assumption{Key: f.Key, Value: c.Value, Unit: f.Unit, Kind: "default", Basis: basis, Source: c.Source})
	}
	return c.Value
}

// checkLimits refuses given answers past the knowledge base's plausible
// maxima, naming the answer and the limit's reason.
func checkLimits(kb *knowledge.Base, a *answers.Answers, consts *fieldConstants) error {
	for _, f := range answers.Fields {
		v, ok := a.Value(f)
		if !ok || f.Max == "" {
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &answers.Error{Fields: []*answers.Field{f}, Msg: "want a finite number"}
		}
		c, ok := consts.maximum(kb, f)
		if ok && v > c.Value {
			msg := "the maximum is " + answers.Plain(c.Value) + noteOf(c)
			value := f.Text(v)
			if v == math.MaxFloat64 {
				// Parsed past any number (1e400): say so, not 1.8e308.
				value, msg = "", "past any number; "+msg
			}
			return &answers.Error{Fields: []*answers.Field{f}, Value: value, Msg: msg}
		}
	}
	return nil
}

// givenOf is those of fs that a gives, in order.
func givenOf(a *answers.Answers, fs ...*answers.Field) []*answers.Field {
	var out []*answers.Field
	for _, f := range fs {
		if a.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// noteOf is a limit's reason in brackets, or "" when it has none.
func noteOf(c *knowledge.Constant) string {
	if c.Note == "" {
		return ""
	}
	return " (" + c.Note + ")"
}

// Check reports what is wrong with a without planning it: answers that
// contradict each other, pass the knowledge base's limits or name a
// provider without a price catalog.
func (ad *Advisor) Check(a answers.Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkLimits(ad.kb, &a, nil); err != nil {
		return err
	}
	return checkProvider(ad.kb, a.Provider)
}

// checkProvider refuses a provider the knowledge base has no catalog for.
func checkProvider(kb *knowledge.Base, provider string) error {
	if _, ok := kb.Catalogs[provider]; provider != "" && !ok {
		return &answers.Error{Fields: []*answers.Field{answers.Provider}, Msg: fmt.Sprintf("%q has no price catalog; available: %s", provider, strings.Join(kb.Providers(), ", "))}
	}
	return nil
}

func resolve(kb *knowledge.Base, a answers.Answers) (resolved, error) {
	return resolveAnswers(kb, a, false, nil)
}

// resolveAnswers is resolve; quiet skips recording the assumptions, and
// consts, when not nil, holds each answer's default and maximum.
func resolveAnswers(kb *knowledge.Base, a answers.Answers, quiet bool, consts *fieldConstants) (resolved, error) {
	r := resolved{quiet: quiet, consts: consts}
	one := func(f *answers.Field, format string, args ...any) error {
		return &answers.Error{Fields: []*answers.Field{f}, Msg: fmt.Sprintf(format, args...)}
	}
	if err := a.Validate(); err != nil {
		return r, err
	}
	if err := checkLimits(kb, &a, consts); err != nil {
		return r, err
	}
	r.provider = a.Provider
	if r.provider == "" {
		r.provider = answers.DefaultProvider
	}
	if err := checkProvider(kb, r.provider); err != nil {
		return r, err
	}
	in := &r.in
	in.Traits = append([]string{}, a.Traits...) // [] rather than null in JSON
	slices.Sort(in.Traits)
	in.Traits = slices.Compact(in.Traits)
	for _, t := range in.Traits {
		if !slices.Contains(answers.Traits, t) {
			return r, one(answers.TraitsField, "unknown trait %q: valid traits are %s", t, strings.Join(answers.Traits, ", "))
		}
	}
	if !answers.HasTraffic(&a) {
		return r, &answers.Error{Fields: answers.TrafficFields, Msg: "no traffic given: give users (monthly active users), dau, peak_rps, or reads_per_day or writes_per_day (with read_ratio for the other)"}
	}

	reads, hasReads := a.Value(answers.ReadsPerDay)
	writes, hasWrites := a.Value(answers.WritesPerDay)
	// Read ratio: given, implied by two totals, or the default.
	switch {
	case a.Has(answers.ReadRatio) || !(hasReads && hasWrites):
		in.ReadRatio = r.byDefault(kb, &a, answers.ReadRatio)
	case writes > 0:
		in.ReadRatio = reads / writes
		r.derive(answers.ReadRatio, "read_ratio_from_total")
	}
	dauPerMAU := kb.Capacity.DAUPerMAU
	users, hasUsers := a.Value(answers.Users)
	dau, hasDAU := a.Value(answers.DAU)
	peak, hasPeak := a.Value(answers.PeakRPS)
	// A measured peak over the daily average the other answers give is the
	// peak factor, as daily over monthly users is the DAU share: the factor
	// is derived then (below), not assumed.
	peakFixesFactor := hasPeak && (hasReads || hasWrites || hasUsers || hasDAU)
	if !peakFixesFactor {
		in.PeakFactor = r.byDefault(kb, &a, answers.PeakFactor)
	}

	// Daily volume: totals win, then users, then a measured peak.
	switch {
	case hasReads && hasWrites:
		in.ReadsPerDay, in.WritesPerDay = reads, writes
	case hasReads:
		if in.ReadRatio == 0 {
			return r, one(answers.ReadsPerDay, "%s with a read ratio of 0 (no reads): give writes_per_day too, or a read ratio above 0", answers.Plain(reads))
		}
		in.ReadsPerDay, in.WritesPerDay = reads, reads/in.ReadRatio
		r.derive(answers.WritesPerDay, "writes_from_reads")
	case hasWrites:
		in.WritesPerDay, in.ReadsPerDay = writes, writes*in.ReadRatio
		r.derive(answers.ReadsPerDay, "reads_from_writes")
	case hasUsers || hasDAU:
		in.RequestsPerUser = r.byDefault(kb, &a, answers.RequestsPerUser)
	}

	// Users: given, or derived from whatever traffic figure was given.
	switch {
	case hasDAU:
		in.DAU = dau
	case hasUsers:
		in.DAU = estimators.DAUFromUsers(users, dauPerMAU)
		r.derive(answers.DAU, "dau_from_users")
	}
	if hasUsers {
		in.Users = users
	}
	if !hasReads && !hasWrites {
		if in.DAU == 0 {
			// Only a measured peak: work back to a daily volume.
			day := peak / in.PeakFactor * estimators.SecondsPerDay
			in.ReadsPerDay, in.WritesPerDay = estimators.SplitReadsWrites(day, in.ReadRatio)
			r.derive(answers.ReadsPerDay, "reads_from_peak")
			r.derive(answers.WritesPerDay, "writes_from_peak")
		} else {
			in.ReadsPerDay, in.WritesPerDay = estimators.SplitReadsWrites(estimators.RequestsPerDay(in.DAU, in.RequestsPerUser), in.ReadRatio)
			r.derive(answers.ReadsPerDay, "reads_from_users")
			r.derive(answers.WritesPerDay, "writes_from_users")
		}
	}
	total := in.ReadsPerDay + in.WritesPerDay
	if total == 0 && !hasPeak {
		return r, &answers.Error{Fields: []*answers.Field{answers.ReadsPerDay, answers.WritesPerDay}, Msg: "the answers give no requests at all (reads and writes per day are both 0): give at least one above 0"}
	}
	if in.DAU == 0 {
		// Given with a measured peak alone, requests per user turn the
		// day's requests into daily users; assumed otherwise.
		in.RequestsPerUser = r.byDefault(kb, &a, answers.RequestsPerUser)
		in.DAU = total / in.RequestsPerUser
		r.derive(answers.DAU, "dau_from_requests")
	}
	if in.Users == 0 {
		in.Users = in.DAU / dauPerMAU
		r.derive(answers.Users, "users_from_dau")
	}
	avg := estimators.AvgRPS(total)
	switch {
	case !hasPeak:
		in.PeakRPS = estimators.PeakRPS(avg, in.PeakFactor)
		r.derive(answers.PeakRPS, "peak_from_average")
	case peakFixesFactor && peak < avg:
		// (An average worked back from the peak is never above it, but
		// for rounding.)
		return r, one(answers.PeakRPS, "%s is below the average of %s rps that the other traffic answers give (%s requests a day): a peak cannot be lower than the average; give a higher peak or fewer users",
			answers.Plain(peak), human.Count(avg), human.Count(total))
	case peakFixesFactor && avg > 0:
		in.PeakRPS = peak
		in.PeakFactor = peak / avg
		r.derive(answers.PeakFactor, "peak_factor_from_peak")
		if c, ok := kb.Constant(answers.PeakFactor.Max); ok && in.PeakFactor > c.Value {
			return r, &answers.Error{Fields: givenOf(&a, answers.PeakRPS, answers.Users, answers.DAU, answers.RequestsPerUser, answers.ReadsPerDay, answers.WritesPerDay),
				Msg: fmt.Sprintf("a peak of %s rps is %s times the daily average of %s rps the other traffic answers give (%s requests a day); the peak factor is at most %s%s: give a lower peak, or more users or requests",
					human.Count(peak), human.Count(in.PeakFactor), human.Count(avg), human.Count(total), answers.Plain(c.Value), noteOf(c))}
		}
	default:
		// No daily volume to compare the peak with: the factor stays the
		// default, used where a daily rhythm matters.
		in.PeakRPS = peak
		if peakFixesFactor {
			in.PeakFactor = r.byDefault(kb, &a, answers.PeakFactor)
		}
	}

	in.WriteBytes = r.byDefault(kb, &a, answers.WriteBytes)
	in.ResponseBytes = r.byDefault(kb, &a, answers.ResponseBytes)
	if !a.Has(answers.ObjectBytes) && in.WriteBytes > kb.Capacity.MaxRowBytes {
		// The write itself is the object (a photo, a file): no other
		// object is assumed on top of it.
		in.ObjectBytes = 0
	} else {
		in.ObjectBytes = r.byDefault(kb, &a, answers.ObjectBytes)
	}
	in.UpdateShare = r.byDefault(kb, &a, answers.UpdateShare)
	in.QueriesPerRequest = r.byDefault(kb, &a, answers.QueriesPerRequest)
	if v, ok := a.Value(answers.ConcurrentUsers); ok {
		if v > in.DAU {
			return r, one(answers.ConcurrentUsers, "%s is more than the %s daily users: people connected at once are some of the day's users", answers.Plain(v), human.Count(in.DAU))
		}
		in.ConcurrentUsers = v
	} else {
		minutes, id := kb.Capacity.SessionMinutes, "concurrent_from_dau"
		if a.HasTrait("realtime") {
			minutes, id = kb.Capacity.RealtimeSessionMinutes, "concurrent_from_dau_realtime"
		}
		in.ConcurrentUsers = estimators.ConcurrentUsers(in.DAU, minutes, in.PeakFactor)
		r.derive(answers.ConcurrentUsers, id)
	}
	in.DataGB = r.byDefault(kb, &a, answers.DataGB)
	in.ObjectGB = r.byDefault(kb, &a, answers.ObjectGB)
	in.RetentionYears = r.byDefault(kb, &a, answers.RetentionYears)
	in.Growth = r.byDefault(kb, &a, answers.Growth)
	in.Regions = r.byDefault(kb, &a, answers.Regions)
	in.Availability = r.byDefault(kb, &a, answers.Availability)
	in.Team = r.byDefault(kb, &a, answers.Team)
	if b, ok := a.Value(answers.Budget); ok {
		in.Budget, in.HasBudget = b, true
	}
	if err := finiteInputs(in, &a); err != nil {
		return r, err
	}
	if err := checkDerivedLimits(kb, in, &a, consts); err != nil {
		return r, err
	}
	return r, nil
}

// derivedTraffic are the answers a derivation can carry past their
// knowledge-base maximum (the traffic figures, and what follows from them);
// trafficGiven, the answers they are derived from.
var (
	derivedTraffic = []*answers.Field{answers.Users, answers.DAU, answers.PeakRPS, answers.ReadsPerDay, answers.WritesPerDay, answers.ConcurrentUsers}
	trafficGiven   = []*answers.Field{answers.Users, answers.DAU, answers.RequestsPerUser, answers.PeakRPS, answers.PeakFactor, answers.ReadsPerDay, answers.WritesPerDay, answers.ReadRatio}
)

// checkDerivedLimits holds a derived answer to the maximum a given one
// has: 10 trillion writes a day must not become 2 trillion monthly users.
// The error names the answers given, which led to it.
func checkDerivedLimits(kb *knowledge.Base, in *estimators.Inputs, a *answers.Answers, consts *fieldConstants) error {
	base := unsafe.Pointer(in)
	for _, n := range numericInputs {
		f := n.field
		if a.Has(f) || f.Max == "" || !slices.Contains(derivedTraffic, f) {
			continue
		}
		c, ok := consts.maximum(kb, f)
		if v := *(*float64)(unsafe.Add(base, n.offset)); ok && v > c.Value {
			return &answers.Error{Fields: givenOf(a, trafficGiven...),
				Msg: fmt.Sprintf("these answers make %s %s, past its maximum of %s%s: give smaller traffic figures",
					f.Key, f.Display(v), f.Display(c.Value), noteOf(c))}
		}
	}
	return nil
}

// derivedRoom is how many times the traffic of a can grow before a
// figure derived from it passes its maximum (+Inf when none would, or
// when a cannot be resolved, which planning it reports).
func derivedRoom(kb *knowledge.Base, a answers.Answers, consts *fieldConstants) float64 {
	room := math.Inf(1)
	r, err := resolveAnswers(kb, a, true, consts)
	if err != nil {
		return room
	}
	base := unsafe.Pointer(&r.in)
	for _, n := range numericInputs {
		f := n.field
		if a.Has(f) || f.Max == "" || !slices.Contains(derivedTraffic, f) {
			continue
		}
		c, ok := consts.maximum(kb, f)
		if v := *(*float64)(unsafe.Add(base, n.offset)); ok && v > 0 {
			room = math.Min(room, c.Value/v)
		}
	}
	// Scaled answers resolve through other arithmetic than this ratio:
	// stop a hair short, so rounding never carries a figure past its limit.
	return room * (1 - 1e-9)
}

// finiteInputs refuses answers whose arithmetic overflowed or vanished:
// every resolved input must be a finite number, and the traffic positive
// where later division needs it. Given answers are finite, so one that is
// not was derived: the error names the answers given, which led to it.
func finiteInputs(in *estimators.Inputs, a *answers.Answers) error {
	base := unsafe.Pointer(in)
	for _, n := range numericInputs {
		if v := *(*float64)(unsafe.Add(base, n.offset)); math.IsNaN(v) || math.IsInf(v, 0) {
			return nonFinite(a, "inputs."+n.field.Key, v)
		}
	}
	if in.DAU <= 0 || in.Users <= 0 || in.PeakRPS <= 0 && in.ReadsPerDay+in.WritesPerDay > 0 {
		return &answers.Error{Fields: answers.TrafficFields, Msg: "the traffic answers give a figure too small to compute with; give larger ones"}
	}
	return nil
}

// numericInput is a numeric answer and where its resolved value sits in
// estimators.Inputs.
type numericInput struct {
	field  *answers.Field
	offset uintptr
}

// numericInputs are the numeric answers that are inputs (a field of
// estimators.Inputs with the answer's key as its JSON name, as rules name
// them), in answer order: finiteInputs reads them directly, as every plan,
// and every point of a sweep or a schedule, checks them.
var numericInputs = func() []numericInput {
	t := reflect.TypeFor[estimators.Inputs]()
	var out []numericInput
	for _, f := range answers.Fields {
		if !f.Kind.Numeric() {
			continue
		}
		for i := range t.NumField() {
			sf := t.Field(i)
			if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name == f.Key && sf.Type.Kind() == reflect.Float64 {
				out = append(out, numericInput{f, sf.Offset})
			}
		}
	}
	return out
}()

// recordDerived turns the derivations into assumptions, each showing its
// formula in names and in numbers, now that every input is known.
func (r *resolved) recordDerived(kb *knowledge.Base, env *expression.Env) {
	for _, d := range r.derived {
		f := kb.Derivations[d.formula]
		v, _ := expression.Lookup(env, d.field.Key)
		source := ""
		for _, name := range f.Names() {
			if c, ok := kb.Constant(name); ok {
				source = c.Source // the figure the derivation rests on
				break
			}
		}
		r.assumptions = append(r.assumptions, Assumption{
			Key: d.field.Key, Value: v, Unit: d.field.Unit, Kind: "derived",
			Basis:   f.Symbolic() + " = " + f.Numeric(env),
			Source:  source,
			Formula: d.formula,
		})
	}
}
