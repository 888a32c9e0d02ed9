package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// dialogKind says what a dialog writes.
type dialogKind int

const (
	dialogExport dialogKind = iota
	dialogSave
)

// dialogStep is where a dialog is: asking, or confirming an overwrite.
type dialogStep int

const (
	stepAsk dialogStep = iota
	stepConfirm
)

// formatLabels describe the export formats in the chooser.
var formatLabels = map[string]string{
	"md":      "Markdown report with a Mermaid diagram",
	"mermaid": "Mermaid diagram only",
	"json":    "JSON, exact numbers, for scripts",
	"yaml":    "YAML, same shape as JSON",
	"text":    "Plain-text summary",
}

var formatExt = map[string]string{"md": ".md", "mermaid": ".mmd", "json": ".json", "yaml": ".yaml", "text": ".txt"}

// dialog asks where to export the plan or save the answers, and confirms
// before replacing a file.
type dialog struct {
	kind   dialogKind
	step   dialogStep
	form   *huh.Form
	format string
	path   string
	ok     bool // overwrite confirmed
	dir    string
	target string // the resolved path being written
	theme  huh.Theme
	width  int
}

// writtenMsg reports a finished export or save.
type writtenMsg struct {
	kind   dialogKind
	path   string
	format string
	bytes  int
	err    error
}

func dialogKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled())
	return km
}

func newDialog(kind dialogKind, dir string, theme huh.Theme, width int) *dialog {
	d := &dialog{kind: kind, format: "md", dir: dir, theme: theme, width: width}
	var fields []huh.Field
	if kind == dialogExport {
		var opts []huh.Option[string]
		for _, f := range (export.PlanDoc{}).Formats() {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%-8s %s (%s)", f, formatLabels[f], formatExt[f]), f))
		}
		fields = append(fields, huh.NewSelect[string]().Key("format").Title("Format").Options(opts...).Value(&d.format))
	}
	in := huh.NewInput().Key("path").Title("File").Value(&d.path).
		PlaceholderFunc(func() string { return d.defaultPath() + " (enter to accept)" }, &d.format).
		Validate(func(s string) error {
			if strings.ContainsRune(s, 0) {
				return errors.New("a file name cannot contain a NUL byte")
			}
			return nil
		})
	if kind == dialogExport {
		in.Description("A .md .mmd .json .yaml or .txt name picks its own format.")
	} else {
		in.Description("`scaleplan plan --answers FILE` reads it back to this plan.")
	}
	fields = append(fields, in)
	d.form = huh.NewForm(huh.NewGroup(fields...)).WithTheme(theme).WithKeyMap(dialogKeyMap()).
		WithShowHelp(true).WithWidth(d.formWidth())
	sizeForm(d.form, d.formWidth())
	return d
}

func (d *dialog) formWidth() int { return max(40, min(72, d.width-6)) }

func (d *dialog) title() string {
	if d.kind == dialogSave {
		return "Save the answers"
	}
	return "Export the plan"
}

func (d *dialog) defaultPath() string {
	if d.kind == dialogSave {
		return "answers.yaml"
	}
	return "plan" + formatExt[d.format]
}

// resolve turns the typed path into the file to write and its format.
func (d *dialog) resolve() (string, string) {
	p := strings.TrimSpace(d.path)
	if p == "" {
		p = d.defaultPath()
	}
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	if !filepath.IsAbs(p) && d.dir != "" {
		p = filepath.Join(d.dir, p)
	}
	format := d.format
	if f, ok := export.FormatFromPath(export.PlanDoc{}, p); ok && d.kind == dialogExport {
		format = f
	}
	return p, format
}

// confirmForm asks before replacing an existing file.
func (d *dialog) confirmForm() {
	d.step = stepConfirm
	d.ok = false
	d.form = huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Key("overwrite").
			Title(fmt.Sprintf("%s already exists. Replace it?", shownPath(d.dir, d.target))).
			Affirmative("Replace").Negative("Keep it").Value(&d.ok),
	)).WithTheme(d.theme).WithKeyMap(dialogKeyMap()).WithShowHelp(true).WithWidth(d.formWidth())
	sizeForm(d.form, d.formWidth())
}

// sizeForm makes a form's groups as tall as their fields need at its width.
// huh measures a group when it is made, before it has a theme or a width,
// and a confirm's buttons fall off the end; a size message measures again.
func sizeForm(f *huh.Form, width int) {
	f.Update(tea.WindowSizeMsg{Width: width, Height: 1000})
}

// exists reports whether a file is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// writeCmd writes the plan or the answers off the update loop.
func writeCmd(kind dialogKind, path, format string, overwrite bool, p *advisor.Plan, a answers.Answers) tea.Cmd {
	return func() tea.Msg {
		var data []byte
		if kind == dialogSave {
			a.Version = answers.Version
			data = answers.Marshal(a)
		} else {
			out, err := export.Render(export.PlanDoc{Plan: p}, format, export.Options{Width: 80, Dark: true})
			if err != nil {
				return writtenMsg{kind: kind, path: path, err: err}
			}
			if format == "text" {
				out = plainText(out)
			}
			data = out
		}
		err := atomicfile.Write(path, data, 0o644, overwrite)
		return writtenMsg{kind: kind, path: path, format: format, bytes: len(data), err: err}
	}
}

// plainText strips styling for files.
func plainText(b []byte) []byte {
	var sb strings.Builder
	w := &colorprofile.Writer{Forward: &sb, Profile: colorprofile.NoTTY}
	_, _ = w.Write(b)
	return []byte(sb.String())
}

// describe says what was written, for the status line; paths under dir
// are shown relative to it.
func (m writtenMsg) describe(dir string) string {
	shown := shownPath(dir, m.path)
	if m.kind == dialogSave {
		return fmt.Sprintf("Saved %s: scaleplan plan --answers %s gives this plan", shown, shellQuote(shown))
	}
	return fmt.Sprintf("Wrote %s (%s, %s)", shown, m.format, byteSize(m.bytes))
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+=:,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// byteSize writes a file size for people.
func byteSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1_000_000:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// shownPath is path relative to dir when it is inside it.
func shownPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && dir != "" && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
