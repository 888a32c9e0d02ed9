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
	"charm.land/lipgloss/v2"
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

// formatLabels describe the export formats in the chooser, short enough
// for a 60-column window.
var formatLabels = map[string]string{
	"md":      "Markdown report with a Mermaid diagram",
	"mermaid": "Mermaid diagram only",
	"json":    "JSON, exact numbers, for scripts",
	"yaml":    "YAML, the same shape as JSON",
	"text":    "plain-text summary",
}

var formatExt = map[string]string{"md": ".md", "mermaid": ".mmd", "json": ".json", "yaml": ".yaml", "text": ".txt"}

// dialog asks where to export the plan or save the answers, and confirms
// before replacing a file. It stays open while the file is written, and
// when writing fails it asks again with the reason under the file name.
type dialog struct {
	kind    dialogKind
	step    dialogStep
	form    *huh.Form
	file    *shownField // the file name field, its error under it
	format  string
	path    string
	ok      bool // overwrite confirmed
	dir     string
	target  string // the resolved path being written
	theme   huh.Theme
	styles  *Styles
	width   int
	height  int        // rows the dialog may take, border included
	in      *huh.Input // the file name, as huh has it
	blank   bool       // a blank line under the title, when there is room
	writing bool       // the file is being written
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

func newDialog(kind dialogKind, dir string, s *Styles, width, height int) *dialog {
	d := &dialog{kind: kind, format: "md", dir: dir, theme: s.Form(), styles: s}
	d.build()
	d.resize(width, height)
	return d
}

// layouts are the dialog's forms from roomiest to tightest: a blank line
// under the title, and a description under the file name.
var layouts = []struct{ blank, describe bool }{{true, true}, {false, true}, {true, false}, {false, false}}

// resize lays the dialog out for a window area of width columns and height
// rows: the roomiest layout that fits. The form is kept, and with it the
// focus and what was typed.
func (d *dialog) resize(width, height int) {
	d.width, d.height = width, height
	for _, l := range layouts {
		d.blank = l.blank
		if d.in != nil {
			d.in.Description(d.describe(l.describe))
		}
		d.form.WithWidth(d.formWidth())
		sizeForm(d.form, d.formWidth())
		if lipgloss.Height(d.box()) <= height {
			return
		}
	}
}

// describe is the file field's description, or none.
func (d *dialog) describe(on bool) string {
	if !on {
		return ""
	}
	where := "Written in " + homeShort(d.dir) + "."
	if d.kind == dialogExport {
		return where + " A name ending .md .mmd .json .yaml or .txt picks its format."
	}
	return where + " scaleplan plan --answers FILE reads it back to this plan."
}

// build makes the dialog's form for its step, keeping what was typed.
func (d *dialog) build() {
	if d.step == stepConfirm {
		d.in = nil
		d.form = huh.NewForm(huh.NewGroup(
			huh.NewConfirm().Key("overwrite").
				Title(fmt.Sprintf("%s already exists. Replace it?", shownPath(d.dir, d.target))).
				Affirmative("Replace").Negative("Keep it").Value(&d.ok),
		)).WithTheme(d.theme).WithKeyMap(dialogKeyMap()).WithShowHelp(false)
		return
	}
	note := ""
	if d.file != nil {
		note = d.file.note
	}
	var fields []huh.Field
	if d.kind == dialogExport {
		var opts []huh.Option[string]
		for _, f := range (export.PlanDoc{}).Formats() {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%-8s %s", f, formatLabels[f]), f))
		}
		fields = append(fields, huh.NewSelect[string]().Key("format").Title("Format").Options(opts...).Value(&d.format))
	}
	d.in = huh.NewInput().Key("path").Title("File").Value(&d.path).
		Placeholder(d.placeholder()).
		Validate(func(s string) error {
			if strings.ContainsRune(s, 0) {
				return errors.New("a file name cannot contain a NUL byte")
			}
			return nil
		})
	d.file = newShownField(d.in)
	d.file.note = note
	fields = append(fields, d.file)
	d.form = huh.NewForm(huh.NewGroup(fields...)).WithTheme(d.theme).WithKeyMap(dialogKeyMap()).
		WithShowHelp(false).WithShowErrors(false)
}

// placeholder shows, in an empty file name, the file enter writes.
func (d *dialog) placeholder() string { return d.defaultPath() + " (enter to accept)" }

// follow keeps the placeholder on the format chosen. (huh's PlaceholderFunc
// loses its first update when the form is sized before it runs.)
func (d *dialog) follow() {
	if d.in != nil {
		d.in.Placeholder(d.placeholder())
	}
}

// init starts the dialog's form on its current field.
func (d *dialog) init() tea.Cmd { return d.form.Init() }

// formWidth is the form's width inside the box's border and padding.
func (d *dialog) formWidth() int { return max(30, min(72, d.width-6)) }

// box draws the dialog: a title and the form in a rounded frame.
func (d *dialog) box() string {
	gap := "\n"
	if d.blank {
		gap = "\n\n"
	}
	body := d.form.View()
	if d.writing {
		body = "Writing " + shownPath(d.dir, d.target) + "…"
	}
	return d.styles.Dialog.Render(d.styles.DialogTitle.Render(d.title()) + gap + strings.TrimRight(body, "\n "))
}

// restyle follows a change of background.
func (d *dialog) restyle(s *Styles) { d.styles, d.theme = s, s.Form() }

// keys are the focused field's keys, for the help line under the dialog.
func (d *dialog) keys() []key.Binding {
	if f := d.form.GetFocusedField(); f != nil && !d.writing {
		return f.KeyBinds()
	}
	return nil
}

// failed shows why writing failed under the file name and asks again.
func (d *dialog) failed(err error) {
	d.writing = false
	d.step = stepAsk
	d.build()
	d.form.Init()
	if d.kind == dialogExport {
		d.form.NextField() // on the file name, where the reason is shown
	}
	d.file.note = err.Error()
	if d.dir != "" {
		// Paths in the error are the ones typed, relative to where files go.
		d.file.note = strings.ReplaceAll(d.file.note, strings.TrimSuffix(d.dir, string(filepath.Separator))+string(filepath.Separator), "")
	}
	d.resize(d.width, d.height)
}

// homeShort writes a directory for people: ~ for the home directory, "the
// current directory" for none.
func homeShort(dir string) string {
	if dir == "" {
		if wd, err := os.Getwd(); err == nil {
			dir = wd
		} else {
			return "the current directory"
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, dir); err == nil && !strings.HasPrefix(rel, "..") {
			if rel == "." {
				return "~"
			}
			return filepath.Join("~", rel)
		}
	}
	return dir
}

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
	d.build()
	d.resize(d.width, d.height)
}

// sizeForm makes a form's groups as tall as their fields need at its width.
// huh measures a group when it is made, before it has a theme or a width,
// and a confirm's buttons fall off the end; a size message measures again.
func sizeForm(f *huh.Form, width int) {
	f.Update(tea.WindowSizeMsg{Width: width, Height: 1000})
}

// isDir reports a directory at path.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
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
