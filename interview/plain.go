package interview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// PlainOptions configure a line-by-line run.
type PlainOptions struct {
	In       io.Reader // one answer per line
	Prompts  io.Writer // the intro and the questions (standard error)
	Feedback io.Writer // the verdict after each answer (standard output; standard error when the result is JSON)
	Width    int       // columns to wrap at; 0 for 80
	Timer    time.Duration
	Now      func() time.Time                     // the clock; nil for the real one
	After    func(time.Duration) <-chan time.Time // the timer; nil for time.After
	Lines    <-chan string                        // answers already being read from In (see LineChannel); nil to read In here
	LinesEnd func() error                         // why Lines closed (LineChannel's); nil when only the input's end closes it
	Echo     bool                                 // write each answer after its prompt, when the input is not a terminal that shows it
}

// RunPlain runs a drill as plain prompts: it writes the intro and each
// question, reads one answer per line, and writes the verdict at once. An
// answer that cannot be read is explained and the question asked again. It
// returns when the drill is over; when the input ends or the timer runs
// out first, the questions left are skipped. A cancelled ctx returns its
// error with the drill unfinished.
func RunPlain(ctx context.Context, d Drill, o PlainOptions) error {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	after := o.After
	if after == nil {
		after = time.After
	}
	width := clampWidth(o.Width)
	var deadline time.Time
	var timeUp <-chan time.Time
	if o.Timer > 0 {
		deadline = now().Add(o.Timer)
		timeUp = after(o.Timer)
	}
	lines, linesEnd := o.Lines, o.LinesEnd
	if lines == nil {
		lines, linesEnd = LineChannel(o.In)
	}

	fmt.Fprintf(o.Prompts, "%s\n", d.Intro(width))
	asked := ""
	for {
		q, ok := d.Current()
		if !ok {
			return nil
		}
		if asked != q.ID+fmt.Sprint(q.Number) {
			asked = q.ID + fmt.Sprint(q.Number)
			writeQuestion(o.Prompts, q, width, deadline, now)
		}
		fmt.Fprint(o.Prompts, "> ")
		select {
		case <-ctx.Done():
			fmt.Fprintln(o.Prompts)
			return ctx.Err()
		case <-timeUp:
			fmt.Fprintf(o.Prompts, "\nTime is up (%s).\n\n", durationText(o.Timer))
			d.Stop("time is up")
			return nil
		case line, ok := <-lines:
			if !ok {
				if linesEnd != nil && linesEnd() != nil {
					// Not the input's end: say so, or the answers after
					// the long line would seem lost without a reason.
					fmt.Fprintf(o.Prompts, "\nStopped before question %d of %d: %s.\n\n", q.Number, q.Of, linesEnd())
					d.Stop("input ended")
					return nil
				}
				fmt.Fprintf(o.Prompts, "\nThe input ended before question %d of %d.\n\n", q.Number, q.Of)
				d.Stop("input ended")
				return nil
			}
			if o.Echo {
				fmt.Fprintln(o.Prompts, human.Printable(line))
			}
			fb, err := d.Answer(line)
			if err != nil {
				fmt.Fprintf(o.Prompts, "%s\n", human.Wrap(err.Error()+"; try again", width-2, "  "))
				continue
			}
			fmt.Fprintf(o.Feedback, "%s\n", FeedbackText(fb, width))
		}
	}
}

// writeQuestion writes a question with its choices and hint.
func writeQuestion(w io.Writer, q Question, width int, deadline time.Time, now func() time.Time) {
	head := fmt.Sprintf("[%d/%d] %s", q.Number, q.Of, q.Title)
	if !deadline.IsZero() {
		head += " · " + Countdown(deadline.Sub(now())) + " left"
	}
	fmt.Fprintf(w, "%s\n%s\n", head, human.Wrap(q.Ask, width, ""))
	if q.Multi {
		keys := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			keys[i] = c.Key
		}
		fmt.Fprintf(w, "  %s\n", human.Wrap("ids: "+strings.Join(keys, ", "), width-2, "  "))
	} else {
		for _, c := range q.Choices {
			if c.ID != "" {
				fmt.Fprintf(w, "  %3s  %-24s %s\n", c.Key, c.ID, c.Label)
			} else {
				fmt.Fprintf(w, "  %3s  %s\n", c.Key, c.Label)
			}
		}
	}
	if q.Hint != "" {
		fmt.Fprintf(w, "  (%s; empty skips)\n", human.Wrap(q.Hint, width-4, "   "))
	}
}

// Countdown writes time left as m:ss, or h:mm:ss past an hour; never negative.
func Countdown(left time.Duration) string {
	if left < 0 {
		left = 0
	}
	s := int(left.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// LineChannel reads r line by line in the background. The channel closes
// when r ends, or at a line longer than readfile.MaxLineBytes (input that
// is not typed); once it has closed, end says why: nil at the end of the
// input, the error otherwise. A reader still blocked when the run is over
// is left to the process's exit.
func LineChannel(r io.Reader) (lines <-chan string, end func() error) {
	ch := make(chan string)
	var why error // set before ch closes, read after
	go func() {
		defer close(ch)
		br := bufio.NewReader(r)
		for {
			line, err := readfile.Line(br, readfile.MaxLineBytes)
			if len(line) > 0 || err == nil {
				ch <- strings.TrimRight(string(line), "\r\n")
			}
			if err != nil {
				if err != io.EOF {
					why = err
				}
				return
			}
		}
	}()
	return ch, func() error { return why }
}
