package knowledge

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"sort"
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

// fromSnapshot decodes the snapshot when it was made from these files.
func fromSnapshot(fsys fs.FS, snapshot []byte) (*decoded, bool) {
	key, rest, ok := bytes.Cut(snapshot, []byte{'\n'})
	if !ok || string(key) != embeddedKey(fsys) {
		return nil, false
	}
	d := &decoded{}
	if err := json.Unmarshal(rest, d); err != nil {
		return nil, false
	}
	return d, true
}

// makeSnapshot encodes decoded files with the key of the files they came from.
func makeSnapshot(fsys fs.FS, d *decoded) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(embeddedKey(fsys))
	b.WriteByte('\n')
	data, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	b.Write(data)
	return b.Bytes(), nil
}
