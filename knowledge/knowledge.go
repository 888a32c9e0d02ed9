// Package knowledge is scaleplan's domain knowledge as data: the stage
// ladder, the components, the rules that pick them, capacity figures and
// price catalogs, each with its sources. The default base is embedded YAML;
// a directory can override any of its files.
package knowledge

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// The embedded YAML is also decoded at build time into embedded_gen.go, so
// a start parses no YAML; TestEmbeddedGo keeps the two the same. The file
// is removed first: after a change to the Go types the old one may not
// compile, and without it Default parses the YAML.
//
//go:generate sh -c "rm -f embedded_gen.go && go run ./internal/embedgen"

//go:embed data
var embedded embed.FS

// StageIDs is the canonical ladder; other tools rely on these ids.
var StageIDs = []string{
	"prelaunch", "single-server", "separate-db", "horizontal", "cache-replicas-cdn",
	"autoscale", "shard-services-queues", "multi-region", "planet-scale",
}

// The constants that bound a plan read back from a file (scaleplan diff):
// the most of one component, and the most a month, in USD.
const (
	MaxPlanCount      = "max_plan_count"
	MaxPlanMonthlyUSD = "max_plan_monthly_usd"
)

// Tiers group components in diagrams, in drawing order.
var Tiers = []string{"edge", "web", "data", "async", "ops"}

// Base is a loaded, validated knowledge base. It is read-only after loading
// and safe to share between goroutines.
type Base struct {
	Sources    []Source
	Constants  []Constant
	Stages     []Stage
	Components []Component
	Rules      []Rule
	Limits     []Limit
	Risks      []Risk
	Catalogs   map[string]*Catalog
	Capacity   estimators.Capacity
	// The estimators' formulas, compiled against this base's constants:
	// Derivations by id (estimators.Derivations), Shown in table order.
	Derivations map[string]*expression.Formula
	Shown       []*expression.Formula
	// Expressions compiled the base; it knows the constants by name.
	Expressions *expression.Compiler
	Scenarios   []Scenario // practice interviews (scenarios.yaml)
	Quiz        Quiz       // flashcard material (quiz.yaml)
	Resilience  Resilience // availability parts and failure what-ifs (resilience.yaml)

	sources    map[string]*Source
	components map[string]*Component
	constants  map[string]*Constant
	rulesFor   map[string][]*Rule
	rulesAt    [][]*Rule // by index in Components
}

// embeddedDecoded returns the embedded YAML decoded at build time; nil until
// embedded_gen.go is generated.
var embeddedDecoded func() *decoded

var (
	defaultOnce sync.Once
	defaultBase *Base
	defaultErr  error
)

// Default returns the embedded knowledge base, loaded once.
func Default() (*Base, error) {
	defaultOnce.Do(func() {
		if embeddedDecoded == nil {
			sub, _ := fs.Sub(embedded, "data")
			defaultBase, defaultErr = Load(sub, "knowledge/data")
			return
		}
		defaultBase, defaultErr = build(embeddedDecoded())
	})
	return defaultBase, defaultErr
}

// LoadDir loads the embedded base with every file found in dir replacing
// the embedded file of the same name (prices/*.yaml add or replace catalogs).
func LoadDir(dir string) (*Base, error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("--knowledge %s: does not exist; give a directory of YAML files that replace the embedded ones", dir)
	case err != nil:
		return nil, fmt.Errorf("--knowledge %s: %w", dir, errors.Unwrap(err))
	case !st.IsDir():
		return nil, fmt.Errorf("--knowledge %s: not a directory", dir)
	}
	sub, _ := fs.Sub(embedded, "data")
	return load(overlay{top: readfile.Dir(dir), topName: dir, base: sub, baseName: "knowledge/data"})
}

// Load reads a complete knowledge base from fsys; name prefixes file names in errors.
func Load(fsys fs.FS, name string) (*Base, error) {
	return load(overlay{top: fsys, topName: name})
}

type overlay struct {
	top, base         fs.FS
	topName, baseName string
}

// read returns a file's bytes and the name to show in errors. Only
// regular files are read, and none past maxFileBytes: a link to /dev/zero
// or a FIFO in an overlay is refused, not read or waited on.
func (o overlay) read(file string) ([]byte, string, error) {
	data, err := readfile.FS(o.top, file, maxFileBytes)
	if err == nil {
		return data, displayName(o.topName, file), nil
	}
	if o.base == nil || !errors.Is(err, fs.ErrNotExist) {
		return nil, displayName(o.topName, file), err
	}
	data, err = readfile.FS(o.base, file, maxFileBytes)
	return data, displayName(o.baseName, file), err
}

// Bounds on a knowledge directory as a whole, besides each file's
// (maxFileBytes), so an overlay of many large catalogs is refused before
// any of it is read. The embedded base is about 200 KB and four catalogs.
const (
	maxPriceFiles  = 32
	maxTotalBytes  = 8 << 20
	pricesDir      = "prices"
	priceFileGlob  = pricesDir + "/*.yaml"
	priceExtension = ".yaml"
)

// knowledgeFiles are the files a knowledge directory may hold besides its
// price catalogs, in the order they are decoded.
var knowledgeFiles = []string{"sources.yaml", "constants.yaml", "stages.yaml", "components.yaml", "rules.yaml", "scenarios.yaml", "quiz.yaml", "resilience.yaml"}

// checkTop refuses what the top directory holds but a load would ignore (a
// misnamed file such as rules.yml, a stray directory), more price catalogs
// than maxPriceFiles, and files that add up to more than maxTotalBytes.
// Names starting with a dot (.git, editor swap files) are left alone.
func (o overlay) checkTop(prices []string) error {
	bad := func(name, want string) error {
		msg := fmt.Sprintf("%s: not a knowledge file: %s", displayName(o.topName, name), want)
		if s := answers.Nearest(name, append(slices.Clone(knowledgeFiles), pricesDir)); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return errors.New(msg)
	}
	entries, err := fs.ReadDir(o.top, ".")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", o.topName, unwrapPath(err))
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."), slices.Contains(knowledgeFiles, name):
		case name == pricesDir:
			catalogs, err := fs.ReadDir(o.top, pricesDir)
			if err != nil {
				return fmt.Errorf("%s: %w", displayName(o.topName, pricesDir), unwrapPath(err))
			}
			for _, c := range catalogs {
				n := c.Name()
				if !strings.HasPrefix(n, ".") && (c.IsDir() || path.Ext(n) != priceExtension) {
					return fmt.Errorf("%s: not a price catalog: the prices directory holds one PROVIDER.yaml file per provider", displayName(o.topName, pricesDir+"/"+n))
				}
			}
		default:
			return bad(name, "a knowledge directory holds "+strings.Join(knowledgeFiles, ", ")+" and prices/PROVIDER.yaml, each replacing the embedded file of that name")
		}
	}
	if n := len(prices); n > maxPriceFiles {
		return fmt.Errorf("%s: %d price catalogs; a knowledge directory may hold at most %d", displayName(o.topName, pricesDir), n, maxPriceFiles)
	}
	total := int64(0)
	for _, name := range append(slices.Clone(knowledgeFiles), prices...) {
		st, err := fs.Stat(o.top, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(o.topName, name), unwrapPath(err))
		}
		if !st.Mode().IsRegular() {
			continue // refused with its name when it is read
		}
		if total += st.Size(); total > maxTotalBytes {
			return fmt.Errorf("%s: the knowledge files come to more than %s with this one; a knowledge directory may hold at most %s in all", displayName(o.topName, name), readfile.SizeText(maxTotalBytes), readfile.SizeText(maxTotalBytes))
		}
	}
	return nil
}

// fromOverlay reports whether a file's shown name (displayName) is a file
// of an overlay directory rather than of the embedded base.
func fromOverlay(shown string) bool { return !strings.HasPrefix(shown, "knowledge/") }

func displayName(dir, file string) string {
	if strings.HasPrefix(dir, "knowledge/") {
		return path.Join(dir, file)
	}
	return filepath.Join(dir, filepath.FromSlash(file))
}

func (o overlay) priceFiles() []string {
	set := map[string]bool{}
	for _, f := range []fs.FS{o.top, o.base} {
		if f == nil {
			continue
		}
		names, _ := fs.Glob(f, priceFileGlob)
		for _, n := range names {
			set[n] = true
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func load(o overlay) (*Base, error) {
	d, err := decodeAll(o)
	if err != nil {
		return nil, shortQuotes(err)
	}
	b, err := build(d)
	if err != nil {
		return nil, shortQuotes(err)
	}
	return b, nil
}

// maxQuoted is the most of a value from a knowledge file an error quotes,
// in characters.
const maxQuoted = 60

// shortQuotes cuts every quoted value in a load error to maxQuoted
// characters (human.ShortQuotes). Errors quote (%q) what a file holds, and
// a file may hold anything up to maxFileBytes: a 400 KB id must not become
// a 400 KB message.
func shortQuotes(err error) error {
	msg := human.ShortQuotes(err.Error(), maxQuoted)
	if msg == err.Error() {
		return err
	}
	return &shortened{msg: msg, err: err}
}

// shortened is an error with its quotes cut, still wrapping the original.
type shortened struct {
	msg string
	err error
}

func (e *shortened) Error() string { return e.msg }
func (e *shortened) Unwrap() error { return e.err }

// decoded is what the knowledge files decode to before validation: the
// part of a load that reads YAML, which an embedded snapshot can stand in
// for (see snapshot.go).
type decoded struct {
	Sources      sourcesFile
	Constants    constantsFile
	Stages       stagesFile
	Components   componentsFile
	Rules        rulesFile
	Scenarios    scenariosFile
	Quiz         Quiz
	Resilience   Resilience
	Catalogs     []*Catalog
	CatalogFiles []string          // where each catalog came from, for errors
	Names        map[string]string // file name → name shown in errors
}

// decodeAll reads and decodes every knowledge file.
func decodeAll(o overlay) (*decoded, error) {
	d := &decoded{}
	sf, cf, stf, cof, rf, scf := &d.Sources, &d.Constants, &d.Stages, &d.Components, &d.Rules, &d.Scenarios
	files := []struct {
		name string
		v    any
		ver  *int
	}{
		{"sources.yaml", sf, &sf.Version},
		{"constants.yaml", cf, &cf.Version},
		{"stages.yaml", stf, &stf.Version},
		{"components.yaml", cof, &cof.Version},
		{"rules.yaml", rf, &rf.Version},
		{"scenarios.yaml", scf, &scf.Version},
		{"quiz.yaml", &d.Quiz, &d.Quiz.Version},
		{"resilience.yaml", &d.Resilience, &d.Resilience.Version},
	}
	priceFiles := o.priceFiles()
	topPrices := slices.DeleteFunc(slices.Clone(priceFiles), func(name string) bool {
		_, err := fs.Stat(o.top, name)
		return err != nil
	})
	if err := o.checkTop(topPrices); err != nil {
		return nil, err
	}
	// Parsing YAML is most of a load; the files are independent, so they
	// are decoded side by side and checked in a fixed order afterwards, which
	// keeps the first error reported the same from run to run. Once a file
	// fails, those after it are not read: the error reported is the first
	// in that order either way.
	catalogs := make([]*Catalog, len(priceFiles))
	shownAs := make([]string, len(files)+len(priceFiles))
	errs := make([]error, len(files)+len(priceFiles))
	var wg sync.WaitGroup
	var firstFailed atomic.Int64
	firstFailed.Store(math.MaxInt64)
	decode := func(i int, name string, v any) {
		defer wg.Done()
		if firstFailed.Load() < int64(i) {
			return
		}
		data, shown, err := o.read(name)
		shownAs[i] = shown
		var tl *readfile.TooLargeError
		switch {
		case errors.As(err, &tl):
			errs[i] = fmt.Errorf("%s: larger than %s; a knowledge file may be at most %s", shown, readfile.SizeText(tl.Limit), readfile.SizeText(tl.Limit))
		case err != nil:
			errs[i] = fmt.Errorf("%s: %w", shown, unwrapPath(err))
		default:
			errs[i] = decodeFile(shown, data, v)
		}
		if errs[i] != nil {
			for cur := firstFailed.Load(); int64(i) < cur && !firstFailed.CompareAndSwap(cur, int64(i)); cur = firstFailed.Load() {
			}
		}
	}
	for i, f := range files {
		wg.Add(1)
		go decode(i, f.name, f.v)
	}
	for i, pf := range priceFiles {
		catalogs[i] = &Catalog{}
		wg.Add(1)
		go decode(len(files)+i, pf, catalogs[i])
	}
	wg.Wait()
	failed := firstFailed.Load()
	d.Names = map[string]string{}
	for i, f := range files {
		if int64(i) == failed {
			return nil, errs[i]
		}
		if *f.ver != 1 {
			return nil, fmt.Errorf("%s:1: version %d is not supported: want version: 1", shownAs[i], *f.ver)
		}
		d.Names[f.name] = shownAs[i]
	}
	if failed != math.MaxInt64 {
		return nil, errs[failed]
	}
	d.Catalogs, d.CatalogFiles = catalogs, shownAs[len(files):]
	return d, nil
}

// build validates decoded files and compiles their expressions.
func build(d *decoded) (*Base, error) {
	b := &Base{Catalogs: map[string]*Catalog{}}
	sf, cf, stf, cof, rf, scf := &d.Sources, &d.Constants, &d.Stages, &d.Components, &d.Rules, &d.Scenarios
	b.Quiz, b.Resilience = d.Quiz, d.Resilience
	names := d.Names
	for i, c := range d.Catalogs {
		c.file = d.CatalogFiles[i]
		if err := c.validate(); err != nil {
			return nil, err
		}
		if _, dup := b.Catalogs[c.Provider]; dup {
			return nil, fmt.Errorf("%s:1: provider %q already has a catalog", c.file, c.Provider)
		}
		b.Catalogs[c.Provider] = c
	}
	if _, ok := b.Catalogs["aws"]; !ok {
		return nil, fmt.Errorf("prices/*.yaml: no catalog has \"provider: aws\", the default provider; keep prices/aws.yaml for aws and name other providers' files after them")
	}
	b.Sources, b.Constants, b.Stages, b.Components = sf.Sources, cf.Constants, stf.Stages, cof.Components
	b.Rules, b.Limits, b.Risks = rf.Rules, rf.Limits, rf.Risks
	v := validator{b: b, names: names}
	if err := v.run(cf); err != nil {
		return nil, err
	}
	if err := v.scenarios(scf.Scenarios); err != nil {
		return nil, err
	}
	b.Scenarios = scf.Scenarios
	if err := v.quiz(&b.Quiz); err != nil {
		return nil, err
	}
	if err := v.resilience(&b.Resilience); err != nil {
		return nil, err
	}
	return b, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// idPattern is what every id in the knowledge base must look like: ids
// become file names (decision records), diagram node names and flag values.
var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// StageConstant is the name expressions give a stage: its id with _ for -.
func StageConstant(id string) string { return strings.ReplaceAll(id, "-", "_") }

// inlined is every name an expression may use as a fixed number: the
// constants, the unit conversions and the stages (by their number).
func (b *Base) inlined() map[string]float64 {
	out := make(map[string]float64, len(b.constants)+len(estimators.Units)+len(StageIDs)+len(estimators.ResilienceLevels))
	for id, c := range b.constants {
		out[id] = c.Value
	}
	for name, v := range estimators.Units {
		out[name] = v
	}
	for i, id := range StageIDs {
		out[StageConstant(id)] = float64(i)
	}
	for i, id := range estimators.ResilienceLevels {
		out[StageConstant(id)] = float64(i)
	}
	return out
}

// Source finds a source by id.
func (b *Base) Source(id string) (*Source, bool) { s, ok := b.sources[id]; return s, ok }

// RulesFor lists a component's rules in file order; the first that holds wins.
func (b *Base) RulesFor(id string) []*Rule { return b.rulesFor[id] }

// RulesAt is RulesFor(b.Components[i].ID), without looking the id up: a
// plan asks for every component's rules at every point it decides.
func (b *Base) RulesAt(i int) []*Rule { return b.rulesAt[i] }

// Component finds a component by id.
func (b *Base) Component(id string) (*Component, bool) { c, ok := b.components[id]; return c, ok }

// Constant finds a capacity figure or default by id.
func (b *Base) Constant(id string) (*Constant, bool) { c, ok := b.constants[id]; return c, ok }

// ComponentIDs lists every component id, sorted.
func (b *Base) ComponentIDs() []string {
	ids := make([]string, 0, len(b.Components))
	for _, c := range b.Components {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

// Providers lists the providers with a price catalog, sorted.
func (b *Base) Providers() []string {
	out := make([]string, 0, len(b.Catalogs))
	for p := range b.Catalogs {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Item finds a priced unit in the catalog.
func (c *Catalog) Item(id string) (*PriceItem, bool) { it, ok := c.items[id]; return it, ok }

// PerMonthUSD is the cost of one unit of an instance-like item for a month.
func (it *PriceItem) PerMonthUSD() float64 {
	switch {
	case it.HourlyUSD != nil:
		return estimators.MonthlyUSD(*it.HourlyUSD)
	case it.MonthlyUSD != nil:
		return *it.MonthlyUSD
	}
	return 0
}

// UnitUSD is the price of one unit of a usage-priced item (per GB, per
// GB-month, per million requests), or the monthly price of an instance.
func (it *PriceItem) UnitUSD() float64 {
	switch {
	case it.PerGBUSD != nil:
		return *it.PerGBUSD
	case it.PerGBMonthUSD != nil:
		return *it.PerGBMonthUSD
	case it.PerMillionUSD != nil:
		return *it.PerMillionUSD
	case len(it.Tiers) > 0:
		return it.Tiers[0].PerGBUSD
	}
	return it.PerMonthUSD()
}

// UsageUSD prices a quantity of a usage-priced item, in its unit (GB,
// GB-months, requests): quantity × unit price, per million for items priced
// by the million, or tier by tier for items whose per-GB price falls with
// volume.
func (it *PriceItem) UsageUSD(quantity float64) float64 {
	if it.PerMillionUSD != nil {
		return quantity / 1e6 * *it.PerMillionUSD
	}
	if len(it.Tiers) == 0 {
		return quantity * it.UnitUSD()
	}
	total, from := 0.0, 0.0
	for _, t := range it.Tiers {
		upTo := quantity
		if t.UpToGB != nil {
			upTo = min(quantity, *t.UpToGB)
		}
		if upTo > from {
			total += (upTo - from) * t.PerGBUSD
			from = upTo
		}
	}
	return total
}

// Unit names what UnitUSD is per.
func (it *PriceItem) Unit() string {
	switch {
	case it.HourlyUSD != nil:
		return "hour"
	case it.MonthlyUSD != nil:
		return "month"
	case it.PerGBUSD != nil:
		return "GB"
	case it.PerGBMonthUSD != nil:
		return "GB-month"
	case it.PerMillionUSD != nil:
		return "million"
	case len(it.Tiers) > 0:
		return "GB"
	}
	return ""
}

// File is where the catalog was loaded from.
func (c *Catalog) File() string { return c.file }

func (c *Catalog) validate() error {
	at := func(line int) string { return fmt.Sprintf("%s:%d", c.file, line) }
	if c.Version != 1 {
		return fmt.Errorf("%s: version %d is not supported: want version: 1", at(1), c.Version)
	}
	if c.Provider == "" || c.AsOf == "" || c.Currency == "" {
		return fmt.Errorf("%s: a catalog needs provider, as_of and currency", at(1))
	}
	if !idPattern.MatchString(c.Provider) {
		return fmt.Errorf("%s: provider %q: want a lower-case word like aws", at(1), c.Provider)
	}
	// Plans print the date as it is written: it must be one.
	if _, err := time.Parse(time.DateOnly, c.AsOf); err != nil {
		return fmt.Errorf("%s: as_of %q: want the date the prices were read, a real one written YYYY-MM-DD, like 2026-11-01", at(max(c.Lines["as_of"], 1)), c.AsOf)
	}
	if d := c.Commitment.Discount; math.IsNaN(d) || d < 0 || d >= 1 {
		return fmt.Errorf("%s: commitment.discount %v: want a share from 0 up to (not including) 1", at(c.Commitment.Line), d)
	}
	if c.Commitment.Source == "" {
		return fmt.Errorf("%s: commitment needs a source (and discount: 0 for a provider that sells no commitments)", at(max(c.Commitment.Line, 1)))
	}
	c.items = map[string]*PriceItem{}
	for i := range c.Items {
		it := &c.Items[i]
		if it.ID == "" {
			return fmt.Errorf("%s: item without an id", at(it.Line))
		}
		if err := checkID(at(it.Line), "price item", it.ID); err != nil {
			return err
		}
		if _, dup := c.items[it.ID]; dup {
			return fmt.Errorf("%s: item %q is listed twice", at(it.Line), it.ID)
		}
		n := 0
		if len(it.Tiers) > 0 {
			n++
			prev := 0.0
			for i, t := range it.Tiers {
				last := i == len(it.Tiers)-1
				switch {
				case t.PerGBUSD < 0 || t.PerGBUSD > 1e6:
					return fmt.Errorf("%s: item %q: tier price %v is out of range (0 to 1,000,000)", at(t.Line), it.ID, t.PerGBUSD)
				case last && t.UpToGB != nil:
					return fmt.Errorf("%s: item %q: the last tier must have no up_to_gb (it covers everything beyond)", at(t.Line), it.ID)
				case !last && (t.UpToGB == nil || *t.UpToGB <= prev):
					return fmt.Errorf("%s: item %q: tiers need increasing up_to_gb values", at(t.Line), it.ID)
				}
				if t.UpToGB != nil {
					prev = *t.UpToGB
				}
			}
		}
		for _, p := range []*float64{it.HourlyUSD, it.MonthlyUSD, it.PerGBUSD, it.PerGBMonthUSD, it.PerMillionUSD} {
			if p != nil {
				n++
				if *p < 0 || *p > 1e6 {
					return fmt.Errorf("%s: item %q: price %v is out of range (0 to 1,000,000)", at(it.Line), it.ID, *p)
				}
			}
		}
		if n != 1 {
			return fmt.Errorf("%s: item %q needs exactly one of hourly_usd, monthly_usd, per_gb_usd, per_gb_month_usd, per_million_usd, tiers (has %d)", at(it.Line), it.ID, n)
		}
		c.items[it.ID] = it
	}
	return nil
}

// lineOf is the line of key in a mapping, or the mapping's own line.
func lineOf(lines map[string]int, key string, fallback int) int {
	if l, ok := lines[key]; ok {
		return l
	}
	return fallback
}

// ComponentIDsInOrder lists every component id in knowledge-base order.
func (b *Base) ComponentIDsInOrder() []string {
	ids := make([]string, 0, len(b.Components))
	for _, c := range b.Components {
		ids = append(ids, c.ID)
	}
	return ids
}
