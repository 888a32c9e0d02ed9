package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DocSchemaVersion is the version of the JSON shape of every document other
// than the plan (stages, explain, diff, sweep): field names are a contract
// with scripts; additions keep the version, changes bump it.
const DocSchemaVersion = 1

// Options shape rendering.
type Options struct {
	Width int  // columns to wrap text at; 80 when 0
	Dark  bool // the terminal's background is dark (text styling)
}

// Format is one output format: its --format name, the -o extensions that
// choose it, and what it is.
type Format struct {
	Name string
	Exts []string
	Help string
}

// formats lists every format any document renders in.
var formats = []Format{
	{"md", []string{".md", ".markdown"}, "Markdown"},
	{"mermaid", []string{".mmd", ".mermaid"}, "a Mermaid diagram"},
	{"json", []string{".json"}, "JSON for scripts"},
	{"yaml", []string{".yaml", ".yml"}, "YAML for scripts"},
	{"text", []string{".txt"}, "text for a terminal"},
	{"csv", []string{".csv"}, "CSV for spreadsheets"},
}

// Formatted names the formats something renders in; the first is its
// default off a terminal.
type Formatted interface{ Formats() []string }

// Doc is something a command prints: it renders in any of its formats.
type Doc interface {
	Formatted
	Render(format string, o Options) ([]byte, error)
}

// AnyFormat stands for a document with every format, to name what an
// extension means.
type AnyFormat struct{}

// Formats lists every format.
func (AnyFormat) Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// Render renders d in format, refusing a format d does not have.
func Render(d Doc, format string, o Options) ([]byte, error) {
	if !slices.Contains(d.Formats(), format) {
		return nil, fmt.Errorf("--format %q: want %s", format, FormatList(d))
	}
	return d.Render(format, o)
}

// FormatList writes a document's formats for help and errors: "md, json or yaml".
func FormatList(d Formatted) string { return joinList(d.Formats(), "or") }

// FormatFromPath infers one of d's formats from a file name's extension;
// ok is false when the extension names none of them.
func FormatFromPath(d Formatted, path string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		if slices.Contains(f.Exts, ext) && slices.Contains(d.Formats(), f.Name) {
			return f.Name, true
		}
	}
	return "", false
}

// Extensions lists the -o extensions that choose one of d's formats.
func Extensions(d Formatted) []string {
	var out []string
	for _, f := range formats {
		if slices.Contains(d.Formats(), f.Name) {
			out = append(out, f.Exts[0])
		}
	}
	return out
}

// joinList joins items as a sentence does, with conj before the last:
// "a", "a or b", "a, b and c".
func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// encodeJSON writes v indented, with exact numbers and without escaping
// <, > and & (expressions contain them).
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeYAML writes v with the same structure and names as its JSON.
func encodeYAML(v any) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	floatsForEveryReader(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// data renders v as JSON or YAML, the formats every document has.
func data(format string, v any) ([]byte, error) {
	switch format {
	case "yaml":
		return encodeYAML(v)
	case "json":
		return encodeJSON(v)
	}
	return nil, fmt.Errorf("--format %q: not a format of this document", format)
}

// floatsForEveryReader writes a float such as 1e+09 as 1.0e+09: YAML 1.1
// readers (PyYAML, Ruby's Psych) read an exponent without a decimal point
// as a string, and every reader reads 1.0e+09 as the number.
func floatsForEveryReader(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
		if i := strings.IndexAny(n.Value, "eE"); i > 0 && !strings.Contains(n.Value[:i], ".") {
			n.Value = n.Value[:i] + ".0" + n.Value[i:]
		}
	}
	for _, c := range n.Content {
		floatsForEveryReader(c)
	}
}
