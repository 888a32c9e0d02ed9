package knowledge

import (
	"flag"
	"io/fs"
	"os"
	"reflect"
	"testing"
)

var writeSnapshot = flag.Bool("snapshot", false, "rewrite knowledge/snapshot.json from the embedded YAML")

// TestSnapshotMatchesYAML: the snapshot Default starts from decodes to
// exactly what the embedded YAML decodes to, so it can stand in for it.
func TestSnapshotMatchesYAML(t *testing.T) {
	sub, _ := fs.Sub(embedded, "data")
	want, err := decodeAll(overlay{top: sub, topName: "knowledge/data"})
	if err != nil {
		t.Fatal(err)
	}
	if *writeSnapshot {
		data, err := makeSnapshot(sub, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("snapshot.json", data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, ok := fromSnapshot(sub, snapshotData)
	if !ok {
		t.Fatal("knowledge/snapshot.json was made from other files: regenerate it with go test ./knowledge -run TestSnapshot -snapshot")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the snapshot decodes differently from the YAML: regenerate it with go test ./knowledge -run TestSnapshot -snapshot")
	}
	// And the base built from it plans like one built from YAML.
	a, err := build(got)
	if err != nil {
		t.Fatal(err)
	}
	b, err := build(want)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Rules) != len(b.Rules) || len(a.Stages) != len(b.Stages) || !reflect.DeepEqual(a.Capacity, b.Capacity) {
		t.Fatal("bases built from the snapshot and from YAML differ")
	}
}

// TestStaleSnapshotIsIgnored: a snapshot of other files is never used.
func TestStaleSnapshotIsIgnored(t *testing.T) {
	sub, _ := fs.Sub(embedded, "data")
	if _, ok := fromSnapshot(sub, []byte("0000\nnot gob")); ok {
		t.Fatal("a snapshot with another key was used")
	}
}

// BenchmarkLoadEmbedded is what every start pays: the embedded base from its
// snapshot, validated and compiled (BenchmarkLoadKnowledge parses the YAML).
func BenchmarkLoadEmbedded(b *testing.B) {
	sub, _ := fs.Sub(embedded, "data")
	b.ReportAllocs()
	for b.Loop() {
		d, ok := fromSnapshot(sub, snapshotData)
		if !ok {
			b.Fatal("stale snapshot")
		}
		if _, err := build(d); err != nil {
			b.Fatal(err)
		}
	}
}
