package tui

import (
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

// TestPlaceholdersSayWhatThePlanAssumes: for every kind of product, and
// for none, each typed field left empty says the value the plan then
// assumes for it, traits included (media serves larger responses).
func TestPlaceholdersSayWhatThePlanAssumes(t *testing.T) {
	kb := testKB(t)
	for _, kind := range append([]string{""}, presetIDs()...) {
		t.Run("kind "+kind, func(t *testing.T) {
			st := newFormState(kb, answers.Answers{}, NewStyles(true, false).Form(), false, formMemo{})
			st.kind = kind
			st.applyPreset()
			st.refreshDefaults()
			*st.raw[answers.Users.Key] = "100k"
			p := advise(t, st.answers())
			seen := map[string]bool{}
			for _, as := range p.Assumptions {
				q, ok := questionByKey(as.Key)
				if !ok || q.field.Default == "" || as.Kind != "default" || seen[as.Key] {
					continue
				}
				seen[as.Key] = true // a later one for the same key is a part split off, not the default
				if want, got := q.field.Display(as.Value), st.dflts[as.Key]; got != want {
					t.Errorf("%s left empty says %q; the plan assumes %s", as.Key, got, want)
				}
			}
			if !seen[answers.ResponseBytes.Key] {
				t.Fatal("no assumption for bytes per response: the check checks nothing")
			}
		})
	}
}

// TestMediaPresetPlaceholders picks the media kind on the form: the Data
// page's byte fields say the media defaults, and unpicking the media
// trait turns them back.
func TestMediaPresetPlaceholders(t *testing.T) {
	kb := testKB(t)
	media, _ := kb.Constant(answers.ResponseBytes.TraitDefaults["media"])
	plain, _ := kb.Constant(answers.ResponseBytes.Default)
	d := newDriver(t, testOptions(t), 120, 40)
	d.answer("Tube")
	d.keys("down", "down", "down", "down", "down", "enter") // from "none", down wraps to the first kind: media is the fifth
	d.answer("100k")
	for d.focused() != answers.ResponseBytes.Key {
		d.keys("enter")
	}
	d.mustContain("leave empty: " + answers.ResponseBytes.Display(media.Value))
	for d.focused() != "traits" {
		d.keys("enter")
	}
	d.mustContain("> [x] Media") // the cursor starts on the first picked
	d.keys("x")                  // media off
	d.keys("shift+tab")
	for d.focused() != answers.ResponseBytes.Key {
		d.keys("shift+tab")
	}
	d.mustContain("leave empty: " + answers.ResponseBytes.Display(plain.Value))
}

func presetIDs() []string {
	var ids []string
	for _, p := range presets {
		ids = append(ids, p.ID)
	}
	return ids
}
