package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// Streams are the program's input, output and environment, passed in so
// tests run commands without a terminal and without globals.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool
	OutTTY bool
	ErrTTY bool
	Env    []string
	// Width is the output terminal's width in columns, 0 when unknown.
	Width int
}

// SystemStreams are the process's own.
func SystemStreams() *Streams {
	s := &Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Env: os.Environ()}
	s.InTTY = term.IsTerminal(os.Stdin.Fd())
	s.OutTTY = term.IsTerminal(os.Stdout.Fd())
	s.ErrTTY = term.IsTerminal(os.Stderr.Fd())
	if s.OutTTY {
		if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil {
			s.Width = w
		}
	}
	return s
}

// Getenv reads a variable from the streams' environment.
func (s *Streams) Getenv(key string) string {
	for i := len(s.Env) - 1; i >= 0; i-- {
		kv := s.Env[i]
		if len(kv) > len(key) && kv[:len(key)] == key && kv[len(key)] == '=' {
			return kv[len(key)+1:]
		}
	}
	return ""
}
