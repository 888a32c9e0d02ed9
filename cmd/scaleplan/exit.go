package main

import (
	"errors"

	"github.com/scaleplan/scaleplan/advisor"
)

// Exit codes, a contract with scripts.
const (
	ExitOK         = 0
	ExitError      = 1   // something failed: a file could not be written, the knowledge base is broken
	ExitUsage      = 2   // bad flags or input: nothing was done
	ExitOverBudget = 3   // asked to gate on cost, and the cost is over
	ExitAborted    = 130 // the user interrupted
)

// usageError marks an error as the caller's input being wrong.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}

// exitError carries an exit code other than 1 with its message.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func exitCode(err error) int {
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue), advisor.IsInputError(err):
		return ExitUsage
	}
	return ExitError
}
