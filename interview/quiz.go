package interview

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Topics are the kinds of flashcard, in the order --topic lists them.
var Topics = []string{"latency", "powers", "conversions", "availability", "rules"}

var topicTitles = map[string]string{
	"latency":      "Latency numbers",
	"powers":       "Powers of two",
	"conversions":  "Unit conversions",
	"availability": "Availability and downtime",
	"rules":        "When you see X, add Y",
}

// DefaultCards is how many cards a quiz draws unless told.
const DefaultCards = 10

// Card is one flashcard: a question, and the answer the estimators (or
// the knowledge base) give.
type Card struct {
	ID      string
	Topic   string
	Ask     string
	Hint    string
	Choices []Choice

	kind        valueKind
	ref         float64 // the answer, in the card's unit (seconds, a count, GB, percent)
	defaultUnit float64 // seconds a bare number means, for durations
	unitName    string
	show        func(float64) string
	compare     func(answer float64) Grade // nil: GradeRatio(answer, ref)
	choice      string                     // for multiple choice: the right component id
	explain     []string
}

// CardResult is how one card went.
type CardResult struct {
	ID        string   `json:"id"`
	Topic     string   `json:"topic"`
	Question  string   `json:"question"`
	Answer    string   `json:"answer"`
	Value     *float64 `json:"value"`
	Reference *float64 `json:"reference"`
	Correct   string   `json:"correct"` // the right answer as people read it
	Grade     Grade    `json:"grade"`
	Points    float64  `json:"points"`
}

// QuizResult is a finished quiz, for --format json.
type QuizResult struct {
	Seed    int64        `json:"seed"`
	Count   int          `json:"count"`
	Topics  []string     `json:"topics"`
	Score   float64      `json:"score"`
	Max     float64      `json:"max_score"`
	Percent float64      `json:"percent"`
	Stopped string       `json:"stopped,omitempty"`
	Cards   []CardResult `json:"cards"`
}

// Quiz is a run of flashcards drawn in a reproducible order.
type Quiz struct {
	Seed    int64
	cards   []Card
	topics  []string
	pos     int
	results []CardResult
	stopped string
}

// QuizOptions choose the cards.
type QuizOptions struct {
	Seed   int64
	Count  int      // 0 for DefaultCards; more than there are gives them all
	Topics []string // nil for all
}

// NewQuiz draws cards from every topic asked for, shuffled by the seed and
// interleaved so topics alternate. The same seed, count and topics give
// the same cards in the same order.
func NewQuiz(kb *knowledge.Base, o QuizOptions) (*Quiz, error) {
	topics := o.Topics
	if len(topics) == 0 {
		topics = Topics
	}
	for _, t := range topics {
		if !slices.Contains(Topics, t) {
			msg := fmt.Sprintf("unknown topic %q", t)
			if n := answers.Nearest(t, Topics); n != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", n)
			}
			return nil, fmt.Errorf("%s; topics are %s", msg, strings.Join(Topics, ", "))
		}
	}
	count := o.Count
	if count <= 0 {
		count = DefaultCards
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x5ca1e91a))
	decks := map[string][]Card{}
	for _, t := range topics {
		deck := deckFor(kb, t, rng)
		shuffle(rng, deck)
		decks[t] = deck
	}
	q := &Quiz{Seed: o.Seed, topics: topics}
	order := slices.Clone(topics)
	for len(q.cards) < count {
		shuffle(rng, order)
		added := false
		for _, t := range order {
			if len(decks[t]) == 0 || len(q.cards) == count {
				continue
			}
			q.cards = append(q.cards, decks[t][0])
			decks[t] = decks[t][1:]
			added = true
		}
		if !added {
			break
		}
	}
	if len(q.cards) == 0 {
		return nil, errors.New("no cards to draw")
	}
	return q, nil
}

// shuffle is Fisher-Yates on the generator's raw output, so an order
// depends only on the seed, not on how a library picks numbers in a range.
func shuffle[T any](rng *rand.Rand, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := int(rng.Uint64() % uint64(i+1))
		s[i], s[j] = s[j], s[i]
	}
}

// deckFor builds every card of a topic.
func deckFor(kb *knowledge.Base, topic string, rng *rand.Rand) []Card {
	switch topic {
	case "latency":
		return latencyCards(kb)
	case "powers":
		return powerCards(kb)
	case "conversions":
		return conversionCards(kb)
	case "availability":
		return availabilityCards(kb)
	}
	return ruleCards(kb, rng)
}

func latencyCards(kb *knowledge.Base) []Card {
	var out []Card
	for _, f := range kb.Quiz.Latency {
		c := Card{ID: "latency-" + f.ID, Topic: "latency", kind: kindDuration, ref: f.NS * 1e-9, show: timeText,
			Ask:  fmt.Sprintf("About how long does %s take?", f.What),
			Hint: "a time with its unit: 100ns, 10us, 5ms, 1.5s"}
		src := f.Source
		if s, ok := kb.Source(f.Source); ok {
			src = s.Title
		}
		c.explain = append(c.explain, fmt.Sprintf("%s: %s (%s)", human.Capitalise(f.What), timeText(c.ref), src))
		if f.Note != "" {
			c.explain = append(c.explain, f.Note)
		}
		out = append(out, c)
	}
	return out
}

func powerCards(kb *knowledge.Base) []Card {
	var out []Card
	for _, n := range kb.Quiz.PowersOfTwo {
		v := math.Pow(2, float64(n))
		c := Card{ID: fmt.Sprintf("power-%d", n), Topic: "powers", kind: kindCount, ref: v, show: countText,
			Ask:  fmt.Sprintf("2^%d is about how many?", n),
			Hint: "a number: 1000, 1k, 1M, 4.3B, 1e12"}
		why := fmt.Sprintf("2^%d = %s", n, human.Grouped(v))
		if n >= 10 {
			units := []string{"", "a thousand (KB)", "a million (MB)", "a billion (GB)", "a trillion (TB)", "a quadrillion (PB)", "a quintillion (EB)"}
			k, r := n/10, n%10
			why += fmt.Sprintf(": 2^10 ≈ 1,000, so 2^%d = 2^%d × (2^10)^%d ≈ %s × %s", n, r, k, human.Grouped(math.Pow(2, float64(r))), units[k])
		}
		c.explain = append(c.explain, why)
		out = append(out, c)
	}
	return out
}

// requests counts requests: "1 request", "12K requests".
func requests(n float64) string {
	if n == 1 {
		return "1 request"
	}
	return human.Count(n) + " requests"
}

func conversionCards(kb *knowledge.Base) []Card {
	var out []Card
	for _, n := range kb.Quiz.PerDay {
		v := estimators.AvgRPS(n)
		out = append(out, Card{ID: "per-day-" + plainNum(n), Topic: "conversions", kind: kindRate, ref: v, show: func(x float64) string { return human.Count(x) + " a second" },
			Ask:     fmt.Sprintf("%s a day is about how many a second, on average?", requests(n)),
			Hint:    "requests per second: 12, 1.2k, 1.2e3",
			explain: []string{fmt.Sprintf("%s / 86,400 seconds in a day = %s a second (rule of thumb: 1M a day ≈ 12 a second, 1B a day ≈ 12K)", human.Count(n), human.Count(v))}})
	}
	for _, n := range kb.Quiz.PerSecond {
		v := n * estimators.SecondsPerDay
		out = append(out, Card{ID: "per-second-" + plainNum(n), Topic: "conversions", kind: kindCount, ref: v, show: func(x float64) string { return human.Count(x) + " a day" },
			Ask:     fmt.Sprintf("%s a second, around the clock, is how many a day?", requests(n)),
			Hint:    "a number: 86400, 86.4k, 8.6M, 1e9",
			explain: []string{fmt.Sprintf("%s × 86,400 seconds in a day = %s a day (1 a second ≈ 86K a day ≈ 100K)", human.Count(n), human.Count(v))}})
	}
	for _, s := range kb.Quiz.Storage {
		perDay := estimators.NewDataGBPerDay(s.WritesPerDay, s.WriteBytes)
		v := estimators.DataGBAtRetention(0, perDay, s.RetentionYears)
		yrs := plainNum(s.RetentionYears) + " year"
		if s.RetentionYears != 1 {
			yrs += "s"
		}
		out = append(out, Card{ID: fmt.Sprintf("storage-%s-%s-%s", plainNum(s.WritesPerDay), plainNum(s.WriteBytes), plainNum(s.RetentionYears)), Topic: "conversions", kind: kindGB, ref: v, show: human.GB,
			Ask:     fmt.Sprintf("%s writes a day of %s each, kept %s: how much storage?", human.Count(s.WritesPerDay), bytesText(s.WriteBytes), yrs),
			Hint:    "GB, or with a unit: 500, 1.5 TB, 3 PB",
			explain: []string{fmt.Sprintf("writes/day × bytes × 365 × years = %s × %s × 365 × %s = %s a day × %s days = %s", human.Count(s.WritesPerDay), bytesText(s.WriteBytes), plainNum(s.RetentionYears), human.GB(perDay), human.Count(365*s.RetentionYears), human.GB(v))}})
	}
	return out
}

func availabilityCards(kb *knowledge.Base) []Card {
	var out []Card
	for _, a := range kb.Quiz.Availability {
		month := estimators.DowntimeSecondsPerMonth(a)
		year := estimators.DowntimeSecondsPerYear(a)
		nines := estimators.Nines(a)
		pct := plainNum(a) + "%"
		out = append(out,
			Card{ID: "downtime-month-" + plainNum(a), Topic: "availability", kind: kindDuration, ref: month, defaultUnit: 60, unitName: "minutes", show: timeText,
				Ask:     fmt.Sprintf("A %s availability target allows how much downtime a month?", pct),
				Hint:    "a time like 43 min, 7.2h or 26s; a bare number is minutes",
				explain: []string{fmt.Sprintf("(1 − %s) × 30.4 days × 86,400 s = %s a month (%s nines)", pct, timeText(month), human.Count(nines))}},
			Card{ID: "downtime-year-" + plainNum(a), Topic: "availability", kind: kindDuration, ref: year, defaultUnit: 3600, unitName: "hours", show: timeText,
				Ask:     fmt.Sprintf("A %s availability target allows how much downtime a year?", pct),
				Hint:    "a time like 8.8 hours, 3.7 days or 53 min; a bare number is hours",
				explain: []string{fmt.Sprintf("(1 − %s) × 365 days × 86,400 s = %s a year", pct, timeText(year))}},
		)
		target := a
		out = append(out, Card{ID: "nines-" + plainNum(a), Topic: "availability", kind: kindPercent, ref: a, show: func(x float64) string { return plainNum(x) + "%" },
			Ask:  fmt.Sprintf("Downtime of at most %s a month is what availability target?", timeText(month)),
			Hint: "a percentage: 99.9, 99.95%, or 3 nines",
			// Availability targets differ in their downtime: compare what each allows.
			compare: func(x float64) Grade { return GradeRatio(100-x, 100-target) },
			explain: []string{fmt.Sprintf("%s a month is %s of a 30.4-day month down: %s up (%s nines)", timeText(month), human.Percent(month/(estimators.DaysPerMonth*estimators.SecondsPerDay)), pct, human.Count(nines))}})
	}
	return out
}

// ruleCards ask which component answers a bottleneck named by the rules:
// one card per component, from its last rule (the general case), with
// three other components as the wrong choices.
func ruleCards(kb *knowledge.Base, rng *rand.Rand) []Card {
	bottleneck := map[string]string{}
	var ids []string
	for _, r := range kb.Rules {
		if _, seen := bottleneck[r.Component]; !seen {
			ids = append(ids, r.Component)
		}
		bottleneck[r.Component] = r.Bottleneck
	}
	var out []Card
	for _, id := range ids {
		comp, ok := kb.Component(id)
		if !ok {
			continue
		}
		others := slices.DeleteFunc(slices.Clone(ids), func(x string) bool { return x == id })
		shuffle(rng, others)
		opts := append([]string{id}, others[:min(3, len(others))]...)
		shuffle(rng, opts)
		c := Card{ID: "rule-" + id, Topic: "rules", choice: id,
			Ask:  fmt.Sprintf("When you see: %s. What do you add?", bottleneck[id]),
			Hint: "a number, or a component id"}
		for i, o := range opts {
			oc, _ := kb.Component(o)
			c.Choices = append(c.Choices, Choice{Key: strconv.Itoa(i + 1), ID: o, Label: oc.Name})
		}
		c.explain = append(c.explain, fmt.Sprintf("%s (%s): %s", comp.Name, id, comp.Solves))
		if len(comp.Tradeoffs) > 0 {
			c.explain = append(c.explain, "trade-off: "+comp.Tradeoffs[0])
		}
		out = append(out, c)
	}
	return out
}

// Intro says what the quiz is.
func (q *Quiz) Intro(width int) string {
	width = clampWidth(width)
	names := make([]string, len(q.topics))
	copy(names, q.topics)
	return human.Wrap(fmt.Sprintf("Quiz: %d card%s on %s. Seed %d (--seed %d replays this order). Answers within 20%% count as right, within 2x as close. An empty answer skips a card.",
		len(q.cards), plural(len(q.cards)), strings.Join(names, ", "), q.Seed, q.Seed), width, "") + "\n"
}

// Current is the card to answer now.
func (q *Quiz) Current() (Question, bool) {
	if q.pos >= len(q.cards) || q.stopped != "" {
		return Question{}, false
	}
	c := q.cards[q.pos]
	return Question{Number: q.pos + 1, Of: len(q.cards), ID: c.ID, Title: topicTitles[c.Topic], Ask: c.Ask, Hint: c.Hint, Choices: c.Choices}, true
}

// Answer grades the current card.
func (q *Quiz) Answer(raw string) (Feedback, error) {
	if q.pos >= len(q.cards) || q.stopped != "" {
		return Feedback{}, errors.New("the quiz is over")
	}
	c := q.cards[q.pos]
	raw = strings.TrimSpace(raw)
	r := CardResult{ID: c.ID, Topic: c.Topic, Question: c.Ask, Answer: raw, Grade: GradeSkipped}
	if c.choice != "" {
		cc, _ := c.lookupChoice(c.choice)
		r.Correct = cc
	} else {
		ref := c.ref
		r.Reference, r.Correct = &ref, c.show(ref)
	}
	said := ""
	if raw != "" {
		if c.choice != "" {
			id, err := c.pick(raw)
			if err != nil {
				return Feedback{}, err
			}
			r.Grade = GradeWrong
			if id == c.choice {
				r.Grade = GradeFull
			}
			said = id
		} else {
			v, err := parseValue(c.kind, raw, c.defaultUnit, c.unitName)
			if err != nil {
				return Feedback{}, err
			}
			r.Value = &v
			if c.compare != nil {
				r.Grade = c.compare(v)
			} else {
				r.Grade = GradeRatio(v, c.ref)
			}
			said = c.show(v)
		}
	}
	if r.Grade == GradeLittle {
		r.Grade = GradeWrong // a flashcard is right, close or not
	}
	r.Points = r.Grade.Share()
	q.results = append(q.results, r)
	q.pos++

	fb := Feedback{Grade: r.Grade, Points: r.Points, MaxPoints: 1, Detail: c.explain}
	switch r.Grade {
	case GradeFull:
		fb.Headline = "Right: " + r.Correct
	case GradePartial:
		fb.Headline = fmt.Sprintf("Close: you said %s; it is %s", said, r.Correct)
	case GradeSkipped:
		fb.Headline = "Skipped: it is " + r.Correct
	default:
		fb.Headline = fmt.Sprintf("Not quite: you said %s; it is %s", said, r.Correct)
	}
	return fb, nil
}

func (c Card) lookupChoice(id string) (string, bool) {
	for _, ch := range c.Choices {
		if ch.ID == id {
			return ch.Label + " (" + ch.ID + ")", true
		}
	}
	return id, false
}

// pick reads a multiple-choice answer: the number, the id or the name.
func (c Card) pick(raw string) (string, error) {
	for _, ch := range c.Choices {
		if raw == ch.Key || strings.EqualFold(raw, ch.ID) || strings.EqualFold(raw, ch.Label) {
			return ch.ID, nil
		}
	}
	if id, ok := componentAliases[strings.ToLower(raw)]; ok {
		return id, nil
	}
	return "", fmt.Errorf("%q: want a number from 1 to %d, or one of the ids shown", raw, len(c.Choices))
}

// Stop ends the quiz early; the cards left are skipped.
func (q *Quiz) Stop(reason string) {
	if q.stopped != "" || q.pos >= len(q.cards) {
		return
	}
	q.stopped = reason
	for q.pos < len(q.cards) {
		c := q.cards[q.pos]
		r := CardResult{ID: c.ID, Topic: c.Topic, Question: c.Ask, Grade: GradeSkipped}
		if c.choice != "" {
			r.Correct, _ = c.lookupChoice(c.choice)
		} else {
			ref := c.ref
			r.Reference, r.Correct = &ref, c.show(ref)
		}
		q.results = append(q.results, r)
		q.pos++
	}
}

// Score is the points so far (1 a right card, 0.5 a close one) and the cards in all.
func (q *Quiz) Score() (points, maxPoints float64) {
	for _, r := range q.results {
		points += r.Points
	}
	return points, float64(len(q.cards))
}

// Result is the graded quiz.
func (q *Quiz) Result() QuizResult {
	pts, most := q.Score()
	r := QuizResult{Seed: q.Seed, Count: len(q.cards), Topics: q.topics, Score: pts, Max: most, Stopped: q.stopped, Cards: append([]CardResult{}, q.results...)}
	if most > 0 {
		r.Percent = math.Round(pts/most*1000) / 10
	}
	return r
}

// Report is the score and the cards to look at again.
func (q *Quiz) Report(width int) string {
	width = clampWidth(width)
	res := q.Result()
	var b strings.Builder
	fmt.Fprintf(&b, "Score: %s of %d (%s%%) · seed %d\n", num(res.Score), res.Count, num(res.Percent), res.Seed)
	if res.Stopped != "" {
		fmt.Fprintf(&b, "Stopped: %s; the cards left are counted as skipped.\n", res.Stopped)
	}
	var again []CardResult
	for _, r := range res.Cards {
		if r.Grade != GradeFull {
			again = append(again, r)
		}
	}
	if len(again) == 0 {
		b.WriteString("\nEvery card right.\n")
	} else {
		b.WriteString("\nTo look at again\n")
		for _, r := range again {
			fmt.Fprintf(&b, "  • %s\n    %s\n", human.Wrap(r.Question, width-4, "    "), human.Wrap(fmt.Sprintf("%s: %s", cardWords(r.Grade), r.Correct), width-4, "    "))
		}
	}
	topics := ""
	if len(q.topics) != len(Topics) {
		topics = " --topic " + strings.Join(q.topics, ",")
	}
	fmt.Fprintf(&b, "\nThe same cards again: scaleplan quiz --seed %d --count %d%s\n", res.Seed, res.Count, topics)
	return b.String()
}

// cardWords says a card's grade: right, close, not quite, skipped.
func cardWords(g Grade) string {
	switch g {
	case GradeFull:
		return "right"
	case GradePartial:
		return "close"
	case GradeSkipped:
		return "skipped"
	}
	return "not quite"
}

// timeText writes seconds with the unit that suits them: 0.5 ns, 250 µs, 43.8 min.
func timeText(sec float64) string {
	switch {
	case sec < 1e-6:
		return trimmed(sec*1e9) + " ns"
	case sec < 1e-3:
		return trimmed(sec*1e6) + " µs"
	case sec < 1:
		return trimmed(sec*1e3) + " ms"
	}
	return human.Duration(sec)
}

func trimmed(v float64) string {
	if v >= 100 {
		return human.Grouped(v)
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func countText(v float64) string {
	switch {
	case v < 1e5:
		return human.Grouped(v)
	case v >= 1e18:
		// Every digit of a magnitude past a million T is float noise.
		return human.Count(v)
	}
	return human.Count(v) + " (" + human.Grouped(v) + ")"
}

// plainNum writes a number exactly, without exponent: 1000000, 99.95.
func plainNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
