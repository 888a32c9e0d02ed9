package answers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileBytes bounds an answers file; a real one is a few hundred bytes.
const MaxFileBytes = 1 << 20

// Parse reads an answers file. name is used in errors, which take the form
// "name:line: what is wrong".
func Parse(name string, data []byte) (Answers, error) {
	var a Answers
	if len(data) > MaxFileBytes {
		return a, fmt.Errorf("%s: file is %d bytes; an answers file may be at most %d", name, len(data), MaxFileBytes)
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// What Windows PowerShell 5's > writes.
		return a, fmt.Errorf("%s: the file is UTF-16; save it as UTF-8 (in PowerShell: Out-File -Encoding utf8)", name)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return a, fmt.Errorf("%s: file is empty: want a YAML mapping starting with \"version: %d\"", name, Version)
		}
		return a, YAMLError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return a, fmt.Errorf("%s:%d: a second YAML document (after ---): an answers file holds one", name, extra.Line)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return a, fmt.Errorf("%s:%d: want a mapping of answers like \"users: 2M\"", name, root.Line)
	}
	// A plan (plan --format json) holds its answers under "answers": say
	// so once rather than call each of its keys unknown.
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Value == "schema_version" {
			return a, fmt.Errorf("%s:%d: this is a plan (it has a schema_version), not an answers file: its answers are under \"answers\", or compare plans with scaleplan diff", name, k.Line)
		}
	}
	seen := map[string]int{}
	versionSeen := false
	// Every key and value is read before giving up, so a file with two
	// typos reports both, one line each; the valid keys are listed once,
	// after the last unknown one.
	var errs []error
	lastUnknown := -1
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		at := fmt.Sprintf("%s:%d", name, k.Line)
		if line, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("%s: %q is given twice (first on line %d)", at, key, line))
			continue
		}
		seen[key] = k.Line
		if key == "version" {
			versionSeen = true
			n, err := strconv.Atoi(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode || n != Version {
				// A file from another version is read no further.
				return a, fmt.Errorf("%s: version %q is not supported: this build reads version %d", at, v.Value, Version)
			}
			a.Version = n
			continue
		}
		f, ok := Lookup(key)
		if !ok {
			msg := fmt.Sprintf("%s: unknown key %q", at, key)
			if s := Nearest(strings.ReplaceAll(key, "-", "_"), validKeys()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			lastUnknown = len(errs)
			errs = append(errs, errors.New(msg))
			continue
		}
		raw, err := scalarText(key, v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, v.Line, err))
			continue
		}
		if v.Tag == "!!null" {
			continue // "users:" with no value means not given
		}
		if err := a.SetFrom(f, raw, fmt.Sprintf("%s:%d", name, v.Line)); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %s: %w", name, v.Line, key, err))
		}
	}
	if !versionSeen {
		errs = append(errs, fmt.Errorf("%s:%d: missing \"version: %d\" (it lets later releases read this file safely)", name, root.Line, Version))
	}
	if lastUnknown >= 0 {
		errs[lastUnknown] = fmt.Errorf("%s; valid keys: %s", errs[lastUnknown], strings.Join(validKeys(), ", "))
	}
	if len(errs) > 0 {
		return a, errors.Join(errs...)
	}
	if err := a.Validate(); err != nil {
		if ae, ok := AsError(err); ok {
			line := 0
			for _, f := range ae.Fields {
				line = max(line, seen[f.Key])
			}
			if line > 0 {
				return a, fmt.Errorf("%s:%d: %w", name, line, err)
			}
		}
		return a, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// validKeys are the keys an answers file may hold.
func validKeys() []string { return append([]string{"version"}, Keys()...) }

// scalarText turns a YAML value into the text a flag would carry, so the file
// and the command line go through one parser. Traits may be a list.
func scalarText(key string, v *yaml.Node) (string, error) {
	switch v.Kind {
	case yaml.AliasNode:
		return "", fmt.Errorf("%s: YAML aliases (*name) are not allowed; write the value", key)
	case yaml.ScalarNode:
		return v.Value, nil
	case yaml.SequenceNode:
		if key != "traits" {
			return "", fmt.Errorf("%s: want a single value, not a list", key)
		}
		parts := make([]string, 0, len(v.Content))
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("traits: want a list of words like [search, media]")
			}
			if strings.Contains(item.Value, ",") {
				return "", fmt.Errorf("traits: %q: one trait per list item", item.Value)
			}
			parts = append(parts, item.Value)
		}
		return strings.Join(parts, ","), nil
	default:
		return "", fmt.Errorf("%s: want a single value, not a mapping", key)
	}
}

// YAMLError places a yaml.v3 error in its file: "yaml: line N: msg"
// becomes "name:N: msg", like every other error about a file.
func YAMLError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return fmt.Errorf("%s:%s: %s", name, n, after)
			}
		}
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// Marshal writes a as an answers file that Parse reads back to the same
// answers. Numbers are written exactly.
func Marshal(a Answers) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "version: %d\n", Version)
	if a.Name != "" {
		fmt.Fprintf(&b, "name: %s\n", quoted(a.Name))
	}
	for _, f := range Fields {
		p, ok := a.Value(f)
		if !ok {
			continue
		}
		v := strconv.FormatFloat(p, 'f', -1, 64)
		if f.Kind == KindRatio {
			v += ":1"
		}
		if f == Growth {
			v += "%"
		}
		if strings.ContainsAny(v, ":%") {
			v = strconv.Quote(v)
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Key, v)
	}
	if len(a.Traits) > 0 {
		fmt.Fprintf(&b, "traits: [%s]\n", strings.Join(a.Traits, ", "))
	}
	if a.Provider != "" {
		fmt.Fprintf(&b, "provider: %s\n", word(a.Provider))
	}
	return b.Bytes()
}

// word writes a provider name bare when it is a plain word, quoted otherwise.
func word(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return quoted(s)
		}
	}
	if s == "null" || s == "true" || s == "false" || s == "yes" || s == "no" {
		return quoted(s)
	}
	return s
}

// quoted writes text as a double-quoted YAML scalar, the one style that
// round-trips every string (leading line breaks, tabs, '#', ': ').
func quoted(s string) string {
	out, _ := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: s})
	return strings.TrimSuffix(string(out), "\n")
}
