package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/scaleplan/scaleplan/answers"
)

// answerFlags describe a system on the command line as plan does: one
// flag per answer (--users, --read-ratio, ...) and a flag naming an answers
// file that the answer flags override.
type answerFlags struct {
	fileFlag string
	file     string
	raw      map[string]*string
}

// addAnswerFlags adds the answer flags and the answers-file flag (named
// fileFlag, described by fileUsage) to f.
func addAnswerFlags(f *pflag.FlagSet, fileFlag, fileUsage string) *answerFlags {
	af := &answerFlags{fileFlag: fileFlag, raw: map[string]*string{}}
	for _, fd := range answers.Fields {
		af.raw[fd.Key] = f.String(fd.Flag, "", fd.Usage)
	}
	f.StringVar(&af.file, fileFlag, "", fileUsage)
	return af
}

// given reports whether the answers file or any answer flag was given.
func (af *answerFlags) given(cmd *cobra.Command) bool {
	if af.file != "" {
		return true
	}
	for _, fd := range answers.Fields {
		if cmd.Flags().Changed(fd.Flag) {
			return true
		}
	}
	return false
}

// collect reads the answers file, then applies the answer flags that were
// given, except those skip claims (sweep reads its ranges itself). Errors
// are usage errors naming the flag or file:line.
func (af *answerFlags) collect(cmd *cobra.Command, skip func(key string) bool) (answers.Answers, error) {
	a := answers.Answers{Version: answers.Version}
	if af.file != "" {
		var err error
		if a, err = readAnswersFileFlag("--"+af.fileFlag, af.file); err != nil {
			return a, err
		}
	}
	for _, fd := range answers.Fields {
		if !cmd.Flags().Changed(fd.Flag) || (skip != nil && skip(fd.Key)) {
			continue
		}
		if err := a.Set(fd.Key, *af.raw[fd.Key]); err != nil {
			return a, usage(fmt.Errorf("--%s %w", fd.Flag, err))
		}
	}
	return a, nil
}

// readAnswersFileFlag reads and parses an answers file. A file that cannot be
// read is named with the flag that gave it; parse errors say file:line.
func readAnswersFileFlag(flag, path string) (answers.Answers, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return answers.Answers{}, usage(fmt.Errorf("%s %s: %w", flag, path, err))
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		return a, usage(err)
	}
	return a, nil
}
