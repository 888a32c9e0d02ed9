package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the scaleplan command, so
// scripts exercise the whole program: flag parsing, exit codes, streams.
func TestMain(m *testing.M) {
	testscript.Main(cleanupAfter{m}, map[string]func(){
		"scaleplan": func() { os.Exit(Run(os.Args[1:], SystemStreams())) },
	})
}

// TestScripts runs testdata/script/*.txtar. Besides the usual testscript
// commands, scripts can use:
//
//	exits N PROG [ARGS...]     run PROG and require exit status N exactly
//	jsonpath FILE PATH [VALUE] check a value in a JSON file (or stdout/stderr)
//	nofiles GLOB...            fail if any file matches a glob (hidden ones too)
//
// and the condition [root] (running as root, where chmod does not stop writes).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":    cmdExits,
			"jsonpath": cmdJSONPath,
			"nofiles":  cmdNoFiles,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// cmdExits runs a program like exec, keeping its stdout and stderr for the
// following stdout/stderr/cmp commands, and checks its exact exit status;
// `! exec` only checks that the status is not 0.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: exits N PROG [ARGS...] (no negation)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit status", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdJSONPath checks a value in a JSON document. FILE may be stdout or stderr
// for the last command's output. PATH is dotted: .stage.id, .components.0.id;
// a segment key=value picks the first array element whose key is value
// (.components.id=app-server.count); a final # gives a length. With VALUE the
// value must equal it (strings bare, numbers in plain decimals like 2000000 or 99.95, other
// values as compact JSON); without VALUE the path must exist. Negated, the
// path must be missing or (with VALUE) hold a different value.
func cmdJSONPath(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 && len(args) != 3 {
		ts.Fatalf("usage: jsonpath FILE PATH [VALUE]")
	}
	data := ts.ReadFile(args[0])
	var doc any
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		ts.Fatalf("jsonpath: %s is not JSON: %v", args[0], err)
	}
	v, err := walkJSON(doc, args[1])
	if err != nil {
		if neg {
			return
		}
		ts.Fatalf("jsonpath %s %s: %v", args[0], args[1], err)
	}
	if len(args) == 2 {
		if neg {
			ts.Fatalf("jsonpath %s %s: present (%s), want missing", args[0], args[1], jsonText(v))
		}
		return
	}
	got := jsonText(v)
	if (got == args[2]) == neg {
		if neg {
			ts.Fatalf("jsonpath %s %s: got %s, want anything else", args[0], args[1], got)
		}
		ts.Fatalf("jsonpath %s %s: got %s, want %s", args[0], args[1], got, args[2])
	}
}

func walkJSON(doc any, path string) (any, error) {
	if path == "." || path == "" {
		return doc, nil
	}
	if !strings.HasPrefix(path, ".") {
		return nil, fmt.Errorf("path must start with a dot")
	}
	cur := doc
	segs := strings.Split(path[1:], ".")
	for i, seg := range segs {
		switch x := cur.(type) {
		case map[string]any:
			if seg == "#" && i == len(segs)-1 {
				return json.Number(strconv.Itoa(len(x))), nil
			}
			v, ok := x[seg]
			if !ok {
				return nil, fmt.Errorf("no key %q", seg)
			}
			cur = v
		case []any:
			if seg == "#" && i == len(segs)-1 {
				return json.Number(strconv.Itoa(len(x))), nil
			}
			if k, want, ok := strings.Cut(seg, "="); ok {
				var found any
				for _, el := range x {
					if m, ok := el.(map[string]any); ok && jsonText(m[k]) == want {
						found = el
						break
					}
				}
				if found == nil {
					return nil, fmt.Errorf("no element with %s=%s", k, want)
				}
				cur = found
				continue
			}
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(x) {
				return nil, fmt.Errorf("no element %q in an array of %d", seg, len(x))
			}
			cur = x[n]
		default:
			return nil, fmt.Errorf("%q: %s is not an object or array", seg, jsonText(cur))
		}
	}
	return cur, nil
}

func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return x.String()
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

// cmdNoFiles fails when any file matches one of the globs (relative to the
// script's current directory). Negated, at least one must match.
func cmdNoFiles(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: nofiles GLOB...")
	}
	var found []string
	for _, g := range args {
		if _, err := filepath.Match(g, ""); err != nil {
			ts.Fatalf("nofiles: bad pattern %q", g)
		}
		m, _ := filepath.Glob(ts.MkAbs(g))
		for _, f := range m {
			rel, err := filepath.Rel(ts.MkAbs("."), f)
			if err != nil {
				rel = f
			}
			found = append(found, rel)
		}
	}
	switch {
	case neg && len(found) == 0:
		ts.Fatalf("nofiles: nothing matches %s", strings.Join(args, " "))
	case !neg && len(found) > 0:
		ts.Fatalf("unexpected files: %s", strings.Join(found, ", "))
	}
}

// The helpers above are tested here so a broken helper cannot make a script
// pass by accident.
func TestWalkJSON(t *testing.T) {
	var doc any
	dec := json.NewDecoder(strings.NewReader(`{"a":{"b":[{"id":"x","n":1},{"id":"y","n":2.5}]},"s":"<&>","t":true,"big":2000000,"f":99.95}`))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		".a.b.#":      "2",
		".a.b.1.n":    "2.5",
		".a.b.id=x.n": "1",
		".s":          "<&>",
		".t":          "true",
		".a.#":        "1",
		".big":        "2000000",
		".f":          "99.95",
	} {
		v, err := walkJSON(doc, path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if got := jsonText(v); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	for _, path := range []string{".a.c", ".a.b.2", ".a.b.id=z", ".s.x", "a"} {
		if _, err := walkJSON(doc, path); err == nil {
			t.Errorf("%s: found, want an error", path)
		}
	}
	if got := jsonText(json.Number("9")); got != "9" {
		t.Errorf("json.Number 9 prints as %s, want 9", got)
	}
}
