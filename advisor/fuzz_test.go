package advisor_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

// fuzzBytes hands out a fuzz input's bytes one at a time, then zeros.
type fuzzBytes []byte

func (b *fuzzBytes) next() byte {
	if len(*b) == 0 {
		return 0
	}
	c := (*b)[0]
	*b = (*b)[1:]
	return c
}

// unit is a number from 0 to 1 made of two bytes.
func (b *fuzzBytes) unit() float64 {
	return float64(uint16(b.next())<<8|uint16(b.next())) / math.MaxUint16
}

// fuzzAnswers makes answers every one of which is within its field's
// range (from Min to the knowledge base's maximum, below Below), from
// data: a byte per answer says whether it is given and how, two more its
// value, spread evenly over the orders of magnitude of the range.
func fuzzAnswers(t *testing.T, kb *knowledge.Base, data []byte) (answers.Answers, bool) {
	b := fuzzBytes(data)
	a := answers.Answers{Version: answers.Version}
	for _, f := range answers.Fields {
		how := b.next()
		if !f.Kind.Numeric() || how%2 == 0 {
			continue
		}
		lo := f.Min
		hi := 1e18
		if c, ok := kb.Constant(f.Max); ok {
			hi = c.Value
		}
		if f.Upper > 0 {
			top := f.Upper
			if f.UpperOpen {
				top = math.Nextafter(top, 0)
			}
			hi = math.Min(hi, top)
		}
		u := b.unit()
		var v float64
		switch {
		case how&6 == 2: // the lowest value allowed
			v = lo
			if f.MinOpen {
				v = math.Nextafter(lo, math.Inf(1)) // 5e-324 above 0
			}
		case how&6 == 4: // the highest
			v = hi
		case lo > 0:
			v = math.Exp(math.Log(lo) + u*(math.Log(hi)-math.Log(lo)))
		default:
			v = lo + u*u*u*(hi-lo) // most values small, some near the top
		}
		if f.Kind == answers.KindWhole {
			v = math.Max(math.Min(math.Round(v), math.Floor(hi)), math.Ceil(lo))
		}
		if f.MinOpen && v <= lo {
			continue
		}
		if err := a.Set(f, strconv.FormatFloat(v, 'g', -1, 64)); err != nil {
			return a, false // not an answer the command line would take
		}
	}
	for i, trait := range answers.Traits {
		if b.next()>>i&1 == 1 {
			a.Traits = append(a.Traits, trait)
		}
	}
	if p := kb.Providers(); len(p) > 0 {
		a.Provider = p[int(b.next())%len(p)]
	}
	return a, answers.HasTraffic(&a)
}

// How seedAnswers gives an answer besides a share of its range.
const (
	lowest  = -1.0
	highest = 2.0
)

// seedAnswers is the fuzz input fuzzAnswers reads as the answers given by
// key: lowest, highest, or a share (0 to 1) of the way up the range.
func seedAnswers(given map[string]float64) []byte {
	var out []byte
	for _, f := range answers.Fields {
		v, ok := given[f.Key]
		switch {
		case !ok || !f.Kind.Numeric():
			out = append(out, 0)
		case v == lowest:
			out = append(out, 3, 0, 0)
		case v == highest:
			out = append(out, 5, 0, 0)
		default:
			u := uint16(v * math.MaxUint16)
			out = append(out, 1, byte(u>>8), byte(u))
		}
	}
	return out
}

// perturbedConstants is constants.yaml with each figure scaled by a factor
// from 0.5 to 2 drawn from seed, within its range: a share stays at most
// 1, a percentage of the time stays below 100 (its distance to 100 is
// scaled), a figure stays within the range constants.yaml gives it, and the
// answers' limits (max_*) stay as they are.
func perturbedConstants(t *testing.T, seed uint8) string {
	src, err := os.ReadFile(filepath.Join("..", "knowledge", "data", "constants.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(uint64(seed), 13))
	constant := regexp.MustCompile(`(?m)^(  - id: (\S+)\n    value: )(\S+)(\n    unit: ([^\n]*)(?:\n    range: \[([^,\]]+), ([^\]]+)\])?)`)
	return constant.ReplaceAllStringFunc(string(src), func(block string) string {
		m := constant.FindStringSubmatch(block)
		id, unit := m[2], m[5]
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil || strings.HasPrefix(id, "max_") {
			return block
		}
		factor := 0.5 + 1.5*rnd.Float64()
		x := v * factor
		switch {
		case strings.HasPrefix(unit, "percent") && v >= 90:
			x = 100 - (100-v)*factor
		case v <= 1 && x > 1:
			x = 1 // a share stays a share
		case v >= 1 && v == math.Trunc(v):
			x = math.Round(x) // a count stays whole (regions, a team)
		}
		if lo, err := strconv.ParseFloat(m[6], 64); err == nil {
			x = max(x, lo)
		}
		if hi, err := strconv.ParseFloat(m[7], 64); err == nil {
			x = min(x, hi)
		}
		return m[1] + strconv.FormatFloat(x, 'g', -1, 64) + m[4]
	})
}

// perturbed holds the knowledge bases FuzzPlan has loaded, by seed:
// loading one takes longer than planning on it many times over.
var perturbed sync.Map // uint8 → *knowledge.Base, or nil when it does not load

// perturbedBase is the embedded knowledge base with perturbedConstants(seed)
// as an overlay; nil when those constants do not load.
func perturbedBase(t *testing.T, seed uint8) *knowledge.Base {
	if kb, ok := perturbed.Load(seed); ok {
		return kb.(*knowledge.Base)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "constants.yaml"), []byte(perturbedConstants(t, seed)), 0o600); err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.LoadDir(dir)
	if err != nil {
		t.Logf("the constants of seed %d do not load: %v", seed, err)
		kb = nil
	}
	perturbed.Store(seed, kb)
	return kb
}

// noNonFinite are the spellings of an infinity or NaN in the formats.
var noNonFinite = regexp.MustCompile(`\bNaN\b|\+Inf|-Inf|\.inf\b|\.nan\b|∞`)

// FuzzPlan plans random answers, each within its range, on the embedded
// knowledge base or on one of 15 whose constants are perturbed within
// their ranges, with every failure what-if. Valid input must give a plan, or an
// error about the answers (exit 2) — never a panic, an internal error
// (exit 1), or a figure that is infinite or not a number in any format;
// and the plan must be one diff accepts when it is read back.
func FuzzPlan(f *testing.F) {
	// Seeds: answers by how each is given (lowest, highest or a share of
	// the way up its range), the rest left to the knowledge base.
	for _, seed := range []map[string]float64{
		{"users": 0.5},
		{"users": lowest},
		{"users": 0.6, "growth": 0.0001},
		{"dau": 0.5, "peak_rps": lowest},
		{"reads_per_day": highest, "read_ratio": lowest},
		{"peak_rps": highest, "regions": highest, "availability": highest},
		{"users": highest, "write_bytes": highest, "requests_per_user": highest, "data_gb": highest, "regions": highest, "growth": highest},
	} {
		f.Add(seedAnswers(seed), uint8(0), true)
	}
	f.Add(seedAnswers(map[string]float64{"users": 0.5, "growth": 0.3}), uint8(1), true)
	base, err := knowledge.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, answerData []byte, kbSeed uint8, whatIfs bool) {
		kb := base
		if kbSeed%16 != 0 {
			if kb = perturbedBase(t, kbSeed%16); kb == nil {
				return // not a knowledge base anyone could load
			}
		}
		a, ok := fuzzAnswers(t, kb, answerData)
		if !ok {
			return
		}
		ad := advisor.New(kb)
		p, err := ad.Advise(a)
		if err == nil && whatIfs {
			err = ad.WhatIfs(p, ad.WhatIfIDs())
		}
		if err != nil {
			if !advisor.IsInputError(err) {
				t.Fatalf("answers %s: an internal error (exit 1) for answers within range: %v", answers.Marshal(a), err)
			}
			return
		}
		if err := ad.CheckPlan(p); err != nil {
			t.Fatalf("answers %s: diff would refuse the plan: %v", answers.Marshal(a), err)
		}
		js, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("answers %s: json: %v", answers.Marshal(a), err)
		}
		var back advisor.Plan
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatalf("the plan's JSON does not read back: %v", err)
		}
		// The formats that draw numbers themselves (YAML, like JSON, only
		// encodes them, and takes longest).
		for _, format := range []string{"md", "mermaid", "text"} {
			out, err := export.Render(export.PlanDoc{Plan: p}, format, export.Options{Width: 80})
			if err != nil {
				t.Fatalf("answers %s: %s: %v", answers.Marshal(a), format, err)
			}
			if m := noNonFinite.Find(out); m != nil {
				t.Fatalf("answers %s: %s output holds %q", answers.Marshal(a), format, m)
			}
		}
	})
}
