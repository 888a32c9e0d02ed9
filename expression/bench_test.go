package expression

import "testing"

var renderSink string

// BenchmarkRenderText renders a sentence whose holes are text
// expressions, as the knowledge base's failure effects are.
func BenchmarkRenderText(b *testing.B) {
	c, err := NewCompiler(nil)
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := c.Template("the {users > 2 ? count(users - 1) + ' regions' : 'region'} left carr{users > 2 ? 'y' : 'ies'} the {count(peak_rps)} rps peak on {count(dau / 2)} app server{count(dau / 2) == '1' ? '' : 's'}{users > 1 ? ', about ' + gb(dau * users) + ' and ' + usd(users * 2) + ' a month' : ''}", "bench.yaml", 1)
	if err != nil {
		b.Fatal(err)
	}
	env := &Env{}
	env.Users, env.DAU, env.PeakRPS = 3, 40, 12345
	var m Machine
	b.ReportAllocs()
	for b.Loop() {
		if renderSink, err = m.Render(tmpl, env); err != nil {
			b.Fatal(err)
		}
	}
}
