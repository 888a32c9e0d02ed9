package knowledge

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"sort"
	"sync"
)

// The embedded knowledge base is also kept as a JSON snapshot of its decoded
// files: parsing 180 KB of YAML is most of a start-up, and decoding the
// snapshot is faster. (JSON rather than gob: gob cannot tell a pointer to
// zero, such as a free tier's price, from no price at all.) The snapshot carries a hash of the YAML
// it was made from and is used only when that still matches, so a stale
// snapshot costs time, never correctness; TestSnapshotMatchesYAML fails
// until it is regenerated (go test ./knowledge -run TestSnapshot -snapshot).
// Overrides with --knowledge DIR always read YAML.

//go:embed snapshot.json
var snapshotData []byte

// embeddedKey hashes every embedded file's name and bytes.
func embeddedKey(fsys fs.FS) string {
	var names []string
	_ = fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, _ := fs.ReadFile(fsys, n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// parts lists the pieces of a snapshot in their fixed order. Each is its
// own JSON line, so they decode side by side.
func (d *decoded) parts() []any {
	return []any{&d.Sources, &d.Constants, &d.Stages, &d.Components, &d.Rules, &d.Scenarios,
		&d.Quiz, &d.Resilience, &d.Catalogs, &d.CatalogFiles, &d.Names}
}

// fromSnapshot decodes the snapshot when it was made from these files.
func fromSnapshot(fsys fs.FS, snapshot []byte) (*decoded, bool) {
	lines := bytes.Split(bytes.TrimSuffix(snapshot, []byte{'\n'}), []byte{'\n'})
	d := &decoded{}
	parts := d.parts()
	if len(lines) != len(parts)+1 || string(lines[0]) != embeddedKey(fsys) {
		return nil, false
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = json.Unmarshal(lines[i+1], p)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, false
		}
	}
	return d, true
}

// makeSnapshot encodes decoded files with the key of the files they came from.
func makeSnapshot(fsys fs.FS, d *decoded) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(embeddedKey(fsys))
	b.WriteByte('\n')
	for _, p := range d.parts() {
		data, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}
