package answers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// MarshalJSON writes the given answers as an object keyed by answers-file
// key, in declaration order, numbers exact: the plan's "answers".
func (a Answers) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"version":`)
	b.WriteString(strconv.Itoa(a.Version))
	for _, f := range Fields {
		if !a.Has(f) {
			continue
		}
		b.WriteString(`,"` + f.Key + `":`)
		var v any
		switch f.Kind {
		case KindText:
			v = a.Name
		case KindTraits:
			v = a.Traits
		case KindWord:
			v = a.Provider
		default:
			n, _ := a.Value(f)
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, fmt.Errorf("answer %s is not a finite number", f.Key)
			}
			v = n
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON wrote, refusing unknown keys and
// values of the wrong type.
func (a *Answers) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*a = Answers{}
	for key, raw := range m {
		if key == "version" {
			if err := json.Unmarshal(raw, &a.Version); err != nil {
				return fmt.Errorf("answers.version: want a whole number")
			}
			continue
		}
		f, ok := Lookup(key)
		if !ok {
			return fmt.Errorf("answers: unknown key %q", key)
		}
		switch f.Kind {
		case KindText, KindWord:
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("answers.%s: want a string", key)
			}
			if err := a.Set(f, s); err != nil {
				return fmt.Errorf("answers.%s: %w", key, err)
			}
		case KindTraits:
			var ts []string
			if err := json.Unmarshal(raw, &ts); err != nil {
				return fmt.Errorf("answers.traits: want a list of words")
			}
			for _, t := range ts {
				if _, err := ParseTraits(t); err != nil {
					return fmt.Errorf("answers.traits: %w", err)
				}
			}
			a.Traits, _ = ParseTraits(joinComma(ts))
		default:
			var v float64
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Errorf("answers.%s: want a number", key)
			}
			if v < f.Min || (f.MinOpen && v == f.Min) {
				return fmt.Errorf("answers.%s: %s is below the smallest allowed, %s", key, Plain(v), Plain(f.Min))
			}
			a.SetValue(f, v)
		}
	}
	return nil
}

func joinComma(ts []string) string {
	var b bytes.Buffer
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t)
	}
	return b.String()
}

// MarshalYAML writes the same mapping as MarshalJSON, for YAML plans.
func (a Answers) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	scalar := func(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }
	add("version", scalar("!!int", strconv.Itoa(a.Version)))
	for _, f := range Fields {
		if !a.Has(f) {
			continue
		}
		switch f.Kind {
		case KindText:
			add(f.Key, scalar("!!str", a.Name))
		case KindWord:
			add(f.Key, scalar("!!str", a.Provider))
		case KindTraits:
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, t := range a.Traits {
				seq.Content = append(seq.Content, scalar("!!str", t))
			}
			add(f.Key, seq)
		default:
			v, _ := a.Value(f)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("answer %s is not a finite number", f.Key)
			}
			tag := "!!float"
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				tag = "!!int" // 2000000, not 2e+06
			}
			add(f.Key, scalar(tag, strconv.FormatFloat(v, 'f', -1, 64)))
		}
	}
	return n, nil
}
