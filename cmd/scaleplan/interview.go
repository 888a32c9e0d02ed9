package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/interview"
	"github.com/scaleplan/scaleplan/knowledge"
	"github.com/scaleplan/scaleplan/tui"
)

// interviewOptions is what the interview command was asked to do.
type interviewOptions struct {
	Scenario  string
	List      bool
	History   bool
	Plain     bool
	Format    string
	Timer     string
	Knowledge string
	timer     time.Duration
}

func newInterviewCmd(s *Streams) *cobra.Command {
	o := &interviewOptions{}
	cmd := &cobra.Command{
		Use:   "interview",
		Short: "Practise a system-design interview: estimate, design, get graded",
		Long: `Practise the estimate-then-design routine of a system-design interview on
one of the built-in scenarios (URL shortener, chat, video streaming, ...).

You are given the scenario's numbers, then asked, one step at a time: average
QPS, peak QPS, storage per day and over the retention period, bandwidth
(egress per month), cache size, then the design: the stage, the components
and what breaks first. Each answer is graded at once against the plan
'scaleplan plan' makes for the same numbers, and the worked formula is shown:
within 20% is full marks, within 2x partial, the right order of magnitude a
little. Numbers accept 12k, 1.2e4 and ~12,000; sizes a unit (1.5 TB).

At the end: the score, the reference plan with its diagram, the talking
points, the trade-offs worth saying aloud, the follow-up questions
interviewers ask, and common mistakes. Finished attempts are kept in
$XDG_STATE_HOME/scaleplan/history.jsonl (~/.local/state/scaleplan/history.jsonl);
--history shows progress.

On a terminal the interview is full-screen. With --plain, or when standard
input or standard error is not a terminal, it reads one answer per line from
standard input, writes the prompts to standard error and the verdicts and the
result to standard output, so it can be scripted.`,
		Example: `  scaleplan interview --list
  scaleplan interview --scenario url-shortener
  scaleplan interview --scenario chat --timer 45m
  printf '12k\n25k\n50\n180TB\n650TB\n100\n6\ndns,cdn,app-server,database,cache\n1\n' | scaleplan interview --scenario url-shortener --plain
  scaleplan interview --scenario pastebin --plain --format json < answers.txt | jq .percent
  scaleplan interview --history`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(cmd); err != nil {
				return err
			}
			return runInterview(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Scenario, "scenario", "", "scenario id or number from --list (default: ask, or pick on the first input line in plain mode)")
	f.BoolVar(&o.List, "list", false, "list the scenarios and exit")
	f.BoolVar(&o.History, "history", false, "show past attempts and progress, and exit")
	f.BoolVar(&o.Plain, "plain", false, "line by line: prompts on standard error, one answer per line from standard input")
	f.StringVar(&o.Format, "format", "text", "result format: text or json")
	f.StringVar(&o.Timer, "timer", "", "countdown like 45m; when it runs out, the steps left are skipped")
	f.StringVar(&o.Knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	return cmd
}

func (o *interviewOptions) check(cmd *cobra.Command) error {
	if o.Format != "text" && o.Format != "json" {
		return usage(fmt.Errorf("--format %q: want text or json", o.Format))
	}
	if o.List && o.History {
		return usage(errors.New("--list and --history: give one"))
	}
	// --timer "" is a countdown of nothing, refused rather than ignored.
	if o.Timer != "" || cmd.Flags().Changed("timer") {
		d, err := parseTimer(o.Timer)
		if err != nil {
			return usage(err)
		}
		o.timer = d
	}
	return nil
}

// parseTimer reads --timer: a Go duration (45m, 1h30m) or minutes (45).
func parseTimer(raw string) (time.Duration, error) {
	if err := answers.Underscored(raw, "want a duration from 1s to 24h, like 45m or 1h30m"); err != nil {
		return 0, fmt.Errorf("--timer %w", err)
	}
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil {
		if n, nerr := strconv.ParseFloat(strings.TrimSpace(raw), 64); nerr == nil {
			d, err = time.Duration(n*float64(time.Minute)), nil
		}
	}
	if err != nil || d <= 0 || d > 24*time.Hour {
		return 0, fmt.Errorf("--timer %q: %swant a duration from 1s to 24h, like 45m or 1h30m", raw, emptyNote(raw))
	}
	return d, nil
}

func runInterview(ctx context.Context, s *Streams, o *interviewOptions) error {
	kb, err := loadKnowledge(o.Knowledge)
	if err != nil {
		return err
	}
	switch {
	case o.List:
		return listScenarios(s, kb, o.Format)
	case o.History:
		return showHistory(s, o.Format)
	}
	plain := o.Plain || !s.InTTY || !s.ErrTTY
	var sc *knowledge.Scenario
	if o.Scenario != "" {
		if sc, err = findScenario(kb, o.Scenario); err != nil {
			return usage(err)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	var lines <-chan string
	var linesEnd func() error
	if plain {
		lines, linesEnd = interview.LineChannel(s.In)
		if sc == nil {
			if sc, err = askScenario(ctx, s, kb, lines, linesEnd); err != nil {
				return err
			}
		}
	} else if sc == nil {
		id, aborted, err := tui.PickScenario(ctx, kb, tuiOptions(s), s.In, s.Err, s.Env)
		if err != nil {
			return err
		}
		if aborted {
			return exitError{code: ExitAborted}
		}
		sc, _ = kb.Scenario(id)
	}
	sess, err := interview.NewSession(kb, sc, nil)
	if err != nil {
		return err
	}

	feedback := s.Out
	if o.Format == "json" {
		feedback = s.Err
	}
	width := 80
	if s.OutTTY && s.Width > 0 {
		width = s.Width
	}
	if plain {
		err := interview.RunPlain(ctx, sess, interview.PlainOptions{In: s.In, Lines: lines, LinesEnd: linesEnd, Prompts: s.Err, Feedback: feedback, Width: width, Timer: o.timer, Echo: !s.InTTY})
		if errors.Is(err, context.Canceled) {
			return exitError{code: ExitAborted}
		}
		if err != nil {
			return err
		}
	} else {
		opts := tuiOptions(s)
		opts.Title = "Interview · " + sc.Title
		opts.Timer = o.timer
		res, err := tui.RunDrill(ctx, sess, opts, s.In, s.Err, s.Env)
		if res.Aborted {
			return exitError{code: ExitAborted}
		}
		if err != nil {
			return err
		}
	}

	result := sess.Result()
	saved := ""
	if result.Stopped == inputEnded {
		// Input that runs out is a script or a pipe cut short, not a person
		// answering: the history keeps attempts someone made.
		fmt.Fprintln(s.Err, "scaleplan: the input ended before the last question; this attempt is not kept in the history")
	} else if path, err := interview.HistoryPath(s.Getenv); err != nil {
		fmt.Fprintf(s.Err, "scaleplan: %s; this attempt is not kept\n", human.Printable(err.Error()))
	} else if err := interview.AppendHistory(path, interview.NewAttempt(result)); err != nil {
		fmt.Fprintf(s.Err, "scaleplan: could not keep this attempt: %s\n", human.Printable(err.Error()))
	} else {
		saved = path
	}
	switch {
	case o.Format == "json":
		if err := writeJSON(s, result); err != nil {
			return err
		}
	case plain || !s.OutTTY:
		if _, err := fmt.Fprint(s.Out, sess.Report(width)); err != nil {
			return err
		}
	}
	if !plain && saved != "" {
		fmt.Fprintf(s.Err, "Score %s of %s (%s%%) on %s; kept in %s (scaleplan interview --history).\n",
			strconv.FormatFloat(result.Score, 'f', -1, 64), strconv.FormatFloat(result.MaxScore, 'f', -1, 64),
			strconv.FormatFloat(result.Percent, 'f', -1, 64), sc.ID, human.Printable(saved))
	}
	return nil
}

// inputEnded is why a plain drill stops when its input runs out
// (interview.RunPlain).
const inputEnded = "input ended"

// tuiOptions are the full-screen settings the streams imply.
func tuiOptions(s *Streams) tui.DrillOptions {
	return tui.DrillOptions{Dark: true, NoColor: s.Getenv("NO_COLOR") != ""}
}

// findScenario finds a scenario by id, number in the list, or unique prefix.
func findScenario(kb *knowledge.Base, key string) (*knowledge.Scenario, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	if n, err := strconv.Atoi(key); err == nil && n >= 1 && n <= len(kb.Scenarios) {
		return &kb.Scenarios[n-1], nil
	}
	if sc, ok := kb.Scenario(key); ok {
		return sc, nil
	}
	var ids, prefixed []string
	for _, sc := range kb.Scenarios {
		ids = append(ids, sc.ID)
		if strings.HasPrefix(sc.ID, key) {
			prefixed = append(prefixed, sc.ID)
		}
	}
	if len(prefixed) == 1 {
		sc, _ := kb.Scenario(prefixed[0])
		return sc, nil
	}
	msg := fmt.Sprintf("--scenario %q: no such scenario", key)
	if n := answers.Nearest(key, ids); n != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", n)
	}
	return nil, fmt.Errorf("%s; scenarios: %s (or a number from 1 to %d; see --list)", msg, strings.Join(ids, ", "), len(ids))
}

// askScenario reads the scenario from the first input line, in plain mode
// without --scenario: a number, an id, or an empty line for the first.
func askScenario(ctx context.Context, s *Streams, kb *knowledge.Base, lines <-chan string, end func() error) (*knowledge.Scenario, error) {
	fmt.Fprintln(s.Err, "Scenarios:")
	for i, sc := range kb.Scenarios {
		fmt.Fprintf(s.Err, "  %2d  %-22s %s\n", i+1, sc.ID, sc.Title)
	}
	for {
		fmt.Fprint(s.Err, "Scenario (number or id)> ")
		select {
		case <-ctx.Done():
			return nil, exitError{code: ExitAborted}
		case line, ok := <-lines:
			if !ok {
				fmt.Fprintln(s.Err)
				if err := end(); err != nil {
					return nil, usage(fmt.Errorf("stopped before a scenario was chosen: %w", err))
				}
				return nil, usage(errors.New("the input ended before a scenario was chosen; give --scenario ID or a first line naming one"))
			}
			if !s.InTTY {
				fmt.Fprintln(s.Err, human.Printable(line))
			}
			sc, err := findScenario(kb, line)
			if err == nil {
				fmt.Fprintln(s.Err)
				return sc, nil
			}
			fmt.Fprintf(s.Err, "%s; try again\n", human.Printable(strings.TrimPrefix(err.Error(), "--scenario ")))
		}
	}
}

type scenarioView struct {
	Number int    `json:"number"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	Prompt string `json:"prompt"`
	Steps  int    `json:"steps"`
}

func listScenarios(s *Streams, kb *knowledge.Base, format string) error {
	var views []scenarioView
	for i := range kb.Scenarios {
		sc := &kb.Scenarios[i]
		views = append(views, scenarioView{Number: i + 1, ID: sc.ID, Title: sc.Title, Prompt: strings.Join(strings.Fields(sc.Prompt), " "), Steps: len(knowledge.StepIDs) - len(sc.SkipSteps)})
	}
	if format == "json" {
		return writeJSON(s, views)
	}
	var b bytes.Buffer
	for _, v := range views {
		fmt.Fprintf(&b, "%2d  %-22s %s\n", v.Number, v.ID, v.Title)
	}
	b.WriteString("\nStart one with: scaleplan interview --scenario ID\n")
	_, err := s.Out.Write(b.Bytes())
	return err
}

func showHistory(s *Streams, format string) error {
	path, err := interview.HistoryPath(s.Getenv)
	if err != nil {
		return err
	}
	attempts, skipped, err := interview.LoadHistory(path)
	if err != nil {
		return fmt.Errorf("reading the history: %w", err)
	}
	if skipped > 0 {
		fmt.Fprintf(s.Err, "scaleplan: skipped %d unreadable line(s) in %s\n", skipped, human.Printable(path))
	}
	if format == "json" {
		if attempts == nil {
			attempts = []interview.Attempt{}
		}
		return writeJSON(s, attempts)
	}
	_, err = fmt.Fprint(s.Out, interview.HistoryReport(attempts, path, s.Width))
	return err
}

// writeJSON writes v as indented JSON to standard output.
func writeJSON(s *Streams, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := s.Out.Write(b.Bytes())
	return err
}
