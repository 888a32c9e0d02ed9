package interview

import (
	"strings"
	"testing"
)

// TestAnAnswerOfMinusZeroReadsZero: "-0" is 0 rps, graded as 0x the
// reference, never "-0x".
func TestAnAnswerOfMinusZeroReadsZero(t *testing.T) {
	_, feedback := run(t, newSession(t, "url-shortener"), "-0\n", PlainOptions{})
	if strings.Contains(feedback, "-0") || !strings.Contains(feedback, "you said 0 rps") {
		t.Errorf("feedback %q", feedback)
	}
}
