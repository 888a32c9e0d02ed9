package interview

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// ResultVersion is the version of Result's JSON shape.
const ResultVersion = 1

// Session is one practice interview: a scenario's steps asked in order and
// graded against the advisor's plan for the scenario's givens.
type Session struct {
	Scenario *knowledge.Scenario
	Plan     *advisor.Plan // the reference: what `scaleplan plan` gives for the givens

	kb      *knowledge.Base
	steps   []*step
	pos     int
	results []StepResult
	started time.Time
	ended   time.Time
	stopped string
	now     func() time.Time
}

// stepKind says how a step is answered.
type stepKind int

const (
	stepNumber     stepKind = iota // an estimate, graded by ratio
	stepStage                      // one stage of the ladder
	stepComponents                 // a set of component ids
	stepBreaks                     // one limit
)

// step is one question of the interview with its reference answer.
type step struct {
	id, title, ask, hint string
	kind                 stepKind
	value                valueKind
	ref                  float64
	unit                 string
	show                 func(float64) string // a value as people read it, with its unit
	formula              string               // the worked answer, numbers plugged in
	note                 string
}

// StepResult is how one step went. Numbers are exact; Value, Reference
// and Ratio are null for the design steps and for answers not given.
type StepResult struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Answer    string   `json:"answer"`
	Value     *float64 `json:"value"`
	Reference *float64 `json:"reference"`
	Unit      string   `json:"unit,omitempty"`
	Ratio     *float64 `json:"ratio"`
	Chosen    []string `json:"chosen,omitempty"`
	Expected  []string `json:"expected,omitempty"`
	Missing   []string `json:"missing,omitempty"`
	Extra     []string `json:"extra,omitempty"`
	Grade     Grade    `json:"grade"`
	Points    float64  `json:"points"`
	MaxPoints float64  `json:"max_points"`
	Formula   string   `json:"formula,omitempty"`
	Note      string   `json:"note,omitempty"`

	youSaid, reference string // for the report's table
}

// Result is a finished interview, for --format json and the history.
type Result struct {
	SchemaVersion   int          `json:"schema_version"`
	Scenario        ScenarioRef  `json:"scenario"`
	StartedAt       time.Time    `json:"started_at"`
	DurationSeconds float64      `json:"duration_seconds"`
	Score           float64      `json:"score"`
	MaxScore        float64      `json:"max_score"`
	Percent         float64      `json:"percent"`
	Stopped         string       `json:"stopped,omitempty"`
	Steps           []StepResult `json:"steps"`
	Reference       Reference    `json:"reference"`
	PlanCommand     string       `json:"plan_command"`
	TalkingPoints   []string     `json:"talking_points"`
	Tradeoffs       []string     `json:"tradeoffs"`
	FollowUps       []string     `json:"follow_ups"`
	Mistakes        []string     `json:"mistakes"`
}

// ScenarioRef names a scenario.
type ScenarioRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Reference is the advisor's plan for the scenario, in brief.
type Reference struct {
	Stage       advisor.Stage   `json:"stage"`
	Components  []RefComponent  `json:"components"`
	BreaksFirst *advisor.Limit  `json:"breaks_first"`
	Mermaid     string          `json:"mermaid"`
	Answers     answers.Answers `json:"answers"`
}

// RefComponent is one component of the reference plan.
type RefComponent struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Count  float64 `json:"count"`
	Size   string  `json:"size"`
	Reason string  `json:"reason"`
}

// NewSession prepares the interview for a scenario: it plans the givens
// with the advisor and derives every step's reference answer from that
// plan. now is the clock (nil for the real one).
func NewSession(kb *knowledge.Base, sc *knowledge.Scenario, now func() time.Time) (*Session, error) {
	if now == nil {
		now = time.Now
	}
	p, err := advisor.New(kb).Advise(sc.Answers())
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.ID, err)
	}
	s := &Session{Scenario: sc, Plan: p, kb: kb, now: now}
	s.steps = s.buildSteps()
	s.started = now()
	return s, nil
}

// ReferenceValue is a numeric step's reference answer; ok is false for the
// design steps and steps the scenario leaves out.
func (s *Session) ReferenceValue(stepID string) (float64, bool) {
	for _, st := range s.steps {
		if st.id == stepID && st.kind == stepNumber {
			return st.ref, true
		}
	}
	return 0, false
}

// StepIDs lists the steps this interview asks, in order.
func (s *Session) StepIDs() []string {
	out := make([]string, len(s.steps))
	for i, st := range s.steps {
		out[i] = st.id
	}
	return out
}

func (s *Session) buildSteps() []*step {
	p := s.Plan
	e, in := p.Estimates, p.Inputs
	formulas := map[string]advisor.Worked{}
	for _, f := range p.Worked {
		formulas[f.Key] = f
	}
	worked := func(key string) string {
		f := formulas[key]
		if f.Numeric == "" {
			return f.Note + " = " + export.WorkedValue(f)
		}
		return f.Symbolic + " = " + f.Numeric + " = " + export.WorkedValue(f)
	}
	rps := func(v float64) string { return human.Count(v) + " rps" }
	gb := human.GB
	gbMonth := func(v float64) string { return human.GB(v) + " a month" }
	years := human.Count(in.RetentionYears) + " year"
	if in.RetentionYears != 1 {
		years += "s"
	}
	const rate = "requests per second, like 12k, 1.2e4 or ~12,000"
	const sizes = "GB, or with a unit: 800 MB, 1.5 TB, 2 PB"

	// The hot set is what a cache would hold, whether or not the plan
	// needs one yet.
	cacheRef, cacheFormula := e.HotSetGB, worked("hot_set_gb")
	if !e.CacheNeeded {
		cacheFormula += fmt.Sprintf(" (the plan needs no cache yet: peak reads of %s/s are below the %s/s that call for one)", human.Count(e.ReadRPS), human.Count(e.CacheTriggerRPS))
	}

	// Stored data is rows and objects together: a candidate who counts the
	// photos is right, not wrong by a thousand times.
	perDay, perDayFormula := e.NewDataGBPerDay, worked("new_data_gb_per_day")
	total, totalFormula := e.DataGBAtRetention, worked("data_gb_at_retention")
	if e.NewObjectGBPerDay > 0 {
		perDay += e.NewObjectGBPerDay
		perDayFormula = fmt.Sprintf("rows: %s; objects: %s; together %s", perDayFormula, worked("new_object_gb_per_day"), gb(perDay))
		total += e.ObjectGBAtRetention
		totalFormula = fmt.Sprintf("rows: %s; objects: %s; together %s", totalFormula, worked("object_gb_at_retention"), gb(total))
	}

	all := []*step{
		{id: "avg_qps", title: "Average QPS", kind: stepNumber, value: kindRate, unit: "rps", show: rps,
			ask:  "Average requests per second over a day, reads and writes together?",
			hint: rate, ref: e.AvgRPS, formula: worked("avg_rps")},
		{id: "peak_qps", title: "Peak QPS", kind: stepNumber, value: kindRate, unit: "rps", show: rps,
			ask:  "Peak requests per second?",
			hint: rate, ref: in.PeakRPS, formula: worked("peak_rps")},
		{id: "storage_per_day", title: "Storage per day", kind: stepNumber, value: kindGB, unit: "GB", show: gb,
			ask:  "New data stored per day?",
			hint: sizes, ref: perDay, formula: perDayFormula},
		{id: "storage_total", title: "Storage over retention", kind: stepNumber, value: kindGB, unit: "GB", show: gb,
			ask:  fmt.Sprintf("Data stored at the end of the retention period (%s)?", years),
			hint: sizes, ref: total, formula: totalFormula},
		{id: "bandwidth", title: "Bandwidth (egress)", kind: stepNumber, value: kindGBMonth, unit: "GB/month", show: gbMonth,
			ask:  "Data sent to users in a month (egress)?",
			hint: "GB a month, or with a unit: 600 TB; a month is 30.4 days", ref: e.EgressGBPerMonth, formula: worked("egress_gb_per_month")},
		{id: "cache", title: "Cache size", kind: stepNumber, value: kindGB, unit: "GB", show: gb,
			ask:  "Memory for a cache of the hot set?",
			hint: sizes, ref: cacheRef, formula: cacheFormula},
		{id: "stage", title: "Stage", kind: stepStage,
			ask:  "Which stage of the scaling ladder does this system need today?",
			hint: "a stage number or id"},
		{id: "components", title: "Components", kind: stepComponents,
			ask:  "Which components does the design need today?",
			hint: "a comma list of component ids"},
		{id: "breaks_first", title: "What breaks first", kind: stepBreaks,
			ask:  "As load grows, which limit does this design reach first?",
			hint: "a number or id"},
	}
	var out []*step
	for _, st := range all {
		if s.Scenario.Skips(st.id) {
			continue
		}
		if st.id == "breaks_first" && p.BreaksFirst == nil {
			continue // nothing to reach: a plan without limits (pre-launch)
		}
		st.note = s.Scenario.Notes.Note(st.id)
		out = append(out, st)
	}
	return out
}

// Intro is the scenario: its title, the prompt and what is given.
func (s *Session) Intro(width int) string {
	width = clampWidth(width)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", s.Scenario.Title)
	fmt.Fprintf(&b, "%s\n\n", human.Wrap(s.Scenario.Prompt, width, ""))
	b.WriteString(s.givens(width))
	fmt.Fprintf(&b, "\n%s\n", human.Wrap(fmt.Sprintf("%d steps: estimates first, then the design. Each answer is graded at once: within 20%% of the reference is full marks, within 2x partial, the right order of magnitude a little. Numbers may be written 12k, 1.2e4 or ~12,000, sizes with a unit (1.5 TB). An empty answer skips a step.", len(s.steps)), width, ""))
	return b.String()
}

// givens is the Given and Assume block: the scenario's answers, then the
// defaults the plan assumed that the estimates depend on.
func (s *Session) givens(width int) string {
	p := s.Plan
	a := s.Scenario.Answers()
	var b strings.Builder
	type row struct{ label, value string }
	var given, assumed []row
	for _, f := range answers.Fields {
		if f == answers.Name || f == answers.Provider {
			continue
		}
		var v string
		if f == answers.TraitsField {
			if len(a.Traits) == 0 {
				continue
			}
			v = strings.Join(a.Traits, ", ")
		} else {
			n, ok := a.Value(f)
			if !ok {
				continue
			}
			v = f.Display(n)
		}
		given = append(given, row{f.Label, v})
	}
	shown := map[string]bool{}
	for _, as := range p.Assumptions {
		switch as.Key {
		case "dau", "requests_per_user", "read_ratio", "write_bytes", "retention_years", "reads_per_day", "writes_per_day":
		default:
			continue
		}
		if shown[as.Key] || (as.Kind == "derived" && (as.Key != "dau" || !a.Has(answers.Users))) {
			continue
		}
		shown[as.Key] = true
		f, _ := answers.Lookup(as.Key)
		assumed = append(assumed, row{f.Label, f.Display(as.Value)})
	}
	assumed = append(assumed,
		row{answers.PeakFactor.Label, answers.PeakFactor.Display(p.Inputs.PeakFactor)},
		row{answers.ResponseBytes.Label, answers.ResponseBytes.Display(p.Inputs.ResponseBytes)},
		row{"Cache", fmt.Sprintf("the hottest %s of a day's reads, one write's size each", human.Percent(p.Capacity.HotFraction))})
	col := 0
	for _, r := range append(slices.Clone(given), assumed...) {
		col = max(col, ansi.StringWidth(r.label))
	}
	write := func(rows []row) {
		for _, r := range rows {
			pad := strings.Repeat(" ", col-ansi.StringWidth(r.label))
			fmt.Fprintf(&b, "  %s%s %s\n", r.label, pad, human.Wrap(r.value, max(20, width-col-3), strings.Repeat(" ", col+3)))
		}
	}
	b.WriteString("Given\n")
	write(given)
	b.WriteString("Assume\n")
	write(assumed)
	return b.String()
}

// Current is the step to answer now.
func (s *Session) Current() (Question, bool) {
	if s.pos >= len(s.steps) || s.stopped != "" {
		return Question{}, false
	}
	st := s.steps[s.pos]
	q := Question{Number: s.pos + 1, Of: len(s.steps), ID: st.id, Title: st.title, Ask: st.ask, Hint: st.hint, Context: s.givens(80)}
	switch st.kind {
	case stepStage:
		for _, sg := range s.kb.Stages {
			q.Choices = append(q.Choices, Choice{Key: strconv.Itoa(sg.Number), ID: sg.ID, Label: sg.Name})
		}
	case stepComponents:
		for _, id := range s.componentChoices() {
			c, _ := s.kb.Component(id)
			q.Choices = append(q.Choices, Choice{Key: id, Label: c.Name})
		}
		q.Multi = true
	case stepBreaks:
		for i, l := range s.kb.Limits {
			q.Choices = append(q.Choices, Choice{Key: strconv.Itoa(i + 1), ID: l.ID, Label: l.Says})
		}
	}
	return q, true
}

// componentChoices are the components one can name: all of them but
// egress, which is a transfer to account for, not something to run.
func (s *Session) componentChoices() []string {
	var out []string
	for _, c := range s.kb.Components {
		if c.ID != "egress" {
			out = append(out, c.ID)
		}
	}
	return out
}

// Answer grades raw as the current step's answer.
func (s *Session) Answer(raw string) (Feedback, error) {
	if s.pos >= len(s.steps) || s.stopped != "" {
		return Feedback{}, errors.New("the interview is over")
	}
	st := s.steps[s.pos]
	raw = strings.TrimSpace(raw)
	var r StepResult
	var err error
	switch st.kind {
	case stepNumber:
		r, err = s.gradeNumber(st, raw)
	case stepStage:
		r, err = s.gradeStage(st, raw)
	case stepComponents:
		r, err = s.gradeComponents(st, raw)
	case stepBreaks:
		r, err = s.gradeBreaks(st, raw)
	}
	if err != nil {
		return Feedback{}, err
	}
	r.ID, r.Title, r.Answer, r.MaxPoints, r.Note = st.id, st.title, raw, PointsPerStep, st.note
	s.results = append(s.results, r)
	s.pos++
	if s.pos == len(s.steps) {
		s.ended = s.now()
	}
	return s.feedback(st, r), nil
}

func (s *Session) gradeNumber(st *step, raw string) (StepResult, error) {
	ref := st.ref
	r := StepResult{Reference: &ref, Unit: st.unit, Formula: st.formula, reference: st.show(ref), youSaid: "—"}
	if raw == "" {
		r.Grade = GradeSkipped
		return r, nil
	}
	v, err := parseValue(st.value, raw, 0, "")
	if err != nil {
		return r, err
	}
	r.Value = &v
	if q := Ratio(v, ref); !math.IsInf(q, 0) && !math.IsNaN(q) {
		r.Ratio = &q
	}
	r.Grade = GradeRatio(v, ref)
	r.Points = PointsPerStep * r.Grade.Share()
	r.youSaid = st.show(v)
	return r, nil
}

func (s *Session) gradeStage(st *step, raw string) (StepResult, error) {
	p := s.Plan
	r := StepResult{Expected: []string{p.Stage.ID}, Formula: "stage " + strconv.Itoa(p.Stage.Number) + ", " + p.Stage.Name + ": " + p.Stage.Why,
		reference: fmt.Sprintf("stage %d", p.Stage.Number), youSaid: "—"}
	if raw == "" {
		r.Grade = GradeSkipped
		return r, nil
	}
	var got *knowledge.Stage
	for i := range s.kb.Stages {
		sg := &s.kb.Stages[i]
		if raw == strconv.Itoa(sg.Number) || strings.EqualFold(raw, sg.ID) || strings.EqualFold(raw, sg.Name) {
			got = sg
		}
	}
	if got == nil {
		ids := make([]string, len(s.kb.Stages))
		for i, sg := range s.kb.Stages {
			ids[i] = sg.ID
		}
		msg := fmt.Sprintf("%q: want a stage number from 0 to %d or a stage id", raw, len(s.kb.Stages)-1)
		if n := answers.Nearest(strings.ToLower(raw), ids); n != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", n)
		}
		return r, errors.New(msg)
	}
	r.Chosen = []string{got.ID}
	r.youSaid = fmt.Sprintf("stage %d", got.Number)
	switch d := got.Number - p.Stage.Number; {
	case d == 0:
		r.Grade = GradeFull
	case d == 1 || d == -1:
		r.Grade = GradePartial
	default:
		r.Grade = GradeWrong
	}
	r.Points = PointsPerStep * r.Grade.Share()
	return r, nil
}

// stageNumber is the number of the stage with the given id.
// stageName is a stage's name as people read it; its id when unknown.
func (s *Session) stageName(id string) string {
	for _, sg := range s.kb.Stages {
		if sg.ID == id {
			return sg.Name
		}
	}
	return id
}

func (s *Session) stageNumber(id string) int {
	for _, sg := range s.kb.Stages {
		if sg.ID == id {
			return sg.Number
		}
	}
	return -1
}

// componentAliases are common names for components, so "db, lb, redis"
// reads as the ids they mean.
var componentAliases = map[string]string{
	"db": "database", "rdbms": "database", "sql": "database", "postgres": "database", "mysql": "database",
	"lb": "load-balancer", "alb": "load-balancer",
	"replica": "read-replica", "replicas": "read-replica", "read-replicas": "read-replica",
	"redis": "cache", "memcached": "cache",
	"queue": "message-queue", "mq": "message-queue", "kafka": "message-queue", "sqs": "message-queue",
	"s3": "object-storage", "blob-storage": "object-storage",
	"k8s": "kubernetes", "pooler": "connection-pooler", "pgbouncer": "connection-pooler",
	"shards": "sharding", "worker": "workers", "app": "app-server", "app-servers": "app-server",
	"web-server": "app-server", "web-servers": "app-server", "gateway": "api-gateway",
	"elasticsearch": "search", "stream": "stream-processing", "streaming": "stream-processing",
	"backup": "backups", "autoscaler": "autoscaling", "auto-scaling": "autoscaling",
}

// parseComponents reads a comma (or space) separated list of component
// ids, names or common aliases.
func (s *Session) parseComponents(raw string) ([]string, error) {
	ids := s.componentChoices()
	byName := map[string]string{}
	for _, id := range ids {
		c, _ := s.kb.Component(id)
		byName[strings.ToLower(c.Name)] = id
		byName[id] = id
	}
	lookup := func(t string) (string, bool) {
		t = strings.ToLower(strings.TrimSpace(t))
		if id, ok := byName[t]; ok {
			return id, true
		}
		if id, ok := componentAliases[t]; ok {
			return id, true
		}
		if id, ok := byName[strings.ReplaceAll(t, " ", "-")]; ok {
			return id, true
		}
		return "", false
	}
	var out []string
	add := func(id string) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if id, ok := lookup(part); ok {
			add(id)
			continue
		}
		for _, word := range strings.Fields(part) {
			id, ok := lookup(word)
			if !ok {
				msg := fmt.Sprintf("%q: unknown component", word)
				if n := answers.Nearest(strings.ToLower(word), ids); n != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", n)
				}
				return nil, fmt.Errorf("%s; give component ids separated by commas: %s", msg, strings.Join(ids, ", "))
			}
			add(id)
		}
	}
	return out, nil
}

func (s *Session) gradeComponents(st *step, raw string) (StepResult, error) {
	var want []string
	for _, c := range s.Plan.Components {
		if c.ID != "egress" {
			want = append(want, c.ID)
		}
	}
	r := StepResult{Expected: want, reference: fmt.Sprintf("%d components", len(want)), youSaid: "—"}
	if raw == "" {
		r.Grade, r.Missing = GradeSkipped, want
		return r, nil
	}
	got, err := s.parseComponents(raw)
	if err != nil {
		return r, err
	}
	if len(got) == 0 {
		r.Grade, r.Missing = GradeSkipped, want
		return r, nil
	}
	r.Chosen = got
	both := 0
	for _, id := range got {
		if slices.Contains(want, id) {
			both++
		} else {
			r.Extra = append(r.Extra, id)
		}
	}
	for _, id := range want {
		if !slices.Contains(got, id) {
			r.Missing = append(r.Missing, id)
		}
	}
	// Overlap as the F1 score (Dice coefficient): 2·|both| / (|given| + |reference|).
	f1 := 2 * float64(both) / float64(len(got)+len(want))
	switch {
	case f1 >= 1:
		r.Grade = GradeFull
	case f1 >= 0.5:
		r.Grade = GradePartial
	case f1 > 0:
		r.Grade = GradeLittle
	default:
		r.Grade = GradeWrong
	}
	r.Points = math.Round(PointsPerStep*f1*10) / 10
	r.youSaid = fmt.Sprintf("%d (%d right)", len(got), both)
	return r, nil
}

func (s *Session) gradeBreaks(st *step, raw string) (StepResult, error) {
	bf := s.Plan.BreaksFirst
	r := StepResult{Expected: []string{bf.ID}, Formula: breaksText(s.Plan), reference: bf.ID, youSaid: "—"}
	if raw == "" {
		r.Grade = GradeSkipped
		return r, nil
	}
	var got string
	ids := make([]string, len(s.kb.Limits))
	for i, l := range s.kb.Limits {
		ids[i] = l.ID
		if raw == strconv.Itoa(i+1) || strings.EqualFold(raw, l.ID) || strings.EqualFold(raw, l.Says) {
			got = l.ID
		}
	}
	if got == "" {
		msg := fmt.Sprintf("%q: want a number from 1 to %d or one of %s", raw, len(ids), strings.Join(ids, ", "))
		if n := answers.Nearest(strings.ToLower(raw), ids); n != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", n)
		}
		return r, errors.New(msg)
	}
	r.Chosen, r.youSaid = []string{got}, got
	r.Grade = GradeWrong
	if got == bf.ID {
		r.Grade = GradeFull
	}
	r.Points = PointsPerStep * r.Grade.Share()
	return r, nil
}

// breaksText says what breaks first, at what load, and the fix.
func breaksText(p *advisor.Plan) string {
	for _, r := range p.Risks {
		if r.ID == "breaks-first" {
			return strings.TrimPrefix(r.Text, "what breaks first: ")
		}
	}
	bf := p.BreaksFirst
	return fmt.Sprintf("%s, at %.1fx today's peak; then %s", bf.Says, bf.AtLoadX, bf.Fix)
}

// feedback turns a graded step into what the person reads at once.
func (s *Session) feedback(st *step, r StepResult) Feedback {
	fb := Feedback{Grade: r.Grade, Points: r.Points, MaxPoints: r.MaxPoints}
	fb.Headline = fmt.Sprintf("%s: %s, %s/%s", st.title, r.Grade.Words(), num(r.Points), num(r.MaxPoints))
	add := func(format string, args ...any) { fb.Detail = append(fb.Detail, fmt.Sprintf(format, args...)) }
	switch st.kind {
	case stepNumber:
		if r.Value == nil {
			add("the reference is %s", st.show(st.ref))
		} else {
			add("you said %s; the reference is %s (%s)", st.show(*r.Value), st.show(st.ref), ratioText(*r.Value, st.ref))
		}
		add("%s", st.formula)
	case stepStage:
		p := s.Plan
		if len(r.Chosen) > 0 {
			add("you said stage %d, %s; the reference is stage %d, %s", s.stageNumber(r.Chosen[0]), s.stageName(r.Chosen[0]), p.Stage.Number, p.Stage.Name)
		}
		add("stage %d of the %d-stage ladder (0–%d), %s: %s", p.Stage.Number, len(s.kb.Stages), len(s.kb.Stages)-1, p.Stage.Name, p.Stage.Why)
	case stepComponents:
		if len(r.Chosen) > 0 {
			add("%d of your %d are among the reference's %d", len(r.Chosen)-len(r.Extra), len(r.Chosen), len(r.Expected))
		}
		if len(r.Extra) > 0 {
			add("not needed yet: %s", strings.Join(r.Extra, ", "))
		}
		if len(r.Missing) > 0 {
			add("missing:")
			for _, id := range r.Missing {
				for _, c := range s.Plan.Components {
					if c.ID == id {
						add("  %s: %s", id, c.Reason)
					}
				}
			}
		}
		if len(r.Extra) == 0 && len(r.Missing) == 0 {
			add("the reference: %s", strings.Join(r.Expected, ", "))
		}
	case stepBreaks:
		bf := s.Plan.BreaksFirst
		if len(r.Chosen) > 0 {
			add("you said %s; the reference is %s (%s)", r.youSaid, bf.ID, bf.Says)
		}
		add("%s", r.Formula)
	}
	if st.note != "" {
		add("note: %s", oneLine(st.note))
	}
	return fb
}

// Stop ends the interview early; the steps left are skipped.
func (s *Session) Stop(reason string) {
	if s.stopped != "" || s.pos >= len(s.steps) {
		return
	}
	s.stopped = reason
	for s.pos < len(s.steps) {
		st := s.steps[s.pos]
		var r StepResult
		switch st.kind {
		case stepNumber:
			r, _ = s.gradeNumber(st, "")
		case stepStage:
			r, _ = s.gradeStage(st, "")
		case stepComponents:
			r, _ = s.gradeComponents(st, "")
		case stepBreaks:
			r, _ = s.gradeBreaks(st, "")
		}
		r.ID, r.Title, r.MaxPoints, r.Note = st.id, st.title, PointsPerStep, st.note
		s.results = append(s.results, r)
		s.pos++
	}
	s.ended = s.now()
}

// Score is the points so far and the most the interview gives.
func (s *Session) Score() (points, maxPoints float64) {
	for _, r := range s.results {
		points += r.Points
	}
	return points, float64(len(s.steps)) * PointsPerStep
}

// Result is the graded interview.
func (s *Session) Result() Result {
	pts, maxPts := s.Score()
	end := s.ended
	if end.IsZero() {
		end = s.now()
	}
	p := s.Plan
	res := Result{
		SchemaVersion:   ResultVersion,
		Scenario:        ScenarioRef{ID: s.Scenario.ID, Title: s.Scenario.Title},
		StartedAt:       s.started.UTC().Truncate(time.Second),
		DurationSeconds: math.Round(end.Sub(s.started).Seconds()),
		Score:           pts,
		MaxScore:        maxPts,
		Stopped:         s.stopped,
		Steps:           append([]StepResult{}, s.results...),
		TalkingPoints:   s.Scenario.TalkingPoints,
		Tradeoffs:       s.Scenario.Tradeoffs,
		FollowUps:       s.Scenario.FollowUps,
		Mistakes:        s.Scenario.Mistakes,
		PlanCommand:     PlanCommand(s.Scenario.Answers()),
	}
	if maxPts > 0 {
		res.Percent = math.Round(pts/maxPts*1000) / 10
	}
	res.Reference = Reference{Stage: p.Stage, BreaksFirst: p.BreaksFirst, Mermaid: string(export.Mermaid(p)), Answers: p.Answers}
	res.Reference.Stage.BySource = nil
	res.Reference.Components = []RefComponent{}
	for _, c := range p.Components {
		res.Reference.Components = append(res.Reference.Components, RefComponent{ID: c.ID, Name: c.Name, Count: c.Count, Size: c.Size, Reason: c.Reason})
	}
	return res
}

// ratioText writes answer/reference for people: 0.94x, 1.3x, 12x. Near
// a band's edge it gives the digits that keep the number shown in the
// same band as the grade: 2.03x, not 2x, for an answer that missed the
// factor of two.
func ratioText(v, ref float64) string {
	q := Ratio(v, ref) + 0 // -0 is 0
	if math.IsInf(q, 0) || math.IsNaN(q) {
		return "no ratio to zero"
	}
	if q >= 10 {
		return human.Count(q) + "x" // every ratio from 10 up is one band
	}
	digits := 2
	if q < 0.095 {
		digits = 1
	}
	text := strconv.FormatFloat(q, 'g', digits, 64)
	for grade := GradeRatio(q, 1); digits < 17; digits++ {
		if shown, err := strconv.ParseFloat(text, 64); err == nil && GradeRatio(shown, 1) == grade {
			break
		}
		text = strconv.FormatFloat(q, 'g', digits+1, 64)
	}
	return text + "x"
}

// num writes points: 10, 7.5, 0.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
