package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"charm.land/huh/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// lineReader hands out its input one line per Read. huh's accessible
// prompts wrap the reader in a new bufio.Scanner for every question; a
// Scanner reads ahead, so with piped input every line after the first
// answer would vanish into a discarded buffer. One line per Read leaves
// nothing to lose. It also counts lines and notes the end of input, which
// huh's prompts do not report (at the end they return the last text typed
// without validating it, or the default).
type lineReader struct {
	r       *bufio.Reader
	pending []byte
	ended   bool   // the input has no more lines
	why     error  // why it ended, when not at the input's end (a line too long)
	eofs    int    // Reads that returned io.EOF
	lines   int    // lines handed out
	last    string // the last line handed out, without its line break
	// blank, when set, is handed out in place of an empty line: huh's
	// multi-select refuses an empty line, where Enter means "done".
	blank string
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: bufio.NewReader(r)} }

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		if l.ended {
			l.eofs++
			return 0, io.EOF
		}
		line, err := readfile.Line(l.r, readfile.MaxLineBytes)
		if err != nil {
			l.ended = true
			if err != io.EOF {
				l.why = err
			}
		}
		if len(line) == 0 {
			l.eofs++
			return 0, io.EOF
		}
		l.lines++
		l.last = strings.TrimRight(string(line), "\r\n")
		l.pending = line
		if l.blank != "" && strings.TrimSpace(l.last) == "" {
			l.pending = []byte(l.blank + "\n")
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// errInputEnded stops the questions when the input runs out.
var errInputEnded = errors.New("input ended")

// accessibleRun is one run of the line-by-line advisor.
type accessibleRun struct {
	opts Options
	in   *lineReader
	w    io.Writer // prompts
	out  io.Writer // the plan
	ad   *advisor.Advisor

	mu   sync.Mutex
	snap answers.Answers // the answers so far, for an interrupt

	// saveMu orders the writes of the answers file; after an interrupt the
	// questions (still waiting on input) must not write again.
	saveMu  sync.Mutex
	stopped bool
}

// RunAccessible runs the advisor as plain line-by-line prompts for screen
// readers and terminals that cannot redraw: huh's accessible fields, one
// question per line, prompts on w and the plan as plain text on out.
// Answers are saved after each question, so an interrupt (ctx cancelled,
// e.g. on SIGINT) keeps them; input that ends early stops the questions
// and plans what was given.
func RunAccessible(ctx context.Context, opts Options, in io.Reader, w, out io.Writer) (Result, error) {
	run := &accessibleRun{opts: opts, in: newLineReader(in), w: w, out: out, ad: advisor.New(opts.KB)}
	run.snap = startAnswers(opts)
	type done struct {
		res Result
		err error
	}
	ch := make(chan done, 1)
	go func() {
		res, err := run.run()
		ch <- done{res, err}
	}()
	select {
	case d := <-ch:
		return d.res, d.err
	case <-ctx.Done():
		run.mu.Lock()
		a := run.snap.Clone()
		run.mu.Unlock()
		fmt.Fprintln(w)
		run.saveMu.Lock()
		run.stopped = true
		if opts.StatePath != "" {
			_ = SaveAnswers(opts.StatePath, a)
		}
		run.saveMu.Unlock()
		return Result{Answers: a, Aborted: true}, nil
	}
}

func startAnswers(opts Options) answers.Answers {
	if opts.Answers != nil {
		return opts.Answers.Clone()
	}
	return answers.Answers{Version: answers.Version}
}

// plainTheme keeps escape sequences out of what a screen reader reads.
var plainTheme = func() huh.Theme {
	t := huh.ThemeBase(false)
	return huh.ThemeFunc(func(bool) *huh.Styles { return t })
}()

// keep saves the answers so far with the form's memo beside them, so a
// memo left by an earlier run never describes other answers.
func (r *accessibleRun) keep(a answers.Answers, memo formMemo) {
	r.mu.Lock()
	r.snap = a.Clone()
	r.mu.Unlock()
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	if r.opts.StatePath != "" && !r.stopped {
		err := SaveAnswers(r.opts.StatePath, a)
		if err == nil {
			err = saveMemo(r.opts.StatePath, memo)
		}
		if err != nil {
			fmt.Fprintf(r.w, "Could not save the answers: %v\n", err)
		}
	}
}

func (r *accessibleRun) run() (Result, error) {
	a := startAnswers(r.opts)
	ended := false
	var memo formMemo
	if r.opts.Answers == nil {
		if r.opts.Saved != nil {
			resume := true
			c := huh.NewConfirm().Title("Your last answers were saved. Pick up where you left off?").Value(&resume)
			c.WithTheme(plainTheme)
			var read bool
			if ended, read = r.ask(c); ended && (!read || !validBool(r.in.last)) {
				resume = true
			}
			if resume {
				a = r.opts.Saved.Clone()
				memo = loadMemo(r.opts.StatePath)
			}
		}
		if !ended {
			var err error
			a, err = r.questions(a, memo)
			ended = errors.Is(err, errInputEnded)
		}
	}
	res := Result{Answers: a}
	p, err := r.ad.Advise(a)
	if err != nil {
		fmt.Fprintf(r.w, "\nNo plan yet: %v\n", err)
		return res, err
	}
	res.Plan = p
	fmt.Fprintln(r.w)
	_, _ = r.out.Write(plainText(export.Text(p, export.Options{Width: 80, Dark: true})))
	if !ended {
		r.offerWrite(dialogExport, p, a)
	}
	if !r.in.ended {
		r.offerWrite(dialogSave, p, a)
	}
	return res, nil
}

// ask runs one huh field accessibly and reports whether the input ended
// during it and whether it read a line. A panic in huh (it indexes options
// with unvalidated text at the end of input) counts as the end.
func (r *accessibleRun) ask(f huh.Field) (ended, read bool) {
	eofs, lines := r.in.eofs, r.in.lines
	defer func() {
		if p := recover(); p != nil {
			ended, read = true, false
		}
		if ended {
			fmt.Fprintln(r.w)
		}
	}()
	f.Init()
	f.Focus()
	_ = f.RunAccessible(r.w, r.in)
	fmt.Fprintln(r.w)
	return r.in.eofs > eofs, r.in.lines > lines
}

func validBool(line string) bool {
	return slices.Contains([]string{"", "y", "yes", "n", "no"}, strings.ToLower(strings.TrimSpace(line)))
}

func validChoice(n int) func(string) bool {
	return func(line string) bool {
		t := strings.TrimSpace(line)
		if t == "" {
			return true // the default
		}
		i, err := strconv.Atoi(t)
		return err == nil && i >= 1 && i <= n
	}
}

// questions asks every page in turn. The Traffic page repeats until it
// gives a traffic figure.
func (r *accessibleRun) questions(start answers.Answers, memo formMemo) (answers.Answers, error) {
	st := newFormState(r.opts.KB, start, plainTheme, true, memo)
	fmt.Fprintln(r.w, "scaleplan: answer what you know. Enter keeps the value shown; ? means don't know.")
	for pg := 0; pg < len(st.pages); pg++ {
		fmt.Fprintf(r.w, "\n== %s (%d of %d) ==\n", pageNames[pg], pg+1, len(pageNames))
		for _, fi := range st.pages[pg] {
			ended := r.question(st, fi)
			st.applyPreset()
			r.keep(st.answers(), st.memo(fi.key))
			if ended {
				if r.in.why != nil {
					fmt.Fprintf(r.w, "Stopped: %s; the answers so far are kept.\n", r.in.why)
					return st.answers(), errInputEnded
				}
				fmt.Fprintln(r.w, "The input ended; the answers so far are kept.")
				return st.answers(), errInputEnded
			}
		}
		if page(pg) == pageTraffic && !hasTraffic(st.answers()) {
			fmt.Fprintln(r.w, human.Capitalise(errNoTraffic.Error())+".")
			pg-- // ask the Traffic page again
		}
	}
	return st.answers(), nil
}

// question prints why a field matters and what "don't know" gives, asks
// it, and checks the answer again: at the end of input huh returns the last
// text typed without validating it. An answer read then counts only if it
// is valid; otherwise the field keeps its old value. It reports whether
// the input ended.
func (r *accessibleRun) question(st *formState, fi fieldInfo) bool {
	dflt := fi.dflt
	if st.refreshDefaults(); st.dflts[fi.key] != "" {
		dflt = st.dflts[fi.key] // for the traits as they stand: a preset may have picked some
	}
	fmt.Fprintf(r.w, "  %s\n  Don't know? %s.\n", fi.why, human.Capitalise(dflt))
	switch f := fi.field.(type) {
	case *huh.Input:
		raw := st.raw[fi.key]
		old := *raw
		if old != "" {
			fmt.Fprintf(r.w, "  Now: %s\n", old)
		}
		validate := st.validator(fi.key)
		ended, read := r.ask(f)
		if (ended && (!read || validate(r.in.last) != nil)) || validate(*raw) != nil {
			*raw = old
		}
		return ended
	case *huh.Select[string]:
		v := st.choice(fi.key)
		old := *v
		ended, read := r.ask(f)
		if ended && (!read || !validChoice(fi.options)(r.in.last)) {
			*v = old
		}
		return ended
	default:
		fmt.Fprintln(r.w, "  Type a number to pick or unpick an option; Enter or 0 when done (none is fine).")
		r.in.blank = "0" // Enter keeps the options picked so far, or none
		defer func() { r.in.blank = "" }()
		ended, _ := r.ask(f)
		return ended
	}
}

// offerWrite asks for a file to export the plan or save the answers to.
func (r *accessibleRun) offerWrite(kind dialogKind, p *advisor.Plan, a answers.Answers) {
	title := "Export the plan to a file (.md .mmd .json .yaml .txt), or leave empty to skip:"
	if kind == dialogSave {
		title = "Save the answers to a file (scaleplan plan --answers FILE reads it), or leave empty to skip:"
	}
	var path string
	in := huh.NewInput().Title(title).Value(&path)
	in.WithTheme(plainTheme)
	if ended, read := r.ask(in); ended && !read {
		return
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return
	}
	d := &dialog{kind: kind, format: "md", dir: r.opts.Dir, path: path}
	target, format := d.resolve()
	if kind == dialogExport {
		if f, ok := export.FormatFromPath(export.PlanDoc{}, target); ok {
			format = f
		} else {
			fmt.Fprintf(r.w, "%s: the extension does not say a format; writing Markdown.\n", target)
		}
	}
	overwrite := false
	if exists(target) {
		c := huh.NewConfirm().Title(target + " already exists. Replace it?").Value(&overwrite)
		c.WithTheme(plainTheme)
		if ended, read := r.ask(c); (ended && (!read || !validBool(r.in.last))) || !overwrite {
			fmt.Fprintf(r.w, "Kept %s; nothing written.\n", target)
			return
		}
	}
	msg := writeCmd(kind, target, format, overwrite, p, a)().(writtenMsg)
	if msg.err != nil {
		fmt.Fprintf(r.w, "Could not write: %v\n", msg.err)
		return
	}
	fmt.Fprintln(r.w, msg.describe(r.opts.Dir))
}
