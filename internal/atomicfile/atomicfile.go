// Package atomicfile writes files so that readers see the old content or
// the new, never a part: data goes to a temporary file in the same
// directory, is synced, and is renamed over the target.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
)

// ErrExists is returned when the target exists and overwriting was not asked for.
var ErrExists = errors.New("file exists")

// Write stores data at path. Without overwrite an existing file is left
// alone and ErrExists is returned. On any error the target is unchanged and
// no temporary file is left behind.
func Write(path string, data []byte, perm fs.FileMode, overwrite bool) (err error) {
	perm, err = target(path, perm, overwrite)
	if err != nil {
		return err
	}
	// An interrupt while the temporary file exists would leave it behind:
	// hold the signals that end the program until the file is renamed or
	// removed, then let them take effect.
	release := holdSignals()
	defer release()
	tmp, err := createBeside(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if afterTempCreated != nil {
		afterTempCreated()
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	return finish(tmp, path, perm, overwrite)
}

// target checks that path may be written, and gives the permissions the
// new file gets: those of the file it replaces, else perm less the umask.
func target(path string, perm fs.FileMode, overwrite bool) (fs.FileMode, error) {
	st, err := os.Lstat(path)
	if err != nil {
		// A new file gets perm less the umask, as os.Create would give it.
		return perm &^ umask, nil
	}
	switch {
	case st.IsDir():
		return 0, fmt.Errorf("%s: is a directory; give a file name", path)
	case !st.Mode().IsRegular():
		// Renaming over a link, pipe or device would replace it, not write to it.
		return 0, fmt.Errorf("%s: is not a regular file (%s); give the path of a regular file", path, kind(st.Mode()))
	case !overwrite:
		return 0, fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
	}
	// Keep the permissions of the file being replaced.
	return st.Mode().Perm(), nil
}

// createBeside makes the temporary file for path, in its directory.
func createBeside(path string) (*os.File, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("%s: cannot write in %s: %w", path, dir, unwrap(err))
	}
	return tmp, nil
}

// finish puts the written temporary file in place at path: synced, with
// perm, and without overwrite never over a file that appeared meanwhile.
// On an error the caller removes the temporary file.
func finish(tmp *os.File, path string, perm fs.FileMode, overwrite bool) (err error) {
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if !overwrite {
		// Link refuses to replace, closing the gap between the check above and now.
		if err = os.Link(tmp.Name(), path); err == nil {
			os.Remove(tmp.Name())
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
		}
		// Filesystems without hard links fall back to rename.
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	return nil
}

// Pending is a file written a part at a time: the parts go to a temporary
// file beside the target, which Commit puts in place and Abort removes, so
// a document too large to hold in memory is still all or nothing.
type Pending struct {
	path      string
	perm      fs.FileMode
	overwrite bool
	mu        sync.Mutex // held by Commit, Abort and the signal watcher
	tmp       *os.File   // nil once committed or removed
	err       error      // why writing stopped
	stop      func()     // ends the signal watcher
}

// Create starts writing path, checked as Write checks it. Unlike Write it
// does not hold an interrupt until the end, which may be long in coming:
// a signal that would end the program removes the temporary file, then
// takes effect. One arriving while Commit renames waits for it.
func Create(path string, perm fs.FileMode, overwrite bool) (*Pending, error) {
	perm, err := target(path, perm, overwrite)
	if err != nil {
		return nil, err
	}
	p := &Pending{path: path, perm: perm, overwrite: overwrite}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, heldSignals...)
	tmp, err := createBeside(path)
	if err != nil {
		signal.Stop(ch)
		return nil, err
	}
	p.tmp = tmp
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		var sig os.Signal
		select {
		case sig = <-ch:
		case <-quit:
			select { // one that came as the write ended
			case sig = <-ch:
			default:
				return
			}
		}
		p.mu.Lock()
		p.remove(fmt.Errorf("%s: interrupted (%v); nothing was written", path, sig))
		p.mu.Unlock()
		signal.Stop(ch)
		reraise(sig)
	}()
	p.stop = sync.OnceFunc(func() {
		signal.Stop(ch)
		close(quit)
		<-exited
	})
	return p, nil
}

// Write adds b to the file.
func (p *Pending) Write(b []byte) (int, error) {
	p.mu.Lock()
	tmp, err := p.tmp, p.err
	p.mu.Unlock()
	if tmp == nil {
		return 0, err
	}
	n, err := tmp.Write(b)
	if err != nil {
		err = fmt.Errorf("%s: %w", p.path, unwrap(err))
	}
	return n, err
}

// Commit puts the file in place; on an error the target is unchanged and
// no temporary file is left.
func (p *Pending) Commit() error {
	p.mu.Lock()
	if p.tmp == nil {
		err := p.err
		p.mu.Unlock()
		p.stop()
		return err
	}
	err := finish(p.tmp, p.path, p.perm, p.overwrite)
	if err != nil {
		p.remove(err)
	} else {
		p.tmp, p.err = nil, fmt.Errorf("%s: already written", p.path)
	}
	p.mu.Unlock()
	p.stop()
	return err
}

// Abort removes the temporary file, leaving the target as it was; after
// Commit it does nothing.
func (p *Pending) Abort() {
	p.mu.Lock()
	p.remove(fmt.Errorf("%s: aborted; nothing was written", p.path))
	p.mu.Unlock()
	p.stop()
}

// remove deletes the temporary file, if there still is one; err is what
// later calls say. p.mu is held.
func (p *Pending) remove(err error) {
	if p.tmp == nil {
		return
	}
	p.tmp.Close()
	os.Remove(p.tmp.Name())
	p.tmp, p.err = nil, err
}

// afterTempCreated lets a test act (send a signal) while the temporary file exists.
var afterTempCreated func()

// reraise delivers a held signal once the write is over; the default
// action (for SIGINT, exiting) then happens with no temporary file left.
var reraise = func(sig os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Signal(sig)
	}
}

// heldSignals are those whose default action ends the program: each is
// held while a temporary file exists.
var heldSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// holdSignals starts holding the signals that would end the program; the
// returned func stops and re-delivers any that arrived.
func holdSignals() func() {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, heldSignals...)
	return func() {
		signal.Stop(ch)
		for {
			select {
			case sig := <-ch:
				reraise(sig)
			default:
				return
			}
		}
	}
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// File is one file of a set written by WriteSet.
type File struct {
	Path    string
	Data    []byte
	Perm    fs.FileMode // for a new file, less the umask
	Replace bool        // the file exists and is to be replaced
}

// WriteSet writes every file or none: each is first written beside its
// target, and only when all are ready are they moved into place. A failure
// while moving puts back what was already moved.
func WriteSet(files []File) (err error) {
	release := holdSignals()
	defer release()
	type staged struct {
		File
		tmp, backup string
	}
	var ready []staged
	defer func() {
		for _, f := range ready {
			os.Remove(f.tmp)
			if f.backup != "" {
				os.Remove(f.backup)
			}
		}
	}()
	for _, f := range files {
		st, err := os.Lstat(f.Path)
		switch {
		case err == nil && !st.Mode().IsRegular():
			return fmt.Errorf("%s: is not a regular file (%s)", f.Path, kind(st.Mode()))
		case err == nil && !f.Replace:
			return fmt.Errorf("%s: %w (use --force to overwrite)", f.Path, ErrExists)
		case err == nil:
			f.Perm = st.Mode().Perm()
		default:
			f.Perm &^= umask
		}
		tmp, err := os.CreateTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".*.tmp")
		if err != nil {
			return fmt.Errorf("%s: cannot write in %s: %w", f.Path, filepath.Dir(f.Path), unwrap(err))
		}
		s := staged{File: f, tmp: tmp.Name()}
		ready = append(ready, s)
		_, err = tmp.Write(f.Data)
		if err == nil {
			err = tmp.Sync()
		}
		if err == nil {
			err = tmp.Chmod(f.Perm)
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, unwrap(err))
		}
		if f.Replace {
			// Keep the old file's bytes until every file is in place.
			ready[len(ready)-1].backup = tmp.Name() + ".old"
			if err := os.Link(f.Path, ready[len(ready)-1].backup); err != nil {
				return fmt.Errorf("%s: %w", f.Path, unwrap(err))
			}
		}
	}
	for i, f := range ready {
		if err := os.Rename(f.tmp, f.Path); err != nil {
			// Undo: restore the replaced files, remove the new ones.
			for _, done := range ready[:i] {
				if done.backup != "" {
					os.Rename(done.backup, done.Path)
				} else {
					os.Remove(done.Path)
				}
			}
			return fmt.Errorf("%s: %w", f.Path, unwrap(err))
		}
	}
	return nil
}
