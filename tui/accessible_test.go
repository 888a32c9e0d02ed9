package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"charm.land/huh/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// TestLineReaderKeepsEveryLine shows the huh behaviour the line reader
// works around: each accessible prompt reads through a new bufio.Scanner,
// which takes more than one line from a pipe and drops the rest with it.
func TestLineReaderKeepsEveryLine(t *testing.T) {
	run := func(r io.Reader) (string, string) {
		var a, b string
		for _, v := range []*string{&a, &b} {
			in := huh.NewInput().Title("?").Value(v)
			_ = in.RunAccessible(io.Discard, r)
		}
		return a, b
	}
	a, b := run(strings.NewReader("first\nsecond\n"))
	t.Logf("huh on a plain pipe: %q, %q", a, b) // today: "first", "" — the second line is lost
	a, b = run(newLineReader(strings.NewReader("first\nsecond\n")))
	if a != "first" || b != "second" {
		t.Errorf("through the line reader: %q, %q; want both lines", a, b)
	}
}

// accessibleLines answers every question, in order.
var accessibleLines = []string{
	"Piped Shop", // name
	"3",          // kind: e-commerce
	"2M",         // users
	"25%",        // daily users
	"",           // requests per user: keeps the preset's 60
	"?",          // peak: don't know
	"",           // pattern: keeps the preset's spiky
	"",           // concurrent users: derived
	"",           // read ratio: preset 30:1
	"?",          // bytes per write: don't know, clearing the preset
	"",           // bytes per response: don't know
	"",           // bytes kept as a file: the preset's
	"",           // share of writes that update: default
	"",           // queries per request: default
	"100",        // data today
	"",           // files today: none
	"",           // growth: preset 5%
	"",           // retention: preset 7
	"3",          // regions: two continents
	"",           // availability: preset 99.95
	"20k",        // budget
	"6",          // team
	"",           // provider: don't know
	"3",          // traits: toggle real-time on
	"0",          // done
}

var accessibleWant = func(t testing.TB) answers.Answers {
	return mustAnswers(t, "name", "Piped Shop", "users", "2M", "dau", "500000", "requests_per_user", "60",
		"read_ratio", "30", "data_gb", "100", "growth", "5%", "retention_years", "7", "regions", "2",
		"availability", "99.95", "budget", "20000", "team", "6", "traits", "jobs,media,realtime,search,spiky")
}

func runAccessible(t *testing.T, opts Options, input string) (Result, string, string, error) {
	t.Helper()
	var prompts, out bytes.Buffer
	res, err := RunAccessible(context.Background(), opts, strings.NewReader(input), &prompts, &out)
	return res, prompts.String(), out.String(), err
}

func TestAccessiblePipedAnswersAllArrive(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
	input := strings.Join(accessibleLines, "\n") + "\n" + "plan.json\n" + "\n"
	res, prompts, out, err := runAccessible(t, opts, input)
	if err != nil {
		t.Fatalf("%v\n%s", err, prompts)
	}
	want := accessibleWant(t)
	if !reflect.DeepEqual(res.Answers, want) {
		t.Fatalf("answers\n%s\nwant\n%s\nprompts:\n%s", answers.Marshal(res.Answers), answers.Marshal(want), prompts)
	}
	p := advise(t, want)
	if !strings.Contains(out, p.Stage.Name) || strings.Contains(out, "\x1b") {
		t.Errorf("the plan on standard output is not plain text naming the stage:\n%s", out)
	}
	if strings.Contains(prompts, "\x1b") {
		t.Error("the prompts carry escape sequences a screen reader would read out")
	}
	for _, w := range []string{"People who use the product in a month", "Don't know?", "== Traffic (2 of 5) =="} {
		if !strings.Contains(prompts, w) {
			t.Errorf("the prompts do not say %q", w)
		}
	}
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil || !saved.Equal(&want) {
		t.Errorf("saved answers: %v, %v", saved, err)
	}
	data, err := os.ReadFile(filepath.Join(opts.Dir, "plan.json"))
	if err != nil {
		t.Fatalf("no export: %v\n%s", err, prompts)
	}
	var got advisor.Plan
	if err := json.Unmarshal(data, &got); err != nil || got.Stage.ID != p.Stage.ID {
		t.Errorf("the export does not parse to the plan: %v", err)
	}
}

// TestAccessibleTraitsTakeEnter presses Enter on the traits question: it
// means done, keeping the traits picked so far (a preset's) or none,
// rather than being refused as not a number.
func TestAccessibleTraitsTakeEnter(t *testing.T) {
	for _, tt := range []struct {
		name, kind string
		want       []string
	}{
		{"the preset's traits", "3", []string{"jobs", "media", "search", "spiky"}},
		{"no traits", "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lines := append([]string{}, accessibleLines[:len(accessibleLines)-2]...)
			lines[1] = tt.kind
			lines = append(lines, "") // traits: Enter
			res, prompts, _, err := runAccessible(t, testOptions(t), strings.Join(lines, "\n")+"\n\n\n")
			if err != nil {
				t.Fatalf("%v\n%s", err, prompts)
			}
			if strings.Contains(prompts, "Invalid: must be a number") {
				t.Errorf("Enter on the traits was refused:\n%s", prompts)
			}
			if !slices.Equal(res.Answers.Traits, tt.want) {
				t.Errorf("traits %v, want %v", res.Answers.Traits, tt.want)
			}
			if res.Plan == nil {
				t.Error("no plan after the last question")
			}
		})
	}
}

func TestAccessibleInvalidAnswerIsExplainedAndAskedAgain(t *testing.T) {
	opts := testOptions(t)
	res, prompts, _, _ := runAccessible(t, opts, "\n\n2MM\n2M\n")
	var scratch answers.Answers
	wantErr := scratch.Set(answers.Users, "2MM")
	if !strings.Contains(prompts, wantErr.Error()) {
		t.Errorf("the prompts do not explain %q:\n%s", wantErr, prompts)
	}
	if users, ok := res.Answers.Value(answers.Users); !ok || users != 2e6 {
		t.Errorf("users = %v after a correction", show(res.Answers, answers.Users))
	}
}

// TestAccessibleEndOfInputIsNotAnAnswer covers huh returning the last text
// typed, unvalidated, when the input ends mid-question.
func TestAccessibleEndOfInputIsNotAnAnswer(t *testing.T) {
	for _, tt := range []struct {
		name, input string
		check       func(t *testing.T, a answers.Answers)
	}{
		{"an invalid number, then nothing", "\n\n2MM", func(t *testing.T, a answers.Answers) {
			if a.Has(answers.Users) {
				t.Errorf("users = %v from an invalid last line", show(a, answers.Users))
			}
		}},
		{"an invalid number and a line break, then nothing", "\n\n2MM\n", func(t *testing.T, a answers.Answers) {
			if a.Has(answers.Users) {
				t.Errorf("users = %v from an invalid last line", show(a, answers.Users))
			}
		}},
		{"a valid last line without a line break counts", "\n\n3M", func(t *testing.T, a answers.Answers) {
			if users, ok := a.Value(answers.Users); !ok || users != 3e6 {
				t.Errorf("users = %v, want 3M", show(a, answers.Users))
			}
		}},
		{"a choice out of range at a select", "\n\n2M\n\n\n\n9", func(t *testing.T, a answers.Answers) {
			if !a.Has(answers.Users) || len(a.Traits) != 0 {
				t.Errorf("answers %s", answers.Marshal(a))
			}
		}},
		{"nothing at all", "", func(t *testing.T, a answers.Answers) {
			if !reflect.DeepEqual(a, answers.Answers{Version: answers.Version}) {
				t.Errorf("answers %s", answers.Marshal(a))
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(t)
			opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
			res, prompts, _, _ := runAccessible(t, opts, tt.input)
			tt.check(t, res.Answers)
			if !strings.Contains(prompts, "The input ended") {
				t.Errorf("the end of input is not reported:\n%s", prompts)
			}
			saved, _ := LoadSaved(opts.StatePath)
			if saved != nil && !saved.Equal(&res.Answers) {
				t.Errorf("saved %s, kept %s", answers.Marshal(*saved), answers.Marshal(res.Answers))
			}
		})
	}
}

func TestAccessibleNeedsATrafficFigure(t *testing.T) {
	res, prompts, _, _ := runAccessible(t, testOptions(t), "\n\n\n\n\n\n\n\n500k\n")
	if !strings.Contains(prompts, human.Capitalise(errNoTraffic.Error())) {
		t.Errorf("a Traffic page without a figure was accepted:\n%s", prompts)
	}
	if users, ok := res.Answers.Value(answers.Users); !ok || users != 5e5 {
		t.Errorf("the second pass did not take users: %s", answers.Marshal(res.Answers))
	}
}

func TestAccessibleResume(t *testing.T) {
	saved := mustAnswers(t, "name", "Old", "users", "80k")
	opts := testOptions(t)
	opts.Saved = &saved
	res, _, _, _ := runAccessible(t, opts, "y\n")
	if users, ok := res.Answers.Value(answers.Users); res.Answers.Name != "Old" || !ok || users != 8e4 {
		t.Errorf("resume did not start from the saved answers: %s", answers.Marshal(res.Answers))
	}
	res, _, _, _ = runAccessible(t, opts, "n\n")
	if res.Answers.Name != "" || res.Answers.Has(answers.Users) {
		t.Errorf("start over kept the saved answers: %s", answers.Marshal(res.Answers))
	}
}

func TestAccessiblePreloadedAnswersPrintThePlan(t *testing.T) {
	a := mustAnswers(t, "users", "10k")
	opts := testOptions(t)
	opts.Answers = &a
	res, _, out, err := runAccessible(t, opts, "")
	if err != nil || res.Plan == nil || !strings.Contains(out, res.Plan.Stage.Name) {
		t.Fatalf("%v\n%s", err, out)
	}
}

// signalWriter reports when the prompts first show a text.
type signalWriter struct {
	mu   sync.Mutex
	b    bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if strings.Contains(w.b.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func TestAccessibleInterruptKeepsTheAnswers(t *testing.T) {
	opts := testOptions(t)
	opts.StatePath = filepath.Join(t.TempDir(), "answers.yaml")
	pr, pw := io.Pipe()
	defer pw.Close()
	w := &signalWriter{want: "Daily active users", seen: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		res Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := RunAccessible(ctx, opts, pr, w, io.Discard)
		done <- result{res, err}
	}()
	go func() { _, _ = io.WriteString(pw, "Acme\n\n750k\n") }()
	<-w.seen // the users answer is in; the program waits for the next line
	cancel()
	r := <-done
	if r.err != nil || !r.res.Aborted {
		t.Fatalf("interrupt: %+v, %v", r.res, r.err)
	}
	want := mustAnswers(t, "name", "Acme", "users", "750k")
	if !reflect.DeepEqual(r.res.Answers, want) {
		t.Errorf("kept %s", answers.Marshal(r.res.Answers))
	}
	saved, err := LoadSaved(opts.StatePath)
	if err != nil || saved == nil || !saved.Equal(&want) {
		t.Errorf("saved %v, %v", saved, err)
	}
}
