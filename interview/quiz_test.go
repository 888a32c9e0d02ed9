package interview

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func newQuiz(t testing.TB, o QuizOptions) *Quiz {
	t.Helper()
	q, err := NewQuiz(testKB(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func cardIDs(q *Quiz) []string {
	var ids []string
	for _, c := range q.cards {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestQuizSeedIsReproducible(t *testing.T) {
	a := cardIDs(newQuiz(t, QuizOptions{Seed: 42, Count: 20}))
	b := cardIDs(newQuiz(t, QuizOptions{Seed: 42, Count: 20}))
	if !slices.Equal(a, b) {
		t.Errorf("seed 42 drew %v, then %v", a, b)
	}
	if c := cardIDs(newQuiz(t, QuizOptions{Seed: 43, Count: 20})); slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 drew the same cards: %v", a)
	}
	if len(a) != 20 {
		t.Errorf("%d cards, want 20", len(a))
	}
	// Topics alternate: the first five cards are one of each.
	topics := map[string]bool{}
	for _, c := range newQuiz(t, QuizOptions{Seed: 42, Count: 5}).cards {
		topics[c.Topic] = true
	}
	if len(topics) != len(Topics) {
		t.Errorf("the first 5 cards cover %d topics, want %d", len(topics), len(Topics))
	}
}

func TestQuizCountAndTopics(t *testing.T) {
	if n := len(newQuiz(t, QuizOptions{Seed: 1}).cards); n != DefaultCards {
		t.Errorf("%d cards by default, want %d", n, DefaultCards)
	}
	q := newQuiz(t, QuizOptions{Seed: 1, Count: 1000, Topics: []string{"latency"}})
	if n := len(q.cards); n != len(testKB(t).Quiz.Latency) {
		t.Errorf("asking for 1000 latency cards gave %d, want all %d", n, len(testKB(t).Quiz.Latency))
	}
	for _, c := range q.cards {
		if c.Topic != "latency" {
			t.Errorf("card %s is not about latency", c.ID)
		}
	}
	if _, err := NewQuiz(testKB(t), QuizOptions{Topics: []string{"latencies"}}); err == nil || !strings.Contains(err.Error(), `did you mean "latency"`) {
		t.Errorf("an unknown topic: error %v", err)
	}
}

// TestEveryCardIsRightWithItsAnswer answers every card with its own
// answer (right) and with ten times it (not right).
func TestEveryCardIsRightWithItsAnswer(t *testing.T) {
	q := newQuiz(t, QuizOptions{Seed: 7, Count: 1000})
	wrong := newQuiz(t, QuizOptions{Seed: 7, Count: 1000})
	if len(q.cards) < 60 {
		t.Errorf("only %d cards in all", len(q.cards))
	}
	for i := range q.cards {
		c := q.cards[i]
		right, off := "", ""
		switch {
		case c.choice != "":
			n := slices.IndexFunc(c.Choices, func(ch Choice) bool { return ch.ID == c.choice })
			right = c.Choices[n].Key
			off = c.Choices[(n+1)%len(c.Choices)].Key
		case c.kind == kindDuration:
			right = strconv.FormatFloat(c.ref, 'g', -1, 64) + "s"
			off = strconv.FormatFloat(c.ref*10, 'g', -1, 64) + "s"
		case c.kind == kindPercent:
			right = strconv.FormatFloat(c.ref, 'g', -1, 64)
			off = strconv.FormatFloat(100-(100-c.ref)*10, 'g', -1, 64) // ten times the downtime
		default:
			right = strconv.FormatFloat(c.ref, 'g', -1, 64)
			off = strconv.FormatFloat(c.ref*10, 'g', -1, 64)
		}
		fb, err := q.Answer(right)
		if err != nil || fb.Grade != GradeFull || !strings.HasPrefix(fb.Headline, "Right: ") {
			t.Errorf("%s answered %q: %s %q, %v", c.ID, right, fb.Grade, fb.Headline, err)
		}
		fb, err = wrong.Answer(off)
		if err != nil || fb.Grade != GradeWrong {
			t.Errorf("%s answered %q (off): %s %q, %v", c.ID, off, fb.Grade, fb.Headline, err)
		}
		if len(fb.Detail) == 0 {
			t.Errorf("%s has no explanation", c.ID)
		}
	}
	if pts, most := q.Score(); pts != most {
		t.Errorf("score %g of %g with every answer right", pts, most)
	}
}

func TestQuizAnswersAreComputed(t *testing.T) {
	q := newQuiz(t, QuizOptions{Seed: 1, Count: 1000})
	byID := map[string]Card{}
	for _, c := range q.cards {
		byID[c.ID] = c
	}
	for id, want := range map[string]float64{
		"power-10":               1024,
		"power-32":               4294967296,
		"per-day-1000000":        1e6 / 86400,
		"per-second-100":         8_640_000,
		"storage-1000000-1000-5": 1825,
		"downtime-month-99.9":    0.001 * 365 / 12 * 86400,
		"downtime-year-99.99":    0.0001 * 365 * 86400,
		"nines-99.95":            99.95,
		"latency-memory":         100e-9,
	} {
		c, ok := byID[id]
		if !ok {
			t.Errorf("no card %s", id)
			continue
		}
		if !near(c.ref, want) {
			t.Errorf("%s: answer %g, want %g", id, c.ref, want)
		}
	}
	c := byID["rule-read-replica"]
	if !strings.Contains(c.Ask, "reads the cache does not absorb overload the primary") || len(c.Choices) != 4 {
		t.Errorf("the read-replica card: %q with %d choices", c.Ask, len(c.Choices))
	}
}

func TestQuizRefusesAnswersItCannotRead(t *testing.T) {
	q := newQuiz(t, QuizOptions{Seed: 1, Count: 1000, Topics: []string{"latency"}})
	if _, err := q.Answer("100"); err == nil || !strings.Contains(err.Error(), "give a unit") {
		t.Errorf("a latency without a unit: error %v", err)
	}
	if _, err := q.Answer("fast"); err == nil {
		t.Error("a latency in words was taken")
	}
	if q.pos != 0 {
		t.Error("an unreadable answer moved the quiz on")
	}
	fb, _ := q.Answer("")
	if fb.Grade != GradeSkipped || !strings.HasPrefix(fb.Headline, "Skipped: it is ") {
		t.Errorf("an empty answer: %s %q", fb.Grade, fb.Headline)
	}
}

// TestQuizEchoesHugeCountsShort: an answer of 1e300 is echoed as a
// magnitude, not as three hundred digits of float noise.
func TestQuizEchoesHugeCountsShort(t *testing.T) {
	for _, v := range []float64{1e18, 1e300} {
		if s := countText(v); len(s) > 20 || strings.Contains(s, ",") {
			t.Errorf("countText(%g) = %q", v, s)
		}
	}
	if s := countText(1073741824); s != "1.1B (1,073,741,824)" {
		t.Errorf("countText(2^30) = %q", s)
	}
}
