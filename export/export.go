// Package export renders a Plan: Markdown with a Mermaid diagram, Mermaid
// alone, JSON and YAML for scripts, and a styled terminal summary. Each
// renderer takes the plan and returns bytes; none computes a domain number.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/advisor"
)

// Formats lists the output formats by name.
var Formats = []string{"md", "mermaid", "json", "yaml", "text"}

// FormatFromPath infers a format from a file name's extension; ok is false
// when the extension says nothing.
func FormatFromPath(path string) (string, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return "md", true
	case ".mmd", ".mermaid":
		return "mermaid", true
	case ".json":
		return "json", true
	case ".yaml", ".yml":
		return "yaml", true
	case ".txt":
		return "text", true
	}
	return "", false
}

// JSON is the plan as indented JSON with exact numbers.
func JSON(p *advisor.Plan) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		// A Plan is plain data; failing to encode it is a bug, not an input error.
		panic(fmt.Sprintf("encoding plan: %v", err))
	}
	return b.Bytes()
}

// YAML is the plan with the same structure and names as JSON.
func YAML(p *advisor.Plan) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		panic(fmt.Sprintf("encoding plan: %v", err))
	}
	return b.Bytes()
}

// Render dispatches on a format name.
func Render(p *advisor.Plan, format string, text TextOptions) ([]byte, error) {
	switch format {
	case "md":
		return Markdown(p), nil
	case "mermaid":
		return Mermaid(p), nil
	case "json":
		return JSON(p), nil
	case "yaml":
		return YAML(p), nil
	case "text":
		return Text(p, text), nil
	}
	return nil, fmt.Errorf("--format %q: want one of %s", format, strings.Join(Formats, ", "))
}
