package emulator

import (
	"testing"
)

func TestGetDatafeedsAllAndByID(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	do(t, es, "PUT", "/_ml/anomaly_detectors/j2",
		`{"analysis_config":{"bucket_span":"1h","detectors":[{"function":"count"}]},"data_description":{"time_field":"timestamp"}}`)
	do(t, es, "PUT", "/_ml/datafeeds/feed-2", `{"job_id":"j2","indices":["src"]}`)

	for _, path := range []string{"/_ml/datafeeds", "/_ml/datafeeds/_all", "/_ml/datafeeds/*", "/_ml/datafeeds/df1,feed-2"} {
		r := do(t, es, "GET", path, "")
		feeds, _ := r.body["datafeeds"].([]any)
		if r.status != 200 || r.body["count"] != 2.0 || len(feeds) != 2 ||
			feeds[0].(map[string]any)["datafeed_id"] != "df1" || feeds[1].(map[string]any)["job_id"] != "j2" {
			t.Fatalf("GET %s: %s", path, r.raw)
		}
	}
	r := do(t, es, "GET", "/_ml/datafeeds/feed-*", "")
	if feeds := r.body["datafeeds"].([]any); len(feeds) != 1 || feeds[0].(map[string]any)["datafeed_id"] != "feed-2" {
		t.Fatalf("wildcard: %s", r.raw)
	}
	wantErr(t, do(t, es, "GET", "/_ml/datafeeds/df1,nope", ""), 404, "resource_not_found_exception", "No datafeed with id [nope] exists")
	if r := do(t, es, "GET", "/_ml/datafeeds/missing-*", ""); r.status != 200 || r.body["count"] != 0.0 {
		t.Fatalf("unmatched wildcard: %s", r.raw)
	}
	wantErr(t, do(t, es, "GET", "/_ml/datafeeds/missing-*?allow_no_match=false", ""), 404, "resource_not_found_exception",
		"No datafeed with id [missing-*] exists")
	r = do(t, es, "GET", "/_ml/datafeeds/_stats", "")
	if feeds, _ := r.body["datafeeds"].([]any); r.status != 200 || len(feeds) != 2 {
		t.Fatalf("all stats: %s", r.raw)
	}
}

func datafeedStats(t *testing.T, u, id string) map[string]any {
	t.Helper()
	es, _ := plainClients(t, u)
	r := do(t, es, "GET", "/_ml/datafeeds/"+id+"/_stats", "")
	if r.status != 200 {
		t.Fatalf("stats: %s", r.raw)
	}
	return r.body["datafeeds"].([]any)[0].(map[string]any)
}

func TestDatafeedStatsRunningState(t *testing.T) {
	for _, tc := range []struct {
		version        string
		running, inter bool
	}{{"7.13.4", false, false}, {"7.17.0", true, false}, {"8.1.0", true, true}} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			sourceWithJob(t, s, u)
			st := datafeedStats(t, u, "df1")
			_, hasRunning := st["running_state"]
			_, hasJobID := st["job_id"]
			ts, _ := st["timing_stats"].(map[string]any)
			if st["state"] != "stopped" || hasRunning || hasJobID || ts["job_id"] != "j1" || ts["search_count"] != 0.0 {
				t.Fatalf("stopped: %v", st)
			}
			release := s.HoldLookbacks()
			do(t, es, "POST", "/_ml/datafeeds/df1/_start", `{"start":"2024-01-01T00:00:00Z"}`)
			st = datafeedStats(t, u, "df1")
			rs, hasRunning := st["running_state"].(map[string]any)
			if hasRunning != tc.running {
				t.Fatalf("running_state present %v: %v", hasRunning, st)
			}
			if !tc.running {
				release()
				return
			}
			if _, has := rs["search_interval"]; has || rs["real_time_configured"] != true || rs["real_time_running"] != false {
				t.Fatalf("before the lookback: %v", rs)
			}
			release()
			eventually(t, s, "lookback done", func() bool { return mustJob(t, s, "j1").ProcessedRecords == 3 })
			st = datafeedStats(t, u, "df1")
			rs = st["running_state"].(map[string]any)
			si, hasInterval := rs["search_interval"].(map[string]any)
			if rs["real_time_running"] != true || hasInterval != tc.inter {
				t.Fatalf("in real time: %v", rs)
			}
			if hasInterval && si["start_ms"] != 1704067200000.0 {
				t.Fatalf("search_interval %v", si)
			}
			if ts := st["timing_stats"].(map[string]any); ts["search_count"] != 1.0 {
				t.Fatalf("timing_stats %v", ts)
			}
		})
	}
}

// After a reset the job's counts and timestamps are gone and its datafeed
// is stopped with its search count back at 0; starting again without
// start looks back over all the data.
func TestStatsAfterReset(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	do(t, es, "POST", "/_ml/datafeeds/df1/_start", "")
	eventually(t, s, "lookback done", func() bool { return mustJob(t, s, "j1").ProcessedRecords == 3 })
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""); r.status != 200 {
		t.Fatalf("reset: %s", r.raw)
	}
	js := do(t, es, "GET", "/_ml/anomaly_detectors/j1/_stats", "").body["jobs"].([]any)[0].(map[string]any)
	dc := js["data_counts"].(map[string]any)
	for _, k := range []string{"earliest_record_timestamp", "latest_record_timestamp", "last_data_time"} {
		if _, has := dc[k]; has {
			t.Errorf("%s still in %v", k, dc)
		}
	}
	if dc["processed_record_count"] != 0.0 || js["state"] != "closed" ||
		js["model_size_stats"].(map[string]any)["model_bytes"] != 0.0 {
		t.Fatalf("job stats after reset: %v", js)
	}
	cfg := do(t, es, "GET", "/_ml/anomaly_detectors/j1", "").body["jobs"].([]any)[0].(map[string]any)
	for _, k := range []string{"model_snapshot_id", "finished_time", "blocked"} {
		if _, has := cfg[k]; has {
			t.Errorf("%s still in the job config", k)
		}
	}
	ds := datafeedStats(t, u, "df1")
	if ds["state"] != "stopped" || ds["timing_stats"].(map[string]any)["search_count"] != 0.0 {
		t.Fatalf("datafeed stats after reset: %v", ds)
	}

	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", "")
	do(t, es, "POST", "/_ml/datafeeds/df1/_start", "")
	eventually(t, s, "lookback over all data again", func() bool { return mustJob(t, s, "j1").ProcessedRecords == 3 })
}
