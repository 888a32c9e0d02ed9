package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/interview"
	"github.com/scaleplan/scaleplan/tui"
)

// quizOptions is what the quiz command was asked to do.
type quizOptions struct {
	Seed      int64
	Count     int
	Topics    []string
	Plain     bool
	Format    string
	Knowledge string
}

func newQuizCmd(s *Streams) *cobra.Command {
	o := &quizOptions{}
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Flashcards on the numbers every engineer should know",
		Long: `Flashcards with immediate feedback on the numbers a system-design interview
leans on:

  latency       latency numbers every engineer should know (with their source)
  powers        powers of two (2^30 ≈ a billion)
  conversions   requests a day ↔ per second, and storage over years
  availability  availability nines ↔ the downtime they allow
  rules         "when you see X, add Y", from scaleplan's own rules

Every answer but the latency figures is computed by the same estimators as
'scaleplan plan'. Within 20% is right, within 2x close. --seed makes the
order reproducible (the seed is printed, so any run can be replayed).

On a terminal the quiz is full-screen; with --plain, or when standard input or
standard error is not a terminal, it reads one answer per line.`,
		Example: `  scaleplan quiz
  scaleplan quiz --count 20 --topic latency,availability
  scaleplan quiz --seed 42 --plain
  printf '100ns\n1B\n' | scaleplan quiz --seed 7 --count 2 --plain --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Format != "text" && o.Format != "json" {
				return usage(fmt.Errorf("--format %q: want text or json", o.Format))
			}
			if o.Count < 1 || o.Count > 1000 {
				return usage(fmt.Errorf("--count %d: want a number of cards from 1 to 1000", o.Count))
			}
			if !cmd.Flags().Changed("seed") {
				o.Seed = time.Now().UnixNano() % 1_000_000
			}
			return runQuiz(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	intVar(f, &o.Seed, "seed", 0, "a whole number, like 7", "seed for the order of the cards (default: a new one each run, printed)")
	intVar(f, &o.Count, "count", interview.DefaultCards, "a number of cards from 1 to 1000", "number of cards")
	f.StringSliceVar(&o.Topics, "topic", nil, "topics, comma list: "+strings.Join(interview.Topics, ", ")+" (default all)")
	f.BoolVar(&o.Plain, "plain", false, "line by line: prompts on standard error, one answer per line from standard input")
	f.StringVar(&o.Format, "format", "text", "result format: text or json")
	f.StringVar(&o.Knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	return cmd
}

func runQuiz(ctx context.Context, s *Streams, o *quizOptions) error {
	kb, err := loadKnowledge(o.Knowledge)
	if err != nil {
		return err
	}
	var topics []string
	for _, t := range o.Topics {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			topics = append(topics, t)
		}
	}
	q, err := interview.NewQuiz(kb, interview.QuizOptions{Seed: o.Seed, Count: o.Count, Topics: topics})
	if err != nil {
		return usage(fmt.Errorf("--topic: %w", err))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	plain := o.Plain || !s.InTTY || !s.ErrTTY
	width := 80
	if s.OutTTY && s.Width > 0 {
		width = s.Width
	}
	if plain {
		feedback := s.Out
		if o.Format == "json" {
			feedback = s.Err
		}
		err := interview.RunPlain(ctx, q, interview.PlainOptions{In: s.In, Prompts: s.Err, Feedback: feedback, Width: width, Echo: !s.InTTY})
		if errors.Is(err, context.Canceled) {
			return exitError{code: ExitAborted}
		}
		if err != nil {
			return err
		}
	} else {
		opts := tuiOptions(s)
		opts.Title = "Quiz"
		res, err := tui.RunDrill(ctx, q, opts, s.In, s.Err, s.Env)
		if res.Aborted {
			return exitError{code: ExitAborted}
		}
		if err != nil {
			return err
		}
	}
	switch {
	case o.Format == "json":
		return writeJSON(s, q.Result())
	case plain || !s.OutTTY:
		_, err := fmt.Fprint(s.Out, q.Report(width))
		return err
	}
	res := q.Result()
	fmt.Fprintf(s.Err, "Score %s of %d (%s%%); scaleplan quiz --seed %d replays these cards.\n", trimFloat(res.Score), res.Count, trimFloat(res.Percent), res.Seed)
	return nil
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
}
