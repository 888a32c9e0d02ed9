package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
)

// schemaPath is the plan's JSON Schema, published for scripts.
var schemaPath = filepath.Join("..", "docs", "plan.schema.json")

// schemaURL names the schema inside the validator; it is the file's $id.
const schemaURL = "https://github.com/scaleplan/scaleplan/docs/plan.schema.json"

// compileSchema compiles docs/plan.schema.json with a real JSON Schema
// validator. Compiling also checks the file against the draft 2020-12
// meta-schema, so a malformed schema fails here.
func compileSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		tb.Fatalf("%s is not JSON: %v", schemaPath, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(schemaURL, doc); err != nil {
		tb.Fatalf("%s: %v", schemaPath, err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		tb.Fatalf("%s does not compile: %v", schemaPath, err)
	}
	return sch
}

// validateJSON validates a JSON document against the schema.
func validateJSON(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return sch.Validate(inst)
}

// generatedAnswers are n answer sets from a fixed seed, spread over the
// whole range of every answer (users from 1 to a billion, every trait,
// budgets tight and roomy, growth or none), plus a few given as daily totals
// or a measured peak instead of users.
func generatedAnswers(tb testing.TB, n int) []answers.Answers {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, 2026))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	out := make([]answers.Answers, 0, n)
	for len(out) < n {
		var kv []string
		switch rng.IntN(10) {
		case 0: // daily totals instead of users
			kv = append(kv, "writes_per_day", pick("0", "1k", "1M", "300M"), "reads_per_day", pick("0", "50k", "20M", "2e9"))
			if kv[1] == "0" && kv[3] == "0" {
				kv[3] = "1"
			}
		case 1: // a measured peak
			kv = append(kv, "users", strconv.FormatFloat(math.Round(math.Pow(10, 2+7*rng.Float64())), 'f', -1, 64), "peak_rps", pick("5", "900", "40000", "400k"))
		default:
			kv = append(kv, "users", strconv.FormatFloat(math.Round(math.Pow(10, 9*rng.Float64())), 'f', -1, 64),
				"read_ratio", pick("0", "0.25", "1", "9", "20:1", "500"),
				"requests_per_user", pick("5", "30", "100", "400"))
		}
		kv = append(kv,
			"peak_factor", pick("1", "2", "3", "8"),
			"write_bytes", pick("100", "1k", "50k"),
			"data_gb", pick("0", "10", "500", "40000"),
			"retention_years", pick("1", "5", "10"),
			"regions", pick("1", "2", "3", "5"),
			"availability", pick("99", "99.5", "99.9", "99.95", "99.99", "99.999"),
			"team", pick("1", "4", "40"))
		if rng.IntN(2) == 0 {
			kv = append(kv, "growth", pick("1%", "5%", "15%", "60%"))
		}
		if rng.IntN(2) == 0 {
			kv = append(kv, "budget", pick("0", "50", "2000", "15000", "1M"))
		}
		if rng.IntN(3) == 0 {
			kv = append(kv, "name", pick("Acme", `Bob's "Best" <shop> | #1`, "line\nbreak"))
		}
		var traits []string
		for _, tr := range answers.Traits {
			if rng.IntN(4) == 0 {
				traits = append(traits, tr)
			}
		}
		if len(traits) > 0 {
			kv = append(kv, "traits", strings.Join(traits, ","))
		}
		a := answers.Answers{Version: answers.Version}
		for i := 0; i < len(kv); i += 2 {
			f, ok := answers.Lookup(kv[i])
			if !ok {
				tb.Fatalf("generated answer %s=%q: no such answer", kv[i], kv[i+1])
			}
			if err := a.Set(f, kv[i+1]); err != nil {
				tb.Fatalf("generated answer %s=%q: %v", kv[i], kv[i+1], err)
			}
		}
		out = append(out, a)
	}
	return out
}

// nullables records which optional parts of the plans were seen null (or
// absent) and which were seen set, so the test can show the sample
// exercised both shapes.
type nullables map[string][2]bool

func (n nullables) see(key string, set bool) {
	v := n[key]
	if set {
		v[1] = true
	} else {
		v[0] = true
	}
	n[key] = v
}

func (n nullables) record(p *advisor.Plan) {
	n.see("budget", p.Budget != nil)
	n.see("next_stage", p.NextStage != nil)
	n.see("breaks_first", p.BreaksFirst != nil)
	n.see("timeline", p.Timeline != nil)
	for _, d := range p.Deferred {
		n.see("deferred.at_load_x", d.AtLoadX != nil)
		n.see("deferred.in_months", d.InMonths != nil)
	}
	for _, c := range p.Components {
		n.see("components.cut", c.Cut != "")
	}
}

// TestPlanJSONMatchesSchema validates the JSON of every answers file and of
// several hundred generated plans against docs/plan.schema.json with a real
// JSON Schema (draft 2020-12) validator, and requires the sample to have
// shown both the null and the set form of each nullable field.
func TestPlanJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t)
	seen := nullables{}
	for _, pl := range planAll(t) {
		if err := validateJSON(sch, export.JSON(pl.p)); err != nil {
			t.Errorf("%s: the JSON export does not match %s:\n%v", pl.name, schemaPath, err)
		}
		seen.record(pl.p)
	}
	ad := newAdvisor(t)
	validated, refused := 0, 0
	for i, a := range generatedAnswers(t, 400) {
		p, err := ad.Advise(a)
		if err != nil {
			if !advisor.IsInputError(err) {
				t.Fatalf("generated answers %d: %v", i, err)
			}
			refused++
			continue
		}
		validated++
		seen.record(p)
		if err := validateJSON(sch, export.JSON(p)); err != nil {
			t.Errorf("generated answers %d (%s): the JSON export does not match %s:\n%v", i, answers.Marshal(a), schemaPath, err)
		}
	}
	if validated < 300 {
		t.Errorf("only %d generated plans validated (%d refused as bad input); the sample is too small", validated, refused)
	}
	for _, key := range []string{"budget", "next_stage", "timeline", "deferred.at_load_x", "deferred.in_months", "components.cut"} {
		if v := seen[key]; !v[0] || !v[1] {
			t.Errorf("the plans never showed %s both null (%v) and set (%v): the schema's two branches are not both exercised", key, v[0], v[1])
		}
	}
	t.Logf("validated %d golden and %d generated plans; nullables seen (null, set): %v", len(planAll(t)), validated, seen)
}

// TestPlanSchemaRejects proves the schema can fail: a real plan with one
// field removed, mistyped, renamed or added is refused, at that field.
func TestPlanSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	// A plan with every optional part set: a budget, deferred components
	// with load multiples, growth (so a timeline and months).
	p, err := newAdvisor(t).Advise(mustAnswers(t, "users", "300k", "budget", "2000", "growth", "10%", "traits", "search,media"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Budget == nil || p.NextStage == nil || p.Timeline == nil || len(p.Deferred) == 0 || len(p.Components) == 0 {
		t.Fatalf("fixture: want a plan with a budget, a next stage, a timeline, components and deferred ones")
	}
	good := export.JSON(p)
	if err := validateJSON(sch, good); err != nil {
		t.Fatalf("the unmodified plan is refused: %v", err)
	}
	tests := []struct {
		name   string
		at     string // the instance location the error must point at
		mutate func(m map[string]any)
	}{
		{"a top-level field removed", "", func(m map[string]any) { delete(m, "stage") }},
		{"an unknown top-level field", "", func(m map[string]any) { m["surprise"] = 1 }},
		{"schema_version 1", "/schema_version", func(m map[string]any) { m["schema_version"] = 1 }},
		{"stage.number as a string", "/stage/number", func(m map[string]any) { obj(m, "stage")["number"] = "2" }},
		{"a stage id off the ladder", "/stage/id", func(m map[string]any) { obj(m, "stage")["id"] = "serverless-mesh" }},
		{"a component without a reason", "/components/0", func(m map[string]any) { delete(elem(m, "components", 0), "reason") }},
		{"a fractional component count", "/components/0/count", func(m map[string]any) { elem(m, "components", 0)["count"] = 1.5 }},
		{"a negative component cost", "/components/0/monthly_usd", func(m map[string]any) { elem(m, "components", 0)["monthly_usd"] = -3 }},
		{"an unknown tier", "/components/0/tier", func(m map[string]any) { elem(m, "components", 0)["tier"] = "gpu" }},
		{"a component field renamed", "/components/0", func(m map[string]any) {
			c := elem(m, "components", 0)
			c["monthlyUSD"] = c["monthly_usd"]
			delete(c, "monthly_usd")
		}},
		{"deferred.at_load_x as text", "/deferred/0/at_load_x", func(m map[string]any) { elem(m, "deferred", 0)["at_load_x"] = "soon" }},
		{"deferred.in_months missing instead of null", "/deferred/0", func(m map[string]any) { delete(elem(m, "deferred", 0), "in_months") }},
		{"budget as a number", "/budget", func(m map[string]any) { m["budget"] = 2000 }},
		{"budget.fits as a string", "/budget", func(m map[string]any) { obj(m, "budget")["fits"] = "yes" }},
		{"budget missing instead of null", "", func(m map[string]any) { delete(m, "budget") }},
		{"next_stage missing instead of null", "", func(m map[string]any) { delete(m, "next_stage") }},
		{"the catalog date spelt for people", "/cost/catalog_as_of", func(m map[string]any) { obj(m, "cost")["catalog_as_of"] = "1 Nov 2026" }},
		{"an estimate removed", "/estimates", func(m map[string]any) { delete(obj(m, "estimates"), "avg_rps") }},
		{"an input removed", "/inputs", func(m map[string]any) { delete(obj(m, "inputs"), "peak_rps") }},
		{"a worked figure without its formula", "/worked/0", func(m map[string]any) { delete(elem(m, "worked", 0), "symbolic") }},
		{"cache_needed as a number", "/estimates/cache_needed", func(m map[string]any) { obj(m, "estimates")["cache_needed"] = 1 }},
		{"an unknown answer", "/answers", func(m map[string]any) { obj(m, "answers")["userz"] = 5 }},
		{"an unknown trait", "/answers/traits/0", func(m map[string]any) { obj(m, "answers")["traits"] = []any{"blockchain"} }},
		{"an assumption of another kind", "/assumptions/0/kind", func(m map[string]any) { elem(m, "assumptions", 0)["kind"] = "guess" }},
		{"a timeline point without a stage", "/timeline", func(m map[string]any) {
			delete(obj(m, "timeline")["points"].([]any)[0].(map[string]any), "stage_id")
		}},
		{"sources as an object", "/sources", func(m map[string]any) { m["sources"] = map[string]any{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(good, &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			bad, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			err = validateJSON(sch, bad)
			if err == nil {
				t.Fatalf("the schema accepts a plan with %s", tt.name)
			}
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T), want a *jsonschema.ValidationError", err, err)
			}
			if !slices.ContainsFunc(errorLocations(ve), func(loc string) bool { return loc == tt.at }) {
				t.Errorf("the error points at %q, want %q:\n%v", errorLocations(ve), tt.at, err)
			}
		})
	}
	// jsonschema v6.0.3 reports a propertyNames failure at a wrong instance
	// location, so this one is checked by its message.
	t.Run("an unknown key in by_tier", func(t *testing.T) {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		obj(m, "cost", "by_tier")["gpu"] = 1.0
		bad, _ := json.Marshal(m)
		if err := validateJSON(sch, bad); err == nil || !strings.Contains(err.Error(), "invalid propertyName 'gpu'") {
			t.Errorf("error %v, want the unknown tier gpu refused", err)
		}
	})
}

// errorLocations lists the instance locations a validation error names.
func errorLocations(ve *jsonschema.ValidationError) []string {
	var out []string
	for _, u := range ve.BasicOutput().Errors {
		out = append(out, u.InstanceLocation)
	}
	return out
}

func obj(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		m = m[k].(map[string]any)
	}
	return m
}

func elem(m map[string]any, key string, i int) map[string]any {
	return m[key].([]any)[i].(map[string]any)
}

func mustAnswers(tb testing.TB, kv ...string) answers.Answers {
	tb.Helper()
	a := answers.Answers{Version: answers.Version}
	for i := 0; i < len(kv); i += 2 {
		f, ok := answers.Lookup(kv[i])
		if !ok {
			tb.Fatalf("answer %s=%q: no such answer", kv[i], kv[i+1])
		}
		if err := a.Set(f, kv[i+1]); err != nil {
			tb.Fatalf("answer %s=%q: %v", kv[i], kv[i+1], err)
		}
	}
	return a
}

// TestPlanSchemaCoversTheGoTypes walks advisor.Plan and the schema side by
// side: every JSON field of every struct must be a property of the matching
// schema object and the reverse, and a field is required exactly when
// encoding/json always writes it (no omitempty). A field added to the Plan
// without the schema fails here even when no sample plan sets it.
func TestPlanSchemaCoversTheGoTypes(t *testing.T) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	w := schemaWalker{t: t, root: root}
	w.compare("(plan)", reflect.TypeFor[advisor.Plan](), root)
	if w.structs < 15 {
		t.Errorf("only %d struct types compared; the walk stopped early", w.structs)
	}
}

type schemaWalker struct {
	t       *testing.T
	root    map[string]any
	structs int
}

// resolve follows $ref and picks the non-null branch of a oneOf/anyOf.
func (w *schemaWalker) resolve(where string, node map[string]any) map[string]any {
	for {
		if ref, ok := node["$ref"].(string); ok {
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			if !ok {
				w.t.Fatalf("%s: $ref %q: only #/$defs/ references are expected", where, ref)
			}
			def, ok := w.root["$defs"].(map[string]any)[name].(map[string]any)
			if !ok {
				w.t.Fatalf("%s: $ref %q resolves to nothing", where, ref)
			}
			node = def
			continue
		}
		var branches []any
		if b, ok := node["oneOf"].([]any); ok {
			branches = b
		} else if b, ok := node["anyOf"].([]any); ok {
			branches = b
		}
		if branches == nil {
			return node
		}
		var next map[string]any
		for _, b := range branches {
			bm := b.(map[string]any)
			if bm["type"] == "null" {
				continue
			}
			if next != nil {
				w.t.Fatalf("%s: more than one non-null branch", where)
			}
			next = bm
		}
		if next == nil {
			w.t.Fatalf("%s: no non-null branch", where)
		}
		node = next
	}
}

func (w *schemaWalker) compare(where string, typ reflect.Type, node map[string]any) {
	node = w.resolve(where, node)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Slice:
		if node["type"] != "array" {
			w.t.Errorf("%s: a Go slice, the schema says type %v", where, node["type"])
			return
		}
		if typ.Elem().Kind() == reflect.Struct || typ.Elem().Kind() == reflect.Pointer {
			items, _ := node["items"].(map[string]any)
			if items == nil {
				w.t.Errorf("%s: an array of objects without items", where)
				return
			}
			w.compare(where+"[]", typ.Elem(), items)
		}
		return
	case reflect.Map:
		if node["type"] != "object" || node["additionalProperties"] == nil {
			w.t.Errorf("%s: a Go map, want an object schema with additionalProperties for its values", where)
		}
		return
	case reflect.Struct:
	default:
		return
	}
	if typ == reflect.TypeFor[answers.Answers]() {
		w.compareAnswers(where, node)
		return
	}
	w.structs++
	if node["additionalProperties"] != false {
		w.t.Errorf("%s (%s): the schema object does not set additionalProperties: false", where, typ)
	}
	props, _ := node["properties"].(map[string]any)
	required := map[string]bool{}
	for _, r := range asSlice(node["required"]) {
		required[r.(string)] = true
	}
	fields := map[string]bool{}
	// The fields encoding/json writes: an untagged embedded struct's are
	// promoted into this object.
	for _, f := range reflect.VisibleFields(typ) {
		if !f.IsExported() || f.Anonymous && f.Tag.Get("json") == "" {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = true
		sub, ok := props[name].(map[string]any)
		if !ok {
			w.t.Errorf("%s.%s (%s.%s) is in the Go type but not in %s", where, name, typ.Name(), f.Name, schemaPath)
			continue
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		if required[name] == omitempty {
			w.t.Errorf("%s.%s: required in the schema = %v, but encoding/json %s", where, name, required[name],
				map[bool]string{true: "omits it when empty", false: "always writes it"}[omitempty])
		}
		w.compare(where+"."+name, f.Type, sub)
	}
	for name := range props {
		if !fields[name] {
			w.t.Errorf("%s.%s is in %s but not in the Go type %s", where, name, schemaPath, typ)
		}
	}
}

// compareAnswers checks the schema of the plan's "answers" against
// answers.Answers, which writes itself (answers/codec.go) rather than by
// struct tags: "version" always, then one key per declared answer, each
// only when it was given, with a JSON type that follows the answer's kind.
func (w *schemaWalker) compareAnswers(where string, node map[string]any) {
	w.structs++
	if _, ok := reflect.TypeFor[answers.Answers]().MethodByName("MarshalJSON"); !ok {
		w.t.Fatalf("%s: answers.Answers no longer writes its own JSON; walk its fields instead", where)
	}
	if node["additionalProperties"] != false {
		w.t.Errorf("%s (answers.Answers): the schema object does not set additionalProperties: false", where)
	}
	props, _ := node["properties"].(map[string]any)
	required := map[string]bool{}
	for _, r := range asSlice(node["required"]) {
		required[r.(string)] = true
	}
	if _, ok := props["version"]; !ok || !required["version"] {
		w.t.Errorf("%s.version: always written, so a required property of the schema", where)
	}
	keys := map[string]bool{"version": true}
	for _, f := range answers.Fields {
		keys[f.Key] = true
		sub, ok := props[f.Key].(map[string]any)
		if !ok {
			w.t.Errorf("%s.%s (answers.%s) is an answer but not in %s", where, f.Key, f.Key, schemaPath)
			continue
		}
		if required[f.Key] {
			w.t.Errorf("%s.%s: required in the schema, but the answer is written only when given", where, f.Key)
		}
		sub = w.resolve(where+"."+f.Key, sub)
		want := map[answers.Kind][]any{
			answers.KindText: {"string"}, answers.KindWord: {"string"},
			answers.KindTraits: {"array"}, answers.KindWhole: {"integer"},
		}[f.Kind]
		if want == nil {
			want = []any{"number", "integer"}
		}
		if !slices.Contains(want, sub["type"]) {
			w.t.Errorf("%s.%s: a %v answer, the schema says type %v", where, f.Key, want[0], sub["type"])
		}
	}
	for name := range props {
		if !keys[name] {
			w.t.Errorf("%s.%s is in %s but is not an answer (answers.Fields)", where, name, schemaPath)
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
