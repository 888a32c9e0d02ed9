package knowledge

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"testing"
)

// TestEmbeddedGo: the Go literal every start decodes nothing from is
// exactly what the embedded YAML decodes to. Rename a field, change a yaml
// tag or edit a knowledge file, and this fails until go generate
// ./knowledge rewrites embedded_gen.go.
func TestEmbeddedGo(t *testing.T) {
	sub, _ := fs.Sub(embedded, "data")
	want, err := decodeAll(overlay{top: sub, topName: "knowledge/data"})
	if err != nil {
		t.Fatal(err)
	}
	src, err := generateGo(want)
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("embedded_gen.go")
	if err != nil || !bytes.Equal(old, src) {
		t.Fatal("knowledge/embedded_gen.go is not what the embedded YAML decodes to: run go generate ./knowledge")
	}
	if embeddedDecoded == nil {
		t.Fatal("embedded_gen.go does not register the decoded base: run go generate ./knowledge")
	}
	if got := embeddedDecoded(); !reflect.DeepEqual(got, want) {
		t.Fatal("embeddedDecoded() differs from the decoded YAML: run go generate ./knowledge")
	}
}
