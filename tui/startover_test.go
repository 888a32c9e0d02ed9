package tui

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/answers"
)

// TestStartOverLeavesNoStaleMemo starts over from saved answers whose
// memo names a kind, a daily-user share and a field, answers something new
// and quits with ctrl+c: the memo kept beside the new answers is theirs,
// so the next run neither shows nor uses the old kind or field.
func TestStartOverLeavesNoStaleMemo(t *testing.T) {
	opts := testOptions(t)
	opts.NoColor = true
	opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
	old := mustAnswers(t, "name", "Old", "users", "100k", "dau", "20k", "requests_per_user", "1000")
	if err := SaveAnswers(opts.StatePath, old); err != nil {
		t.Fatal(err)
	}
	stale := formMemo{Kind: "api", Pattern: patternSteady, Typed: map[string]string{"dau": "20%"}, Focus: "requests_per_user"}
	if err := saveMemo(opts.StatePath, stale); err != nil {
		t.Fatal(err)
	}
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil {
		t.Fatal("no saved answers", err)
	}
	opts.Saved = saved

	// n picks Start over; the name is typed and left unconfirmed, then
	// ctrl+c (0x03) quits keeping it.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := Run(ctx, opts, newSlowReader(t, "n", "New", "\x03"), io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Aborted || res.Answers.Name != "New" {
		t.Fatalf("the run ended aborted=%v with name %q, want ctrl+c with New", res.Aborted, res.Answers.Name)
	}
	memo := loadMemo(opts.StatePath)
	if memo.Kind != "" || memo.Focus != "name" || len(memo.Typed) != 0 {
		t.Errorf("the memo beside the new answers is the old one's: %+v", memo)
	}
	now, err := LoadSaved(opts.StatePath)
	if err != nil || now == nil || now.Name != "New" || now.Has(answers.Users) {
		t.Fatalf("the new answers were not kept alone: %v %v", now, err)
	}
	opts.Saved = now
	d := newDriver(t, opts, 80, 24)
	if v := d.view(); strings.Contains(v, "Kind of product") || strings.Contains(v, "Public API") {
		t.Errorf("the resume prompt shows the old kind:\n%s", v)
	}
}

// slowReader hands out its parts one by one, a little apart, as keys
// typed by a person arrive; then it waits, as an open terminal does, until
// the test ends.
type slowReader struct {
	parts []string
	done  chan struct{}
}

func newSlowReader(t *testing.T, parts ...string) *slowReader {
	r := &slowReader{parts: parts, done: make(chan struct{})}
	t.Cleanup(func() { close(r.done) })
	return r
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.parts) == 0 {
		<-r.done
		return 0, io.EOF
	}
	time.Sleep(100 * time.Millisecond)
	n := copy(p, r.parts[0])
	r.parts = r.parts[1:]
	return n, nil
}
