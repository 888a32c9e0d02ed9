package answers

// ScaleTraffic returns a copy of a with every traffic figure multiplied by
// factor: users, daily users, a measured peak and daily totals. Ratios,
// sizes and targets stay as they are, so the result is "the same system
// with more (or less) load". Values are clamped to each field's range.
func ScaleTraffic(a Answers, factor float64) Answers {
	out := a.Clone()
	for _, key := range []string{"users", "dau", "peak_rps", "writes_per_day", "reads_per_day"} {
		f, _ := FieldByKey(key)
		p := f.Ptr(&out)
		if p == nil {
			continue
		}
		v := *p * factor
		v = min(max(v, f.Min), f.Max)
		if f.MinOpen && v <= f.Min {
			continue
		}
		out.setNumber(key, v)
	}
	return out
}

// Clone returns a deep copy, so changing one does not change the other.
func (a Answers) Clone() Answers {
	out := a
	for _, f := range Fields {
		if p := f.Ptr(&a); p != nil {
			out.setNumber(f.Key, *p)
		}
	}
	out.Traits = append([]string(nil), a.Traits...)
	return out
}
