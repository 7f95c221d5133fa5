package emulator

import (
	"strings"
	"testing"
)

// Id expressions of GET jobs and GET job stats:
// ids, group names, wildcards over both, comma lists, and which misses
// are errors with and without allow_no_match.
func TestJobIDExpressions(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	put := func(id, groups string) {
		t.Helper()
		body := `{"analysis_config":{"detectors":[{"function":"count"}]},"data_description":{}` + groups + `}`
		if r := do(t, es, "PUT", "/_ml/anomaly_detectors/"+id, body); r.status != 200 {
			t.Fatalf("put %s: %s", id, r.raw)
		}
	}
	put("checkout-a", `,"groups":["checkout","web"]`)
	put("checkout-b", `,"groups":["checkout"]`)
	put("search-a", `,"groups":["web"]`)
	put("solo", "")

	ids := func(r response) string {
		jobs, _ := r.body["jobs"].([]any)
		var out []string
		for _, j := range jobs {
			out = append(out, j.(map[string]any)["job_id"].(string))
		}
		if r.body["count"] != float64(len(jobs)) {
			t.Errorf("count %v for %d jobs", r.body["count"], len(jobs))
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct{ expr, want string }{
		{"", "checkout-a,checkout-b,search-a,solo"},
		{"_all", "checkout-a,checkout-b,search-a,solo"},
		{"*", "checkout-a,checkout-b,search-a,solo"},
		{"solo", "solo"},
		{"checkout", "checkout-a,checkout-b"},                         // a group
		{"web", "checkout-a,search-a"},                                // a group across prefixes
		{"*-a", "checkout-a,search-a"},                                // a wildcard over ids
		{"we*", "checkout-a,search-a"},                                // a wildcard over group names
		{"solo,checkout", "checkout-a,checkout-b,solo"},               // a list, sorted, no duplicates
		{"solo, checkout-b,,", "checkout-b,solo"},                     // tokens trimmed, empty ones dropped
		{"nothing-*", ""},                                             // an unmatched wildcard is fine by default
		{"solo,nothing-*", "solo"},                                    // also inside a list
		{"checkout,web,checkout-a", "checkout-a,checkout-b,search-a"}, // overlapping tokens
	} {
		for _, suffix := range []string{"", "/_stats"} {
			path := "/_ml/anomaly_detectors"
			if tc.expr != "" {
				path += "/" + tc.expr
			}
			r := do(t, es, "GET", path+suffix, "")
			if r.status != 200 || ids(r) != tc.want {
				t.Errorf("GET %s%s: got %q (%d), want %q", path, suffix, ids(r), r.status, tc.want)
			}
		}
	}

	for _, tc := range []struct{ expr, missing string }{
		{"nope", "nope"},                // an exact id: 404 even with allow_no_match=true
		{"solo,nope,gone", "nope,gone"}, // every unmatched exact token, in order
		{"solo,_all", "_all"},           // "_all" inside a list is an exact id
	} {
		for _, suffix := range []string{"", "/_stats"} {
			for _, allow := range []string{"", "?allow_no_match=true", "?allow_no_match=false"} {
				wantErr(t, do(t, es, "GET", "/_ml/anomaly_detectors/"+tc.expr+suffix+allow, ""), 404,
					"resource_not_found_exception", "No known job with id '"+tc.missing+"'")
			}
		}
	}
	for _, tc := range []struct{ expr, missing string }{
		{"nothing-*", "nothing-*"},
		{"solo,nothing-*,none", "nothing-*,none"},
	} {
		for _, suffix := range []string{"", "/_stats"} {
			wantErr(t, do(t, es, "GET", "/_ml/anomaly_detectors/"+tc.expr+suffix+"?allow_no_match=false", ""), 404,
				"resource_not_found_exception", "No known job with id '"+tc.missing+"'")
		}
	}

	// Everything, when there is nothing: empty by default, an error
	// reported as "*" with allow_no_match=false.
	for _, id := range []string{"checkout-a", "checkout-b", "search-a", "solo"} {
		s.DeleteJob(id)
	}
	for _, path := range []string{"/_ml/anomaly_detectors", "/_ml/anomaly_detectors/_all", "/_ml/anomaly_detectors/*", "/_ml/anomaly_detectors/_stats", "/_ml/anomaly_detectors/_all/_stats"} {
		if r := do(t, es, "GET", path, ""); r.status != 200 || ids(r) != "" {
			t.Errorf("GET %s with no jobs: %s", path, r.raw)
		}
		wantErr(t, do(t, es, "GET", path+"?allow_no_match=false", ""), 404, "resource_not_found_exception", "No known job with id '*'")
	}
}
