package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// diffOptions is what the diff command was asked to do.
type diffOptions struct {
	out       outputFlags
	Knowledge string
}

func newDiffCmd(s *Streams) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two plans: stage, components added, removed or resized, and cost",
		Long: `Compare two systems, each given as an answers file (YAML, as for
plan --answers) or a plan saved as JSON (plan --format json): the answers that
differ, the stage change, the components added, removed or resized, and the
change in monthly cost. A file is read as a plan when it is a JSON object with
a schema_version; anything else is read as answers and planned with the
knowledge base (--knowledge).

A file compared with itself, or two systems with the same plan, report no
difference. The exit status is 0 either way; 2 when a file cannot be read or
is not valid.`,
		Example: `  scaleplan diff today.yaml next-year.yaml
  scaleplan diff answers.yaml plan.json --format md > diff.md
  scaleplan plan --answers a.yaml --format json > a.json
  scaleplan diff a.json b.yaml --format json | jq .cost.change_usd`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usage(fmt.Errorf("diff compares two files, got %d: give two answers files or plan JSON files, like scaleplan diff a.yaml b.yaml", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runDiff(s, opts, args[0], args[1]) },
	}
	f := cmd.Flags()
	opts.out.add(f, export.PlanDiff{})
	f.StringVar(&opts.Knowledge, "knowledge", "", "directory overriding the embedded knowledge base (for answers files)")
	return cmd
}

func runDiff(s *Streams, o *diffOptions, fromPath, toPath string) error {
	if fromPath == "-" && toPath == "-" {
		return usage(errors.New("diff - -: standard input can be only one of the two files"))
	}
	if err := o.out.checkTarget(); err != nil {
		return err
	}
	format, err := o.out.resolve(s, export.PlanDiff{})
	if err != nil {
		return err
	}
	var kb *knowledge.Base
	load := func(path string) (*advisor.Plan, error) {
		// Answers are planned with the knowledge base, and a plan file is
		// checked against its limits.
		if kb == nil {
			var err error
			if kb, err = loadKnowledge(o.Knowledge); err != nil {
				return nil, err
			}
		}
		p, a, err := readPlanOrAnswers(s, path, advisor.New(kb))
		if err != nil || p != nil {
			return p, err
		}
		p, err = advisor.New(kb).Advise(a)
		if err != nil {
			return nil, answerErrorIn(err, &a, path)
		}
		return p, nil
	}
	from, err := load(fromPath)
	if err != nil {
		return err
	}
	to, err := load(toPath)
	if err != nil {
		return err
	}
	return o.out.emit(s, export.NewPlanDiff(fromPath, from, toPath, to), format, "")
}

// maxPlanBytes bounds a plan JSON file read by diff; a real one is tens of KB.
const maxPlanBytes = 16 << 20

// readPlanOrAnswers reads a file given to diff: a plan when it is a JSON
// object with a schema_version, answers otherwise. Errors name the file.
func readPlanOrAnswers(s *Streams, path string, ad *advisor.Advisor) (*advisor.Plan, answers.Answers, error) {
	data, name, err := readInput(s, path, maxPlanBytes)
	if err != nil {
		return nil, answers.Answers{}, usage(fmt.Errorf("%s: %w", path, err))
	}
	path = name
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// What Windows PowerShell 5's > writes.
		return nil, answers.Answers{}, usage(fmt.Errorf("%s: the file is UTF-16; save it as UTF-8 (in PowerShell: Out-File -Encoding utf8, or write it with -o)", path))
	}
	// A UTF-8 byte order mark is not part of the JSON.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var notJSON error // why a file starting with { is not JSON
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		p, isPlan, err := readPlan(path, data, ad)
		if isPlan {
			if err != nil {
				return nil, answers.Answers{}, usage(err)
			}
			return p, answers.Answers{}, nil
		}
		notJSON = err
	}
	a, err := answers.Parse(path, data)
	if err != nil {
		if notJSON != nil {
			// Neither reading holds: say why for each, the JSON one first,
			// as the file starts like JSON.
			return nil, a, usage(fmt.Errorf("%w\n%s", notJSON, notEither(path, err)))
		}
		return nil, a, usage(err)
	}
	if err := a.Validate(); err != nil {
		return nil, a, usage(fmt.Errorf("%s: %w", path, err))
	}
	return nil, a, nil
}

// readPlan reads data, which starts with {, as a plan. isPlan says the file
// is meant as one: a JSON object with a schema_version, or JSON that gives
// one before its syntax breaks (a plan file cut short or edited by hand).
// Otherwise it is for reading as answers, and err says why it is not JSON
// when it is not.
func readPlan(path string, data []byte, ad *advisor.Advisor) (p *advisor.Plan, isPlan bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var first json.RawMessage // the first JSON value
	if err := dec.Decode(&first); err != nil {
		at, why := jsonSyntax(data, err)
		if givesKey(data, "schema_version") {
			return nil, true, fmt.Errorf("%s:%s: not a valid plan: JSON syntax error: %s", path, at, why)
		}
		return nil, false, fmt.Errorf("%s:%s: not a plan: JSON syntax error: %s", path, at, why)
	}
	end := dec.InputOffset()
	version, offset, ok := topValue(first, "schema_version")
	if !ok {
		return nil, false, nil
	}
	line := lineOf(data, end-int64(len(first))+offset)
	if rest := bytes.TrimSpace(data[end:]); len(rest) > 0 {
		return nil, true, fmt.Errorf("%s: trailing data after the plan (%q); a plan file holds one JSON object", path, trimText(rest))
	}
	if err := duplicateKey(first); err != nil {
		return nil, true, fmt.Errorf("%s: not a valid plan: %w", path, err)
	}
	// schema_version is written in digits, as the plan command writes it:
	// 3.0 or 3e0 is a number a later version could mean otherwise.
	raw := string(version)
	if !wholeDigits(raw) {
		return nil, true, fmt.Errorf("%s:%d: plan schema_version %s: want a whole number in digits alone, like %d", path, line, human.Printable(trimText(version)), advisor.SchemaVersion)
	}
	if v, err := strconv.Atoi(raw); err != nil || v < advisor.OldestReadableSchemaVersion || v > advisor.SchemaVersion {
		return nil, true, fmt.Errorf("%s:%d: plan schema_version %s: this scaleplan reads plans of versions %d to %d; make the plan again with scaleplan plan --format json, or diff its answers file", path, line, raw, advisor.OldestReadableSchemaVersion, advisor.SchemaVersion)
	}
	p = new(advisor.Plan)
	if err := json.Unmarshal(first, p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, true, fmt.Errorf("%s: not a valid plan: %s is %s, where a plan has %s", path, te.Field, article(te.Value), jsonKind(te.Type))
		}
		return nil, true, fmt.Errorf("%s: not a valid plan: %w", path, err)
	}
	if p.Stage.ID == "" || p.Components == nil {
		return nil, true, fmt.Errorf("%s: not a valid plan: it has no stage or no components", path)
	}
	// A plan file may say anything: its figures must be ones a plan
	// made with the knowledge base could hold.
	if err := ad.CheckPlan(p); err != nil {
		return nil, true, fmt.Errorf("%s: not a valid plan: %w", path, err)
	}
	printableText(reflect.ValueOf(p))
	return p, true, nil
}

// topValue is the value of key (in any case, as encoding/json matches
// keys to fields) in the JSON object obj, with the offset in obj just past
// the key; ok is false when obj does not give it.
func topValue(obj json.RawMessage, key string) (v json.RawMessage, offset int64, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		return nil, 0, false
	}
	want := foldKey(key)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, 0, false
		}
		k, _ := tok.(string)
		offset = dec.InputOffset()
		if err := dec.Decode(&v); err != nil {
			return nil, 0, false
		}
		if foldKey(k) == want {
			return v, offset, true
		}
	}
	return nil, 0, false
}

// givesKey reports whether the top-level JSON object in data gives key (in
// any case) before its syntax breaks, if it does.
func givesKey(data []byte, key string) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	want := foldKey(key)
	depth, isKey := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
				isKey = depth == 1
				continue
			}
			depth--
		case string:
			if depth == 1 && isKey {
				if foldKey(t) == want {
					return true
				}
				isKey = false
				continue
			}
		}
		if depth == 0 {
			return false // the top-level value is read
		}
		isKey = depth == 1 // a value at the top level ends; a key comes next
	}
}

// jsonSyntax says where data stops being JSON, as line:column, and why.
func jsonSyntax(data []byte, err error) (at, why string) {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return position(data, se.Offset-1), se.Error()
	}
	// Cut short: the JSON ends with the file.
	return position(data, int64(len(bytes.TrimRight(data, " \t\r\n")))), "the file ends before the JSON object does"
}

// position is offset's line and column (in characters) in data, from 1.
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	line := lineOf(data, offset)
	start := bytes.LastIndexByte(data[:offset], '\n') + 1
	return fmt.Sprintf("%d:%d", line, utf8.RuneCount(data[start:offset])+1)
}

// lineOf is the line, from 1, of offset in data.
func lineOf(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// wholeDigits reports whether s is a JSON whole number in digits alone.
func wholeDigits(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// notEither words why a file is not an answers file, after why it is not
// a plan: "file:line: why" becomes "file:line: not an answers file
// either: why".
func notEither(path string, err error) string {
	msg := err.Error()
	if after, ok := strings.CutPrefix(msg, path+":"); ok {
		if n, why, ok := strings.Cut(after, ": "); ok && wholeDigits(n) {
			return path + ":" + n + ": not an answers file either: " + why
		}
		return path + ": not an answers file either:" + after
	}
	return path + ": not an answers file either: " + msg
}

// duplicateKey refuses a JSON object that gives a key twice, at any depth:
// encoding/json keeps the last, so two schema_versions or two costs would
// be read as whichever comes second. The error names the key and where.
func duplicateKey(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type level struct {
		keys   map[string]bool // nil for a list
		index  int             // a list's next element
		key    string          // the object's key being read
		isKey  bool            // an object's next token is a key
		prefix string          // where this object or list is
	}
	var stack []*level
	// where says the path of the value the next token starts.
	where := func() string {
		if len(stack) == 0 {
			return ""
		}
		l := stack[len(stack)-1]
		if l.keys == nil {
			return fmt.Sprintf("%s[%d]", l.prefix, l.index)
		}
		if l.prefix == "" {
			return l.key
		}
		return l.prefix + "." + l.key
	}
	// done moves the innermost list or object past the value just read.
	done := func() {
		if len(stack) == 0 {
			return
		}
		if l := stack[len(stack)-1]; l.keys == nil {
			l.index++
		} else {
			l.isKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		top := (*level)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &level{keys: map[string]bool{}, isKey: true, prefix: where()})
			case '[':
				stack = append(stack, &level{prefix: where()})
			default:
				stack = stack[:len(stack)-1]
				done()
			}
		case string:
			if top != nil && top.keys != nil && top.isKey {
				// encoding/json matches keys to fields ignoring case,
				// Unicode folding included ("Stage", "coſt"): a key given
				// twice in any case would let the last one win.
				if folded := foldKey(t); top.keys[folded] {
					in := "at the top level"
					if top.prefix != "" {
						in = "in " + top.prefix
					}
					return fmt.Errorf("the key %q is given twice %s; a plan gives each key once", t, in)
				}
				top.keys[foldKey(t)], top.key, top.isKey = true, t, false
				continue
			}
			done()
		default:
			done()
		}
	}
}

// foldKey is s with each letter replaced by the smallest in its Unicode
// case-folding orbit, so keys encoding/json would take for one field
// fold to one string.
func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// printableText makes every text of a plan read from a file safe to show
// on a terminal (human.Printable): anyone can write a plan file, and its
// names reach the terminal as they are.
func printableText(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			printableText(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				printableText(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			printableText(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			printableText(e)
			v.SetMapIndex(k, e)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(human.Printable(v.String()))
		}
	}
}

// trimText is the start of text quoted in an error.
func trimText(b []byte) string {
	const most = 40
	if len(b) <= most {
		return string(b)
	}
	return string(b[:most]) + "…"
}

// jsonKind names what JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

// article puts "a" or "an" before a JSON value kind ("number", "object").
func article(kind string) string {
	if strings.ContainsAny(kind[:1], "aeiou") {
		return "an " + kind
	}
	return "a " + kind
}
