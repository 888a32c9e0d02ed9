package tui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// page is one screen of the questionnaire.
type page int

const (
	pageProduct page = iota
	pageTraffic
	pageData
	pageReach
	pageConstraints
)

var pageNames = []string{"Product", "Traffic", "Data", "Reach", "Constraints"}

// Choice values of the select fields that are not answers keys themselves.
const (
	patternSteady = "steady"
	patternSpiky  = "spiky"
	reachOne      = "1"
	reachCont     = "1c"
	reachTwo      = "2"
	reachGlobal   = "3"
)

// formTraits are the traits the Constraints page asks about; spiky comes
// from the Traffic page's pattern question.
var formTraits = []struct{ id, label string }{
	{"search", "Search: full-text search over your data"},
	{"media", "Media: images or video uploaded and served"},
	{"realtime", "Real-time: live updates over open connections"},
	{"ai", "AI: model inference or embeddings"},
	{"jobs", "Background jobs: email, exports, processing"},
	{"write-heavy", "Write-heavy: about as many writes as reads"},
	{"global", "Global: a CDN for far users from day one"},
	{"api", "API: uncacheable responses, so no CDN for them"},
}

// availabilityChoices are the targets offered, each shown with the downtime
// it allows.
var availabilityChoices = []string{"99", "99.5", "99.9", "99.95", "99.99", "99.999"}

// question is a field answered by typing, bound to one answer. Its title
// and help come from the answer's declaration; dflt says what "don't know"
// gives.
type question struct {
	field *answers.Field
	key   string
	page  page
	title string
	why   string
}

// selected are the answers the questionnaire asks with a list to choose
// from rather than a typed field.
var selected = []*answers.Field{answers.Regions, answers.Availability, answers.TraitsField, answers.Provider}

// textQuestions are the typed questions, in declaration order: every
// answer on a page except those chosen from a list.
var textQuestions = func() []question {
	var out []question
	for _, f := range answers.Fields {
		if f.Page == answers.PageNone || slices.Contains(selected, f) {
			continue
		}
		title := f.Label
		if f.Example != "" && f.Kind != answers.KindText {
			title += " (like " + f.Example + ")" // an example, not the default: the placeholder says that
		}
		if f == answers.DAU {
			title += ": a number, or a share of MAU like 20%"
		}
		why := strings.ToUpper(f.Help[:1]) + f.Help[1:] + "."
		out = append(out, question{field: f, key: f.Key, page: page(f.Page), title: title, why: why})
	}
	return out
}()

// dflt says what leaving a question empty gives with traits: the
// knowledge base's default (a trait's own where it has one, picked as the
// advisor picks it), how the answer is derived, or that it is left out.
func (q question) dflt(kb *knowledge.Base, traits []string) string {
	f := q.field
	switch {
	case f == answers.Name:
		return `"Your system"`
	case f.Default != "":
		id := f.Default
		for _, t := range answers.Traits { // the advisor's order: the first trait with a default wins
			if tid, ok := f.TraitDefaults[t]; ok && slices.Contains(traits, t) {
				id = tid
				break
			}
		}
		if c, ok := kb.Constant(id); ok {
			return f.Display(c.Value)
		}
	case f == answers.DAU:
		return human.Percent(kb.Capacity.DAUPerMAU) + " of monthly users"
	case f.Derived != "":
		return "derived from the other traffic answers"
	case f == answers.Budget:
		return "no budget check"
	}
	return "the default"
}

// constant shows a knowledge-base default as a person would type it.
func constant(id string, show func(float64) string) func(kb *knowledge.Base) string {
	return func(kb *knowledge.Base) string {
		c, ok := kb.Constant(id)
		if !ok {
			return "the default"
		}
		return show(c.Value)
	}
}

func questionByKey(key string) (question, bool) {
	for _, q := range textQuestions {
		if q.key == key {
			return q, true
		}
	}
	return question{}, false
}

// fieldInfo is one field of the questionnaire with what the accessible
// prompts print before it.
type fieldInfo struct {
	key     string
	page    page
	title   string
	why     string
	dflt    string
	field   huh.Field
	shown   *shownField // field as the full-screen form draws it, its error under it; nil for line prompts
	options int         // a select's number of options
	labels  []string    // a list's options
}

// formState holds the questionnaire's values as typed and chosen, and turns
// them into answers. Answers the form does not ask about (daily totals, a
// peak factor, the global trait) pass through from the answers it started
// from.
type formState struct {
	kb   *knowledge.Base
	base answers.Answers
	raw  map[string]*string
	// lastGood is each typed field's last text that parsed.
	lastGood map[string]string

	kind, appliedKind string
	pattern           string
	reach             string
	avail             string
	provider          string
	traits            []string

	inputs   map[string]*huh.Input
	dflts    map[string]string // what "don't know" gives, by key
	kindSel  *huh.Select[string]
	patSel   *huh.Select[string]
	availSel *huh.Select[string]
	traitSel *huh.MultiSelect[string]
	pages    [][]fieldInfo

	theme huh.Theme
	width int // the form's width, for the placeholders' wording; 0 before it is known

	// accessible fields run as line prompts, where huh re-asks a select
	// whose validation fails without end once the input has ended; the
	// traffic check is made after the page instead.
	accessible bool
}

// newFormState starts the questionnaire from a's values, its fields drawn
// with theme. What the form remembers beside the answers (memo: the kind
// picked, steady or don't know, a daily-user share) is taken where it
// agrees with a.
func newFormState(kb *knowledge.Base, a answers.Answers, theme huh.Theme, accessible bool, memo formMemo) *formState {
	s := &formState{kb: kb, base: a.Clone(), raw: map[string]*string{}, inputs: map[string]*huh.Input{}, accessible: accessible, theme: theme}
	for _, q := range textQuestions {
		v := rawText(a, q.key)
		if typed, ok := memo.Typed[q.key]; ok && sameAnswer(a, q.key, typed) {
			v = typed
		}
		s.raw[q.key] = &v
	}
	spiky := slices.Contains(a.Traits, "spiky")
	switch {
	case spiky:
		s.pattern = patternSpiky
	case memo.Pattern == patternSteady:
		s.pattern = patternSteady
	}
	if p := presetByID(memo.Kind); p.ID != "" {
		s.kind, s.appliedKind = p.ID, p.ID
	}
	if v, ok := a.Value(answers.Regions); ok {
		s.reach = strconv.FormatFloat(v, 'f', -1, 64)
	}
	if v, ok := a.Value(answers.Availability); ok {
		s.avail = strconv.FormatFloat(v, 'f', -1, 64)
	}
	s.provider = a.Provider
	for _, t := range formTraits {
		if slices.Contains(a.Traits, t.id) {
			s.traits = append(s.traits, t.id)
		}
	}
	s.build()
	return s
}

// rawText writes an answer back as text a person would type, exactly: the
// text parses back to the same number.
func rawText(a answers.Answers, key string) string {
	f, ok := answers.Lookup(key)
	if !ok {
		return ""
	}
	if f == answers.Name {
		return a.Name
	}
	v, ok := a.Value(f)
	if !ok {
		return ""
	}
	return f.Text(v)
}

// sameAnswer reports whether typed, read with the other answers in a,
// gives the answer a holds for key: a remembered "20%" still matches the
// daily users only while the monthly users are what they were.
func sameAnswer(a answers.Answers, key, typed string) bool {
	f, ok := answers.Lookup(key)
	if !ok {
		return false
	}
	want, ok := a.Value(f)
	if !ok {
		return false
	}
	b := a.Clone()
	b.Unset(f)
	if set(&b, key, typed) != nil {
		return false
	}
	got, _ := b.Value(f)
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// memo is what the form remembers beside its answers, with focus the
// field it is on.
func (s *formState) memo(focus string) formMemo {
	m := formMemo{Version: memoVersion, Kind: s.kind, Pattern: s.pattern, Focus: focus}
	if raw := strings.TrimSpace(*s.raw[answers.DAU.Key]); strings.HasSuffix(raw, "%") {
		m.Typed = map[string]string{answers.DAU.Key: raw}
	}
	return m
}

// dontKnow reports text that means "don't know": nothing, or a question mark.
func dontKnow(raw string) bool {
	t := strings.TrimSpace(raw)
	return t == "" || t == "?"
}

// set stores one typed answer in a. Daily users may be a share of monthly
// users ("20%"); anything else goes through answers.Set, so errors read as
// the command line's do.
func set(a *answers.Answers, key, raw string) error {
	f, _ := answers.Lookup(key)
	if f == answers.DAU && strings.HasSuffix(strings.TrimSpace(raw), "%") {
		pct, err := answers.ParsePercent(raw)
		if err != nil {
			return err
		}
		if pct <= 0 || pct > 100 {
			return fmt.Errorf("%q: a share of monthly users must be above 0%% and at most 100%%", raw)
		}
		users, ok := a.Value(answers.Users)
		if !ok {
			return fmt.Errorf("%q: a share needs monthly active users above; or give daily users as a number", raw)
		}
		a.SetValue(f, users*pct/100)
		return nil
	}
	return a.Set(f, raw)
}

// setChecked is set, then the check the advisor makes of the value alone:
// past the knowledge base's plausible maximum for its answer, the text is
// refused in the advisor's words, as the command line refuses the flag,
// and a is left without it.
func (s *formState) setChecked(a *answers.Answers, key, raw string) error {
	if err := set(a, key, raw); err != nil {
		return err
	}
	f, _ := answers.Lookup(key)
	v, ok := a.Value(f)
	if !ok {
		return nil
	}
	alone := answers.Answers{Version: answers.Version}
	alone.SetValue(f, v)
	err := advisor.New(s.kb).Check(alone)
	if err == nil {
		return nil
	}
	a.Unset(f)
	if ae, ok := answers.AsError(err); ok {
		return fmt.Errorf("%q: %s", raw, ae.Msg)
	}
	return err
}

// clearOwned removes from a every answer the form asks for, so the form's
// values replace them.
func clearOwned(a *answers.Answers) {
	for _, q := range textQuestions {
		a.Unset(q.field)
	}
	a.Unset(answers.Regions)
	a.Unset(answers.Availability)
	a.Provider = ""
	var keep []string
	for _, t := range a.Traits {
		owned := t == "spiky"
		for _, ft := range formTraits {
			owned = owned || ft.id == t
		}
		if !owned {
			keep = append(keep, t)
		}
	}
	a.Traits = keep
}

// answersExcept is the answers as they stand, leaving out one typed field
// (or none for ""), and the errors of typed text that does not parse; such
// text is not an answer until it is fixed.
func (s *formState) answersExcept(skip string) (answers.Answers, map[string]error) {
	a := s.base.Clone()
	a.Version = answers.Version
	clearOwned(&a)
	errs := map[string]error{}
	for _, q := range textQuestions {
		raw := *s.raw[q.key]
		if q.key == skip || dontKnow(raw) {
			continue
		}
		if err := s.setChecked(&a, q.key, raw); err != nil {
			errs[q.key] = err
			// An answer accepted before stays given while its field is
			// being retyped, so ctrl+c mid-edit loses nothing.
			if good, ok := s.lastGood[q.key]; ok {
				_ = s.setChecked(&a, q.key, good)
			}
		}
	}
	traits := slices.Clone(a.Traits)
	traits = append(traits, s.traits...)
	if s.pattern == patternSpiky {
		traits = append(traits, "spiky")
	}
	slices.Sort(traits)
	a.Traits = slices.Compact(traits)
	if len(a.Traits) == 0 {
		a.Traits = nil
	}
	if s.reach != "" {
		_ = a.Set(answers.Regions, strings.TrimSuffix(s.reach, "c"))
	}
	if s.avail != "" {
		_ = a.Set(answers.Availability, s.avail)
	}
	if s.provider != "" {
		_ = a.Set(answers.Provider, s.provider)
	}
	return a, errs
}

// commit records every typed answer that parses as given: called when the
// focus leaves a field, so half-typed text never counts.
func (s *formState) commit() {
	if s.lastGood == nil {
		s.lastGood = map[string]string{}
	}
	_, errs := s.answersExcept("")
	for _, q := range textQuestions {
		raw := *s.raw[q.key]
		switch {
		case dontKnow(raw):
			delete(s.lastGood, q.key)
		case errs[q.key] == nil:
			s.lastGood[q.key] = raw
		}
	}
}

// answers is every answer given so far that parses.
func (s *formState) answers() answers.Answers {
	a, _ := s.answersExcept("")
	return a
}

// validator checks one typed field the way the command line checks its
// flag: answers.Set on the other answers as they stand and the knowledge
// base's maximum, then the checks across answers that involve this field.
func (s *formState) validator(key string) func(string) error {
	return func(raw string) error {
		if dontKnow(raw) {
			return nil
		}
		a, _ := s.answersExcept(key)
		if err := s.setChecked(&a, key, raw); err != nil {
			return err
		}
		return s.holds(a, key)
	}
}

// holds is the check across answers that holds key's field: the conflict
// in a that involves it, unless another answer in the conflict is asked
// later on the form and given. That later field reports it, so the
// earlier one can be left to change either: refusing both (monthly users
// below daily users) would leave no way on and no way to the fix.
func (s *formState) holds(a answers.Answers, key string) error {
	err := a.Validate()
	ae, ok := answers.AsError(err)
	if !ok {
		return err
	}
	at := questionIndex(key)
	mine := false
	for _, f := range ae.Fields {
		if f.Key == key {
			mine = true
			continue
		}
		if i := questionIndex(f.Key); i > at && !dontKnow(*s.raw[f.Key]) {
			return nil
		}
	}
	if !mine {
		return nil
	}
	return err
}

// conflict is the check across answers that holds key's field back as
// the answers stand, shown as the focus arrives: the field that must be
// changed, or another before it, says so at once.
func (s *formState) conflict(key string) error {
	raw, ok := s.raw[key]
	if !ok || dontKnow(*raw) {
		return nil
	}
	a, errs := s.answersExcept("")
	if errs[key] != nil {
		return nil
	}
	return s.holds(a, key)
}

// questionIndex is a typed question's place on the form; -1 for an answer
// the form does not ask.
func questionIndex(key string) int {
	return slices.IndexFunc(textQuestions, func(q question) bool { return q.key == key })
}

// errNoTraffic is why the Traffic page cannot be left without a figure.
// The check is made when the page is left forward, never going back.
var errNoTraffic = errors.New("give a traffic figure to go on: monthly users, daily users or a peak")

func hasTraffic(a answers.Answers) bool { return answers.HasTraffic(&a) }

// traitsNow are the traits the answers hold as the form stands: those
// picked, spiky from the pattern, and any the form does not ask about.
func (s *formState) traitsNow() []string {
	a := s.base.Clone()
	clearOwned(&a)
	traits := append(a.Traits, s.traits...)
	if s.pattern == patternSpiky {
		traits = append(traits, "spiky")
	}
	return traits
}

// refreshDefaults words again what "don't know" gives, for the traits as
// they stand (media assumes larger responses), and reports a change.
func (s *formState) refreshDefaults() bool {
	if s.dflts == nil {
		s.dflts = map[string]string{}
	}
	traits := s.traitsNow()
	changed := false
	for _, q := range textQuestions {
		if d := q.dflt(s.kb, traits); s.dflts[q.key] != d {
			s.dflts[q.key], changed = d, true
		}
	}
	if changed {
		s.placeholders()
	}
	return changed
}

// placeholders say in each typed field what leaving it empty gives, in
// one wording for every field: the long one when all fit the width.
func (s *formState) placeholders() {
	long := true
	for _, q := range textQuestions {
		long = long && (s.width == 0 || ansi.StringWidth("don't know? leave empty: "+s.dflts[q.key])+6 <= s.width)
	}
	for _, q := range textQuestions {
		if in, ok := s.inputs[q.key]; ok {
			text := "empty: " + s.dflts[q.key]
			if long {
				text = "don't know? leave empty: " + s.dflts[q.key]
			}
			in.Placeholder(text)
		}
	}
}

// build makes the fields of every page, bound to the state.
func (s *formState) build() {
	s.pages = make([][]fieldInfo, len(pageNames))
	s.refreshDefaults()
	for _, q := range textQuestions {
		dflt := s.dflts[q.key]
		in := huh.NewInput().
			Key(q.key).
			Title(q.title).
			Description(q.why).
			Placeholder("don't know? leave empty: " + dflt).
			Value(s.raw[q.key]).
			Validate(s.validator(q.key))
		if q.key == "name" {
			in.CharLimit(answers.MaxNameLen) // as --name and answers files allow
		}
		s.inputs[q.key] = in
		s.add(fieldInfo{key: q.key, page: q.page, title: q.title, why: q.why, dflt: dflt, field: in})
		switch q.key {
		case "name":
			s.add(s.kindField())
		case "peak_rps":
			s.add(s.patternField())
		case "retention_years":
			s.add(s.reachField())
			s.add(s.availabilityField())
		case "team":
			s.add(s.providerField())
			s.add(s.traitsField())
		}
	}
}

func (s *formState) add(fi fieldInfo) {
	// Themed from the start: until a field has a theme, huh draws it with
	// a default one it rebuilds on every call.
	fi.field.WithTheme(s.theme)
	if !s.accessible {
		fi.shown = newShownField(fi.field)
		fi.shown.WithTheme(s.theme)
		fi.shown.labels = fi.labels
		if _, typed := s.raw[fi.key]; typed {
			key := fi.key
			fi.shown.standing = func() error { return s.conflict(key) }
		}
	}
	s.pages[fi.page] = append(s.pages[fi.page], fi)
}

func (s *formState) kindField() fieldInfo {
	why := "Fills the later pages with values typical of that kind; you can change any."
	s.kindSel = huh.NewSelect[string]().Key("kind").Title("What kind of product is it?").Description(why).
		Options(kindOptions(0)...).Value(&s.kind)
	var labels []string
	for _, p := range presets {
		labels = append(labels, p.Label)
	}
	labels = append(labels, noPreset)
	return fieldInfo{key: "kind", page: pageProduct, title: "What kind of product is it?", why: why, dflt: "no preset", field: s.kindSel, options: len(labels), labels: labels}
}

// noPreset is the kind list's last option.
const noPreset = "None of these / don't know (no preset)"

// kindOptions are the kinds of product, each with what its preset assumes
// when that fits width columns (0 for any width).
func kindOptions(width int) []huh.Option[string] {
	var opts []huh.Option[string]
	for _, p := range presets {
		label := p.Label + " (" + p.Blurb + ")"
		if width > 0 && ansi.StringWidth(label)+6 > width {
			label = p.Label
		}
		opts = append(opts, huh.NewOption(label, p.ID))
	}
	return append(opts, huh.NewOption(noPreset, ""))
}

// fitWidth words what the fields show for a form width columns wide: the
// long "don't know" placeholder where it fits, the kinds with their blurb
// where they fit.
func (s *formState) fitWidth(width int) {
	s.width = width
	s.placeholders()
	if s.kindSel != nil {
		s.kindSel.Options(kindOptions(width)...)
	}
	if s.traitSel != nil && s.theme != nil {
		// huh sizes a multi-select left to itself three or four rows short
		// (it takes its title and description off the options' height), so
		// its height is given: every option, under the wrapped title and
		// description.
		w := width - s.theme.Theme(true).Focused.Base.GetHorizontalFrameSize()
		rows := func(t string) int { return lipgloss.Height(lipgloss.Wrap(t, w, ",.-; ")) }
		s.traitSel.Height(rows(traitsTitle) + rows(traitsWhy) + len(formTraits))
	}
}

// The traits question, as the form asks it.
const (
	traitsTitle = "What does the product do? (x or space picks; none is fine)"
	traitsWhy   = "Each adds the component it needs (search engine, object storage, queue…)."
)

func (s *formState) patternField() fieldInfo {
	pf := constant(answers.PeakFactor.Default, human.Count)(s.kb)
	sf := constant(answers.PeakFactor.TraitDefaults["spiky"], human.Count)(s.kb)
	why := "Servers are sized for the peak, not the average."
	opts := []huh.Option[string]{
		huh.NewOption("Steady: peak about "+pf+"× the daily average", patternSteady),
		huh.NewOption("Spiky: launches, campaigns, viral moments (peak about "+sf+"×)", patternSpiky),
		huh.NewOption("Don't know (assume steady, "+pf+"×)", ""),
	}
	s.patSel = huh.NewSelect[string]().Key("pattern").Title("Is the traffic steady or spiky?").Description(why).
		Options(opts...).Value(&s.pattern)
	return fieldInfo{key: "pattern", page: pageTraffic, title: "Is the traffic steady or spiky?", why: why, dflt: "steady", field: s.patSel, options: 3, labels: optionLabels(opts)}
}

func (s *formState) reachField() fieldInfo {
	dflt := constant(answers.Regions.Default, human.Count)(s.kb)
	opts := []huh.Option[string]{
		huh.NewOption("One country or metro area: 1 region", reachOne),
		huh.NewOption("One continent: 1 region; the farthest users wait a little longer", reachCont),
		huh.NewOption("Two continents: 2 regions", reachTwo),
		huh.NewOption("Global: 3 regions", reachGlobal),
	}
	if s.reach != "" && !slices.Contains([]string{reachOne, reachCont, reachTwo, reachGlobal}, s.reach) {
		opts = append([]huh.Option[string]{huh.NewOption(s.reach+" regions (from your answers)", s.reach)}, opts...)
	}
	opts = append(opts, huh.NewOption("Don't know ("+dflt+" region)", ""))
	why := "Each region is a full copy of the stack; far users add ~150 ms."
	sel := huh.NewSelect[string]().Key("regions").Title("Where are your users?").Description(why).Options(opts...).Value(&s.reach)
	return fieldInfo{key: "regions", page: pageReach, title: "Where are your users?", why: why, dflt: dflt + " region", field: sel, options: len(opts), labels: optionLabels(opts)}
}

func (s *formState) availabilityField() fieldInfo {
	dflt := constant(answers.Availability.Default, func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) })(s.kb)
	option := func(v string, suffix string) huh.Option[string] {
		pct, _ := strconv.ParseFloat(v, 64)
		return huh.NewOption(fmt.Sprintf("%s%%: down at most %s a month%s", v, human.Duration(estimators.DowntimeSecondsPerMonth(pct)), suffix), v)
	}
	var opts []huh.Option[string]
	if s.avail != "" && !slices.Contains(availabilityChoices, s.avail) {
		opts = append(opts, option(s.avail, " (from your answers)"))
	}
	for _, v := range availabilityChoices {
		opts = append(opts, option(v, ""))
	}
	opts = append(opts, huh.NewOption("Don't know ("+dflt+"%)", ""))
	why := "Each nine costs redundancy: from 99.9% on, two of everything."
	s.availSel = huh.NewSelect[string]().Key("availability").Title("Availability target").Description(why).Options(opts...).Value(&s.avail)
	return fieldInfo{key: "availability", page: pageReach, title: "Availability target", why: why, dflt: dflt + "%", field: s.availSel, options: len(opts), labels: optionLabels(opts)}
}

func (s *formState) providerField() fieldInfo {
	var opts []huh.Option[string]
	for _, p := range s.kb.Providers() {
		label := p
		if c := s.kb.Catalogs[p]; c != nil {
			label = fmt.Sprintf("%s (%s prices as of %s)", c.Display(), c.Region, c.AsOf)
		}
		opts = append(opts, huh.NewOption(label, p))
	}
	dflt := answers.DefaultProvider
	if c := s.kb.Catalogs[dflt]; c != nil {
		dflt = c.Display()
	}
	opts = append(opts, huh.NewOption("Don't know ("+dflt+")", ""))
	why := "Whose price list the costs come from."
	sel := huh.NewSelect[string]().Key("provider").Title("Cloud provider").Description(why).Options(opts...).Value(&s.provider)
	return fieldInfo{key: "provider", page: pageConstraints, title: "Cloud provider", why: why, dflt: dflt, field: sel, options: len(opts), labels: optionLabels(opts)}
}

func (s *formState) traitsField() fieldInfo {
	why := traitsWhy
	s.traitSel = huh.NewMultiSelect[string]().Key("traits").Title(traitsTitle).
		Description(why).Options(s.traitOptions()...).Value(&s.traits)
	var labels []string
	for _, t := range formTraits {
		labels = append(labels, t.label)
	}
	return fieldInfo{key: "traits", page: pageConstraints, title: "What does the product do?", why: why, dflt: "none", field: s.traitSel, labels: labels}
}

// optionLabels are the texts of a list's options.
func optionLabels(opts []huh.Option[string]) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Key)
	}
	return out
}

func (s *formState) traitOptions() []huh.Option[string] {
	var opts []huh.Option[string]
	for _, t := range formTraits {
		opts = append(opts, huh.NewOption(t.label, t.id).Selected(slices.Contains(s.traits, t.id)))
	}
	return opts
}

// choice is the value a select field is bound to.
func (s *formState) choice(key string) *string {
	switch key {
	case "kind":
		return &s.kind
	case "pattern":
		return &s.pattern
	case "regions":
		return &s.reach
	case "availability":
		return &s.avail
	}
	return &s.provider
}

// applyPreset fills the fields a new kind covers, leaving alone anything
// typed or chosen that is not the previous preset's value.
func (s *formState) applyPreset() {
	if s.kind == s.appliedKind {
		return
	}
	old, next := presetByID(s.appliedKind), presetByID(s.kind)
	s.appliedKind = s.kind
	// A value counts as the old preset's when it reads as the same number
	// ("2k" and "2KB"), so a preset's values come back from the answers
	// as its own.
	for key, val := range next.Values {
		cur := strings.TrimSpace(*s.raw[key])
		if cur == "" || sameText(key, cur, old.Values[key]) {
			*s.raw[key] = val
			s.inputs[key].Value(s.raw[key])
		}
	}
	for key, val := range old.Values {
		if _, still := next.Values[key]; !still && sameText(key, *s.raw[key], val) {
			*s.raw[key] = ""
			s.inputs[key].Value(s.raw[key])
		}
	}
	if s.pattern == "" || s.pattern == old.Pattern {
		s.pattern = next.Pattern
		s.patSel.Value(&s.pattern)
	}
	if s.avail == "" || s.avail == old.Avail {
		s.avail = next.Avail
		s.availSel.Value(&s.avail)
	}
	if len(s.traits) == 0 || sameSet(s.traits, old.Traits) {
		s.traits = slices.Clone(next.Traits)
		s.traitSel.Options(s.traitOptions()...)
	}
}

// sameText reports whether two texts typed for key give the same answer.
func sameText(key, x, y string) bool {
	x, y = strings.TrimSpace(x), strings.TrimSpace(y)
	if x == "" || y == "" {
		return x == y
	}
	f, ok := answers.Lookup(key)
	if !ok {
		return x == y
	}
	vx, errx := f.Parse(x)
	vy, erry := f.Parse(y)
	return errx == nil && erry == nil && vx == vy
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
