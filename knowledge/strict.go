package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// Bounds on what a knowledge file may be, so a hostile override is refused
// quickly instead of exhausting memory.
const (
	maxFileBytes = 4 << 20
	maxDepth     = 12
	maxNodes     = 200_000
)

// decodeFile decodes YAML into v, refusing unknown keys (with a suggestion),
// excessive nesting and size, and recording each struct's source line in its
// Line field. Errors read "file:line: what is wrong".
func decodeFile(file string, data []byte, v any) error {
	if len(data) > maxFileBytes {
		return fmt.Errorf("%s: file is %d bytes; a knowledge file may be at most %d", file, len(data), maxFileBytes)
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: file is empty", file)
		}
		return answers.YAMLError(file, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	nodes := 0
	if err := checkShape(file, "", root, reflect.TypeOf(v).Elem(), 0, &nodes); err != nil {
		return err
	}
	if err := root.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			return answers.YAMLError(file, errors.New(te.Errors[0]))
		}
		return answers.YAMLError(file, err)
	}
	setLines(root, reflect.ValueOf(v).Elem())
	return nil
}

// checkShape walks the YAML alongside the Go type it decodes into; key is
// the mapping key the node is the value of, for errors.
func checkShape(file, key string, n *yaml.Node, t reflect.Type, depth int, nodes *int) error {
	*nodes++
	if *nodes > maxNodes {
		return fmt.Errorf("%s:%d: too many values (more than %d)", file, n.Line, maxNodes)
	}
	if depth > maxDepth {
		return fmt.Errorf("%s:%d: nested more than %d levels deep", file, n.Line, maxDepth)
	}
	if n.Kind == yaml.AliasNode {
		return fmt.Errorf("%s:%d: YAML aliases are not allowed in knowledge files", file, n.Line)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return checkNodes(file, n, depth, nodes) // it reads the mapping itself
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%s:%d: want a mapping (key: value), got %s", file, n.Line, kindName(n))
		}
		fields := yamlFields(t)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				sort.Strings(names)
				msg := fmt.Sprintf("%s:%d: unknown key %q", file, k.Line, k.Value)
				if s := answers.Nearest(k.Value, names); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				return fmt.Errorf("%s; valid keys: %s", msg, strings.Join(names, ", "))
			}
			if seen[k.Value] {
				return fmt.Errorf("%s:%d: key %q is given twice", file, k.Line, k.Value)
			}
			seen[k.Value] = true
			if err := checkShape(file, k.Value, val, f.Type, depth+1, nodes); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return fmt.Errorf("%s:%d: want a list, got %s", file, n.Line, kindName(n))
		}
		for _, item := range n.Content {
			if err := checkShape(file, key, item, t.Elem(), depth+1, nodes); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d: want a single value, got %s", file, n.Line, kindName(n))
		}
		return checkScalar(file, key, n, t)
	}
	return nil
}

// maxValue is the largest number a knowledge file may hold. The largest in
// the embedded base is 1e14 (requests a day); far larger ones are typing
// mistakes or an attempt to overflow the arithmetic they feed.
const maxValue = 1e18

// checkScalar refuses a value no knowledge file means: a number that is
// not a number (.nan), infinite, negative (no count, price, size or rate
// is) or past maxValue; text holding a control character, which would
// reach the terminal as an escape sequence.
func checkScalar(file, key string, n *yaml.Node, t reflect.Type) error {
	at := fmt.Sprintf("%s:%d", file, n.Line)
	if key != "" {
		at += ": " + key
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		x, err := strconv.ParseFloat(n.Value, 64)
		if err != nil && n.Decode(&x) != nil {
			return nil // not a number at all: decoding says so, with its line
		}
		switch {
		case math.IsNaN(x):
			return fmt.Errorf("%s %s is not a number; want a finite number, 0 or more", at, n.Value)
		case math.IsInf(x, 0):
			return fmt.Errorf("%s %s is infinite; want a finite number, 0 or more", at, n.Value)
		case x < 0:
			return fmt.Errorf("%s %s is out of range: knowledge figures (counts, prices, sizes, rates) are 0 or more", at, n.Value)
		case x > maxValue:
			return fmt.Errorf("%s %s is too large; a knowledge figure may be at most %g", at, n.Value, maxValue)
		}
	case reflect.String:
		return checkText(at, n.Value)
	}
	return nil
}

// checkText refuses a control character other than a line break or a tab.
func checkText(at, s string) error {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return fmt.Errorf("%s: the text holds the control character %+q; knowledge text is printed on terminals, where it would act as an escape", at, r)
		}
		if human.IsFormat(r) {
			return fmt.Errorf("%s: the text holds the invisible format character %U; it would reorder or hide the text around it wherever it is shown", at, r)
		}
	}
	return nil
}

var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// checkNodes applies the size, depth and alias limits to a subtree that a
// type decodes itself.
func checkNodes(file string, n *yaml.Node, depth int, nodes *int) error {
	for _, c := range n.Content {
		*nodes++
		if *nodes > maxNodes {
			return fmt.Errorf("%s:%d: too many values (more than %d)", file, c.Line, maxNodes)
		}
		if depth+1 > maxDepth {
			return fmt.Errorf("%s:%d: nested more than %d levels deep", file, c.Line, maxDepth)
		}
		if c.Kind == yaml.AliasNode {
			return fmt.Errorf("%s:%d: YAML aliases are not allowed in knowledge files", file, c.Line)
		}
		if c.Kind == yaml.ScalarNode {
			if err := checkText(fmt.Sprintf("%s:%d", file, c.Line), c.Value); err != nil {
				return err
			}
		}
		if err := checkNodes(file, c, depth+1, nodes); err != nil {
			return err
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

// fieldCache holds yamlFields' answer per type; reflection over the same
// few struct types for every mapping in a file is otherwise a hot spot.
var fieldCache sync.Map // reflect.Type → map[string]reflect.StructField

func yamlFields(t reflect.Type) map[string]reflect.StructField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	out := map[string]reflect.StructField{}
	defer func() { fieldCache.Store(t, out) }()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

// setLines copies each mapping's line into the matching struct's Line field.
func setLines(n *yaml.Node, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if f := v.FieldByName("Line"); f.IsValid() && f.CanSet() && f.Kind() == reflect.Int {
			f.SetInt(int64(n.Line))
		}
		if f := v.FieldByName("Lines"); f.IsValid() && f.CanSet() && f.Kind() == reflect.Map {
			lines := make(map[string]int, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				lines[n.Content[i].Value] = n.Content[i].Line
			}
			f.Set(reflect.ValueOf(lines))
		}
		fields := yamlFields(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			if f, ok := fields[n.Content[i].Value]; ok {
				setLines(n.Content[i+1], v.FieldByIndex(f.Index))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len() && i < len(n.Content); i++ {
			setLines(n.Content[i], v.Index(i))
		}
	}
}
