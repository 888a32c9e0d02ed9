package main

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/readfile"
	"github.com/scaleplan/scaleplan/knowledge"
	"github.com/scaleplan/scaleplan/tui"
)

// advisorOptions are the root command's flags: `scaleplan` alone opens the
// interactive advisor.
type advisorOptions struct {
	AnswersFile string
	Accessible  bool
}

func (o *advisorOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.AnswersFile, "answers", "", "open the advisor on these answers (a YAML answers file, as plan --answers reads)")
	f.BoolVar(&o.Accessible, "accessible", false, "ask line by line, for screen readers and plain terminals (also ACCESSIBLE=1)")
}

// runAdvisor opens the advisor on the terminal: full-screen on standard
// error, or line by line with --accessible. Not on a terminal it prints the
// help and exits 2, unless --accessible asks for prompts on piped input.
func runAdvisor(cmd *cobra.Command, s *Streams, o *advisorOptions) error {
	accessible := o.Accessible || envTrue(s.Getenv("ACCESSIBLE"))
	if !o.Accessible && (!s.InTTY || !s.ErrTTY) {
		cmd.SetOut(s.Err)
		fmt.Fprintln(s.Err, "scaleplan: the interactive advisor needs a terminal; use a command such as 'scaleplan plan --users 50000', or --accessible for line-by-line prompts")
		fmt.Fprintln(s.Err)
		_ = cmd.Help()
		return exitError{code: ExitUsage}
	}
	kb, err := knowledge.Default()
	if err != nil {
		return err
	}
	opts := tui.Options{KB: kb, Dark: true, NoColor: s.Getenv("NO_COLOR") != ""}
	if o.AnswersFile != "" {
		a, err := readAnswersFile(o.AnswersFile)
		if err != nil {
			return err
		}
		// Refused here, naming the file's line, rather than as the reason
		// the advisor shows no plan.
		if err := advisor.New(kb).Check(a); err != nil {
			return answerErrorIn(err, &a, o.AnswersFile)
		}
		opts.Answers = &a
	}
	if opts.StatePath, err = tui.StatePath(s.Getenv); err != nil {
		fmt.Fprintf(s.Err, "scaleplan: %s; answers will not be kept\n", human.Printable(err.Error()))
	}
	if opts.Answers == nil {
		if opts.Saved, err = tui.LoadSaved(opts.StatePath); err != nil {
			fmt.Fprintf(s.Err, "scaleplan: ignoring the saved answers: %s\n", human.Printable(err.Error()))
		}
	}
	if wd, err := os.Getwd(); err == nil {
		opts.Dir = wd
	}

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	var res tui.Result
	if accessible {
		res, err = tui.RunAccessible(ctx, opts, s.In, s.Err, s.Out)
	} else {
		res, err = tui.Run(ctx, opts, s.In, s.Err, s.Env)
	}
	if res.Aborted {
		if opts.StatePath != "" {
			fmt.Fprintf(s.Err, "scaleplan: stopped; your answers are kept in %s\n", human.Printable(opts.StatePath))
		}
		return exitError{code: ExitAborted}
	}
	if err != nil {
		return err
	}
	if !accessible && res.Plan != nil {
		if !s.OutTTY {
			if _, err := s.Out.Write(export.Markdown(res.Plan)); err != nil {
				return err
			}
		}
		if opts.StatePath != "" {
			fmt.Fprintf(s.Err, "Stage %d, %s, %s. Answers kept in %s; `scaleplan plan --answers %s` prints this plan.\n",
				res.Plan.Stage.Number, res.Plan.Stage.Name, human.USD(res.Plan.Cost.MonthlyUSD)+"/mo", human.Printable(opts.StatePath), human.Printable(opts.StatePath))
		}
	}
	return nil
}

// readAnswersFile reads --answers as the plan command does.
func readAnswersFile(path string) (answers.Answers, error) {
	data, err := readfile.Read(path, answers.MaxFileBytes)
	if err != nil {
		return answers.Answers{}, usage(fmt.Errorf("--answers %s: %w", path, err))
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		return a, usage(err)
	}
	return a, nil
}

// envTrue reads a boolean environment variable: 1, true, yes.
func envTrue(v string) bool {
	if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
		return b
	}
	return strings.EqualFold(strings.TrimSpace(v), "yes")
}
