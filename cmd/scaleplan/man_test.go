package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/scaleplan/scaleplan/knowledge"
)

var updateMan = flag.Bool("update-man", false, "rewrite docs/man from the commands' help")

// manDate is the date the manual pages carry. Pages generated on different
// days must not differ, so it is fixed; move it on when the pages change
// in substance.
var manDate = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)

// TestManPages generates a manual page for every command with cobra/doc
// and compares them with docs/man, which packagers install as they are.
// The answer flags' help carries the knowledge base's defaults and limits,
// as --help shows them. After a change to a command's help, run
//
//	go test ./cmd/scaleplan -run TestManPages -update-man
//
// and read the diff.
func TestManPages(t *testing.T) {
	want := filepath.Join("..", "..", "docs", "man")
	got := t.TempDir()
	root := newRootCmd(&Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		describeAnswerFlags(c.Flags(), kb)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.DisableAutoGenTag = true
	header := &doc.GenManHeader{Title: "SCALEPLAN", Section: "1", Source: "scaleplan", Manual: "scaleplan manual", Date: &manDate}
	if err := doc.GenManTree(root, header, got); err != nil {
		t.Fatal(err)
	}
	if *updateMan {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(want, os.DirFS(got)); err != nil {
			t.Fatal(err)
		}
		return
	}
	gotNames, wantNames := pageNames(t, got), pageNames(t, want)
	if !slices.Equal(gotNames, wantNames) {
		t.Fatalf("docs/man has %q, the commands make %q; run go test ./cmd/scaleplan -run TestManPages -update-man", wantNames, gotNames)
	}
	for _, name := range gotNames {
		g, _ := os.ReadFile(filepath.Join(got, name))
		w, _ := os.ReadFile(filepath.Join(want, name))
		if !bytes.Equal(g, w) {
			t.Errorf("docs/man/%s is stale; run go test ./cmd/scaleplan -run TestManPages -update-man and read the diff", name)
		}
	}
	for _, page := range []string{"scaleplan.1", "scaleplan-plan.1", "scaleplan-completion-bash.1"} {
		if !slices.Contains(gotNames, page) {
			t.Errorf("no manual page %s", page)
		}
	}
	if plan, _ := os.ReadFile(filepath.Join(got, "scaleplan-plan.1")); !bytes.Contains(plan, []byte("default 100")) {
		t.Error("scaleplan-plan.1 does not give the answers' defaults")
	}
}

func pageNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}
