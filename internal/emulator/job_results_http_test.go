package emulator

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// The buckets API serves the job's final bucket results, oldest first, a
// page at a time, within start and end, with count the total.
func TestGetBucketsServesTheJobsResults(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	steppedJob(t, s, "web", 3)
	all := s.ResultBuckets("web")
	if len(all) < 4 {
		t.Fatalf("want a job with results, got %v", all)
	}
	times := func(r response) []time.Time {
		t.Helper()
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		list, _ := r.body["buckets"].([]any)
		var out []time.Time
		for _, b := range list {
			m := b.(map[string]any)
			if m["job_id"] != "web" || m["result_type"] != "bucket" || m["is_interim"] != false {
				t.Fatalf("bucket %v", m)
			}
			out = append(out, time.UnixMilli(int64(m["timestamp"].(float64))).UTC())
		}
		if n := int(r.body["count"].(float64)); n < len(out) {
			t.Fatalf("count %d below the %d buckets answered", n, len(out))
		}
		return out
	}
	if got := times(do(t, es, "GET", "/_ml/anomaly_detectors/web/results/buckets?exclude_interim=true&sort=timestamp&size=10000", "")); !slices.Equal(got, all) {
		t.Fatalf("buckets %v, want %v", got, all)
	}
	r := do(t, es, "GET", "/_ml/anomaly_detectors/web/results/buckets?from=1&size=2&desc=true", "")
	want := slices.Clone(all)
	slices.Reverse(want)
	if got := times(r); !slices.Equal(got, want[1:3]) || int(r.body["count"].(float64)) != len(all) {
		t.Fatalf("page %v (count %v), want %v of %d", got, r.body["count"], want[1:3], len(all))
	}
	window := "/_ml/anomaly_detectors/web/results/buckets?start=" + all[1].Format(time.RFC3339) + "&end=" + all[3].Format(time.RFC3339)
	if got := times(do(t, es, "POST", window, "")); !slices.Equal(got, all[1:3]) {
		t.Fatalf("start..end %v, want %v", got, all[1:3])
	}
	wantErr(t, do(t, es, "GET", "/_ml/anomaly_detectors/nope/results/buckets", ""), 404, "resource_not_found_exception", "No known job with id 'nope'")
}
