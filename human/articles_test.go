package human

import "testing"

func TestArticles(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a 8-vCPU primary", "an 8-vCPU primary"},
		{"a 16-vCPU primary", "a 16-vCPU primary"},
		{"A 11 GB cache", "An 11 GB cache"},
		{"a 18% share", "an 18% share"},
		{"a 80:1 ratio", "an 80:1 ratio"},
		{"a 800 GB disk", "an 800 GB disk"},
		{"a 110 GB disk", "a 110 GB disk"},
		{"a 1,100 GB disk", "a 1,100 GB disk"},
		{"a 11,000 rps peak", "an 11,000 rps peak"},
		{"a 18000 rps peak", "an 18000 rps peak"},
		{"a 1.8x load", "a 1.8x load"},
		{"data 8 GB", "data 8 GB"},
		{"media 8 GB", "media 8 GB"},
		{"a 2-vCPU worker, a 8-vCPU one", "a 2-vCPU worker, an 8-vCPU one"},
	} {
		if got := Articles(tc.in); got != tc.want {
			t.Errorf("Articles(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
