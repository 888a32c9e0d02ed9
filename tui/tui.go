// Package tui is the interactive advisor: a short questionnaire built with
// huh, a live line showing the stage the answers so far imply, and a
// full-screen view of the plan in tabs with export, save and what-if. It
// draws; the advisor and the exporters decide every number.
//
// The pages follow soft-serve's shape on a small scale: a root Model with a
// state enum routes messages to small page models (the resume prompt, the
// questionnaire in ask.go, the results in results.go), each with a key map
// that documents itself, and one Styles value built from the background.
package tui

import (
	"context"
	"errors"
	"io"
	"reflect"

	tea "charm.land/bubbletea/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Options configure the advisor.
type Options struct {
	KB        *knowledge.Base
	Answers   *answers.Answers // preloaded with --answers: open on the plan
	Saved     *answers.Answers // answers saved last time: offer to resume
	StatePath string           // where answers are kept as they are given; "" keeps nothing
	Dir       string           // relative export and save paths are taken from here; "" is the working directory

	Dark            bool // the background is dark, until the terminal says otherwise
	FixedBackground bool // ignore the terminal's report of its background (tests)
	NoColor         bool // NO_COLOR: no colour, bold and underline only

	Width, Height int // the first frame's size, before the terminal reports it
}

// Result is how a run ended.
type Result struct {
	Answers answers.Answers // every answer given so far
	Plan    *advisor.Plan   // the plan on screen at the end, nil before the results
	Aborted bool            // ctrl+c or SIGINT
}

// Run runs the full-screen advisor, drawing on out (standard error, so
// standard output stays for results) and reading keys from in. Whatever
// way it ends, the answers given so far are saved to opts.StatePath.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer, env []string) (Result, error) {
	m := New(opts)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env))
	final, err := p.Run()
	if fm, ok := final.(*Model); ok && fm != nil {
		m = fm
	}
	res := Result{Answers: m.Answers(), Plan: m.Plan(), Aborted: m.Aborted()}
	// A signal the caller watches (SIGTERM, SIGHUP) can end the program
	// as a quit before the context says so: it is an abort all the same.
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
		res.Aborted, err = true, nil
	}
	// Starting over keeps the saved answers until something new is answered.
	// The form's memo is written with them: one left from before would
	// describe other answers (a kind, a field to resume on).
	startedOver := opts.Saved != nil && reflect.DeepEqual(res.Answers, answers.Answers{Version: answers.Version})
	if opts.StatePath != "" && !startedOver {
		if serr := m.saver.final(res.Answers, m.Memo()); serr != nil && err == nil {
			err = serr
		}
	}
	return res, err
}
