// Package readfile reads the files a person names (answers, plans,
// knowledge overlays, history) safely: only regular files, never more than
// a stated size, so /dev/zero, a FIFO or a huge file is refused with a
// clear error instead of hanging or exhausting memory.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// TooLargeError is a file past its limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s; refusing to read it", sizeText(e.Limit))
}

// ErrNotRegular is a path that names a device, pipe or socket.
var ErrNotRegular = errors.New("not a regular file (a device, pipe or socket)")

// Read reads the regular file at path, at most limit bytes. Errors do not
// repeat the path.
func Read(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	return FromFile(f, limit)
}

// FromFile reads an open file after checking it is regular.
func FromFile(f fs.File, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, unwrap(err)
	}
	if st.IsDir() {
		return nil, errors.New("is a directory, not a file")
	}
	if !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if st.Size() > limit {
		return nil, &TooLargeError{limit}
	}
	return All(f, limit)
}

// All reads r to its end, failing once it passes limit bytes.
func All(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{limit}
	}
	return data, nil
}

// FS reads name from fsys (an overlay directory) with the same checks.
func FS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return FromFile(f, limit)
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
