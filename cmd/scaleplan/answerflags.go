package main

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/internal/readfile"
	"github.com/scaleplan/scaleplan/knowledge"
)

// answerFlag is one answer's flag: its text as given, parsed when the
// answers are collected so the error names the flag in our words.
type answerFlag struct {
	field *answers.Field
	raw   string
}

func (v *answerFlag) String() string { return v.raw }
func (v *answerFlag) Set(s string) error {
	v.raw = s
	return nil
}
func (v *answerFlag) Type() string {
	switch v.field.Kind {
	case answers.KindText:
		return "text"
	case answers.KindTraits:
		return "list"
	case answers.KindWord:
		return "name"
	case answers.KindRatio:
		return "ratio"
	case answers.KindPercent:
		return "percent"
	case answers.KindMoney:
		return "usd"
	case answers.KindBytes:
		return "bytes"
	}
	return "number"
}

// answerFlags describe a system on the command line: one flag per declared
// answer (--users, --read-ratio, ...) and a flag naming an answers file that
// the answer flags override.
type answerFlags struct {
	fileFlag string
	file     string
	flags    []*answerFlag
}

// addAnswerFlags adds a flag for every answer, and the answers-file flag
// (named fileFlag, described by fileUsage), to f.
func addAnswerFlags(f *pflag.FlagSet, fileFlag, fileUsage string) *answerFlags {
	af := &answerFlags{fileFlag: fileFlag}
	for _, fd := range answers.Fields {
		v := &answerFlag{field: fd}
		af.flags = append(af.flags, v)
		f.Var(v, fd.Flag(), fd.Help)
	}
	f.StringVar(&af.file, fileFlag, "", fileUsage)
	return af
}

// describeAnswerFlags completes each answer flag's help with its default
// or how it is derived, and its plausible maximum, from the knowledge
// base: help shows what the plan will assume.
func describeAnswerFlags(f *pflag.FlagSet, kb *knowledge.Base) {
	for _, fd := range answers.Fields {
		fl := f.Lookup(fd.Flag())
		if fl == nil {
			continue
		}
		var notes []string
		if d := answerDefault(fd, kb); d != "" {
			notes = append(notes, "default "+d)
		}
		if c, ok := kb.Constant(fd.Max); ok {
			notes = append(notes, "at most "+fd.Display(c.Value))
		}
		fl.Usage = fd.Help
		if len(notes) > 0 {
			fl.Usage += " (" + strings.Join(notes, "; ") + ")"
		}
	}
}

// answerDefault is what the plan assumes when fd is not given: a knowledge
// constant (and the traits that change it), how it is derived, or "".
func answerDefault(fd *answers.Field, kb *knowledge.Base) string {
	switch {
	case fd.Default != "":
		c, ok := kb.Constant(fd.Default)
		if !ok {
			return ""
		}
		d := fd.Display(c.Value)
		traits := make([]string, 0, len(fd.TraitDefaults))
		for t := range fd.TraitDefaults {
			traits = append(traits, t)
		}
		sort.Strings(traits) // map order would change the help from run to run
		for _, t := range traits {
			if tc, ok := kb.Constant(fd.TraitDefaults[t]); ok {
				d += fmt.Sprintf(", %s with --traits %s", fd.Display(tc.Value), t)
			}
		}
		if fd.Derived != "" {
			d += "; " + fd.Derived
		}
		return d
	case fd.Derived != "":
		return fd.Derived
	case fd == answers.Provider:
		return answers.DefaultProvider
	}
	return ""
}

// answerRange is the values fd accepts: its definitional bounds and the
// knowledge base's plausible maximum.
func answerRange(fd *answers.Field, kb *knowledge.Base) string {
	if !fd.Kind.Numeric() {
		return ""
	}
	low := "≥ " + fd.Display(fd.Min)
	if fd.MinOpen {
		low = "> " + fd.Display(fd.Min)
	}
	if fd.Whole {
		low = "a whole number " + low
	}
	var high string
	switch c, ok := kb.Constant(fd.Max); {
	case ok:
		high = fd.Display(c.Value)
	case fd.Upper > 0 && fd.UpperOpen:
		return low + ", below " + fd.Display(fd.Upper)
	case fd.Upper > 0:
		high = fd.Display(fd.Upper)
	default:
		return low
	}
	return low + ", at most " + high
}

// given reports whether the answers file or any answer flag was given.
func (af *answerFlags) given(cmd *cobra.Command) bool {
	if af.file != "" {
		return true
	}
	for _, v := range af.flags {
		if cmd.Flags().Changed(v.field.Flag()) {
			return true
		}
	}
	return false
}

// raw is the text an answer's flag was given, and whether it was.
func (af *answerFlags) raw(cmd *cobra.Command, f *answers.Field) (string, bool) {
	for _, v := range af.flags {
		if v.field == f {
			return v.raw, cmd.Flags().Changed(f.Flag())
		}
	}
	return "", false
}

// collect reads the answers file, then applies the answer flags that were
// given, except those skip claims (sweep reads its ranges itself). Errors
// are usage errors naming the flag or file:line.
func (af *answerFlags) collect(cmd *cobra.Command, s *Streams, skip func(f *answers.Field) bool) (answers.Answers, error) {
	a := answers.Answers{Version: answers.Version}
	if af.file != "" {
		var err error
		if a, err = readAnswers(s, "--"+af.fileFlag, af.file); err != nil {
			return a, err
		}
	}
	for _, v := range af.flags {
		f := v.field
		if !cmd.Flags().Changed(f.Flag()) || (skip != nil && skip(f)) {
			continue
		}
		if err := a.SetFrom(f, v.raw, "--"+f.Flag()); err != nil {
			return a, usage(fmt.Errorf("--%s %w", f.Flag(), err))
		}
	}
	return a, nil
}

// readAnswers reads and parses an answers file named by flag. A file that
// cannot be read is named with the flag; parse errors say file:line.
func readAnswers(s *Streams, flag, path string) (answers.Answers, error) {
	data, name, err := readInput(s, path, answers.MaxFileBytes)
	if err != nil {
		return answers.Answers{}, usage(fmt.Errorf("%s %s: %w", flag, path, err))
	}
	a, err := answers.Parse(name, data)
	if err != nil {
		return a, usage(err)
	}
	return a, nil
}

// readInput reads a file given on the command line, or standard input for
// "-", refusing anything that is not a regular file and anything over limit
// bytes. name is how errors should call it.
func readInput(s *Streams, path string, limit int64) (data []byte, name string, err error) {
	if path == "-" {
		data, err = readfile.All(s.In, limit)
		return data, "standard input", err
	}
	data, err = readfile.Read(path, limit)
	return data, path, err
}

// answerError words an answers error for the command line: the flag or the
// file line each answer came from.
func answerError(err error, a *answers.Answers) error { return answerErrorIn(err, a, "") }

// answerErrorIn is answerError for answers read from file, with no flags:
// an answer the file does not give is named by the file.
func answerErrorIn(err error, a *answers.Answers, file string) error {
	ae, ok := answers.AsError(err)
	if !ok {
		return err
	}
	if file != "" && !slices.ContainsFunc(ae.Fields, func(f *answers.Field) bool { return a.Origin(f) != "" }) {
		return usage(fmt.Errorf("%s: %s", file, ae.Error()))
	}
	var where []string
	for _, f := range ae.Fields {
		o := a.Origin(f)
		if o == "" {
			o = "--" + f.Flag()
		}
		if !strings.HasPrefix(o, "--") {
			o += ": " + f.Key
		}
		if ae.Value != "" {
			o += " " + ae.Value
		}
		where = append(where, o)
	}
	if len(where) == 0 {
		return usage(err)
	}
	if len(ae.Fields) == 1 {
		return usage(fmt.Errorf("%s: %s", where[0], ae.Msg))
	}
	return usage(fmt.Errorf("%s (%s)", ae.Msg, strings.Join(where, ", ")))
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
