package export_test

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

// TestRenderingIsDeterministicUnderConcurrency extends
// TestRenderingIsDeterministic (which compares GOMAXPROCS 1 with the
// default) to several GOMAXPROCS values with the work spread over
// goroutines: every answers file in every format, advised and rendered by
// eight goroutines at once (an advisor each), is byte-identical to one
// sequential render at GOMAXPROCS 1.
func TestRenderingIsDeterministicUnderConcurrency(t *testing.T) {
	fixtures := loadFixtures(t)
	renderOne := func(f fixture) (map[string][]byte, error) {
		kb, err := knowledge.Default()
		if err != nil {
			return nil, err
		}
		p, err := advisor.New(kb).Advise(f.a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		out := map[string][]byte{}
		doc := export.PlanDoc{Plan: p}
		for _, format := range doc.Formats() {
			b, err := export.Render(doc, format, textOptions)
			if err != nil {
				return nil, err
			}
			out[f.name+"/"+format] = b
		}
		return out, nil
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	want := map[string][]byte{}
	for _, f := range fixtures {
		out, err := renderOne(f)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range out {
			want[k] = v
		}
	}
	for _, procs := range []int{2, 3, 8, 32} {
		runtime.GOMAXPROCS(procs)
		const workers = 8
		var mu sync.Mutex
		var wg sync.WaitGroup
		var errs []error
		got := make([]map[string][]byte, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mine := map[string][]byte{}
				// Each worker starts at a different fixture, so different
				// plans are in flight at the same moment.
				for i := range fixtures {
					out, err := renderOne(fixtures[(i+w)%len(fixtures)])
					if err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						return
					}
					for k, v := range out {
						mine[k] = v
					}
				}
				got[w] = mine
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatal(errs[0])
		}
		for w, out := range got {
			if len(out) != len(want) {
				t.Fatalf("GOMAXPROCS %d, worker %d: %d outputs, want %d", procs, w, len(out), len(want))
			}
			for key, b := range want {
				if !bytes.Equal(out[key], b) {
					t.Errorf("GOMAXPROCS %d, worker %d: %s differs from the sequential render at GOMAXPROCS 1", procs, w, key)
				}
			}
		}
	}
}
