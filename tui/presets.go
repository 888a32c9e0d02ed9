package tui

// A preset is what a kind of product usually looks like: the answers it
// fills in when the person picks it on the Product page. Picking a preset
// fills only fields that are empty or still hold the previous preset's
// value, so nothing the person typed is overwritten; every value stays
// editable and, once on the form, counts as given rather than assumed.
//
// The presets are data, written as the text a person would type, and go
// through the same parsing and range checks as typed answers (a test checks
// each one with answers.Set). They belong in the knowledge base with the
// other defaults, but the knowledge loader reads a fixed set of files; until
// it learns a presets.yaml this table is the one place they live.
type preset struct {
	ID    string
	Label string // shown in the kind list
	Blurb string // what it assumes, in a few words

	Values  map[string]string // answers-file key → typed text
	Pattern string            // patternSteady or patternSpiky
	Avail   string            // availability option value
	Traits  []string          // the traits the Constraints page lists
}

var presets = []preset{
	{
		ID: "saas", Label: "SaaS / B2B app", Blurb: "business hours, mostly reads, background jobs",
		Values:  map[string]string{"requests_per_user": "150", "read_ratio": "10:1", "write_bytes": "2k", "growth": "8%", "retention_years": "7"},
		Pattern: patternSteady, Avail: "99.9", Traits: []string{"jobs", "search"},
	},
	{
		ID: "social", Label: "Social network / community", Blurb: "read-heavy feeds, media, viral spikes",
		Values:  map[string]string{"requests_per_user": "200", "read_ratio": "50:1", "write_bytes": "1k", "growth": "15%", "retention_years": "10"},
		Pattern: patternSpiky, Avail: "99.9", Traits: []string{"jobs", "media", "search"},
	},
	{
		ID: "ecommerce", Label: "E-commerce shop", Blurb: "catalogue reads, search, sale-day spikes",
		Values:  map[string]string{"requests_per_user": "60", "read_ratio": "30:1", "write_bytes": "2k", "growth": "5%", "retention_years": "7"},
		Pattern: patternSpiky, Avail: "99.95", Traits: []string{"jobs", "media", "search"},
	},
	{
		ID: "api", Label: "Public API / developer platform", Blurb: "many calls per client, steady load",
		Values:  map[string]string{"requests_per_user": "1000", "read_ratio": "5:1", "write_bytes": "500", "growth": "10%", "retention_years": "3"},
		Pattern: patternSteady, Avail: "99.95", Traits: []string{"api"},
	},
	{
		ID: "media", Label: "Media / streaming", Blurb: "large responses from a CDN, evening peaks",
		Values:  map[string]string{"requests_per_user": "300", "read_ratio": "100:1", "write_bytes": "5k", "growth": "10%", "retention_years": "5"},
		Pattern: patternSpiky, Avail: "99.9", Traits: []string{"jobs", "media"},
	},
	{
		ID: "chat", Label: "Chat / real-time collaboration", Blurb: "many small writes, open connections",
		Values:  map[string]string{"requests_per_user": "400", "read_ratio": "2:1", "write_bytes": "500", "growth": "10%", "retention_years": "5"},
		Pattern: patternSteady, Avail: "99.9", Traits: []string{"realtime", "write-heavy"},
	},
	{
		ID: "ai", Label: "AI app (LLM, embeddings)", Blurb: "few slow, costly requests; queued inference",
		Values:  map[string]string{"requests_per_user": "30", "read_ratio": "3:1", "write_bytes": "4k", "growth": "20%", "retention_years": "2"},
		Pattern: patternSpiky, Avail: "99.5", Traits: []string{"ai", "jobs"},
	},
	{
		ID: "internal", Label: "Internal tool / back office", Blurb: "small known user base, office hours",
		Values:  map[string]string{"requests_per_user": "80", "read_ratio": "5:1", "write_bytes": "1k", "growth": "2%", "retention_years": "7"},
		Pattern: patternSteady, Avail: "99.5", Traits: nil,
	},
}

// presetByID finds a preset; the zero preset (no values) for "".
func presetByID(id string) preset {
	for _, p := range presets {
		if p.ID == id {
			return p
		}
	}
	return preset{}
}
