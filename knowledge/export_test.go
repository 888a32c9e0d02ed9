package knowledge

import "io/fs"

// EmbeddedData is the embedded knowledge base as a file system, for tests
// that load it from scratch (knowledge.Load) or derive broken overrides from
// its files.
func EmbeddedData() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err)
	}
	return sub
}
