package answers_test

import (
	"fmt"

	"github.com/scaleplan/scaleplan/answers"
)

// mk builds version-1 answers from field, value pairs: a number for a
// numeric answer, a string for name or provider, a []string for traits.
func mk(pairs ...any) answers.Answers {
	a := answers.Answers{Version: 1}
	for i := 0; i+1 < len(pairs); i += 2 {
		f := pairs[i].(*answers.Field)
		switch v := pairs[i+1].(type) {
		case string:
			if f == answers.Provider {
				a.Provider = v
			} else {
				a.Name = v
			}
		case []string:
			a.Traits = v
		case int:
			a.SetValue(f, float64(v))
		case float64:
			a.SetValue(f, v)
		default:
			panic(fmt.Sprintf("mk: %s = %v", f.Key, v))
		}
	}
	return a
}

// equal compares answers by value, ignoring where each was given.
func equal(a, b answers.Answers) bool { return a.Equal(&b) }

// set sets the answer named key, as an answers file or flag would.
func set(a *answers.Answers, key, raw string) error {
	f, ok := answers.Lookup(key)
	if !ok {
		return fmt.Errorf("unknown answer %q", key)
	}
	return a.Set(f, raw)
}

// stored is the numeric answer named key, if it was stored.
func stored(a *answers.Answers, key string) (float64, bool) {
	f, ok := answers.Lookup(key)
	if !ok {
		return 0, false
	}
	return a.Value(f)
}
