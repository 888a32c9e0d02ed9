package interview

// Drill is a run of questions answered one at a time, each graded as soon
// as it is answered: a practice interview or a quiz. The line-by-line
// runner (RunPlain) and the full-screen one (package tui) both drive a
// Drill, so they ask the same questions and grade the same way.
type Drill interface {
	// Intro is shown once, before the first question.
	Intro(width int) string
	// Current is the question to answer now; ok is false when the drill is over.
	Current() (q Question, ok bool)
	// Answer grades raw as the answer to the current question and moves on.
	// An empty answer skips the question. An error means raw could not be
	// read (it says what is wanted); the question stays and may be asked again.
	Answer(raw string) (Feedback, error)
	// Stop ends the drill early, leaving the questions not yet answered as
	// skipped, for the reason given ("time is up", "input ended").
	Stop(reason string)
	// Report is the end: the score and what to learn, for a terminal of width columns.
	Report(width int) string
	// Score is the points earned and the most that could have been.
	Score() (points, max float64)
}

// Question is what the person is asked.
type Question struct {
	Number  int      // 1-based
	Of      int      // questions in all
	ID      string   // step or card id
	Title   string   // "Average QPS"
	Ask     string   // the question, in a sentence
	Hint    string   // units and the spellings accepted
	Choices []Choice // for questions answered by picking
	Multi   bool     // several choices may be given, separated by commas
	Context string   // what to keep in view while answering (the givens); "" for none
}

// Choice is one answer that may be picked.
type Choice struct {
	Key   string // what to type: a number or an id
	ID    string // the id it stands for, "" when Key is the id
	Label string
}

// Feedback is the verdict on one answer, given at once.
type Feedback struct {
	Grade     Grade
	Points    float64
	MaxPoints float64
	Headline  string   // "Average QPS: 12k rps against 12,731 rps (0.94x): full marks, 10/10"
	Detail    []string // the worked answer: formula with numbers, notes
}
