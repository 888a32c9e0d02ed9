package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/pflag"

	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// outputFlags are --format, -o and --force, shared by every command that
// prints a document.
type outputFlags struct {
	format string
	output string
	force  bool
}

// add registers the flags for documents like d.
func (o *outputFlags) add(f *pflag.FlagSet, d export.Formatted) {
	f.StringVar(&o.format, "format", "", fmt.Sprintf("output format: %s (default: from -o's extension, else %s)", export.FormatList(d), defaultFormatText(d)))
	f.StringVarP(&o.output, "output", "o", "", fmt.Sprintf("write to this file (atomically; the extension %s picks the format) instead of standard output", strings.Join(export.Extensions(d), ", ")))
	f.BoolVar(&o.force, "force", false, "overwrite the -o file if it exists")
}

func defaultFormatText(d export.Formatted) string {
	fs := d.Formats()
	for _, f := range fs {
		if f == "text" && fs[0] != "text" {
			return "text on a terminal, " + fs[0] + " otherwise"
		}
	}
	return fs[0]
}

// resolve picks the format for d: --format, else -o's extension, else text
// on a terminal and the document's first format otherwise. It refuses a
// format d lacks, so nothing is computed for a request that cannot print.
func (o *outputFlags) resolve(s *Streams, d export.Formatted) (string, error) {
	switch {
	case o.format != "":
		for _, f := range d.Formats() {
			if f == o.format {
				return f, nil
			}
		}
		return "", usage(fmt.Errorf("--format %q: want %s%s", o.format, export.FormatList(d), why(d)))
	case o.output != "":
		f, ok := export.FormatFromPath(d, o.output)
		if !ok {
			if known, ok := export.FormatFromPath(export.AnyFormat{}, o.output); ok {
				return "", usage(fmt.Errorf("-o %s: the extension means %s, which this document has no form of; give --format (%s) or use %s%s", o.output, known, export.FormatList(d), strings.Join(export.Extensions(d), ", "), why(d)))
			}
			return "", usage(fmt.Errorf("-o %s: cannot tell the format from the extension; give --format (%s) or use %s", o.output, export.FormatList(d), strings.Join(export.Extensions(d), ", ")))
		}
		return f, nil
	}
	for _, f := range d.Formats() {
		if f == "text" && s.OutTTY {
			return f, nil
		}
	}
	return d.Formats()[0], nil
}

// why adds a document's own reason for its formats, when it has one ("a
// comparison is a table, not a diagram").
func why(d export.Formatted) string {
	if w, ok := d.(interface{ FormatsReason() string }); ok {
		return " (" + w.FormatsReason() + ")"
	}
	return ""
}

// checkTarget refuses an -o target that could not be written (an existing
// file without --force, a directory), before any work or other file.
func (o *outputFlags) checkTarget() error {
	if o.output == "" {
		return nil
	}
	st, err := os.Lstat(o.output)
	switch {
	case err != nil:
		return nil
	case st.IsDir():
		return fmt.Errorf("-o %s: is a directory; give a file name", o.output)
	case !st.Mode().IsRegular():
		return fmt.Errorf("-o %s: not a regular file (a link, device or pipe); refusing to replace it", o.output)
	case !o.force:
		return fmt.Errorf("-o %s: already exists; use --force to replace it", o.output)
	}
	return nil
}

// write sends finished bytes to -o (atomically) or standard output.
func (o *outputFlags) write(s *Streams, out []byte, format, summary string) error {
	if o.output == "" {
		_, err := s.Out.Write(out)
		return err
	}
	if err := atomicfile.Write(o.output, out, 0o666, o.force); err != nil {
		return err
	}
	o.wrote(s, format, summary)
	return nil
}

// emit renders d in format and writes it to -o (atomically, without styling)
// or to standard output (styled only for a colour terminal). summary, when
// not empty, is said on standard error after writing a file.
func (o *outputFlags) emit(s *Streams, d export.Doc, format, summary string) error {
	r, err := o.render(s, d, format)
	if err != nil {
		return err
	}
	if o.output != "" {
		return o.write(s, r.out, format, summary)
	}
	return r.print(s)
}

// rendered is a document ready to go out: nothing can fail any more but
// the writing.
type rendered struct {
	out    []byte
	text   bool // text, written through a colour profile on standard output
	styled bool
}

// render turns d into bytes for -o (without styling) or for standard
// output (styled only for a colour terminal), before anything is written.
func (o *outputFlags) render(s *Streams, d export.Doc, format string) (rendered, error) {
	opts := export.Options{Width: s.Width, Dark: true}
	styled := format == "text" && o.output == "" && s.colour()
	if styled && s.InTTY {
		// Asking the terminal for its background can stall on a terminal
		// that never answers; ask only when the answer changes the output.
		opts.Dark = s.DarkBackground()
	}
	if o.output != "" {
		opts.Width = 0
	}
	out, err := export.Render(d, format, opts)
	if err != nil {
		return rendered{}, usage(err)
	}
	if o.output != "" && format == "text" {
		out = plain(out)
	}
	return rendered{out: out, text: format == "text" && o.output == "", styled: styled}, nil
}

// print writes a rendered document to standard output.
func (r rendered) print(s *Streams) error {
	if r.text {
		w := colorprofile.NewWriter(s.Out, s.Env)
		if !r.styled {
			w.Profile = colorprofile.NoTTY
		}
		_, err := w.Write(r.out)
		return err
	}
	_, err := s.Out.Write(r.out)
	return err
}

// file is the -o file as one of a set written together (atomicfile.WriteSet).
func (o *outputFlags) file(out []byte) atomicfile.File {
	_, err := os.Lstat(o.output)
	return atomicfile.File{Path: o.output, Data: out, Perm: 0o666, Replace: err == nil && o.force}
}

// wrote says on standard error that the -o file was written.
func (o *outputFlags) wrote(s *Streams, format, summary string) {
	if summary != "" {
		fmt.Fprintf(s.Err, "wrote %s (%s, %s)\n", human.Printable(o.output), format, summary)
	} else {
		fmt.Fprintf(s.Err, "wrote %s (%s)\n", human.Printable(o.output), format)
	}
}

// colour reports whether standard output takes colour: a terminal, with
// neither NO_COLOR nor TERM=dumb.
func (s *Streams) colour() bool {
	return s.OutTTY && s.Getenv("NO_COLOR") == "" && s.Getenv("TERM") != "dumb"
}

// plain strips ANSI styling for files.
func plain(b []byte) []byte {
	var sb strings.Builder
	w := &colorprofile.Writer{Forward: &sb, Profile: colorprofile.NoTTY}
	_, _ = w.Write(b)
	return []byte(sb.String())
}
