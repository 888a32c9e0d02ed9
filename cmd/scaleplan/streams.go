package main

import (
	"bytes"
	"image/color"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/cancelreader"
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

// backgroundWait bounds the wait for the terminal's answer about its
// background. Terminals answer in milliseconds, and answer the device
// attributes query sent with it even when they ignore the colour one; only
// a pseudo-terminal with nothing behind it stays silent, and costs this
// once.
const backgroundWait = 300 * time.Millisecond

// DarkBackground asks the terminal on standard output whether its
// background is dark (OSC 11), waiting at most backgroundWait, and assumes
// dark when there is no terminal or no answer. Only coloured text needs to
// know.
func (s *Streams) DarkBackground() bool {
	in, inOK := s.In.(*os.File)
	out, outOK := s.Out.(*os.File)
	if !inOK || !outOK || !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return true
	}
	state, err := term.MakeRaw(in.Fd())
	if err != nil {
		return true
	}
	defer func() { _ = term.Restore(in.Fd(), state) }()
	r, err := cancelreader.NewReader(in)
	if err != nil {
		return true
	}
	defer r.Close()
	if _, err := io.WriteString(out, ansi.RequestBackgroundColor+ansi.RequestPrimaryDeviceAttributes); err != nil {
		return true
	}
	timer := time.AfterFunc(backgroundWait, func() { r.Cancel() })
	defer timer.Stop()
	var got []byte
	buf := make([]byte, 256)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if bg, done := backgroundReply(got); done {
			return bg == nil || isDark(bg)
		}
		if err != nil {
			return true
		}
	}
}

// backgroundReply finds the terminal's answers in what it sent: the colour
// (nil when it has none), and whether the answers are complete: the colour
// came, or the device attributes that every terminal sends after it.
func backgroundReply(b []byte) (color.Color, bool) {
	if i := bytes.Index(b, []byte("\x1b]11;")); i >= 0 {
		rest := b[i+5:]
		end := bytes.IndexByte(rest, '\a')
		if st := bytes.Index(rest, []byte("\x1b\\")); st >= 0 && (end < 0 || st < end) {
			end = st
		}
		if end >= 0 {
			return ansi.XParseColor(string(rest[:end])), true
		}
	}
	if i := bytes.Index(b, []byte("\x1b[?")); i >= 0 && bytes.IndexByte(b[i:], 'c') >= 0 {
		return nil, true
	}
	return nil, false
}

// isDark reports a colour whose lightness (HSL) is under a half.
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	hi, lo := max(r, g, b), min(r, g, b)
	return float64(hi+lo)/2/0xffff < 0.5
}
